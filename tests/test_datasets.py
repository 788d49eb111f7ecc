"""utils.datasets: the offline IMDB rebuild, Keras as the oracle, and clear errors."""

import io
import json
import tarfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from utils import datasets, paths

keras = pytest.importorskip("keras")
import keras.src.datasets.imdb as keras_imdb  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Keras' arrays, from shared/data (skipped where the real data is not on disk)
# ---------------------------------------------------------------------------------------------

def _find(name):
    try:
        return paths.find_data_file(name)
    except FileNotFoundError:      # RNNBOOK_DATA names no folder: test_mode covers that
        return None


def _have_real_imdb():
    try:
        return (datasets.find_imdb_source() is not None
                or (paths.cache_dir(create=False) / datasets._CACHE_NAME).exists())
    except FileNotFoundError:      # RNNBOOK_DATA names no folder: test_mode covers that
        return False


needs_real_imdb = pytest.mark.skipif(
    not _have_real_imdb(), reason="no IMDB source in RNNBOOK_DATA or data/ (see data/README.md)")
needs_word_index = pytest.mark.skipif(
    not _have_real_imdb() or _find("imdb_word_index.json") is None,
    reason="imdb_word_index.json not in RNNBOOK_DATA or data/ (the IMDB cache alone lacks it)")
needs_real_source = pytest.mark.skipif(
    not _have_real_imdb() or datasets.find_imdb_source() is None,
    reason="no IMDB review files in RNNBOOK_DATA or data/")


@needs_real_source
def test_every_training_word_is_in_keras_index():
    """The tokenisation recipe is right: no word of a training review is missing from the
    index Keras built from them (words only in test reviews are, by construction)."""
    index = datasets.imdb_word_index()
    reviews = datasets._read_reviews(datasets.find_imdb_source())
    missing = [w for label in ("pos", "neg") for _, text in reviews[("train", label)]
               for w in datasets.tokenize(text) if w not in index]
    assert missing == []


@pytest.fixture(scope="module")
def imdb():
    return datasets.load_imdb()


