"""Textbook diagrams of recurrent networks, drawn with Matplotlib patches and text.

Each function creates its own figure, returns it and never calls ``plt.show()``; Jupyter
shows the returned figure inline. Nothing is random, so the same arguments always give the
same picture (and, saved with fixed metadata, the same PNG bytes). The diagrams have no
data axes, so their axes are turned off; every figure has a title and most a caption.

``unrolled_cell``   a recurrent cell folded and unrolled over time, same weights at every step
``weight_picture``  every weight of a SimpleRNN layer: W_x, W_h (with self loops) and b
``io_categories``   one-to-one, one-to-many, many-to-one, many-to-many (synced and delayed)
``two_layer_rnn``   two stacked layers: all states out of the first, the last out of the second
``lstm_cell``       the LSTM cell: forget, input and output gates, long- and short-term state
``gru_cell``        the GRU cell: update and reset gates, one state

Chapters 1 and 2:

``tensor_cube``               a 3D tensor as a cube of numbers: matrices stacked along axis 0
``feedforward_vs_recurrent``  the dataflow of a feed-forward and a recurrent network side by side

Chapter 3:

``bptt``              backpropagation through time on an unrolled cell; truncated with ``chunk=``
``recurrence_kinds``  hidden recurrence and the two kinds of output recurrence, side by side

Every node and cell the functions create carries a ``gid`` (``"cell-2"``, ``"input-3"``,
``"unit-1"``, ``"gate-f"``...) so tests and readers can find and count them.

The figure text is English only: no font with Hangul glyphs is installed where these
figures are built, and Matplotlib would draw empty boxes for Korean. The Korean terms of
the study notes are in the docstrings instead.
"""

from __future__ import annotations

import math
import numbers

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Patch
from matplotlib.path import Path

__all__ = ["gru_cell", "io_categories", "lstm_cell", "two_layer_rnn", "unrolled_cell",
           "weight_picture"]

# Colours (colour-blind-safe pairs: blue/orange for the two weight kinds).
INPUT_COLOR = "#d9ead3"      # input boxes and nodes (pale green)
CELL_COLOR = "#fde9cf"       # recurrent cells (pale orange)
OUTPUT_COLOR = "#d6e4f5"     # output boxes (pale blue)
SIGMA_COLOR = "#f6c48e"      # sigmoid gate boxes
TANH_COLOR = "#bcd3f2"       # tanh boxes
WX_COLOR = "#2f6fb0"         # input-to-unit weights W_x
WH_COLOR = "#c4501b"         # unit-to-unit weights W_h
BIAS_COLOR = "#6f6f6f"       # biases
INK = "#222222"              # wires, outlines, text

TITLE_SIZE = 13
TEXT_SIZE = 11
SMALL_SIZE = 9.5


