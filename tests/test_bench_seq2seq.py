"""The bench's chapter 12 study (bench/seq2seq.py), built from the chapter's recipes.

A fast-mode run of one seed must save a well-formed entry (into a temporary store, never the
committed file); the summary's spread must be the sample standard deviation, per length too.
"""

import json

import numpy as np
import pytest

from bench import seq2seq, store
from bench.__main__ import main

RUN = {"model", "seed", "test_exact", "long_exact", "by_length", "best_epoch", "epochs_run",
       "seconds"}


def test_a_fast_run_saves_a_well_formed_entry_and_keeps_the_rest(tmp_path, monkeypatch, capsys):
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"seeds": {"kept": True}}), encoding="utf-8")
    monkeypatch.setattr(store, "RESULTS", results)
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    assert main(["seq2seq", "--seeds", "1"]) == 0
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["seeds"] == {"kept": True}
    entry = data[seq2seq.KEY]
    assert entry["pairs"] == {"training": 3000, "validation": 500, "test": 500, "longer test": 500}
    assert [r["model"] for r in entry["runs"]] == ["without attention", "with attention"]
    for run in entry["runs"]:
        assert set(run) == RUN and run["seed"] == 1 and run["epochs_run"] == 2
        assert 0 <= run["test_exact"] <= 1 and 0 <= run["long_exact"] <= 1
        assert min(map(int, run["by_length"])) >= 8 and max(map(int, run["by_length"])) == 17
    for name, model in entry["models"].items():
        assert model["test_stdev"] == 0.0
        counts = [row[2] for row in model["by_length"].values()]
        assert sum(counts) == 1000
    out = capsys.readouterr().out
    assert "with attention, seed 1: test" in out


def test_summary_is_mean_and_sample_standard_deviation_per_length():
    runs = [{"model": "with attention", "test_exact": t, "long_exact": l,
             "by_length": {"9": t, "16": l}} for t, l in ((0.9, 0.5), (1.0, 0.7), (0.8, 0.6))]
    s = seq2seq.summary(runs, {"9": 10, "16": 20})
    assert list(s) == ["with attention"]
    row = s["with attention"]
    assert (row["test_mean"], row["test_stdev"], row["long_mean"], row["long_stdev"]) == (0.9, 0.1, 0.6, 0.1)
    assert row["by_length"] == {"9": [0.9, 0.1, 10], "16": [0.6, 0.1, 20]}


def test_by_length_groups_exact_matches():
    lengths = np.array([8, 8, 9, 9, 9])
    right = np.array([True, False, True, True, False])
    assert seq2seq.by_length(lengths, right) == {"8": 0.5, "9": 0.6667}


def test_seeds_must_be_positive(monkeypatch, tmp_path):
    monkeypatch.setattr(store, "RESULTS", tmp_path / "results.json")
    with pytest.raises(SystemExit, match="--seeds must be 1 or more"):
        main(["seq2seq", "--seeds", "0"])
    assert not (tmp_path / "results.json").exists()
