"""Data sets for the chapters, loaded offline when the files are on disk.

IMDB
----
:func:`load_imdb` returns exactly what ``keras.datasets.imdb.load_data`` returns for the same
arguments. Keras downloads a preprocessed ``imdb.npz``; here the same integer sequences are
rebuilt from the review text of the Large Movie Review Dataset, so the chapters also run where
dataset hosts cannot be reached. Sources are looked for in ``$RNNBOOK_DATA``, then ``data/``:

* ``aclImdb_v1.tar.gz`` (the official archive from Stanford), ``aclImdb_v1-labeled.tar.gz``
  (the same without the unlabeled reviews), or an extracted ``aclImdb/`` folder, and
* ``imdb_word_index.json`` (Keras' word → rank index).

:func:`load_imdb_text` returns the same reviews as raw strings (for ``TextVectorization``).

Known files are checked by SHA-256 before use. The rebuilt arrays are cached in
``data/cache/`` (git-ignored, or ``$RNNBOOK_CACHE``), so the text is read once. The cache records
what it was built from (the sources' SHA-256, the parameters, a checksum of its arrays) and is
checked on load: a cache that was edited, damaged or built from other files is rebuilt, with a
warning. Two processes may build it at once (a lock; the file is replaced whole). Where the cache
cannot be written the arrays are returned uncached, with a warning. When no local copy is found,
Keras' own download is tried; if that fails too, the error says what to get and where to put it.

The rebuild recipe (verified against Keras' arrays): lower-case the ASCII letters of each review;
replace every character of ``!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~``, tab and newline by a space;
split on spaces; map each word to its rank in the word index (words missing from the index — only
in test reviews — are dropped);
order the files ``train/pos`` then ``train/neg``, each sorted by file name; likewise for test.
"""

from __future__ import annotations

import functools
import hashlib
import json
import numbers
import re
import tarfile
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from . import paths

IMDB_HOME = "https://ai.stanford.edu/~amaas/data/sentiment/"
WORD_INDEX_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json"

#: SHA-256 of the files this module knows. A file of one of these names whose digest differs
#: is reported as corrupt rather than used.
KNOWN_SHA256 = {
    "aclImdb_v1.tar.gz": "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
    "aclImdb_v1-labeled.tar.gz": "28af933ee6f9cf4262ae8b47302a71c0b6e67347351e834a7319fd1a33c9a4e9",
    "imdb_word_index.json": "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6",
    "1268-0.txt": "355bfdc3f9b5e384b1918e817dd086ce0df97f4d294c69f032fb70b95c1e737c",
    "ratings_train.txt": "e03b7d14e9e41be8d464a28057cd25d7396c53e67aa7fd5f7e552c59b0ee2940",
    "ratings_test.txt": "8ac9f64052f11dbf6ae0acb5e038f03d90a76f0eda7820cfb3a92d02edfcebda",
}
IMDB_SOURCES = ("aclImdb_v1-labeled.tar.gz", "aclImdb_v1.tar.gz", "aclImdb")
REVIEWS_PER_FOLDER = 12_500

_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
_TO_SPACE = str.maketrans({c: " " for c in _FILTERS})
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
_REVIEW_NAME = re.compile(r"(?:^|/)(?:aclImdb/)?(train|test)/(pos|neg)/(\d+_\d+\.txt)$")
_CACHE_NAME = "imdb_rebuilt_v3.npz"  # v3: records its sources and a checksum of its arrays
_OLD_CACHE_NAME = "imdb_rebuilt_v2.npz"  # removed once a v3 cache is written


class DataNotFoundError(FileNotFoundError):
    """No local copy of a data set was found and it could not be downloaded."""


class CorruptDataError(ValueError):
    """A data file exists but is not the file it should be (wrong checksum or layout)."""


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

def sha256sum(path) -> str:
    """The SHA-256 hex digest of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=16)
def _sha256_of(path: str, size: int, mtime_ns: int) -> str:
    return sha256sum(path)


def _digest(path) -> str:
    """:func:`sha256sum`, remembered while the file's size and time stay the same."""
    stat = Path(path).stat()
    return _sha256_of(str(path), stat.st_size, stat.st_mtime_ns)


