"""utils.datasets and utils.paths tried as a careless learner would (issue 19): two notebooks
building the IMDB cache at once, a cache that cannot be written, a cache that was tampered
with, a novel file that is not the one it should be."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from test_datasets import REVIEWS, WORDS, _trust, _write_small_imdb
import utils
from utils import datasets, paths

keras = pytest.importorskip("keras")

# The child processes import the same utils as this test (the folder that holds utils/).
HOME = str(Path(utils.__file__).resolve().parent.parent)

BUILDER = """
import json, sys, time
from pathlib import Path
import numpy as np
sys.path.insert(0, {home!r})
from utils import datasets, paths
datasets.REVIEWS_PER_FOLDER = 3
datasets.KNOWN_SHA256 = json.loads(sys.argv[2])
paths.REPO_DATA = Path(sys.argv[3])
save = np.savez_compressed
def slow_save(*args, **kwargs):     # widen the window between writing and renaming the file
    save(*args, **kwargs)
    time.sleep(0.8)
np.savez_compressed = slow_save
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))   # both processes start together
(x, y), (xt, yt) = datasets._raw_imdb()
print(json.dumps([x, y.tolist(), xt, yt.tolist()]))
"""


def test_two_processes_building_the_imdb_cache_at_once(small_imdb, monkeypatch, tmp_path):
    """Two notebooks load IMDB for the first time together: both get the data and the cache is
    whole (today both write the same temporary file and one crashes renaming it)."""
    source = _write_small_imdb(small_imdb)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json", source)
    env = {**os.environ, "PYTHONPATH": HOME}
    start = str(time.time() + 6)
    procs = [subprocess.Popen(
        [sys.executable, "-c", BUILDER.format(home=HOME), start,
         json.dumps(datasets.KNOWN_SHA256), str(paths.REPO_DATA)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
        outs.append(json.loads(out.strip().splitlines()[-1]))
    assert outs[0] == outs[1]
    assert outs[0][0][0] == [6, 1, 1, 2, 5, 5, 7, 8] and outs[0][1] == [1, 1, 1, 0, 0, 0]
    cache = Path(os.environ["RNNBOOK_CACHE"])
    assert [p.suffix for p in cache.iterdir() if not p.name.endswith(".lock")] == [".npz"]
    assert datasets._raw_imdb()[0][0] == outs[0][0]           # the cache is whole


@pytest.fixture
def small_imdb(isolated_data, monkeypatch):
    monkeypatch.setattr(datasets, "REVIEWS_PER_FOLDER", 3)
    return isolated_data


@pytest.fixture
def unwritable_cache(tmp_path, monkeypatch):
    """A cache folder that cannot be created or written. We run as root, where chmod 0o555
    does not stop writes, so RNNBOOK_CACHE points *below a regular file*: every mkdir or write
    there fails with NotADirectoryError (an OSError), as it would in a read-only folder."""
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RNNBOOK_CACHE", str(blocker / "cache"))
    return blocker / "cache"


def test_unwritable_cache_gives_the_data_uncached_with_a_warning(small_imdb, monkeypatch,
                                                                 unwritable_cache):
    source = _write_small_imdb(small_imdb)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json", source)
    with pytest.warns(UserWarning, match=r"could not be cached.*RNNBOOK_CACHE"):
        (x, y), (xt, yt) = datasets.load_imdb()
    assert [1, 9, 4, 4, 5, 8, 8, 10, 11] in [list(r) for r in x] and sorted(y) == [0, 0, 0, 1, 1, 1]
    assert len(xt) == 6 and not unwritable_cache.exists()


def test_the_cache_is_not_written_through_a_failing_disk(small_imdb, monkeypatch):
    """The same with a writable folder whose write fails (a full disk, a quota): simulated by
    making numpy's writer raise PermissionError."""
    source = _write_small_imdb(small_imdb)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json", source)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(np, "savez_compressed", refuse)
    with pytest.warns(UserWarning, match=r"could not be cached.*RNNBOOK_CACHE"):
        (x, _), _ = datasets.load_imdb()
    assert len(x) == 6
    cache = Path(os.environ["RNNBOOK_CACHE"])
    assert not [p for p in cache.iterdir() if not p.name.endswith(".lock")]   # no half file


def test_reading_creates_no_folder(isolated_data, monkeypatch, tmp_path):
    """Where nothing is cached and nothing local exists, load_imdb goes to Keras' download
    without creating the cache folder (reading must not write)."""
    monkeypatch.setattr(keras.datasets.imdb, "load_data", lambda **kw: "keras result")
    assert datasets.load_imdb() == "keras result"
    assert not Path(os.environ["RNNBOOK_CACHE"]).exists()


