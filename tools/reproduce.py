"""Run chapters in full mode, write their outputs back, and build the results table.

    python tools/reproduce.py                  # every chapter, full mode (the committed outputs)
    python tools/reproduce.py 04 05 06         # chapters whose file names start with 04, 05, 06
    python tools/reproduce.py --fast 02        # fast mode (RNNBOOK_FAST=1): try a change quickly
    python tools/reproduce.py --seeds 3 --no-chapters                       # chapter 4's SimpleRNN, 3 seeds
    python tools/reproduce.py --seeds 5 --study embedding --no-chapters     # chapter 5's model, 5 seeds
    python tools/reproduce.py --seeds 3 --study stacked_lstm --no-chapters  # chapter 6's 2-layer LSTM
    (studies: simplernn, embedding, lstm, lstm_dropout, stacked_lstm, gru)
    python tools/reproduce.py --seeds 2 --study beyond --no-chapters        # chapter 9's steps 3 on

Each notebook runs top to bottom in a fresh kernel (working directory ``chapters/``) and is
written back with its outputs. For each chapter the script measures the wall time and the
kernel's peak memory (maximum resident set size); every model a chapter records with
``utils.results.record`` becomes a row of the results table. Full-mode runs update
``tools/results.json`` and ``tools/results.md`` (the table the README links to), next to the
figures the book's own repository printed (``BOOK_RUNS``). A chapter that fails is written back with its error,
and the script exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))          # `import utils` even without the editable install
CHAPTERS = ROOT / "chapters"
RESULTS_JSON = ROOT / "tools" / "results.json"
RESULTS_MD = ROOT / "tools" / "results.md"

#: The book repository's printed runs of chapters 04–06's models (rickiepark/hg-mldl, notebooks
#: 9-2.ipynb and 9-3.ipynb), read off their training logs; tools/book_runs.md has the details.
#: val: validation accuracy at the epoch early stopping restores (lowest val_loss); test: the
#: printed test accuracy (the book evaluates only the two-layer LSTM).
BOOK_COMMITS = {
    ("TF 2.3 (2020)", "9-2"): "154582b1955fd9339afb7be2ef3052511f753409",
    ("TF 2.3 (2020)", "9-3"): "0146202ca734cd7eba31228e09bc9afceabd451d",
    ("Keras 3 (current)", "9-2"): "91c429e500dcd20704fad663e881702b7f905a57",
    ("Keras 3 (current)", "9-3"): "e5fdfb623e04642f5439bf411b1fdff1e36a1721",
}
BOOK_RUNS = [
    # model, version, notebook, words, epochs run, restored epoch, val acc, test acc
    ("SimpleRNN on one-hot (book recipe)", "TF 2.3 (2020)", "9-2", 500, 54, 51, 0.7944, None),
    ("SimpleRNN on one-hot (book recipe)", "Keras 3 (current)", "9-2", 200, 84, 81, 0.7320, None),
    ("Embedding + SimpleRNN (book recipe)", "TF 2.3 (2020)", "9-2", 500, 25, 22, 0.7908, None),
    ("Embedding + SimpleRNN (book recipe)", "Keras 3 (current)", "9-2", 200, 34, 31, 0.7306, None),
    ("LSTM(8)", "TF 2.3 (2020)", "9-3", 500, 44, 41, 0.8056, None),
    ("LSTM(8)", "Keras 3 (current)", "9-3", 500, 52, 49, 0.7944, None),
    ("LSTM(8, dropout=0.3)", "TF 2.3 (2020)", "9-3", 500, 50, 47, 0.8020, None),
    ("LSTM(8, dropout=0.3)", "Keras 3 (current)", "9-3", 500, 33, 30, 0.7904, None),
    ("2 × LSTM(8, dropout=0.3)", "TF 2.3 (2020)", "9-3", 500, 42, 39, 0.8058, 0.8019),
    ("2 × LSTM(8, dropout=0.3)", "Keras 3 (current)", "9-3", 500, 17, 14, 0.7844, 0.7848),
    ("GRU(8)", "TF 2.3 (2020)", "9-3", 500, 55, 52, 0.7994, None),
    ("GRU(8)", "Keras 3 (current)", "9-3", 500, 100, 100, 0.7978, None),
]
BOOK_MODELS = list(dict.fromkeys(run[0] for run in BOOK_RUNS))
#: Rows chapters 04–06 record that are not trained models (their own sections of results.md).
NOT_MODELS = ("XLA speed-up: ", "test set: ", "book's way: ")


def book_500(model: str) -> list[float]:
    """Validation accuracies of the book's runs of ``model`` with 500 words, as ours."""
    return [run[6] for run in BOOK_RUNS if run[0] == model and run[3] == 500]


def judge(val: float, book: list[float], study: dict | None) -> tuple[str, str]:
    """Verdict of one of our models against the book's comparable 500-word runs.

    **met** when this run's validation accuracy is at or above the mean of the book's runs.
    Otherwise the seed study decides: a **tie** when the book's mean lies within the range of
    our seeds (some of our seeds reach it), **MISSED** when it lies above all of them (or
    there is no seed study). Returns the verdict and a note with the numbers.
    """
    target = statistics.mean(book)
    note = f"this run {val:.4f} vs book {target:.4f} (mean of {len(book)} run{'s' * (len(book) > 1)})"
    if study:
        note += (f"; our seeds {study['mean']:.4f} ± {study['stdev']:.4f} (n={len(study['runs'])}, "
                 f"{study['min']:.4f}–{study['max']:.4f})")
    if val >= target:
        return "met", note
    if study and study["max"] >= target:
        return "tie (inside our seed range)", note
    return "MISSED", note + ("" if study else "; no seed study yet")