def verify(path) -> Path:
    """Check a known file against :data:`KNOWN_SHA256`; raise :class:`CorruptDataError` if off."""
    path = Path(path)
    expected = KNOWN_SHA256.get(path.name)
    if expected is None or path.is_dir():
        return path
    actual = _digest(path)
    if actual != expected:
        raise CorruptDataError(
            f"{path} is corrupt or incomplete: its SHA-256 is {actual}, expected {expected}. "
            "Delete it and obtain the file again (see data/README.md)."
        )
    return path


def _missing_imdb_message(what: str, cause: BaseException | None, word_index: bool = True) -> str:
    """What to obtain and where to put it; ``word_index=False`` when only the reviews are needed."""
    where = " and ".join(str(d) for d in paths.data_dirs())
    msg = (
        f"{what} could not be found or downloaded.\n"
        f"Looked in: {where}"
        + (f" (set {paths.DATA_ENV} to add a folder).\n" if len(paths.data_dirs()) == 1
           else f" (the first from {paths.DATA_ENV}).\n")
        + ("To work offline, put these two files in one of those folders:\n" if word_index
           else "To work offline, put this file in one of those folders:\n")
        + f"  * aclImdb_v1.tar.gz from {IMDB_HOME} (or the labeled-only\n"
        "    aclImdb_v1-labeled.tar.gz, or the extracted aclImdb/ folder)"
        + (f", and\n  * imdb_word_index.json from {WORD_INDEX_URL}\n" if word_index else "\n")
        + "See data/README.md for details."
    )
    if cause is not None:
        msg += f"\nKeras' download failed with: {type(cause).__name__}: {cause}"
    return msg


# ---------------------------------------------------------------------------------------------
# The word index
# ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=2)
def _read_word_index(path: str, mtime: float) -> dict[str, int]:
    with open(verify(path), encoding="utf-8") as f:
        return json.load(f)


def imdb_word_index() -> dict[str, int]:
    """Keras' IMDB word index: word → rank (1 = most frequent word, "the").

    Read from ``imdb_word_index.json`` in the data folders (checked by SHA-256), else
    downloaded by Keras. Ids in :func:`load_imdb`'s sequences are these ranks plus
    ``index_from`` (3 by default).
    """
    local = paths.find_data_file("imdb_word_index.json")
    if local is not None:
        return dict(_read_word_index(str(local), local.stat().st_mtime))
    try:
        import keras
        return keras.datasets.imdb.get_word_index()
    except Exception as err:  # no network, host unreachable, …
        raise DataNotFoundError(_missing_imdb_message("imdb_word_index.json", err)) from err


# ---------------------------------------------------------------------------------------------
# Reading reviews and rebuilding Keras' sequences
# ---------------------------------------------------------------------------------------------

