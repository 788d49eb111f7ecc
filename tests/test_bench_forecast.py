"""The bench's chapter 8 study (bench/forecast.py), built from the chapter's recipes.

The baselines need no training, so the recipe's numbers must equal the committed ones exactly;
seed N must build the network the committed runs started from; and a fast-mode run of one
seed must save a well-formed entry (into a temporary store, never the committed file).
"""

import json

import numpy as np
import pytest

from bench import forecast, store
from bench.__main__ import main

COMMITTED = store.load(store.HERE / "results.json")[forecast.KEY]
MODELS = ("dense", "SimpleRNN(32)", "LSTM(32)", "GRU(32)", "many-to-many GRU(32)")
ROW = {"val_mae", "test_mae", "test_mae_30min", "test_mae_24h"}

#: Sum of the absolute initial weights of each network built with seed 1, as the committed
#: study built it (all four sequence-to-vector cores drawn in order, then the chosen one used).
SEED_1_WEIGHTS = {"dense": 1976.7076, "SimpleRNN(32)": 417.2842, "LSTM(32)": 665.1232,
                  "GRU(32)": 574.2382, "many-to-many GRU(32)": 577.9161}


@pytest.fixture(scope="module")
def prepared():
    return forecast.prepare()


def test_baselines_through_the_recipes_equal_the_committed_ones(prepared):
    assert forecast.baselines(prepared) == COMMITTED["baselines"]


def test_the_windows_are_the_chapters(prepared):
    assert {s: len(w) for s, w in prepared["starts"].items()} == {"train": 2679, "validation": 558,
                                                                  "test": 558}
    # the committed runs' windows: the first training window is Tuesday 6 June, forecasting Wednesday
    assert prepared["starts"]["train"][0] == 48 and prepared["starts"]["test"][-1] == 4032 - 96
    assert prepared["inputs"]["validation"].shape == (558, 48, 10)


@pytest.mark.parametrize("name", MODELS)
def test_seed_1_builds_the_network_the_committed_runs_started_from(name):
    import keras

    keras.utils.set_random_seed(1)
    weights = forecast.build(name).get_weights()
    assert float(sum(np.abs(w).sum() for w in weights)) == pytest.approx(SEED_1_WEIGHTS[name], rel=1e-6)


def test_a_fast_run_saves_a_well_formed_entry_and_keeps_the_rest(tmp_path, monkeypatch, capsys):
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"seeds": {"kept": True}}), encoding="utf-8")
    monkeypatch.setattr(store, "RESULTS", results)
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    assert main(["forecast", "--seeds", "1"]) == 0
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["seeds"] == {"kept": True}
    entry = data[forecast.KEY]
    assert entry["baselines"] == COMMITTED["baselines"]
    assert tuple(entry["models"]) == tuple(COMMITTED["models"]) == MODELS
    for name, model in entry["models"].items():
        assert set(model) == set(COMMITTED["models"][name]) == {"runs", "val_mean", "val_stdev",
                                                                "test_mean", "test_stdev"}
        (run,) = model["runs"]
        assert set(run) == set(COMMITTED["models"][name]["runs"][0]) == ROW | {"seed", "epochs_run",
                                                                               "seconds"}
        assert run["seed"] == 1 and run["epochs_run"] == 2
        assert all(np.isfinite(run[k]) and run[k] > 0 for k in ROW)
        assert model["val_mean"] == run["val_mae"] and model["val_stdev"] == 0.0
    assert "seed 1: day-ahead MAE" in capsys.readouterr().out


def test_seeds_must_be_positive(monkeypatch, tmp_path):
    monkeypatch.setattr(store, "RESULTS", tmp_path / "results.json")
    with pytest.raises(SystemExit, match="--seeds must be 1 or more"):
        main(["forecast", "--seeds", "0"])
    assert not (tmp_path / "results.json").exists()


def test_each_window_is_paired_with_the_targets_of_its_last_half_hour(prepared):
    from recipes import time_series as ts

    starts, change = prepared["starts"]["validation"], prepared["change"]
    x, y = next(iter(ts.windows(prepared["features"], change[ts.WINDOW - 1:], starts)))
    assert np.array_equal(x.numpy(), prepared["inputs"]["validation"][:64])
    assert np.array_equal(y.numpy(), change[starts[:64] + ts.WINDOW - 1])
    x, y = next(iter(ts.windows(prepared["features"], ts.every_step_targets(change), starts)))
    assert y.shape == (64, 48, 48)
    assert np.array_equal(y.numpy()[5], change[starts[5]:starts[5] + ts.WINDOW])
