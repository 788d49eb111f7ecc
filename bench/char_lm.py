"""Chapter 07's probes: short runs behind its training choices (record: bench/char_lm_probes.md).

    python -m bench char-lm speed                    # training throughput, side by side
    python -m bench char-lm train NAME --units 512 --emb 256 --lr 8e-3 --steps 500

``speed`` builds one model per configuration and times training steps on random batches in
rounds (every configuration once per round), so that a change of load on a shared machine
affects all of them alike; it prints seconds per step, characters per second and the ratio to
the first configuration. ``train`` trains the chapter's model on the chapter's data for a
fixed number of steps, with a cosine learning-rate schedule over those steps (or a constant
rate), and prints the validation cross-entropy on the chapter's validation chunks every
``--every`` steps. Steps, not seconds, make probes comparable under load: speed ratios from
``speed`` turn steps into time. Both print the 1-minute load average next to their figures.

``--schedule clock --seconds S`` is the recipe chapter 07 used before its book pass: the
learning rate rises from 0 to its peak over the first 2% of a budget of S seconds of training
and falls along a cosine to 0 at its end, read from the clock before every step; training
stops when the time is up (``--steps`` is then only an upper bound). The chapter now trains
for a fixed number of epochs with Keras' ``CosineDecay`` (the same shape over steps), so that
a run repeats whatever the machine's load; the clock-driven schedule stays here for probes.

The model, the encoding and the data pipeline are the chapter's recipes
(``recipes.char_language_model``: ``build_char_lstm``, ``encode``, ``make_dataset``); this
module only chooses their arguments, the optimizer and the number of steps. Each run is saved
with :func:`bench.store.update` under the key ``char_lm_probes`` (a list of rows; a new run
replaces the row with the same probe, name and mode). Fast mode (``RNNBOOK_FAST=1``) checks
the code path in seconds: ``train`` takes at most 3 steps on the first 20,000 training
characters and validates on 2 batches; ``speed`` times two configurations once.
"""

from __future__ import annotations

import datetime
import math
import os
import time

import utils
from recipes.char_language_model import build_char_lstm, encode, make_dataset
from utils.datasets import load_mysterious_island

KEY = "char_lm_probes"
#: The chapter's split: the first 90% of the text trains, the last 10% validates.
TRAIN_SHARE = 0.9
#: The chapter's validation chunks: 100 characters, in batches of 64.
VAL_SEQ_LENGTH, VAL_BATCH_SIZE = 100, 64
#: Random ids for ``speed`` range over the chapter's 80 characters.
VOCAB_SIZE = 80

SPEED_CONFIGS = {
    # name: units, embedding size, batch size, sequence length, XLA
    "LSTM(512), emb 256, batch 64, 100 chars, XLA": (512, 256, 64, 100, True),
    "LSTM(512), emb 256, batch 64, 100 chars": (512, 256, 64, 100, False),
    "LSTM(384), emb 256, batch 64, 100 chars": (384, 256, 64, 100, False),
    "LSTM(256), emb 256, batch 64, 100 chars": (256, 256, 64, 100, False),
    "LSTM(512), emb 64, batch 64, 100 chars": (512, 64, 64, 100, False),
    "LSTM(512), emb 256, batch 32, 100 chars": (512, 256, 32, 100, False),
    "LSTM(512), emb 256, batch 128, 100 chars": (512, 256, 128, 100, False),
    "LSTM(512), emb 256, batch 32, 200 chars": (512, 256, 32, 200, False),
}
FAST_SPEED_CONFIGS = ("LSTM(256), emb 256, batch 64, 100 chars", "LSTM(512), emb 64, batch 64, 100 chars")
FAST_TRAIN_CHARS, FAST_VAL_BATCHES, FAST_STEPS = 20_000, 2, 3


def _load() -> str:
    """The 1-minute load average ("?" where /proc/loadavg does not exist)."""
    return open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "?"


def _loss():
    import keras
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def chapter_data():
    """(vocabulary size, training ids, validation ids): the chapter's text, encoding and split."""
    text = load_mysterious_island()
    chars = sorted(set(text))
    _, encoded = encode(text, chars)
    split = int(TRAIN_SHARE * len(encoded))
    return len(chars), encoded[:split], encoded[split:]