def run_one(path: Path, timeout: int) -> dict:
    """Execute one notebook in this process (its kernel is our child) and write it back."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(CHAPTERS)}})
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
        error = f"{type(err).__name__}: " + (str(err).strip().splitlines() or [""])[-1][:300]
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the kernel, after exit
    peak_mb = peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux
    return {"seconds": round(seconds, 1), "peak_memory_mb": round(peak_mb, 1),
            "error": error}


def run_chapter(path: Path, env: dict, timeout: int) -> tuple[dict, list[dict]]:
    """Run a notebook in a child process; return its run figures and the rows it recorded."""
    with tempfile.TemporaryDirectory() as tmp:
        rows_file = Path(tmp) / "rows.jsonl"
        rows_file.touch()
        out = subprocess.run([sys.executable, __file__, "--one", str(path),
                              "--timeout", str(timeout)],
                             env={**env, "RNNBOOK_RESULTS": str(rows_file)},
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"{path.name}: runner failed:\n{out.stderr[-3000:]}")
        run = json.loads(out.stdout.strip().splitlines()[-1])
        rows = [json.loads(line) for line in rows_file.read_text().splitlines() if line]
    return run, rows


# ---------------------------------------------------------------------------------------------
# Chapter 4's SimpleRNN over several seeds: how fragile is the book's recipe?
# ---------------------------------------------------------------------------------------------

STUDIES = {
    # results.json key, title
    "simplernn": ("seeds", "Chapter 04: the one-hot SimpleRNN over several seeds"),
    "embedding": ("seeds_embedding", "Chapter 05: Embedding + SimpleRNN over several seeds"),
    "lstm": ("seeds_lstm", "Chapter 06: LSTM(8) over several seeds"),
    "lstm_dropout": ("seeds_lstm_dropout", "Chapter 06: LSTM(8, dropout=0.3) over several seeds"),
    "stacked_lstm": ("seeds_stacked_lstm", "Chapter 06: two stacked LSTM(8, dropout=0.3) over several seeds"),
    "gru": ("seeds_gru", "Chapter 06: GRU(8) over several seeds"),
}
#: The chapter's model (its name in the Models table) that each seed study trains again.
STUDY_MODEL = {
    "simplernn": "SimpleRNN on one-hot (book recipe)",
    "embedding": "Embedding + SimpleRNN (book recipe)",
    "lstm": "LSTM(8)",
    "lstm_dropout": "LSTM(8, dropout=0.3)",
    "stacked_lstm": "2 × LSTM(8, dropout=0.3)",
    "gru": "GRU(8)",
}
BOOK_RECIPE = "book: RMSprop(1e-4), patience 3"


def seed_study(seeds: int, study: str = "simplernn") -> dict:
    """Train a chapter's model with the book's recipe and an alternative, once per seed."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    from keras import layers
    from sklearn.model_selection import train_test_split

    import utils

    (x, y), _ = utils.datasets.load_imdb(num_words=500)
    x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2, random_state=42)
    x_train = keras.utils.pad_sequences(x_train, maxlen=100)
    x_val = keras.utils.pad_sequences(x_val, maxlen=100)
    x_train, y_train = utils.subset(x_train, y_train, fast=2000)
    x_val, y_val = utils.subset(x_val, y_val, fast=500)

    def stop(patience):
        return lambda: [keras.callbacks.EarlyStopping(patience=patience, restore_best_weights=True)]

    def build():
        """The chapter's model, layer for layer as in the notebook (only its layers are
        created: a layer with dropout draws a seed when it is created, so creating others
        would change what ``set_random_seed(seed)`` gives this model)."""
        if study == "simplernn":      # chapter 4: one-hot inside the model
            front = [layers.CategoryEncoding(num_tokens=500, output_mode="one_hot")]
        else:                         # chapters 5 and 6: a 16-number embedding per word
            front = [layers.Embedding(500, 16)]
        if study in ("simplernn", "embedding"):
            body = [layers.SimpleRNN(8)]
        elif study == "lstm":
            body = [layers.LSTM(8)]
        elif study == "lstm_dropout":
            body = [layers.LSTM(8, dropout=0.3)]
        elif study == "stacked_lstm":
            body = [layers.LSTM(8, dropout=0.3, return_sequences=True), layers.LSTM(8, dropout=0.3)]
        else:
            body = [layers.GRU(8)]
        return keras.Sequential([keras.Input(shape=(100,), dtype="int32"), *front, *body,
                                 layers.Dense(1, activation="sigmoid")])

    # name: (learning rate, callbacks); every study trains the book's recipe, some an alternative
    recipes = {BOOK_RECIPE: (1e-4, stop(3))}
    if study == "simplernn":
        recipes["RMSprop(1e-3), patience 5"] = (1e-3, stop(5))
    elif study in ("embedding", "stacked_lstm"):
        recipes["RMSprop(1e-4), patience 10"] = (1e-4, stop(10))

    out = {}
    for recipe, (learning_rate, callbacks) in recipes.items():
        runs = []
        for seed in range(1, seeds + 1):
            keras.utils.set_random_seed(seed)
            model = build()
            model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
                          loss="binary_crossentropy", metrics=["accuracy"],
                          jit_compile=utils.jit_compile())
            start = time.perf_counter()
            history = model.fit(x_train, y_train, epochs=utils.epochs(100), batch_size=64,
                                validation_data=(x_val, y_val), callbacks=callbacks(),
                                verbose=0)
            row = utils.results.summarize(history)
            row.update(seed=seed, seconds=round(time.perf_counter() - start, 1))
            print(f"  {recipe}, seed {seed}: val accuracy {row['val_accuracy_at_best']:.4f} "
                  f"after {row['epochs_run']} epochs", flush=True)
            runs.append(row)
        accs = [r["val_accuracy_at_best"] for r in runs]
        out[recipe] = {"runs": runs, "mean": round(statistics.mean(accs), 4),
                       "stdev": round(statistics.stdev(accs), 4) if len(accs) > 1 else 0.0,
                       "min": min(accs), "max": max(accs)}
    return out


# ---------------------------------------------------------------------------------------------
# Beyond the book (chapter 09): every step from 3 on over several seeds
# ---------------------------------------------------------------------------------------------

#: results.json key of chapter 9's seed study: {step: {"change", "params", "runs": [...]}}.
BEYOND_KEY = "seeds_ch09"
#: What each of chapter 9's steps changes (the notebook records the same labels).
BEYOND_CHANGES = {
    0: "the book's GRU(8)", 1: "vocabulary 500 → 20,000", 2: "length 100 → 400",
    3: "mask_zero=True", 4: "embedding 16 → 64", 5: "units 8 → 48",
    6: "last state → average + max of all steps", 7: "length buckets", 8: "attention pooling instead",
    9: "bidirectional", 10: "dropout 0.4 on the GRU's inputs", 11: "Dropout(0.5) before the output",
    12: "length 400 → 800",
}
BEYOND_SEEDED = range(3, 13)          # the steps the study trains (the chapter trains all)
#: The chapter's training recipe for every step.
BEYOND_RECIPE = {"learning_rate": 2e-3, "batch_size": 128, "epochs": 20, "patience": 1}


def beyond_config(step: int) -> dict:
    """Chapter 9's model and data at ``step``: each step changes one thing of the one before
    (step 8 is an alternative to step 7; steps 9 on build on step 7's average + max)."""
    return {"max_tokens": 500 if step == 0 else 20_000,
            "length": 100 if step <= 1 else 800 if step >= 12 else 400,
            "mask": step >= 3, "embedding": 16 if step < 4 else 64, "units": 8 if step < 5 else 48,
            "buckets": step >= 7,
            "pooling": "last" if step < 6 else "attention" if step == 8 else "average+max",
            "bidirectional": step >= 9, "dropout": 0.4 if step >= 10 else 0.0,
            "output_dropout": step >= 11}


def beyond_model(step: int):
    """The model of chapter 9's ``step``, layer for layer as in the notebook."""
    import keras
    from keras import layers

    from utils.text import AttentionPooling, MaskedGlobalMaxPooling1D

    c = beyond_config(step)
    inputs = keras.Input(shape=(None,) if c["buckets"] else (c["length"],), dtype="int64")
    x = layers.Embedding(c["max_tokens"], c["embedding"], mask_zero=c["mask"])(inputs)
    rnn = layers.GRU(c["units"], dropout=c["dropout"], return_sequences=c["pooling"] != "last")
    x = (layers.Bidirectional(rnn) if c["bidirectional"] else rnn)(x)
    if c["pooling"] == "average+max":
        x = layers.Concatenate()([layers.GlobalAveragePooling1D()(x), MaskedGlobalMaxPooling1D()(x)])
    elif c["pooling"] == "attention":
        x = AttentionPooling(32)(x)
    if c["output_dropout"]:
        x = layers.Dropout(0.5)(x)
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))


