"""Where the project looks for data and where it writes its cache and checkpoints.

Data is looked for, in this order, in the directory named by the environment variable
``RNNBOOK_DATA`` and then in the repository's ``data/`` folder. Everything the project derives
(rebuilt IMDB arrays, model checkpoints, downloads) goes to ``data/cache/`` — git-ignored — or
to the directory named by ``RNNBOOK_CACHE``.
"""

from __future__ import annotations

import os
from pathlib import Path

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
    for folder in data_dirs():
        for name in names:
            candidate = folder / name
            if candidate.exists():
                return candidate
    return None


def cache_dir() -> Path:
    """The folder for derived files (``$RNNBOOK_CACHE`` or ``data/cache``), created if needed."""
    env = os.environ.get(CACHE_ENV, "").strip()
    path = Path(env).expanduser() if env else REPO_DATA / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def checkpoint_path(name: str) -> str:
    """Path of a ``.keras`` checkpoint file called ``name`` in the git-ignored cache.

    >>> checkpoint_path("simple_rnn")          # doctest: +SKIP
    '.../data/cache/checkpoints/simple_rnn.keras'
    """
    if not isinstance(name, str) or not name or any(c in name for c in "/\\"):
        raise ValueError(f"checkpoint_path: name must be a plain file name, got {name!r}")
    if name.endswith(".h5"):
        raise ValueError("checkpoint_path: Keras 3 saves whole models as .keras files, not .h5")
    if not name.endswith(".keras"):
        name += ".keras"
    folder = cache_dir() / "checkpoints"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / name)