def validation_dataset(val_ids):
    """The chapter's validation chunks (in fast mode only the first few batches)."""
    val = make_dataset(val_ids, False, VAL_SEQ_LENGTH, VAL_BATCH_SIZE)
    return val.take(FAST_VAL_BATCHES) if utils.is_fast() else val


def save(row: dict, path=None) -> None:
    """Keep ``row`` under ``char_lm_probes``, replacing the row of the same probe, name and mode."""
    from bench import store

    def change(data):
        rows = data.setdefault(KEY, [])
        same = [i for i, r in enumerate(rows)
                if (r.get("probe"), r.get("name"), r.get("mode")) == (row["probe"], row["name"], row["mode"])]
        if same:
            rows[same[0]] = row
        else:
            rows.append(row)

    store.update(change, path)


def _row(probe: str, name: str, **fields) -> dict:
    return {"probe": probe, "name": name, "mode": utils.by_mode(full="full", fast="fast"),
            "date": datetime.date.today().isoformat(), **fields}


def speed(rounds: int, steps: int, names=None) -> dict:
    """Time training steps of each configuration in rounds; returns the row it prints."""
    import keras
    import numpy as np

    names = list(names or SPEED_CONFIGS)
    rng = np.random.default_rng(0)
    runs = {}
    for name in names:
        units, emb, batch, seq, xla = SPEED_CONFIGS[name]
        keras.utils.set_random_seed(0)
        model = build_char_lstm(VOCAB_SIZE, units, embedding_dim=emb)
        model.compile(optimizer=keras.optimizers.Adam(1e-3, global_clipnorm=1.0), loss=_loss(),
                      jit_compile=xla)
        x = rng.integers(0, VOCAB_SIZE, (batch, seq)).astype("int32")
        y = rng.integers(0, VOCAB_SIZE, (batch, seq)).astype("int32")
        for _ in range(2):                       # compile and warm up
            model.train_on_batch(x, y)
        runs[name] = (model, x, y, batch * seq, [])
    loads = []
    for _ in range(rounds):
        loads.append(_load())
        for model, x, y, _, times in runs.values():
            start = time.perf_counter()
            for _ in range(steps):
                model.train_on_batch(x, y)
            times.append((time.perf_counter() - start) / steps)
    configs, base = {}, None
    for name, (_, _, _, chars, times) in runs.items():
        per_step = float(np.median(times))
        rate = chars / per_step
        base = base or rate
        configs[name] = {"seconds_per_step": round(per_step, 4), "chars_per_second": round(rate),
                         "ratio": round(rate / base, 3)}
        print(f"{name:<46} {per_step:6.3f} s/step {rate:8.0f} chars/s  ratio {rate / base:4.2f}")
    print("1-minute load average at the start of each round:", ", ".join(loads))
    return _row("speed", "speed", rounds=rounds, steps=steps, loads=loads, configs=configs)


