"""utils.measure: the chapters' warning capture and XLA timing (no model is trained here)."""

import logging
import warnings

import pytest

from utils import measure
from utils.measure import keras_says, seconds_per_epoch


def test_keras_says_collects_log_messages_then_user_warnings():
    log = logging.getLogger(measure.KERAS_LOGGER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                    # UserWarnings are collected anyway
        with keras_says() as said:
            warnings.warn("an old argument", UserWarning)
            log.warning("a legacy file format")
            warnings.warn("not collected: filtered out", DeprecationWarning)
            assert said == ["a legacy file format"]       # warnings are added at the end
    assert said == ["a legacy file format", "UserWarning: an old argument"]


def test_keras_says_records_a_warning_already_shown_once():
    def warn():
        warnings.warn("said twice", UserWarning)           # same place: Python shows it once

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warn()
        with keras_says() as said:
            warn()
    assert said == ["UserWarning: said twice"]


def test_keras_says_leaves_the_logger_as_it_was_even_after_an_error():
    log = logging.getLogger(measure.KERAS_LOGGER)
    handlers, propagate = list(log.handlers), log.propagate
    with pytest.raises(RuntimeError, match="inside"):
        with keras_says() as said:
            log.warning("before the error")
            raise RuntimeError("inside")
    assert said == ["before the error"]
    assert log.handlers == handlers and log.propagate == propagate
    with keras_says() as again:
        pass
    assert again == []


def test_keras_says_catches_what_keras_itself_warns():
    keras = pytest.importorskip("keras")
    with keras_says() as said:
        keras.layers.Embedding(500, 16, **{"input_length": 100})
    assert any("input_length" in message for message in said), said


class FakeModel:
    """Records what seconds_per_epoch does with a model, without training anything."""

    def __init__(self, calls):
        self.calls = calls

    def compile(self, **kwargs):
        self.jit = kwargs["jit_compile"]
        self.calls.append(("compile", self.jit, kwargs["loss"]))

    def fit(self, x, y, batch_size, verbose):
        assert (batch_size, verbose) == (64, 0)
        self.calls.append(("fit", self.jit))


def test_seconds_per_epoch_compiles_both_ways_and_times_them_in_turns(monkeypatch):
    pytest.importorskip("keras")
    calls = []
    # timed epochs take 1, 2, 4 s with XLA and 10, 30, 20 s without (start, end pairs in turn)
    clock = iter([0, 1, 0, 10, 0, 2, 0, 30, 0, 4, 0, 20])
    monkeypatch.setattr(measure.time, "perf_counter", lambda: next(clock))
    out = seconds_per_epoch(lambda: FakeModel(calls), x=None, y=None, turns=3)
    assert out == {True: 2.0, False: 20.0}
    assert calls[:4] == [("compile", True, "binary_crossentropy"), ("fit", True),
                         ("compile", False, "binary_crossentropy"), ("fit", False)]
    assert calls[4:] == [("fit", True), ("fit", False)] * 3


def test_seconds_per_epoch_gives_both_models_the_same_start(monkeypatch):
    keras = pytest.importorskip("keras")
    built = []

    def build():
        model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
        built.append([w.copy() for w in model.get_weights()])
        return FakeModel([])

    keras.utils.set_random_seed(123)
    seconds_per_epoch(build, x=None, y=None, turns=1)
    assert len(built) == 2
    assert all((a == b).all() for a, b in zip(*built))


@pytest.mark.parametrize("turns", [0, -1, 1.5, True])
def test_seconds_per_epoch_needs_at_least_one_turn(turns):
    with pytest.raises(ValueError, match="turns"):
        seconds_per_epoch(lambda: None, None, None, turns=turns)
