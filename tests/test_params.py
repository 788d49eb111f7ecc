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

    # A formula that disagrees with Keras is not shown as the layer's formula, and the
    # line blames the formula, not Keras; no exception stops the learner.
    monkeypatch.setattr(params, "dense_formula",
                        lambda n, u, b=True, r=None: params.Formula(123, "Dense: wrong"))
    lines = []
    rows = params.explain_model(model, print_fn=lines.append)
    assert rows[2].formula is None and rows[2].count == 17
    assert "Dense: 17 (Keras' count; the formula here, Dense: wrong, does not cover" in lines[2]
    assert "✓" not in lines[2]


def keras_error(call):
    """The exception type Keras raises for ``call()``."""
    try:
        call()
    except Exception as err:     # noqa: BLE001 - whatever Keras raises is the oracle
        return type(err)
    pytest.fail("Keras accepted it")


def test_unbuilt_model_is_an_error():
    expected = keras_error(lambda: keras.Sequential([layers.Dense(3)]).count_params())
    with pytest.raises(expected, match="not built"):
        params.explain_model(keras.Sequential([layers.Dense(3)]))


def _built_dense():
    layer = layers.Dense(3)
    layer.build((None, 2))
    return layer


@pytest.mark.parametrize("make, words", [
    (lambda: None, r"needs a Keras model \(keras.Sequential or keras.Model\), got None"),
    (lambda: "model", r"needs a Keras model.*got 'model' \(str\)"),
    (lambda: layers.Dense(3), r"got a single layer \(Dense\); wrap it: keras.Sequential"),
    (_built_dense, r"got a single layer \(Dense\)"),
])
def test_explain_model_names_what_it_got_when_it_is_not_a_model(make, words):
    with pytest.raises(TypeError, match=words) as info:
        params.explain_model(make())
    assert "not built" not in str(info.value)


def test_explain_model_print_fn_must_be_callable():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    with pytest.raises(TypeError, match="print_fn must be a function"):
        params.explain_model(model, print_fn="print")


@pytest.mark.parametrize("backward", [
    lambda: layers.LSTM(6, go_backwards=True),
    lambda: layers.LSTM(4, go_backwards=True, use_bias=False),
    lambda: layers.GRU(5, go_backwards=True, reset_after=False),
])
def test_bidirectional_with_a_different_backward_layer_counts_both(backward):
    model = keras.Sequential([keras.Input((5, 3)),
                              layers.Bidirectional(layers.LSTM(4), backward_layer=backward())])
    lines = []
    row, = params.explain_model(model, print_fn=lines.append)
    bidi = model.layers[0]
    assert row.formula is not None
    assert row.formula.count == row.count == bidi.count_params()
    assert row.formula.count == (bidi.forward_layer.count_params()
                                 + bidi.backward_layer.count_params())
    assert "forward" in row.formula.text and "backward" in row.formula.text
    assert "✓ Keras" in lines[0]


def test_bidirectional_formula_text_with_a_backward_layer():
    f = params.bidirectional_formula(params.lstm_formula(3, 4), params.lstm_formula(3, 6))
    assert f.text == ("Bidirectional(LSTM(4) on 3 features forward, LSTM(6) on 3 features "
                      "backward): 128 + 240 = 368")
    same = params.bidirectional_formula(params.lstm_formula(3, 4), params.lstm_formula(3, 4))
    assert same == params.bidirectional_formula(params.lstm_formula(3, 4))
    with pytest.raises(TypeError, match="backward must be a Formula"):
        params.bidirectional_formula(params.lstm_formula(3, 4), 240)


@pytest.mark.parametrize("n, u, rank", [(3, 4, 2), (16, 8, 1), (100, 7, 5)])
def test_lora_formulas_match_keras(n, u, rank):
    assert params.dense_params(n, u, lora_rank=rank) == keras_count(
        layers.Dense(u, lora_rank=rank), n, timesteps=False)
    assert params.dense_params(n, u, use_bias=False, lora_rank=rank) == keras_count(
        layers.Dense(u, use_bias=False, lora_rank=rank), n, timesteps=False)
    emb = keras.Sequential([keras.Input((7,), dtype="int32"),
                            layers.Embedding(n, u, lora_rank=rank)])
    assert params.embedding_params(n, u, lora_rank=rank) == emb.count_params()


