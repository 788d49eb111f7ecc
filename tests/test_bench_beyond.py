"""bench.beyond: chapter 09's seed study, built from the chapter's recipes only.

The committed runs in bench/results.json were trained with the models and data the chapter
records; these tests fail when a step of the study builds another model than the chapter
(parameter count or label), when the study retypes a model instead of importing it, when a
run is not saved in the format of the committed runs (a fast-mode run, one step and one seed,
in a temporary results file), and when fast mode would write to the committed file.
"""

import argparse
import inspect
import re

import pytest

from bench import beyond, store

COMMITTED = store.load()


def chapter_rows() -> dict:
    """The rows chapter 09 recorded for its steps: {step: row}."""
    return {r["step"]: r for r in COMMITTED["models"]
            if r.get("chapter", "").startswith("09_") and "step" in r}


def test_the_table_has_every_step_the_chapter_trains():
    assert sorted(beyond.STEPS) == sorted(chapter_rows()) == list(range(16))
    assert set(beyond.SEEDED) <= set(beyond.STEPS)


def test_step_0_is_chapter_6s_gru_trained_as_chapter_6_trains_it():
    from recipes.lstm_gru import gru_model

    s = beyond.STEPS[0]
    assert (s.builder, s.optimizer, s.batch_size, s.patience) == ("gru_model", "rmsprop", 64, 3)
    assert (s.max_tokens, s.length, s.arrays) == (500, 100, ("pre", "pre"))   # the last 100 tokens
    assert beyond.build(0).count_params() == gru_model().count_params()


def test_runs_saved_before_the_renumbering_belong_to_the_step_that_points_to_them():
    stored = [s.stored for s in beyond.STEPS.values()]
    assert len(set(stored)) == len(stored) and not set(beyond.DROPPED) & set(stored)
    for step, s in beyond.STEPS.items():
        entry = COMMITTED[beyond.KEY].get(s.stored)
        if entry is not None:
            assert entry["change"] == s.change, f"step {step} points to another step's runs"
            assert entry["params"] == beyond.build(step).count_params()
    assert set(COMMITTED[beyond.KEY]) <= set(stored) | set(beyond.DROPPED)


@pytest.mark.parametrize("step", range(16))
def test_each_step_builds_the_chapter_model_the_results_record(step):
    row = chapter_rows()[step]
    model = beyond.build(step)
    assert model.count_params() == row["params"], f"step {step} is not the chapter's model"
    assert beyond.STEPS[step].change == row["change"]
    study = COMMITTED[beyond.KEY].get(beyond.STEPS[step].stored)
    if study is not None:                                  # the committed seed runs: same model
        assert (study["params"], study["change"]) == (row["params"], row["change"])
    if beyond.STEPS[step].buckets:                         # any length: its batches vary
        assert model.inputs[0].shape[1] is None
    else:
        assert model.inputs[0].shape[1] == beyond.STEPS[step].length


def test_the_study_imports_the_models_and_the_pipeline_instead_of_retyping_them():
    source = inspect.getsource(beyond)
    for retyped in (r"layers\.\w+\(", r"keras\.Input\(", r"Sequential\(", r"TextVectorization\(",
                    r"Dataset\.from_tensor_slices", r"\.compile\(", r"\.fit\(", r"EarlyStopping\("):
        assert not re.search(retyped, source), f"bench/beyond.py retypes {retyped}: import the recipe"
    assert "from recipes.beyond_the_book import" in source


@pytest.mark.parametrize("given, seeds", [(["2"], [1, 2]), (["3,"], [3]), (["2", "5"], [2, 5]),
                                          (["2,5"], [2, 5]), (["4", "4,1"], [4, 1])])
def test_seeds_are_a_count_or_a_list(given, seeds):
    assert beyond.seed_list(given) == seeds


@pytest.mark.parametrize("given", [["0"], ["two"], [","], ["-1,"]])
def test_bad_seeds_are_refused_with_a_reason(given):
    with pytest.raises(ValueError, match="--seeds"):
        beyond.seed_list(given)


def test_keys_are_the_committed_ones():
    assert beyond.key_for() == "seeds_ch09" in COMMITTED
    assert beyond.key_for(10_000) == "seeds_ch09_10000_reviews" in COMMITTED


def test_fast_mode_never_writes_to_the_committed_results(tmp_path, monkeypatch):
    assert beyond.saves_runs(fast=False) and not beyond.saves_runs(fast=True)
    monkeypatch.setattr(store, "RESULTS", tmp_path / "results.json")
    assert beyond.saves_runs(fast=True)


def test_a_fast_run_saves_a_well_formed_run(tmp_path, monkeypatch):
    from utils.datasets import find_imdb_source

    if find_imdb_source() is None:
        pytest.skip("no local copy of the IMDB reviews (set RNNBOOK_DATA)")
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    path = tmp_path / "results.json"
    committed = COMMITTED[beyond.KEY]["7"]         # step 12's seeds 1 and 2, full mode
    store.write({"models": [], beyond.KEY: {"3": COMMITTED[beyond.KEY]["3"], "7": committed}}, path)
    monkeypatch.setattr(store, "RESULTS", path)
    parser = argparse.ArgumentParser()
    beyond.add_arguments(parser)
    beyond.run(parser.parse_args(["--seeds", "1,", "--steps", "12"]))

    data = store.load(path)
    assert data["models"] == [] and data[beyond.KEY]["3"] == COMMITTED[beyond.KEY]["3"]
    assert list(data[beyond.KEY]) == ["3", "7"]
    entry = data[beyond.KEY]["7"]
    assert list(entry) == list(committed)                       # runs, change, params
    assert (entry["change"], entry["params"]) == (committed["change"], committed["params"])
    assert [r["seed"] for r in entry["runs"]] == [1, 2]         # seed 1 replaced, seed 2 kept
    run, kept = entry["runs"]
    assert kept == committed["runs"][1]
    assert set(run) == set(committed["runs"][0])
    assert run["epochs_run"] == run["best_epoch"] == 1          # fast mode: one epoch
    assert 0.0 <= run["val_accuracy_at_best"] <= 1.0 and run["seconds"] > 0
