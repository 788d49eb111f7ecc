"""Peak memory of the book's way of feeding chapter 4's SimpleRNN: one-hot arrays for all reviews.

The book one-hot encodes every padded review up front::

    train_oh = keras.utils.to_categorical(train_seq)       # (20000, 100, 500)
    val_oh = keras.utils.to_categorical(val_seq)           # (5000, 100, 500)
    model.fit(train_oh, train_target, batch_size=64, validation_data=(val_oh, val_target), ...)

That needs too much memory to try on all 25,000 reviews, so this script does it on a few subsets,
each in a fresh Python process, and measures each process's peak resident memory (what the
operating system had to give it). The peak grows in a straight line with the number of reviews:
the line's slope is the memory per review, and its value at 25,000 reviews is the estimate for the
whole data set. A fresh process per subset means every measurement starts from the same state.

    python tools/book_memory.py                  # subsets of 100, 200, 300, 400 training reviews
    python tools/book_memory.py --reviews 100 300

Chapter 4 calls :func:`measure` with its padded reviews and prints the result; run as a script,
it loads IMDB itself and prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAL_SHARE = 0.25        # the book's split: 5,000 validation reviews per 20,000 training reviews


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


def measure_one(data_file: str, n_train: int, dtype: str = "float64") -> dict:
    """The book's way on the first ``n_train`` training and ``n_train / 4`` validation reviews.

    ``dtype`` is that of the one-hot arrays: ``float64`` is what ``to_categorical`` returns on
    Keras 3; ``float32`` is what it returned in the book's era (TensorFlow 2.x).

    ``data_file`` is an ``.npz`` with the padded reviews and labels (``train_seq``, ``val_seq``,
    ``train_target``, ``val_target``), written by :func:`measure`; loading it costs little,
    so the process's peak is mostly TensorFlow plus what the book's way adds.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np
    import keras
    from keras import layers

    with np.load(data_file) as data:
        n_val = round(n_train * VAL_SHARE)
        train_seq, train_target = data["train_seq"][:n_train], data["train_target"][:n_train]
        val_seq, val_target = data["val_seq"][:n_val], data["val_target"][:n_val]

    keras.utils.set_random_seed(42)
    model = keras.Sequential([keras.Input(shape=(100, 500)), layers.SimpleRNN(8),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-4),
                  loss="binary_crossentropy", metrics=["accuracy"])
    before = _peak_bytes()
    if dtype == "float64":
        # Keras 3's to_categorical; num_classes=500 as on all reviews (a small subset may
        # lack the highest ids)
        train_oh = keras.utils.to_categorical(train_seq, num_classes=500)
        val_oh = keras.utils.to_categorical(val_seq, num_classes=500)
    else:
        # the same one-hot rows built directly in float32, as to_categorical did in the book's era
        train_oh = np.eye(500, dtype=dtype)[train_seq]
        val_oh = np.eye(500, dtype=dtype)[val_seq]
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


def measure(train_seq, val_seq, train_target, val_target, train_reviews=(100, 200, 300, 400),
            reviews: int = 25_000, dtype: str = "float64") -> dict:
    """Run :func:`measure_one` for each subset in a fresh child process, then :func:`scale`.

    The padded reviews and labels go to the children through a temporary ``.npz`` file.
    """
    import numpy as np

    most = max(train_reviews)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        data_file = os.path.join(tmp, "reviews.npz")
        np.savez(data_file, train_seq=train_seq[:most], train_target=train_target[:most],
                 val_seq=val_seq[:round(most * VAL_SHARE)],
                 val_target=val_target[:round(most * VAL_SHARE)])
        for n in train_reviews:
            out = subprocess.run([sys.executable, __file__, "--one", str(int(n)), data_file, dtype],
                                 capture_output=True, text=True, env={**os.environ})
            if out.returncode != 0:
                raise RuntimeError(f"book_memory: the child for {n} reviews failed:\n"
                                   f"{out.stderr[-2000:]}")
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"runs": runs, "dtype": dtype, **scale(runs, reviews)}


def _imdb_padded():
    """The book's padded training and validation reviews (500 words, 100 tokens)."""
    sys.path.insert(0, str(ROOT))
    import keras
    from sklearn.model_selection import train_test_split

    from utils.datasets import load_imdb

    (x, y), _ = load_imdb(num_words=500)
    x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2, random_state=42)
    return (keras.utils.pad_sequences(x_train, maxlen=100),
            keras.utils.pad_sequences(x_val, maxlen=100), y_train, y_val)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[100, 200, 300, 400],
                        help="training reviews per subset (validation adds a quarter)")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64",
                        help="one-hot dtype: float64 (Keras 3) or float32 (the book's era)")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)  # internal: N, data file, dtype
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure_one(args.one[1], int(args.one[0]), args.one[2])))
        return 0
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    print(json.dumps(measure(*_imdb_padded(), train_reviews=args.reviews, dtype=args.dtype),
                     indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