def _ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def tokenize(text: str) -> list[str]:
    """Split a review into words the way Keras' IMDB arrays were made.

    Only ASCII letters are lower-cased and only the space character separates words (other
    white space such as a non-breaking space stays inside a word): Keras' word index holds
    words like ``"Ángela"`` and ``"most\x85and"`` that only this rule produces, and with it
    every word of the training reviews is found in the index.

    >>> tokenize("A great film!<br /><br />Don't miss it.")
    ['a', 'great', 'film', 'br', 'br', "don't", 'miss', 'it']
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize: text must be a str (one review), got {type(text).__name__}")
    return [w for w in _ascii_lower(text).translate(_TO_SPACE).split(" ") if w]


def _decode(data: bytes, name) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorruptDataError(f"{name} is not UTF-8 text ({err}); the IMDB reviews are UTF-8. "
                               "Obtain the data set again (see data/README.md).") from None


def _read_reviews(source: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """{(split, label): [(file name, text), …]} from an archive or an ``aclImdb/`` folder."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {
        (s, l): [] for s in ("train", "test") for l in ("pos", "neg")}
    if source.is_dir():
        for path in sorted(source.glob("*/*/*.txt")):
            match = _REVIEW_NAME.search(path.as_posix())
            if match:
                found[(match[1], match[2])].append((match[3], _decode(path.read_bytes(), path)))
    else:
        try:
            with tarfile.open(source, "r:gz") as archive:
                for member in archive:
                    match = _REVIEW_NAME.search(member.name)
                    if match and member.isfile():
                        text = _decode(archive.extractfile(member).read(), member.name)
                        found[(match[1], match[2])].append((match[3], text))
        except (tarfile.TarError, OSError, EOFError) as err:
            raise CorruptDataError(f"{source} cannot be read as a .tar.gz archive: {err}. "
                                   "Delete it and obtain it again (see data/README.md).") from err
    for (split, label), items in found.items():
        if len(items) != REVIEWS_PER_FOLDER:
            raise CorruptDataError(
                f"{source}: expected {REVIEWS_PER_FOLDER:,} reviews in aclImdb/{split}/{label}, "
                f"found {len(items):,}. Is it the Large Movie Review Dataset v1.0?")
        items.sort()  # by file name, compared as strings — the order of Keras' arrays
    return found


def _encode_split(reviews, split, word_index):
    """Word-rank sequences and labels for one split: positive reviews first, then negative."""
    sequences, labels = [], []
    for label, value in (("pos", 1), ("neg", 0)):
        for _, text in reviews[(split, label)]:
            sequences.append([word_index[w] for w in tokenize(text) if w in word_index])
            labels.append(value)
    return sequences, np.array(labels, dtype=np.int64)


def _arrays_sha256(arrays) -> str:
    """A checksum of named arrays: their names, kinds, shapes and values."""
    digest = hashlib.sha256()
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{array.dtype.str}:{array.shape};".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def _save_ragged(path: Path, meta: dict, **splits) -> None:
    """Write the splits to ``path`` whole (a unique temporary file, then a rename), with
    ``meta`` — what they were built from — and a checksum of the arrays."""
    arrays = {}
    for name, (sequences, labels) in splits.items():
        arrays[f"{name}_lengths"] = np.array([len(s) for s in sequences], dtype=np.int64)
        arrays[f"{name}_ids"] = np.fromiter((w for s in sequences for w in s), dtype=np.int32)
        arrays[f"{name}_labels"] = labels
    meta = dict(meta, arrays_sha256=_arrays_sha256(arrays))
    paths.write_atomically(
        path, lambda f: np.savez_compressed(f, meta=np.array(json.dumps(meta)), **arrays))


def _unpack(arrays):
    out = []
    for name in ("train", "test"):
        ends = np.cumsum(arrays[f"{name}_lengths"])
        ids = arrays[f"{name}_ids"].tolist()
        starts = np.concatenate([[0], ends[:-1]])
        sequences = [ids[a:b] for a, b in zip(starts.tolist(), ends.tolist())]
        out.append((sequences, arrays[f"{name}_labels"]))
    return out


def _built_from(source: Path) -> dict:
    """What a cache built now from ``source`` depends on: the files' SHA-256 and the parameters."""
    index = paths.find_data_file("imdb_word_index.json")
    return {"cache": _CACHE_NAME, "reviews_per_folder": REVIEWS_PER_FOLDER,
            "source": source.name, "source_sha256": None if source.is_dir() else _digest(source),
            "word_index_sha256": None if index is None else _digest(index)}


