"""utils.diagrams: each figure renders headless without warnings, is titled, has its axes
turned off, draws the sizes it is given, rejects bad arguments and is deterministic."""

import io
import logging
import re
import warnings

import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

import utils
from utils import diagrams, params

# name -> a call with default (or small) arguments
FIGURES = {
    "unrolled_cell": diagrams.unrolled_cell,
    "weight_picture": diagrams.weight_picture,
    "io_categories": diagrams.io_categories,
    "two_layer_rnn": diagrams.two_layer_rnn,
    "lstm_cell": diagrams.lstm_cell,
    "gru_cell": diagrams.gru_cell,
}


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test opened."""
    yield
    plt.close("all")


class _Collect(logging.Handler):
    """Keep the log records Matplotlib emits (mathtext reports a missing glyph by logging)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def render(make, *args, **kwargs):
    """Build a figure and draw it; any warning or Matplotlib log warning is an error.

    A glyph missing from the font shows up as a ``UserWarning`` in plain text and as a
    ``matplotlib.mathtext`` log warning in text with ``$...$`` math; both fail here.
    """
    logger, collect = logging.getLogger("matplotlib"), _Collect()
    logger.addHandler(collect)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig = make(*args, **kwargs)
            fig.canvas.draw()
    finally:
        logger.removeHandler(collect)
    if collect.records:
        messages = "; ".join(r.getMessage() for r in collect.records)
        raise UserWarning(f"Matplotlib logged: {messages}")
    return fig


