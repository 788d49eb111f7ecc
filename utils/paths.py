"""Where the project looks for data and where it writes its cache and checkpoints.

Data is looked for, in this order, in the directory named by the environment variable
``RNNBOOK_DATA`` and then in the repository's ``data/`` folder. Everything the project derives
(rebuilt IMDB arrays, model checkpoints, downloads) goes to ``data/cache/`` — git-ignored — or
to the directory named by ``RNNBOOK_CACHE``. Files shared by several processes are written
with :func:`write_atomically` under :func:`file_lock`, so two notebooks at once lose nothing.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:          # Windows: no advisory locks; writes stay atomic, unlocked
    fcntl = None

DATA_ENV = "RNNBOOK_DATA"
CACHE_ENV = "RNNBOOK_CACHE"

#: The repository's top folder (the parent of ``utils/``).
ROOT = Path(__file__).resolve().parent.parent
#: The repository's own ``data/`` folder.
REPO_DATA = ROOT / "data"


def data_dirs() -> list[Path]:
    """The folders searched for data files, in order: ``$RNNBOOK_DATA``, then ``data/``.

    A ``RNNBOOK_DATA`` that names no existing folder is an error: a typo there would
    otherwise send the project silently to the network.
    """
    dirs = []
    env = os.environ.get(DATA_ENV, "").strip()
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(
                f"{DATA_ENV}={env!r} is not a folder. Point it at the folder that holds the "
                f"data files (see data/README.md), or unset it to use {REPO_DATA}."
            )
        dirs.append(path.resolve())
    dirs.append(REPO_DATA)
    return dirs


def find_data_file(*names: str) -> Path | None:
    """The first existing file or folder called one of ``names`` in :func:`data_dirs`.

    Folders are searched in order, and within a folder the names in the order given.
    """
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"find_data_file: names must be file names (str) such as "
                            f"'imdb_word_index.json', got {name!r} ({type(name).__name__})")
        if not name.strip():
            raise ValueError(f"find_data_file: a file name must not be empty, got {name!r}")
    for folder in data_dirs():
        for name in names:
            candidate = folder / name
            if candidate.exists():
                return candidate
    return None


def cache_dir(create: bool = True) -> Path:
    """The folder for derived files: ``$RNNBOOK_CACHE``, else ``data/cache``.

    ``create=True`` (for writers) makes the folder if needed; a folder that cannot be made (a
    read-only repository) raises an ``OSError`` that names ``RNNBOOK_CACHE`` as the fix.
    Readers pass ``create=False``: nothing is created, and the folder may not exist.
    """
    env = os.environ.get(CACHE_ENV, "").strip()
    path = Path(env).expanduser() if env else REPO_DATA / "cache"
    if path.exists() and not path.is_dir():
        where = f"{CACHE_ENV}={env!r}" if env else str(path)
        raise FileExistsError(f"{where} is a file, not a folder: the cache needs a folder. "
                              + (f"Point {CACHE_ENV} at a folder, or unset it to use "
                                 f"{REPO_DATA / 'cache'}." if env else "Move that file away."))
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise type(err)(f"cannot create the cache folder {path} ({err.strerror or err}). "
                            f"Set {CACHE_ENV} to a folder you can write to.") from err
    return path


def cache_fix(err: BaseException) -> str:
    """The sentence that ends a warning about a cache write that failed with ``err``: how to
    fix it (set ``RNNBOOK_CACHE``), unless ``err`` says so already."""
    return "" if CACHE_ENV in str(err) else f" Set {CACHE_ENV} to a folder you can write to."


@contextmanager
def file_lock(path):
    """Hold an exclusive lock for ``path`` while the block runs (other processes wait).

    The lock is taken on a sidecar file ``<path>.lock`` (``path`` itself may be replaced
    meanwhile) with ``fcntl.flock``, released when the block ends or the process dies. Where
    there is no ``fcntl`` (Windows) or the lock file cannot be made (a read-only folder), the
    block runs unlocked: the write that follows then fails or succeeds on its own.
    """
    lock = Path(f"{path}.lock")
    fd = None
    with suppress(OSError):
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fd is not None and fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fd is not None:
            os.close(fd)                  # closing the file releases the lock


def write_atomically(path, write) -> None:
    """Write ``path`` whole or not at all: ``write(f)`` fills a new temporary file (a unique
    name in the same folder, so two processes never share one), which then replaces ``path``.

    Readers see the old file or the new one, never a half-written one. On any error the
    temporary file is removed and the error raised; ``path`` is left as it was.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o644)              # mkstemp makes it private (0o600)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


#: The endings Keras 3's ModelCheckpoint accepts: a whole model, or weights only.
MODEL_SUFFIX = ".keras"
WEIGHTS_SUFFIX = ".weights.h5"


def checkpoint_path(name: str) -> str:
    """Path of a checkpoint file called ``name`` in the git-ignored cache.

    ``name`` ending in ``.weights.h5`` is kept as it is — the name Keras 3 requires for
    ``ModelCheckpoint(..., save_weights_only=True)``; any other name gets ``.keras`` (a whole
    model) unless it ends so already. The legacy HDF5 ending ``.h5`` alone is refused.

    >>> checkpoint_path("simple_rnn")          # doctest: +SKIP
    '.../data/cache/checkpoints/simple_rnn.keras'
    >>> checkpoint_path("best.weights.h5")     # doctest: +SKIP
    '.../data/cache/checkpoints/best.weights.h5'
    """
    if not isinstance(name, str):
        raise TypeError(f"checkpoint_path: name must be a file name (a str) such as "
                        f"'best-model', got {name!r} ({type(name).__name__})")
    if not name.strip() or any(c in name for c in "/\\") or name in (".", ".."):
        raise ValueError(f"checkpoint_path: name must be a plain file name such as 'best-model' "
                         f"(no folders), got {name!r}")
    if name.endswith(".h5") and not name.endswith(WEIGHTS_SUFFIX):
        stem = name[:-len(".h5")]
        raise ValueError(
            f"checkpoint_path: {name!r} is the legacy HDF5 format. Use {stem + MODEL_SUFFIX!r} "
            f"for a whole model, or {stem + WEIGHTS_SUFFIX!r} for weights only "
            "(ModelCheckpoint(..., save_weights_only=True)).")
    if not name.endswith((MODEL_SUFFIX, WEIGHTS_SUFFIX)):
        name += MODEL_SUFFIX
    folder = cache_dir() / "checkpoints"
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise type(err)(f"cannot create the checkpoint folder {folder} ({err.strerror or err}). "
                        f"Set {CACHE_ENV} to a folder you can write to.") from err
    return str(folder / name)
