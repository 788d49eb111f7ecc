"""One best-epoch rule for EpochLog, plotting.best_epoch and results.summarize, checked against
Keras' own EarlyStopping on the same histories (issue 19, "utils that loses nothing")."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import plotting, results

keras = pytest.importorskip("keras")
from keras.src.trainers import compile_utils  # noqa: E402

import utils.training as training  # noqa: E402

NAN = float("nan")
METRICS = ["accuracy", "auc", "precision", "recall", "mae", "mse", "binary_crossentropy"]


@pytest.fixture(scope="module")
def model():
    """A tiny compiled model whose metrics are built, so that EarlyStopping's mode="auto" can
    look up each metric's direction as it does in a real fit."""
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    m.compile("sgd", "binary_crossentropy", metrics=METRICS)
    x, y = np.zeros((4, 3), "float32"), np.array([[0], [1], [0], [1]], "float32")
    m.fit(x, y, validation_data=(x, y), epochs=1, verbose=0)
    return m


def keras_best_epoch(model, history, monitor):
    """The 1-based epoch EarlyStopping(restore_best_weights=True) would restore."""
    stop = keras.callbacks.EarlyStopping(monitor=monitor, patience=10**6)
    stop.set_model(model)
    stop.on_train_begin()
    n = len(history[monitor])
    for epoch in range(n):
        stop.on_epoch_end(epoch, {k: v[epoch] for k, v in history.items()})
    return stop.best_epoch + 1


def epoch_log_best(history, monitor, capsys, **kwargs):
    """Drive EpochLog through the epochs of `history` and read the best epoch it prints."""
    log = training.EpochLog(every=1000, monitor=monitor, **kwargs)
    n = len(next(iter(history.values())))
    log.set_params({"epochs": n, "verbose": 0, "steps": 1})
    log.on_train_begin()
    for epoch in range(n):
        log.on_epoch_begin(epoch)
        log.on_epoch_end(epoch, {k: v[epoch] for k, v in history.items()})
    log.on_train_end()
    last = capsys.readouterr().out.strip().splitlines()[-1]
    found = re.search(r"best epoch (\d+) by", last)
    return int(found[1]) if found else None


@pytest.mark.parametrize("monitor", ["val_auc", "val_precision", "val_recall", "val_accuracy",
                                     "val_loss", "val_mae"])
def test_every_helper_picks_early_stoppings_epoch(model, monitor, capsys):
    """Today EpochLog takes the lowest val_auc, and EpochLog and plotting the lowest
    val_precision and val_recall: the epoch EarlyStopping would never restore."""
    values = [0.60, 0.75, 0.71, 0.66] if monitor != "val_loss" else [0.7, 0.5, 0.6, 0.65]
    history = {monitor: values, "loss": [0.7, 0.6, 0.5, 0.4]}
    expected = keras_best_epoch(model, history, monitor)
    assert plotting.best_epoch(history, monitor) == expected
    assert results.summarize(history, monitor)["best_epoch"] == expected
    assert epoch_log_best(history, monitor, capsys) == expected
    assert training.best_epoch(history, monitor) == expected


@settings(max_examples=60, deadline=None)
@given(data=st.data(), monitor=st.sampled_from(
    ["loss", "val_loss"] + [p + m for m in METRICS for p in ("", "val_")]))
def test_rule_matches_early_stopping_on_random_histories(model, data, monitor):
    """Random histories (ties and NaN after the first epoch included): the same epoch as
    EarlyStopping. Keras keeps a NaN *first* epoch as its reference, so the first value is a
    number here; test_nan_never_wins covers a leading NaN."""
    n = data.draw(st.integers(1, 12))
    first = data.draw(st.sampled_from([0.1, 0.5, 0.9]))
    rest = data.draw(st.lists(st.sampled_from([0.1, 0.3, 0.5, 0.7, 0.9, NAN]),
                              min_size=n - 1, max_size=n - 1))
    history = {monitor: [first] + rest}
    assert training.best_epoch(history, monitor) == keras_best_epoch(model, history, monitor)


def test_the_name_rule_agrees_with_every_keras_metric_that_has_a_direction():
    """Each Keras metric class, by its default name and by its class name (what
    compile(metrics=["AUC"]) logs): max where Keras' metric says "up", min where "down", and a
    ValueError (as EarlyStopping raises) where Keras does not know either."""
    import inspect

    checked = 0
    for cls_name, cls in sorted(vars(keras.metrics).items()):
        if not (inspect.isclass(cls) and issubclass(cls, keras.metrics.Metric)):
            continue
        try:
            metric = cls()
        except TypeError:            # needs arguments (thresholds, num_classes, …)
            continue
        direction = getattr(metric, "_direction", None)
        for name in {metric.name, cls_name}:
            if direction is None:
                with pytest.raises(ValueError, match="mode='max'.*mode='min'"):
                    training.monitor_mode(name)
            else:
                assert training.monitor_mode("val_" + name) == \
                    {"up": "max", "down": "min"}[direction], name
                checked += 1
    assert checked > 30