def _cache_problem(meta: dict, arrays, source: Path | None) -> str | None:
    """Why a cache must not be used, or None when it is sound and fits the data folders."""
    if meta.get("arrays_sha256") != _arrays_sha256(arrays):
        return "does not match the checksum it was saved with (edited or damaged)"
    if meta.get("reviews_per_folder") != REVIEWS_PER_FOLDER:
        return (f"holds {meta.get('reviews_per_folder')} reviews per folder, "
                f"not {REVIEWS_PER_FOLDER:,}")
    if source is None:
        return None                      # nothing to compare with: the cache alone is used
    now = _built_from(source)
    if now["word_index_sha256"] not in (None, meta.get("word_index_sha256")):
        return (f"was built with another imdb_word_index.json than "
                f"{paths.find_data_file('imdb_word_index.json')}")
    official = {KNOWN_SHA256[name] for name in IMDB_SOURCES if name in KNOWN_SHA256}
    then, current = meta.get("source_sha256"), now["source_sha256"]
    if current is not None and current != then and not {then, current} <= official:
        return f"was built from another {meta.get('source')} than {source}"
    return None


def _read_cache(cache: Path, source: Path | None, quiet: bool = False):
    """The cached splits, or None (with a warning unless ``quiet``) when there are none or
    they must not be used."""
    if not cache.is_file():
        return None
    try:
        with np.load(cache) as f:
            arrays = {k: f[k] for k in f.files}
        if "meta" not in arrays:
            raise ValueError("it records nothing of what it was built from")
        meta = json.loads(str(arrays.pop("meta")))
        problem = _cache_problem(meta, arrays, source)
        raw = _unpack(arrays) if problem is None else None
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as err:
        problem, raw = f"cannot be read ({type(err).__name__}: {err})", None
    if problem is not None and not quiet:
        then = (f"it is rebuilt from {source}" if source is not None else
                "it is not used (no IMDB source to rebuild it from was found)")
        warnings.warn(f"The IMDB cache {cache} {problem}; {then}.", stacklevel=4)
    return raw


def find_imdb_source() -> Path | None:
    """The first IMDB review source in the data folders (archive or ``aclImdb/`` folder)."""
    return paths.find_data_file(*IMDB_SOURCES)


def _build_imdb(source: Path):
    """Word-rank sequences and labels of both splits, read from ``source``."""
    word_index = imdb_word_index()
    reviews = _read_reviews(verify(source))
    return [_encode_split(reviews, "train", word_index), _encode_split(reviews, "test", word_index)]


def _warn_uncached(err: OSError) -> None:
    warnings.warn(f"The IMDB arrays could not be cached ({err}); they are returned uncached, so "
                  "the next call rebuilds them (a minute or two)." + paths.cache_fix(err),
                  stacklevel=4)


def _raw_imdb():
    """Word-rank sequences and labels, ``[(x_train, y_train), (x_test, y_test)]``, in file
    order (not shuffled) — or None when no local source exists."""
    cache = paths.cache_dir(create=False) / _CACHE_NAME
    source = find_imdb_source()
    raw = _read_cache(cache, source)
    if raw is not None or source is None:
        return raw
    try:
        paths.cache_dir()                         # from here on a writer: make the folder
    except OSError as err:
        _warn_uncached(err)
        return _build_imdb(source)
    with paths.file_lock(cache):                  # another process may be building it: wait
        raw = _read_cache(cache, source, quiet=True)
        if raw is None:
            meta = _built_from(source)
            raw = _build_imdb(source)
            try:
                _save_ragged(cache, meta, train=raw[0], test=raw[1])
            except OSError as err:
                _warn_uncached(err)
            else:
                (cache.parent / _OLD_CACHE_NAME).unlink(missing_ok=True)
    return raw


def _keras_orders(seed, *sizes):
    """The permutations ``imdb.load_data`` applies to the splits: one generator, train first."""
    rng = np.random.RandomState(seed)
    orders = []
    for size in sizes:
        order = np.arange(size)
        rng.shuffle(order)
        orders.append(order)
    return orders


