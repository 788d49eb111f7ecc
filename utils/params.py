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
LayerNormalization        ``2·d``                      (a scale γ and a shift β per feature)
PositionEmbedding         ``length · d``               (one vector per position, chapter 10)
AttentionPooling(u)       ``n·u + 2u``                 (W, b and v of the score, chapter 9)
AdditiveAttention         ``d`` with ``use_scale``     (Bahdanau's score ``v·tanh(q + k)``: one
                          weight of ``v`` per feature ``d`` of query and key; 0 without)
Attention                 ``1`` with ``use_scale``     (Luong's dot score ``q·k``: one scalar
                          scale, 0 without; ``score_mode="concat"`` adds one more scalar)
MultiHeadAttention        ``h·k·(d_q + d_k) + h·v·d_v + h·v·o`` + biases ``2h·k + h·v + o``
                          (``h`` heads of key size ``k`` and value size ``v``; query, key and
                          value inputs of ``d_q``, ``d_k``, ``d_v`` features; output ``o``,
                          by default ``d_q``). Self-attention with ``v = k``, ``d = d_q = d_k
                          = d_v = o``: ``4·d·h·k + 3·h·k + d``.
LoRA of rank ``r``        ``+ r·(rows + cols)``        (Dense, Embedding: two small matrices)
========================  =======================================================

:func:`explain_model` walks a built Keras model, prints one such line per layer and checks
each against ``layer.count_params()``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Formula:
    """A parameter count with the formula that gives it."""

    count: int
    text: str

    def __str__(self) -> str:
        return self.text


def _sizes(**values) -> list[int]:
    """Check that each value is a whole number ≥ 1; return them as Python ints, in order."""
    out = []
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise TypeError(f"{name} must be a whole number such as 16, got {v!r} "
                            f"({type(v).__name__})")
        if v < 1:
            raise ValueError(f"{name} must be at least 1, got {v}")
        out.append(int(v))
    return out


def _flag(name: str, value) -> bool:
    """A True/False argument: a string such as "False" would otherwise count as True."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} "
                        f"({type(value).__name__}); pass {name}=True or {name}=False")
    return bool(value)


def _lora(lora_rank) -> int | None:
    if lora_rank is None:
        return None
    return _sizes(lora_rank=lora_rank)[0]


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


def _lora_part(rank: int | None, rows: int, cols: int) -> tuple[int, str, str]:
    """LoRA's two extra matrices, rows×rank and rank×cols: (count, formula part, name part)."""
    if rank is None:
        return 0, "", ""
    return rank * (rows + cols), f" + {rank}×({_n(rows)} + {_n(cols)})", f", LoRA rank {rank}"


def dense_formula(input_dim: int, units: int, use_bias: bool = True,
                  lora_rank: int | None = None) -> Formula:
    """Dense(units) on ``input_dim`` features: a weight per input and unit, plus a bias per unit.

    With ``lora_rank=r`` (``Dense(units, lora_rank=r)`` or ``layer.enable_lora(r)``) the kernel
    is frozen and two trainable matrices ``input_dim×r`` and ``r×units`` are added; Keras counts
    all of them.
    """
    input_dim, units = _sizes(input_dim=input_dim, units=units)
    use_bias = _flag("use_bias", use_bias)
    extra, extra_text, name = _lora_part(_lora(lora_rank), input_dim, units)
    count = input_dim * units + (units if use_bias else 0) + extra
    text = f"{_n(input_dim)}×{units}" + (f" + {units}" if use_bias else "") + extra_text
    return Formula(count, f"Dense({units}) on {_n(input_dim)} features{name}: "
                          f"{text} = {_n(count)}")


def embedding_formula(input_dim: int, output_dim: int, lora_rank: int | None = None) -> Formula:
    """Embedding(input_dim, output_dim): a table with one ``output_dim`` vector per token id.

    With ``lora_rank=r`` the table is frozen and two trainable matrices ``input_dim×r`` and
    ``r×output_dim`` are added; Keras counts all of them.
    """
    input_dim, output_dim = _sizes(input_dim=input_dim, output_dim=output_dim)
    extra, extra_text, name = _lora_part(_lora(lora_rank), input_dim, output_dim)
    count = input_dim * output_dim + extra
    return Formula(count, f"Embedding({_n(input_dim)}, {output_dim}){name}: "
                          f"{_n(input_dim)}×{output_dim}{extra_text} = {_n(count)}")


def simple_rnn_formula(input_dim: int, units: int, use_bias: bool = True) -> Formula:
    """SimpleRNN(units): input weights W_x (n×u), recurrent weights W_h (u×u), bias b (u)."""
    input_dim, units = _sizes(input_dim=input_dim, units=units)
    count, text = _core(input_dim, units, int(_flag("use_bias", use_bias)))
    return Formula(count, f"SimpleRNN({units}) on {_n(input_dim)} features: {text} = {_n(count)}")