# --------------------------------------------------------------------------- helpers
def _check_count(name: str, value, low: int, high: int, meaning: str) -> int:
    """Return ``value`` as an int if it is a whole number in ``[low, high]``, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number ({meaning}), got {value!r} "
                        f"of type {type(value).__name__}; pass an int such as {name}={low + 1}")
    if not low <= value <= high:
        raise ValueError(f"{name}={value} is out of range: pass a whole number from {low} to "
                         f"{high} ({meaning}); more than {high} would not fit legibly")
    return int(value)


def _figure(xlim, ylim, *, title: str, caption: str | None = None, scale: float = 0.9,
            max_width: float = 11.5, min_width: float = 8.0, title_lines: int = 1,
            caption_lines: int = 1):
    """A figure with one axes-off data area of equal aspect, a suptitle and an optional caption.

    ``scale`` is inches per data unit, reduced so the figure is at most ``max_width`` wide.
    """
    xunits, yunits = xlim[1] - xlim[0], ylim[1] - ylim[0]
    scale = min(scale, max_width / xunits)
    top = 0.22 + 0.24 * title_lines
    bottom = 0.12 + 0.22 * caption_lines if caption else 0.12
    width = max(min_width, xunits * scale + 0.3)
    height = yunits * scale + top + bottom
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_position([0.0, bottom / height, 1.0, yunits * scale / height])
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.suptitle(title, y=1 - 0.12 / height, va="top", fontsize=TITLE_SIZE)
    if caption:
        fig.text(0.5, 0.1 / height, caption, ha="center", va="bottom", fontsize=TEXT_SIZE,
                 gid="caption")
    return fig, ax


def _box(ax, center, text, *, width=1.0, height=0.7, color=CELL_COLOR, gid=None,
         fontsize=TEXT_SIZE, round_size=0.12):
    """A rounded box centred on ``center`` with ``text`` in the middle."""
    x, y = center
    patch = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                           boxstyle=f"round,pad=0,rounding_size={round_size}",
                           facecolor=color, edgecolor=INK, linewidth=1.3, zorder=3, gid=gid)
    ax.add_patch(patch)
    if text:
        ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, zorder=4)
    return patch


def _node(ax, center, text, *, radius=0.22, color="white", gid=None, fontsize=TEXT_SIZE):
    """A circle centred on ``center`` (an operation node or a neuron) with ``text`` inside."""
    patch = Circle(center, radius, facecolor=color, edgecolor=INK, linewidth=1.3, zorder=3,
                   gid=gid)
    ax.add_patch(patch)
    if text:
        ax.text(center[0], center[1], text, ha="center", va="center", fontsize=fontsize,
                zorder=4)
    return patch


def _dot(ax, center):
    """A small filled junction dot where wires join or split."""
    ax.add_patch(Circle(center, 0.06, facecolor=INK, edgecolor=INK, zorder=3))


def _wire(ax, points, *, arrow=True, color=INK, lw=1.5, gid=None, ls="-", zorder=2):
    """A polyline through ``points``, with an arrowhead at the last point if ``arrow``."""
    codes = [Path.MOVETO] + [Path.LINETO] * (len(points) - 1)
    patch = FancyArrowPatch(path=Path(points, codes), arrowstyle="-|>" if arrow else "-",
                            mutation_scale=14, color=color, linewidth=lw, linestyle=ls,
                            zorder=zorder, gid=gid, joinstyle="miter", capstyle="butt")
    ax.add_patch(patch)
    return patch


def _curve(ax, start, end, *, rad, color=INK, lw=1.3, gid=None, style="arc3", alpha=1.0,
           mutation_scale=12):
    """A curved arrow from ``start`` to ``end`` (``connectionstyle`` ``style`` with ``rad``)."""
    connection = f"{style},rad={rad}" if style == "arc3" else style
    patch = FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=mutation_scale,
                            connectionstyle=connection, color=color, linewidth=lw, alpha=alpha,
                            shrinkA=0, shrinkB=0, zorder=2, gid=gid)
    ax.add_patch(patch)
    return patch


def _label(ax, xy, text, *, ha="center", va="center", fontsize=SMALL_SIZE, color=INK, **kw):
    """Plain text on the diagram (a weight name beside an arrow, a gate name...)."""
    return ax.text(xy[0], xy[1], text, ha=ha, va=va, fontsize=fontsize, color=color, zorder=5,
                   **kw)


# --------------------------------------------------------------------------- figures
def unrolled_cell(steps=3):
    """The recurrent cell folded (left) and unrolled over ``steps`` timesteps (right).

    Left, the folded cell: a box ``h`` whose state loops back into itself through ``W_h``,
    with the input ``x_t`` entering through ``W_x`` and the bias ``b``. Right, the same cell
    unrolled (펼치기) over time: ``x_1 ... x_T`` go in, ``h_1 ... h_T`` come out, the first
    copy starts from ``h_0 = 0``, and every copy is labelled with the same ``W_x``, ``W_h``
    and ``b`` -- one set of weights shared by all timesteps (가중치 공유). The caption gives
    ``h_t = tanh(x_t W_x + h_{t-1} W_h + b)`` (row vectors times matrices, as Keras computes it).

    Parameters
    ----------
    steps : int, 1 to 8
        How many timesteps T to unroll.

    Returns
    -------
    matplotlib.figure.Figure
        Cells carry the gids ``"folded-cell"`` and ``"cell-1"`` ... ``"cell-T"``.
    """
    steps = _check_count("steps", steps, 1, 8, "the number of timesteps to unroll")
    dx, x0, y = 2.4, 7.7, 2.1
    bw, bh = 1.1, 0.8
    xmax = x0 + (steps - 1) * dx + bw / 2 + 0.3
    title = (f"A recurrent cell folded (left) and unrolled over T = {steps} "
             f"timestep{'s' if steps > 1 else ''} (right)")
    caption = (r"Same weights at every step: $h_t = \tanh(x_t W_x + h_{t-1} W_h + b)$"
               r" for t = 1, ..., T, starting from $h_0 = 0$")
    fig, ax = _figure((0, xmax), (-0.15, 3.85), title=title, caption=caption)

    # Folded cell: input from below, bias from above, state loops back through W_h.
    fx = 1.6
    _box(ax, (fx, y), "$h$", width=bw, height=bh, gid="folded-cell", fontsize=13)
    _label(ax, (fx, 0.15), "$x_t$", fontsize=TEXT_SIZE + 1)
    _wire(ax, [(fx, 0.45), (fx, y - bh / 2)], color=WX_COLOR)
    _label(ax, (fx + 0.12, 0.95), "$W_x$", ha="left", color=WX_COLOR)
    _label(ax, (fx, 3.55), "$b$", fontsize=TEXT_SIZE + 1, color=BIAS_COLOR)
    _wire(ax, [(fx, 3.35), (fx, y + bh / 2)], color=BIAS_COLOR)
    loop = [(fx + bw / 2, y + 0.25), (fx + bw / 2 + 0.7, y + 0.25), (fx + bw / 2 + 0.7, y - 0.25),
            (fx + bw / 2, y - 0.25)]
    _wire(ax, loop, color=WH_COLOR)
    _label(ax, (fx + bw / 2 + 0.8, y), "$W_h$", ha="left", color=WH_COLOR)

    # "unroll" arrow between the two halves.
    ax.add_patch(FancyArrowPatch((3.75, y), (4.95, y), arrowstyle="simple,head_width=0.9",
                                 mutation_scale=14, facecolor="#bbbbbb", edgecolor="#888888",
                                 zorder=2))
    _label(ax, (4.35, y + 0.45), "unroll\nin time", fontsize=SMALL_SIZE, color="#555555",
           va="bottom")

    # Unrolled copies.
    _label(ax, (x0 - bw / 2 - 1.3 - 0.05, y), "$h_0 = 0$", ha="right", fontsize=TEXT_SIZE)
    for t in range(1, steps + 1):
        x = x0 + (t - 1) * dx
        _box(ax, (x, y), f"$h_{{{t}}}$", width=bw, height=bh, gid=f"cell-{t}", fontsize=13)
        _label(ax, (x, 0.15), f"$x_{{{t}}}$", fontsize=TEXT_SIZE + 1)
        _wire(ax, [(x, 0.45), (x, y - bh / 2)], color=WX_COLOR)
        _label(ax, (x + 0.12, 0.95), "$W_x$", ha="left", color=WX_COLOR)
        _label(ax, (x, 3.55), "$b$", fontsize=TEXT_SIZE + 1, color=BIAS_COLOR)
        _wire(ax, [(x, 3.35), (x, y + bh / 2)], color=BIAS_COLOR)
        start = x - dx + bw / 2 if t > 1 else x - bw / 2 - 1.3
        _wire(ax, [(start, y), (x - bw / 2, y)], color=WH_COLOR)
        _label(ax, ((start + x - bw / 2) / 2, y + 0.12), "$W_h$", va="bottom", color=WH_COLOR)
    return fig


def weight_picture(n_features=4, n_units=3):
    """Every weight of a SimpleRNN layer with ``n_units`` units reading ``n_features`` features.

    Input nodes ``x(1) ... x(n_features)`` on the left, the layer's units (neurons, 뉴런)
    ``r(1) ... r(n_units)`` on the right. Blue arrows are the input weights ``W_x``: every
    input to every unit, ``n_features × n_units`` of them. Orange arrows are the recurrent
    weights ``W_h``: every unit to every unit including itself (the self loops), ``n_units ×
    n_units``. A grey bias node ``1`` adds one bias per unit. The caption counts them, e.g.
    for 4 features and 3 units: ``W_x 4×3 = 12, W_h 3×3 = 9, b 3 → 24 parameters``
    (the same count ``SimpleRNN(3).count_params()`` gives on 4 features).

    Parameters
    ----------
    n_features : int, 1 to 12
        Features per timestep (the size of ``x_t``).
    n_units : int, 1 to 8
        Units (neurons) of the layer (the size of ``h_t``).

    Returns
    -------
    matplotlib.figure.Figure
        Nodes carry the gids ``"input-1"`` ..., ``"unit-1"`` ... and ``"bias"``; arrows
        ``"wx-i-j"``, ``"wh-i-j"`` and ``"b-j"`` (1-based, from node i to unit j).
    """
    n = _check_count("n_features", n_features, 1, 12, "features per timestep, the size of x_t")
    m = _check_count("n_units", n_units, 1, 8, "units (neurons) in the layer, the size of h_t")
    wx, wh, total = n * m, m * m, n * m + m * m + m
    xin, xu, r = 0.0, 4.2, 0.36
    span = max(n - 1, 1.4 * (m - 1), 1.0)
    ys_in = [span / 2 - i * span / (n - 1) for i in range(n)] if n > 1 else [0.0]
    gap_u = min(span / (m - 1), 1.8) if m > 1 else 0.0
    ys_u = [(m - 1) * gap_u / 2 - j * gap_u for j in range(m)]
    top, bottom = span / 2, -span / 2
    bias_xy = (2.1, bottom - 1.0)
    loop_reach = 0.75 + 0.3 * max(m - 2, 0)
    xmax = xu + r + loop_reach + 0.4
    units, features = f"{m} unit{'s' if m > 1 else ''}", f"{n} feature{'s' if n > 1 else ''}"
    title = f"Weights of a SimpleRNN layer with {units} reading {features}"
    caption = (f"$W_x$ {n}×{m} = {wx}, $W_h$ {m}×{m} = {wh}, $b$ {m} → {total} parameters")
    legend_width = 4.4
    fig, ax = _figure((-1.2, xmax + legend_width), (bias_xy[1] - 0.6, top + 1.1), title=title,
                      caption=caption, scale=0.85)

    _label(ax, (xin, top + 0.7), f"inputs $x_t$\n({features})", fontsize=SMALL_SIZE)
    _label(ax, (xu, top + 0.7), f"units (neurons) $h_t$\n({units})", fontsize=SMALL_SIZE)
    for i, yi in enumerate(ys_in, start=1):
        _node(ax, (xin, yi), f"x({i})", radius=r, color=INPUT_COLOR, gid=f"input-{i}",
              fontsize=8.5)
    for j, yj in enumerate(ys_u, start=1):
        _node(ax, (xu, yj), f"r({j})", radius=r, color=CELL_COLOR, gid=f"unit-{j}", fontsize=8.5)

    # W_x: every input to every unit (straight, from circle edge to circle edge).
    for i, yi in enumerate(ys_in, start=1):
        for j, yj in enumerate(ys_u, start=1):
            dxv, dyv = xu - xin, yj - yi
            d = (dxv ** 2 + dyv ** 2) ** 0.5
            ux, uy = dxv / d, dyv / d
            _curve(ax, (xin + r * ux, yi + r * uy), (xu - r * ux, yj - r * uy), rad=0,
                   color=WX_COLOR, lw=0.9, alpha=0.75, gid=f"wx-{i}-{j}", mutation_scale=9)

    # W_h: unit i -> unit j arcs on the right of the column, nested so that arcs spanning
    # more units leave nearer the equator and bulge further; self loops at the equator.
    slots = 2 * (m - 1)
    step = 50.0 / (slots - 1) if slots > 1 else 0.0
    for i, yi in enumerate(ys_u, start=1):
        for j, yj in enumerate(ys_u, start=1):
            if i == j:
                a = math.radians(22)
                start = (xu + r * math.cos(a), yi + r * math.sin(a))
                end = (xu + r * math.cos(a), yi - r * math.sin(a))
                _curve(ax, start, end, rad=-3.4, color=WH_COLOR, lw=1.2, gid=f"wh-{i}-{j}",
                       mutation_scale=9)
                continue
            d, down = abs(i - j), yj < yi
            slot = (m - 1 - d) * 2 + (0 if down else 1)
            a = math.radians(32 + slot * step)
            sign = -1 if down else 1              # leave below (down) or above (up) the equator
            start = (xu + r * math.cos(a), yi + sign * r * math.sin(a))
            end = (xu + r * math.cos(a), yj - sign * r * math.sin(a))
            bulge = 0.32 + 0.3 * (d - 1) + (0.12 if down else 0.0)
            length = abs(end[1] - start[1])
            rad = sign * 2 * bulge / length       # arc3: peak offset = rad * length / 2
            _curve(ax, start, end, rad=rad, color=WH_COLOR, lw=1.1, alpha=0.85,
                   gid=f"wh-{i}-{j}", mutation_scale=9)

    # Bias: one node "1" feeding every unit.
    _node(ax, bias_xy, "1", radius=0.26, color="#eeeeee", gid="bias", fontsize=SMALL_SIZE)
    for j, yj in enumerate(ys_u, start=1):
        dxv, dyv = xu - bias_xy[0], yj - bias_xy[1]
        d = (dxv ** 2 + dyv ** 2) ** 0.5
        ux, uy = dxv / d, dyv / d
        _curve(ax, (bias_xy[0] + 0.26 * ux, bias_xy[1] + 0.26 * uy),
               (xu - r * ux, yj - r * uy), rad=0, color=BIAS_COLOR, lw=0.9, gid=f"b-{j}",
               mutation_scale=9)
    _label(ax, (bias_xy[0] - 0.35, bias_xy[1]), "bias", ha="right", color=BIAS_COLOR)

    handles = [Line2D([], [], color=WX_COLOR, lw=1.5,
                      label=f"$W_x$: input → unit ({n}×{m} = {wx})"),
               Line2D([], [], color=WH_COLOR, lw=1.5,
                      label=f"$W_h$: unit → unit and self ({m}×{m} = {wh})"),
               Line2D([], [], color=BIAS_COLOR, lw=1.5, label=f"$b$: one bias per unit ({m})")]
    ax.legend(handles=handles, loc="upper right", fontsize=SMALL_SIZE, frameon=False)
    return fig


# name, example task, number of columns, input columns, output columns
_CATEGORIES = (
    ("one-to-one", "image\nclassification", 1, (0,), (0,)),
    ("many-to-one", "sentiment of\na review", 3, (0, 1, 2), (2,)),
    ("one-to-many", "image captioning,\nmusic generation", 3, (0,), (0, 1, 2)),
    ("many-to-many\n(synced)", "tagging each word,\nvideo frame labelling", 3, (0, 1, 2),
     (0, 1, 2)),
    ("many-to-many\n(delayed)", "machine translation\n(encoder-decoder)", 5, (0, 1, 2), (3, 4)),
)


def io_categories():
    """The five input/output categories of recurrent networks, side by side.

    The panels run left to right in the order of chapter 2's table and models: one-to-one,
    many-to-one, one-to-many, many-to-many (synced), many-to-many (delayed).

    Each panel has input boxes at the bottom, RNN cells in the middle (the state passes to
    the right) and output boxes on top, with an example task underneath:

    - one-to-one (일대일): image classification -- no sequence at all, so a plain Dense
      layer (밀집층) without a state, drawn white and wider than a cell so its label fits;
    - many-to-one (다대일): the sentiment of a review (only the last output is used);
    - one-to-many (일대다): image captioning, music generation;
    - many-to-many, synced (다대다 (동기)): tagging each word, labelling each video frame;
    - many-to-many, delayed (다대다 (지연)): machine translation -- read the whole input,
      then write the output (encoder-decoder).

    The panel titles are English only because no font with Hangul glyphs is installed
    where the figures are built; the Korean names are listed here.

    Returns
    -------
    matplotlib.figure.Figure
        Panels' cells carry gids like ``"many-to-one/cell-2"``, inputs ``".../input-1"``
        and outputs ``".../output-3"`` (1-based columns).
    """
    col, gap, bw, bh = 1.0, 1.35, 0.64, 0.5
    y_in, y_cell, y_out = 0.4, 1.5, 2.6
    widths = [max(ncols, 2.0) * col for _, _, ncols, _, _ in _CATEGORIES]
    xmax = sum(widths) + gap * (len(widths) - 1)
    title = "Input/output categories of recurrent networks (inputs below, outputs on top)"
    fig, ax = _figure((-0.2, xmax + 0.2), (-1.25, 3.85), title=title, scale=0.6,
                      caption="The state passes to the right from cell to cell; "
                              "example tasks under each panel")
    left = 0.0
    for (name, example, ncols, ins, outs), width in zip(_CATEGORIES, widths):
        key = name.replace("\n", " ")
        xs = [left + (width - ncols * col) / 2 + (k + 0.5) * col for k in range(ncols)]
        centre = left + width / 2
        _label(ax, (centre, 3.75), name, fontsize=TEXT_SIZE, fontweight="bold", va="top")
        _label(ax, (centre, -0.05), example, fontsize=SMALL_SIZE, va="top", style="italic")
        for k, x in enumerate(xs):
            stateless = ncols == 1      # one-to-one: a plain layer, nothing to carry over
            _box(ax, (x, y_cell), "Dense" if stateless else "", width=bw * 1.6 if stateless else bw,
                 height=bh,
                 gid=f"{key}/cell-{k + 1}", round_size=0.1,
                 color="white" if stateless else CELL_COLOR, fontsize=SMALL_SIZE)
            if k > 0:
                _wire(ax, [(xs[k - 1] + bw / 2, y_cell), (x - bw / 2, y_cell)], lw=1.3)
            if k in ins:
                n_in = ins.index(k) + 1
                _box(ax, (x, y_in), f"$x_{{{n_in}}}$" if len(ins) > 1 else "$x$", width=bw,
                     height=bh * 0.8, color=INPUT_COLOR, gid=f"{key}/input-{k + 1}",
                     fontsize=SMALL_SIZE, round_size=0.06)
                _wire(ax, [(x, y_in + bh * 0.4), (x, y_cell - bh / 2)], lw=1.3)
            if k in outs:
                n_out = outs.index(k) + 1
                _box(ax, (x, y_out), f"$y_{{{n_out}}}$" if len(outs) > 1 else "$y$", width=bw,
                     height=bh * 0.8, color=OUTPUT_COLOR, gid=f"{key}/output-{k + 1}",
                     fontsize=SMALL_SIZE, round_size=0.06)
                _wire(ax, [(x, y_cell + bh / 2), (x, y_out - bh * 0.4)], lw=1.3)
        left += width + gap
    handles = [Patch(facecolor=INPUT_COLOR, edgecolor=INK, label="input"),
               Patch(facecolor=CELL_COLOR, edgecolor=INK, label="RNN cell"),
               Patch(facecolor="white", edgecolor=INK, label="Dense layer (no state)"),
               Patch(facecolor=OUTPUT_COLOR, edgecolor=INK, label="output")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.02), ncol=4,
              fontsize=SMALL_SIZE, frameon=False)
    return fig


def two_layer_rnn(steps=3):
    """Two stacked recurrent layers unrolled over ``steps`` timesteps, then a Dense layer.

    The first layer (``return_sequences=True``) passes every state ``h(1)_t`` upward, so the
    second layer gets a whole sequence as input; the second layer (``return_sequences=False``,
    the default) emits only its last state ``h(2)_T``, which feeds the Dense output layer --
    the usual many-to-one stack (다대일), e.g. ``SimpleRNN(n, return_sequences=True)``,
    ``SimpleRNN(n)``, ``Dense(1)``. Both layers start from a zero state.

    Parameters
    ----------
    steps : int, 1 to 8
        How many timesteps T to draw.

    Returns
    -------
    matplotlib.figure.Figure
        Cells carry gids ``"layer1-cell-t"`` and ``"layer2-cell-t"``; the arrows from layer 1
        to layer 2 ``"layer1-out-t"``; the single arrow out of layer 2 ``"layer2-out"``;
        the Dense box ``"dense"``.
    """
    steps = _check_count("steps", steps, 1, 8, "the number of timesteps to draw")
    dx, x0, bw, bh = 2.0, 2.8, 1.1, 0.75
    y_in, y1, y2, y_dense, y_hat = 0.25, 1.6, 3.1, 4.55, 5.55
    xs = [x0 + k * dx for k in range(steps)]
    xlabel = xs[-1] + bw / 2 + 0.7
    title = f"Two stacked recurrent layers over T = {steps} timestep{'s' if steps > 1 else ''}"
    caption = ("Layer 1 returns every state (return_sequences=True) as layer 2's input sequence;\n"
               "layer 2 returns only its last state, which feeds the Dense layer")
    fig, ax = _figure((-0.1, xlabel + 4.2), (-0.2, 6.0), title=title, caption=caption,
                      caption_lines=2, scale=0.8)
    for layer, y in ((1, y1), (2, y2)):
        _label(ax, (x0 - bw / 2 - 1.3 - 0.05, y), "$h_0 = 0$", ha="right", fontsize=SMALL_SIZE)
        for k, x in enumerate(xs, start=1):
            _box(ax, (x, y), f"$h^{{({layer})}}_{{{k}}}$", width=bw, height=bh,
                 gid=f"layer{layer}-cell-{k}", fontsize=12)
            start = x - dx + bw / 2 if k > 1 else x - bw / 2 - 1.3
            _wire(ax, [(start, y), (x - bw / 2, y)], color=WH_COLOR)
    for k, x in enumerate(xs, start=1):
        _label(ax, (x, y_in), f"$x_{{{k}}}$", fontsize=TEXT_SIZE + 1)
        _wire(ax, [(x, y_in + 0.3), (x, y1 - bh / 2)], color=WX_COLOR)
        _wire(ax, [(x, y1 + bh / 2), (x, y2 - bh / 2)], color=WX_COLOR, gid=f"layer1-out-{k}")
    _wire(ax, [(xs[-1], y2 + bh / 2), (xs[-1], y_dense - 0.3)], color=WX_COLOR, gid="layer2-out")
    _box(ax, (xs[-1], y_dense), "Dense", width=1.2, height=0.6, color=OUTPUT_COLOR, gid="dense",
         fontsize=SMALL_SIZE + 0.5)
    _wire(ax, [(xs[-1], y_dense + 0.3), (xs[-1], y_hat - 0.25)], color=INK)
    _label(ax, (xs[-1], y_hat), r"$\hat{y}$", fontsize=TEXT_SIZE + 2)
    _label(ax, (xlabel, y1), "layer 1: SimpleRNN\nreturn_sequences=True\nall T states go up",
           ha="left", fontsize=SMALL_SIZE)
    _label(ax, (xlabel, y2), "layer 2: SimpleRNN\nreturn_sequences=False\nonly the last state",
           ha="left", fontsize=SMALL_SIZE)
    _label(ax, (xlabel, y_dense), "output layer", ha="left", fontsize=SMALL_SIZE)
    _label(ax, (xlabel, y_in), "input sequence", ha="left", fontsize=SMALL_SIZE)
    return fig


def _gate(ax, x, y, kind, gid):
    """A sigmoid (``kind="sigma"``) or tanh gate box centred on ``(x, y)``."""
    text, color = (r"$\sigma$", SIGMA_COLOR) if kind == "sigma" else (r"$\tanh$", TANH_COLOR)
    return _box(ax, (x, y), text, width=0.8, height=0.56, color=color, gid=gid, fontsize=12,
                round_size=0.08)


def lstm_cell():
    """The LSTM cell: three gates, a long-term state ``c_t`` and a short-term state ``h_t``.

    Inputs ``x_t``, ``h_{t-1}`` and ``c_{t-1}``. From ``[h_{t-1}, x_t]`` four layers compute
    the forget gate ``f_t`` (σ), the input gate ``i_t`` (σ), the candidate (후보) ``g_t``
    (tanh) and the output gate ``o_t`` (σ). Along the top runs the long-term state (장기 상태)
    ``c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t``: the forget gate erases, the input gate writes.
    The short-term state (단기 상태), which is also the output, is ``h_t = o_t ⊙ tanh(c_t)``.
    ⊙ is the element-wise product.

    Returns
    -------
    matplotlib.figure.Figure
        Gates carry gids ``"gate-f"``, ``"gate-i"``, ``"gate-g"``, ``"gate-o"``; nodes
        ``"mul-f"``, ``"mul-i"``, ``"add-c"``, ``"tanh-c"``, ``"mul-o"``.
    """
    title = (r"LSTM cell: forget, input and output gates; long-term state $c_t$, "
             r"short-term state $h_t$")
    caption = (r"$f_t = \sigma(W_{xf} x_t + W_{hf} h_{t-1} + b_f)$, likewise $i_t$ and $o_t$,   "
               r"$g_t = \tanh(W_{xg} x_t + W_{hg} h_{t-1} + b_g)$" "\n"
               r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$,   "
               r"$h_t = o_t \odot \tanh(c_t)$   ($\odot$: element-wise product)")
    fig, ax = _figure((-0.3, 12.3), (-0.9, 6.45), title=title, caption=caption,
                      caption_lines=2, scale=0.85)
    yc, yg, ybus, r = 5.6, 3.0, 1.7, 0.22
    xf, xi, xg, xo, xt = 3.0, 4.5, 6.0, 7.4, 8.8
    ax.add_patch(FancyBboxPatch((1.0, 0.7), 9.0, 5.6, boxstyle="round,pad=0,rounding_size=0.3",
                                facecolor="#f7f7f7", edgecolor="#999999", linewidth=1.0,
                                zorder=0))

    # Long-term state along the top.
    _label(ax, (0.6, yc + 0.35), "$c_{t-1}$", fontsize=TEXT_SIZE + 1)
    _wire(ax, [(0.2, yc), (xf - r, yc)])
    _node(ax, (xf, yc), r"$\odot$", gid="mul-f", fontsize=16)
    _wire(ax, [(xf + r, yc), (xg - r, yc)])
    _node(ax, (xg, yc), "$+$", gid="add-c", fontsize=14)
    _wire(ax, [(xg + r, yc), (11.8, yc)])
    _label(ax, (11.3, yc + 0.35), "$c_t$", fontsize=TEXT_SIZE + 1)
    _label(ax, (11.0, yc - 0.4), "long-term\nstate", fontsize=SMALL_SIZE, va="top")

    # Inputs: h_{t-1} along the bottom, x_t joining from below.
    _label(ax, (0.6, ybus + 0.35), "$h_{t-1}$", fontsize=TEXT_SIZE + 1)
    _label(ax, (1.6, -0.15), "$x_t$", fontsize=TEXT_SIZE + 1)
    _wire(ax, [(1.6, 0.1), (1.6, ybus)], arrow=False)
    _dot(ax, (1.6, ybus))
    _wire(ax, [(0.2, ybus), (xo, ybus)], arrow=False)
    for x, kind, gid, name in ((xf, "sigma", "gate-f", "forget\ngate"),
                               (xi, "sigma", "gate-i", "input\ngate"),
                               (xg, "tanh", "gate-g", "candidate"),
                               (xo, "sigma", "gate-o", "output\ngate")):
        if x != xo:
            _dot(ax, (x, ybus))
        _wire(ax, [(x, ybus), (x, yg - 0.28)])
        _gate(ax, x, yg, kind, gid)
        _label(ax, (x - 0.45, yg - 0.55), name, ha="right", va="top", fontsize=SMALL_SIZE - 1,
               color="#444444")

    # Gates into the state.
    _wire(ax, [(xf, yg + 0.28), (xf, yc - r)])
    _label(ax, (xf - 0.1, 4.4), "$f_t$", ha="right")
    ymi = 4.4
    _node(ax, (xg, ymi), r"$\odot$", gid="mul-i", fontsize=16)
    _wire(ax, [(xi, yg + 0.28), (xi, ymi), (xg - r, ymi)])
    _label(ax, (xi - 0.1, 3.9), "$i_t$", ha="right")
    _wire(ax, [(xg, yg + 0.28), (xg, ymi - r)])
    _label(ax, (xg + 0.1, 3.75), "$g_t$", ha="left")
    _wire(ax, [(xg, ymi + r), (xg, yc - r)])

    # Output: h_t = o_t * tanh(c_t).
    _dot(ax, (xt, yc))
    _wire(ax, [(xt, yc), (xt, 4.4 + 0.28)])
    _box(ax, (xt, 4.4), r"$\tanh$", width=0.8, height=0.56, color=TANH_COLOR, gid="tanh-c",
         fontsize=11, round_size=0.25)
    _wire(ax, [(xt, 4.4 - 0.28), (xt, yg + r)])
    _node(ax, (xt, yg), r"$\odot$", gid="mul-o", fontsize=16)
    _wire(ax, [(xo + 0.4, yg), (xt - r, yg)])
    _label(ax, ((xo + 0.4 + xt - r) / 2, yg + 0.1), "$o_t$", va="bottom")
    _wire(ax, [(xt + r, yg), (9.5, yg), (9.5, ybus), (11.8, ybus)])
    _label(ax, (11.3, ybus + 0.35), "$h_t$", fontsize=TEXT_SIZE + 1)
    _label(ax, (11.0, ybus - 0.3), "short-term\nstate (output)", fontsize=SMALL_SIZE, va="top")
    handles = [Patch(facecolor=SIGMA_COLOR, edgecolor=INK, label=r"$\sigma$ layer (gate, 0 to 1)"),
               Patch(facecolor=TANH_COLOR, edgecolor=INK, label=r"$\tanh$ (-1 to 1)"),
               Line2D([], [], marker="o", ls="none", markerfacecolor="white", markeredgecolor=INK,
                      markersize=10, label=r"element-wise $\odot$ or $+$")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=3,
              fontsize=SMALL_SIZE - 0.5, frameon=False)
    return fig


def gru_cell():
    """The GRU cell: update gate ``z_t``, reset gate ``r_t``, a candidate and one state ``h_t``.

    The GRU merges the LSTM's two states into one, ``h_t``, and its forget and input gates
    into the update gate ``z_t``. With Keras' convention (``keras.layers.GRU``)

    - ``z_t = σ(W_xz x_t + W_hz h_{t-1} + b_z)`` (update gate),
    - ``r_t = σ(W_xr x_t + W_hr h_{t-1} + b_r)`` (reset gate),
    - candidate (후보) ``h̃_t = tanh(W_xh x_t + r_t ⊙ (W_hh h_{t-1}) + b_h)``,
    - ``h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t``.

    So ``z_t`` near 1 keeps the old state. Some texts swap the roles (``(1 − z_t) ⊙ h_{t-1}
    + z_t ⊙ h̃_t``); the two are equivalent up to relabelling ``z``. Keras' default
    ``reset_after=True`` applies ``r_t`` after the recurrent matrix product, as written above,
    which is why the reset gate feeds the candidate box here rather than ``h_{t-1}`` itself.

    Returns
    -------
    matplotlib.figure.Figure
        Gates carry gids ``"gate-z"``, ``"gate-r"``, ``"gate-h"`` (the candidate); nodes
        ``"mul-z"``, ``"one-minus"``, ``"mul-h"``, ``"add-h"``.
    """
    title = r"GRU cell: update gate $z_t$, reset gate $r_t$, one state $h_t$"
    caption = (r"$z_t = \sigma(W_{xz} x_t + W_{hz} h_{t-1} + b_z)$,   "
               r"$r_t = \sigma(W_{xr} x_t + W_{hr} h_{t-1} + b_r)$" "\n"
               r"$\tilde{h}_t = \tanh(W_{xh} x_t + r_t \odot (W_{hh} h_{t-1}) + b_h)$,   "
               r"$h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t$   (Keras)")
    fig, ax = _figure((-0.3, 12.3), (-0.9, 6.45), title=title, caption=caption,
                      caption_lines=2, scale=0.85)
    yh, yg, ybus, ym, r = 5.6, 3.0, 1.7, 4.4, 0.22
    xz, xr, xc, xdrop, xx = 3.4, 5.4, 8.0, 1.6, 2.3
    ax.add_patch(FancyBboxPatch((1.0, 0.7), 9.0, 5.6, boxstyle="round,pad=0,rounding_size=0.3",
                                facecolor="#f7f7f7", edgecolor="#999999", linewidth=1.0,
                                zorder=0))

    # The state along the top: h_t = z * h_{t-1} + (1 - z) * candidate.
    _label(ax, (0.6, yh + 0.35), "$h_{t-1}$", fontsize=TEXT_SIZE + 1)
    _wire(ax, [(0.2, yh), (xz - r, yh)])
    _node(ax, (xz, yh), r"$\odot$", gid="mul-z", fontsize=16)
    _wire(ax, [(xz + r, yh), (xc - r, yh)])
    _node(ax, (xc, yh), "$+$", gid="add-h", fontsize=14)
    _wire(ax, [(xc + r, yh), (11.8, yh)])
    _label(ax, (11.3, yh + 0.35), "$h_t$", fontsize=TEXT_SIZE + 1)
    _label(ax, (11.0, yh - 0.4), "the one state\n(also the output)", fontsize=SMALL_SIZE,
           va="top")

    # h_{t-1} drops to the bus, x_t joins from below.
    _dot(ax, (xdrop, yh))
    _wire(ax, [(xdrop, yh), (xdrop, ybus), (xc, ybus)], arrow=False)
    _label(ax, (xx, -0.15), "$x_t$", fontsize=TEXT_SIZE + 1)
    _wire(ax, [(xx, 0.1), (xx, ybus)], arrow=False)
    _dot(ax, (xx, ybus))
    for x, kind, gid, name in ((xz, "sigma", "gate-z", "update\ngate"),
                               (xr, "sigma", "gate-r", "reset\ngate"),
                               (xc, "tanh", "gate-h", "candidate")):
        if x != xc:
            _dot(ax, (x, ybus))
        _wire(ax, [(x, ybus), (x, yg - 0.28)])
        _gate(ax, x, yg, kind, gid)
        _label(ax, (x - 0.45, yg - 0.55), name, ha="right", va="top", fontsize=SMALL_SIZE - 1,
               color="#444444")

    # Reset gate into the candidate.
    _wire(ax, [(xr + 0.4, yg), (xc - 0.4, yg)])
    _label(ax, ((xr + xc) / 2, yg + 0.1), "$r_t$", va="bottom")
    # Update gate: z up to the top product, (1 - z) across to the candidate's product.
    _wire(ax, [(xz, yg + 0.28), (xz, yh - r)])
    _label(ax, (xz - 0.1, 3.75), "$z_t$", ha="right")
    _dot(ax, (xz, ym))
    xm = (xz + xc) / 2 + 0.4
    _wire(ax, [(xz, ym), (xm - r, ym)])
    _node(ax, (xm, ym), "1−", gid="one-minus", fontsize=SMALL_SIZE)
    _wire(ax, [(xm + r, ym), (xc - r, ym)])
    _label(ax, ((xm + xc) / 2, ym + 0.1), "$1 - z_t$", va="bottom")
    _node(ax, (xc, ym), r"$\odot$", gid="mul-h", fontsize=16)
    _wire(ax, [(xc, yg + 0.28), (xc, ym - r)])
    _label(ax, (xc + 0.1, 3.75), r"$\tilde{h}_t$", ha="left")
    _wire(ax, [(xc, ym + r), (xc, yh - r)])
    handles = [Patch(facecolor=SIGMA_COLOR, edgecolor=INK, label=r"$\sigma$ layer (gate, 0 to 1)"),
               Patch(facecolor=TANH_COLOR, edgecolor=INK, label=r"$\tanh$ (-1 to 1)"),
               Line2D([], [], marker="o", ls="none", markerfacecolor="white", markeredgecolor=INK,
                      markersize=10, label=r"element-wise $\odot$, $+$, 1−")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=3,
              fontsize=SMALL_SIZE - 0.5, frameon=False)
    return fig


# --------------------------------------------------------------------------- chapters 1 and 2
def tensor_cube(values, *, mark=None):
    """A 3D tensor drawn as a cube of numbers: its matrices stacked one behind the other.

    ``values[k]`` is the matrix (행렬) at position ``k`` of axis 0; the front sheet is
    ``values[0]``, each further sheet sits up and to the right behind it, as in the notes'
    figure of a 3D tensor (3D 텐서) from Chollet's book. Along axis 1 run the rows (행), along
    axis 2 the columns (열); every entry is written in its cell, and thin lines join the
    corners of neighbouring sheets so the stack reads as a block. Only the front sheet is
    fully visible; of the sheets behind it the top row and the last column show.

    Parameters
    ----------
    values : array-like of whole numbers with 3 axes, shape (1 to 4, 1 to 6, 1 to 8)
        The tensor to draw (e.g. ``np.stack([matrix, matrix + 100])``, shape ``(2, 3, 5)``).
    mark : tuple of three ints, optional
        An index ``(k, i, j)`` whose cell is highlighted and named in the caption, e.g.
        ``(0, 1, 2)`` for ``values[0, 1, 2]``. Marked entries of back sheets should lie in
        their top row or last column, the part that shows.

    Returns
    -------
    matplotlib.figure.Figure
        Sheets carry the gids ``"sheet-0"`` ...; cells ``"entry-k-i-j"`` (0-based NumPy
        indices, like ``values[k, i, j]``); the marked cell also ``"mark"``.
    """
    import numpy as np

    array = np.asarray(values)
    if array.ndim != 3:
        raise ValueError(f"values must have 3 axes (a 3D tensor), got ndim={array.ndim} with "
                         f"shape {array.shape}; stack matrices with np.stack([...]) first")
    if array.dtype.kind not in "iub":
        raise TypeError(f"values must hold whole numbers (dtype int or uint), got dtype "
                        f"{array.dtype}; round them or use .astype(int) first")
    depth, rows, cols = array.shape
    _check_count("values.shape[0]", depth, 1, 4, "matrices along axis 0")
    _check_count("values.shape[1]", rows, 1, 6, "rows along axis 1")
    _check_count("values.shape[2]", cols, 1, 8, "columns along axis 2")
    if mark is not None:
        mark = tuple(int(m) for m in mark)
        if len(mark) != 3 or not all(0 <= m < n for m, n in zip(mark, array.shape)):
            raise ValueError(f"mark={mark} is not an index of a tensor of shape {array.shape}: "
                             f"pass (k, i, j) with 0 <= k < {depth}, 0 <= i < {rows}, "
                             f"0 <= j < {cols}")

    cw, ch = 0.9, 0.6                           # cell width and height
    ox, oy = cw, ch                             # each sheet one cell up and right of the last
    x0, y0 = 1.5, 1.0                           # bottom-left corner of the front sheet
    width, height = cols * cw, rows * ch
    xmax = x0 + width + (depth - 1) * ox + 3.4
    ymax = y0 + height + (depth - 1) * oy + 0.3
    widest = max(len(str(v)) for v in array.ravel())
    fontsize = SMALL_SIZE if widest <= 4 else SMALL_SIZE - 1.5
    shape = f"({depth}, {rows}, {cols})"
    title = (f"A 3D tensor of shape {shape}: {depth} matri{'ces' if depth > 1 else 'x'} of "
             f"{rows} row{'s' if rows > 1 else ''} × {cols} column{'s' if cols > 1 else ''}, "
             "stacked along axis 0")
    caption = "tensor[k, i, j] is the number in matrix k (axis 0), row i (axis 1), column j (axis 2)"
    if mark is not None:
        caption += f"; marked: tensor[{mark[0]}, {mark[1]}, {mark[2]}] = {array[mark]}"
    fig, ax = _figure((-0.2, xmax), (0.05, ymax), title=title, caption=caption, scale=0.95)

    for k in reversed(range(depth)):            # back to front, so the front sheet is on top
        sx, sy = x0 + k * ox, y0 + k * oy
        z = 2 + 2 * (depth - 1 - k)
        ax.add_patch(FancyBboxPatch((sx, sy), width, height, boxstyle="square,pad=0",
                                    facecolor="none", edgecolor=INK, linewidth=1.4,
                                    zorder=z + 1, gid=f"sheet-{k}"))
        for i in range(rows):
            for j in range(cols):
                cx, cy = sx + j * cw, sy + (rows - 1 - i) * ch
                marked = mark == (k, i, j)
                ax.add_patch(FancyBboxPatch((cx, cy), cw, ch, boxstyle="square,pad=0",
                                            facecolor=SIGMA_COLOR if marked else
                                            (CELL_COLOR if k == 0 else "white"),
                                            edgecolor="#999999", linewidth=0.6, zorder=z,
                                            gid=f"entry-{k}-{i}-{j}"))
                if marked:
                    ax.add_patch(FancyBboxPatch((cx, cy), cw, ch, boxstyle="square,pad=0",
                                                facecolor="none", edgecolor=WH_COLOR,
                                                linewidth=2.2, zorder=z + 1, gid="mark"))
                ax.text(cx + cw / 2, cy + ch / 2, str(array[k, i, j]), ha="center",
                        va="center", fontsize=fontsize, zorder=z + 1,
                        color=INK if k == 0 or marked else "#555555")
        if k > 0:                               # the block's outer edges to the sheet in front
            px, py = sx - ox, sy - oy
            for ddx, ddy in ((0, height), (width, 0)):
                _wire(ax, [(px + ddx, py + ddy), (sx + ddx, sy + ddy)], arrow=False,
                      color="#777777", lw=0.9, zorder=z + 1)

    # Axis arrows: axis 2 under the front sheet, axis 1 down its left side, axis 0 into depth.
    _wire(ax, [(x0, y0 - 0.3), (x0 + width, y0 - 0.3)], color=WX_COLOR)
    _label(ax, (x0 + width / 2, y0 - 0.4), f"axis 2: columns ({cols})", va="top",
           color=WX_COLOR)
    _wire(ax, [(x0 - 0.3, y0 + height), (x0 - 0.3, y0)], color=WX_COLOR)
    _label(ax, (x0 - 0.4, y0 + height / 2), f"axis 1:\nrows ({rows})", ha="right",
           color=WX_COLOR)
    back_x, back_y = x0 + width + (depth - 1) * ox, y0 + (depth - 1) * oy
    if depth > 1:
        _wire(ax, [(x0 + width + 0.3, y0), (back_x + 0.3, back_y)], color=WH_COLOR)
    _label(ax, (back_x + 0.45, back_y - (0.0 if depth > 1 else 0.2)),
           f"axis 0: {depth} matri{'ces' if depth > 1 else 'x'}\n(tensor[0] in front)",
           ha="left", va="center" if depth > 1 else "top", color=WH_COLOR)
    return fig


def feedforward_vs_recurrent(n_inputs=3, n_hidden=4, n_outputs=2):
    """The dataflow of a feed-forward network (left) and a recurrent network (right).

    Both have an input layer ``x``, one hidden layer ``h`` and an output layer ``o`` (입력층,
    은닉층, 출력층), drawn as rows of neurons from the bottom up, every neuron connected to
    every neuron of the next layer. In the feed-forward network (피드포워드 신경망) the data
    flows one way, input to output, and nothing is kept for the next input. The recurrent
    network (순환 신경망) is the same network with one loop added on its hidden layer: at step
    ``t`` the hidden layer also receives its own output from step ``t - 1``, ``h_{t-1}``,
    through the recurrent weights ``W_h`` -- the red loop of 혼공머신's figure and the
    recurrent edge of Raschka's (Fig. 15.3, where the weights are called ``W_xh``, ``W_hh``
    and ``W_ho``; here ``W_x``, ``W_h`` and ``W_o``).

    Parameters
    ----------
    n_inputs : int, 1 to 6
        Neurons in the input layer (features per step).
    n_hidden : int, 1 to 6
        Neurons (units) in the hidden layer.
    n_outputs : int, 1 to 6
        Neurons in the output layer.

    Returns
    -------
    matplotlib.figure.Figure
        Neurons carry gids ``"feedforward/input-1"``, ``"recurrent/hidden-2"``,
        ``"recurrent/output-1"`` ... (1-based); the connections ``"feedforward/wx-i-j"`` and
        ``"feedforward/wo-i-j"`` (likewise ``"recurrent/..."``); the loop ``"recurrent/loop"``.
    """
    n_in = _check_count("n_inputs", n_inputs, 1, 6, "neurons in the input layer")
    n_h = _check_count("n_hidden", n_hidden, 1, 6, "neurons in the hidden layer")
    n_out = _check_count("n_outputs", n_outputs, 1, 6, "neurons in the output layer")
    gap, r = 0.85, 0.24
    y_in, y_h, y_out = 0.6, 2.5, 4.4
    panel = max(n_in, n_h, n_out) * gap + 4.2        # the width of one panel
    title = "Feed-forward network (left) and recurrent network (right): one loop makes the difference"
    caption = (r"Feed-forward: each input flows once from $x$ through $h$ to $o$, nothing is kept."
               "\n"
               r"Recurrent: at step $t$ the hidden layer combines $x_t$ with its own previous "
               r"output $h_{t-1}$ (the loop, $W_h$)")
    fig, ax = _figure((-0.2, 2 * panel + 0.2), (0.1, 5.2), title=title, caption=caption,
                      caption_lines=2, scale=0.75)

    def row(n, centre):
        return [centre + (k - (n - 1) / 2) * gap for k in range(n)]

    def connect(key, kind, xs_a, y_a, xs_b, y_b, color):
        for a, xa in enumerate(xs_a, start=1):
            for b, xb in enumerate(xs_b, start=1):
                dxv, dyv = xb - xa, y_b - y_a
                d = (dxv ** 2 + dyv ** 2) ** 0.5
                ux, uy = dxv / d, dyv / d
                _curve(ax, (xa + r * ux, y_a + r * uy), (xb - r * ux, y_b - r * uy), rad=0,
                       color=color, lw=0.8, alpha=0.7, gid=f"{key}/{kind}-{a}-{b}",
                       mutation_scale=8)

    for p, (key, name) in enumerate((("feedforward", "feed-forward network"),
                                     ("recurrent", "recurrent network"))):
        centre = p * panel + panel / 2 - 0.5
        xs_in, xs_h, xs_out = row(n_in, centre), row(n_h, centre), row(n_out, centre)
        suffix = "_t" if key == "recurrent" else ""
        _label(ax, (centre + 0.5, 5.15), name, fontsize=TEXT_SIZE, fontweight="bold", va="top")
        for kind, xs, y, color, layer, symbol in (
                ("input", xs_in, y_in, INPUT_COLOR, "input layer", "x"),
                ("hidden", xs_h, y_h, CELL_COLOR, "hidden layer", "h"),
                ("output", xs_out, y_out, OUTPUT_COLOR, "output layer", "o")):
            for k, x in enumerate(xs, start=1):
                _node(ax, (x, y), "", radius=r, color=color, gid=f"{key}/{kind}-{k}")
            _label(ax, (xs[0] - r - 0.3, y), f"{layer} ${symbol}{suffix}$", ha="right",
                   fontsize=SMALL_SIZE)
        connect(key, "wx", xs_in, y_in, xs_h, y_h, WX_COLOR)
        connect(key, "wo", xs_h, y_h, xs_out, y_out, INK)
        _label(ax, (max(xs_in[-1], xs_h[-1]) + 0.3, (y_in + y_h) / 2), "$W_x$", ha="left",
               color=WX_COLOR)
        _label(ax, (max(xs_h[-1], xs_out[-1]) + 0.3, (y_h + y_out) / 2), "$W_o$", ha="left",
               color=INK)
        # The hidden layer as one box (the cell, 셀); the recurrent network's loop on its right.
        bx0, bx1 = xs_h[0] - r - 0.18, xs_h[-1] + r + 0.18
        ax.add_patch(FancyBboxPatch((bx0, y_h - r - 0.16), bx1 - bx0, 2 * r + 0.32,
                                    boxstyle="round,pad=0,rounding_size=0.12", facecolor="none",
                                    edgecolor="#999999", linewidth=1.0, zorder=2,
                                    gid=f"{key}/hidden-layer"))
        if key == "recurrent":
            loop = [(bx1, y_h + 0.2), (bx1 + 0.65, y_h + 0.2), (bx1 + 0.65, y_h - 0.2),
                    (bx1, y_h - 0.2)]
            _wire(ax, loop, color=WH_COLOR, lw=2.0, gid="recurrent/loop")
            _label(ax, (bx1 + 0.78, y_h), "$W_h$: $h_{t-1}$\ncomes back", ha="left",
                   color=WH_COLOR, fontsize=SMALL_SIZE)
    return fig


__all__ += ["feedforward_vs_recurrent", "tensor_cube"]


# --------------------------------------------------------------------------- chapter 3
GRAD_COLOR = "#7b3294"       # the gradient flowing backwards (purple, dashed)


def bptt(steps=4, chunk=None):
    """Backpropagation through time (시간에 따른 역전파, BPTT) on an unrolled cell.

    The cell unrolled over ``steps`` timesteps: inputs ``x_1 ... x_T`` below, states
    ``h_1 ... h_T`` in a row, starting from ``h_0 = 0``. Forward (solid, black): every state
    goes up into the loss and on to the next step. Backward (dashed, purple): the gradient of
    the loss comes down into every state and flows from each state back to the one before --
    right to left, through every step -- and each step adds its share to the gradients of the
    shared ``W_x``, ``W_h`` and ``b`` (the notes' BPTT figures, after cs231n and Géron).

    With ``chunk=c``, truncated BPTT (잘린 BPTT): the steps are cut into chunks of ``c``, each
    chunk has its own loss ``L_k``, the state is still carried forward across a chunk
    boundary, but the gradient stops there (a bar marks where it stops).

    Parameters
    ----------
    steps : int, 1 to 8
        How many timesteps T to draw.
    chunk : int from 1 to ``steps``, or None
        Steps per chunk for truncated BPTT; None (the default) for full BPTT, one loss.

    Returns
    -------
    matplotlib.figure.Figure
        Cells carry gids ``"cell-t"``; the forward state arrows ``"state-t"`` (into cell t),
        the arrows up to the loss ``"up-t"``; the losses ``"loss-k"``; the gradient arrows
        ``"down-t"`` (loss to cell t) and ``"back-t"`` (cell t to cell t-1); where a chunk
        starts at step t > 1, the gradient's stop ``"cut-t"`` (all 1-based).
    """
    steps = _check_count("steps", steps, 1, 8, "the number of timesteps to draw")
    if chunk is not None:
        chunk = _check_count("chunk", chunk, 1, steps, "timesteps per chunk, at most steps")
    size = chunk or steps
    starts = list(range(1, steps + 1, size))
    dx, x0, bw, bh = 1.9, 2.6, 1.0, 0.7
    y_in, y, y_loss = 0.2, 1.9, 3.85
    xs = {t: x0 + (t - 1) * dx for t in range(1, steps + 1)}
    xmax = xs[steps] + bw / 2 + 0.4
    plural = "s" if steps > 1 else ""
    if chunk is None:
        title = f"Backpropagation through time (BPTT) over T = {steps} timestep{plural}"
        caption = ("Forward (solid): the states left to right, then the loss.\n"
                   "Backward (dashed): the gradient flows back through every step,\n"
                   "and each step adds its share to the gradients of the shared $W_x$, $W_h$, $b$")
    else:
        title = (f"Truncated BPTT: T = {steps} timestep{plural} in chunks of {chunk}, "
                 "one loss per chunk")
        caption = ("Forward (solid): the state is carried on across every chunk boundary.\n"
                   "Backward (dashed): each chunk's gradient stops at the chunk's first step "
                   "(the bar)")
    fig, ax = _figure((-0.2, xmax), (-0.75, 4.55), title=title, caption=caption,
                      caption_lines=caption.count("\n") + 1, scale=0.85)

    _label(ax, (x0 - bw / 2 - 1.0 - 0.05, y + 0.1), "$h_0 = 0$", ha="right", fontsize=TEXT_SIZE)
    up, down = -0.17, 0.17                       # x offsets of the loss's up and down arrows
    for t, x in xs.items():
        _box(ax, (x, y), f"$h_{{{t}}}$", width=bw, height=bh, gid=f"cell-{t}", fontsize=13)
        _label(ax, (x, y_in), f"$x_{{{t}}}$", fontsize=TEXT_SIZE + 1)
        _wire(ax, [(x, y_in + 0.3), (x, y - bh / 2)], color=INK, lw=1.3)
        start = xs[t - 1] + bw / 2 if t > 1 else x - bw / 2 - 1.0
        _wire(ax, [(start, y + 0.12), (x - bw / 2, y + 0.12)], color=INK, lw=1.5,
              gid=f"state-{t}")
        _wire(ax, [(x + up, y + bh / 2), (x + up, y_loss - 0.3)], color=INK, lw=1.2,
              gid=f"up-{t}")
        _wire(ax, [(x + down, y_loss - 0.3), (x + down, y + bh / 2)], color=GRAD_COLOR, lw=1.4,
              ls=(0, (3, 2)), gid=f"down-{t}", zorder=3)
        if t == 1:
            continue
        if t in starts:                          # a new chunk: the gradient stops here
            mid = x - dx / 2
            ax.add_patch(FancyArrowPatch((x - bw / 2, y - 0.15), (mid, y - 0.15),
                                         arrowstyle="-[, widthB=0.5, lengthB=0.0",
                                         mutation_scale=14, color=GRAD_COLOR, linewidth=1.4,
                                         linestyle=(0, (3, 2)), shrinkA=0, shrinkB=0, zorder=3,
                                         gid=f"cut-{t}"))
            _label(ax, (mid, y - 0.52), "gradient\nstops", fontsize=SMALL_SIZE - 1,
                   color=GRAD_COLOR, va="top")
        else:
            _wire(ax, [(x - bw / 2, y - 0.15), (xs[t - 1] + bw / 2, y - 0.15)],
                  color=GRAD_COLOR, lw=1.4, ls=(0, (3, 2)), gid=f"back-{t}", zorder=3)

    for k, first in enumerate(starts, start=1):
        last = min(first + size - 1, steps)
        left, right = xs[first] - bw / 2, xs[last] + bw / 2
        text = "loss $L$" if chunk is None else f"$L_{{{k}}}$"
        _box(ax, ((left + right) / 2, y_loss), text, width=right - left, height=0.6,
             color=OUTPUT_COLOR, gid=f"loss-{k}", fontsize=TEXT_SIZE, round_size=0.1)
    handles = [Line2D([], [], color=INK, lw=1.5, label="forward: states, then the loss"),
               Line2D([], [], color=GRAD_COLOR, lw=1.5, ls=(0, (3, 2)),
                      label="backward: the gradient of the loss")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.03), ncol=2,
              fontsize=SMALL_SIZE, frameon=False)
    return fig


# key, panel title, recurrent edge (from, to), recurrent weight, the two formulas
_RECURRENCES = (
    ("hidden-to-hidden", "hidden → hidden\n(hidden recurrence)", ("h", "h"), "$W_{hh}$",
     r"$h_t = \tanh(x_t W_{xh} + h_{t-1} W_{hh} + b_h)$", r"$o_t = \sigma_o(h_t W_{ho} + b_o)$"),
    ("output-to-hidden", "output → hidden\n(output recurrence)", ("o", "h"), "$W_{oh}$",
     r"$h_t = \tanh(x_t W_{xh} + o_{t-1} W_{oh} + b_h)$", r"$o_t = \sigma_o(h_t W_{ho} + b_o)$"),
    ("output-to-output", "output → output\n(output recurrence)", ("o", "o"), "$W_{oo}$",
     r"$h_t = \tanh(x_t W_{xh} + b_h)$", r"$o_t = \sigma_o(h_t W_{ho} + o_{t-1} W_{oo} + b_o)$"),
)


def recurrence_kinds():
    """Hidden recurrence and the two kinds of output recurrence, unrolled over three steps.

    After Raschka et al. (*Machine Learning with PyTorch and Scikit-Learn*, ch. 15, the
    figure "Different recurrent connection models", note 004's Fig. 7). Each panel has the
    inputs ``x`` below, the hidden layer ``h`` in the middle and the output layer ``o`` on
    top, at steps t−1, t and t+1; ``W_xh`` (input → hidden) and ``W_ho`` (hidden → output)
    are the same in all three. What differs is the recurrent edge (orange), what is carried
    to the next step:

    - hidden → hidden, hidden recurrence (은닉 순환): ``h_{t-1}`` into ``h_t`` through
      ``W_hh`` (SimpleRNN, LSTM, GRU);
    - output → hidden, output recurrence (출력 순환): ``o_{t-1}`` into ``h_t`` through ``W_oh``;
    - output → output, output recurrence: ``o_{t-1}`` into ``o_t`` through ``W_oo``.

    Under each panel its two formulas, with the biases ``b_h``, ``b_o`` and the output
    activation ``σ_o`` (a sigmoid, a softmax or none, as the task needs).

    Returns
    -------
    matplotlib.figure.Figure
        Boxes carry gids like ``"output-to-hidden/h-2"`` (kind ``x``, ``h`` or ``o``, column
        1 to 3); edges ``"output-to-hidden/x2-h2"``, ``".../h2-o2"`` and the recurrent ones
        ``".../o1-h2"``, with column 0 for the edge that comes in from the step before the
        first and column 4 for the one that leaves the last.
    """
    dx, bw, bh, stub = 1.3, 0.78, 0.5, 0.75
    y_of = {"x": 0.3, "h": 1.65, "o": 3.0}
    color_of = {"x": INPUT_COLOR, "h": CELL_COLOR, "o": OUTPUT_COLOR}
    panel, gap = 2 * dx + bw + 2 * stub, 0.55
    xmax = 3 * panel + 2 * gap
    title = "Hidden recurrence and output recurrence, unrolled over steps t−1, t, t+1"
    caption = ("All three share $W_{xh}$ (input → hidden) and $W_{ho}$ (hidden → output); "
               "the orange edge is what each carries to the next step")
    fig, ax = _figure((-0.1, xmax + 0.1), (-1.35, 4.35), title=title, caption=caption,
                      scale=0.75)
    subscripts = ("t-1", "t", "t+1")
    for p, (key, name, (src, dst), weight, h_formula, o_formula) in enumerate(_RECURRENCES):
        left = p * (panel + gap)
        xs = [left + stub + bw / 2 + k * dx for k in range(3)]
        centre = left + panel / 2
        _label(ax, (centre, 4.3), name, fontsize=TEXT_SIZE, fontweight="bold", va="top")
        _label(ax, (centre, -0.25), h_formula, fontsize=SMALL_SIZE, va="top")
        _label(ax, (centre, -0.75), o_formula, fontsize=SMALL_SIZE, va="top")
        for k, x in enumerate(xs, start=1):
            for kind in "xho":
                _box(ax, (x, y_of[kind]), f"${kind}_{{{subscripts[k - 1]}}}$", width=bw,
                     height=bh, color=color_of[kind], gid=f"{key}/{kind}-{k}",
                     fontsize=SMALL_SIZE + 0.5, round_size=0.08)
            _wire(ax, [(x, y_of["x"] + bh / 2), (x, y_of["h"] - bh / 2)], color=WX_COLOR,
                  lw=1.3, gid=f"{key}/x{k}-h{k}")
            _wire(ax, [(x, y_of["h"] + bh / 2), (x, y_of["o"] - bh / 2)], color=INK, lw=1.3,
                  gid=f"{key}/h{k}-o{k}")
        _label(ax, (xs[0] - 0.08, (y_of["x"] + y_of["h"]) / 2), "$W_{xh}$", ha="right",
               color=WX_COLOR, fontsize=SMALL_SIZE - 0.5)
        _label(ax, (xs[0] - 0.08, (y_of["h"] + y_of["o"]) / 2 - 0.15), "$W_{ho}$", ha="right",
               fontsize=SMALL_SIZE - 0.5)
        # The recurrent edges from column k-1 to column k; column 0 is the step before the
        # first drawn, column 4 the step after the last (their boxes are not drawn).
        lift = 0.12 if src != dst else 0.0
        for k in range(1, 5):
            x_from = xs[0] + (k - 2) * dx + bw / 2
            x_to = xs[0] + (k - 1) * dx - bw / 2
            _wire(ax, [(x_from, y_of[src] - lift), (x_to, y_of[dst] + lift)], color=WH_COLOR,
                  lw=2.0, gid=f"{key}/{src}{k - 1}-{dst}{k}")
        x_mid, y_mid = (xs[0] + xs[1]) / 2, (y_of[src] + y_of[dst]) / 2
        if src == dst:
            _label(ax, (x_mid, y_mid + 0.2), weight, color=WH_COLOR, fontsize=SMALL_SIZE,
                   va="bottom")
        else:
            _label(ax, (x_mid + 0.12, y_mid + 0.15), weight, color=WH_COLOR,
                   fontsize=SMALL_SIZE, ha="left")
    return fig


__all__ += ["bptt", "recurrence_kinds"]
