"""Chapter 09's steps over several seeds: how much of a step's gain is the change, how much luck.

    python -m bench beyond --seeds 2                       # every step, seeds 1 and 2
    python -m bench beyond --seeds 3, --steps 0 1           # seed 3 only, steps 0 and 1
    python -m bench beyond --seeds 3 --steps 15 --reviews 10000   # a point of the learning curve

Each step's model, its data pipeline and the training recipe are the chapter's, imported from
``recipes.beyond_the_book``; :data:`STEPS` only says which of the chapter's builders each step
calls, with which arguments, which data it trains on and with which recipe (optimizer, batch
size, patience) — as the chapter's cells do. A run
trains one step with one seed (``keras.utils.set_random_seed(seed)`` before the model is
built) and is saved as soon as it ends, with :func:`bench.store.update`, under

* ``seeds_ch09`` — ``{stored: {"runs": [row per seed], "change": ..., "params": ...}}`` (``stored``
  is the step's key, :attr:`Step.stored`, which survives a renumbering of the steps), each row
  the summary of the run's history (``utils.results.summarize``) with its ``seed`` and
  ``seconds``; or
* ``seeds_ch09_<N>_reviews`` with ``--reviews N`` (trained on the first N of the 20,000
  training reviews; validated on the same 5,000 reviews).

A run of a step and seed already saved is not repeated (delete its row to train it again).
The whole study takes hours on a 2-core CPU. Fast mode (``RNNBOOK_FAST=1``: 1,000 training and
500 validation reviews, one epoch) checks the code path in a minute or so; it writes nothing to
the committed ``bench/results.json`` (its runs are full-mode runs), only to another results file
(``bench.store.RESULTS`` pointed elsewhere, as the tests do).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import NamedTuple

from bench import store

KEY = "seeds_ch09"


class Step(NamedTuple):
    """One step of the chapter: what it changes (the label the chapter records), the builder
    it calls (from ``recipes.beyond_the_book``) and its arguments, the data it trains on, the
    training recipe (``compile_and_fit``'s arguments), and ``stored``, the key of its runs
    under ``seeds_ch09``."""
    change: str
    builder: str
    arguments: dict
    stored: str
    max_tokens: int = 20_000
    length: int = 400
    buckets: bool = False
    xla: bool = True
    #: steps 0-7 train on arrays cut and padded by ``pad_sequences``: (padding, truncating);
    #: None: the tf.data pipeline of ``make_datasets``
    arrays: tuple | None = None
    optimizer: str = "adam"
    batch_size: int = 128
    patience: int = 1


_GRU8 = {"max_tokens": 20_000, "length": 400}
#: Chapter 09's steps, as its cells build and train them. The runs saved before the chapter
#: began at chapter 6's recipe (its steps 0-12 then are today's 4-7 and 8-15, two dropped) keep
#: their keys: a step whose recipe is unchanged points to them with ``stored`` ("3" … "10");
#: steps that are new or changed have keys of their own and no runs yet.
STEPS = {
    0: Step("chapter 6's GRU(8) and training recipe", "gru_model", {}, "ch06-recipe", 500, 100,
            arrays=("pre", "pre"), optimizer="rmsprop", batch_size=64, patience=3),
    1: Step("RMSprop(1e-4) → Adam(2e-3)", "gru_model", {}, "adam", 500, 100,
            arrays=("pre", "pre"), batch_size=64, patience=3),
    2: Step("batches of 64 → 128", "gru_model", {}, "batch-128", 500, 100,
            arrays=("pre", "pre"), patience=3),
    3: Step("patience 3 → 1", "gru_model", {}, "patience-1", 500, 100, arrays=("pre", "pre")),
    4: Step("last 100 tokens → first 100", "gru_model", {}, "first-100", 500, 100,
            arrays=("pre", "post")),
    5: Step("vocabulary 500 → 20,000", "gru_classifier", {"max_tokens": 20_000, "length": 100},
            "vocabulary-20000", length=100, arrays=("pre", "post")),
    6: Step("length 100 → 400", "gru_classifier", _GRU8, "length-400", arrays=("pre", "post")),
    7: Step("padding at the front → at the end", "gru_classifier", _GRU8, "post-padding",
            arrays=("post", "post")),
    8: Step("mask_zero=True", "gru_classifier", {**_GRU8, "mask_zero": True}, "3"),
    9: Step("embedding 16 → 64", "gru_classifier",
            {**_GRU8, "embedding_dim": 64, "mask_zero": True}, "4"),
    10: Step("units 8 → 48", "gru_classifier",
             {**_GRU8, "embedding_dim": 64, "units": 48, "mask_zero": True}, "5"),
    11: Step("last state → average + max of all steps", "pooled_gru", {}, "6", xla=False),
    12: Step("length buckets", "pooled_gru", {"length": None}, "7", buckets=True),
    13: Step("attention pooling instead", "attention_gru", {}, "8", buckets=True),
    14: Step("bidirectional", "pooled_bigru", {}, "9", buckets=True),
    15: Step("dropout 0.4 on the GRU's inputs", "pooled_bigru", {"dropout": 0.4}, "10",
             buckets=True),
}
#: The step each step is compared with: the one before, except that step 13 is an
#: alternative to step 12 and step 14 builds on step 12.
BUILDS_ON = {step: step - 1 for step in STEPS if step} | {14: 12}
#: Runs saved for steps an earlier version of the chapter had and this one dropped.
DROPPED = {"11": "Dropout(0.5) before the output (on step 15)",
           "12": "length 400 → 800 (on the step above)"}
#: The steps the study trains unless told otherwise.
SEEDED = tuple(STEPS)


def seed_list(values) -> list[int]:
    """``--seeds``: one number N means seeds 1…N; several numbers, or numbers with commas
    (``3,`` or ``2,5``), are the seeds themselves."""
    if len(values) == 1 and "," not in values[0]:
        return list(range(1, _positive(values[0]) + 1))
    seeds = [_positive(v) for value in values for v in value.split(",") if v.strip()]
    if not seeds:
        raise ValueError("--seeds: give N (seeds 1…N) or the seeds themselves, e.g. 3, or 2 5")
    return list(dict.fromkeys(seeds))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"--seeds: {text!r} is not a whole number") from None
    if value < 1:
        raise ValueError(f"--seeds: seeds are whole numbers from 1, got {value}")
    return value


def add_arguments(parser) -> None:
    parser.add_argument("--seeds", nargs="+", default=["2"], metavar="N",
                        help="N: seeds 1…N (default 2); or the seeds themselves: '3,' or '2 5' or '2,5'")
    parser.add_argument("--steps", type=int, nargs="+", choices=sorted(STEPS), metavar="STEP",
                        help="only these steps of chapter 9 (default: all)")
    parser.add_argument("--reviews", type=int, metavar="N",
                        help="train on only the first N of the 20,000 training reviews "
                             "(saved under seeds_ch09_<N>_reviews)")


def key_for(reviews: int | None = None) -> str:
    """The results key of a study: ``seeds_ch09``, or ``seeds_ch09_<N>_reviews``."""
    return KEY if reviews is None else f"{KEY}_{reviews}_reviews"


def saves_runs(fast: bool) -> bool:
    """Whether runs are saved: always in full mode; in fast mode only to another results file
    than the committed one, whose runs are all full-mode runs."""
    committed = Path(store.RESULTS).resolve() == (store.HERE / "results.json").resolve()
    return not (fast and committed)


def build(step: int):
    """The chapter's model of ``step`` (seed it first for the chapter's initial weights)."""
    from recipes import beyond_the_book

    s = STEPS[step]
    return getattr(beyond_the_book, s.builder)(**s.arguments)


def chapter_reviews(reviews: int | None = None):
    """The chapter's training texts (its vocabularies are learned from all 20,000), and the
    (texts, labels) to train on and to validate on: its split, cut as in fast mode."""
    from sklearn.model_selection import train_test_split

    import utils

    (texts, labels), _ = utils.datasets.load_imdb_text()
    train_texts, val_texts, train_labels, val_labels = train_test_split(
        texts, labels, test_size=0.2, random_state=42)
    fit = utils.subset(train_texts[:reviews], train_labels[:reviews], fast=1000)
    check = utils.subset(val_texts, val_labels, fast=500)
    return train_texts, fit, check


def step_data(reviews: int | None = None):
    """A function ``step -> (training, validation) data``; each kind of data (vocabulary size,
    length, buckets or arrays) is built the first time a step asks for it and then reused."""
    from recipes.beyond_the_book import make_arrays, make_datasets, make_vectorizer

    train_texts, fit, check = chapter_reviews(reviews)
    vocabulary, built = {}, {}

    def datasets(step: int):
        s = STEPS[step]
        kind = (s.max_tokens, s.length, s.buckets, s.arrays)
        if kind not in built:
            words = vocabulary.get(s.max_tokens)
            if words is None:
                words = vocabulary[s.max_tokens] = make_vectorizer(
                    train_texts, s.max_tokens, None).get_vocabulary()
            built[kind] = (make_arrays(fit, check, words, s.length, *s.arrays) if s.arrays
                           else make_datasets(fit, check, words, s.length, s.buckets))
        return built[kind]

    return datasets


def _order(item):
    """Stored keys in the order of the steps that use them; unknown keys last."""
    ranks = {s.stored: step for step, s in STEPS.items()}
    key = item[0]
    return (ranks.get(key, len(STEPS)), int(key) if key.isdigit() else 0, key)


def save(key: str, step: int, params: int, row: dict) -> None:
    """Keep one run (``row``, with its ``seed``) of ``step`` under ``key`` and the step's stored
    key, replacing a run of the same seed; runs sorted by seed, entries in the steps' order."""

    def change(data):
        entry = data.setdefault(key, {}).setdefault(STEPS[step].stored, {"runs": []})
        entry.update(change=STEPS[step].change, params=params)
        entry["runs"] = sorted([r for r in entry["runs"] if r["seed"] != row["seed"]] + [row],
                               key=lambda r: r["seed"])
        data[key] = dict(sorted(data[key].items(), key=_order))

    store.update(change)