def train(args) -> dict:
    """A short training run of the chapter's model on the chapter's data; returns its row."""
    import keras

    vocab_size, train_ids, val_ids = chapter_data()
    steps, every = args.steps, args.every
    if utils.is_fast():
        train_ids = train_ids[:FAST_TRAIN_CHARS]
        steps = min(steps, FAST_STEPS)
        every = min(every, steps)
    val = validation_dataset(val_ids)
    batches = iter(make_dataset(train_ids, True, args.seq, args.batch).repeat())
    keras.utils.set_random_seed(args.seed)
    model = build_char_lstm(vocab_size, args.units, embedding_dim=args.emb)
    if args.schedule == "cosine":
        warm = max(1, int(0.02 * steps))
        rate = keras.optimizers.schedules.CosineDecay(0.0, max(steps - warm, 1), warmup_target=args.lr,
                                                      warmup_steps=warm)
    elif args.schedule == "clock":
        if not args.seconds:
            raise SystemExit("--schedule clock needs --seconds (the training budget)")
        rate = 0.0                              # set from the clock before every step
    else:
        rate = args.lr
    clip = {"global": {"global_clipnorm": 1.0}, "each": {"clipnorm": 1.0}, "none": {}}[args.clip]
    model.compile(optimizer=keras.optimizers.Adam(rate, beta_2=args.beta2, **clip), loss=_loss(),
                  jit_compile=args.xla)
    log, seconds = [], 0.0
    for step in range(1, steps + 1):
        x, y = next(batches)
        if args.schedule == "clock":
            model.optimizer.learning_rate = clock_rate(args.lr, seconds / args.seconds)
        start = time.perf_counter()
        loss = float(model.train_on_batch(x, y))
        seconds += time.perf_counter() - start
        out_of_time = args.schedule == "clock" and seconds >= args.seconds
        if step % every == 0 or step == steps or out_of_time:
            val_loss = float(model.evaluate(val, verbose=0))
            log.append({"step": step, "train_seconds": round(seconds, 1), "loss": round(loss, 4),
                        "val_loss": round(val_loss, 4), "load": _load()})
            print(f"{args.name} step {step:>5}  train {seconds:6.0f} s  loss {loss:.4f}  "
                  f"val {val_loss:.4f}  load {_load()}", flush=True)
        if out_of_time:
            break
    config = {k: getattr(args, k) for k in ("units", "emb", "batch", "seq", "lr", "schedule", "clip",
                                            "beta2", "xla", "seed", "seconds")}
    return _row("train", args.name, config=dict(config, steps=log[-1]["step"], every=every),
                params=model.count_params(), val_loss=log[-1]["val_loss"], log=log)


def clock_rate(peak: float, fraction: float, warmup: float = 0.02) -> float:
    """The clock-driven schedule at ``fraction`` of the time budget: a linear warm-up over the
    first ``warmup`` of the budget, times a cosine from 1 down to 0 at the end of the budget."""
    f = min(max(fraction, 0.0), 1.0)
    return peak * min(1.0, f / warmup) * 0.5 * (1 + math.cos(math.pi * f))


def add_arguments(parser) -> None:
    probes = parser.add_subparsers(dest="probe", required=True, metavar="probe")
    s = probes.add_parser("speed", help="training throughput of several configurations")
    s.add_argument("--rounds", type=int, default=3)
    s.add_argument("--steps", type=int, default=4, help="timed steps per configuration and round")
    t = probes.add_parser("train", help="a short training run; validation loss every --every steps")
    t.add_argument("name", help="the run's name (its row in the results)")
    t.add_argument("--units", type=int, default=512, help="LSTM units (the chapter's: 512)")
    t.add_argument("--emb", type=int, default=256, help="embedding size (the chapter's: 256)")
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--seq", type=int, default=100, help="characters per training chunk")
    t.add_argument("--lr", type=float, default=8e-3, help="peak learning rate")
    t.add_argument("--schedule", choices=["cosine", "constant", "clock"], default="cosine",
                   help="cosine over --steps (CosineDecay with 2%% warm-up), a constant rate, or "
                        "cosine over --seconds of training read from the clock")
    t.add_argument("--seconds", type=float, default=None,
                   help="training budget in seconds for --schedule clock")
    t.add_argument("--steps", type=int, default=500, help="training steps (with clock: at most)")
    t.add_argument("--every", type=int, default=100)
    t.add_argument("--clip", choices=["global", "each", "none"], default="global",
                   help="global_clipnorm=1.0, clipnorm=1.0 or no clipping")
    t.add_argument("--beta2", type=float, default=0.999)
    t.add_argument("--xla", action="store_true", help="jit_compile=True")
    t.add_argument("--seed", type=int, default=1)
    for p in (s, t):
        p.add_argument("--no-save", action="store_true",
                       help=f"print only; do not keep the run in bench/results.json ({KEY})")


def run(args) -> None:
    if args.probe == "speed":
        if utils.is_fast():
            row = speed(1, 1, FAST_SPEED_CONFIGS)
        else:
            row = speed(args.rounds, args.steps)
    else:
        row = train(args)
    if not args.no_save:
        save(row)