def lstm_formula(input_dim: int, units: int, use_bias: bool = True) -> Formula:
    """LSTM(units): four SimpleRNN-sized blocks (input, forget and output gates, candidate)."""
    input_dim, units = _sizes(input_dim=input_dim, units=units)
    one, text = _core(input_dim, units, int(_flag("use_bias", use_bias)))
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
    input_dim, units = _sizes(input_dim=input_dim, units=units)
    reset_after = _flag("reset_after", reset_after)
    bias_terms = (2 if reset_after else 1) if _flag("use_bias", use_bias) else 0
    one, text = _core(input_dim, units, bias_terms)
    count = 3 * one
    return Formula(count, f"GRU({units}) on {_n(input_dim)} features, "
                          f"reset_after={reset_after}: 3 × ({text}) = {_n(count)}")


def bidirectional_formula(inner: Formula, backward: Formula | None = None) -> Formula:
    """Bidirectional(layer): a forward and a backward copy of the wrapped layer.

    ``backward`` is the formula of a different backward layer
    (``Bidirectional(forward, backward_layer=...)``); the count is then forward + backward.
    """
    for name, f in (("inner", inner), ("backward", backward)):
        if not isinstance(f, Formula) and not (name == "backward" and f is None):
            raise TypeError(f"{name} must be a Formula (e.g. lstm_formula(16, 8)), got {f!r}")
    name = inner.text.partition(":")[0]
    if backward is None or backward.text == inner.text:
        count = 2 * inner.count
        return Formula(count, f"Bidirectional({name}): 2 × {_n(inner.count)} = {_n(count)}")
    count = inner.count + backward.count
    back_name = backward.text.partition(":")[0]
    return Formula(count, f"Bidirectional({name} forward, {back_name} backward): "
                          f"{_n(inner.count)} + {_n(backward.count)} = {_n(count)}")


def layer_normalization_formula(features: int, center: bool = True, scale: bool = True) -> Formula:
    """LayerNormalization over ``features``: a scale γ (``scale=True``) and a shift β
    (``center=True``) per feature."""
    (features,) = _sizes(features=features)
    parts = int(_flag("center", center)) + int(_flag("scale", scale))
    count = parts * features
    return Formula(count, f"LayerNormalization on {_n(features)} features: "
                          f"{parts} × {_n(features)} = {_n(count)}")


def position_embedding_formula(length: int, output_dim: int) -> Formula:
    """A learned position embedding (위치 임베딩): one ``output_dim`` vector per position."""
    length, output_dim = _sizes(length=length, output_dim=output_dim)
    count = length * output_dim
    return Formula(count, f"PositionEmbedding({_n(length)}, {output_dim}): "
                          f"{_n(length)}×{output_dim} = {_n(count)}")


def multi_head_attention_formula(query_dim: int, num_heads: int, key_dim: int,
                                 value_dim: int | None = None, key_input_dim: int | None = None,
                                 value_input_dim: int | None = None,
                                 output_dim: int | None = None,
                                 use_bias: bool = True) -> Formula:
    """MultiHeadAttention (멀티 헤드 어텐션): four projections, as Keras builds them.

    Each of the ``h = num_heads`` heads projects the query and the key to ``key_dim`` numbers
    and the value to ``value_dim`` numbers (default: ``key_dim``); the heads' outputs, ``h ×
    value_dim`` numbers, are projected back to ``output_dim`` (default: the query's
    ``query_dim`` features). ``value_input_dim`` defaults to ``query_dim`` (self-attention)
    and ``key_input_dim`` to ``value_input_dim``, as in Keras' ``layer(query, value, key)``.
    """
    query_dim, num_heads, key_dim = _sizes(query_dim=query_dim, num_heads=num_heads,
                                           key_dim=key_dim)
    value_dim = key_dim if value_dim is None else _sizes(value_dim=value_dim)[0]
    value_in = query_dim if value_input_dim is None else _sizes(value_input_dim=value_input_dim)[0]
    key_in = value_in if key_input_dim is None else _sizes(key_input_dim=key_input_dim)[0]
    out = query_dim if output_dim is None else _sizes(output_dim=output_dim)[0]
    bias = _flag("use_bias", use_bias)
    h, k, v = num_heads, key_dim, value_dim
    pieces = [("query", query_dim, k, h * k), ("key", key_in, k, h * k),
              ("value", value_in, v, h * v)]
    count, texts = 0, []
    for name, n, size, b in pieces:
        count += n * h * size + (b if bias else 0)
        texts.append(f"{name} {_n(n)}×{h}×{size}" + (f" + {h}×{size}" if bias else ""))
    count += h * v * out + (out if bias else 0)
    texts.append(f"output {h}×{v}×{_n(out)}" + (f" + {_n(out)}" if bias else ""))
    return Formula(count, f"MultiHeadAttention({h} heads, key_dim {k}"
                          + (f", value_dim {v}" if v != k else "")
                          + f") on {_n(query_dim)} features: {', '.join(texts)} = {_n(count)}")


