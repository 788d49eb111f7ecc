"""The bench's chapter 11 study (bench/korean.py), built from the chapter's recipes.

A fast-mode run of one seed must save a well-formed entry (into a temporary store, never the
committed file); the summary's spread must be the sample standard deviation; a review that
would encode to nothing but padding must be refused, not trained on.
"""

import json
import os
from pathlib import Path

import numpy as np
import pytest

import utils
from bench import korean, store
from bench.__main__ import main

REAL = Path(os.environ.get("RNNBOOK_DATA", "/nonexistent")) / "nsmc"
needs_real = pytest.mark.skipif(not (REAL / "ratings_train.txt").exists(),
                                reason="the NSMC files are not in $RNNBOOK_DATA/nsmc")
RUN = {"seed", "val_accuracy", "test_accuracy", "best_epoch", "epochs_run", "seconds"}


@needs_real
def test_a_fast_run_saves_a_well_formed_entry_and_keeps_the_rest(tmp_path, monkeypatch, capsys):
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"seeds": {"kept": True}}), encoding="utf-8")
    monkeypatch.setattr(store, "RESULTS", results)
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    assert main(["korean", "--seeds", "1"]) == 0
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["seeds"] == {"kept": True}
    entry = data[korean.KEY]
    assert entry["reviews"] == {"training": 3000, "validation": 1000, "test": 1000}
    assert 1000 <= entry["pieces"]["vocabulary"] <= 2000
    (run,) = entry["runs"]
    assert set(run) == RUN and run["seed"] == 1 and run["epochs_run"] == 1 and run["best_epoch"] == 1
    for row in (run, entry["baseline"]):
        assert 0.4 < row["val_accuracy"] <= 1 and 0.4 < row["test_accuracy"] <= 1
    assert entry["test_mean"] == run["test_accuracy"] and entry["test_stdev"] == 0.0
    out = capsys.readouterr().out
    assert "subword BiGRU, seed 1: validation" in out and "character 1-3-gram" in out


@needs_real
def test_the_chapters_split_without_the_empty_reviews():
    sets = korean.prepare()
    texts = np.concatenate([x for x, _ in sets.values()])
    assert (texts != "").all()
    # full-mode sizes of the same split: 149,995 non-empty training reviews, 10 % held out
    if not utils.is_fast():
        assert {k: len(y) for k, (_, y) in sets.items()} == {"training": 134_995,
                                                             "validation": 15_000, "test": 49_997}


def test_summary_is_mean_and_sample_standard_deviation():
    runs = [{"val_accuracy": v, "test_accuracy": t} for v, t in ((0.8, 0.85), (0.9, 0.87), (0.7, 0.86))]
    s = korean.summary(runs)
    assert s == {"val_mean": 0.8, "val_stdev": 0.1, "test_mean": 0.86, "test_stdev": 0.01}


def test_an_all_padding_review_is_refused():
    class Pieces:            # a stand-in processor: the second review has no pieces at all
        def encode(self, texts):
            return [[5, 6] if t else [] for t in texts]

    sets = {"training": (np.array(["좋아요", ""], dtype=object), np.array([1, 0]))}
    with pytest.raises(ValueError, match="1 training reviews encode to nothing but padding"):
        korean.encode(Pieces(), sets)
    ids, _ = korean.encode(Pieces(), {"test": (np.array(["좋아요"], dtype=object), np.array([1]))})["test"]
    assert ids.shape == (1, 64) and ids[0, :2].tolist() == [5, 6] and not ids[0, 2:].any()


def test_seeds_must_be_positive(monkeypatch, tmp_path):
    monkeypatch.setattr(store, "RESULTS", tmp_path / "results.json")
    with pytest.raises(SystemExit, match="--seeds must be 1 or more"):
        main(["korean", "--seeds", "0"])
    assert not (tmp_path / "results.json").exists()