@needs_real_imdb
def test_first_reviews_and_labels_match_keras(imdb):
    (x_train, y_train), (x_test, y_test) = imdb
    assert len(x_train) == len(y_train) == 25_000 and len(x_test) == len(y_test) == 25_000
    # The values documented in shared/data/SOURCES.md, as Keras' imdb.npz gives them.
    assert x_train[0][:12] == [1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468]
    assert len(x_train[0]) == 218 and len(x_train[1]) == 189
    assert list(y_train[:10]) == [1, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    # Keras' first test review ("please give this one a miss br br kristy swanson ...").
    assert x_test[0] == [
        1, 591, 202, 14, 31, 6, 717, 10, 10, 18142, 10698, 5, 4, 360, 7, 4, 177, 5760, 394,
        354, 4, 123, 9, 1035, 1035, 1035, 10, 10, 13, 92, 124, 89, 488, 7944, 100, 28, 1668,
        14, 31, 23, 27, 7479, 29, 220, 468, 8, 124, 14, 286, 170, 8, 157, 46, 5, 27, 239, 16,
        179, 15387, 38, 32, 25, 7944, 451, 202, 14, 6, 717]
    assert y_test[0] == 0
    assert x_train.dtype == object and y_train.dtype == np.int64
    assert y_train.sum() == 12_500 and y_test.sum() == 12_500


@needs_word_index
def test_word_index():
    index = datasets.imdb_word_index()
    assert len(index) == 88_584
    assert index["the"] == 1 and index["and"] == 2 and index["a"] == 3 and index["br"] == 7


@needs_word_index
def test_decode_review(imdb):
    (x_train, _), _ = imdb
    text = datasets.decode_review(x_train[0])
    assert text.startswith("[START] this film was just brilliant casting location scenery")
    with pytest.raises(ValueError, match=r"sequence\[1\] = 999999 is no word id"):
        datasets.decode_review([1, 999_999])


@needs_real_source
def test_review_text_lines_up_with_load_imdb(imdb):
    """texts[i] is the review behind load_imdb's sequence i, in both splits."""
    (texts, labels), (test_texts, test_labels) = datasets.load_imdb_text()
    (x_train, y_train), (x_test, y_test) = imdb
    assert texts.shape == test_texts.shape == (25_000,) and texts.dtype == object
    np.testing.assert_array_equal(labels, y_train)
    np.testing.assert_array_equal(test_labels, y_test)
    index = datasets.imdb_word_index()
    for i in (0, 1, 777, 24_999):
        for text, seq in ((texts[i], x_train[i]), (test_texts[i], x_test[i])):
            assert [index[w] + 3 for w in datasets.tokenize(text) if w in index] == seq[1:]
    assert "<br />" in texts[3]     # the raw text, tags and punctuation included


@needs_real_imdb
def test_num_words_and_maxlen_on_real_data_match_keras(monkeypatch):
    raw = datasets._raw_imdb()
    kwargs = dict(num_words=500, skip_top=4, maxlen=300, seed=7)
    ours = datasets.load_imdb(**kwargs)
    theirs = _keras_on(raw, monkeypatch, tmp_dir=paths.cache_dir(), **kwargs)
    _assert_same(ours, theirs)
    assert max(max(s) for s in ours[0][0]) == 499


# ---------------------------------------------------------------------------------------------
# The post-processing against keras.datasets.imdb.load_data, on random raw data
# ---------------------------------------------------------------------------------------------

def _keras_on(raw, monkeypatch, tmp_dir, **kwargs):
    """Run Keras' own load_data on `raw` (word-rank lists) by handing it a local imdb.npz."""
    (xtr, ytr), (xte, yte) = raw
    path = tmp_dir / "oracle_imdb.npz"
    as_object = lambda seqs: np.array([list(s) for s in seqs] + [None], dtype=object)[:-1]
    np.savez(path, x_train=as_object(xtr), y_train=ytr, x_test=as_object(xte), y_test=yte)
    monkeypatch.setattr(keras_imdb, "get_file", lambda *a, **k: str(path))
    try:
        return keras.datasets.imdb.load_data(**kwargs)
    finally:
        path.unlink()


def _assert_same(ours, theirs):
    for (xo, yo), (xt, yt) in zip(ours, theirs):
        assert xo.dtype == xt.dtype and xo.shape == xt.shape
        assert [list(s) for s in xo] == [list(s) for s in xt]
        np.testing.assert_array_equal(yo, yt)
        assert yo.dtype == yt.dtype


raw_split = st.lists(st.lists(st.integers(1, 60), min_size=1, max_size=15), min_size=1,
                     max_size=12)


@given(train=raw_split, test=raw_split,
       num_words=st.one_of(st.none(), st.integers(0, 70)),
       skip_top=st.integers(0, 8),
       maxlen=st.one_of(st.none(), st.integers(0, 20)),
       seed=st.integers(0, 1000),
       start_char=st.one_of(st.none(), st.integers(1, 3)),
       oov_char=st.one_of(st.none(), st.integers(1, 3)),
       index_from=st.integers(0, 4))
def test_post_processing_matches_keras(tmp_path_factory, train, test, num_words, skip_top,
                                       maxlen, seed, start_char, oov_char, index_from):
    rng = np.random.default_rng(len(train))
    raw = [(train, rng.integers(0, 2, len(train))), (test, rng.integers(0, 2, len(test)))]
    kwargs = dict(num_words=num_words, skip_top=skip_top, maxlen=maxlen, seed=seed,
                  start_char=start_char, oov_char=oov_char, index_from=index_from)
    with pytest.MonkeyPatch.context() as mp:
        try:
            theirs = _keras_on(raw, mp, tmp_path_factory.mktemp("k"), **kwargs)
        except ValueError as err:   # e.g. maxlen filters out everything
            with pytest.raises(ValueError, match="no sequence was kept"):
                datasets._as_keras_does(*raw, **kwargs)
            assert "no sequence was kept" in str(err)
            return
    _assert_same(datasets._as_keras_does(*raw, **kwargs), theirs)


# ---------------------------------------------------------------------------------------------
# Rebuilding from a small archive or folder with the real layout
# ---------------------------------------------------------------------------------------------

REVIEWS = {
    ("train", "pos"): {"10_9.txt": "A great, great film!<br /><br />Loved it.",
                       "2_8.txt": "Good fun.", "7_10.txt": "great"},
    ("train", "neg"): {"3_1.txt": "Bad. Very bad film", "11_2.txt": "not good",
                       "0_3.txt": "zzzunknown bad"},
    ("test", "pos"): {"1_7.txt": "good good", "5_9.txt": "great film", "9_8.txt": "fun"},
    ("test", "neg"): {"4_2.txt": "bad", "6_1.txt": "very bad", "8_4.txt": "not fun"},
}
WORDS = {"great": 1, "film": 2, "good": 3, "bad": 4, "br": 5, "a": 6, "loved": 7, "it": 8,
         "fun": 9, "very": 10, "not": 11}


def _write_small_imdb(folder, as_archive=True, name="aclImdb_v1.tar.gz"):
    index = folder / "imdb_word_index.json"
    index.write_text(json.dumps(WORDS))
    if as_archive:
        with tarfile.open(folder / name, "w:gz") as tar:
            for (split, label), files in REVIEWS.items():
                for fname, text in files.items():
                    data = text.encode("utf-8")
                    info = tarfile.TarInfo(f"aclImdb/{split}/{label}/{fname}")
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
            info = tarfile.TarInfo("aclImdb/README")     # other files are ignored
            info.size = 2
            tar.addfile(info, io.BytesIO(b"hi"))
        return folder / name
    for (split, label), files in REVIEWS.items():
        sub = folder / "aclImdb" / split / label
        sub.mkdir(parents=True)
        for fname, text in files.items():
            (sub / fname).write_text(text, encoding="utf-8")
    return folder / "aclImdb"


@pytest.fixture
def small_imdb(isolated_data, monkeypatch):
    monkeypatch.setattr(datasets, "REVIEWS_PER_FOLDER", 3)
    return isolated_data


def _trust(monkeypatch, *files):
    known = dict(datasets.KNOWN_SHA256)
    for f in files:
        known[f.name] = datasets.sha256sum(f)
    monkeypatch.setattr(datasets, "KNOWN_SHA256", known)


def test_tokenize_follows_the_recipe():
    assert datasets.tokenize("A great film!<br /><br />Don't\tmiss it.") == \
        ["a", "great", "film", "br", "br", "don't", "miss", "it"]
    # Only ASCII letters are lower-cased, only spaces split: Keras' index has such words.
    assert datasets.tokenize("Ángela was most\x85and\xa0more") == ["Ángela", "was", "most\x85and\xa0more"]


@pytest.mark.parametrize("as_archive", [True, False])
def test_rebuild_from_small_source(small_imdb, monkeypatch, as_archive):
    source = _write_small_imdb(small_imdb, as_archive)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json",
           *([source] if as_archive else []))
    raw = datasets._raw_imdb()
    (xtr, ytr), (xte, yte) = raw
    # train/pos sorted by name as strings: 10_9, 2_8, 7_10; then train/neg: 0_3, 11_2, 3_1
    assert xtr == [[6, 1, 1, 2, 5, 5, 7, 8], [3, 9], [1], [4], [11, 3], [4, 10, 4, 2]]
    assert list(ytr) == [1, 1, 1, 0, 0, 0] and list(yte) == [1, 1, 1, 0, 0, 0]
    assert xte[0] == [3, 3]

    cache = paths.cache_dir() / datasets._CACHE_NAME
    assert cache.exists()
    (x_train, y_train), _ = datasets.load_imdb(seed=1)
    # The cache is used from now on, even without the source.
    import shutil
    shutil.rmtree(source) if source.is_dir() else source.unlink()
    (x_again, y_again), _ = datasets.load_imdb(seed=1)
    assert list(x_train) == list(x_again) and list(y_train) == list(y_again)