def attention_pooling_formula(features: int, units: int) -> Formula:
    """``utils.text.AttentionPooling(units)`` on ``features`` per step: the score
    ``v · tanh(h_t W + b)`` has ``W`` (features × units), ``b`` and ``v`` (units each)."""
    features, units = _sizes(features=features, units=units)
    count = features * units + 2 * units
    return Formula(count, f"AttentionPooling({units}) on {_n(features)} features: "
                          f"{_n(features)}×{units} + 2×{units} = {_n(count)}")


def additive_attention_formula(features: int, use_scale: bool = True) -> Formula:
    """Keras' ``AdditiveAttention`` (Bahdanau's score, 바다나우 어텐션) on query and key of
    ``features`` numbers per step: ``score = Σ v · tanh(q + k)``, with one weight of ``v`` per
    feature when ``use_scale=True`` (Keras' default) and none otherwise. Keras adds no
    projection matrices: the query and the key must already have the same size."""
    (features,) = _sizes(features=features)
    scale = _flag("use_scale", use_scale)
    count = features if scale else 0
    return Formula(count, f"AdditiveAttention on {_n(features)} features: "
                          + (f"a scale per feature = {_n(count)}" if scale else "no weights = 0"))


def dot_attention_formula(use_scale: bool = False, score_mode: str = "dot") -> Formula:
    """Keras' ``Attention`` (Luong's dot-product score, 루옹 어텐션): ``score = q · k``. It learns
    one scalar scale when ``use_scale=True`` and one scalar weight more with
    ``score_mode="concat"``; with the defaults it has no weights at all."""
    scale = _flag("use_scale", use_scale)
    if score_mode not in ("dot", "concat"):
        raise ValueError(f"score_mode must be 'dot' or 'concat' (as in keras.layers.Attention), "
                         f"got {score_mode!r}")
    count = int(scale) + int(score_mode == "concat")
    parts = (["a scalar scale"] if scale else []) + (["a concat weight"] if score_mode == "concat"
                                                     else [])
    return Formula(count, f"Attention(score_mode={score_mode!r}): "
                          + (" + ".join(parts) + f" = {count}" if parts else "no weights = 0"))


def multi_head_attention_params(query_dim, num_heads, key_dim, value_dim=None, key_input_dim=None,
                                value_input_dim=None, output_dim=None, use_bias=True) -> int:
    """Parameter count of MultiHeadAttention; see :func:`multi_head_attention_formula`."""
    return multi_head_attention_formula(query_dim, num_heads, key_dim, value_dim, key_input_dim,
                                        value_input_dim, output_dim, use_bias).count


def dense_params(input_dim, units, use_bias=True, lora_rank=None) -> int:
    """Parameter count of Dense; see :func:`dense_formula`."""
    return dense_formula(input_dim, units, use_bias, lora_rank).count


def embedding_params(input_dim, output_dim, lora_rank=None) -> int:
    """Parameter count of Embedding; see :func:`embedding_formula`."""
    return embedding_formula(input_dim, output_dim, lora_rank).count


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
            raise ValueError(f"cannot tell the input size of layer {layer.name!r}; pass it as "
                             "input_dim=...") from None
        return int(kernel.shape[0])
    return int(shape[-1])


def _lora_rank_of(layer) -> int | None:
    return int(layer.lora_rank) if getattr(layer, "lora_enabled", False) else None


