"""utils.plotting renders headless and marks the best epoch."""

import matplotlib
import matplotlib.pyplot
import numpy as np
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


def test_plot_history_by_default_skips_loss_or_accuracy_when_missing():
    fig = plotting.plot_history({"loss": [1.0, 0.5], "mae": [2.0, 1.0]})
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss"]


def test_one_metric_name_is_one_panel_not_one_per_letter():
    fig = plotting.plot_history(HISTORY, metrics="loss")
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss"]
    fig = plotting.plot_history({"loss": [1.0, 0.5], "mae": [2.0, 1.0]}, metrics=["mae"])
    assert [ax.get_ylabel() for ax in fig.axes] == ["mae"]


@pytest.mark.parametrize("bad, error, words", [
    ([1, 2], TypeError, "history must be what model.fit returns.*got list"),
    (None, TypeError, "history must be what model.fit returns.*got NoneType"),
    ({}, ValueError, "history is empty.*0 epochs"),
    ({"loss": [1], "val_loss": [1, 2]}, ValueError, "same, non-zero number of epochs"),
    ({"loss": []}, ValueError, "same, non-zero number of epochs"),
    ({"loss": 0.5}, TypeError, r"history\['loss'\] must be a list with one value per epoch"),
    ({"loss": "0.5"}, TypeError, r"history\['loss'\] must be a list"),
    ({"loss": ["a"]}, ValueError, r"history\['loss'\] must hold numbers"),
    ({"loss": [None]}, TypeError, r"history\['loss'\] must hold numbers"),
])
def test_bad_history(bad, error, words):
    with pytest.raises(error, match=words) as info:
        plotting.plot_history(bad)
    assert "got dict" not in str(info.value)


def test_history_of_zero_epochs_says_so():
    keras = pytest.importorskip("keras")
    import numpy as np

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(np.zeros((4, 3)), np.zeros(4), epochs=0, verbose=0)
    assert isinstance(history, keras.callbacks.History)
    for call in (plotting.plot_history, plotting.best_epoch):
        with pytest.raises(ValueError, match="history is empty.*0 epochs") as info:
            call(history)
        assert "got History" not in str(info.value)


def test_unknown_metrics_and_monitor():
    with pytest.raises(ValueError, match=r"history has no 'auc'; it has \['accuracy'"):
        plotting.plot_history(HISTORY, metrics=("auc",))
    with pytest.raises(ValueError, match="history has no 'acc'"):       # not silently skipped
        plotting.plot_history(HISTORY, metrics=("loss", "acc"))
    with pytest.raises(ValueError, match="neither 'loss' nor 'accuracy'.*metrics=\\('mae',\\)"):
        plotting.plot_history({"mae": [1.0]})
    with pytest.raises(TypeError, match="metrics must be a metric name or a list"):
        plotting.plot_history(HISTORY, metrics=3)
    with pytest.raises(TypeError, match="metrics must be a metric name or a list"):
        plotting.plot_history(HISTORY, metrics=[])
    with pytest.raises(ValueError, match="monitor 'val_auc' is not in the history"):
        plotting.plot_history(HISTORY, monitor="val_auc")
    with pytest.raises(TypeError, match="monitor must be a metric name"):
        plotting.plot_history(HISTORY, monitor=0)
    with pytest.raises(KeyError, match="no 'val_auc'"):
        plotting.best_epoch(HISTORY, "val_auc")
    with pytest.raises(TypeError, match="monitor must be a metric name"):
        plotting.best_epoch(HISTORY, None)


def test_nan_epochs_are_never_the_best():
    nan = float("nan")
    assert plotting.best_epoch({"val_loss": [nan, 0.5, 0.7]}) == 2
    assert plotting.best_epoch({"val_loss": [0.9, nan, 0.7]}) == 3
    assert plotting.best_epoch({"val_accuracy": [0.6, nan, 0.5]}, "val_accuracy") == 1
    with pytest.raises(ValueError, match="every value of 'val_loss' is NaN"):
        plotting.best_epoch({"val_loss": [nan, nan]})
    # A diverged run can still be plotted; no epoch is marked as best.
    fig = plotting.plot_history({"loss": [1.0, nan], "val_loss": [nan, nan]})
    assert not any(line.get_label().startswith("best epoch") for line in fig.axes[0].get_lines())


def test_history_epoch_ticks_are_whole_numbers():
    from utils.plotting import plot_history

    # 18 epochs: matplotlib's default ticks would be 0, 2.5, 5, 7.5, …
    history = {"loss": list(np.linspace(0.9, 0.4, 18)), "val_loss": list(np.linspace(0.95, 0.6, 18))}
    fig = plot_history(history)
    ticks = [t for t in fig.axes[0].get_xticks() if 1 <= t <= 18]
    assert ticks and all(float(t).is_integer() for t in ticks)
    matplotlib.pyplot.close(fig)