@pytest.mark.parametrize("as_archive", [True, False])
def test_review_text_from_small_source(small_imdb, monkeypatch, as_archive):
    source = _write_small_imdb(small_imdb, as_archive)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json", *([source] if as_archive else []))
    (texts, labels), (test_texts, test_labels) = datasets.load_imdb_text(seed=None)
    # File order: train/pos sorted by name as strings, then train/neg.
    assert list(texts) == [REVIEWS[("train", "pos")][n] for n in ("10_9.txt", "2_8.txt", "7_10.txt")] + \
        [REVIEWS[("train", "neg")][n] for n in ("0_3.txt", "11_2.txt", "3_1.txt")]
    assert list(labels) == [1, 1, 1, 0, 0, 0] and list(test_labels) == [1, 1, 1, 0, 0, 0]
    assert test_texts[0] == "good good"
    # Shuffled with a seed, the texts follow load_imdb's order for the same seed.
    (texts, labels), (test_texts, test_labels) = datasets.load_imdb_text(seed=5)
    (x_train, y_train), (x_test, y_test) = datasets.load_imdb(seed=5, num_words=100)
    for t, x in zip(list(texts) + list(test_texts), list(x_train) + list(x_test)):
        assert [WORDS[w] + 3 for w in datasets.tokenize(t) if w in WORDS] == x[1:]
    np.testing.assert_array_equal(labels, y_train)
    np.testing.assert_array_equal(test_labels, y_test)


