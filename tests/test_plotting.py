"""utils.plotting renders headless and marks the best epoch."""

import matplotlib
import pytest

from utils import plotting

HISTORY = {"loss": [0.69, 0.6, 0.5, 0.45], "val_loss": [0.68, 0.62, 0.58, 0.6],
           "accuracy": [0.5, 0.65, 0.75, 0.8], "val_accuracy": [0.52, 0.66, 0.71, 0.70]}


class FakeHistory:
    history = HISTORY


def test_backend_is_headless_here():
    assert matplotlib.get_backend().lower() == "agg"


def test_best_epoch():
    assert plotting.best_epoch(HISTORY) == 3
    assert plotting.best_epoch(HISTORY, "val_accuracy") == 3
    assert plotting.best_epoch(FakeHistory(), "loss") == 4


def test_plot_history_panels_lines_and_marker(tmp_path):
    fig = plotting.plot_history(FakeHistory(), title="demo")
    assert len(fig.axes) == 2
    loss_ax = fig.axes[0]
    labels = [line.get_label() for line in loss_ax.get_lines()]
    assert labels[:2] == ["training", "validation"]
    assert any(lab.startswith("best epoch 3: 0.5800") for lab in labels)
    fig.savefig(tmp_path / "h.png")
    assert (tmp_path / "h.png").stat().st_size > 1000


def test_plot_history_skips_missing_metrics():
    fig = plotting.plot_history({"loss": [1.0, 0.5]}, metrics=("loss", "accuracy"))
    assert len(fig.axes) == 1


@pytest.mark.parametrize("bad, error", [
    ([1, 2], TypeError), ({}, TypeError), ({"loss": [1], "val_loss": [1, 2]}, ValueError),
])
def test_bad_history(bad, error):
    with pytest.raises(error, match="history"):
        plotting.plot_history(bad)


def test_unknown_metrics_and_monitor():
    with pytest.raises(ValueError, match="none of the metrics"):
        plotting.plot_history(HISTORY, metrics=("auc",))
    with pytest.raises(KeyError, match="no 'val_auc'"):
        plotting.best_epoch(HISTORY, "val_auc")
