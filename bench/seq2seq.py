"""Chapter 12's date translators, without and with attention, over several seeds.

    python -m bench seq2seq --seeds 3          # about half an hour on a 2-core CPU

The goals this study measures: with attention, the GRU encoder-decoder translates at least 99 %
of the test dates of the training lengths exactly right; and the curve of exact match against
input length, for both models, with its spread over seeds — also on the held-out test set of
inputs longer than any seen in training. Everything is the chapter's, imported from
``recipes.sequence_to_sequence``: the dates (``random_dates`` with the chapter's seed 2026,
``korean_date``, ``english_date``), the split (``split_by_length``), the model (``translator``),
its training (``train_translator`` for at most ``MAX_EPOCHS`` epochs) and greedy decoding
(``inference_models``, ``greedy_decode``). Only the seed of the weights changes from run to run;
the data are the same in every run.

Saved under ``seeds_seq2seq``: ``{"pairs": {split: count}, "runs": [row per seed and model],
"models": {name: {"test_mean", "test_stdev", "long_mean", "long_stdev",
"by_length": {length: [mean, stdev, sentences]}}}}``; a run's row holds its ``model``,
``seed``, ``test_exact``, ``long_exact``, ``by_length`` ({length: exact match}), ``best_epoch``
(the epoch early stopping restored: the last that beat the best validation loss by more than
``MIN_DELTA``), ``epochs_run`` and ``seconds`` (training only).

Fast mode (``RNNBOOK_FAST=1``: the chapter's fast-mode sizes, two epochs) tries the code; its
numbers are never written into the committed results file.
"""

from __future__ import annotations

import statistics
import time

from bench import store

#: The key of ``bench/results.json`` this study writes.
KEY = "seeds_seq2seq"
MODELS = {"without attention": False, "with attention": True}


def add_arguments(parser) -> None:
    parser.add_argument("--seeds", type=int, default=3,
                        help="train both models with seeds 1 … N (default 3)")


def prepare() -> dict:
    """The chapter's sentences and its four sets, as index arrays into them."""
    import numpy as np

    import utils
    from recipes import sequence_to_sequence as s2s

    dates = s2s.random_dates(utils.by_mode(full=60_000, fast=6_000), seed=2026)
    sources = np.array([s2s.korean_date(d) for d in dates])
    targets = np.array([s2s.english_date(d) for d in dates])
    sets = dict(zip(("training", "validation", "test", "longer test"), s2s.split_by_length(
        sources, n_train=utils.by_mode(full=40_000, fast=3_000),
        n_val=utils.by_mode(full=4_000, fast=500), n_test=utils.by_mode(full=4_000, fast=500))))
    return {"sources": sources, "targets": targets, "sets": sets}


def by_length(lengths, right) -> dict[str, float]:
    """Exact match per input length: {"8": share right, …} (keys as text, for JSON)."""
    import numpy as np

    return {str(int(n)): round(float(right[lengths == n].mean()), 4) for n in np.unique(lengths)}


def seed_run(data: dict, attention: bool, seed: int) -> dict:
    """One model trained with ``seed`` as the chapter trains it, then scored once by exact match."""
    import keras
    import numpy as np

    import utils
    from recipes import sequence_to_sequence as s2s
    from utils.training import best_epoch

    sources, targets, sets = data["sources"], data["targets"], data["sets"]
    x, x_val = (s2s.encode_sources(sources[sets[s]]) for s in ("training", "validation"))
    (y_in, y_out), (y_val_in, y_val_out) = (s2s.encode_targets(targets[sets[s]])
                                            for s in ("training", "validation"))
    keras.utils.set_random_seed(seed)
    model = s2s.translator(attention=attention)
    start = time.perf_counter()
    history = s2s.train_translator(model, x, y_in, y_out, x_val, y_val_in, y_val_out,
                                   epochs=utils.epochs(s2s.MAX_EPOCHS, fast=2), log_every=10)
    seconds = round(time.perf_counter() - start, 1)
    encoder, step = s2s.inference_models(model)
    scored = {}
    for name in ("test", "longer test"):
        out, _ = s2s.greedy_decode(encoder, step, sources[sets[name]])
        scored[name] = np.array(out) == targets[sets[name]]
    everything = np.concatenate([sets["test"], sets["longer test"]])
    right = np.concatenate([scored["test"], scored["longer test"]])
    lengths = np.char.str_len(sources[everything])
    return {"model": "with attention" if attention else "without attention", "seed": seed,
            "test_exact": round(float(scored["test"].mean()), 4),
            "long_exact": round(float(scored["longer test"].mean()), 4),
            "by_length": by_length(lengths, right),
            "best_epoch": best_epoch(history, "val_loss", min_delta=s2s.MIN_DELTA),
            "epochs_run": len(history.history["loss"]), "seconds": seconds}


def _mean_sd(values) -> list[float]:
    values = list(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return [round(statistics.mean(values), 4), round(sd, 4)]


def summary(runs: list[dict], counts: dict[str, int]) -> dict:
    """Per model: mean and sample standard deviation over seeds, overall and per length."""
    out = {}
    for name in MODELS:
        mine = [r for r in runs if r["model"] == name]
        if not mine:
            continue
        test, long_ = _mean_sd(r["test_exact"] for r in mine), _mean_sd(r["long_exact"] for r in mine)
        lengths = sorted(mine[0]["by_length"], key=int)
        out[name] = {"test_mean": test[0], "test_stdev": test[1],
                     "long_mean": long_[0], "long_stdev": long_[1],
                     "by_length": {n: _mean_sd(r["by_length"][n] for r in mine) + [counts[n]]
                                   for n in lengths}}
    return out


def study(seeds: int) -> dict:
    """The whole study, as saved under :data:`KEY`."""
    import numpy as np

    data = prepare()
    sets = data["sets"]
    everything = np.concatenate([sets["test"], sets["longer test"]])
    lengths = np.char.str_len(data["sources"][everything])
    counts = {str(int(n)): int((lengths == n).sum()) for n in np.unique(lengths)}
    result = {"pairs": {name: len(ix) for name, ix in sets.items()}, "runs": []}
    for seed in range(1, seeds + 1):
        for name, attention in MODELS.items():
            run = seed_run(data, attention, seed)
            print(f"  {name}, seed {seed}: test {run['test_exact']:.4f}, longer test "
                  f"{run['long_exact']:.4f} after {run['epochs_run']} epochs, {run['seconds']:.0f} s",
                  flush=True)
            result["runs"].append(run)
    result["models"] = summary(result["runs"], counts)
    return result


def run(args) -> None:
    import utils

    if args.seeds < 1:
        raise SystemExit("--seeds must be 1 or more")
    fast = utils.is_fast()
    print(f"chapter 12's date translators: {args.seeds} seed(s), {'fast' if fast else 'full'} mode",
          flush=True)
    result = study(args.seeds)
    store.save_study(KEY, result, fast)