def test_review_text_download_with_an_unwritable_cache(isolated_data, tmp_path, monkeypatch,
                                                       unwritable_cache):
    """Without a writable cache the archive goes to Keras' own download folder, with a
    warning that names RNNBOOK_CACHE (today: a raw NotADirectoryError)."""
    archive = _write_small_imdb(tmp_path, as_archive=True)
    _trust(monkeypatch, archive)
    monkeypatch.setattr(datasets, "REVIEWS_PER_FOLDER", 3)
    seen = []

    def fake_get_file(fname, origin, cache_dir=None, cache_subdir="datasets"):
        seen.append(cache_dir)
        return str(archive)
    monkeypatch.setattr(keras.utils, "get_file", fake_get_file)
    with pytest.warns(UserWarning, match="RNNBOOK_CACHE"):
        (texts, _), _ = datasets.load_imdb_text(seed=None)
    assert texts[0] == REVIEWS[("train", "pos")]["10_9.txt"] and seen == [None]


def test_checkpoint_path_in_an_unwritable_cache_names_the_fix(unwritable_cache):
    with pytest.raises(OSError, match=r"cannot create the cache folder.*RNNBOOK_CACHE"):
        paths.checkpoint_path("best")


def _cache_file():
    files = list(Path(os.environ["RNNBOOK_CACHE"]).glob("imdb*.npz"))
    assert len(files) == 1, files
    return files[0]


def _tamper(change):
    """Edit the cached arrays in place, keeping every other entry of the file as it was."""
    cache = _cache_file()
    with np.load(cache) as f:
        arrays = {k: f[k] for k in f.files}
    change(arrays)
    with open(cache, "wb") as f:
        np.savez_compressed(f, **arrays)


def _flip_labels(arrays):
    arrays["train_labels"] = 1 - arrays["train_labels"]


def _drop_last_review(arrays):
    n = int(arrays["test_lengths"][-1])
    arrays["test_lengths"] = arrays["test_lengths"][:-1]
    arrays["test_ids"] = arrays["test_ids"][:len(arrays["test_ids"]) - n]
    arrays["test_labels"] = arrays["test_labels"][:-1]


@pytest.mark.parametrize("change", [_flip_labels, _drop_last_review])
def test_a_tampered_cache_is_rebuilt_with_a_warning(small_imdb, monkeypatch, change):
    source = _write_small_imdb(small_imdb)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json", source)
    good = datasets._raw_imdb()
    _tamper(change)
    with pytest.warns(UserWarning, match=r"IMDB cache .*npz.* rebuilt"):
        again = datasets._raw_imdb()
    assert again[0][0] == good[0][0] and again[1][0] == good[1][0]
    assert list(again[0][1]) == [1, 1, 1, 0, 0, 0] and list(again[1][1]) == [1, 1, 1, 0, 0, 0]
    assert datasets._raw_imdb()[0][0] == good[0][0]          # rebuilt: no warning any more


def test_a_tampered_cache_without_a_source_is_not_used(small_imdb, monkeypatch):
    source = _write_small_imdb(small_imdb)
    _trust(monkeypatch, small_imdb / "imdb_word_index.json", source)
    datasets._raw_imdb()
    _tamper(_flip_labels)
    source.unlink()
    monkeypatch.setattr(keras.datasets.imdb, "load_data", lambda **kw: "keras result")
    with pytest.warns(UserWarning, match=r"IMDB cache .*not used"):
        assert datasets.load_imdb() == "keras result"


def test_a_cache_built_from_another_word_index_is_rebuilt(small_imdb, monkeypatch):
    source = _write_small_imdb(small_imdb)
    index = small_imdb / "imdb_word_index.json"
    _trust(monkeypatch, index, source)
    datasets._raw_imdb()
    index.write_text(json.dumps({**WORDS, "great": 12, "zzzunknown": 1}))
    _trust(monkeypatch, index)
    with pytest.warns(UserWarning, match=r"imdb_word_index.json.*rebuilt"):
        (x, _), _ = datasets._raw_imdb()
    assert x[0][1] == 12 and x[3] == [1, 4]


def test_the_novel_is_checked_by_sha256(isolated_data):
    """A 1268-0.txt that is not the 2016 edition (here an edited copy with valid markers) is
    reported as corrupt (today it is used silently)."""
    (isolated_data / "1268-0.txt").write_text(
        "*** START OF THIS PROJECT GUTENBERG EBOOK\nTHE MYSTERIOUS ISLAND\nedited by hand\n"
        "End of the Project Gutenberg\n", encoding="utf-8")
    with pytest.raises(datasets.CorruptDataError, match=r"1268-0.txt is corrupt.*SHA-256"):
        datasets.load_mysterious_island()
    assert datasets.KNOWN_SHA256["1268-0.txt"] == \
        "355bfdc3f9b5e384b1918e817dd086ce0df97f4d294c69f032fb70b95c1e737c"
