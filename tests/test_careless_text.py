"""utils.text's layers reject inputs of the wrong rank as Keras' own layers do (issue 19)."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from utils.text import AttentionPooling, MaskedGlobalMaxPooling1D, PositionEmbedding  # noqa: E402


def _keras_error(layer, x):
    """The exception type Keras' GlobalMaxPooling1D raises for the same input."""
    try:
        layer(x)
    except Exception as err:      # noqa: BLE001 - whatever Keras raises is the oracle
        return type(err)
    pytest.fail("Keras accepted the input")


@pytest.mark.parametrize("make", [MaskedGlobalMaxPooling1D, lambda: AttentionPooling(units=2)])
@pytest.mark.parametrize("shape", [(4,), (2, 4, 3)])
def test_wrong_rank_is_refused_like_keras(make, shape):
    """A 2-D input (e.g. after an LSTM without return_sequences=True) or a 4-D one: the same
    exception type as keras.layers.GlobalMaxPooling1D, and the message names the shape the
    layer expects and the fix. Today the 2-D input is pooled silently into nonsense."""
    for x in (keras.Input(shape), np.zeros((2,) + shape, "float32")):
        expected = _keras_error(layers.GlobalMaxPooling1D(), x)
        with pytest.raises(expected, match=r"\(batch, steps, features\).*return_sequences=True"):
            make()(x)


def test_wrong_rank_after_build_is_refused_too():
    pool = MaskedGlobalMaxPooling1D()
    pool(np.zeros((2, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r"\(batch, steps, features\)"):
        pool(np.zeros((2, 3), "float32"))
    attention = AttentionPooling(units=2)
    attention(np.zeros((2, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r"\(batch, steps, features\)"):
        attention.attention_weights(np.zeros((2, 3), "float32"))


def test_position_embedding_wrong_rank_is_a_value_error_as_in_keras():
    expected = _keras_error(layers.GlobalMaxPooling1D(), keras.Input((4,)))
    with pytest.raises(expected, match=r"\(batch, steps, dim\)"):
        PositionEmbedding(4)(keras.Input((4,)))