def layer_formula(layer, input_dim: int | None = None) -> Formula | None:
    """The formula for a Keras layer, or None for a kind of layer this module does not cover.

    ``input_dim`` is the number of input features; by default it is read from the layer's
    input in the model. Covered: Dense and Embedding (also with LoRA), SimpleRNN, LSTM, GRU,
    and Bidirectional around one of those (also with a different ``backward_layer``);
    AdditiveAttention, Attention, MultiHeadAttention, LayerNormalization and the book's own
    AttentionPooling and PositionEmbedding.
    Quantized layers (``model.quantize(...)``) are not covered.
    """
    if not hasattr(layer, "count_params") or not hasattr(layer, "weights"):
        raise TypeError(f"layer must be a Keras layer (e.g. model.layers[1]), got {layer!r}")
    if getattr(layer, "quantization_mode", None):
        return None
    kind = type(layer).__name__
    if kind == "Bidirectional":
        n = _input_features(layer) if input_dim is None else input_dim
        forward = layer_formula(layer.forward_layer, n)
        backward = layer_formula(layer.backward_layer, n)
        if forward is None or backward is None:
            return None
        return bidirectional_formula(forward, backward)
    if kind == "Embedding":
        return embedding_formula(layer.input_dim, layer.output_dim, _lora_rank_of(layer))
    if kind == "MultiHeadAttention":
        if not layer.built:
            return None
        # the input sizes are those of the tensors the layer was called on (its projections'
        # first axis); the count follows from them, the heads and the key and value sizes
        q, k, v = (int(getattr(layer, f"_{n}_dense").kernel.shape[0])
                   for n in ("query", "key", "value"))
        out_shape = layer._output_shape
        if out_shape is not None and len(tuple(out_shape)) != 1:
            return None                            # a multi-axis output_shape: not covered
        out = int(tuple(out_shape)[0]) if out_shape is not None else q
        return multi_head_attention_formula(q, layer.num_heads, layer.key_dim, layer.value_dim,
                                            k, v, out, bool(layer._use_bias))
    if kind == "LayerNormalization":
        axes = [layer.axis] if isinstance(layer.axis, int) else list(layer.axis)
        if len(axes) != 1:
            return None                            # normalised over several axes: not covered
        n = _input_features(layer) if input_dim is None else input_dim
        if axes[0] != -1 and input_dim is None and axes[0] != len(layer.input.shape) - 1:
            return None                            # not over the last axis: not covered
        return layer_normalization_formula(n, bool(layer.center), bool(layer.scale))
    if kind == "AdditiveAttention":
        n = _input_features(layer) if input_dim is None else input_dim
        return additive_attention_formula(n, bool(layer.use_scale))
    if kind == "Attention":
        return dot_attention_formula(bool(layer.use_scale), layer.score_mode)
    if kind == "AttentionPooling" and hasattr(layer, "units"):
        n = _input_features(layer) if input_dim is None else input_dim
        return attention_pooling_formula(n, layer.units)
    if kind == "PositionEmbedding" and hasattr(layer, "length"):
        return position_embedding_formula(layer.length, layer.output_dim)
    if kind not in ("Dense", "SimpleRNN", "LSTM", "GRU"):
        return None
    n = _input_features(layer) if input_dim is None else input_dim
    bias = bool(layer.use_bias)       # as Keras reads it
    if kind == "Dense":
        return dense_formula(n, layer.units, bias, _lora_rank_of(layer))
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


def _check_model(model) -> None:
    import keras

    if isinstance(model, keras.Model):
        if not model.built:
            raise ValueError("explain_model: the model is not built yet; start it with "
                             "keras.Input(shape=...) or call model.build(...) first")
        return
    if isinstance(model, keras.layers.Layer):
        raise TypeError(f"explain_model needs a Keras model, got a single layer "
                        f"({type(model).__name__}); wrap it: "
                        "keras.Sequential([keras.Input(shape=...), layer])")
    raise TypeError("explain_model needs a Keras model (keras.Sequential or keras.Model), "
                    f"got {model!r:.60} ({type(model).__name__})")


def explain_model(model, print_fn=print) -> list[LayerCount]:
    """Print each layer's parameter formula with numbers and check it against Keras.

    Layers without weights (Dropout, CategoryEncoding, …) are listed with 0. A layer with
    weights that no formula here covers (e.g. Conv1D, a quantized layer) is listed with
    Keras' count and says so. Keras' ``layer.count_params()`` is the reference: a formula
    whose count differs from it is not shown as the layer's formula; the line says plainly
    that the formula does not cover that layer's settings, and the row's ``formula`` is None.
    Returns the rows, so a notebook can ``assert`` on them. The model must be built.
    """
    _check_model(model)
    if not callable(print_fn):
        raise TypeError(f"print_fn must be a function such as print, got {print_fn!r}")
    rows = []
    for layer in model.layers:
        keras_count = int(layer.count_params())
        kind = type(layer).__name__
        formula = layer_formula(layer)
        if formula is not None and formula.count != keras_count:
            print_fn(f"{layer.name:<16} {kind}: {keras_count:,} (Keras' count; the formula "
                     f"here, {formula.text}, does not cover this layer's settings)")
            formula = None
        elif formula is not None:
            print_fn(f"{layer.name:<16} {formula.text}   ✓ Keras: {keras_count:,}")
        elif keras_count == 0:
            print_fn(f"{layer.name:<16} {kind}: no weights = 0")
        else:
            mode = getattr(layer, "quantization_mode", None)
            why = f"no formula here for a layer quantized to {mode}" if mode else "no formula here"
            print_fn(f"{layer.name:<16} {kind}: {keras_count:,} (Keras' count; {why})")
        rows.append(LayerCount(layer.name, formula, keras_count))
    total = sum(r.keras_count for r in rows)
    print_fn(f"{'total':<16} {total:,} parameters")
    return rows