def _as_keras_does(train, test, num_words, skip_top, maxlen, seed, start_char, oov_char,
                   index_from):
    """Shuffle, shift, filter and cut the vocabulary exactly as ``imdb.load_data`` does."""
    orders = _keras_orders(seed, len(train[0]), len(test[0]))
    (x_train, y_train), (x_test, y_test) = [
        ([sequences[i] for i in order], labels[order])
        for (sequences, labels), order in zip((train, test), orders)]

    def shift(seq):
        head = [start_char] if start_char is not None else []
        return head + [w + index_from for w in seq] if index_from else head + list(seq)

    x_train = [shift(s) for s in x_train]
    x_test = [shift(s) for s in x_test]

    if maxlen:  # keep only sequences *shorter* than maxlen, as Keras does
        keep_train = [i for i, s in enumerate(x_train) if len(s) < maxlen]
        keep_test = [i for i, s in enumerate(x_test) if len(s) < maxlen]
        if not keep_train or not keep_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, "
                             "no sequence was kept. Increase maxlen.")
        x_train, y_train = [x_train[i] for i in keep_train], y_train[keep_train]
        x_test, y_test = [x_test[i] for i in keep_test], y_test[keep_test]

    if not num_words:
        # Keras' rule: the largest id present becomes the limit (so that id itself is out).
        num_words = max(max(s) for s in x_train + x_test)

    def cut(seq):
        if oov_char is not None:
            return [w if skip_top <= w < num_words else oov_char for w in seq]
        return [w for w in seq if skip_top <= w < num_words]

    x_train = np.array([cut(s) for s in x_train], dtype="object")
    x_test = np.array([cut(s) for s in x_test], dtype="object")
    return (x_train, y_train), (x_test, y_test)


_MAX_SEED = 2**32 - 1


def _check_seed(seed) -> None:
    """A seed for ``np.random.RandomState``, as Keras uses it: None or 0 … 2**32 - 1.

    Exception kinds as NumPy's (and so Keras') for the same seed: TypeError for what is not a
    whole number, ValueError for one out of range.
    """
    if seed is None:
        return
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be None or a whole number such as 113 (Keras' default), "
                        f"got {seed!r} ({type(seed).__name__})")
    if not 0 <= seed <= _MAX_SEED:
        raise ValueError(f"seed must be between 0 and 2**32 - 1, got {seed}; pass e.g. "
                         "seed=113 (Keras' default)")


def _check_ids(*checks) -> None:
    """Each check is (name, value, may_be_none): a whole number ≥ 0, or None where allowed."""
    for name, value, optional in checks:
        if value is None and optional:
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be {'None or ' if optional else ''}a whole number, "
                            f"got {value!r} ({type(value).__name__})")
        if value < 0:
            raise ValueError(f"{name} must be ≥ 0, got {value}")


def load_imdb(num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2,
              index_from=3):
    """The IMDB reviews as Keras gives them: ``(x_train, y_train), (x_test, y_test)``.

    Same arguments and same result as ``keras.datasets.imdb.load_data``: 25,000 training and
    25,000 test reviews as lists of word ids (``0`` padding, ``1`` start, ``2`` out of
    vocabulary, words from ``index_from + 1`` on by frequency), labels 1 = positive and
    0 = negative. ``num_words=500`` keeps the 500 most frequent ids and turns the rest into
    ``oov_char``. Works offline from local files (see the module's description).

    ``seed`` shuffles as Keras does (``None`` gives a different order each call). Arguments
    are checked before any file is read or downloaded; where Keras would fail on the same
    argument (a seed that is no whole number or out of range, a ``maxlen`` that is text) the
    exception is of the kind Keras raises.
    """
    _check_ids(("num_words", num_words, True), ("maxlen", maxlen, True),
               ("skip_top", skip_top, False), ("index_from", index_from, False),
               ("start_char", start_char, True), ("oov_char", oov_char, True))
    _check_seed(seed)

    raw = _raw_imdb()
    if raw is not None:
        return _as_keras_does(*raw, num_words=num_words, skip_top=skip_top, maxlen=maxlen,
                              seed=seed, start_char=start_char, oov_char=oov_char,
                              index_from=index_from)
    import keras
    try:
        return keras.datasets.imdb.load_data(
            num_words=num_words, skip_top=skip_top, maxlen=maxlen, seed=seed,
            start_char=start_char, oov_char=oov_char, index_from=index_from)
    except ValueError:  # Keras' own complaint about the arguments (e.g. maxlen too small)
        raise
    except Exception as err:  # offline, host unreachable, … (Keras raises a plain Exception)
        raise DataNotFoundError(_missing_imdb_message("The IMDB reviews", err)) from err


