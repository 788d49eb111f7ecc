"""tools/run_chapters.py: how a chapter's run is saved in the bench (no notebook is run here)."""

import sys
from pathlib import Path

from bench import store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import run_chapters  # noqa: E402

CH = "04_simplernn_one_hot.ipynb"


def test_saving_replaces_a_chapters_rows_but_keeps_the_benchs(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "RESULTS", tmp_path / "results.json")
    store.write({"chapters": {}, "models": [
        {"chapter": CH, "model": "old model", "kind": "model", "val_accuracy": 0.7},
        {"chapter": CH, "model": "XLA speed-up: a model", "kind": "xla", "label": "a model"},
        {"chapter": CH, "model": "book's way", "kind": "book_memory", "float64_gb": 20.0},
        {"chapter": "05_embedding_simplernn.ipynb", "model": "other chapter", "kind": "model"}]})
    unknown = run_chapters.save(
        {CH: {"seconds": 60.0, "peak_memory_mb": 900.0, "date": "2026-12-07"}},
        {CH: [{"chapter": CH, "model": "new model", "val_accuracy": 0.8},
              {"chapter": CH, "model": "book's way", "float64_gb": 19.0}]})
    rows = {r["model"]: r for r in store.load()["models"]}
    assert "old model" not in rows                                  # replaced by this run
    assert rows["new model"]["kind"] == "model" and unknown == [f"{CH}: new model"]
    assert rows["XLA speed-up: a model"]["kind"] == "xla"            # the bench's, kept
    assert rows["book's way"]["float64_gb"] == 19.0                   # measured again: the new row
    assert rows["book's way"]["kind"] == "book_memory"                # its kind carried over
    assert "other chapter" in rows
    assert store.load()["chapters"][CH]["seconds"] == 60.0
