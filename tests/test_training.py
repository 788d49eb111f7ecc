"""utils.training.EpochLog: the compact training log."""

import re

import numpy as np
import pytest

keras = pytest.importorskip("keras")
from utils.training import EpochLog  # noqa: E402


def tiny_fit(epochs, callbacks, seed=0):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(64, 3)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("float32")
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model.fit(x[:48], y[:48], validation_data=(x[48:], y[48:]), epochs=epochs,
                     batch_size=16, verbose=0, callbacks=callbacks)


def test_prints_first_every_nth_last_and_the_best_epoch(capsys):
    history = tiny_fit(25, [EpochLog(every=10)])
    lines = capsys.readouterr().out.strip().splitlines()
    printed = [int(re.match(r"epoch\s+(\d+)/25", line)[1]) for line in lines[:-1]]
    assert printed == [1, 10, 20, 25]
    for line in lines[:-1]:
        assert "loss" in line and "val_accuracy" in line
    best = int(np.argmin(history.history["val_loss"])) + 1
    assert f"best epoch {best} by val_loss" in lines[-1]
    assert lines[-1].startswith("25 epochs (ran all 25 epochs")
    assert f"val_loss {history.history['val_loss'][best - 1]:.4f}" in lines[-1]


def test_says_when_early_stopping_ended_the_run(capsys):
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=10.0)
    history = tiny_fit(50, [stop, EpochLog(every=10)])
    out = capsys.readouterr().out.strip().splitlines()
    ran = len(history.history["loss"])
    assert ran < 50
    assert out[-1].startswith(f"{ran} epochs (stopped early")
    assert re.match(rf"epoch\s+{ran}/50", out[-2]), "the last epoch is always printed"


def test_every_one_prints_every_epoch(capsys):
    tiny_fit(3, [EpochLog(every=1)])
    assert len(capsys.readouterr().out.strip().splitlines()) == 4


@pytest.mark.parametrize("every", [0, -1, 2.5, True, "10"])
def test_bad_every_is_refused(every):
    with pytest.raises(ValueError, match="every must be a positive whole number"):
        EpochLog(every=every)


def test_bad_monitor_is_refused():
    with pytest.raises(TypeError, match="monitor must be a metric name"):
        EpochLog(monitor=None)


def test_without_validation_data_the_last_line_names_no_best_epoch(capsys):
    """fit without validation data (chapter 9's ensemble members): the line ends as before."""
    log = EpochLog(every=10)
    log.set_params({"epochs": 2})
    log.on_train_begin()
    for epoch in range(2):
        log.on_epoch_begin(epoch)
        log.on_epoch_end(epoch, {"loss": 0.5, "accuracy": 0.7})
    log.on_train_end()
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"2 epochs \(ran all 2 epochs, \d+\.\d min\)", last)


@pytest.mark.parametrize("min_delta", [0.0, 1e-3, 0.02, -0.02])
@pytest.mark.parametrize("monitor", ["val_loss", "val_accuracy"])
def test_best_epoch_with_min_delta_is_the_epoch_early_stopping_restores(min_delta, monitor):
    """Against Keras itself: EarlyStopping(min_delta=...) fed the same logs keeps best_epoch."""
    from utils.training import best_epoch

    rng = np.random.default_rng(7)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    for trial in range(20):
        # values that shrink (or grow) by small and large steps, with plateaus and setbacks
        steps = rng.choice([0.0, 0.0005, 0.005, 0.05, -0.01], size=12)
        values = (1 - np.cumsum(steps)) if monitor == "val_loss" else (0.5 + np.cumsum(steps))
        mode = "min" if monitor == "val_loss" else "max"
        stop = keras.callbacks.EarlyStopping(monitor=monitor, mode=mode, patience=100,
                                             min_delta=min_delta)
        stop.set_model(model)
        stop.on_train_begin()
        for epoch, value in enumerate(values):
            stop.on_epoch_end(epoch, {monitor: float(value)})
        assert best_epoch({monitor: values.tolist()}, monitor, mode, min_delta=min_delta) \
            == stop.best_epoch + 1, (trial, values)


def test_epoch_log_names_the_best_epoch_under_min_delta(capsys):
    """A later epoch better by less than min_delta is not named the best."""
    log = EpochLog(every=1, min_delta=0.5)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=100, min_delta=0.5)
    history = tiny_fit(6, [stop, log])
    lowest = int(np.argmin(history.history["val_loss"])) + 1
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert f"best epoch {stop.best_epoch + 1} by val_loss" in line
    assert stop.best_epoch + 1 != lowest, "the test needs a run where min_delta matters"


@pytest.mark.parametrize("bad", ["0.001", None, float("nan"), True])
def test_bad_min_delta_is_refused(bad):
    from utils.training import best_epoch

    with pytest.raises(TypeError, match="min_delta must be a number"):
        best_epoch({"val_loss": [1.0, 0.5]}, min_delta=bad)
    with pytest.raises(TypeError, match="min_delta must be a number"):
        EpochLog(min_delta=bad)