def _download_imdb_archive() -> Path:
    """The official review archive in the cache, downloaded with Keras the first time (into
    Keras' own folder, with a warning, when the cache cannot be written)."""
    target = paths.cache_dir(create=False) / "downloads" / "aclImdb_v1.tar.gz"
    if target.exists():
        return target
    try:
        where = {"cache_dir": str(paths.cache_dir()), "cache_subdir": "downloads"}
    except OSError as err:
        warnings.warn(f"The IMDB archive cannot be kept in the cache ({err}); Keras downloads it "
                      "to its own folder (~/.keras/datasets) instead." + paths.cache_fix(err),
                      stacklevel=3)
        where = {}
    try:
        import keras
        return Path(keras.utils.get_file("aclImdb_v1.tar.gz", IMDB_HOME + "aclImdb_v1.tar.gz",
                                         **where))
    except Exception as err:  # offline, host unreachable, …
        raise DataNotFoundError(
            _missing_imdb_message("The IMDB review text", err, word_index=False)) from err


def load_imdb_text(seed=113):
    """The IMDB reviews as raw text: ``(texts_train, y_train), (texts_test, y_test)``.

    Each ``texts_*`` is a NumPy array of 25,000 review strings exactly as written in the
    review files (with their ``<br />`` tags and punctuation), and ``y_*`` the labels
    (1 = positive, 0 = negative). With the default ``seed=113`` the reviews come in the same
    order as :func:`load_imdb` gives them, so ``texts_train[i]`` is the review behind
    ``load_imdb()[0][0][i]``; ``seed=None`` keeps file order (positive reviews first).

    Read from the same local sources as :func:`load_imdb` (the ``aclImdb`` archive or folder in
    ``$RNNBOOK_DATA`` or ``data/``). Without a local copy the official archive (84 MB) is
    downloaded once with Keras' ``get_file`` into ``data/cache/downloads/`` (e.g. in Colab);
    offline, the error says what to obtain and where to put it.
    """
    _check_seed(seed)
    source = find_imdb_source() or _download_imdb_archive()
    reviews = _read_reviews(verify(source))
    size = 2 * REVIEWS_PER_FOLDER
    orders = _keras_orders(seed, size, size) if seed is not None else [np.arange(size)] * 2
    out = []
    for split, order in zip(("train", "test"), orders):  # load_imdb's order for the same seed
        texts = np.array([text for label in ("pos", "neg") for _, text in reviews[(split, label)]],
                         dtype=object)
        labels = np.array([1] * REVIEWS_PER_FOLDER + [0] * REVIEWS_PER_FOLDER, dtype=np.int64)
        out.append((texts[order], labels[order]))
    return tuple(out)


def _word_id(i: int, w) -> int:
    """Element ``i`` of a review as an int id; whole floats (from a float array) are fine."""
    if hasattr(w, "numpy"):                     # a scalar tensor
        w = w.numpy()
    if isinstance(w, (bool, np.bool_)) or not isinstance(w, numbers.Real):
        if hasattr(w, "__len__") and not isinstance(w, (str, bytes)):
            raise TypeError(f"sequence[{i}] is itself a sequence: decode one review at a time, "
                            "e.g. decode_review(x_train[0]), not decode_review(x_train)")
        raise TypeError(f"sequence[{i}] = {w!r} is not a word id (a whole number)")
    if not float(w).is_integer():
        raise ValueError(f"sequence[{i}] = {w!r} is not a whole number, so no word id")
    return int(w)