def test_explain_model_counts_lora_layers():
    dense_model = keras.Sequential([keras.Input((3,)), layers.Dense(4, lora_rank=2)])
    emb_model = keras.Sequential([keras.Input((5,), dtype="int32"),
                                  layers.Embedding(50, 8, lora_rank=2)])
    later = keras.Sequential([keras.Input((3,)), layers.Dense(4)])
    later.layers[0].enable_lora(3)                       # LoRA switched on after building
    for model in (dense_model, emb_model, later):
        lines = []
        row, = params.explain_model(model, print_fn=lines.append)
        assert row.formula is not None and row.formula.count == model.count_params()
        assert "LoRA rank" in lines[0] and "✓ Keras" in lines[0]
    assert params.explain_model(dense_model, print_fn=lambda s: None)[0].formula.text == \
        "Dense(4) on 3 features, LoRA rank 2: 3×4 + 4 + 2×(3 + 4) = 30"
    assert params.explain_model(emb_model, print_fn=lambda s: None)[0].formula.text == \
        "Embedding(50, 8), LoRA rank 2: 50×8 + 2×(50 + 8) = 516"


@pytest.mark.filterwarnings("ignore:Layer InputLayer does not have a `quantize`")
def test_quantized_layers_are_listed_as_not_covered():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4)])
    model.quantize("int8")
    lines = []
    row, = params.explain_model(model, print_fn=lines.append)
    assert row.formula is None and row.count == model.count_params()
    assert "no formula here for a layer quantized to int8" in lines[0]


@pytest.mark.parametrize("call, name", [
    (lambda: params.gru_params(16, 8, reset_after="no"), "reset_after"),
    (lambda: params.gru_params(16, 8, reset_after=1), "reset_after"),
    (lambda: params.dense_params(16, 8, use_bias="False"), "use_bias"),
    (lambda: params.simple_rnn_params(16, 8, use_bias=None), "use_bias"),
    (lambda: params.lstm_formula(16, 8, use_bias="yes"), "use_bias"),
    (lambda: params.gru_formula(16, 8, use_bias=0), "use_bias"),
])
def test_true_false_arguments_reject_everything_else(call, name):
    with pytest.raises(TypeError, match=f"{name} must be True or False, got .*pass {name}=True"):
        call()


def test_numpy_bools_and_ints_are_accepted_and_counts_are_python_ints():
    count = params.dense_params(np.int64(16), np.int32(8), use_bias=np.bool_(False))
    assert count == 128 and type(count) is int


@pytest.mark.parametrize("rank, error", [(0, ValueError), (-1, ValueError), (1.5, TypeError),
                                         ("2", TypeError), (True, TypeError)])
def test_bad_lora_rank_is_named(rank, error):
    with pytest.raises(error, match="lora_rank"):
        params.dense_params(3, 4, lora_rank=rank)


def test_layer_formula_checks_its_arguments():
    model = keras.Sequential([keras.Input((5, 3)), layers.LSTM(4)])
    assert params.layer_formula(model.layers[0]).count == 128
    # input_dim overrides the model's input: as if the same LSTM(4) saw 16 features.
    assert params.layer_formula(model.layers[0], input_dim=16).count == keras_count(
        layers.LSTM(4), 16)
    with pytest.raises(ValueError, match="input_dim must be at least 1, got 0"):
        params.layer_formula(model.layers[0], input_dim=0)
    with pytest.raises(TypeError, match="layer must be a Keras layer"):
        params.layer_formula("lstm")


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


# --- chapter 10: attention layers ---------------------------------------------------------

@pytest.mark.parametrize("q_dim,kv_dim,heads,key_dim,value_dim,out,bias", [
    (32, None, 2, 16, None, None, True),       # the chapter's self-attention
    (32, 24, 3, 5, 6, 11, True),               # cross-attention, every size different
    (8, 20, 4, 3, None, None, False),
    (64, None, 8, 8, 4, 10, True),
])
def test_multi_head_attention_formula_matches_keras(q_dim, kv_dim, heads, key_dim, value_dim,
                                                    out, bias):
    query = keras.Input((7, q_dim))
    value = keras.Input((9, kv_dim or q_dim))
    layer = layers.MultiHeadAttention(num_heads=heads, key_dim=key_dim, value_dim=value_dim,
                                      output_shape=out, use_bias=bias)
    layer(query, value)
    formula = params.multi_head_attention_formula(
        q_dim, heads, key_dim, value_dim, value_input_dim=kv_dim, output_dim=out, use_bias=bias)
    assert formula.count == layer.count_params()
    assert params.layer_formula(layer).count == layer.count_params()


def test_self_attention_formula_text_and_closed_form():
    f = params.multi_head_attention_formula(32, 2, 16)
    d, h, k = 32, 2, 16
    assert f.count == 4 * d * h * k + 3 * h * k + d == 4224
    assert f.text.startswith("MultiHeadAttention(2 heads, key_dim 16) on 32 features: query 32×2×16")
    assert f.text.endswith("= 4,224")


