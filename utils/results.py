"""Summaries of training runs, kept so that later chapters and the bench can use them.

A chapter calls :func:`record` once per trained model. The row it returns is shown in the
notebook and is also kept

* in ``data/cache/results.json`` (the latest row per model name and mode), so a later chapter
  can compare with an earlier one via :func:`load` — e.g. chapter 6 tabulates every IMDB model;
* when the environment variable ``RNNBOOK_RESULTS`` names a file (the bench sets it), appended to
  that file as one JSON line.

Nothing is lost: processes that record at the same time take turns (a file lock) and replace
``results.json`` whole (a unique temporary file), so every row is kept. A ``results.json`` that
cannot be read is never overwritten: :func:`record` moves it aside to
``results.json.corrupt-<time>`` with a warning, :func:`load` warns and leaves it. When the cache
cannot be written, :func:`record` still returns its row, with a warning naming ``RNNBOOK_CACHE``.
"""

from __future__ import annotations

import json
import math
import os
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

from .mode import is_fast
from .paths import cache_dir, cache_fix, file_lock, write_atomically
from .training import _history_dict, best_epoch

RESULTS_ENV = "RNNBOOK_RESULTS"


def summarize(history, monitor: str = "val_loss", mode: str = "auto") -> dict:
    """Epochs run, the best epoch by ``monitor``, and the metrics at that epoch.

    The best epoch is :func:`utils.training.best_epoch`'s (``mode`` as there): the epoch whose
    weights ``EarlyStopping(restore_best_weights=True)`` and
    ``ModelCheckpoint(save_best_only=True)`` keep; never a NaN epoch. ``max_val_accuracy`` is
    the highest validation accuracy of any epoch (NaN epochs left out; None if all are NaN),
    for comparison with figures reported that way.
    """
    data = _history_dict(history)
    best = best_epoch(data, monitor, mode) - 1
    values = data[monitor]
    out = {"epochs_run": len(values), "best_epoch": best + 1,
           f"best_{monitor}": round(values[best], 4)}
    for key in ("val_accuracy", "loss", "accuracy"):
        if key in data and key != monitor:
            out[f"{key}_at_best"] = round(data[key][best], 4)
    if "val_accuracy" in data:
        real = [v for v in data["val_accuracy"] if not math.isnan(v)]
        out["max_val_accuracy"] = round(max(real), 4) if real else None
    return out


@contextmanager
def timer():
    """Measure wall time: ``with utils.results.timer() as t: ...`` then ``t.seconds``."""

    class _Timer:
        seconds = 0.0

    t = _Timer()
    start = time.perf_counter()
    try:
        yield t
    finally:
        t.seconds = round(time.perf_counter() - start, 1)


def record(model: str, history=None, **metrics) -> dict:
    """One row of results: the model's name, the summary of its history, and ``metrics``.

    ``metrics`` are plain numbers or strings (e.g. ``params=4081, seconds=212.4,
    test_accuracy=0.78``). The row says whether it came from fast mode. If ``RNNBOOK_RESULTS``
    is set, the row is appended to that file as one JSON line (a file that cannot be written
    there raises an OSError that names ``RNNBOOK_RESULTS`` and holds the row). A cache that
    cannot be written gives a warning, not an error: the row is still returned.
    """
    _check_name("record", model)
    row = {"model": model, "mode": _mode()}
    if history is not None:
        row.update(summarize(history))
    for key, value in metrics.items():
        if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
            value = value.item()       # NumPy scalars keep their kind: int stays int
        if not isinstance(value, (int, float, str, bool)) and value is not None:
            try:
                value = float(value)   # TensorFlow scalars
            except (TypeError, ValueError):
                raise TypeError(f"record: {key} must be a number or a string, "
                                f"got {type(value).__name__}") from None
        row[key] = round(value, 4) if isinstance(value, float) else value
    _keep(row)
    path = os.environ.get(RESULTS_ENV, "").strip()
    if path:
        _append(Path(path).expanduser(), row)
    return row


def _keep(row: dict) -> None:
    """Put ``row`` into the cache's results.json; warn (not raise) when that cannot be done."""
    try:
        path = cache_dir() / "results.json"
        with file_lock(path):                       # one process at a time: no lost row
            kept = _read_kept(path, set_aside=True)
            kept[f"{row['mode']}:{row['model']}"] = row
            text = json.dumps(kept, indent=1).encode("utf-8")
            write_atomically(path, lambda f: f.write(text))
    except OSError as err:
        warnings.warn(
            f"record: the row of {row['model']!r} could not be kept in the cache ({err}), so "
            "load() in a later chapter will not find it (the row is returned as usual)."
            + cache_fix(err), stacklevel=3)


