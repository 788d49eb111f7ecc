"""Fast and full mode: the one switch that decides how much every chapter trains.

Full mode (the default) runs each chapter exactly as the book does, e.g. ``epochs=100`` with
early stopping on the whole training set. Fast mode, switched on by the environment variable
``RNNBOOK_FAST=1`` (CI sets it), trains on a small subset for very few epochs so that every
notebook executes in seconds. Notebook code reads the same in both modes::

    history = model.fit(x_train, y_train, epochs=utils.epochs(100), ...)
    x_train, y_train = utils.subset(x_train, y_train, fast=2000)
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Mapping

FAST_ENV = "RNNBOOK_FAST"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def is_fast() -> bool:
    """True when ``RNNBOOK_FAST`` asks for fast mode (``1``, ``true``, ``yes``, ``on``).

    Read at every call, so a notebook or test can change the variable at run time.
    Any other value than the ones above (or unset, ``0``, ``false``, ``no``, ``off``) is an
    error rather than a silent guess.
    """
    value = os.environ.get(FAST_ENV, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        f"{FAST_ENV}={os.environ[FAST_ENV]!r} is not understood: "
        f"set {FAST_ENV}=1 for fast mode, or unset it (or 0) for full mode."
    )


def by_mode(*, full, fast):
    """Return ``full`` in full mode and ``fast`` in fast mode (any kind of value)."""
    return fast if is_fast() else full


def _count(where: str, name: str, value) -> int:
    """A positive whole number (NumPy integers too), as a Python int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{where}: {name} must be a positive whole number such as 2, got "
                        f"{value!r} ({type(value).__name__})")
    if value < 1:
        raise ValueError(f"{where}: {name} must be a positive whole number, got {value!r}")
    return int(value)


def epochs(full: int, fast: int = 2) -> int:
    """Number of epochs: ``full`` as in the book, or ``fast`` (default 2) in fast mode."""
    full, fast = _count("epochs", "full", full), _count("epochs", "fast", fast)
    return by_mode(full=full, fast=fast)


def _check_array(i: int, a) -> None:
    """``a`` must have a length and be sliceable by position (a list, array, tensor, …)."""
    what = f"subset: argument {i + 1} is a {type(a).__name__}"
    if hasattr(a, "__next__") or not hasattr(a, "__len__"):
        raise TypeError(f"{what}, which has no length; pass a list or an array "
                        "(e.g. list(...) or np.asarray(...))")
    if isinstance(a, (Mapping, set, frozenset)) or not hasattr(a, "__getitem__"):
        raise TypeError(f"{what}, which cannot be cut by position; pass a list or an array "
                        "(for a tf.data.Dataset use dataset.take(n))")


def subset(*arrays, fast: int):
    """In fast mode keep the first ``fast`` items of each array; in full mode change nothing.

    All arrays must have the same length (they are usually inputs and labels) and be
    sliceable by position (lists, NumPy arrays, tensors). Returns a tuple with one item per
    array, or the array itself when only one is given.
    """
    if not arrays:
        raise ValueError("subset: pass at least one array")
    fast = _count("subset", "fast", fast)
    for i, a in enumerate(arrays):
        _check_array(i, a)
    lengths = {len(a) for a in arrays}
    if len(lengths) != 1:
        raise ValueError(f"subset: the arrays have different lengths {sorted(lengths)}")
    out = tuple(a[:fast] for a in arrays) if is_fast() else arrays
    return out[0] if len(out) == 1 else out


def describe() -> str:
    """One line that says which mode is on, for the top of each notebook."""
    if is_fast():
        return (f"fast mode ({FAST_ENV}=1): small subsets and few epochs, "
                "so numbers from training will not match the book")
    return "full mode: all the data and every epoch the chapter's recipe asks for"