def decode_review(sequence, word_index=None, index_from=3, start_char=1, oov_char=2) -> str:
    """Turn a sequence of ids from :func:`load_imdb` back into words.

    ``sequence`` is one review: a list or array of word ids such as ``x_train[0]`` (padded
    rows from ``pad_sequences`` too). Padding (0) is skipped; the start and
    out-of-vocabulary ids print as ``[START]`` and ``[OOV]``.
    """
    if isinstance(sequence, (str, bytes)) or not hasattr(sequence, "__iter__"):
        raise TypeError("sequence must be one review as a list of word ids (e.g. x_train[0]); "
                        f"got {type(sequence).__name__} {sequence!r:.40}"
                        + (" — to split text into words use tokenize(text)"
                           if isinstance(sequence, str) else ""))
    if word_index is not None and not isinstance(word_index, Mapping):
        raise TypeError("word_index must be a dict word → rank such as imdb_word_index(), "
                        f"got {type(word_index).__name__}")
    _check_ids(("index_from", index_from, False), ("start_char", start_char, True),
               ("oov_char", oov_char, True))
    ids = [_word_id(i, w) for i, w in enumerate(sequence)]
    if word_index is None:
        word_index = imdb_word_index()
    words = {rank + index_from: word for word, rank in word_index.items()}
    words[start_char] = "[START]"
    words[oov_char] = "[OOV]"
    out = []
    for i, w in enumerate(ids):
        if w == 0:
            continue
        if w not in words:
            raise ValueError(f"sequence[{i}] = {w} is no word id (index_from={index_from})")
        out.append(words[w])
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# The Mysterious Island (Project Gutenberg #1268)
# ---------------------------------------------------------------------------------------------

ISLAND_FILES = ("1268-0.txt", "pg1268.txt")
ISLAND_URL = "https://www.gutenberg.org/cache/epub/1268/pg1268.txt"


def gutenberg_body(text: str) -> str:
    """The book's text without Project Gutenberg's header and footer.

    Two editions are recognised:

    * the 2016 edition (``1268-0.txt``, "*** START OF THIS PROJECT GUTENBERG EBOOK"): the text
      from the first "THE MYSTERIOUS ISLAND" to "End of the Project Gutenberg" — the slice used
      by Raschka et al., 1,112,350 characters with 80 distinct ones;
    * the current edition ("*** START OF THE PROJECT GUTENBERG EBOOK … ***" to
      "*** END OF THE PROJECT GUTENBERG EBOOK"): the text between those two lines.
    """
    if not isinstance(text, str):
        raise TypeError(f"gutenberg_body: text must be the book as a str, got "
                        f"{type(text).__name__}")
    if "*** START OF THIS PROJECT GUTENBERG EBOOK" in text:
        start, end = text.find("THE MYSTERIOUS ISLAND"), text.find("End of the Project Gutenberg")
    else:
        match = re.search(r"\*\*\* ?START OF THE PROJECT GUTENBERG EBOOK[^\n]*\n", text)
        start = match.end() if match else -1
        end = text.find("*** END OF THE PROJECT GUTENBERG EBOOK")
    if start < 0 or end <= start:
        raise CorruptDataError("no Project Gutenberg start/end markers found: is this the plain-text "
                               "edition of The Mysterious Island (Project Gutenberg #1268)?")
    return text[start:end]


def load_mysterious_island() -> str:
    """Jules Verne's *The Mysterious Island*, without Project Gutenberg's header and footer.

    Read from ``1268-0.txt`` (2016 edition, checked by SHA-256) or ``pg1268.txt`` (current
    edition) in ``$RNNBOOK_DATA`` or ``data/``; otherwise downloaded from Project Gutenberg
    with Keras' ``get_file``. Line endings are normalised to ``\\n``.
    """
    path = paths.find_data_file(*ISLAND_FILES)
    if path is None:
        try:
            import keras
            path = Path(keras.utils.get_file("pg1268.txt", ISLAND_URL))
        except Exception as err:  # offline, host unreachable, …
            where = " and ".join(str(d) for d in paths.data_dirs())
            raise DataNotFoundError(
                "The Mysterious Island could not be found or downloaded.\n"
                f"Looked in: {where}.\nTo work offline, download {ISLAND_URL} (or the 2016 "
                "edition 1268-0.txt) and put it in one of those folders. See data/README.md.\n"
                f"Keras' download failed with: {type(err).__name__}: {err}") from err
    with open(verify(path), encoding="utf-8", newline=None) as f:   # \r\n becomes \n
        return gutenberg_body(f.read())