def test_review_text_missing_offline_says_what_to_get_and_where(isolated_data, monkeypatch):
    monkeypatch.setattr(keras.utils, "get_file", _offline)
    with pytest.raises(datasets.DataNotFoundError) as info:
        datasets.load_imdb_text()
    for words in ["aclImdb_v1.tar.gz", "ai.stanford.edu", str(isolated_data), "RNNBOOK_DATA",
                  "data/README.md", "host unreachable"]:
        assert words in str(info.value), words


def test_review_text_downloads_the_archive_once(small_imdb, tmp_path, monkeypatch):
    archive = _write_small_imdb(tmp_path, as_archive=True)      # "the server's copy"
    _trust(monkeypatch, archive)
    calls = []

    def fake_get_file(fname, origin, cache_dir, cache_subdir):
        calls.append(origin)
        target = Path(cache_dir) / cache_subdir / fname
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read_bytes())
        return str(target)

    monkeypatch.setattr(keras.utils, "get_file", fake_get_file)
    (texts, _), _ = datasets.load_imdb_text(seed=None)
    assert texts[0] == REVIEWS[("train", "pos")]["10_9.txt"]
    datasets.load_imdb_text()
    assert calls == ["https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"]


@pytest.mark.parametrize("seed", [1.5, "113", True])
def test_review_text_bad_seed(seed):
    with pytest.raises(TypeError, match="seed must be None or a whole number"):
        datasets.load_imdb_text(seed=seed)


def test_env_folder_takes_precedence_over_repo_data(small_imdb, tmp_path, monkeypatch):
    _write_small_imdb(small_imdb, as_archive=False)
    assert datasets.find_imdb_source() == small_imdb / "aclImdb"
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.setattr(paths, "REPO_DATA", other)
    _write_small_imdb(other, as_archive=True)
    assert datasets.find_imdb_source() == small_imdb / "aclImdb"
    monkeypatch.setenv("RNNBOOK_DATA", str(other))
    assert datasets.find_imdb_source() == other / "aclImdb_v1.tar.gz"


def test_corrupt_archive_is_reported(small_imdb, monkeypatch):
    _write_small_imdb(small_imdb)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json")
    (small_imdb / "aclImdb_v1.tar.gz").write_bytes(b"not really a tarball")
    with pytest.raises(datasets.CorruptDataError,
                       match=r"aclImdb_v1.tar.gz is corrupt or incomplete: its SHA-256 is"):
        datasets.load_imdb()


def test_unknown_archive_that_is_not_gzip_is_reported(small_imdb, monkeypatch):
    _write_small_imdb(small_imdb)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json")
    bad = small_imdb / "aclImdb_v1.tar.gz"
    bad.write_bytes(b"garbage")
    _trust(monkeypatch, bad)         # digest "matches", but the content is not an archive
    with pytest.raises(datasets.CorruptDataError, match="cannot be read as a .tar.gz archive"):
        datasets.load_imdb()


def test_wrong_layout_is_reported(small_imdb, monkeypatch):
    folder = _write_small_imdb(small_imdb, as_archive=False)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json")
    next((folder / "test" / "neg").iterdir()).unlink()
    with pytest.raises(datasets.CorruptDataError, match=r"expected 3 reviews in aclImdb/test/neg, found 2"):
        datasets.load_imdb()


def test_corrupt_word_index_is_reported(small_imdb):
    (small_imdb / "imdb_word_index.json").write_text("{}")
    with pytest.raises(datasets.CorruptDataError, match="imdb_word_index.json is corrupt"):
        datasets.imdb_word_index()


def _offline(*args, **kwargs):
    raise OSError("URL fetch failure: host unreachable")


def test_missing_data_offline_says_what_to_get_and_where(isolated_data, monkeypatch):
    monkeypatch.setattr(keras.datasets.imdb, "load_data", _offline)
    with pytest.raises(datasets.DataNotFoundError) as info:
        datasets.load_imdb(num_words=500)
    msg = str(info.value)
    for words in ["aclImdb_v1.tar.gz", "imdb_word_index.json", "ai.stanford.edu",
                  str(isolated_data), "data/README.md", "host unreachable"]:
        assert words in msg, words