def drawn_text(fig) -> list[str]:
    """Every string the figure shows: suptitle, figure texts, axes texts, titles, legends."""
    texts = [fig.get_suptitle()] + [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [ax.get_title()] + [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t]


def gids(fig, pattern: str) -> list[str]:
    """The gids of the figure's artists that fully match the regular expression ``pattern``."""
    found = [a.get_gid() for a in fig.findobj(lambda a: a.get_gid() is not None)]
    return sorted(g for g in found if re.fullmatch(pattern, g))


def png_bytes(fig) -> bytes:
    """The figure as PNG with no software/date metadata."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def caption(fig) -> str:
    """The caption under the figure (the figure text with gid "caption")."""
    texts = [t.get_text() for t in fig.texts if t.get_gid() == "caption"]
    assert len(texts) == 1, f"expected one caption, found {texts}"
    return texts[0]


# --------------------------------------------------------------------------- every figure
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_renders_without_warnings_titled_axes_off(name):
    before = set(plt.get_fignums())
    fig = render(FIGURES[name])
    assert set(plt.get_fignums()) - before == {fig.number}, "one new figure, the returned one"
    assert fig.get_suptitle().strip(), "every figure has a title"
    assert fig.axes and all(not ax.axison for ax in fig.axes), "diagrams have their axes off"
    width, _ = fig.get_size_inches()
    assert 8 <= width <= 12, f"{name} is {width:.1f} inches wide"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_same_arguments_same_png_bytes(name):
    first = png_bytes(render(FIGURES[name]))
    second = png_bytes(render(FIGURES[name]))
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == second


def test_different_arguments_different_png_bytes():
    assert (png_bytes(render(diagrams.unrolled_cell, 3))
            != png_bytes(render(diagrams.unrolled_cell, 4)))
    assert (png_bytes(render(diagrams.weight_picture, 4, 3))
            != png_bytes(render(diagrams.weight_picture, 3, 4)))


def _default_font_has_hangul() -> bool:
    """Whether Matplotlib's default font can draw Korean (then the guard test is moot)."""
    path = font_manager.findfont(font_manager.FontProperties(family=plt.rcParams["font.family"]))
    return ord("일") in FT2Font(path).get_charmap()


@pytest.mark.skipif(_default_font_has_hangul(), reason="the default font has Hangul glyphs")
def test_the_warning_guard_would_catch_a_missing_glyph():
    """render() really fails on a missing glyph (Korean), in plain text and in mathtext."""
    def korean_title():
        fig, ax = plt.subplots()
        ax.set_axis_off()
        fig.suptitle("일대일")
        return fig

    def korean_math_label():
        fig, ax = plt.subplots()
        ax.set_axis_off()
        ax.text(0.5, 0.5, "$W_x$: 일대일")
        return fig

    with pytest.raises(UserWarning, match="[Gg]lyph"):
        render(korean_title)
    with pytest.raises(UserWarning, match="[Gg]lyph"):
        render(korean_math_label)


def test_utils_exports_diagrams():
    assert utils.diagrams is diagrams and "diagrams" in utils.__all__
    for name in FIGURES:
        assert name in diagrams.__all__
        assert getattr(diagrams, name).__doc__.strip()


# --------------------------------------------------------------------------- sizes
@pytest.mark.parametrize("steps", [1, 4, 8])
def test_unrolled_cell_draws_one_copy_per_step(steps):
    fig = render(diagrams.unrolled_cell, steps=steps)
    assert gids(fig, r"cell-\d+") == sorted(f"cell-{t}" for t in range(1, steps + 1))
    assert gids(fig, "folded-cell") == ["folded-cell"]
    text = drawn_text(fig)
    assert f"T = {steps}" in fig.get_suptitle()
    assert "same weights at every step" in caption(fig).lower()
    assert "$h_0 = 0$" in text
    for t in range(1, steps + 1):
        assert f"$x_{{{t}}}$" in text and f"$h_{{{t}}}$" in text
    assert f"$x_{{{steps + 1}}}$" not in text
    for weight in ("$W_x$", "$W_h$", "$b$"):            # on the folded cell and on every copy
        assert text.count(weight) == steps + 1, weight


@pytest.mark.parametrize("n_features, n_units", [(5, 2), (4, 3), (1, 1), (12, 8)])
def test_weight_picture_nodes_edges_and_count(n_features, n_units):
    fig = render(diagrams.weight_picture, n_features, n_units)
    assert len(gids(fig, r"input-\d+")) == n_features
    assert len(gids(fig, r"unit-\d+")) == n_units
    assert len(gids(fig, r"wx-\d+-\d+")) == n_features * n_units
    assert len(gids(fig, r"wh-\d+-\d+")) == n_units * n_units
    assert gids(fig, r"wh-(\d+)-\1") == sorted(f"wh-{j}-{j}" for j in range(1, n_units + 1))
    assert len(gids(fig, r"b-\d+")) == n_units
    total = params.simple_rnn_params(n_features, n_units)  # the formula module, independently
    assert caption(fig).endswith(f"→ {total} parameters")


def test_weight_picture_five_by_two_text():
    fig = render(diagrams.weight_picture, 5, 2)
    words = caption(fig)
    assert "5×2 = 10" in words and "2×2 = 4" in words and "16 parameters" in words
    assert gids(fig, r"input-\d+") == [f"input-{i}" for i in range(1, 6)]
    assert gids(fig, r"unit-\d+") == ["unit-1", "unit-2"]
    assert {"x(5)", "r(2)"} <= set(drawn_text(fig)) and "x(6)" not in drawn_text(fig)


def test_weight_picture_default_matches_the_notes():
    assert "W_h$ 3×3 = 9" in caption(render(diagrams.weight_picture))
    assert "24 parameters" in caption(render(diagrams.weight_picture))


@pytest.mark.parametrize("steps", [1, 5])
def test_two_layer_rnn_all_states_up_then_only_the_last(steps):
    fig = render(diagrams.two_layer_rnn, steps=steps)
    for layer in (1, 2):
        assert len(gids(fig, rf"layer{layer}-cell-\d+")) == steps
    assert len(gids(fig, r"layer1-out-\d+")) == steps       # return_sequences=True
    assert gids(fig, r"layer2-out.*") == ["layer2-out"]     # only the last state
    assert gids(fig, "dense") == ["dense"]
    text = "\n".join(drawn_text(fig))
    assert "layer 1" in text and "layer 2" in text and "return_sequences=True" in text
    assert f"T = {steps}" in fig.get_suptitle()


def test_io_categories_panels_and_examples():
    fig = render(diagrams.io_categories)
    text = "\n".join(drawn_text(fig)).replace("\n", " ")
    for name in ("one-to-one", "one-to-many", "many-to-one", "many-to-many (synced)",
                 "many-to-many (delayed)"):
        assert name in text
    for task in ("image classification", "image captioning", "music generation", "sentiment",
                 "tagging each word", "video frame", "machine translation"):
        assert task in text

    def columns(panel, kind):
        return [int(g.rsplit("-", 1)[1]) for g in gids(fig, rf"{re.escape(panel)}/{kind}-\d+")]

    assert (columns("one-to-one", "input"), columns("one-to-one", "output")) == ([1], [1])
    assert (columns("one-to-many", "input"), columns("one-to-many", "output")) == ([1], [1, 2, 3])
    assert (columns("many-to-one", "input"), columns("many-to-one", "output")) == ([1, 2, 3], [3])
    synced = "many-to-many (synced)"
    assert columns(synced, "input") == columns(synced, "output") == [1, 2, 3]
    delayed = "many-to-many (delayed)"
    assert len(columns(delayed, "input")) > 1 and len(columns(delayed, "output")) > 1
    assert min(columns(delayed, "output")) > max(columns(delayed, "input"))


def test_io_categories_panel_order_dense_label_fits_and_has_a_legend_entry():
    fig = render(diagrams.io_categories)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    titles = {t.get_text().replace("\n", " "): t.get_position()[0] for t in ax.texts}
    order = ["one-to-one", "many-to-one", "one-to-many", "many-to-many (synced)",
             "many-to-many (delayed)"]                    # chapter 2's table and code
    assert sorted(order, key=titles.__getitem__) == order
    box = next(p for p in ax.patches if p.get_gid() == "one-to-one/cell-1")
    label = next(t for t in ax.texts if t.get_text() == "Dense")
    inside, outside = box.get_window_extent(renderer), label.get_window_extent(renderer)
    assert inside.x0 < outside.x0 and outside.x1 < inside.x1, "the Dense label spills out of its box"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("Dense" in t for t in legend) and "RNN cell" in legend


def test_lstm_cell_gates_states_and_equations():
    fig = render(diagrams.lstm_cell)
    assert gids(fig, r"gate-.") == ["gate-f", "gate-g", "gate-i", "gate-o"]
    assert gids(fig, r"(mul|add|tanh)-.") == ["add-c", "mul-f", "mul-i", "mul-o", "tanh-c"]
    text = "\n".join(drawn_text(fig)).replace("\n", " ")
    for words in ("forget gate", "input gate", "output gate", "candidate", "long-term state",
                  "short-term state", "$c_{t-1}$", "$h_{t-1}$", "$x_t$", r"$\sigma$", r"$\tanh$"):
        assert words in text, words
    assert r"c_t = f_t \odot c_{t-1} + i_t \odot g_t" in caption(fig)
    assert r"h_t = o_t \odot \tanh(c_t)" in caption(fig)


def test_gru_cell_gates_one_state_and_keras_equation():
    fig = render(diagrams.gru_cell)
    assert gids(fig, r"gate-.") == ["gate-h", "gate-r", "gate-z"]
    text = "\n".join(drawn_text(fig)).replace("\n", " ")
    for words in ("update gate", "reset gate", "candidate", "$z_t$", "$r_t$", "$h_{t-1}$"):
        assert words in text, words
    assert "c_t" not in text, "a GRU has one state"
    assert r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t" in caption(fig)
    assert "Keras" in diagrams.gru_cell.__doc__


# --------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize("call, error, words", [
    (lambda: diagrams.unrolled_cell(0), ValueError, ["steps=0", "from 1 to 8"]),
    (lambda: diagrams.unrolled_cell(9), ValueError, ["steps=9", "from 1 to 8"]),
    (lambda: diagrams.unrolled_cell(2.5), TypeError, ["steps", "whole number", "float"]),
    (lambda: diagrams.unrolled_cell("3"), TypeError, ["steps", "whole number", "str"]),
    (lambda: diagrams.unrolled_cell(True), TypeError, ["steps", "bool"]),
    (lambda: diagrams.two_layer_rnn(-1), ValueError, ["steps=-1", "from 1 to 8"]),
    (lambda: diagrams.weight_picture(0, 3), ValueError, ["n_features=0", "from 1 to 12"]),
    (lambda: diagrams.weight_picture(4, 9), ValueError, ["n_units=9", "from 1 to 8"]),
    (lambda: diagrams.weight_picture(4, None), TypeError, ["n_units", "NoneType"]),
])
def test_bad_arguments_name_the_parameter_and_the_fix(call, error, words):
    before = set(plt.get_fignums())
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
    assert set(plt.get_fignums()) == before, "no figure is left open after a bad call"


