"""The best epoch of a training run, and a compact training log.

:func:`best_epoch` is the one rule every helper uses to name the best epoch — :class:`EpochLog`,
``utils.plotting.best_epoch`` (the same function) and ``utils.results.summarize``. It is the
epoch whose weights ``EarlyStopping(restore_best_weights=True)`` and
``ModelCheckpoint(save_best_only=True)`` keep: the lowest loss or error, the highest accuracy,
AUC, precision or recall (:func:`monitor_mode` decides from the name as Keras' metrics do, or
pass ``mode="min"``/``"max"``). A NaN epoch is never the best.

``model.fit(..., verbose=2)`` prints one line per epoch, so a run of 60–100 epochs fills
hundreds of lines. :class:`EpochLog` prints the same numbers — loss, metrics, seconds per
epoch — for the first epoch, every ``every``-th epoch and the last one, and then one line
naming the best epoch and why training stopped::

    history = model.fit(x, y, epochs=100, validation_data=(xv, yv), verbose=0,
                        callbacks=[early_stopping_cb, utils.training.EpochLog(every=10)])

Keras is imported only when :class:`EpochLog` is first used (``from utils.training import
EpochLog``), so the rule itself is available without it.
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Mapping

MODES = ("auto", "min", "max")

# Parts of a metric's name that say which way is better. Checked in the tests against the
# direction ("up"/"down") of every Keras metric, by its default name and its class name.
_HIGHER = ("acc", "auc", "precision", "recall", "f1", "fbeta", "score", "iou", "io_u", "r2",
           "correlation", "cosine", "sensitivity", "specificity")
_LOWER = ("error", "crossentropy", "mae", "mse", "mape", "msle", "hinge", "divergence",
          "logcosh", "poisson")


def _history_dict(history) -> dict[str, list[float]]:
    """Accept a Keras ``History`` (from ``model.fit``) or its ``.history`` dict."""
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping):
        raise TypeError("history must be what model.fit returns (a History) or its .history "
                        f"dict of per-epoch values, got {type(history).__name__}")
    if not data:
        raise ValueError("history is empty: it holds no metric for any epoch, so there is "
                         "nothing to show. Did model.fit run for 0 epochs? Train for at least "
                         "one epoch first.")
    out = {}
    for key, values in data.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
            raise TypeError(f"history[{key!r}] must be a list with one value per epoch, "
                            f"got {values!r}")
        try:
            out[key] = [float(x) for x in values]
        except (TypeError, ValueError) as err:
            raise type(err)(f"history[{key!r}] must hold numbers (one per epoch), got "
                            f"{list(values)!r:.80}") from None
    lengths = {k: len(v) for k, v in out.items()}
    if len(set(lengths.values())) != 1 or 0 in lengths.values():
        raise ValueError("history: every metric needs the same, non-zero number of epochs; "
                         f"got {lengths}")
    return out


def _check_monitor(monitor) -> None:
    if not isinstance(monitor, str) or not monitor:
        raise TypeError(f"monitor must be a metric name such as 'val_loss', got {monitor!r}")


def _check_mode(mode) -> None:
    if mode not in MODES:
        raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}: 'min' when a lower "
                         "value is better (a loss), 'max' when a higher one is (an accuracy)")


def monitor_mode(monitor: str, mode: str = "auto") -> str:
    """Whether a lower (``"min"``) or a higher (``"max"``) value of ``monitor`` is better.

    ``mode="min"`` or ``"max"`` is returned as it is. ``"auto"`` decides from the name as
    ``keras.callbacks.EarlyStopping(mode="auto")`` does through Keras' metrics: a loss or an
    error (``loss``, ``mae``, ``mse``, ``binary_crossentropy``, …) → ``"min"``; an accuracy,
    AUC, precision, recall, F1 or R² → ``"max"``. A name that says neither raises ValueError,
    as Keras does: pass ``mode=`` then.

    >>> monitor_mode("val_loss"), monitor_mode("val_auc"), monitor_mode("val_thing", "max")
    ('min', 'max', 'max')
    """
    _check_monitor(monitor)
    _check_mode(mode)
    if mode != "auto":
        return mode
    name = monitor.removeprefix("val_").lower()
    if name.endswith("loss"):
        return "min"
    higher = any(part in name for part in _HIGHER)
    lower = any(part in name for part in _LOWER)
    if higher != lower:
        return "max" if higher else "min"
    raise ValueError(f"cannot tell from its name whether a higher or a lower {monitor!r} is "
                     "better (Keras' EarlyStopping cannot either). Pass mode='max' if higher "
                     "is better (like an accuracy) or mode='min' if lower is (like a loss).")


def _check_min_delta(min_delta) -> float:
    if isinstance(min_delta, bool) or not isinstance(min_delta, numbers.Real) \
            or math.isnan(min_delta):
        raise TypeError(f"min_delta must be a number such as 0.001 (as in EarlyStopping), "
                        f"got {min_delta!r}")
    return abs(float(min_delta))                # Keras' EarlyStopping also takes its size


def best_epoch(history, monitor: str = "val_loss", mode: str = "auto",
               min_delta: float = 0.0) -> int:
    """The 1-based epoch with the best ``monitor``: the one ``EarlyStopping`` restores.

    ``history`` is what ``model.fit`` returns or its ``.history`` dict. The better direction
    comes from :func:`monitor_mode` (``mode="auto"``, ``"min"`` or ``"max"``). With
    ``min_delta`` (as in ``EarlyStopping(min_delta=...)``) an epoch counts as better only when
    it beats the best so far by more than ``min_delta``, so a later, slightly better epoch is
    not the best. On a tie the first such epoch wins, as in Keras. NaN epochs are never the
    best (Keras' EarlyStopping agrees, except that it keeps a NaN *first* epoch as its
    reference); when every value is NaN there is no best epoch and a ValueError says so.
    """
    data = _history_dict(history)
    _check_monitor(monitor)
    delta = _check_min_delta(min_delta)
    if monitor not in data:
        raise KeyError(f"history has no {monitor!r}; it has {sorted(data)}. Pass one of those as "
                       "monitor (validation metrics need validation_data in fit)")
    better = monitor_mode(monitor, mode)
    real = [(value, epoch) for epoch, value in enumerate(data[monitor], 1)
            if not math.isnan(value)]
    if not real:
        raise ValueError(f"every value of {monitor!r} is NaN (training diverged?), so no epoch "
                         "is the best. Lower the learning rate, or look for NaN in the data.")
    best_value, best = real[0]
    for value, epoch in real[1:]:           # strictly better by more than min_delta, as Keras
        if (value + delta < best_value) if better == "min" else (value - delta > best_value):
            best_value, best = value, epoch
    return best


def _format(logs: dict) -> str:
    order = sorted(logs, key=lambda k: (k.startswith("val_"), k != "loss" and k != "val_loss", k))
    return "  ".join(f"{k} {float(logs[k]):.4f}" for k in order if k != "learning_rate")


def _model_mode(model, monitor: str) -> str | None:
    """The direction the model's own metric object gives, as EarlyStopping looks it up."""
    name = monitor.removeprefix("val_")
    for metric in getattr(model, "metrics", None) or []:
        inner = getattr(metric, "metrics", None)      # compile()'s metrics come in a container
        for m in inner if isinstance(inner, (list, tuple)) else [metric]:
            direction = getattr(m, "_direction", None)
            if getattr(m, "name", None) == name and direction in ("up", "down"):
                return "max" if direction == "up" else "min"
    return None


