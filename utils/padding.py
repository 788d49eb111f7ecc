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
from collections.abc import Mapping

import numpy as np

_MODES = ("pre", "post")


def _check_mode(name: str, mode) -> None:
    if mode not in _MODES:
        raise ValueError(f"{name} must be 'pre' or 'post', got {mode!r}")


def _check_maxlen(maxlen) -> None:
    if maxlen is None:
        return
    if isinstance(maxlen, bool) or not isinstance(maxlen, numbers.Integral):
        raise TypeError(f"maxlen must be a whole number or None, got {maxlen!r} "
                        f"({type(maxlen).__name__}); pass e.g. maxlen=100")
    if maxlen < 0:
        raise ValueError(f"maxlen must be 0 or more, got {maxlen}")


def _as_dtype(dtype) -> np.dtype:
    try:
        return np.dtype(dtype)
    except TypeError as err:
        raise TypeError(f"dtype {dtype!r} is not a NumPy data type; pass e.g. 'int32' (the "
                        "default) or 'float32'") from err


def _same_kind(err: Exception, message: str) -> Exception:
    """``message`` as an exception of the kind NumPy raised — the kind Keras lets through,
    since ``keras.utils.pad_sequences`` makes the same NumPy calls on the same input."""
    for kind in (OverflowError, ValueError, TypeError):
        if isinstance(err, kind):
            return kind(message)
    return err


def _text(x) -> bool:
    return isinstance(x, (str, bytes))


def _check_value(value, dtype: np.dtype) -> None:
    """The padding value must fit ``dtype``; exception kinds as Keras raises them."""
    if value is None and dtype.kind != "O":
        raise TypeError("value is None; pass the number to pad with, e.g. value=0 (the default)")
    if _text(value) and dtype.kind not in "OUS":
        raise ValueError(f"value {value!r} is text but dtype {dtype} holds numbers: pad with a "
                         "number such as value=0, or pass dtype=object to pad with text")
    if (dtype.kind in "iub" and isinstance(value, numbers.Real) and not _text(value)
            and not np.isfinite(value)):
        raise ValueError(f"value {value!r} cannot be stored in dtype {dtype} (whole numbers); "
                         "pad with a whole number such as value=0, or pass dtype='float32'")


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

    Bad input raises the kind of exception ``keras.utils.pad_sequences`` raises for it
    (``ValueError`` for what is not a list of sequences of numbers, text among numbers or a
    text ``value``; ``TypeError`` for a wrong type of ``maxlen`` or ``dtype``; ``OverflowError``
    for a number too large for ``dtype``), so code that catches Keras' errors catches these.

    Deliberate differences from Keras, where Keras fails obscurely or gives a wrong result:
    ``maxlen=0`` gives an array with zero columns (Keras fails for ``truncating="pre"``); an
    empty list of sequences gives an empty array (Keras fails when ``maxlen`` is None);
    ``value=None`` is an error for every dtype but ``object`` (Keras pads floats with NaN);
    a NaN or infinite ``value`` for an integer dtype is an error (Keras pads with garbage);
    a text ``value`` is allowed with ``dtype="object"`` as well as with ``dtype=object``.
    """
    # 1. Check the arguments first, so a mistake is reported before any work is done.
    _check_mode("padding", padding)
    _check_mode("truncating", truncating)
    _check_maxlen(maxlen)
    dtype = _as_dtype(dtype)
    _check_value(value, dtype)
    if _text(sequences) or isinstance(sequences, Mapping) or not hasattr(sequences, "__len__"):
        one_pass = hasattr(sequences, "__next__")          # a generator or other iterator
        raise ValueError("sequences must be a list of sequences (e.g. a list of lists of "
                         f"token ids), got {type(sequences).__name__}"
                         + ("; wrap it in list(...)" if one_pass else ""))

    # 2. Check that every item is a sequence, and find the common length.
    for i, seq in enumerate(sequences):
        if _text(seq) and dtype.kind not in "OUS":
            raise ValueError(f"sequences[{i}] is text ({seq!r}); expected a sequence of numbers "
                             "(token ids): vectorise the text first")
        try:
            len(seq)
        except TypeError:
            raise ValueError(f"sequences[{i}] is not a sequence: {seq!r} "
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
        except OverflowError as err:
            raise OverflowError(f"sequences[{i}] holds a number that does not fit dtype {dtype} "
                                f"({err}); pass a wider dtype such as 'int64'") from None
        except (TypeError, ValueError) as err:
            raise _same_kind(err, f"sequences[{i}] holds something that is not a number of "
                                  f"dtype {dtype}: {err}") from None
        if row.ndim == 0:
            raise ValueError(f"sequences[{i}] is not a sequence: {seq!r}")
        kept.append(row)

    # 4. Every item (token) must have the same shape: () for token ids, (k,) for vectors.
    #    Keras takes it from the first non-empty sequence.
    item_shape = ()
    for i, seq in enumerate(sequences):
        if len(seq):
            try:
                item_shape = np.asarray(seq).shape[1:]
            except (TypeError, ValueError) as err:
                raise _same_kind(err, f"sequences[{i}] has items of different shapes: "
                                      f"{err}") from None
            break
    for i, row in enumerate(kept):
        if len(row) and row.shape[1:] != item_shape:
            raise ValueError(f"sequences[{i}] has items of shape {row.shape[1:]}, but earlier "
                             f"sequences have items of shape {item_shape}")

    # 5. Start from an array full of the padding value and copy each kept part in.
    try:
        out = np.full((len(kept), maxlen) + item_shape, value, dtype=dtype)
    except OverflowError as err:
        raise OverflowError(f"value {value!r} does not fit dtype {dtype} ({err}); pad with a "
                            "smaller number such as value=0, or pass a wider dtype") from None
    except (TypeError, ValueError) as err:
        raise _same_kind(err, f"value {value!r} cannot fill items of shape {item_shape} and "
                              f"dtype {dtype} ({err}); pass one number, e.g. value=0") from None
    for i, row in enumerate(kept):
        if len(row) == 0:
            continue
        if padding == "pre":
            out[i, maxlen - len(row):] = row
        else:
            out[i, :len(row)] = row
    return out
