"""How many parameters (파라미터) a layer has, as formulas you can read and check.

Each ``*_params`` function returns the count; each ``*_formula`` function returns the same
count together with the formula written out with the numbers, e.g.::

    >>> simple_rnn_formula(500, 8).text
    'SimpleRNN(8) on 500 features: 500×8 + 8×8 + 8 = 4,072'

With ``n`` input features and ``u`` units (a bias is counted when ``use_bias=True``):

========================  =======================================================
Dense                     ``n·u + u``
Embedding                 ``input_dim · output_dim``  (one vector per token id)
SimpleRNN                 ``n·u + u·u + u``            (W_x, W_h, b)
LSTM                      ``4 · (n·u + u·u + u)``      (input, forget, cell, output)
GRU, reset_after=False    ``3 · (n·u + u·u + u)``      (update, reset, candidate)
GRU, reset_after=True     ``3 · (n·u + u·u + 2u)``     (Keras' default: a second bias)
Bidirectional(layer)      ``2 ×`` the wrapped layer   (a forward and a backward copy)
========================  =======================================================

:func:`explain_model` walks a built Keras model, prints one such line per layer and checks
each against ``layer.count_params()``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass


@dataclass(frozen=True)
class Formula:
    """A parameter count with the formula that gives it."""

    count: int
    text: str

    def __str__(self) -> str:
        return self.text


def _check(**values) -> None:
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise TypeError(f"{name} must be a whole number, got {v!r}")
        if v < 1:
            raise ValueError(f"{name} must be at least 1, got {v}")


def _n(x: int) -> str:
    return f"{x:,}"


def _core(n: int, u: int, bias_terms: int) -> tuple[int, str]:
    """n·u + u·u + bias_terms·u, as a count and as text (bias part left out when 0)."""
    count = n * u + u * u + bias_terms * u
    text = f"{_n(n)}×{u} + {u}×{u}"
    if bias_terms == 1:
        text += f" + {u}"
    elif bias_terms > 1:
        text += f" + {bias_terms}×{u}"
    return count, text


def dense_formula(input_dim: int, units: int, use_bias: bool = True) -> Formula:
    """Dense(units) on ``input_dim`` features: a weight per input and unit, plus a bias per unit."""
    _check(input_dim=input_dim, units=units)
    count = input_dim * units + (units if use_bias else 0)
    text = f"{_n(input_dim)}×{units}" + (f" + {units}" if use_bias else "")
    return Formula(count, f"Dense({units}) on {_n(input_dim)} features: {text} = {_n(count)}")


def embedding_formula(input_dim: int, output_dim: int) -> Formula:
    """Embedding(input_dim, output_dim): a table with one ``output_dim`` vector per token id."""
    _check(input_dim=input_dim, output_dim=output_dim)
    count = input_dim * output_dim
    return Formula(count, f"Embedding({_n(input_dim)}, {output_dim}): "
                          f"{_n(input_dim)}×{output_dim} = {_n(count)}")


def simple_rnn_formula(input_dim: int, units: int, use_bias: bool = True) -> Formula:
    """SimpleRNN(units): input weights W_x (n×u), recurrent weights W_h (u×u), bias b (u)."""
    _check(input_dim=input_dim, units=units)
    count, text = _core(input_dim, units, int(use_bias))
    return Formula(count, f"SimpleRNN({units}) on {_n(input_dim)} features: {text} = {_n(count)}")


def lstm_formula(input_dim: int, units: int, use_bias: bool = True) -> Formula:
    """LSTM(units): four SimpleRNN-sized blocks (input, forget and output gates, candidate)."""
    _check(input_dim=input_dim, units=units)
    one, text = _core(input_dim, units, int(use_bias))
    count = 4 * one
    return Formula(count, f"LSTM({units}) on {_n(input_dim)} features: "
                          f"4 × ({text}) = {_n(count)}")


def gru_formula(input_dim: int, units: int, reset_after: bool = True,
                use_bias: bool = True) -> Formula:
    """GRU(units): three blocks (update gate, reset gate, candidate).

    With ``reset_after=True`` (Keras' default, the form cuDNN implements) the reset gate is
    applied after the recurrent matrix product, which needs a separate recurrent bias: two
    biases per block instead of one.
    """
    _check(input_dim=input_dim, units=units)
    bias_terms = (2 if reset_after else 1) if use_bias else 0
    one, text = _core(input_dim, units, bias_terms)
    count = 3 * one
    return Formula(count, f"GRU({units}) on {_n(input_dim)} features, "
                          f"reset_after={reset_after}: 3 × ({text}) = {_n(count)}")


def bidirectional_formula(inner: Formula) -> Formula:
    """Bidirectional(layer): a forward and a backward copy of the wrapped layer."""
    if not isinstance(inner, Formula):
        raise TypeError(f"inner must be a Formula (e.g. lstm_formula(16, 8)), got {inner!r}")
    count = 2 * inner.count
    name, _, rest = inner.text.partition(":")
    return Formula(count, f"Bidirectional({name}): 2 × {_n(inner.count)} = {_n(count)}")


def dense_params(input_dim, units, use_bias=True) -> int:
    """Parameter count of Dense; see :func:`dense_formula`."""
    return dense_formula(input_dim, units, use_bias).count


def embedding_params(input_dim, output_dim) -> int:
    """Parameter count of Embedding; see :func:`embedding_formula`."""
    return embedding_formula(input_dim, output_dim).count


def simple_rnn_params(input_dim, units, use_bias=True) -> int:
    """Parameter count of SimpleRNN; see :func:`simple_rnn_formula`."""
    return simple_rnn_formula(input_dim, units, use_bias).count


def lstm_params(input_dim, units, use_bias=True) -> int:
    """Parameter count of LSTM; see :func:`lstm_formula`."""
    return lstm_formula(input_dim, units, use_bias).count


def gru_params(input_dim, units, reset_after=True, use_bias=True) -> int:
    """Parameter count of GRU; see :func:`gru_formula`."""
    return gru_formula(input_dim, units, reset_after, use_bias).count


# ---------------------------------------------------------------------------------------------
# Walking a Keras model
# ---------------------------------------------------------------------------------------------

def _input_features(layer) -> int:
    """Size of the last axis of the layer's input (the features it sees at each step)."""
    try:
        inputs = layer.input
        if isinstance(inputs, (list, tuple)):   # e.g. [inputs, mask] after mask_zero=True
            inputs = inputs[0]
        shape = inputs.shape
    except (AttributeError, ValueError, IndexError):
        # A layer not connected in a functional graph: read its input size off the kernel.
        inner = getattr(layer, "forward_layer", layer)     # Bidirectional: its forward copy
        kernel = getattr(getattr(inner, "cell", inner), "kernel", None)
        if kernel is None:
            raise ValueError(f"cannot tell the input size of layer {layer.name!r}") from None
        return int(kernel.shape[0])
    return int(shape[-1])


def layer_formula(layer, input_dim: int | None = None) -> Formula | None:
    """The formula for a Keras layer, or None for a kind of layer this module does not cover.

    ``input_dim`` is the number of input features; by default it is read from the layer's
    input in the model.
    """
    kind = type(layer).__name__
    if kind == "Bidirectional":
        inner = layer_formula(layer.forward_layer, input_dim or _input_features(layer))
        return None if inner is None else bidirectional_formula(inner)
    if kind == "Embedding":
        return embedding_formula(layer.input_dim, layer.output_dim)
    if kind not in ("Dense", "SimpleRNN", "LSTM", "GRU"):
        return None
    n = input_dim or _input_features(layer)
    bias = bool(layer.use_bias)
    if kind == "Dense":
        return dense_formula(n, layer.units, bias)
    if kind == "SimpleRNN":
        return simple_rnn_formula(n, layer.units, bias)
    if kind == "LSTM":
        return lstm_formula(n, layer.units, bias)
    return gru_formula(n, layer.units, bool(layer.reset_after), bias)


@dataclass(frozen=True)
class LayerCount:
    """One row of :func:`explain_model`: what the formula says and what Keras counts."""

    name: str
    formula: Formula | None
    keras_count: int

    @property
    def count(self) -> int:
        return self.keras_count


def explain_model(model, print_fn=print) -> list[LayerCount]:
    """Print each layer's parameter formula with numbers and check it against Keras.

    Layers without weights (Dropout, CategoryEncoding, …) are listed with 0. A layer with
    weights that no formula here covers is listed with Keras' count only. If a formula
    disagrees with ``layer.count_params()`` an ``AssertionError`` says which layer.
    Returns the rows, so a notebook can ``assert`` on them. The model must be built.
    """
    if not getattr(model, "built", False):
        raise ValueError("explain_model: the model is not built yet; start it with "
                         "keras.Input(shape=...) or call model.build(...) first")
    rows = []
    for layer in model.layers:
        keras_count = int(layer.count_params())
        formula = layer_formula(layer)
        if formula is not None and formula.count != keras_count:
            raise AssertionError(f"layer {layer.name!r}: the formula gives {formula.count:,} "
                                 f"but Keras counts {keras_count:,} ({formula.text})")
        rows.append(LayerCount(layer.name, formula, keras_count))
        if formula is not None:
            print_fn(f"{layer.name:<16} {formula.text}   ✓ Keras: {keras_count:,}")
        elif keras_count == 0:
            print_fn(f"{layer.name:<16} {type(layer).__name__}: no weights = 0")
        else:
            print_fn(f"{layer.name:<16} {type(layer).__name__}: {keras_count:,} "
                     "(Keras' count; no formula here)")
    total = sum(r.keras_count for r in rows)
    print_fn(f"{'total':<16} {total:,} parameters")
    return rows