def _make_epoch_log():
    import keras

    class EpochLog(keras.callbacks.Callback):
        """Print the first, every ``every``-th and the last epoch, then the best epoch.

        Parameters
        ----------
        every:
            Print one epoch in ``every`` (a positive whole number; 1 prints every epoch, like
            ``verbose=2``).
        monitor:
            The quantity that names the best epoch (default ``"val_loss"``), chosen by
            :func:`best_epoch`: the epoch ``EarlyStopping(monitor=...)`` would restore. Without
            it in the logs (no validation data) no best epoch is named; another monitor that
            no epoch logged is named with the quantities the logs have.
        mode:
            ``"auto"`` (default: the model's metric, else the name, says which way is better,
            as in ``EarlyStopping``), ``"min"`` or ``"max"``.
        min_delta:
            Give the same ``min_delta`` as the ``EarlyStopping`` beside it, so that the best
            epoch named is the one it restores (see :func:`best_epoch`).
        """

        def __init__(self, every: int = 10, monitor: str = "val_loss", mode: str = "auto",
                     min_delta: float = 0.0):
            super().__init__()
            if isinstance(every, bool) or not isinstance(every, int) or every < 1:
                raise ValueError(f"EpochLog: every must be a positive whole number, got {every!r}")
            if not isinstance(monitor, str) or not monitor:
                raise TypeError(f"EpochLog: monitor must be a metric name such as 'val_loss', "
                                f"got {monitor!r}")
            _check_mode(mode)
            self.every, self.monitor, self.mode = every, monitor, mode
            self.min_delta = _check_min_delta(min_delta)

        def on_train_begin(self, logs=None):
            self.epochs, self.better = [], None     # [(epoch number, logs)], "min" or "max"
            self.last_printed = 0
            self.train_start = time.perf_counter()

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch_start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            logs = dict(logs or {})
            seconds = time.perf_counter() - self.epoch_start
            number = epoch + 1
            self.epochs.append((number, logs))
            self.last_seconds = seconds
            if self.better is None and self.monitor in logs:    # decided once, as Keras does
                self.better = (_model_mode(self.model, self.monitor) if self.mode == "auto"
                               else None) or monitor_mode(self.monitor, self.mode)
            if number == 1 or number % self.every == 0:
                self._print(number, logs, seconds)

        def _print(self, number, logs, seconds):
            total = self.params.get("epochs") if self.params else None
            width = len(str(total)) if total else 3
            of = f"/{total}" if total else ""
            print(f"epoch {number:>{width}}{of}  {seconds:5.1f}s  {_format(logs)}")
            self.last_printed = number

        def on_train_end(self, logs=None):
            if not self.epochs:
                print("no epoch was run")
                return
            last, last_logs = self.epochs[-1]
            if self.last_printed != last:
                self._print(last, last_logs, self.last_seconds)
            total = self.params.get("epochs") if self.params else None
            minutes = (time.perf_counter() - self.train_start) / 60
            why = ("stopped early" if self.model is not None and self.model.stop_training
                   else f"ran all {total} epochs" if total == last else "stopped")
            line = f"{last} epochs ({why}, {minutes:.1f} min)"
            values = [float(logs.get(self.monitor, math.nan)) for _, logs in self.epochs]
            if self.better is None:      # e.g. no validation data: silent for the default
                if self.monitor != "val_loss":
                    logged = sorted({k for _, logs in self.epochs for k in logs})
                    line += f"; no epoch logged {self.monitor!r} (the logs have {logged})"
            elif all(math.isnan(v) for v in values):
                line += f"; no best epoch: every {self.monitor} was NaN"
            else:
                best = best_epoch({self.monitor: values}, self.monitor, self.better,
                                  self.min_delta)
                number, best_logs = self.epochs[best - 1]
                line += f"; best epoch {number} by {self.monitor}: {_format(best_logs)}"
            print(line)

    EpochLog.__module__, EpochLog.__qualname__ = __name__, "EpochLog"
    return EpochLog


def __getattr__(name):
    # EpochLog subclasses keras.callbacks.Callback: built (importing Keras) on first use.
    if name == "EpochLog":
        globals()["EpochLog"] = cls = _make_epoch_log()
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EpochLog", "MODES", "best_epoch", "monitor_mode"]