# ---------------------------------------------------------------------------------------------
# The Naver Sentiment Movie Corpus (NSMC v1.0, Lucy Park, CC0)
# ---------------------------------------------------------------------------------------------

NSMC_FILES = {"train": "ratings_train.txt", "test": "ratings_test.txt"}
NSMC_URL = "https://raw.githubusercontent.com/e9t/nsmc/master/"
NSMC_SIZES = {"train": 150_000, "test": 50_000}


def _nsmc_path(split: str) -> Path:
    name = NSMC_FILES[split]
    path = paths.find_data_file(f"nsmc/{name}", name)
    if path is not None:
        return path
    try:
        import keras
        return Path(keras.utils.get_file(f"nsmc_{name}", NSMC_URL + name,
                                         file_hash=KNOWN_SHA256[name]))
    except Exception as err:  # offline, host unreachable, …
        where = " and ".join(str(d) for d in paths.data_dirs())
        raise DataNotFoundError(
            f"The Naver Sentiment Movie Corpus file {name} could not be found or downloaded.\n"
            f"Looked in: {where} (and their nsmc/ subfolders).\nTo work offline, download "
            f"{NSMC_URL}ratings_train.txt and {NSMC_URL}ratings_test.txt and put them in an "
            f"nsmc/ folder inside one of those folders (set {paths.DATA_ENV} to add a folder). "
            "See data/README.md.\n"
            f"Keras' download failed with: {type(err).__name__}: {err}") from err


def _read_nsmc(path: Path) -> tuple[np.ndarray, np.ndarray]:
    if path.name in KNOWN_SHA256:
        verify(path)
    texts, labels = [], []
    with open(path, encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\r\n")
        if header != "id\tdocument\tlabel":
            raise CorruptDataError(f"{path}: the first line should be the header 'id<TAB>document"
                                   f"<TAB>label', found {header[:60]!r}. Is this an NSMC file?")
        for number, line in enumerate(f, start=2):
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) != 3 or fields[2] not in ("0", "1"):
                raise CorruptDataError(f"{path}, line {number}: expected 'id<TAB>document<TAB>label' "
                                       f"with label 0 or 1, found {line[:80]!r}. Obtain the file "
                                       "again (see data/README.md).")
            texts.append(fields[1])
            labels.append(int(fields[2]))
    return np.array(texts, dtype=object), np.array(labels, dtype=np.int64)


def load_nsmc():
    """The Naver Sentiment Movie Corpus: Korean movie reviews labelled 0 (negative) / 1 (positive).

    Returns ``(x_train, y_train), (x_test, y_test)`` like ``keras.datasets.imdb.load_data``, but
    with the reviews as text: ``x_*`` are NumPy arrays of ``str`` (150,000 and 50,000 reviews, in
    the files' order), ``y_*`` arrays of 0/1. The files' quirks are kept, not cleaned away: five
    training reviews and three test reviews are the empty string (pandas would read them as NaN),
    a few hundred carry doubled quotes, and the longest has 158 characters.

    The files ``ratings_train.txt`` and ``ratings_test.txt`` are read from ``nsmc/`` in
    ``$RNNBOOK_DATA`` or ``data/`` (or from those folders themselves) and checked by SHA-256;
    without a local copy they are downloaded from the e9t/nsmc GitHub repository with Keras'
    ``get_file``. Licence CC0 1.0; cite Lucy Park, "Naver Sentiment Movie Corpus v1.0",
    https://github.com/e9t/nsmc.
    """
    return tuple(_read_nsmc(_nsmc_path(split)) for split in ("train", "test"))
