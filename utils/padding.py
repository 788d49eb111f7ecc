"""Padding and truncating sequences to one length — written out in NumPy to show how it works.

A batch given to a recurrent layer is one array of shape ``(samples, timesteps)``, so reviews
of different lengths must be cut or filled to a common length ``maxlen``:

* **truncating** (자르기) keeps ``maxlen`` tokens: the *last* ones with ``"pre"`` (the default,
  which cuts the start of the review) or the *first* ones with ``"post"``;
* **padding** (패딩) fills shorter sequences with ``value`` (0, the id no word has): in *front*
  with ``"pre"`` (the default) or at the *end* with ``"post"``.

Pre-padding puts the real tokens right before the final time step, whose state a
``return_sequences=False`` layer returns. :func:`pad_sequences` gives exactly what
``keras.utils.pad_sequences`` gives for the same arguments (the tests check it against Keras),
but reports bad input with a message that names the argument.
"""

from __future__ import annotations

import numbers

import numpy as np

_MODES = ("pre", "post")


def _check_mode(name: str, mode) -> None:
    if mode not in _MODES:
        raise ValueError(f"{name} must be 'pre' or 'post', got {mode!r}")


def _check_maxlen(maxlen) -> None:
    if maxlen is None:
        return
    if isinstance(maxlen, bool) or not isinstance(maxlen, numbers.Integral):
        raise TypeError(f"maxlen must be a whole number or None, got {maxlen!r}")
    if maxlen < 0:
        raise ValueError(f"maxlen must be 0 or more, got {maxlen}")


def _as_dtype(dtype) -> np.dtype:
    try:
        return np.dtype(dtype)
    except TypeError as err:
        raise TypeError(f"dtype {dtype!r} is not a NumPy data type") from err


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre",
                  truncating="pre", value=0):
    """Cut and fill ``sequences`` to one length; return an array ``(len(sequences), maxlen)``.

    Parameters
    ----------
    sequences : a list (or other sized iterable) of sequences of numbers — lists, tuples or
        arrays; they may differ in length and may be empty. Items may themselves be vectors
        of one shape, giving an output of shape ``(samples, maxlen) + item_shape``.
    maxlen : the common length; ``None`` means the length of the longest sequence.
    dtype : the output's NumPy dtype (``"int32"`` as in Keras).
    padding : ``"pre"`` or ``"post"`` — where the filling goes.
    truncating : ``"pre"`` or ``"post"`` — which end is cut from a too-long sequence.
    value : the number used for filling (cast to ``dtype``, so 0.5 becomes 0 for integers).

    >>> pad_sequences([[1, 2, 3], [4]], maxlen=2)
    array([[2, 3],
           [0, 4]], dtype=int32)
    >>> pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post", truncating="post")
    array([[1, 2],
           [4, 0]], dtype=int32)

    One deliberate difference from Keras: ``maxlen=0`` gives an array with zero columns,
    where ``keras.utils.pad_sequences`` fails for ``truncating="pre"``; and an empty list of
    sequences gives an empty array, where Keras fails when ``maxlen`` is None.
    """
    # 1. Check the arguments first, so a mistake is reported before any work is done.
    _check_mode("padding", padding)
    _check_mode("truncating", truncating)
    _check_maxlen(maxlen)
    dtype = _as_dtype(dtype)
    if isinstance(value, str) and dtype.kind not in "OUS":
        raise TypeError(f"value {value!r} is text but dtype {dtype} is numeric")
    if isinstance(sequences, (str, bytes)) or not hasattr(sequences, "__len__"):
        raise TypeError("sequences must be a list of sequences (e.g. a list of lists of "
                        f"token ids), got {type(sequences).__name__}")

    # 2. Check that every item is a sequence, and find the common length.
    for i, seq in enumerate(sequences):
        if isinstance(seq, (str, bytes)) and dtype.kind not in "OUS":
            raise TypeError(f"sequences[{i}] is text ({seq!r}); expected a sequence of numbers")
        try:
            len(seq)
        except TypeError:
            raise TypeError(f"sequences[{i}] is not a sequence: {seq!r} "
                            f"({type(seq).__name__}); expected e.g. a list of token ids") from None
    if maxlen is None:
        maxlen = max((len(seq) for seq in sequences), default=0)

    # 3. Cut each sequence to at most maxlen tokens — its last ones ("pre") or first ones
    #    ("post") — and turn what is kept into a NumPy array of the requested dtype.
    kept = []
    for i, seq in enumerate(sequences):
        part = [] if maxlen == 0 else (seq[-maxlen:] if truncating == "pre" else seq[:maxlen])
        try:
            row = np.asarray(part, dtype=dtype)
        except (TypeError, ValueError, OverflowError) as err:
            raise TypeError(f"sequences[{i}] holds something that is not a number of dtype "
                            f"{dtype}: {err}") from None
        if row.ndim == 0:
            raise TypeError(f"sequences[{i}] is not a sequence: {seq!r}")
        kept.append(row)

    # 4. Every item (token) must have the same shape: () for token ids, (k,) for vectors.
    #    Keras takes it from the first non-empty sequence.
    item_shape = next((np.asarray(seq).shape[1:] for seq in sequences if len(seq)), ())
    for i, row in enumerate(kept):
        if len(row) and row.shape[1:] != item_shape:
            raise ValueError(f"sequences[{i}] has items of shape {row.shape[1:]}, but earlier "
                             f"sequences have items of shape {item_shape}")

    # 5. Start from an array full of the padding value and copy each kept part in.
    out = np.full((len(kept), maxlen) + item_shape, value, dtype=dtype)
    for i, row in enumerate(kept):
        if len(row) == 0:
            continue
        if padding == "pre":
            out[i, maxlen - len(row):] = row
        else:
            out[i, :len(row)] = row
    return out
