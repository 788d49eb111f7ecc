"""Peak memory of the book's way of feeding chapter 4's SimpleRNN: one-hot arrays for all reviews.

The book one-hot encodes every padded review up front::

    train_oh = keras.utils.to_categorical(train_seq)       # (20000, 100, 500)
    val_oh = keras.utils.to_categorical(val_seq)           # (5000, 100, 500)
    model.fit(train_oh, train_target, batch_size=64, validation_data=(val_oh, val_target), ...)

That needs too much memory to try on all 25,000 reviews, so this study does it on a few subsets,
each in a fresh Python process, and measures each process's peak resident memory (what the
operating system had to give it). The peak grows in a straight line with the number of reviews:
the line's slope is the memory per review, and its value at 25,000 reviews is the estimate for the
whole data set. A fresh process per subset means every measurement starts from the same state.

    python -m bench book-memory                    # 100, 250 and 400 training reviews (fast: 100, 400)
    python -m bench book-memory --reviews 100 300

The data and the model come from chapter 4's recipes (``recipes.simplernn_one_hot``): its padded
reviews, and its model without the one-hot layer, which is the book's model on one-hot arrays.
Both ``float64`` (what ``to_categorical`` returns on Keras 3) and ``float32`` (what it returned
in the book's era) are measured; the estimate is saved in ``bench/results.json`` as chapter 04's
row ``kind: "book_memory"``, where the report finds it. Chapter 4 calls :func:`measure` itself.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAL_SHARE = 0.25        # the book's split: 5,000 validation reviews per 20,000 training reviews
DTYPES = ("float64", "float32")
#: Where the report finds the estimate: chapter 04's row of this kind in ``models``.
CHAPTER = "04_simplernn_one_hot.ipynb"
MODEL = "book's way: to_categorical + fit, estimated peak memory"
KIND = "book_memory"
GB = 1e9


def _peak_bytes() -> int:
    """This process's peak resident memory so far, in bytes.

    On Linux from ``VmHWM`` in /proc/self/status: ``ru_maxrss`` would not do, because Linux
    carries it over from the parent process across ``exec``, so a child started by a large
    parent would report the parent's size. Elsewhere ``ru_maxrss`` (bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for row in status:
                if row.startswith("VmHWM:"):
                    return int(row.split()[1]) * 1024          # reported in kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def book_model():
    """Chapter 4's model as the book feeds it: without its one-hot layer, on one-hot arrays of
    shape (100, 500) made before ``fit`` (the same SimpleRNN(8) and Dense(1), 4,081 weights)."""
    import keras

    from recipes.simplernn_one_hot import simplernn_one_hot

    model = simplernn_one_hot()
    one_hot, *rest = model.layers
    steps = model.input_shape[1]
    return keras.Sequential([keras.Input(shape=(steps, one_hot.num_tokens)), *rest],
                            name="book_way_one_hot_arrays")