# --------------------------------------------------------------------------- chapters 1 and 2
def test_tensor_cube_draws_every_entry_of_the_chapters_tensor():
    import numpy as np

    matrix = np.array([[5, 78, 2, 34, 0], [6, 79, 3, 35, 1], [7, 80, 4, 36, 2]])
    tensor = np.stack([matrix, matrix + 100])                       # chapter 1's (2, 3, 5)
    fig = render(diagrams.tensor_cube, tensor, mark=(0, 1, 2))
    assert gids(fig, r"sheet-\d") == ["sheet-0", "sheet-1"]
    assert len(gids(fig, r"entry-\d-\d-\d")) == tensor.size == 30
    assert "entry-1-2-4" in gids(fig, r"entry-.*") and "entry-2-0-0" not in gids(fig, r"entry-.*")
    assert gids(fig, "mark") == ["mark"]
    text = drawn_text(fig)
    for value in tensor.ravel():                                    # every number, once each
        assert text.count(str(value)) >= 1, value
    assert "(2, 3, 5)" in fig.get_suptitle() and "3 rows × 5 columns" in fig.get_suptitle()
    joined = " ".join(text)
    assert "axis 0" in joined and "rows (3)" in joined and "columns (5)" in joined
    assert caption(fig).endswith("tensor[0, 1, 2] = 3")