def test_transformer_block_is_explained_layer_by_layer():
    from utils.text import PositionEmbedding

    ids = keras.Input((12,), dtype="int32")
    x = layers.Embedding(50, 16, mask_zero=True, name="tokens")(ids)
    x = PositionEmbedding(12, name="positions")(x)
    a = layers.MultiHeadAttention(num_heads=2, key_dim=8, name="attention")(x, x)
    x = layers.LayerNormalization(name="norm")(layers.Add()([x, a]))
    x = layers.Dense(32, activation="relu", name="ffn_1")(x)
    model = keras.Model(ids, layers.GlobalAveragePooling1D()(x))
    lines = []
    rows = params.explain_model(model, print_fn=lines.append)
    covered = {r.name: r.formula.count for r in rows if r.formula is not None}
    assert covered["positions"] == 12 * 16
    assert covered["norm"] == 2 * 16
    assert covered["attention"] == 4 * 16 * 2 * 8 + 3 * 2 * 8 + 16
    assert sum(r.keras_count for r in rows) == model.count_params()


def test_layer_normalization_over_two_axes_is_not_covered():
    x = keras.Input((5, 6))
    layer = layers.LayerNormalization(axis=(1, 2))
    layer(x)
    assert params.layer_formula(layer) is None
    middle_axis = layers.LayerNormalization(axis=1)
    middle_axis(x)
    assert params.layer_formula(middle_axis) is None
    centred_only = layers.LayerNormalization(scale=False)
    centred_only(x)
    assert params.layer_formula(centred_only).count == centred_only.count_params() == 6


@pytest.mark.parametrize("call,error", [
    (lambda: params.multi_head_attention_formula(32, 0, 16), ValueError),
    (lambda: params.multi_head_attention_formula(32, 2, 16.0), TypeError),
    (lambda: params.layer_normalization_formula(8, center="no"), TypeError),
    (lambda: params.position_embedding_formula(0, 8), ValueError),
    (lambda: params.additive_attention_formula(0), ValueError),
    (lambda: params.additive_attention_formula(16, use_scale="yes"), TypeError),
    (lambda: params.dot_attention_formula(score_mode="additive"), ValueError),
])
def test_attention_formulas_check_their_arguments(call, error):
    with pytest.raises(error):
        call()


@pytest.mark.parametrize("features,units", [(64, 32), (5, 3)])
def test_attention_pooling_formula_matches_keras(features, units):
    from utils.text import AttentionPooling

    x = keras.Input((7, features))
    layer = AttentionPooling(units)
    layer(x)
    assert params.attention_pooling_formula(features, units).count == layer.count_params()
    assert params.layer_formula(layer).count == layer.count_params()


@pytest.mark.parametrize("features", [1, 7, 128])
@pytest.mark.parametrize("use_scale", [True, False])
def test_additive_and_dot_attention_formulas_match_keras(features, use_scale):
    query, value = keras.Input((5, features)), keras.Input((9, features))
    additive = layers.AdditiveAttention(use_scale=use_scale)
    additive([query, value])
    assert params.additive_attention_formula(features, use_scale).count == additive.count_params()
    assert params.layer_formula(additive).count == additive.count_params()
    for mode in ("dot", "concat"):
        dot = layers.Attention(use_scale=use_scale, score_mode=mode)
        dot([query, value])
        assert params.dot_attention_formula(use_scale, mode).count == dot.count_params()
        assert params.layer_formula(dot).count == dot.count_params()


def test_encoder_decoder_with_attention_is_explained_layer_by_layer():
    """An encoder-decoder as chapter 12 builds it: the decoder GRU is called with the
    encoder's state as initial_state, attention reads the encoder's sequence."""
    source, target = keras.Input((6,), dtype="int32"), keras.Input((4,), dtype="int32")
    enc_seq, enc_state = layers.GRU(12, return_sequences=True, return_state=True)(
        layers.Embedding(20, 5, mask_zero=True)(source))
    dec_seq = layers.GRU(12, return_sequences=True)(layers.Embedding(9, 3, mask_zero=True)(target),
                                                    initial_state=enc_state)
    context = layers.AdditiveAttention()([dec_seq, enc_seq])
    out = layers.Dense(9)(layers.Concatenate()([dec_seq, context]))
    model = keras.Model([source, target], out)
    lines = []
    rows = params.explain_model(model, print_fn=lines.append)
    assert all(r.formula is not None for r in rows if r.keras_count), lines
    assert sum(r.keras_count for r in rows) == model.count_params()
    gru_rows = [r for r in rows if r.formula is not None and r.formula.text.startswith("GRU")]
    assert [r.formula.count for r in gru_rows] == [params.gru_params(5, 12), params.gru_params(3, 12)]
