"""A compact training log: the information of ``verbose=2`` in a few lines.

``model.fit(..., verbose=2)`` prints one line per epoch, so a run of 60–100 epochs fills
hundreds of lines. :class:`EpochLog` prints the same numbers — loss, metrics, seconds per
epoch — for the first epoch, every ``every``-th epoch and the last one, and then one line
naming the best epoch (lowest ``val_loss``: the weights ``EarlyStopping(restore_best_weights=True)``
and ``ModelCheckpoint(save_best_only=True)`` keep) and why training stopped::

    history = model.fit(x, y, epochs=100, validation_data=(xv, yv), verbose=0,
                        callbacks=[early_stopping_cb, utils.training.EpochLog(every=10)])

Imports Keras, so it is not imported by ``import utils``; use ``from utils.training import EpochLog``.
"""

from __future__ import annotations

import time

import keras


def _format(logs: dict) -> str:
    order = sorted(logs, key=lambda k: (k.startswith("val_"), k != "loss" and k != "val_loss", k))
    return "  ".join(f"{k} {float(logs[k]):.4f}" for k in order if k != "learning_rate")


class EpochLog(keras.callbacks.Callback):
    """Print the first, every ``every``-th and the last epoch, then the best epoch.

    Parameters
    ----------
    every:
        Print one epoch in ``every`` (a positive whole number; 1 prints every epoch, like
        ``verbose=2``).
    monitor:
        The quantity whose lowest value names the best epoch (default ``"val_loss"``; a
        quantity whose name contains ``"acc"`` counts its highest value as best).
    """

    def __init__(self, every: int = 10, monitor: str = "val_loss"):
        super().__init__()
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(f"EpochLog: every must be a positive whole number, got {every!r}")
        if not isinstance(monitor, str) or not monitor:
            raise TypeError(f"EpochLog: monitor must be a metric name such as 'val_loss', got {monitor!r}")
        self.every, self.monitor = every, monitor

    def _better(self, value: float, best: float | None) -> bool:
        if best is None:
            return True
        return value > best if "acc" in self.monitor else value < best

    def on_train_begin(self, logs=None):
        self.best_epoch, self.best_value, self.best_logs = None, None, {}
        self.last_epoch, self.last_logs, self.last_printed = 0, {}, 0
        self.train_start = time.perf_counter()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch_start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        seconds = time.perf_counter() - self.epoch_start
        number = epoch + 1
        self.last_epoch, self.last_logs, self.last_seconds = number, logs, seconds
        if self.monitor in logs and self._better(float(logs[self.monitor]), self.best_value):
            self.best_epoch, self.best_value, self.best_logs = number, float(logs[self.monitor]), logs
        if number == 1 or number % self.every == 0:
            self._print(number, logs, seconds)

    def _print(self, number, logs, seconds):
        total = self.params.get("epochs") if self.params else None
        width = len(str(total)) if total else 3
        of = f"/{total}" if total else ""
        print(f"epoch {number:>{width}}{of}  {seconds:5.1f}s  {_format(logs)}")
        self.last_printed = number

    def on_train_end(self, logs=None):
        if self.last_epoch == 0:
            print("no epoch was run")
            return
        if self.last_printed != self.last_epoch:
            self._print(self.last_epoch, self.last_logs, self.last_seconds)
        total = self.params.get("epochs") if self.params else None
        minutes = (time.perf_counter() - self.train_start) / 60
        why = ("stopped early" if self.model is not None and self.model.stop_training
               else f"ran all {total} epochs" if total == self.last_epoch else "stopped")
        line = f"{self.last_epoch} epochs ({why}, {minutes:.1f} min)"
        if self.best_epoch is not None:
            line += (f"; best epoch {self.best_epoch} by {self.monitor}: "
                     f"{_format(self.best_logs)}")
        print(line)