def test_tensor_cube_front_sheet_is_drawn_over_the_ones_behind():
    import numpy as np

    fig = render(diagrams.tensor_cube, np.arange(3 * 2 * 4).reshape(3, 2, 4))
    z = {a.get_gid(): a.get_zorder() for a in fig.findobj(lambda a: a.get_gid() is not None)}
    assert z["entry-0-1-1"] > z["entry-1-1-1"] > z["entry-2-1-1"]
    assert "mark" not in z and "marked" not in caption(fig)


@pytest.mark.parametrize("call, error, words", [
    (lambda: diagrams.tensor_cube([[1, 2], [3, 4]]), ValueError, ["3 axes", "ndim=2"]),
    (lambda: diagrams.tensor_cube([[[0.5]]]), TypeError, ["whole numbers", "float"]),
    (lambda: diagrams.tensor_cube([[[0] * 9]]), ValueError, ["values.shape[2]=9", "from 1 to 8"]),
    (lambda: diagrams.tensor_cube([[[0]]] * 5), ValueError, ["values.shape[0]=5", "from 1 to 4"]),
    (lambda: diagrams.tensor_cube([[[0]]], mark=(0, 1, 0)), ValueError, ["mark=(0, 1, 0)"]),
    (lambda: diagrams.feedforward_vs_recurrent(0), ValueError, ["n_inputs=0", "from 1 to 6"]),
    (lambda: diagrams.feedforward_vs_recurrent(3, 7), ValueError, ["n_hidden=7", "from 1 to 6"]),
    (lambda: diagrams.feedforward_vs_recurrent(3, 4, 2.0), TypeError, ["n_outputs", "float"]),
])
def test_chapter_1_2_figures_reject_bad_arguments(call, error, words):
    before = set(plt.get_fignums())
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
    assert set(plt.get_fignums()) == before, "no figure is left open after a bad call"


