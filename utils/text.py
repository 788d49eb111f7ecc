"""Text pieces a saved Keras model needs again when it is loaded: chapter 9.

A model that reads raw strings keeps its ``TextVectorization`` layer, and that layer keeps a
reference to its standardisation function; a model that pools a recurrent layer's outputs keeps
its pooling layers. Keras saves such custom functions and layers **by name** and finds them
again when the file is loaded only if they are registered
(``keras.saving.register_keras_serializable``) and their module has been imported. Defined in a
notebook, they exist only in that notebook's process: ``keras.saving.load_model`` elsewhere
fails with "Could not locate function 'standardize'". Defined here, a saved model loads in
any process that has run ``import utils.text``::

    import keras
    import utils.text                      # registers standardize and the pooling layers
    model = keras.saving.load_model("reviews.keras")

:func:`standardize`
    lower-case, HTML line breaks and punctuation to spaces, apostrophes deleted (``don't`` →
    ``dont``), for ``TextVectorization(standardize=standardize)``.
:class:`MaskedGlobalMaxPooling1D`
    the largest value of each feature over the real (unmasked) timesteps. Keras'
    ``GlobalAveragePooling1D`` already respects a mask; its ``GlobalMaxPooling1D`` does not,
    and would also see what a recurrent layer outputs at padded steps (zeros from a
    Bidirectional layer or cuDNN; a single layer on a CPU repeats its last real output).
:class:`AttentionPooling`
    a learned weighted average over the real timesteps (additive attention,
    ``score_t = v · tanh(h_t W + b)``, softmax over the unmasked steps).
:class:`PositionEmbedding`
    adds a learned vector per position to token embeddings (chapter 10's Transformer), and
    keeps their padding mask.

Like Keras' own layers, the layers refuse an input of the wrong rank with a ValueError that
names the shape they expect.

Imports Keras and TensorFlow, so it is not imported by ``import utils``; use
``import utils.text`` or ``from utils.text import standardize``.
"""

from __future__ import annotations

import keras
import tensorflow as tf
from keras import ops

PACKAGE = "rnnbook"


@keras.saving.register_keras_serializable(package=PACKAGE)
def standardize(text):
    """Lower-case, turn ``<br />`` tags and punctuation into spaces, delete apostrophes.

    Works on a string tensor of any shape (``TextVectorization`` passes a batch of reviews)
    and returns a string tensor of the same shape. Unlike ``TextVectorization``'s default
    (``"lower_and_strip_punctuation"``, which deletes punctuation and glues ``film<br />``
    into ``filmbr``), words separated only by punctuation stay apart: ``"plot/script"`` →
    ``"plot script"``. Apostrophes are deleted, so that ``don't`` stays one token, ``dont``.
    """
    text = tf.strings.lower(text)
    text = tf.strings.regex_replace(text, r"<br\s*/?>", " ")   # HTML line breaks
    text = tf.strings.regex_replace(text, "'", "")              # don't -> dont
    return tf.strings.regex_replace(text, "[[:punct:]]", " ")   # other punctuation -> space


def _check_rank(layer, shape) -> None:
    """A ValueError, as Keras' own pooling layers raise, unless ``shape`` is 3-D."""
    if len(shape) != 3:
        raise ValueError(
            f"{type(layer).__name__} expects a 3-D input of shape (batch, steps, features), got "
            f"shape {tuple(shape)} (rank {len(shape)}). Put it after a recurrent layer with "
            "return_sequences=True (one output per step), or after an Embedding.")


def _mask_of(inputs, mask):
    """The mask as a (batch, steps, 1) float tensor of ones and zeros (all ones without one)."""
    if mask is None:
        return ops.ones_like(inputs[..., :1])
    return ops.expand_dims(ops.cast(mask, inputs.dtype), -1)