def measure_one(data_file: str, n_train: int, dtype: str = "float64",
                model_file: str | None = None) -> dict:
    """The book's way on the first ``n_train`` training and ``n_train / 4`` validation reviews.

    ``dtype`` is that of the one-hot arrays: ``float64`` is what ``to_categorical`` returns on
    Keras 3; ``float32`` is what it returned in the book's era (TensorFlow 2.x).

    ``data_file`` is an ``.npz`` with the padded reviews and labels (``train_seq``, ``val_seq``,
    ``train_target``, ``val_target``) and ``model_file`` the JSON of :func:`book_model`, both
    written by :func:`measure`; loading them costs little, so the process's peak is mostly
    TensorFlow plus what the book's way adds (without ``model_file`` the model is built here).
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np
    import keras

    with np.load(data_file) as data:
        n_val = round(n_train * VAL_SHARE)
        train_seq, train_target = data["train_seq"][:n_train], data["train_target"][:n_train]
        val_seq, val_target = data["val_seq"][:n_val], data["val_target"][:n_val]

    keras.utils.set_random_seed(42)
    if model_file:
        model = keras.models.model_from_json(Path(model_file).read_text(encoding="utf-8"))
    else:
        model = book_model()
    n_words = model.input_shape[-1]
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-4),
                  loss="binary_crossentropy", metrics=["accuracy"])
    before = _peak_bytes()
    if dtype == "float64":
        # Keras 3's to_categorical; num_classes as on all reviews (a small subset may lack the
        # highest ids)
        train_oh = keras.utils.to_categorical(train_seq, num_classes=n_words)
        val_oh = keras.utils.to_categorical(val_seq, num_classes=n_words)
    else:
        # the same one-hot rows built directly in float32, as to_categorical did in the book's era
        train_oh = np.eye(n_words, dtype=dtype)[train_seq]
        val_oh = np.eye(n_words, dtype=dtype)[val_seq]
    arrays = train_oh.nbytes + val_oh.nbytes
    after_arrays = _peak_bytes()
    model.fit(train_oh, train_target, epochs=1, batch_size=64,
              validation_data=(val_oh, val_target), verbose=0)
    return {"train_reviews": len(train_seq), "val_reviews": len(val_seq),
            "dtype": str(train_oh.dtype), "array_bytes": int(arrays),
            "peak_before_arrays": before, "peak_after_arrays": after_arrays,
            "peak_after_fit": _peak_bytes()}


def line(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares straight line through (x, y) points: (slope, intercept)."""
    if len(points) < 2 or len({x for x, _ in points}) < 2:
        raise ValueError("line: need at least two points with different x")
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    slope = (sum((x - mx) * (y - my) for x, y in points)
             / sum((x - mx) ** 2 for x, _ in points))
    return slope, my - slope * mx


def scale(runs: list[dict], reviews: int = 25_000) -> dict:
    """Fit peak memory against the number of reviews (training + validation) and extrapolate.

    Returns the memory per review of the arrays alone and of the whole process (bytes), and
    the estimated peak for ``reviews`` reviews.
    """
    def points(key):
        return [(r["train_reviews"] + r["val_reviews"], r[key]) for r in runs]

    per_review_fit, base_fit = line(points("peak_after_fit"))
    per_review_arrays, base_arrays = line(points("peak_after_arrays"))
    return {
        "reviews": reviews,
        "array_bytes_per_review": runs[0]["array_bytes"] / (runs[0]["train_reviews"] + runs[0]["val_reviews"]),
        "peak_bytes_per_review_arrays": per_review_arrays,
        "peak_bytes_per_review_fit": per_review_fit,
        "fixed_bytes": base_fit,
        "estimated_peak_arrays": base_arrays + per_review_arrays * reviews,
        "estimated_peak_fit": base_fit + per_review_fit * reviews,
    }