def beyond_data(reviews: int | None = None):
    """Chapter 9's training and validation reviews, and a function giving the datasets of a
    step (vectorised, fixed-length or bucketed, as in the notebook; built once per kind)."""
    import math

    import keras
    import numpy as np
    import tensorflow as tf
    from keras import layers
    from sklearn.model_selection import train_test_split

    import utils
    from utils.text import standardize

    (texts, labels), _ = utils.datasets.load_imdb_text()
    train_texts, val_texts, train_labels, val_labels = train_test_split(
        texts, labels, test_size=0.2, random_state=42)
    fit = utils.subset(train_texts[:reviews], train_labels[:reviews], fast=1000)
    check = utils.subset(val_texts, val_labels, fast=500)
    batch = BEYOND_RECIPE["batch_size"]
    vocabularies, built = {}, {}

    def fixed(texts, labels, vec, shuffle):
        ds = tf.data.Dataset.from_tensor_slices((texts, labels))
        ds = ds.batch(1024).map(lambda x, y: (vec(x), y), num_parallel_calls=tf.data.AUTOTUNE)
        ds = ds.unbatch().apply(tf.data.experimental.assert_cardinality(len(texts))).cache()
        if shuffle:
            ds = ds.shuffle(len(texts), seed=42)
        return ds.batch(batch).prefetch(tf.data.AUTOTUNE)

    def bucketed(texts, labels, vec, length, shuffle, width=25):
        lengths = np.minimum(vec(texts).row_lengths().numpy(), length)
        bounds = list(range(width, length, width))
        counts = np.bincount(np.searchsorted(bounds, lengths, side="right"), minlength=len(bounds) + 1)
        ds = tf.data.Dataset.from_tensor_slices((texts, labels))
        ds = ds.batch(1024).map(lambda x, y: (vec(x), y), num_parallel_calls=tf.data.AUTOTUNE)
        ds = ds.unbatch().map(lambda x, y: (x[:length], y)).cache()
        if shuffle:
            ds = ds.shuffle(len(texts), seed=42)
        ds = ds.bucket_by_sequence_length(lambda x, y: tf.shape(x)[0], bounds,
                                          [batch] * (len(bounds) + 1))
        n = sum(math.ceil(c / batch) for c in counts)
        return ds.apply(tf.data.experimental.assert_cardinality(n)).prefetch(tf.data.AUTOTUNE)

    def datasets(step):
        c = beyond_config(step)
        key = (c["max_tokens"], c["length"], c["buckets"])
        if key not in built:
            if c["max_tokens"] not in vocabularies:
                vec = layers.TextVectorization(max_tokens=c["max_tokens"], standardize=standardize)
                vec.adapt(tf.data.Dataset.from_tensor_slices(train_texts).batch(1024))
                vocabularies[c["max_tokens"]] = vec.get_vocabulary()
            vocabulary = vocabularies[c["max_tokens"]]
            if c["buckets"]:
                vec = layers.TextVectorization(vocabulary=vocabulary, standardize=standardize,
                                               ragged=True)
                built[key] = (bucketed(*fit, vec, c["length"], True),
                              bucketed(*check, vec, c["length"], False))
            else:
                vec = layers.TextVectorization(vocabulary=vocabulary, standardize=standardize,
                                               output_sequence_length=c["length"])
                built[key] = fixed(*fit, vec, True), fixed(*check, vec, False)
        return built[key]

    return datasets


def beyond_fit(model, step, train_ds, val_ds, callbacks=()):
    """Compile and train a step's model with the chapter's recipe; return its history."""
    import keras

    import utils

    r = BEYOND_RECIPE
    # XLA only for the models that read the last state (steps 0-5): with return_sequences=True
    # it trained slower (chapter 9, step 6), and with length buckets every batch has its own shape.
    jit = utils.jit_compile() and beyond_config(step)["pooling"] == "last"
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=r["learning_rate"]),
                  loss="binary_crossentropy", metrics=["accuracy"], jit_compile=jit)
    stop = keras.callbacks.EarlyStopping(patience=r["patience"], restore_best_weights=True)
    return model.fit(train_ds, validation_data=val_ds, epochs=utils.epochs(r["epochs"], fast=1),
                     shuffle=False, callbacks=[stop, *callbacks], verbose=0)  # shuffled by tf.data


