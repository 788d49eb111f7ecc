"""Chapter 11's subword BiGRU on the Korean reviews over several seeds, and its test accuracy.

    python -m bench korean --seeds 3          # about a quarter of an hour on a 2-core CPU

The goal this study measures: a recurrent model trained from scratch reaches at least 0.88 test
accuracy on the Naver Sentiment Movie Corpus (NSMC) within 20 minutes of training on a 2-core
CPU, above a logistic regression on character n-grams. Everything is the chapter's, imported from
``recipes.korean_reviews``: SentencePiece pieces learned from the training reviews
(``train_sentencepiece``, ``SUBWORD_VOCAB`` pieces, ``SUBWORD_LENGTH`` per review), the model
(``review_classifier``), its training (``train_classifier`` for at most ``MAX_EPOCHS`` epochs) and
the baseline (``char_ngram_classifier``). The reviews are the chapter's too: the empty ones left
out, 10 % of the training file held out for validation with ``random_state=42``. Unlike the
chapter, which compares three tokenisations on exactly the same reviews and therefore also
leaves out the few that are only punctuation, the study keeps every non-empty review: the
subword encoding leaves none of them all padding.

Each model meets the test set once, after training. Saved under ``seeds_korean``:
``{"reviews": {split: count}, "pieces": {"vocabulary", "seconds"}, "baseline": row,
"runs": [row per seed], "test_mean", "test_stdev", "val_mean", "val_stdev"}``; a run's row holds
its ``seed``, ``val_accuracy`` (best epoch), ``test_accuracy``, ``best_epoch``, ``epochs_run``
and ``seconds`` (training only; SentencePiece's learning time is in ``pieces``).

Fast mode (``RNNBOOK_FAST=1``: 3,000 training, 1,000 validation and 1,000 test reviews, 2,000
pieces, one epoch) tries the code; its numbers are never written into the committed results
file.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from bench import store

#: The key of ``bench/results.json`` this study writes.
KEY = "seeds_korean"


def add_arguments(parser) -> None:
    parser.add_argument("--seeds", type=int, default=3,
                        help="train the subword BiGRU with seeds 1 … N (default 3)")


def prepare() -> dict:
    """The chapter's reviews (empty ones left out, its validation split), in fast mode a slice."""
    import numpy as np
    from sklearn.model_selection import train_test_split

    import utils
    from utils.datasets import load_nsmc

    (texts, labels), (test_texts, test_labels) = load_nsmc()
    keep, keep_test = texts != "", test_texts != ""
    train_texts, val_texts, train_labels, val_labels = train_test_split(
        texts[keep], labels[keep], test_size=0.1, random_state=42)
    sets = {"training": utils.subset(train_texts, train_labels, fast=3_000),
            "validation": utils.subset(val_texts, val_labels, fast=1_000),
            "test": utils.subset(test_texts[keep_test], test_labels[keep_test], fast=1_000)}
    return {name: (np.asarray(x), np.asarray(y)) for name, (x, y) in sets.items()}


def learn_pieces(texts) -> tuple:
    """SentencePiece learned from the training reviews as the chapter learns it; (processor, s)."""
    import utils
    from recipes import korean_reviews as kr

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        sp = kr.train_sentencepiece(texts, utils.by_mode(full=kr.SUBWORD_VOCAB, fast=2_000), folder)
    return sp, round(time.perf_counter() - start, 1)


def encode(sp, sets: dict) -> dict:
    """Every set as padded piece ids; fails if a review would be nothing but padding."""
    from recipes import korean_reviews as kr

    encoded = {}
    for name, (x, y) in sets.items():
        ids = kr.encode_pieces(sp, x, kr.SUBWORD_LENGTH)
        empty = int((ids == 0).all(axis=1).sum())
        if empty:
            raise ValueError(f"{empty} {name} reviews encode to nothing but padding; the masked "
                             "mean of such a row is 0/0 (chapter 11, section 1): leave them out")
        encoded[name] = (ids, y)
    return encoded


def seed_run(sp, encoded: dict, seed: int) -> dict:
    """The chapter's subword BiGRU trained with ``seed``, then scored once on the test set."""
    import keras
    import numpy as np

    import utils
    from recipes import korean_reviews as kr

    (x, y), (x_val, y_val), (x_test, y_test) = (encoded[s] for s in ("training", "validation", "test"))
    keras.utils.set_random_seed(seed)
    model = kr.review_classifier(sp.get_piece_size(), kr.SUBWORD_LENGTH)
    start = time.perf_counter()
    history = kr.train_classifier(model, x, y, x_val, y_val, epochs=utils.epochs(kr.MAX_EPOCHS, fast=1))
    seconds = round(time.perf_counter() - start, 1)
    best = int(np.argmin(history.history["val_loss"]))
    test = model.evaluate(x_test, y_test, batch_size=256, verbose=0)[1]
    return {"seed": seed, "val_accuracy": round(float(history.history["val_accuracy"][best]), 4),
            "test_accuracy": round(float(test), 4), "best_epoch": best + 1,
            "epochs_run": len(history.history["loss"]), "seconds": seconds}


def baseline(sets: dict) -> dict:
    """The chapter's character n-gram logistic regression, fitted once and scored once."""
    from recipes import korean_reviews as kr

    (x, y), (x_val, y_val), (x_test, y_test) = (sets[s] for s in ("training", "validation", "test"))
    start = time.perf_counter()
    model = kr.char_ngram_classifier().fit(x, y)
    seconds = round(time.perf_counter() - start, 1)
    return {"val_accuracy": round(float(model.score(x_val, y_val)), 4),
            "test_accuracy": round(float(model.score(x_test, y_test)), 4), "seconds": seconds}


def summary(runs: list[dict]) -> dict:
    """Mean and sample standard deviation of the runs' validation and test accuracy."""
    out = {}
    for key in ("val", "test"):
        values = [r[f"{key}_accuracy"] for r in runs]
        out[f"{key}_mean"] = round(statistics.mean(values), 4)
        out[f"{key}_stdev"] = round(statistics.stdev(values), 4) if len(values) > 1 else 0.0
    return out


def study(seeds: int) -> dict:
    """The whole study, as saved under :data:`KEY`."""
    sets = prepare()
    sp, seconds = learn_pieces(sets["training"][0])
    encoded = encode(sp, sets)
    result = {"reviews": {name: len(y) for name, (_, y) in sets.items()},
              "pieces": {"vocabulary": sp.get_piece_size(), "seconds": seconds},
              "baseline": baseline(sets), "runs": []}
    print(f"  character 1-3-gram logistic regression: test {result['baseline']['test_accuracy']:.4f}",
          flush=True)
    for seed in range(1, seeds + 1):
        run = seed_run(sp, encoded, seed)
        print(f"  subword BiGRU, seed {seed}: validation {run['val_accuracy']:.4f}, test "
              f"{run['test_accuracy']:.4f} after {run['epochs_run']} epochs, {run['seconds']:.0f} s",
              flush=True)
        result["runs"].append(run)
    result.update(summary(result["runs"]))
    return result


def run(args) -> None:
    import utils

    if args.seeds < 1:
        raise SystemExit("--seeds must be 1 or more")
    fast = utils.is_fast()
    print(f"chapter 11's subword BiGRU: {args.seeds} seed(s), {'fast' if fast else 'full'} mode",
          flush=True)
    result = study(args.seeds)
    store.save_study(KEY, result, fast)