def _child_env() -> dict:
    """The environment of a measuring child: ours, with the repository importable (``-m``)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return env


def measure(train_seq, val_seq, train_target, val_target, train_reviews=(100, 200, 300, 400),
            reviews: int = 25_000, dtype: str = "float64") -> dict:
    """Run :func:`measure_one` for each subset in a fresh child process, then :func:`scale`.

    The padded reviews and labels, and the model (:func:`book_model`, as JSON), go to the
    children through a temporary folder.
    """
    import numpy as np

    if dtype not in DTYPES:
        raise ValueError(f"book_memory: dtype must be one of {DTYPES}, got {dtype!r}")
    most = max(train_reviews)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        data_file = os.path.join(tmp, "reviews.npz")
        model_file = os.path.join(tmp, "model.json")
        np.savez(data_file, train_seq=train_seq[:most], train_target=train_target[:most],
                 val_seq=val_seq[:round(most * VAL_SHARE)],
                 val_target=val_target[:round(most * VAL_SHARE)])
        Path(model_file).write_text(book_model().to_json(), encoding="utf-8")
        for n in train_reviews:
            out = subprocess.run([sys.executable, "-m", "bench.book_memory", "--one", str(int(n)),
                                  data_file, dtype, model_file],
                                 capture_output=True, text=True, env=_child_env(), cwd=ROOT)
            if out.returncode != 0:
                raise RuntimeError(f"book_memory: the child for {n} reviews failed:\n"
                                   f"{out.stderr[-2000:]}")
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"runs": runs, "dtype": dtype, **scale(runs, reviews)}


def row(measured: dict[str, dict], mode: str) -> dict:
    """Chapter 04's results row from :func:`measure`'s results for both dtypes (as the chapter
    records it: gigabytes and megabytes per review, four decimals)."""
    return {"chapter": CHAPTER, "model": MODEL, "mode": mode,
            "float64_gb": round(measured["float64"]["estimated_peak_fit"] / GB, 4),
            "float32_gb": round(measured["float32"]["estimated_peak_fit"] / GB, 4),
            "float64_mb_per_review": round(measured["float64"]["peak_bytes_per_review_fit"] / 1e6, 4),
            "float32_mb_per_review": round(measured["float32"]["peak_bytes_per_review_fit"] / 1e6, 4),
            "kind": KIND}


def save(new: dict) -> bool:
    """Put ``new`` in place of chapter 04's book-memory row (or add it). A fast-mode row never
    replaces a full-mode one. Returns whether the row was saved."""
    from . import store

    saved = []

    def change(data):
        models = data.setdefault("models", [])
        at = next((i for i, r in enumerate(models)
                   if r.get("chapter") == CHAPTER and r.get("kind", "model") == KIND), None)
        if at is None:                     # after chapter 04's other rows
            ours = [i for i, r in enumerate(models) if r.get("chapter") == CHAPTER]
            models.insert(ours[-1] + 1 if ours else len(models), new)
        elif new["mode"] == "fast" and models[at].get("mode", "full") != "fast":
            return
        else:
            models[at] = new
        saved.append(True)

    store.update(change)
    return bool(saved)


def add_arguments(parser) -> None:
    parser.add_argument("--reviews", type=int, nargs="+",
                        help="training reviews per subset, validation adds a quarter "
                             "(default: 100 250 400; fast mode: 100 400)")


def run(args) -> int:
    import utils
    from recipes.simplernn_one_hot import imdb_padded

    sizes = args.reviews or utils.by_mode(full=(100, 250, 400), fast=(100, 400))
    if len(set(sizes)) < 2 or min(sizes) < 4:
        raise SystemExit("book-memory: give at least two different --reviews of 4 or more")
    (train_seq, train_target), (val_seq, val_target), _ = imdb_padded()
    measured = {dtype: measure(train_seq, val_seq, train_target, val_target,
                               train_reviews=sizes, dtype=dtype) for dtype in DTYPES}
    for dtype, m in measured.items():
        peaks = ", ".join(f"{r['train_reviews'] + r['val_reviews']}: {r['peak_after_fit'] / GB:.2f} GB"
                          for r in m["runs"])
        print(f"{dtype}: peak by reviews (train + validation) {peaks}; "
              f"{m['peak_bytes_per_review_fit'] / 1e6:.2f} MB per review during fit (the arrays "
              f"alone: {m['array_bytes_per_review'] / 1e6:.2f} MB) -> about "
              f"{m['estimated_peak_fit'] / GB:.1f} GB for all 25,000 reviews", flush=True)
    new = row(measured, "fast" if utils.is_fast() else "full")
    from . import store
    if save(new):
        print(f"saved chapter 04's row {MODEL!r} in {store.RESULTS}")
    else:
        print(f"fast mode: not saved over the full-mode row {MODEL!r} in {store.RESULTS}")
    return 0


def main(argv=None) -> int:
    """Internal: ``python -m bench.book_memory --one N DATA_FILE DTYPE [MODEL_FILE]`` measures
    one subset and prints one JSON object (what :func:`measure` starts for each subset)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("--one", nargs="+", required=True, metavar="ARG")
    args = parser.parse_args(argv)
    if len(args.one) not in (3, 4):
        parser.error("--one takes N DATA_FILE DTYPE [MODEL_FILE]")
    n, data_file, dtype, *model_file = args.one
    print(json.dumps(measure_one(data_file, int(n), dtype, *model_file)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