def test_missing_word_index_offline(isolated_data, monkeypatch):
    monkeypatch.setattr(keras.datasets.imdb, "get_word_index", _offline)
    with pytest.raises(datasets.DataNotFoundError, match="imdb_word_index.json could not be found"):
        datasets.imdb_word_index()


def test_falls_back_to_keras_download_when_nothing_local(isolated_data, monkeypatch):
    calls = []
    monkeypatch.setattr(keras.datasets.imdb, "load_data",
                        lambda **kw: calls.append(kw) or "keras result")
    assert datasets.load_imdb(num_words=123) == "keras result"
    assert calls[0]["num_words"] == 123 and calls[0]["seed"] == 113


def test_missing_rnnbook_data_folder_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("RNNBOOK_DATA", str(tmp_path / "nope"))
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path / "cache"))
    with pytest.raises(FileNotFoundError, match="RNNBOOK_DATA=.*nope.* is not a folder"):
        datasets.load_imdb()


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(num_words=-1), ValueError, "num_words"), (dict(num_words=2.5), TypeError, "num_words"),
    (dict(maxlen="100"), TypeError, "maxlen"), (dict(skip_top=-2), ValueError, "skip_top"),
    (dict(index_from=None), TypeError, "index_from"),
])
def test_bad_arguments(kwargs, error, words):
    with pytest.raises(error, match=words):
        datasets.load_imdb(**kwargs)


def test_keras_argument_errors_are_not_reported_as_missing_data(isolated_data, monkeypatch):
    def too_short(**kwargs):
        raise ValueError("After filtering for sequences shorter than maxlen=1, no sequence was kept.")
    monkeypatch.setattr(keras.datasets.imdb, "load_data", too_short)
    with pytest.raises(ValueError, match="no sequence was kept"):
        datasets.load_imdb(maxlen=1)


# ---------------------------------------------------------------------------------------------
# The Mysterious Island
# ---------------------------------------------------------------------------------------------

def _have(name):
    try:
        return paths.find_data_file(name) is not None
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not _have("1268-0.txt"), reason="1268-0.txt not in RNNBOOK_DATA or data/")
def test_mysterious_island_2016_edition():
    text = datasets.load_mysterious_island()
    assert len(text) == 1_112_350 and len(set(text)) == 80
    assert text.startswith("THE MYSTERIOUS ISLAND") and "\r" not in text


def test_current_gutenberg_edition_markers():
    text = ("\ufeffThe Project Gutenberg eBook of The Mysterious Island\r\n"
            "*** START OF THE PROJECT GUTENBERG EBOOK THE MYSTERIOUS ISLAND ***\r\n"
            "THE MYSTERIOUS ISLAND\r\nby Jules Verne\r\n"
            "*** END OF THE PROJECT GUTENBERG EBOOK THE MYSTERIOUS ISLAND ***\r\nlicense")
    body = datasets.gutenberg_body(text.replace("\r\n", "\n"))
    assert body == "THE MYSTERIOUS ISLAND\nby Jules Verne\n"


def test_island_file_found_locally_and_errors(isolated_data, monkeypatch):
    (isolated_data / "pg1268.txt").write_bytes(
        b"*** START OF THE PROJECT GUTENBERG EBOOK X ***\r\nbody\r\n*** END OF THE PROJECT GUTENBERG EBOOK X")
    assert datasets.load_mysterious_island() == "body\n"
    (isolated_data / "pg1268.txt").write_text("no markers at all")
    with pytest.raises(datasets.CorruptDataError, match="no Project Gutenberg start/end markers"):
        datasets.load_mysterious_island()
    (isolated_data / "pg1268.txt").unlink()
    monkeypatch.setattr(keras.utils, "get_file", _offline)
    with pytest.raises(datasets.DataNotFoundError, match="pg1268.txt"):
        datasets.load_mysterious_island()


# ---------------------------------------------------------------------------------------------
# Bad arguments: checked before any file is read or downloaded, of the kind Keras raises
# ---------------------------------------------------------------------------------------------

def _keras_error(monkeypatch, tmp_path, **kwargs):
    """The exception type keras.datasets.imdb.load_data raises for these arguments."""
    raw = [([[1, 2, 3], [4, 5]], np.array([1, 0])), ([[6, 7]], np.array([1]))]
    try:
        _keras_on(raw, monkeypatch, tmp_path, **kwargs)
    except Exception as err:     # noqa: BLE001 - whatever Keras raises is the oracle
        return type(err)
    pytest.fail(f"Keras accepted {kwargs!r}")


