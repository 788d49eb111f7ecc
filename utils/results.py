"""Summaries of training runs, kept so that later chapters and the reproduction script can use them.

A chapter calls :func:`record` once per trained model. The row it returns is shown in the
notebook and is also kept

* in ``data/cache/results.json`` (the latest row per model name and mode), so a later chapter
  can compare with an earlier one via :func:`load` — e.g. chapter 6 tabulates every IMDB model;
* when the environment variable ``RNNBOOK_RESULTS`` names a file (the reproduction script sets
  it), appended to that file as one JSON line.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager

from .mode import is_fast
from .paths import cache_dir
from .plotting import _history_dict, best_epoch

RESULTS_ENV = "RNNBOOK_RESULTS"


def summarize(history, monitor: str = "val_loss") -> dict:
    """Epochs run, the best epoch by ``monitor`` (lowest loss, highest accuracy), and the
    metrics at that epoch.

    The best epoch's weights are the ones ``EarlyStopping(restore_best_weights=True)`` and
    ``ModelCheckpoint(save_best_only=True)`` keep. ``max_val_accuracy`` is the highest
    validation accuracy of any epoch, for comparison with figures reported that way.
    """
    data = _history_dict(history)
    best = best_epoch(data, monitor) - 1
    values = data[monitor]
    out = {"epochs_run": len(values), "best_epoch": best + 1,
           f"best_{monitor}": round(values[best], 4)}
    for key in ("val_accuracy", "loss", "accuracy"):
        if key in data and key != monitor:
            out[f"{key}_at_best"] = round(data[key][best], 4)
    if "val_accuracy" in data:
        out["max_val_accuracy"] = round(max(data["val_accuracy"]), 4)
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
    is set, the row is appended to that file as one JSON line.
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
    kept = _read_kept()
    kept[f"{row['mode']}:{model}"] = row
    tmp = _kept_path().with_suffix(".tmp")
    tmp.write_text(json.dumps(kept, indent=1), encoding="utf-8")
    tmp.replace(_kept_path())
    path = os.environ.get(RESULTS_ENV, "").strip()
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")
    return row


def _kept_path():
    return cache_dir() / "results.json"


def _read_kept() -> dict:
    try:
        return json.loads(_kept_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


LOCAL_SOURCE = "this machine's runs (data/cache/results.json)"
COMMITTED_SOURCE = "the committed full-mode run (tools/results.json)"


def load(*models: str) -> list[dict | None]:
    """The latest recorded row of each model in the current mode (None if never recorded).

    A model this machine has run in the current mode comes from ``data/cache/results.json``.
    In full mode, a model it has not run — e.g. in a fresh Colab runtime that starts with
    chapter 6 — comes from the committed ``tools/results.json`` of the full-mode run whose
    outputs the notebooks show. Each row says where it came from under ``"source"``
    (:data:`LOCAL_SOURCE` or :data:`COMMITTED_SOURCE`). Fast-mode rows never fall back:
    fast and full results are not comparable.
    """
    for m in models:
        _check_name("load", m)
    kept = _read_kept()
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


def _committed_path():
    from .paths import ROOT

    return ROOT / "tools" / "results.json"


def _read_committed() -> dict:
    """Full-mode model rows of the committed tools/results.json, by model name."""
    try:
        data = json.loads(_committed_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
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
