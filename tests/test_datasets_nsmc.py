"""utils.datasets.load_nsmc: the Naver Sentiment Movie Corpus, read as it is, or a clear error."""

import os
from pathlib import Path

import keras
import numpy as np
import pytest

from utils import datasets

REAL = Path(os.environ.get("RNNBOOK_DATA", "/nonexistent")) / "nsmc"
needs_real = pytest.mark.skipif(not (REAL / "ratings_train.txt").exists(),
                                reason="the NSMC files are not in $RNNBOOK_DATA/nsmc")


def _offline(*args, **kwargs):
    raise OSError("host unreachable")


@needs_real
def test_the_real_files_are_read_whole_with_their_quirks():
    (x_train, y_train), (x_test, y_test) = datasets.load_nsmc()
    assert (len(x_train), len(y_train), len(x_test), len(y_test)) == (150_000, 150_000, 50_000, 50_000)
    assert x_test[0] == "굳 ㅋ" and y_test[0] == 1                  # the file's first review
    assert (x_train == "").sum() == 5 and (x_test == "").sum() == 3  # empty documents kept
    assert max(map(len, x_train)) == 158
    assert set(np.unique(y_train)) == {0, 1} and 0.49 < y_train.mean() < 0.51
    assert sum("별로지만" in t for t in x_train) == 22            # SOURCES.md's count
    assert all(isinstance(t, str) for t in x_train[:100])


def _copy(folder: Path, name: str, edit=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = (REAL / name).read_bytes()
    (folder / name).write_bytes(edit(data) if edit else data)
    return folder / name


@needs_real
def test_a_damaged_file_is_refused_by_its_checksum(isolated_data):
    _copy(isolated_data / "nsmc", "ratings_train.txt", lambda b: b.replace("굳".encode(), "굿".encode(), 1))
    _copy(isolated_data / "nsmc", "ratings_test.txt")
    with pytest.raises(datasets.CorruptDataError, match="ratings_train.txt.*SHA-256"):
        datasets.load_nsmc()


@needs_real
def test_files_may_sit_in_the_data_folder_itself(isolated_data, monkeypatch):
    monkeypatch.setattr(keras.utils, "get_file", _offline)
    _copy(isolated_data, "ratings_train.txt")
    _copy(isolated_data, "ratings_test.txt")
    (x_train, _), (x_test, _) = datasets.load_nsmc()
    assert len(x_train) == 150_000 and len(x_test) == 50_000


def test_missing_offline_says_what_to_get_and_where(isolated_data, monkeypatch):
    monkeypatch.setattr(keras.utils, "get_file", _offline)
    with pytest.raises(datasets.DataNotFoundError) as info:
        datasets.load_nsmc()
    for words in ["ratings_train.txt", "ratings_test.txt", "raw.githubusercontent.com/e9t/nsmc",
                  str(isolated_data), "nsmc/", "RNNBOOK_DATA", "host unreachable"]:
        assert words in str(info.value), words


def test_the_download_is_checked_against_the_known_checksum(isolated_data, monkeypatch):
    asked = []

    def fake_get_file(fname, origin, file_hash=None, **kwargs):
        asked.append((fname, origin, file_hash))
        raise OSError("host unreachable")

    monkeypatch.setattr(keras.utils, "get_file", fake_get_file)
    with pytest.raises(datasets.DataNotFoundError):
        datasets.load_nsmc()
    fname, origin, file_hash = asked[0]
    assert origin.endswith("/e9t/nsmc/master/ratings_train.txt")
    assert file_hash == datasets.KNOWN_SHA256["ratings_train.txt"]


@pytest.mark.parametrize("content, problem", [
    ("id\tdocument\n1\tgood\t1\n", "header"),
    ("id\tdocument\tlabel\n1\tgood\n", "line 2"),
    ("id\tdocument\tlabel\n1\tgood\t1\n2\tbad\t5\n", "line 3"),
    ("id\tdocument\tlabel\n1\tgood\tpositive\n", "line 2"),
])
def test_a_malformed_file_names_the_line(tmp_path, content, problem):
    path = tmp_path / "reviews.txt"                    # not a known name: no checksum to check
    path.write_text(content, encoding="utf-8")
    with pytest.raises(datasets.CorruptDataError, match=problem):
        datasets._read_nsmc(path)


def test_a_well_formed_file_keeps_empty_reviews_and_order(tmp_path):
    path = tmp_path / "reviews.txt"
    path.write_text("id\tdocument\tlabel\n7\t별로지만 추천해요\t1\n8\t\t0\n9\t\"\"인용\"\"\t0\n", encoding="utf-8")
    texts, labels = datasets._read_nsmc(path)
    assert list(texts) == ["별로지만 추천해요", "", '""인용""'] and list(labels) == [1, 0, 0]
    assert labels.dtype == np.int64
