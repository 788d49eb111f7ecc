"""bench/imdb_seeds.py: chapters 04–06's seed studies build the chapters' own models (from the
recipes) and save well-formed results. The one training test runs in fast mode (RNNBOOK_FAST=1)."""

import argparse
import json

import pytest

from bench import imdb_seeds, store

REFERENCE = store.reference()
STUDIES = [entry["study"] for entry in REFERENCE["imdb_seed_studies"]]


def _parse(*argv):
    parser = argparse.ArgumentParser()
    imdb_seeds.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_every_study_of_the_reference_has_a_model_and_nothing_else():
    assert sorted(imdb_seeds.BUILDERS) == sorted(STUDIES)
    assert set(imdb_seeds.ALTERNATIVES) <= set(STUDIES)
    assert _parse().study == "simplernn" and _parse("--study", "gru", "--seeds", "5").seeds == 5
    with pytest.raises(SystemExit):
        _parse("--study", "beyond")


@pytest.mark.parametrize("study", STUDIES)
def test_the_study_trains_the_chapters_model(study):
    pytest.importorskip("keras")
    entry = imdb_seeds.study_entry(study)
    recorded = [r for r in store.load()["models"] if r["chapter"][:2] == entry["chapter"]
                and r["model"] == entry["model"]]
    assert len(recorded) == 1, f"no row {entry['model']!r} of chapter {entry['chapter']} in results.json"
    assert imdb_seeds.build(study).count_params() == recorded[0]["params"]


def test_the_book_recipe_comes_first_and_alternatives_keep_their_names():
    assert list(imdb_seeds.recipes_of("lstm")) == [REFERENCE["book_recipe"]]
    assert imdb_seeds.recipes_of("simplernn") == {REFERENCE["book_recipe"]: (1e-4, 3),
                                                  "RMSprop(1e-3), patience 5": (1e-3, 5)}
    committed = store.load()
    for study in STUDIES:                    # the committed studies carry the same recipe names
        key = imdb_seeds.study_entry(study)["key"]
        if committed.get(key):
            assert list(committed[key]) == list(imdb_seeds.recipes_of(study)), key


@pytest.fixture
def results_file(tmp_path, monkeypatch):
    path = tmp_path / "results.json"
    monkeypatch.setattr(store, "RESULTS", path)
    return path


def _entry(acc, mode=None):
    run = {"epochs_run": 2, "val_accuracy_at_best": acc, "seed": 1, "seconds": 1.0}
    if mode:
        run["mode"] = mode
    return {"book": {"runs": [run], "mean": acc, "stdev": 0.0, "min": acc, "max": acc}}


def test_fast_results_never_replace_full_ones(results_file):
    results_file.write_text(json.dumps({"seeds": _entry(0.78), "models": []}))
    assert not imdb_seeds.save("seeds", _entry(0.5, mode="fast"))
    assert json.loads(results_file.read_text())["seeds"] == _entry(0.78)
    assert imdb_seeds.save("seeds_gru", _entry(0.5, mode="fast"))          # nothing kept there
    assert imdb_seeds.save("seeds_gru", _entry(0.6, mode="fast"))          # fast over fast
    assert imdb_seeds.save("seeds_gru", _entry(0.79))                      # full over fast
    data = json.loads(results_file.read_text())
    assert data["seeds"] == _entry(0.78) and data["seeds_gru"] == _entry(0.79)


def test_run_in_fast_mode_saves_one_seed(results_file, monkeypatch):
    pytest.importorskip("keras")
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    try:
        imdb_seeds.data()
    except FileNotFoundError as err:
        pytest.skip(f"no IMDB data: {err}")
    results_file.write_text(json.dumps({"models": [], "seeds": {"kept": True}}))
    assert imdb_seeds.run(_parse("--study", "lstm", "--seeds", "1")) == 0
    data = json.loads(results_file.read_text())
    assert data["seeds"] == {"kept": True} and set(data) == {"models", "seeds", "seeds_lstm"}
    study = data["seeds_lstm"]
    assert list(study) == [REFERENCE["book_recipe"]]
    summary = study[REFERENCE["book_recipe"]]
    run, = summary["runs"]
    assert run["seed"] == 1 and run["mode"] == "fast" and 1 <= run["epochs_run"] <= 2
    assert 1 <= run["best_epoch"] <= run["epochs_run"] and run["seconds"] > 0
    assert 0 <= run["val_accuracy_at_best"] <= 1 and run["best_val_loss"] > 0
    assert summary["mean"] == summary["min"] == summary["max"] == run["val_accuracy_at_best"]
    assert summary["stdev"] == 0.0