@pytest.mark.parametrize("n_inputs, n_hidden, n_outputs", [(3, 4, 2), (1, 1, 1), (6, 5, 4)])
def test_feedforward_vs_recurrent_same_network_plus_one_loop(n_inputs, n_hidden, n_outputs):
    fig = render(diagrams.feedforward_vs_recurrent, n_inputs, n_hidden, n_outputs)
    for panel in ("feedforward", "recurrent"):
        assert len(gids(fig, rf"{panel}/input-\d+")) == n_inputs
        assert len(gids(fig, rf"{panel}/hidden-\d+")) == n_hidden
        assert len(gids(fig, rf"{panel}/output-\d+")) == n_outputs
        assert len(gids(fig, rf"{panel}/wx-\d+-\d+")) == n_inputs * n_hidden
        assert len(gids(fig, rf"{panel}/wo-\d+-\d+")) == n_hidden * n_outputs
    assert gids(fig, r".*/loop") == ["recurrent/loop"], "only the recurrent network has the loop"
    text = " ".join(drawn_text(fig))
    assert "feed-forward network" in text and "recurrent network" in text
    assert "$W_h$" in text and "h_{t-1}" in caption(fig)


def test_chapter_1_2_figures_are_deterministic_and_exported():
    import numpy as np

    tensor = np.arange(2 * 3 * 5).reshape(2, 3, 5)
    for make, args in ((diagrams.tensor_cube, (tensor,)), (diagrams.feedforward_vs_recurrent, ())):
        assert make.__name__ in diagrams.__all__ and make.__doc__.strip()
        first, second = png_bytes(render(make, *args)), png_bytes(render(make, *args))
        assert first == second
        width, _ = render(make, *args).get_size_inches()
        assert 8 <= width <= 12
    assert (png_bytes(render(diagrams.tensor_cube, tensor))
            != png_bytes(render(diagrams.tensor_cube, tensor + 1)))


# --------------------------------------------------------------------------- chapter 3
def _chapter_3_figures():
    return ((diagrams.bptt, ()), (diagrams.bptt, (6, 3)), (diagrams.recurrence_kinds, ()))


def test_chapter_3_figures_render_titled_deterministic_and_exported():
    for make, args in _chapter_3_figures():
        assert make.__name__ in diagrams.__all__ and make.__doc__.strip()
        fig = render(make, *args)
        assert fig.get_suptitle().strip() and caption(fig).strip()
        assert fig.axes and all(not ax.axison for ax in fig.axes)
        width, _ = fig.get_size_inches()
        assert 8 <= width <= 12, f"{make.__name__}{args} is {width:.1f} inches wide"
        assert png_bytes(render(make, *args)) == png_bytes(render(make, *args))
    assert png_bytes(render(diagrams.bptt, 6)) != png_bytes(render(diagrams.bptt, 6, 3))


@pytest.mark.parametrize("steps", [1, 4, 8])
def test_bptt_full_one_loss_and_the_gradient_back_through_every_step(steps):
    fig = render(diagrams.bptt, steps)
    assert gids(fig, r"cell-\d") == [f"cell-{t}" for t in range(1, steps + 1)]
    assert gids(fig, r"loss-\d") == ["loss-1"]
    assert len(gids(fig, r"state-\d")) == len(gids(fig, r"up-\d")) == steps
    assert len(gids(fig, r"down-\d")) == steps, "the loss's gradient reaches every state"
    assert gids(fig, r"back-\d") == sorted(f"back-{t}" for t in range(2, steps + 1))
    assert gids(fig, r"cut-\d") == [], "full BPTT is never cut"
    assert f"T = {steps}" in fig.get_suptitle() and "BPTT" in fig.get_suptitle()
    assert "$h_0 = 0$" in drawn_text(fig) and "every step" in caption(fig)