def run(args) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    import utils
    from recipes.beyond_the_book import compile_and_fit

    try:
        seeds = seed_list(args.seeds)
    except ValueError as err:
        raise SystemExit(f"error: {err}") from None
    if args.reviews is not None and args.reviews < 1:
        raise SystemExit("error: --reviews must be a positive number of training reviews")
    fast = utils.is_fast()
    key = key_for(args.reviews)
    saving = saves_runs(fast)
    if not saving:
        print(f"fast mode: runs are not saved to {store.RESULTS} (its runs are full-mode runs)",
              flush=True)
    done = {} if fast else store.load().get(key, {})
    datasets = step_data(args.reviews)
    for step in args.steps or SEEDED:
        s = STEPS[step]
        for seed in seeds:
            if any(r["seed"] == seed for r in done.get(s.stored, {}).get("runs", [])):
                print(f"  step {step}, seed {seed}: saved already under {key}", flush=True)
                continue
            keras.utils.set_random_seed(seed)
            model = build(step)
            train_ds, val_ds = datasets(step)
            start = time.perf_counter()
            history = compile_and_fit(model, train_ds, val_ds, optimizer=s.optimizer,
                                      batch_size=s.batch_size, patience=s.patience,
                                      xla=s.xla and not s.buckets)
            row = utils.results.summarize(history)
            row.update(seed=seed, seconds=round(time.perf_counter() - start, 1))
            if saving:
                save(key, step, model.count_params(), row)
            print(f"  step {step} ({s.change}), seed {seed}: val accuracy "
                  f"{row['val_accuracy_at_best']:.4f} at epoch {row['best_epoch']} of "
                  f"{row['epochs_run']}, {row['seconds']:.0f} s"
                  + (f" (saved under {key})" if saving else ""), flush=True)
            keras.backend.clear_session()