@pytest.mark.parametrize("name, mode", [
    ("loss", "min"), ("val_loss", "min"), ("acc", "max"), ("val_acc", "max"),
    ("val_AUC", "max"), ("mape", "min"), ("val_auc_1", "max"), ("output_1_accuracy", "max"),
    ("f1_score", "max"), ("val_binary_io_u", "max"), ("val_r2_score", "max"),
    ("root_mean_squared_error", "min"), ("kl_divergence", "min")])
def test_names_keras_logs(name, mode):
    assert training.monitor_mode(name) == mode


def test_nan_never_wins(capsys):
    """A NaN epoch is never the best, even the first one (Keras' EarlyStopping keeps a NaN
    first value as its reference, so it would restore that epoch)."""
    history = {"val_loss": [NAN, 0.5, 0.4, NAN], "val_accuracy": [NAN, 0.7, NAN, 0.6]}
    assert epoch_log_best(history, "val_loss", capsys) == 3      # today: 1
    assert epoch_log_best(history, "val_accuracy", capsys) == 2  # today: 1
    assert training.best_epoch(history, "val_loss") == 3
    assert training.best_epoch(history, "val_accuracy") == 2
    assert results.summarize(history)["best_epoch"] == 3
    assert plotting.best_epoch(history, "val_accuracy") == 2


def test_all_nan_is_a_clear_value_error(capsys):
    history = {"val_loss": [NAN, NAN]}
    assert epoch_log_best(history, "val_loss", capsys) is None    # today: "best epoch 1"
    with pytest.raises(ValueError, match=r"every value of 'val_loss' is NaN.*diverged"):
        training.best_epoch(history, "val_loss")


def test_explicit_mode_and_bad_modes():
    history = {"val_thing": [0.2, 0.9, 0.5]}
    assert training.best_epoch(history, "val_thing", mode="max") == 2
    assert training.best_epoch(history, "val_thing", mode="min") == 1
    assert training.best_epoch({"val_loss": [0.2, 0.9]}, "val_loss", mode="max") == 2
    with pytest.raises(ValueError, match=r"'val_thing'.*mode='max'.*mode='min'"):
        training.best_epoch(history, "val_thing")
    with pytest.raises(ValueError, match=r"mode must be 'auto', 'min' or 'max', got 'maximum'"):
        training.best_epoch(history, "val_thing", mode="maximum")
    with pytest.raises(ValueError, match="mode must be"):
        training.EpochLog(mode="up")
    with pytest.raises(ValueError, match=r"mode='max'"):
        results.summarize(history, "val_thing")
    assert results.summarize(history, "val_thing", mode="max")["best_val_thing"] == 0.9
    assert plotting.best_epoch(history, "val_thing", mode="max") == 2


def test_epoch_log_asks_the_model_like_keras_when_the_name_does_not_tell(model, capsys):
    """A metric named by the learner (here "hits", an AUC) gets its direction from the model's
    metric object, as EarlyStopping's mode="auto" does."""
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    m.compile("sgd", "binary_crossentropy", metrics=[keras.metrics.AUC(name="hits")])
    x, y = np.zeros((4, 3), "float32"), np.array([[0], [1], [0], [1]], "float32")
    m.fit(x, y, validation_data=(x, y), epochs=1, verbose=0)
    log = training.EpochLog(every=100, monitor="val_hits")
    log.set_model(m)
    log.set_params({"epochs": 3})
    log.on_train_begin()
    for epoch, value in enumerate([0.5, 0.8, 0.6]):
        log.on_epoch_begin(epoch)
        log.on_epoch_end(epoch, {"val_hits": value})
    log.on_train_end()
    assert "best epoch 2 by val_hits" in capsys.readouterr().out


def test_epoch_log_names_a_monitor_that_is_not_logged(capsys):
    log = training.EpochLog(every=100, monitor="val_acc")
    log.set_params({"epochs": 2})
    log.on_train_begin()
    for epoch in range(2):
        log.on_epoch_begin(epoch)
        log.on_epoch_end(epoch, {"loss": 0.5, "val_accuracy": 0.6})
    log.on_train_end()
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "no epoch logged 'val_acc'" in last and "val_accuracy" in last


def test_summarize_max_val_accuracy_skips_nan():
    s = results.summarize({"val_loss": [0.5, 0.4, 0.45], "val_accuracy": [NAN, 0.7, 0.75]})
    assert s["max_val_accuracy"] == 0.75 and s["val_accuracy_at_best"] == 0.7
    s = results.summarize({"val_loss": [0.5, 0.4], "val_accuracy": [NAN, NAN]})
    assert s["max_val_accuracy"] is None and math.isnan(s["val_accuracy_at_best"])
