"""Plots the chapters share. They draw with Matplotlib and return the figure.

Nothing here picks a backend: Jupyter shows figures inline, and without a display (CI, a
terminal) Matplotlib falls back to the non-interactive Agg backend, or ``MPLBACKEND=Agg``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def _history_dict(history) -> dict[str, list[float]]:
    """Accept a Keras ``History`` (from ``model.fit``) or its ``.history`` dict."""
    data = getattr(history, "history", history)
    if not isinstance(data, dict) or not data:
        raise TypeError("history must be what model.fit returns (a History) or its .history "
                        f"dict of per-epoch values, got {type(history).__name__}")
    lengths = {len(v) for v in data.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError("history: every metric needs the same, non-zero number of epochs")
    return {k: [float(x) for x in v] for k, v in data.items()}


def best_epoch(history, monitor: str = "val_loss") -> int:
    """The 1-based epoch with the lowest ``monitor`` (highest if its name ends in accuracy)."""
    data = _history_dict(history)
    if monitor not in data:
        raise KeyError(f"history has no {monitor!r}; it has {sorted(data)}")
    values = np.asarray(data[monitor])
    pick = np.argmax if monitor.endswith(("accuracy", "acc", "auc")) else np.argmin
    return int(pick(values)) + 1


def plot_history(history, metrics=("loss", "accuracy"), monitor="val_loss", title=None):
    """Training curves: one panel per metric, training vs validation, best epoch marked.

    The best epoch is where ``monitor`` (validation loss by default) is best — the epoch
    whose weights ``EarlyStopping(restore_best_weights=True)`` and ``ModelCheckpoint(
    save_best_only=True)`` keep. Metrics the history lacks are skipped.
    """
    data = _history_dict(history)
    metrics = [m for m in metrics if m in data]
    if not metrics:
        raise ValueError(f"history has none of the metrics to plot; it has {sorted(data)}")
    best = best_epoch(data, monitor) if monitor in data else None
    epochs = np.arange(1, len(data[metrics[0]]) + 1)

    fig, axes = plt.subplots(1, len(metrics), figsize=(5.5 * len(metrics), 3.6),
                             squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        ax.plot(epochs, data[metric], "o-", ms=3, label="training")
        if f"val_{metric}" in data:
            ax.plot(epochs, data[f"val_{metric}"], "s-", ms=3, label="validation")
        if best is not None:
            ax.axvline(best, color="grey", ls="--", lw=1)
            if f"val_{metric}" in data:
                y = data[f"val_{metric}"][best - 1]
                ax.plot([best], [y], "k*", ms=12, label=f"best epoch {best}: {y:.4f}")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
