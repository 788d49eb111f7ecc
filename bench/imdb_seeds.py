"""Chapters 04–06: one of the book's IMDB models trained again over several seeds.

    python -m bench imdb-seeds --study simplernn --seeds 3      # chapter 4's one-hot SimpleRNN
    python -m bench imdb-seeds --study embedding --seeds 5      # chapter 5's Embedding + SimpleRNN
    python -m bench imdb-seeds --study stacked_lstm --seeds 3   # chapter 6's two stacked LSTMs

How fragile is the book's recipe? Each study trains one chapter's model on the chapter's data,
once per seed 1…N, with the book's recipe (RMSprop 1e-4, batches of 64, early stopping with
patience 3, the best weights restored) and, for some models, an alternative recipe. The data
and the models come from the chapters' recipes (``recipes.simplernn_one_hot``,
``recipes.embedding_simplernn``, ``recipes.lstm_gru``); nothing is retyped. The study's key in
``bench/results.json`` and the chapter's model name come from ``bench/reference.json``
(``imdb_seed_studies``). Saved as ``{recipe: {"runs": [...], "mean", "stdev", "min", "max"}}``,
one run per seed (``utils.results.summarize`` of its history, its seed and seconds).

Fast mode (``RNNBOOK_FAST=1``) trains on 2,000/500 reviews for 2 epochs to check the code path;
its results are saved only where no full-mode results of the study are kept.
"""

from __future__ import annotations

import statistics
import time

from . import store

#: study → (recipe module, builder): the chapter's model, built layer for layer as the chapter
#: builds it (the same layers in the same order give the same weights for a seed).
BUILDERS = {
    "simplernn": ("recipes.simplernn_one_hot", "simplernn_one_hot"),
    "embedding": ("recipes.embedding_simplernn", "embedding_simplernn"),
    "lstm": ("recipes.lstm_gru", "lstm_model"),
    "lstm_dropout": ("recipes.lstm_gru", "lstm_dropout_model"),
    "stacked_lstm": ("recipes.lstm_gru", "two_lstm_model"),
    "gru": ("recipes.lstm_gru", "gru_model"),
}
#: Alternatives to the book's recipe: name → (learning rate, patience).
ALTERNATIVES = {
    "simplernn": {"RMSprop(1e-3), patience 5": (1e-3, 5)},
    "embedding": {"RMSprop(1e-4), patience 10": (1e-4, 10)},
    "stacked_lstm": {"RMSprop(1e-4), patience 10": (1e-4, 10)},
}
BOOK_LEARNING_RATE, BOOK_PATIENCE = 1e-4, 3


def study_entry(study: str, reference: dict | None = None) -> dict:
    """The reference entry of ``study``: its results key, chapter, model name and title."""
    reference = reference or store.reference()
    for entry in reference["imdb_seed_studies"]:
        if entry["study"] == study:
            return entry
    raise KeyError(f"imdb-seeds: bench/reference.json has no study {study!r}")


def build(study: str):
    """A new, uncompiled model of ``study``, from the chapter's recipe."""
    import importlib

    module, name = BUILDERS[study]
    return getattr(importlib.import_module(module), name)()


def recipes_of(study: str, reference: dict | None = None) -> dict[str, tuple[float, int]]:
    """The training recipes the study compares: name → (learning rate, patience), the book's first."""
    reference = reference or store.reference()
    return {reference["book_recipe"]: (BOOK_LEARNING_RATE, BOOK_PATIENCE), **ALTERNATIVES.get(study, {})}


def data():
    """The chapters' training and validation reviews (fast mode: 2,000 and 500 of them)."""
    import utils
    from recipes.simplernn_one_hot import imdb_padded

    (x_train, y_train), (x_val, y_val), _ = imdb_padded()
    x_train, y_train = utils.subset(x_train, y_train, fast=2000)
    x_val, y_val = utils.subset(x_val, y_val, fast=500)
    return x_train, y_train, x_val, y_val


def seed_study(study: str, seeds: int) -> dict:
    """Train ``study``'s model with each of its recipes, once per seed 1…``seeds``."""
    import keras

    import utils

    x_train, y_train, x_val, y_val = data()
    out = {}
    for recipe, (learning_rate, patience) in recipes_of(study).items():
        runs = []
        for seed in range(1, seeds + 1):
            keras.utils.set_random_seed(seed)
            model = build(study)
            model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
                          loss="binary_crossentropy", metrics=["accuracy"],
                          jit_compile=utils.jit_compile())
            stop = keras.callbacks.EarlyStopping(patience=patience, restore_best_weights=True)
            start = time.perf_counter()
            history = model.fit(x_train, y_train, epochs=utils.epochs(100), batch_size=64,
                                validation_data=(x_val, y_val), callbacks=[stop], verbose=0)
            row = utils.results.summarize(history)
            row.update(seed=seed, seconds=round(time.perf_counter() - start, 1))
            if utils.is_fast():
                row["mode"] = "fast"
            print(f"  {recipe}, seed {seed}: val accuracy {row['val_accuracy_at_best']:.4f} "
                  f"after {row['epochs_run']} epochs", flush=True)
            runs.append(row)
        accs = [r["val_accuracy_at_best"] for r in runs]
        out[recipe] = {"runs": runs, "mean": round(statistics.mean(accs), 4),
                       "stdev": round(statistics.stdev(accs), 4) if len(accs) > 1 else 0.0,
                       "min": min(accs), "max": max(accs)}
    return out


def _is_fast(result: dict) -> bool:
    return all(r.get("mode") == "fast" for s in result.values() for r in s.get("runs", []))


def save(key: str, result: dict) -> bool:
    """Keep ``result`` under ``key`` of the results; fast-mode results never replace full-mode
    ones. Returns whether it was saved."""
    saved = []

    def change(data):
        if _is_fast(result) and data.get(key) and not _is_fast(data[key]):
            return
        data[key] = result
        saved.append(True)

    store.update(change)
    return bool(saved)


def add_arguments(parser) -> None:
    parser.add_argument("--study", choices=list(BUILDERS), default="simplernn",
                        help="which chapter model to train (default: simplernn, chapter 4's)")
    parser.add_argument("--seeds", type=int, default=3, help="seeds 1…N (default: 3)")


def run(args) -> int:
    import utils

    if args.seeds < 1:
        raise SystemExit("imdb-seeds: --seeds must be 1 or more")
    entry = study_entry(args.study)
    mode = "fast" if utils.is_fast() else "full"
    print(f"imdb-seeds {args.study} ({entry['model']}, chapter {entry['chapter']}): "
          f"{args.seeds} seeds, {mode} mode", flush=True)
    result = seed_study(args.study, args.seeds)
    if save(entry["key"], result):
        print(f"saved {entry['key']!r} in {store.RESULTS}")
    else:
        print(f"fast mode: not saved over the full-mode results {entry['key']!r} in {store.RESULTS}")
    return 0
