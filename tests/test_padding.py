"""utils.padding.pad_sequences against keras.utils.pad_sequences as the oracle."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

keras = pytest.importorskip("keras")
from utils.padding import pad_sequences  # noqa: E402

tokens = st.integers(min_value=-1000, max_value=100_000)
ragged = st.lists(st.lists(tokens, max_size=12), max_size=8)
modes = st.sampled_from(["pre", "post"])


def assert_same(ours, theirs):
    assert ours.dtype == theirs.dtype
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


@given(seqs=ragged.filter(lambda s: len(s) > 0),
       maxlen=st.one_of(st.none(), st.integers(1, 15)),
       padding=modes, truncating=modes,
       value=st.one_of(st.integers(-5, 5), st.floats(-3, 3, allow_nan=False)),
       dtype=st.sampled_from(["int32", "int64", "float32", "float64"]))
def test_matches_keras(seqs, maxlen, padding, truncating, value, dtype):
    kwargs = dict(maxlen=maxlen, dtype=dtype, padding=padding, truncating=truncating, value=value)
    assert_same(pad_sequences(seqs, **kwargs), keras.utils.pad_sequences(seqs, **kwargs))


@given(seqs=st.lists(st.lists(st.floats(-1e3, 1e3, allow_nan=False), max_size=10),
                     min_size=1, max_size=6),
       maxlen=st.one_of(st.none(), st.integers(1, 12)), padding=modes, truncating=modes)
def test_float_tokens_match_keras(seqs, maxlen, padding, truncating):
    kwargs = dict(maxlen=maxlen, dtype="float32", padding=padding, truncating=truncating,
                  value=-1.5)
    assert_same(pad_sequences(seqs, **kwargs), keras.utils.pad_sequences(seqs, **kwargs))


@given(n=st.integers(1, 5), maxlen=st.integers(1, 6), padding=modes, truncating=modes,
       data=st.data())
def test_vector_items_and_arrays_match_keras(n, maxlen, padding, truncating, data):
    lengths = data.draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    rng = np.random.default_rng(sum(lengths))
    seqs = [rng.integers(0, 9, size=(k, 3)) for k in lengths]   # each token is a 3-vector
    kwargs = dict(maxlen=maxlen, padding=padding, truncating=truncating)
    assert_same(pad_sequences(seqs, **kwargs), keras.utils.pad_sequences(seqs, **kwargs))


def test_defaults_are_pre_padding_and_pre_truncating():
    out = pad_sequences([[1, 2, 3, 4], [5]], maxlen=3)
    np.testing.assert_array_equal(out, [[2, 3, 4], [0, 0, 5]])
    assert out.dtype == np.int32


def test_all_empty_sequences_and_no_sequences():
    assert_same(pad_sequences([[], []]), keras.utils.pad_sequences([[], []]))
    assert pad_sequences([]).shape == (0, 0)            # Keras fails here; we return empty
    assert pad_sequences([], maxlen=4).shape == (0, 4)


def test_maxlen_zero_gives_zero_columns():
    assert pad_sequences([[1, 2], [3]], maxlen=0).shape == (2, 0)
    assert pad_sequences([[1, 2]], maxlen=0, truncating="post").shape == (1, 0)


def test_imdb_shaped_input_matches_keras():
    rng = np.random.default_rng(0)
    seqs = [list(rng.integers(1, 500, size=rng.integers(5, 400))) for _ in range(300)]
    assert_same(pad_sequences(seqs, maxlen=100), keras.utils.pad_sequences(seqs, maxlen=100))


def keras_error(sequences, **kwargs):
    """The exception type keras.utils.pad_sequences raises for these arguments."""
    try:
        keras.utils.pad_sequences(sequences, **kwargs)
    except Exception as err:     # noqa: BLE001 - whatever Keras raises is the oracle
        return type(err)
    pytest.fail(f"Keras accepted {sequences!r}, {kwargs!r}: not a case where we mirror it")


@pytest.mark.parametrize("kwargs, words", [
    (dict(padding="middle"), "padding must be 'pre' or 'post'"),
    (dict(truncating="both", maxlen=2), "truncating must be 'pre' or 'post'"),
    (dict(maxlen=-1), "maxlen must be 0 or more"),
    (dict(maxlen=2.5), "maxlen must be a whole number"),
    (dict(maxlen="10"), "maxlen must be a whole number"),
    (dict(dtype="not-a-type"), "dtype 'not-a-type' is not a NumPy data type"),
    (dict(value="x"), "value 'x' is text but dtype int32 holds numbers.*dtype=object"),
    (dict(value="0", dtype="float32"), "value '0' is text"),
    (dict(value=b"x"), "value b'x' is text"),
    (dict(value=None), "value is None; pass the number to pad with"),
    (dict(value=2**40, maxlen=5), "value 1099511627776 does not fit dtype int32"),
    (dict(value=[1, 2], maxlen=5), r"value \[1, 2\] cannot fill items.*pass one number"),
])
def test_bad_arguments_raise_what_keras_raises_with_a_clear_message(kwargs, words):
    expected = keras_error([[1, 2, 3]], **kwargs)
    with pytest.raises(expected, match=words):
        pad_sequences([[1, 2, 3]], **kwargs)


@pytest.mark.parametrize("sequences, words", [
    (5, "sequences must be a list of sequences.*got int"),
    ("abc", "sequences must be a list of sequences.*got str"),
    ({"a": [1]}, "sequences must be a list of sequences.*got dict"),
    (([1, 2] for _ in range(2)), r"got generator; wrap it in list\(\.\.\.\)"),
    ([[1, 2], 7], r"sequences\[1\] is not a sequence"),
    ([[1, 2], None], r"sequences\[1\] is not a sequence"),
    (np.ones(3), r"sequences\[0\] is not a sequence"),
    ([[1, 2], ["a", "b"]], r"sequences\[1\].*not a number"),
    ([[1], "hello"], r"sequences\[1\] is text"),
    ([[1, {}]], r"sequences\[0\].*not a number"),
    ([[1, None]], r"sequences\[0\].*not a number"),
    ([[[1], [2, 3]]], r"sequences\[0\]"),
    ([np.zeros((2, 3)), np.zeros((2, 4))], r"sequences\[1\] has items of shape"),
    ([[2**40, 1]], r"sequences\[0\] holds a number that does not fit dtype int32"),
])
def test_bad_sequences_raise_what_keras_raises_with_a_clear_message(sequences, words):
    expected = keras_error(sequences, maxlen=3)
    if hasattr(sequences, "__next__"):      # Keras used up nothing, but make a fresh one
        sequences = ([1, 2] for _ in range(2))
    with pytest.raises(expected, match=words):
        pad_sequences(sequences, maxlen=3)


def test_keras_error_types_are_the_ones_learners_catch():
    # Pin the oracle itself, so a change in Keras shows up here by name.
    assert keras_error([[1, 2, 3]], value="x") is ValueError
    assert keras_error([[1, 2], 7]) is ValueError
    assert keras_error([[1, 2, 3]], value=None) is TypeError
    assert keras_error([[2**40]]) is OverflowError


def test_deliberate_differences_from_keras_are_errors_not_garbage():
    # Keras pads with NaN here; a padding value of None is a mistake, so we say so.
    assert np.isnan(keras.utils.pad_sequences([[1.0]], maxlen=2, dtype="float32",
                                              value=None)[0, 0])
    with pytest.raises(TypeError, match="value is None"):
        pad_sequences([[1.0]], maxlen=2, dtype="float32", value=None)
    # Keras pads with -2**31 here; NaN has no integer value.
    with pytest.raises(ValueError, match="value nan cannot be stored in dtype int32"):
        pad_sequences([[1]], maxlen=2, value=float("nan"))
    with pytest.raises(ValueError, match="value inf cannot be stored in dtype int64"):
        pad_sequences([[1]], maxlen=2, dtype="int64", value=np.inf)
    # value=None is fine where it means something: an object array.
    assert pad_sequences([["a"]], maxlen=2, dtype=object, value=None).tolist() == [[None, "a"]]
    assert pad_sequences([["a"]], maxlen=2, dtype="object", value="-").tolist() == [["-", "a"]]


def test_only_the_kept_part_must_be_numbers():
    # Keras converts only what survives truncation; so do we.
    assert_same(pad_sequences([["x", 1, 2]], maxlen=2),
                keras.utils.pad_sequences([["x", 1, 2]], maxlen=2))

