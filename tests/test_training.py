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
