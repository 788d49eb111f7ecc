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


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(padding="middle"), ValueError, "padding"),
    (dict(truncating="both"), ValueError, "truncating"),
    (dict(maxlen=-1), ValueError, "maxlen"),
    (dict(maxlen=2.5), TypeError, "maxlen"),
    (dict(maxlen="10"), TypeError, "maxlen"),
    (dict(dtype="not-a-type"), TypeError, "dtype"),
    (dict(value="x"), TypeError, "value"),
])
def test_bad_arguments_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        pad_sequences([[1, 2, 3]], **kwargs)


@pytest.mark.parametrize("sequences, error, words", [
    (5, TypeError, "sequences must be a list"),
    ("abc", TypeError, "sequences must be a list"),
    ([[1, 2], 7], TypeError, r"sequences\[1\] is not a sequence"),
    ([[1, 2], None], TypeError, r"sequences\[1\] is not a sequence"),
    ([[1, 2], ["a", "b"]], TypeError, r"sequences\[1\].*not a number"),
    ([[1], "hello"], TypeError, r"sequences\[1\] is text"),
    ([[1, {}]], TypeError, r"sequences\[0\].*not a number"),
    ([np.zeros((2, 3)), np.zeros((2, 4))], ValueError, r"sequences\[1\] has items of shape"),
])
def test_bad_sequences_are_named(sequences, error, words):
    with pytest.raises(error, match=words):
        pad_sequences(sequences, maxlen=3)


def test_only_the_kept_part_must_be_numbers():
    # Keras converts only what survives truncation; so do we.
    assert_same(pad_sequences([["x", 1, 2]], maxlen=2),
                keras.utils.pad_sequences([["x", 1, 2]], maxlen=2))


def test_overflow_is_named():
    with pytest.raises(TypeError, match=r"sequences\[0\]"):
        pad_sequences([[2**40, 1]], maxlen=2)
