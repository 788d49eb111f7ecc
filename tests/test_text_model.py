"""utils.text: the standardisation and pooling layers of chapter 9, and a saved text model that
loads in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")
from keras import layers  # noqa: E402

from utils.text import AttentionPooling, MaskedGlobalMaxPooling1D, standardize  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_standardize_splits_tags_and_punctuation_and_keeps_contractions():
    out = standardize(tf.constant(["A great film!<br /><br />Don't miss it.", "Dull...the plot/script"]))
    assert [s.decode().split() for s in out.numpy()] == [
        ["a", "great", "film", "dont", "miss", "it"], ["dull", "the", "plot", "script"]]
    assert standardize(tf.constant([["X<BR>y"]])).shape == (1, 1)     # any shape, <BR> too


def _sequences():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 5, 4)).astype("float32") - 2.0          # mostly negative values
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [0, 0, 0, 0, 0]], dtype=bool)
    return x, mask


def test_masked_max_ignores_padding_and_equals_keras_without_a_mask():
    x, mask = _sequences()
    x_padded = np.where(mask[..., None], x, 0.0)     # e.g. cuDNN's zeros at padded steps
    out = np.asarray(MaskedGlobalMaxPooling1D()(x_padded, mask=mask))
    np.testing.assert_allclose(out[0], x[0, :3].max(axis=0), rtol=1e-6)
    np.testing.assert_allclose(out[1], x[1].max(axis=0), rtol=1e-6)
    assert np.all(out[2] == 0)                                       # nothing real: zeros
    # Keras' own layer would see the padding's zeros as the largest value.
    assert np.all(np.asarray(layers.GlobalMaxPooling1D()(x_padded))[0] >= 0)
    np.testing.assert_allclose(np.asarray(MaskedGlobalMaxPooling1D()(x)),
                               np.asarray(layers.GlobalMaxPooling1D()(x)), rtol=1e-6)


def test_attention_pooling_is_a_weighted_average_over_the_real_steps():
    x, mask = _sequences()
    pool = AttentionPooling(units=6)
    out = np.asarray(pool(x, mask=mask))
    assert out.shape == (3, 4) and pool.count_params() == 4 * 6 + 2 * 6
    weights = np.asarray(pool.attention_weights(x, mask=mask))
    np.testing.assert_allclose(weights[:2].sum(axis=1), 1.0, rtol=1e-6)
    assert np.all(weights[~mask] == 0) and np.all(out[2] == 0)
    W, b, v = (np.asarray(w, dtype="float64") for w in pool.get_weights())
    scores = (np.tanh(x[0, :3] @ W + b) @ v)[:, 0]
    expected = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    np.testing.assert_allclose(weights[0, :3], expected, rtol=1e-5)
    np.testing.assert_allclose(out[0], expected @ x[0, :3], rtol=1e-5)
    with pytest.raises(ValueError, match="units"):
        AttentionPooling(units=0)


def _text_model():
    vectorizer = layers.TextVectorization(max_tokens=30, output_sequence_length=8,
                                          standardize=standardize)
    vectorizer.adapt(["A great film!<br />Loved it.", "A dull plot/script; don't watch it."])
    inputs = keras.Input(shape=(1,), dtype="string")
    x = layers.Embedding(30, 4, mask_zero=True)(vectorizer(inputs))
    x = layers.Bidirectional(layers.GRU(3, return_sequences=True))(x)
    x = layers.Concatenate()([layers.GlobalAveragePooling1D()(x), MaskedGlobalMaxPooling1D()(x),
                              AttentionPooling(units=2)(x)])
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))


def test_saved_text_model_loads_in_a_fresh_process(tmp_path):
    keras.utils.set_random_seed(1)
    model = _text_model()
    reviews = ["Loved it, a great film.", "Dull. Don't watch it!", "plot/script<br />meh"]
    expected = model.predict(tf.constant(reviews)[:, None], verbose=0)[:, 0]
    path = tmp_path / "reviews.keras"
    model.save(path)
    code = ("import json, sys, keras, tensorflow as tf\n"
            "import utils.text\n"
            f"model = keras.saving.load_model({str(path)!r})\n"
            f"p = model.predict(tf.constant({reviews!r})[:, None], verbose=0)[:, 0]\n"
            "print(json.dumps([float(v) for v in p]))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    np.testing.assert_allclose(json.loads(out.stdout.strip().splitlines()[-1]), expected, rtol=1e-5)


def test_position_embedding_adds_a_vector_per_position_and_keeps_the_mask():
    import keras
    import numpy as np
    from keras import layers

    from utils.text import PositionEmbedding

    ids = keras.Input((6,), dtype="int32")
    tokens = layers.Embedding(10, 4, mask_zero=True)
    pos = PositionEmbedding(6)
    out = pos(tokens(ids))
    model = keras.Model(ids, out)
    pos.positions.assign(np.random.default_rng(0).normal(size=(6, 4)).astype("float32"))
    batch = np.array([[3, 4, 5, 0, 0, 0], [5, 4, 3, 2, 1, 0]])
    got = model.predict(batch, verbose=0)
    expected = tokens.embeddings.numpy()[batch] + pos.positions.numpy()[None]
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    # the same token at two positions gets two different vectors: order is visible
    assert not np.allclose(got[0, 0], got[1, 2])
    np.testing.assert_array_equal(np.asarray(pos.compute_mask(None, batch != 0)), batch != 0)
    # shorter sequences use the first rows of the table
    short = keras.ops.convert_to_numpy(pos(tokens(batch[:, :3])))
    np.testing.assert_allclose(short, expected[:, :3], rtol=1e-6)


def test_position_embedding_errors_name_the_fix():
    import keras
    import pytest

    from utils.text import PositionEmbedding

    with pytest.raises(ValueError, match="positive whole number"):
        PositionEmbedding(0)
    with pytest.raises(ValueError, match="length >= 9"):
        PositionEmbedding(4)(keras.Input((9, 3)))
    with pytest.raises(ValueError, match="after an Embedding"):
        PositionEmbedding(4)(keras.Input((4,)))
