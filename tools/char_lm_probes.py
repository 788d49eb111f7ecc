"""Short probes behind chapter 07's training choices (results: tools/char_lm_probes.md).

    python tools/char_lm_probes.py speed                 # training throughput, side by side
    python tools/char_lm_probes.py train NAME --units 512 --emb 256 --lr 8e-3 --steps 500

``speed`` builds one model per configuration and times training steps on random batches in
rounds (every configuration once per round), so that a change of load on a shared machine
affects all of them alike; it prints seconds per step, characters per second and the ratio to
the first configuration. ``train`` trains the chapter's model on the chapter's data for a
fixed number of steps, with a cosine learning-rate schedule over those steps (or a constant
rate), and prints the validation cross-entropy on the chapter's validation chunks every
``--every`` steps. Steps, not seconds, make probes comparable under load: speed ratios from
``speed`` turn steps into time. Both print the 1-minute load average next to their figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def _load() -> str:
    return open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "?"


def _model(units, emb, vocab=80):
    import keras
    from keras import layers
    return keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(vocab, emb),
                             layers.LSTM(units, return_sequences=True), layers.Dense(vocab)])


def speed(rounds: int, steps: int) -> None:
    import keras
    import numpy as np

    rng = np.random.default_rng(0)
    runs = {}
    for name, (units, emb, batch, seq, xla) in SPEED_CONFIGS.items():
        keras.utils.set_random_seed(0)
        model = _model(units, emb)
        model.compile(optimizer=keras.optimizers.Adam(1e-3, global_clipnorm=1.0),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      jit_compile=xla)
        x = rng.integers(0, 80, (batch, seq)).astype("int32")
        y = rng.integers(0, 80, (batch, seq)).astype("int32")
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
    base = None
    for name, (_, _, _, chars, times) in runs.items():
        per_step = float(np.median(times))
        rate = chars / per_step
        base = base or rate
        print(f"{name:<46} {per_step:6.3f} s/step {rate:8.0f} chars/s  ratio {rate / base:4.2f}")
    print("1-minute load average at the start of each round:", ", ".join(loads))


def train(args) -> None:
    import keras
    import numpy as np
    import tensorflow as tf

    from utils.datasets import load_mysterious_island

    text = load_mysterious_island()
    chars = sorted(set(text))
    char_to_id = {ch: i for i, ch in enumerate(chars)}
    encoded = np.array([char_to_id[ch] for ch in text], dtype=np.int32)
    split = int(0.9 * len(encoded))

    def dataset(ids, shuffle, seq, batch):
        ds = tf.data.Dataset.from_tensor_slices(ids).batch(seq + 1, drop_remainder=True)
        ds = ds.map(lambda chunk: (chunk[:-1], chunk[1:]))
        if shuffle:
            ds = ds.shuffle(10_000, seed=42).repeat()
        return ds.batch(batch, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

    val = dataset(encoded[split:], False, 100, 64)          # the chapter's validation chunks
    batches = iter(dataset(encoded[:split], True, args.seq, args.batch))
    keras.utils.set_random_seed(args.seed)
    model = _model(args.units, args.emb, len(chars))
    if args.schedule == "cosine":
        warm = max(1, int(0.02 * args.steps))
        rate = keras.optimizers.schedules.CosineDecay(0.0, args.steps - warm, warmup_target=args.lr,
                                                      warmup_steps=warm)
    else:
        rate = args.lr
    clip = {"global": {"global_clipnorm": 1.0}, "each": {"clipnorm": 1.0}, "none": {}}[args.clip]
    model.compile(optimizer=keras.optimizers.Adam(rate, beta_2=args.beta2, **clip),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  jit_compile=args.xla)
    log, seconds = [], 0.0
    for step in range(1, args.steps + 1):
        x, y = next(batches)
        start = time.perf_counter()
        loss = float(model.train_on_batch(x, y))
        seconds += time.perf_counter() - start
        if step % args.every == 0 or step == args.steps:
            val_loss = float(model.evaluate(val, verbose=0))
            log.append({"step": step, "train_seconds": round(seconds, 1), "loss": round(loss, 4),
                        "val_loss": round(val_loss, 4), "load": _load()})
            print(f"{args.name} step {step:>5}  train {seconds:6.0f} s  loss {loss:.4f}  "
                  f"val {val_loss:.4f}  load {_load()}", flush=True)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(json.dumps({"name": args.name, "config": vars(args), "log": log}) + "\n")


def main(argv=None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("speed", help="training throughput of several configurations")
    s.add_argument("--rounds", type=int, default=3)
    s.add_argument("--steps", type=int, default=4, help="timed steps per configuration and round")
    t = sub.add_parser("train", help="a short training run; validation loss every --every steps")
    t.add_argument("name")
    t.add_argument("--units", type=int, default=512)
    t.add_argument("--emb", type=int, default=256)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--seq", type=int, default=100)
    t.add_argument("--lr", type=float, default=8e-3, help="peak learning rate")
    t.add_argument("--schedule", choices=["cosine", "constant"], default="cosine")
    t.add_argument("--steps", type=int, default=500)
    t.add_argument("--every", type=int, default=100)
    t.add_argument("--clip", choices=["global", "each", "none"], default="global",
                   help="global_clipnorm=1.0, clipnorm=1.0 or no clipping")
    t.add_argument("--beta2", type=float, default=0.999)
    t.add_argument("--xla", action="store_true", help="jit_compile=True")
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--out", help="append the log to this JSON-lines file")
    args = parser.parse_args(argv)
    if args.command == "speed":
        speed(args.rounds, args.steps)
    else:
        train(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