def _save_beyond_run(step: int, params: int, row: dict, key: str = BEYOND_KEY) -> None:
    """Add one run to results.json at once (a long study keeps what it has measured)."""
    data = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    entry = data.setdefault(key, {}).setdefault(str(step), {"runs": []})
    entry.update(change=BEYOND_CHANGES[step], params=params)
    entry["runs"] = sorted([r for r in entry["runs"] if r["seed"] != row["seed"]] + [row],
                           key=lambda r: r["seed"])
    data[key] = dict(sorted(data[key].items(), key=lambda kv: int(kv[0])))
    RESULTS_JSON.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def beyond_study(seeds, steps=None, reviews: int | None = None) -> None:
    """Train chapter 9's steps (default: 3 on) with seeds 1…``seeds`` (or the seeds listed);
    in full mode each run is saved to results.json as it ends, and runs already saved there
    are not repeated. With ``reviews``, train on only the first ``reviews`` of the 20,000
    training reviews (a point of the learning curve; saved under its own key)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    import utils

    full = not utils.is_fast()
    key = BEYOND_KEY if reviews is None else f"{BEYOND_KEY}_{reviews}_reviews"
    done = json.loads(RESULTS_JSON.read_text()).get(key, {}) if RESULTS_JSON.exists() else {}
    datasets = beyond_data(reviews)
    for step in steps or BEYOND_SEEDED:
        for seed in (range(1, seeds + 1) if isinstance(seeds, int) else seeds):
            if full and any(r["seed"] == seed for r in done.get(str(step), {}).get("runs", [])):
                continue
            keras.utils.set_random_seed(seed)
            model = beyond_model(step)
            train_ds, val_ds = datasets(step)
            start = time.perf_counter()
            history = beyond_fit(model, step, train_ds, val_ds)
            row = utils.results.summarize(history)
            row.update(seed=seed, seconds=round(time.perf_counter() - start, 1))
            print(f"  step {step} ({BEYOND_CHANGES[step]}), seed {seed}: val accuracy "
                  f"{row['val_accuracy_at_best']:.4f} at epoch {row['best_epoch']} of "
                  f"{row['epochs_run']}, {row['seconds']:.0f} s", flush=True)
            if full:
                _save_beyond_run(step, model.count_params(), row, key)
            keras.backend.clear_session()


def beyond_summary(data: dict) -> dict:
    """Per step of chapter 9: its change, params and the validation accuracies of all runs —
    the chapter's own (seed 42, from its recorded rows) and the study's seeds — with mean and
    sample standard deviation."""
    rows = {r["step"]: r for r in data.get("models", [])
            if r.get("chapter", "")[:2] == "09" and "step" in r}
    out = {}
    for step in sorted(set(rows) | {int(s) for s in data.get(BEYOND_KEY, {})}):
        study = data.get(BEYOND_KEY, {}).get(str(step), {})
        accs = ([rows[step]["val_accuracy_at_best"]] if step in rows else []) + [
            r["val_accuracy_at_best"] for r in study.get("runs", [])]
        out[step] = {"change": rows.get(step, study).get("change", BEYOND_CHANGES.get(step, "")),
                     "params": rows.get(step, study).get("params"), "accs": accs,
                     "mean": statistics.mean(accs) if accs else None,
                     "stdev": statistics.stdev(accs) if len(accs) > 1 else None}
    return out


def beyond_verdict(step: dict, before: dict | None) -> str:
    """A step's mean against the step it builds on: the difference, and 'gain' or 'loss' only
    when it exceeds twice its standard error (from the seeds' spread), else 'tie'."""
    if not before or step["stdev"] is None or before["stdev"] is None:
        return ""
    diff = step["mean"] - before["mean"]
    se = (step["stdev"] ** 2 / len(step["accs"]) + before["stdev"] ** 2 / len(before["accs"])) ** 0.5
    return f"{diff:+.4f} " + ("tie" if abs(diff) <= 2 * se else "gain" if diff > 0 else "loss")


#: The anchors' from-scratch recurrent results on IMDB (test accuracy), as chapter 9 cites them.
BEYOND_ANCHORS = [
    ("S. Raschka et al., Machine Learning with PyTorch and Scikit-Learn (2022), ch. 15", "LSTM", "0.860"),
    ("F. Chollet, Deep Learning with Python, 2nd ed. (2021), ch. 11", "bidirectional LSTM", "0.875–0.880"),
    ("A. Géron, Hands-On Machine Learning, 3rd ed. (2022), ch. 16", "GRU", "≈ 0.87"),
]


def beyond_section(data: dict, ch09: list[dict], final09: dict | None) -> list[str]:
    """results.md's chapter 9 section: the steps with their seeds, the references, the final model."""
    summary = beyond_summary(data)
    if not summary:
        return []
    rows = {r["step"]: r for r in ch09 if "step" in r}
    lines = ["", "## Beyond the book (chapter 09): IMDB from raw text, one change at a time", "",
             "Validation accuracy at the best epoch on the same 5,000 validation reviews as chapters "
             "04–06. *This run* is the chapter's full-mode run; steps 3 on are also trained with "
             "seeds 1, 2, … (`python tools/reproduce.py --seeds 2 --study beyond --no-chapters`), and "
             "*mean ± sd* is over all runs of a step. *vs before* compares a step's mean with the step "
             "it builds on (step 9 builds on step 7): a gain or a loss only beyond twice the standard "
             "error of the difference, else a **tie**. For scale, the binomial standard error of one "
             "accuracy near 0.88 on 5,000 reviews is 0.0046.", "",
             "| step | change | params | epochs run | best epoch | this run | other seeds | "
             "mean ± sd | vs before | train time (s) | s/epoch |",
             "|---:|---|---:|---:|---:|---:|---|---:|---|---:|---:|"]
    for step, s in summary.items():
        row = rows.get(step, {})
        others = ", ".join(f"{r['val_accuracy_at_best']:.4f}" for r in
                           data.get(BEYOND_KEY, {}).get(str(step), {}).get("runs", []))
        spread = f"{s['mean']:.4f} ± {s['stdev']:.4f}" if s["stdev"] is not None else ""
        verdict = beyond_verdict(s, summary.get(7 if step == 9 else step - 1)) if step >= 4 else ""
        lines.append(f"| {step} | {s['change']} | {_fmt(s['params'], ',')} | "
                     f"{_fmt(row.get('epochs_run'))} | {_fmt(row.get('best_epoch'))} | "
                     f"{_fmt(row.get('val_accuracy_at_best'), '.4f')} | {others} | {spread} | "
                     f"{verdict} | {_fmt(row.get('seconds'), '.0f')} | {_fmt(row.get('seconds_per_epoch'))} |")
    for key in sorted(k for k in data if k.startswith(f"{BEYOND_KEY}_") and k.endswith("_reviews")):
        reviews = int(key.split("_")[-2])
        for step, entry in data[key].items():
            accs = [r["val_accuracy_at_best"] for r in entry["runs"]]
            spread = f" ± {statistics.stdev(accs):.4f}" if len(accs) > 1 else ""
            full = summary.get(int(step))
            lines += ["", f"Learning curve: step {step} trained on the first {reviews:,} of the 20,000 "
                      f"training reviews: {statistics.mean(accs):.4f}{spread} over {len(accs)} seeds "
                      f"({', '.join(f'{a:.4f}' for a in accs)})"
                      + (f", against {full['mean']:.4f} with all 20,000." if full and full["mean"] else ".")]
    lines += ["", "| reference | features | val acc | test acc | fit time (s) |", "|---|---:|---:|---:|---:|"]
    for row in ch09:
        if "step" not in row and row is not final09 and "val_accuracy" in row:
            lines.append(f"| {row['model']} (scikit-learn) | {row['params'] - 1:,} | "
                         f"{row['val_accuracy']:.4f} | {_fmt(row.get('test_accuracy'), '.4f')} | "
                         f"{row['seconds']:.0f} |")
    for source, model, test in BEYOND_ANCHORS:
        lines.append(f"| {model} trained from scratch, as reported by {source} | | | {test} | |")
    if final09:
        members = final09.get("members", 1)
        what = (f"the average of {members} models of step {final09.get('final_step', '?')} "
                f"({final09.get('member_epochs', '?')} epochs each for the models added to the first)"
                if members > 1 else f"step {final09.get('final_step', '?')}, weights of its best epoch")
        val = final09.get("val_accuracy", final09.get("val_accuracy_at_best"))
        lines += ["", f"Final model, every choice made on validation: {what}; validation accuracy "
                  f"{_fmt(val, '.4f')}. On the 25,000 test reviews, evaluated once: **test accuracy "
                  f"{final09['test_accuracy']:.4f}** after {final09['seconds'] / 60:.1f} min of training."]
    return lines


# ---------------------------------------------------------------------------------------------
# Chapter 08: the day-ahead demand forecast over several seeds, and its part of the table
# ---------------------------------------------------------------------------------------------

#: results.json key of chapter 8's seed study: {"baselines": {name: row}, "models": {name: {...}}}.
FORECAST_KEY = "seeds_forecast"
FORECAST_RECURRENT = ("SimpleRNN(32)", "LSTM(32)", "GRU(32)", "many-to-many GRU(32)")


def forecast_study(seeds: int) -> dict:
    """Chapter 8's day-ahead forecast, as in the notebook: the baselines once, then the dense
    model and the recurrent models once per seed 1…N; MAE in MW averaged over the 48 horizons."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import numpy as np
    from keras import layers
    from pmdarima.datasets import load_taylor
    from sklearn.linear_model import Ridge

    import utils

    demand = load_taylor().astype("float32")
    n, window, horizon = len(demand), 48, 48
    train_end, val_end = int(0.7 * n), int(0.85 * n)
    mean, std = demand[:train_end].mean(), demand[:train_end].std()
    step = np.arange(n)
    angle = 2 * np.pi * (step % 48) / 48
    features = np.column_stack([(demand - mean) / std, np.sin(angle), np.cos(angle),
                                np.eye(7)[(step // 48) % 7]]).astype("float32")
    ahead = np.arange(1, horizon + 1)
    change = np.full((n, horizon), np.nan, dtype="float32")
    for k in ahead:
        t = np.arange(window - k, n - k)
        change[t, k - 1] = (demand[t + k] - demand[t + k - window]) / std
    rows = np.concatenate([features, change], axis=1)
    splits = {"train": (0, train_end), "validation": (train_end, val_end), "test": (val_end, n)}
    origins = {s: np.arange(max(2 * window - 1, a - 1), b - horizon) for s, (a, b) in splits.items()}
    inputs = {s: np.stack([features[t - window + 1:t + 1] for t in o]) for s, o in origins.items()}
    truth = {s: demand[o[:, None] + ahead] for s, o in origins.items()}

    def mae(predicted_change, split):
        mw = inputs[split][:, :, 0] * std + mean + predicted_change * std
        return np.abs(mw - truth[split]).mean(axis=0)

    def dataset(split, every_step=False, shuffle=False):
        o = origins[split]
        data = rows[o[0] - window + 1:o[-1] + 1]
        if every_step:
            ds = keras.utils.timeseries_dataset_from_array(data, None, sequence_length=window,
                                                          batch_size=64, shuffle=shuffle, seed=42)
            return ds.map(lambda w: (w[..., :10], w[..., 10:]))
        return keras.utils.timeseries_dataset_from_array(data[:, :10], change[o], sequence_length=window,
                                                        batch_size=64, shuffle=shuffle, seed=42)

    def row(e_val, e_test):
        return {"val_mae": round(float(e_val.mean()), 1), "test_mae": round(float(e_test.mean()), 1),
                "test_mae_30min": round(float(e_test[0]), 1), "test_mae_24h": round(float(e_test[-1]), 1)}

    baselines = {}
    for name, ref in {"naive (last value)": lambda o: np.repeat(demand[o][:, None], horizon, axis=1),
                      "seasonal naive: yesterday": lambda o: demand[o[:, None] + ahead - 48],
                      "seasonal naive: last week": lambda o: demand[o[:, None] + ahead - 336]}.items():
        e = {s: np.abs(ref(origins[s]) - truth[s]).mean(axis=0) for s in ("validation", "test")}
        baselines[name] = row(e["validation"], e["test"])
    flat = {s: x.reshape(len(x), -1) for s, x in inputs.items()}
    fits = {a: Ridge(alpha=a).fit(flat["train"], change[origins["train"]]) for a in (0.1, 1.0, 10.0, 100.0)}
    alpha = min(fits, key=lambda a: mae(fits[a].predict(flat["validation"]), "validation").mean())
    baselines["linear (ridge)"] = dict(row(*(mae(fits[alpha].predict(flat[s]), s)
                                             for s in ("validation", "test"))), alpha=alpha)

    def build(name):
        if name == "many-to-many GRU(32)":
            return keras.Sequential([keras.Input(shape=(window, 10)),
                                     layers.GRU(32, return_sequences=True), layers.Dense(horizon)])
        core = {"dense": [layers.Flatten(), layers.Dense(64, activation="relu")],
                "SimpleRNN(32)": [layers.SimpleRNN(32)], "LSTM(32)": [layers.LSTM(32)],
                "GRU(32)": [layers.GRU(32)]}[name]
        return keras.Sequential([keras.Input(shape=(window, 10)), *core, layers.Dense(horizon)])

    models = {}
    for name in ("dense", *FORECAST_RECURRENT):
        every = name.startswith("many-to-many")
        train_ds, val_ds = dataset("train", every, shuffle=True), dataset("validation", every)
        runs = []
        for seed in range(1, seeds + 1):
            keras.utils.set_random_seed(seed)
            model = build(name)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mae",
                          jit_compile=utils.jit_compile())
            start = time.perf_counter()
            history = model.fit(train_ds, validation_data=val_ds, epochs=utils.epochs(150), verbose=0,
                                shuffle=False,
                                callbacks=[keras.callbacks.EarlyStopping(patience=10,
                                                                         restore_best_weights=True)])
            e = {}
            for s in ("validation", "test"):
                p = np.asarray(model(inputs[s], training=False))
                e[s] = mae(p[:, -1] if every else p, s)
            r = dict(row(e["validation"], e["test"]), seed=seed, epochs_run=len(history.epoch),
                     seconds=round(time.perf_counter() - start, 1))
            print(f"  {name}, seed {seed}: day-ahead MAE validation {r['val_mae']:.0f} MW, "
                  f"test {r['test_mae']:.0f} MW after {r['epochs_run']} epochs", flush=True)
            runs.append(r)
        out = {"runs": runs}
        for key in ("val", "test"):
            values = [r[f"{key}_mae"] for r in runs]
            out[f"{key}_mean"] = round(statistics.mean(values), 1)
            out[f"{key}_stdev"] = round(statistics.stdev(values), 1) if len(values) > 1 else 0.0
        models[name] = out
    return {"baselines": baselines, "models": models}


def forecast_section(data: dict) -> list[str]:
    """Chapter 8's tables: the chapter's run, the seed study, and the stock returns."""
    lines = []
    rows = [r for r in data["models"] if r["chapter"][:2] == "08"]
    demand = [r for r in rows if r["model"].startswith("demand next 24 h: ")]
    if demand:
        lines += ["", "## Forecasting (chapter 08): day-ahead electricity demand, MAE in MW", "",
                  "The chapter's run (seed 42): MAE averaged over the 48 half hours of the next "
                  "24 hours, and at 30 minutes and 24 hours ahead.", "",
                  "| model | params | epochs run | val MAE | test MAE | test 30 min | test 24 h | "
                  "train time (s) |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in demand:
            lines.append(f"| {r['model'].split(': ', 1)[1]} | {_fmt(r.get('params'), ',')} | "
                         f"{_fmt(r.get('epochs_run'))} | {r['val_mae']:,.0f} | {r['test_mae']:,.0f} | "
                         f"{r['test_mae_30min']:,.0f} | {r['test_mae_24h']:,.0f} | "
                         f"{_fmt(r.get('seconds'), '.0f')} |")
    study = data.get(FORECAST_KEY)
    if study:
        n_seeds = len(next(iter(study["models"].values()))["runs"])
        lines += ["", f"Seed study (`python tools/reproduce.py --seeds {n_seeds} --study forecast "
                  "--no-chapters`): the same windows and recipe, seeds 1…N; mean ± sd.", "",
                  "| model | seeds | val MAE | test MAE | test 30 min | test 24 h | epochs run |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for name, b in study["baselines"].items():
            lines.append(f"| {name} | – | {b['val_mae']:,.0f} | {b['test_mae']:,.0f} | "
                         f"{b['test_mae_30min']:,.0f} | {b['test_mae_24h']:,.0f} | |")
        for name, s in study["models"].items():
            runs = s["runs"]
            h1 = statistics.mean(r["test_mae_30min"] for r in runs)
            h48 = statistics.mean(r["test_mae_24h"] for r in runs)
            lines.append(f"| {name} | {len(runs)} | {s['val_mean']:,.0f} ± {s['val_stdev']:,.0f} | "
                         f"{s['test_mean']:,.0f} ± {s['test_stdev']:,.0f} | {h1:,.0f} | {h48:,.0f} | "
                         f"{', '.join(str(r['epochs_run']) for r in runs)} |")
    stocks = [r for r in rows if r["model"].startswith("stocks next-day return: ")]
    if stocks:
        lines += ["", "## Stock returns (chapter 08): next-day return of AAPL, IBM, MSFT", "",
                  "Test period July 2011 – March 2013; MAE in percentage points; models over "
                  "3 seeds (mean ± sd). *vs no change* is computed from the rounded values "
                  "recorded here, so it can differ in the last digit from the chapter's, which "
                  "uses the unrounded ones.", "",
                  "| model | test MAE | vs no change | right direction |", "|---|---:|---:|---:|"]
        for r in stocks:
            name = r["model"].split(": ", 1)[1]
            if "test_mae_sd" in r:
                lines.append(f"| {name} | {r['test_mae']:.4f} ± {r['test_mae_sd']:.4f} | "
                             f"{r['test_mae'] - r['no_change_test_mae']:+.4f} | {r['direction']:.1%} |")
            else:
                lines.append(f"| {name} | {r['test_mae']:.4f} | | |")
    return lines


def forecast_targets(data: dict) -> list[str]:
    """Chapter 8's target lines: the seed study against the strongest baseline; stocks."""
    lines = []
    study = data.get(FORECAST_KEY)
    if study:
        base_name, base = min(study["baselines"].items(), key=lambda kv: kv[1]["test_mae"])
        rnn_name, rnn = min(((k, v) for k, v in study["models"].items() if k in FORECAST_RECURRENT),
                            key=lambda kv: kv[1]["val_mean"])
        margin = 1 - rnn["test_mean"] / base["test_mae"]
        lines.append(f"- forecasting (day-ahead demand): the best recurrent model on validation, "
                     f"{rnn_name}, has test MAE {rnn['test_mean']:,.0f} ± {rnn['test_stdev']:,.0f} MW "
                     f"({len(rnn['runs'])} seeds) vs the best baseline on test, {base_name}, "
                     f"{base['test_mae']:,.0f} MW: margin {margin:+.1%} (target ≥ +10%): "
                     f"**{'met' if margin >= 0.10 else 'MISSED'}**"
                     + ("" if margin >= 0.10 else " — see chapter 08, section 7, for why"))
    by_name = {r["model"]: r for r in data["models"] if r["chapter"][:2] == "08"}
    for kind in ("GRU(16)", "LSTM(16)"):
        r = by_name.get(f"stocks next-day return: {kind}")
        if r:
            # Chapter 08's rule (section 8): a difference from "no change" counts only beyond
            # twice the standard deviation over seeds; within it, a tie.
            diff = r["test_mae"] - r["no_change_test_mae"]
            if abs(diff) > 2 * r["test_mae_sd"]:
                verdict = (f"{'worse' if diff > 0 else 'better'} than no change by more than "
                           "twice the sd over seeds")
            else:
                verdict = "a tie: within twice the sd over seeds"
            lines.append(f"- stocks: {kind} next-day return, test MAE {r['test_mae']:.4f} ± "
                         f"{r['test_mae_sd']:.4f} vs no change {r['no_change_test_mae']:.4f} "
                         f"({diff:+.4f}): {verdict} (reported, no target)")
    return lines


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------

def _fmt(value, spec=""):
    return "" if value is None else format(value, spec)


def book_sections(data: dict) -> list[str]:
    """The book's runs, the XLA speed-ups, the one-hot memory estimate and the test set
    (chapters 04–06) as Markdown lines."""
    by_name = {r["model"]: r for r in data["models"]}
    lines = ["", "## The book's own runs (rickiepark/hg-mldl)", "",
             "Every run of these models printed in the book's repository that we could read, from its "
             "training logs (`tools/book_runs.md`). *Val acc* is at the epoch early stopping restores. "
             "Each is a single run; the 2020 runs set no random seed. The book evaluates only the "
             "two-layer LSTM on the test set; in the 2020 run its checkpoint had no `save_best_only`, "
             "so that test accuracy most likely comes from the last epoch's weights (epoch 42), not "
             "the restored epoch 39.", "",
             "| model | version | notebook @ commit | words | epochs run | restored epoch | val acc | "
             "test acc |", "|---|---|---|---:|---:|---:|---:|---:|"]
    for model, version, notebook, words, epochs, best, val, test in BOOK_RUNS:
        commit = BOOK_COMMITS[(version, notebook)]
        lines.append(f"| {model} | {version} | {notebook}.ipynb @ `{commit[:7]}` | {words} | {epochs} | "
                     f"{best} | {val:.4f} | {_fmt(test, '.4f')} |")

    xla = [r for r in data["models"] if r["model"].startswith("XLA speed-up: ")]
    if xla:
        lines += ["", "## XLA on a CPU: seconds per epoch with and without `jit_compile`", "",
                  "Each chapter times its own models, compiled with and without XLA, side by side in "
                  "one run: one untimed epoch each (tracing and compiling), then three epochs on 5,000 "
                  "training reviews taken in turns; the median is shown.", "",
                  "| chapter | model | with XLA (s) | without (s) | speed-up |", "|---|---|---:|---:|---:|"]
        for r in xla:
            lines.append(f"| {r['chapter'][:2]} | {r['model'].removeprefix('XLA speed-up: ')} | "
                         f"{r['seconds_xla']:.2f} | {r['seconds_no_xla']:.2f} | {r['speedup']:.1f}× |")

    memory = by_name.get("book's way: to_categorical + fit, estimated peak memory")
    if memory:
        lines += ["", "## The book's one-hot arrays: peak memory (chapter 04)", "",
                  "`to_categorical` for all 25,000 reviews and one `fit`, measured on subsets in fresh "
                  "processes and scaled in a straight line (`tools/book_memory.py`):", "",
                  f"- `float64`, what `to_categorical` returns on Keras 3: "
                  f"{memory['float64_mb_per_review']:.2f} MB per review → about "
                  f"**{memory['float64_gb']:.1f} GB**",
                  f"- `float32`, as in the book's era: {memory['float32_mb_per_review']:.2f} MB per "
                  f"review → about **{memory['float32_gb']:.1f} GB**",
                  "- a free Colab session has about 12.7 GB"]

    pick, two_layer = by_name.get("test set: our pick"), by_name.get("test set: 2 × LSTM(8, dropout=0.3)")
    if pick or two_layer:
        lines += ["", "## The test set (chapter 06, each model evaluated once)", ""]
        if pick:
            lines.append(f"- our pick, the chapter-06 model with the best validation accuracy: "
                         f"{pick['chosen']} (val {pick['val_accuracy_at_best']:.4f}): **test accuracy "
                         f"{pick['test_accuracy']:.4f}**")
        if two_layer:
            lines.append(f"- the two-layer LSTM, as the book evaluates it: test accuracy "
                         f"{two_layer['test_accuracy']:.4f} (book: 0.8019 with TF 2.3 in 2020, "
                         "0.7848 with Keras 3)")
    return lines


ATTENTION_MODELS = ("LSTM", "GRU", "BiLSTM + attention", "Transformer")


def attention_section(data: dict) -> list[str]:
    """Chapter 10: the four models over seeds, and one training step's time against length."""
    by_name = {r["model"]: r for r in data["models"] if r["chapter"][:2] == "10"}
    rows = [(m, by_name.get(f"chapter 10: {m}")) for m in ATTENTION_MODELS]
    if not any(r for _, r in rows):
        return []
    lines = ["", "## Attention and the Transformer (chapter 10)", "",
             "IMDB reviews as in chapter 09 (20,000 words, first 200 tokens, the same 5,000 "
             "validation reviews), the same recipe for every model (Adam 2e-3, batch 128, early "
             "stopping with patience 1); validation accuracy at the best epoch, mean ± sd over "
             "seeds; seconds per epoch: median over the epochs after the first, models taking "
             "turns in one run.", "",
             "| model | params | seeds | val acc per seed | mean ± sd | s/epoch |",
             "|---|---:|---:|---|---:|---:|"]
    for name, row in rows:
        if row is None:
            lines.append(f"| {name} | | | not run yet | | |")
            continue
        runs = [by_name.get(f"chapter 10: {name}, seed {i}") for i in range(1, row["seeds"] + 1)]
        per_seed = ", ".join(f"{r['val_accuracy_at_best']:.4f}" for r in runs if r)
        sd = row.get("val_accuracy_sd")
        spread = f" ± {sd:.4f}" if isinstance(sd, (int, float)) and sd == sd else ""
        lines.append(f"| {name} | {row['params']:,} | {row['seeds']} | {per_seed} | "
                     f"{row['val_accuracy_mean']:.4f}{spread} | {row['seconds_per_epoch']:.1f} |")
    step = by_name.get("chapter 10: time per training step")
    if step:
        lengths = step["lengths"].split()
        names = [k[:-3] for k in step if k.endswith("_ms")]
        lines += ["", "One training step (batch of 32 random reviews) against review length, "
                  "median of 5 steps after one untimed step, in ms:", "",
                  "| tokens | " + " | ".join(n.upper() if n != "transformer" else "Transformer"
                                             for n in names) + " |",
                  "|---:|" + "---:|" * len(names)]
        columns = [step[f"{n}_ms"].split() for n in names]
        for i, T in enumerate(lengths):
            lines.append(f"| {T} | " + " | ".join(c[i] for c in columns) + " |")
        if str(step["crossover"]) == lengths[0]:
            lines += ["", "The Transformer's step is slower than the LSTM's at every length measured."]
        else:
            lines += ["", f"First length at which the Transformer's step is slower than the LSTM's: "
                          f"{step['crossover']}."]
    return lines


def write_markdown(data: dict) -> None:
    lines = ["# Reproduction results", "",
             "Written by `python tools/reproduce.py` from full-mode runs of the chapters on a "
             "2-core CPU without a GPU (the committed notebook outputs come from the same runs). "
             "*Val acc* is the validation accuracy at the best epoch (lowest validation loss: "
             "the weights early stopping restores). *Book (500 words)* is the mean validation "
             "accuracy of the book repository's runs with 500 words, as ours (the number of runs "
             "in brackets; all of them are listed below). The test set is used once, in chapter "
             "06 (see below).", "",
             "## Models", "",
             "| chapter | model | params | epochs run | best epoch | best val loss | val acc | "
             "max val acc | book (500 words) | train time (s) | s/epoch |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in data["models"]:
        if row["chapter"][:2] in ("07", "08", "09", "10") or row["model"].startswith(NOT_MODELS):
            continue                    # language model, forecasts, chapter 9: their own tables
        name = row["model"]
        val = row.get("val_accuracy_at_best", row.get("val_accuracy"))
        book = book_500(name)
        book_cell = f"{statistics.mean(book):.4f} ({len(book)})" if book else ""
        lines.append(
            f"| {row['chapter'][:2]} | {name} | {_fmt(row.get('params'), ',')} | "
            f"{_fmt(row.get('epochs_run'))} | {_fmt(row.get('best_epoch'))} | "
            f"{_fmt(row.get('best_val_loss'), '.4f')} | {_fmt(val, '.4f')} | "
            f"{_fmt(row.get('max_val_accuracy'), '.4f')} | {book_cell} | "
            f"{_fmt(row.get('seconds'), '.0f')} | {_fmt(row.get('seconds_per_epoch'))} |")
    if any(r["chapter"][:2] in ("04", "05", "06") for r in data["models"]):
        lines += book_sections(data)

    by_name = {r["model"]: r for r in data["models"]}
    lm, sample = by_name.get("character LSTM language model"), by_name.get(
        "character LSTM: generated text")
    counting = by_name.get("character references: counting")
    beyond = by_name.get("character LSTM: state beyond 100 steps")
    if lm:
        lines += ["", "## Character-level language model (chapter 07)", "",
                  "Cross-entropy on the same validation characters (the targets of the validation "
                  "chunks; every model's context restarts at each 100-character chunk). The "
                  "n-grams count the training text (interpolated modified Kneser–Ney smoothing).", "",
                  "| model | nats/char | bits/char | params | train time |", "|---|---:|---:|---:|---:|"]
        if counting:
            from math import log
            refs = [("uniform guess (ln 80)", counting["uniform"], None),
                    ("unigram (character frequencies)", counting["unigram"], None),
                    ("6-gram", counting["ngram6"], f"{counting['ngram6_fit_seconds']:.0f} s (fit)")]
            if counting.get("best_order", 6) != 6:
                refs.append((f"{counting['best_order']}-gram (the best order on validation)",
                             counting["ngram_best"], None))
            for name, nats, fit in refs:
                lines.append(f"| {name} | {nats:.3f} | {nats / log(2):.3f} |  | {fit or ''} |")
        lines.append(f"| LSTM({lm.get('units', 512)}), best epoch | **{lm['best_val_loss']:.3f}** | "
                     f"{lm['val_bits_per_char']:.3f} | {lm['params']:,} | "
                     f"{lm['seconds'] / 60:.1f} min |")
        lines += ["", f"- LSTM: {lm['epochs_run']} epochs"
                  + (f" ({lm['steps']:,} steps of {lm['batch_size']} chunks, peak learning rate "
                     f"{lm['peak_lr']:g}, cosine over the time budget)" if "steps" in lm else "")
                  + f", best epoch {lm['best_epoch']}"]
        if beyond:
            lines.append("- state carried beyond the 100-character training chunks (1,000-character "
                         f"validation stretches): {beyond['first_100']:.3f} nats/char at positions "
                         f"0–99, {beyond['positions_100_999']:.3f} at 100–999; at positions 199, 299, … "
                         f"{beyond['carried_at_ends']:.3f} with the state carried, "
                         f"{beyond['window_at_ends']:.3f} re-reading the last 100 characters")
        if sample and "real_words_t10_sd" in sample:
            def share(key):
                return f"{sample[key]:.0%} ± {sample[key + '_sd']:.0%}"
            lines.append(f"- real words (words of the training text) in {sample['characters']} "
                         f"generated characters after \"The island\", mean ± sd over "
                         f"{sample['seeds']} seeds: {share('real_words_t05')} at temperature 0.5, "
                         f"{share('real_words_t10')} at 1.0, {share('real_words_t15')} at 1.5; at 1.0 "
                         f"re-reading the last 100 characters {share('window100_t10')}, the 6-gram "
                         f"{share('ngram6_t10')}; the validation text itself "
                         f"{sample['validation_text']:.0%}")

    lines += forecast_section(data)

    ch09 = [r for r in data["models"] if r["chapter"][:2] == "09"]
    final09 = next((r for r in ch09 if r["model"] == "final model on the test set"), None)
    lines += beyond_section(data, ch09, final09)
    lines += attention_section(data)

    lines += ["", "## Chapters", "",
              "| chapter | wall time | peak memory | run on |", "|---|---:|---:|---|"]
    for name, run in data["chapters"].items():
        lines.append(f"| {name} | {run['seconds'] / 60:.1f} min | "
                     f"{run['peak_memory_mb'] / 1024:.2f} GiB | {run['date']} |")

    lines += ["", "## Targets", "",
              "Book models (validation accuracy at the best epoch): **met** when this run is at or "
              "above the mean of the book's 500-word runs; a **tie** when that mean lies within the "
              "range of our seeds (book recipe); **MISSED** when it lies above all of them — the "
              "chapter named says why.", ""]
    studies = {model: data.get(STUDIES[study][0], {}).get(BOOK_RECIPE)
               for study, model in STUDY_MODEL.items()}
    for name in BOOK_MODELS:
        row = by_name.get(name)
        val = None if row is None else row.get("val_accuracy_at_best")
        if val is None:
            lines.append(f"- {name}: not run yet")
            continue
        verdict, note = judge(val, book_500(name), studies.get(name))
        why = f" (chapter {row['chapter'][:2]})" if verdict == "MISSED" else ""
        lines.append(f"- {name}: {note}: **{verdict}**{why}")
    ch = data["chapters"]
    if "04_simplernn_one_hot.ipynb" in ch:
        peak = ch["04_simplernn_one_hot.ipynb"]["peak_memory_mb"]
        lines.append(f"- chapter 04 peak memory {peak / 1024:.2f} GiB = {peak * 2**20 / 1e9:.2f} GB (target ≤ 1.5 GB): "
                     f"**{'met' if peak <= 1536 else 'MISSED'}**")
    imdb = [k for k in ch if k[:2] in ("04", "05", "06")]
    if len(imdb) == 3:
        total = sum(ch[k]["seconds"] for k in imdb) / 60
        lines.append(f"- chapters 04–06 together {total:.1f} min (target ≤ 20 min): "
                     f"**{'met' if total <= 20 else 'MISSED'}**")
    if lm and counting and sample and "real_words_t10_sd" in sample:
        margin = lm["best_val_loss"] - counting["ngram6"]
        words = sample["real_words_t10"]
        ok = margin <= -0.15 and words >= 0.90 and lm["seconds"] <= 20 * 60
        lines.append(f"- character LSTM: {lm['best_val_loss']:.3f} nats/char vs the 6-gram's "
                     f"{counting['ngram6']:.3f} ({margin:+.3f}; target ≤ −0.15) and {words:.0%} real "
                     f"words at temperature 1.0 (mean of {sample['seeds']} seeds; target ≥ 90%), after "
                     f"{lm['seconds'] / 60:.1f} min of training (target ≤ 20 min): "
                     f"**{'met' if ok else 'MISSED'}**"
                     + ("" if ok else " — see chapter 07, section 6, for what limited it"))
    lines += forecast_targets(data)
    if "08_time_series.ipynb" in ch:
        minutes = ch["08_time_series.ipynb"]["seconds"] / 60
        lines.append(f"- chapter 08 in {minutes:.1f} min (target ≤ 10 min): "
                     f"**{'met' if minutes <= 10 else 'MISSED'}**")

    if final09:
        ok = final09["test_accuracy"] >= 0.89 and final09["seconds"] <= 20 * 60
        lines.append(f"- chapter 09: IMDB test accuracy {final09['test_accuracy']:.4f} from a recurrent "
                     f"model trained in {final09['seconds'] / 60:.1f} min on this CPU (target ≥ 0.89 "
                     f"within 20 min): **{'met' if ok else 'MISSED'}**"
                     + ("" if ok else " — see chapter 09, section 8, for what limited it"))

    if "10_attention_transformer.ipynb" in ch:
        minutes = ch["10_attention_transformer.ipynb"]["seconds"] / 60
        lines.append(f"- chapter 10 in {minutes:.1f} min (target ≤ 20 min): "
                     f"**{'met' if minutes <= 20 else 'MISSED'}**")

    for study, (key, title) in STUDIES.items():
        if not data.get(key):
            continue
        lines += ["", f"## {title}", "",
                  "The same model and data, seeds 1…N "
                  f"(`python tools/reproduce.py --seeds N --study {study} --no-chapters`).",
                  "", "| recipe | seeds | mean val acc | stdev | min | max | "
                  "val acc per seed (epochs run) |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for recipe, s in data[key].items():
            per_seed = ", ".join(f"{r['val_accuracy_at_best']:.4f} ({r['epochs_run']})"
                                 for r in s["runs"])
            lines.append(f"| {recipe} | {len(s['runs'])} | {s['mean']:.4f} | {s['stdev']:.4f} | "
                         f"{s['min']:.4f} | {s['max']:.4f} | {per_seed} |")
    RESULTS_MD.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run chapters and build the results table.")
    parser.add_argument("chapters", nargs="*", help="name prefixes, e.g. 04 05 (default: all)")
    parser.add_argument("--fast", action="store_true", help="run in fast mode (RNNBOOK_FAST=1)")
    parser.add_argument("--seeds", type=int, default=0,
                        help="also train a chapter's model over this many seeds (see --study)")
    parser.add_argument("--study", choices=sorted(STUDIES) + ["beyond", "forecast"], default="simplernn",
                        help="which model the seed study trains (default: chapter 4's SimpleRNN; "
                             "beyond: chapter 9's steps 3 on)")
    parser.add_argument("--steps", type=int, nargs="+", choices=sorted(BEYOND_CHANGES),
                        help="--study beyond: only these steps of chapter 9")
    parser.add_argument("--reviews", type=int,
                        help="--study beyond: train on only this many of the 20,000 training reviews")
    parser.add_argument("--no-chapters", action="store_true", help="only the seed study")
    parser.add_argument("--table", action="store_true",
                        help="only rewrite results.md from results.json; run nothing")
    parser.add_argument("--timeout", type=int, default=7200, help="seconds per cell")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run a single notebook
    args = parser.parse_args(argv)
    if args.seeds < 0:
        parser.error("--seeds must be 0 or more")
    if args.no_chapters and (args.chapters or not args.seeds):
        parser.error("--no-chapters runs only the seed study: give --seeds N and no chapters")

    if args.one:
        print(json.dumps(run_one(Path(args.one), args.timeout)))
        return 0
    if args.table:
        write_markdown(json.loads(RESULTS_JSON.read_text()))
        print(f"wrote {RESULTS_MD.relative_to(ROOT)}")
        return 0

    paths = [] if args.no_chapters else sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))
    if args.chapters:
        paths = [p for p in paths if any(p.name.startswith(c) for c in args.chapters)]
        if not paths:
            parser.error(f"no notebook in chapters/ starts with {args.chapters}")
    env = dict(os.environ)
    env.pop("RNNBOOK_FAST", None)
    if args.fast:
        env["RNNBOOK_FAST"] = "1"
        os.environ["RNNBOOK_FAST"] = "1"
    else:
        os.environ.pop("RNNBOOK_FAST", None)
    mode = "fast" if args.fast else "full"

    chapter_runs, model_rows = {}, {}
    failed = False
    for path in paths:
        print(f"running {path.name} ({mode} mode) …", flush=True)
        try:
            run, rows = run_chapter(path, env, args.timeout)
        except RuntimeError as err:
            print(err, file=sys.stderr)
            failed = True
            continue
        status = "FAILED: " + run["error"] if run["error"] else "ok"
        print(f"  {run['seconds']:>8.1f} s   peak {run['peak_memory_mb']:>8.1f} MB   "
              f"{len(rows)} model(s)   {status}", flush=True)
        for row in rows:
            print(f"    {row['model']}: " + ", ".join(
                f"{k}={v}" for k, v in row.items() if k not in ("model", "mode")))
        failed |= bool(run["error"])
        if mode == "full" and not run["error"]:
            run["date"] = time.strftime("%Y-%m-%d")
            chapter_runs[path.name] = run
            model_rows[path.name] = [{"chapter": path.name, **r} for r in rows]
    seeds = forecast = None
    if args.seeds:
        print(f"seed study {args.study}: {args.seeds} seeds ({mode} mode) …", flush=True)
        if args.study == "beyond":       # saves each run to results.json as it ends
            beyond_study(args.seeds, args.steps, args.reviews)
        elif args.study == "forecast":   # chapter 8's day-ahead forecast
            forecast = forecast_study(args.seeds)
        else:
            seeds = seed_study(args.seeds, args.study)
    if mode == "full":
        # Read the file only now, so that runs in parallel do not undo each other's updates.
        data = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
        data.setdefault("chapters", {}).update(chapter_runs)
        data["models"] = [r for r in data.get("models", []) if r["chapter"] not in model_rows]
        data["models"] += [r for rows in model_rows.values() for r in rows]
        if seeds is not None:
            data[STUDIES[args.study][0]] = seeds
        if forecast is not None:
            data[FORECAST_KEY] = forecast
        data["chapters"] = dict(sorted(data["chapters"].items()))
        data["models"].sort(key=lambda r: r["chapter"])
        RESULTS_JSON.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        write_markdown(data)
        print(f"wrote {RESULTS_MD.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
