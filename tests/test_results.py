"""utils.results: summaries of a history and the JSON-lines hook."""

import json

import numpy as np
import pytest

from utils import results

HISTORY = {"loss": [0.69, 0.6, 0.5, 0.45], "val_loss": [0.68, 0.62, 0.58, 0.6],
           "accuracy": [0.5, 0.65, 0.75, 0.8], "val_accuracy": [0.52, 0.66, 0.71, 0.72]}


def test_summarize_best_epoch_by_accuracy_is_the_highest():
    assert results.summarize(HISTORY, "val_accuracy")["best_epoch"] == 4


def test_summarize_best_epoch_by_val_loss():
    s = results.summarize(HISTORY)
    assert s == {"epochs_run": 4, "best_epoch": 3, "best_val_loss": 0.58,
                 "val_accuracy_at_best": 0.71, "loss_at_best": 0.5, "accuracy_at_best": 0.75,
                 "max_val_accuracy": 0.72}


def test_record_writes_json_lines_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path))
    monkeypatch.delenv("RNNBOOK_RESULTS", raising=False)
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    row = results.record("LSTM(8)", HISTORY, params=np.int64(800), test_accuracy=np.float32(0.78125))
    assert row["mode"] == "fast" and row["params"] == 800 and row["test_accuracy"] == 0.7812
    assert isinstance(row["params"], int)
    written = [p for p in tmp_path.iterdir() if p.suffix != ".lock"]   # .lock: record's lock
    assert written == [tmp_path / "results.json"]                       # no JSON-lines file
    assert row["best_epoch"] == 3

    out = tmp_path / "rows.jsonl"
    assert not out.exists()
    monkeypatch.setenv("RNNBOOK_RESULTS", str(out))
    results.record("a", seconds=1.5)
    results.record("b", HISTORY)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["model"] for r in rows] == ["a", "b"] and rows[0]["seconds"] == 1.5


def test_record_rejects_bad_input(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path))
    with pytest.raises(ValueError, match="record: model must be a non-empty name"):
        results.record("")
    with pytest.raises(ValueError, match="record: model must be a non-empty name"):
        results.record("  ")
    with pytest.raises(TypeError,
                       match=r"record: model must be a name \(a str\).*got 3 \(int\)"):
        results.record(3)
    with pytest.raises(TypeError, match=r"load: model must be a name.*got None"):
        results.load("GRU(8)", None)
    with pytest.raises(ValueError, match="history is empty.*0 epochs"):
        results.record("m", {})
    assert not (tmp_path / "results.json").exists()       # nothing half-recorded
    with pytest.raises(TypeError, match="extra must be a number"):
        results.record("m", extra=[1, 2])
    with pytest.raises(KeyError, match="val_loss"):
        results.summarize({"loss": [1.0]})


def test_timer():
    with results.timer() as t:
        sum(range(1000))
    assert 0 <= t.seconds < 5


def test_rows_are_kept_per_mode_for_later_chapters(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "_committed_path", lambda: tmp_path / "no-committed.json")
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path))
    monkeypatch.delenv("RNNBOOK_RESULTS", raising=False)
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    results.record("GRU(8)", HISTORY, params=624)
    assert results.load("GRU(8)", "never")[0]["params"] == 624
    assert results.load("never") == [None]
    monkeypatch.setenv("RNNBOOK_FAST", "0")
    assert results.load("GRU(8)") == [None]          # a fast-mode row is not a full-mode result
    results.record("GRU(8)", HISTORY, params=1)
    assert results.load("GRU(8)")[0]["params"] == 1
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    assert results.load("GRU(8)")[0]["params"] == 624


def test_summarize_skips_nan_epochs_as_early_stopping_does():
    nan = float("nan")
    history = {"loss": [0.7, 0.6, nan], "val_loss": [0.65, nan, 0.6],
               "val_accuracy": [0.6, 0.5, 0.7]}
    s = results.summarize(history)
    assert s["best_epoch"] == 3 and s["best_val_loss"] == 0.6
    with pytest.raises(ValueError, match="every value of 'val_loss' is NaN"):
        results.summarize({"loss": [nan], "val_loss": [nan]})


def test_full_mode_falls_back_to_the_committed_results_and_says_so(tmp_path, monkeypatch):
    committed = tmp_path / "results.json"
    committed.write_text(json.dumps({"models": [
        {"model": "GRU(8)", "mode": "full", "params": 8633, "val_accuracy_at_best": 0.798},
        {"model": "LSTM(8)", "mode": "fast", "params": 1}]}))
    monkeypatch.setattr(results, "_committed_path", lambda: committed)
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("RNNBOOK_RESULTS", raising=False)
    monkeypatch.setenv("RNNBOOK_FAST", "0")
    gru, lstm = results.load("GRU(8)", "LSTM(8)")
    assert gru["params"] == 8633 and gru["source"] == results.COMMITTED_SOURCE
    assert lstm is None, "only full-mode committed rows are used"
    assert results.sources([gru, lstm]) == "rows from " + results.COMMITTED_SOURCE
    results.record("GRU(8)", HISTORY, params=1)          # this machine's own run wins
    mine, = results.load("GRU(8)")
    assert mine["params"] == 1 and mine["source"] == results.LOCAL_SOURCE
    monkeypatch.setenv("RNNBOOK_FAST", "1")                # fast mode never falls back
    assert results.load("GRU(8)") == [None]
    assert results.sources([None]) == "no recorded rows"


def test_the_committed_results_file_has_the_imdb_models():
    rows = results._read_committed()
    for name in ("SimpleRNN on one-hot (book recipe)", "Embedding + SimpleRNN (book recipe)",
                 "LSTM(8)", "GRU(8)"):
        assert name in rows and 0.5 < rows[name]["val_accuracy_at_best"] < 1