def _no_data_access(monkeypatch):
    """Fail loudly if load_imdb looks for files or the network before checking arguments."""
    def touched(*args, **kwargs):
        raise AssertionError("data was looked for before the arguments were checked")
    monkeypatch.setattr(datasets, "_raw_imdb", touched)
    monkeypatch.setattr(keras.datasets.imdb, "load_data", touched)


@pytest.mark.parametrize("kwargs, words", [
    (dict(seed="abc"), r"seed must be None or a whole number such as 113.*got 'abc' \(str\)"),
    (dict(seed=1.5), r"seed must be None or a whole number.*got 1.5 \(float\)"),
    (dict(seed=-1), r"seed must be between 0 and 2\*\*32 - 1, got -1"),
    (dict(seed=2**32), r"seed must be between 0 and 2\*\*32 - 1"),
    (dict(maxlen="100"), r"maxlen must be None or a whole number, got '100' \(str\)"),
])
def test_bad_arguments_raise_what_keras_raises(kwargs, words, monkeypatch, tmp_path):
    expected = _keras_error(monkeypatch, tmp_path, **kwargs)
    _no_data_access(monkeypatch)
    with pytest.raises(expected, match=words):
        datasets.load_imdb(**kwargs)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(start_char="x"), TypeError, "start_char must be None or a whole number, got 'x'"),
    (dict(oov_char=2.0), TypeError, "oov_char must be None or a whole number"),
    (dict(oov_char=-2), ValueError, "oov_char must be ≥ 0, got -2"),
    (dict(seed=True), TypeError, "seed must be None or a whole number"),
])
def test_our_own_argument_checks(kwargs, error, words, monkeypatch):
    _no_data_access(monkeypatch)
    with pytest.raises(error, match=words):
        datasets.load_imdb(**kwargs)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (2**32, ValueError),
                                         ("abc", TypeError)])
def test_review_text_seed_errors_match_numpy(seed, error):
    with pytest.raises(error) as ours:
        datasets.load_imdb_text(seed=seed)
    with pytest.raises(error):                 # what Keras' RandomState(seed) raises
        np.random.RandomState(seed)
    assert "seed" in str(ours.value)


@pytest.mark.parametrize("sequence, error, words", [
    ("hello", TypeError, r"one review as a list of word ids.*got str 'hello'.*tokenize\(text\)"),
    (5, TypeError, "one review as a list of word ids.*got int 5"),
    (None, TypeError, "one review as a list of word ids"),
    ([1, 4.7], ValueError, r"sequence\[1\] = 4.7 is not a whole number"),
    ([1, "4"], TypeError, r"sequence\[1\] = '4' is not a word id"),
    ([1, None], TypeError, r"sequence\[1\] = None is not a word id"),
    (np.ones((2, 3), dtype=int), TypeError, r"sequence\[0\] is itself a sequence.*one review"),
    ([[1, 4], [1, 5]], TypeError, r"sequence\[0\] is itself a sequence"),
    ([1, 999], ValueError, r"sequence\[1\] = 999 is no word id"),
])
def test_decode_review_bad_sequences(sequence, error, words):
    with pytest.raises(error, match=words):
        datasets.decode_review(sequence, word_index=WORDS)


def test_decode_review_accepts_padded_and_float_rows():
    expected = "[START] great film [OOV]"
    assert datasets.decode_review([1, 4, 5, 2], word_index=WORDS) == expected
    assert datasets.decode_review(np.array([0, 0, 1, 4, 5, 2], dtype="int32"),
                                  word_index=WORDS) == expected
    assert datasets.decode_review(np.array([0, 1, 4, 5, 2], dtype="float32"),
                                  word_index=WORDS) == expected


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(word_index=["great"]), TypeError, "word_index must be a dict word → rank"),
    (dict(word_index=WORDS, index_from="3"), TypeError, "index_from must be a whole number"),
    (dict(word_index=WORDS, start_char=-1), ValueError, "start_char must be ≥ 0"),
])
def test_decode_review_bad_arguments(kwargs, error, words):
    with pytest.raises(error, match=words):
        datasets.decode_review([1, 4], **kwargs)


def test_text_functions_want_text():
    with pytest.raises(TypeError, match="tokenize: text must be a str"):
        datasets.tokenize(b"bytes")
    with pytest.raises(TypeError, match="gutenberg_body: text must be the book as a str"):
        datasets.gutenberg_body(None)
