"""Plots the chapters share. They draw with Matplotlib and return the figure.

``best_epoch`` is :func:`utils.training.best_epoch`, the rule every helper shares.

Nothing here picks a backend: Jupyter shows figures inline, and without a display (CI, a
terminal) Matplotlib falls back to the non-interactive Agg backend, or ``MPLBACKEND=Agg``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import numpy as np

# The one best-epoch rule of the project (re-exported: ``utils.plotting.best_epoch``).
from .training import _check_mode, _history_dict, best_epoch

_DEFAULT_METRICS = ("loss", "accuracy")


def _metric_names(metrics, data) -> list[str]:
    if metrics is None:                      # the default: whichever of these the history has
        chosen = [m for m in _DEFAULT_METRICS if m in data]
        if not chosen:
            raise ValueError(f"history has neither 'loss' nor 'accuracy'; pick metrics to plot "
                             f"from {sorted(data)}, e.g. metrics=({sorted(data)[0]!r},)")
        return chosen
    if isinstance(metrics, str):             # metrics="loss" means one metric, not 4 letters
        metrics = (metrics,)
    try:
        metrics = list(metrics)
    except TypeError:
        raise TypeError(f"metrics must be a metric name or a list of names such as "
                        f"('loss', 'mae'), got {metrics!r}") from None
    bad = [m for m in metrics if not isinstance(m, str)]
    if bad or not metrics:
        raise TypeError(f"metrics must be a metric name or a list of names such as "
                        f"('loss', 'mae'), got {metrics!r}")
    missing = [m for m in metrics if m not in data]
    if missing:
        raise ValueError(f"history has no {', '.join(map(repr, missing))}; it has "
                         f"{sorted(data)} (validation curves are drawn with their metric: "
                         "pass 'loss' to get 'val_loss' too)")
    return metrics


def plot_history(history, metrics=None, monitor=None, title=None, mode="auto"):
    """Training curves: one panel per metric, training vs validation, best epoch marked.

    ``metrics`` is a metric name or a list of names (each panel also shows ``val_<name>``
    when the history has it); by default ``loss`` and ``accuracy``, whichever the history has.
    The best epoch is where ``monitor`` is best — by default ``val_loss`` when the history
    has it — the epoch whose weights ``EarlyStopping(restore_best_weights=True)`` and
    ``ModelCheckpoint(save_best_only=True)`` keep, chosen by :func:`best_epoch` (``mode``:
    ``"auto"``, ``"min"`` or ``"max"``, as there). No epoch is marked when every value of
    ``monitor`` is NaN.
    """
    data = _history_dict(history)
    metrics = _metric_names(metrics, data)
    _check_mode(mode)
    if monitor is None:
        monitor = "val_loss" if "val_loss" in data else None
    elif not isinstance(monitor, str):
        raise TypeError(f"monitor must be a metric name such as 'val_loss', got {monitor!r}")
    elif monitor not in data:
        raise ValueError(f"monitor {monitor!r} is not in the history; it has {sorted(data)}")
    # No marker when there is no best epoch: no monitor, or every value NaN (a diverged run).
    has_best = monitor is not None and not np.isnan(data[monitor]).all()
    best = best_epoch(data, monitor, mode) if has_best else None
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
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))   # no epoch 2.5
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Hangul in figures
# ---------------------------------------------------------------------------------------------

#: The Hangul font: NanumGothic (SIL Open Font Licence), shipped inside the ``koreanize-matplotlib``
#: wheel on PyPI, so no system package and no restart of the Python process are needed.
HANGUL_FONT = "NanumGothic"
HANGUL_PACKAGE = "koreanize-matplotlib"


def hangul_font_path():
    """The path of NanumGothic.ttf inside the installed ``koreanize-matplotlib`` package.

    The package is located, not imported: importing it would also change Matplotlib's settings
    (and its 0.1.1 release imports ``distutils``, which Python 3.12 removed).
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"Hangul in figures needs the font of the {HANGUL_PACKAGE} package, which is not "
            f"installed: run `pip install {HANGUL_PACKAGE}` (requirements.txt installs it; in Colab "
            "the chapter's setup cell does).", name="koreanize_matplotlib")
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / f"{HANGUL_FONT}.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: reinstall the font package with "
                                f"`pip install --force-reinstall {HANGUL_PACKAGE}`.")
    return path


def use_hangul_font():
    """Let Matplotlib draw Hangul: add NanumGothic as the fallback of its default font.

    Matplotlib's default font, DejaVu Sans, has no Hangul: a Korean title comes out as empty
    boxes, with a "Glyph … missing from font(s)" warning. Matplotlib (3.6 and later) looks up
    each character in the families of ``font.family`` in order, so Latin letters, digits and
    the minus sign keep DejaVu Sans and only Hangul is drawn with NanumGothic. The font is
    registered in this process (``font_manager.fontManager.addfont``): it works at once, also
    in a running Colab session, without restarting the runtime. Returns the family list set.
    """
    import matplotlib
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(hangul_font_path()))
    families = ["DejaVu Sans", HANGUL_FONT]
    matplotlib.rcParams["font.family"] = families
    return families