@keras.saving.register_keras_serializable(package=PACKAGE)
class MaskedGlobalMaxPooling1D(keras.layers.Layer):
    """The largest value of each feature over the real timesteps: (batch, steps, features) →
    (batch, features).

    Masked steps (padding) are left out; a sequence with no real step gives zeros. Without a
    mask it equals ``keras.layers.GlobalMaxPooling1D()``.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def __call__(self, inputs, *args, **kwargs):
        _check_rank(self, inputs.shape)      # before and after build, as Keras' InputSpec does
        return super().__call__(inputs, *args, **kwargs)

    def build(self, input_shape):
        _check_rank(self, input_shape)

    def call(self, inputs, mask=None):
        real = _mask_of(inputs, mask)
        lowest = ops.min(inputs, axis=1, keepdims=True)          # a value no real step beats
        pooled = ops.max(ops.where(real > 0, inputs, lowest), axis=1)
        return ops.where(ops.sum(real, axis=1) > 0, pooled, ops.zeros_like(pooled))

    def compute_mask(self, inputs, mask=None):
        return None                                               # the time axis is gone

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[2])


@keras.saving.register_keras_serializable(package=PACKAGE)
class AttentionPooling(keras.layers.Layer):
    """A learned weighted average of the timesteps: (batch, steps, features) → (batch, features).

    Each step ``h_t`` gets a score ``v · tanh(h_t W + b)`` (``W``: features × ``units``,
    ``b`` and ``v``: ``units`` numbers); a softmax over the real (unmasked) steps turns the
    scores into weights that sum to 1, and the output is ``Σ_t weight_t · h_t``. The layer
    has ``features·units + 2·units`` parameters. :meth:`attention_weights` returns the weights,
    to see which words the model reads most.
    """

    def __init__(self, units: int = 32, **kwargs):
        super().__init__(**kwargs)
        if isinstance(units, bool) or not isinstance(units, int) or units < 1:
            raise ValueError(f"AttentionPooling: units must be a positive whole number, got {units!r}")
        self.units = units
        self.supports_masking = True

    def build(self, input_shape):
        _check_rank(self, input_shape)
        features = input_shape[-1]
        self.W = self.add_weight(shape=(features, self.units), initializer="glorot_uniform", name="W")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")
        self.v = self.add_weight(shape=(self.units, 1), initializer="glorot_uniform", name="v")

    def attention_weights(self, inputs, mask=None):
        """(batch, steps) weights: softmax of the scores over the real steps (0 on padding)."""
        _check_rank(self, inputs.shape)
        scores = ops.matmul(ops.tanh(ops.matmul(inputs, self.W) + self.b), self.v)[..., 0]
        real = _mask_of(inputs, mask)[..., 0]
        scores = ops.where(real > 0, scores, ops.full_like(scores, -1e9))
        weights = ops.softmax(scores, axis=1) * real              # all-padding rows: zeros
        return weights

    def call(self, inputs, mask=None):
        weights = self.attention_weights(inputs, mask)
        return ops.sum(inputs * ops.expand_dims(weights, -1), axis=1)

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[2])

    def get_config(self):
        return {**super().get_config(), "units": self.units}


@keras.saving.register_keras_serializable(package=PACKAGE)
class PositionEmbedding(keras.layers.Layer):
    """Adds a learned vector per position (위치 임베딩) to a sequence of token embeddings:
    (batch, steps, dim) → (batch, steps, dim), ``output[:, t] = inputs[:, t] + P[t]``.

    ``P`` is a ``length × dim`` table, so sequences may have up to ``length`` steps (shorter
    ones use its first rows). Attention by itself ignores order — permuting the tokens permutes
    its outputs the same way — so a Transformer adds the position to each token's vector. The
    padding mask of the incoming embeddings is passed on unchanged.
    """

    def __init__(self, length: int, **kwargs):
        super().__init__(**kwargs)
        if isinstance(length, bool) or not isinstance(length, int) or length < 1:
            raise ValueError(f"PositionEmbedding: length must be a positive whole number (the "
                             f"longest sequence it will see), got {length!r}")
        self.length = length
        self.supports_masking = True

    def build(self, input_shape):
        if len(input_shape) != 3 or input_shape[-1] is None:
            raise ValueError("PositionEmbedding expects token embeddings of shape (batch, steps, "
                             f"dim) with a known dim, got {tuple(input_shape)}; put it after an "
                             "Embedding layer")
        steps = input_shape[1]
        if steps is not None and steps > self.length:
            raise ValueError(f"PositionEmbedding(length={self.length}) got sequences of {steps} "
                             f"steps; use length >= {steps}")
        self.output_dim = int(input_shape[-1])
        self.positions = self.add_weight(shape=(self.length, self.output_dim),
                                         initializer=keras.initializers.RandomUniform(-0.05, 0.05),
                                         name="positions")

    def call(self, inputs):
        steps = ops.shape(inputs)[1]
        return inputs + ops.cast(self.positions[:steps], inputs.dtype)[None]

    def compute_mask(self, inputs, mask=None):
        return mask

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "length": self.length}
