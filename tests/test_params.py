"""Parameter formulas in utils.params against Keras' own counts."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from utils import params  # noqa: E402

RNG = np.random.default_rng(2024)
SIZES = [(int(n), int(u)) for n, u in zip(RNG.integers(1, 600, 25), RNG.integers(1, 70, 25))]


def keras_count(layer, n, timesteps=True):
    shape = (5, n) if timesteps else (n,)
    model = keras.Sequential([keras.Input(shape), layer])
    return model.layers[-1].count_params()


@pytest.mark.parametrize("n, u", SIZES)
def test_recurrent_and_dense_formulas_match_keras(n, u):
    assert params.dense_params(n, u) == keras_count(layers.Dense(u), n, timesteps=False)
    assert params.dense_params(n, u, use_bias=False) == keras_count(
        layers.Dense(u, use_bias=False), n, timesteps=False)
    assert params.simple_rnn_params(n, u) == keras_count(layers.SimpleRNN(u), n)
    assert params.lstm_params(n, u) == keras_count(layers.LSTM(u), n)
    assert params.gru_params(n, u, reset_after=True) == keras_count(layers.GRU(u), n)
    assert params.gru_params(n, u, reset_after=False) == keras_count(
        layers.GRU(u, reset_after=False), n)
    assert 2 * params.lstm_params(n, u) == keras_count(layers.Bidirectional(layers.LSTM(u)), n)


@pytest.mark.parametrize("vocab, dim", [(500, 16), (10, 3), (20000, 64), (1, 1)])
def test_embedding_formula_matches_keras(vocab, dim):
    model = keras.Sequential([keras.Input((7,), dtype="int32"), layers.Embedding(vocab, dim)])
    assert params.embedding_params(vocab, dim) == model.count_params()


def test_book_numbers_and_formula_text():
    assert params.simple_rnn_formula(500, 8).text == \
        "SimpleRNN(8) on 500 features: 500×8 + 8×8 + 8 = 4,072"
    assert params.simple_rnn_params(4, 3) == 24
    assert params.embedding_params(500, 16) == 8_000
    assert params.simple_rnn_params(16, 8) == 200
    assert params.lstm_params(16, 8) == 800
    assert params.lstm_params(8, 8) == 544
    assert params.gru_params(16, 8) == 624
    assert params.gru_params(16, 8, reset_after=False) == 600
    assert params.dense_params(8, 1) == 9
    assert params.gru_formula(16, 8).text == \
        "GRU(8) on 16 features, reset_after=True: 3 × (16×8 + 8×8 + 2×8) = 624"
    assert params.bidirectional_formula(params.lstm_formula(16, 8)).text == \
        "Bidirectional(LSTM(8) on 16 features): 2 × 800 = 1,600"


def test_explain_model_prints_each_layer_and_checks_keras():
    model = keras.Sequential([
        keras.Input((100,), dtype="int32"),
        layers.Embedding(500, 16),
        layers.LSTM(8, return_sequences=True, dropout=0.3),
        layers.Bidirectional(layers.GRU(8, reset_after=False)),
        layers.Dropout(0.5),
        layers.Dense(1, activation="sigmoid"),
    ])
    lines = []
    rows = params.explain_model(model, print_fn=lines.append)
    assert sum(r.formula.count for r in rows if r.formula) == model.count_params()
    assert [r.formula.count for r in rows if r.formula] == [8000, 800, 816, 17]
    assert lines[0].startswith("embedding") and "500×16 = 8,000" in lines[0]
    assert "Dropout: no weights = 0" in lines[3]
    assert lines[-1].split()[-2] == f"{model.count_params():,}"


@pytest.mark.parametrize("mask_zero", [False, True])
def test_explain_model_bidirectional_after_a_masked_embedding(mask_zero):
    model = keras.Sequential([
        keras.Input((50,), dtype="int64"),
        layers.Embedding(1000, 128, mask_zero=mask_zero),
        layers.Bidirectional(layers.LSTM(32, dropout=0.3)),
        layers.Dropout(0.5),
        layers.Dense(1, activation="sigmoid"),
    ])
    rows = params.explain_model(model, print_fn=lambda line: None)
    assert [r.count for r in rows] == [128_000, 2 * params.lstm_params(128, 32), 0, 65]
    assert rows[1].formula.text.startswith("Bidirectional(LSTM(32) on 128 features)")


def test_explain_model_one_hot_simple_rnn():
    model = keras.Sequential([
        keras.Input((100,), dtype="int32"),
        layers.CategoryEncoding(num_tokens=500, output_mode="one_hot"),
        layers.SimpleRNN(8),
        layers.Dense(1, activation="sigmoid"),
    ])
    lines = []
    rows = params.explain_model(model, print_fn=lines.append)
    assert [r.count for r in rows] == [0, 4072, 9]
    assert "SimpleRNN(8) on 500 features: 500×8 + 8×8 + 8 = 4,072" in lines[1]


def test_explain_model_reports_uncovered_layers_and_mismatches(monkeypatch):
    model = keras.Sequential([keras.Input((10, 4)), layers.Conv1D(2, 3), layers.Flatten(),
                              layers.Dense(1)])
    lines = []
    rows = params.explain_model(model, print_fn=lines.append)
    assert rows[0].formula is None and "no formula here" in lines[0]

    monkeypatch.setattr(params, "dense_formula",
                        lambda n, u, b=True: params.Formula(123, "Dense: wrong"))
    with pytest.raises(AssertionError, match="formula gives 123 but Keras counts"):
        params.explain_model(model, print_fn=lambda s: None)


def test_unbuilt_model_is_an_error():
    with pytest.raises(ValueError, match="not built"):
        params.explain_model(keras.Sequential([layers.Dense(3)]))


@pytest.mark.parametrize("args, error", [
    ((0, 8), ValueError), ((16, -1), ValueError), ((16.0, 8), TypeError),
    ((True, 8), TypeError), (("16", 8), TypeError),
])
def test_bad_sizes_are_named(args, error):
    with pytest.raises(error, match="input_dim|units"):
        params.lstm_params(*args)


def test_bidirectional_needs_a_formula():
    with pytest.raises(TypeError, match="Formula"):
        params.bidirectional_formula(800)