def _append(path: Path, row: dict) -> None:
    """Append ``row`` as one JSON line to ``path`` (``$RNNBOOK_RESULTS``), under a lock."""
    line = json.dumps(row)
    try:
        with file_lock(path), open(path, "ab+") as f:
            f.seek(0, os.SEEK_END)
            head = b""
            if f.tell():
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":               # a last line cut short: keep it as it is
                    head = b"\n"
                    warnings.warn(f"{path} did not end with a newline (its last line was cut "
                                  "short?); that line is kept as it is and the new row starts "
                                  "on a line of its own.", stacklevel=3)
            f.write(head + line.encode("utf-8") + b"\n")
    except OSError as err:
        raise type(err)(f"record: cannot append the row to {RESULTS_ENV}={str(path)!r} "
                        f"({err.strerror or err}). Point {RESULTS_ENV} at a file you can write, "
                        f"or unset it. The row was: {line}") from err


def _read_kept(path: Path, set_aside: bool = False) -> dict:
    """The rows of results.json ({} if there is none). A file that cannot be read is never
    treated as empty silently: with ``set_aside`` (a writer, under the lock) it is moved to
    ``results.json.corrupt-<time>``; either way a warning says where its rows are."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    try:
        kept = json.loads(text)
        if not isinstance(kept, dict):
            raise ValueError(f"it holds a {type(kept).__name__}, not a table of rows")
        return kept
    except ValueError as err:            # also UnicodeDecodeError
        problem = f"{path} cannot be read ({err})"
    if not set_aside:
        warnings.warn(f"{problem}, so its rows are not used here. The next record() keeps it as "
                      f"{path.name}.corrupt-<time> and starts a new file.", stacklevel=3)
        return {}
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside, n = path.with_name(f"{path.name}.corrupt-{stamp}"), 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, aside)
    warnings.warn(f"{problem}: it was moved to {aside.name} beside it, so none of its rows is "
                  f"lost (copy them back by hand if you need them), and a new {path.name} "
                  "starts with this row.", stacklevel=4)
    return {}


LOCAL_SOURCE = "this machine's runs (data/cache/results.json)"
COMMITTED_SOURCE = "the committed full-mode run (bench/results.json)"


def load(*models: str) -> list[dict | None]:
    """The latest recorded row of each model in the current mode (None if never recorded).

    A model this machine has run in the current mode comes from ``data/cache/results.json``.
    In full mode, a model it has not run — e.g. in a fresh Colab runtime that starts with
    chapter 6 — comes from the committed ``bench/results.json`` of the full-mode run whose
    outputs the notebooks show. Each row says where it came from under ``"source"``
    (:data:`LOCAL_SOURCE` or :data:`COMMITTED_SOURCE`). Fast-mode rows never fall back:
    fast and full results are not comparable.
    """
    for m in models:
        _check_name("load", m)
    kept = _read_kept(cache_dir(create=False) / "results.json")    # reads: creates nothing
    committed = _read_committed() if _mode() == "full" else {}
    rows = []
    for m in models:
        row = kept.get(f"{_mode()}:{m}")
        if row is not None:
            rows.append(dict(row, source=LOCAL_SOURCE))
        elif m in committed:
            rows.append(dict(committed[m], source=COMMITTED_SOURCE))
        else:
            rows.append(None)
    return rows


def sources(rows) -> str:
    """One line naming where a table's rows came from, e.g. for a note under the table."""
    found = sorted({r["source"] for r in rows if r is not None and "source" in r})
    return "rows from " + " and ".join(found) if found else "no recorded rows"


def _committed_path() -> Path:
    from .paths import ROOT

    return ROOT / "bench" / "results.json"


def _read_committed() -> dict:
    """Full-mode model rows of the committed bench/results.json, by model name ({} without
    the file; a warning and {} when it cannot be read)."""
    path = _committed_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"it holds a {type(data).__name__}, not a table")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except ValueError as err:
        warnings.warn(f"{path} cannot be read ({err}), so no committed full-mode row is used. "
                      "Restore the committed file (git checkout -- bench/results.json).",
                      stacklevel=3)
        return {}
    return {row["model"]: row for row in data.get("models", [])
            if isinstance(row, dict) and row.get("mode", "full") == "full" and "model" in row}


def _check_name(where: str, model) -> None:
    if not isinstance(model, str):
        raise TypeError(f"{where}: model must be a name (a str) such as 'LSTM(8)', got "
                        f"{model!r} ({type(model).__name__})")
    if not model.strip():
        raise ValueError(f"{where}: model must be a non-empty name such as 'LSTM(8)', "
                         f"got {model!r}")


def _mode() -> str:
    return "fast" if is_fast() else "full"