@pytest.mark.parametrize("steps, chunk, starts", [(6, 3, [1, 4]), (5, 2, [1, 3, 5]),
                                                  (4, 4, [1]), (3, 1, [1, 2, 3])])
def test_bptt_truncated_the_state_crosses_a_boundary_the_gradient_does_not(steps, chunk, starts):
    fig = render(diagrams.bptt, steps, chunk)
    assert gids(fig, r"loss-\d") == [f"loss-{k}" for k in range(1, len(starts) + 1)]
    assert len(gids(fig, r"state-\d")) == steps, "the state is carried across every boundary"
    assert gids(fig, r"cut-\d") == sorted(f"cut-{t}" for t in starts[1:])
    assert gids(fig, r"back-\d") == sorted(f"back-{t}" for t in range(2, steps + 1)
                                           if t not in starts)
    assert len(gids(fig, r"down-\d")) == steps
    assert f"chunks of {chunk}" in fig.get_suptitle()
    assert "$L_{1}$" in drawn_text(fig) and "stops" in caption(fig)


def test_recurrence_kinds_each_design_carries_its_own_edge():
    fig = render(diagrams.recurrence_kinds)
    designs = {"hidden-to-hidden": ("h", "h", "$W_{hh}$"), "output-to-hidden": ("o", "h", "$W_{oh}$"),
               "output-to-output": ("o", "o", "$W_{oo}$")}
    text = drawn_text(fig)
    for key, (src, dst, weight) in designs.items():
        for kind in "xho":
            assert gids(fig, rf"{key}/{kind}-\d") == [f"{key}/{kind}-{k}" for k in (1, 2, 3)]
        edges = set(gids(fig, rf"{key}/[xho]\d-[xho]\d"))
        same = {f"{key}/x{k}-h{k}" for k in (1, 2, 3)} | {f"{key}/h{k}-o{k}" for k in (1, 2, 3)}
        recurrent = {f"{key}/{src}{k - 1}-{dst}{k}" for k in (1, 2, 3, 4)}
        assert edges == same | recurrent, key
        assert weight in text
    joined = " ".join(text)
    assert "(hidden recurrence)" in joined and joined.count("(output recurrence)") == 2
    for formula in (r"$h_t = \tanh(x_t W_{xh} + h_{t-1} W_{hh} + b_h)$",
                    r"$h_t = \tanh(x_t W_{xh} + o_{t-1} W_{oh} + b_h)$",
                    r"$o_t = \sigma_o(h_t W_{ho} + o_{t-1} W_{oo} + b_o)$"):
        assert formula in text, formula
    assert text.count(r"$o_t = \sigma_o(h_t W_{ho} + b_o)$") == 2, "output bias and activation"


@pytest.mark.parametrize("call, error, words", [
    (lambda: diagrams.bptt(0), ValueError, ["steps=0", "from 1 to 8"]),
    (lambda: diagrams.bptt(9), ValueError, ["steps=9", "from 1 to 8"]),
    (lambda: diagrams.bptt(4, 0), ValueError, ["chunk=0", "from 1 to 4"]),
    (lambda: diagrams.bptt(4, 5), ValueError, ["chunk=5", "from 1 to 4"]),
    (lambda: diagrams.bptt(4, 2.0), TypeError, ["chunk", "whole number", "float"]),
    (lambda: diagrams.bptt("4"), TypeError, ["steps", "str"]),
])
def test_chapter_3_figures_reject_bad_arguments(call, error, words):
    before = set(plt.get_fignums())
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
    assert set(plt.get_fignums()) == before, "no figure is left open after a bad call"
