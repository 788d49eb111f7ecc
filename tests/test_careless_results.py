"""utils.results tried as a careless learner would: two notebooks recording at once, a damaged
results file, a cache that cannot be written, and no reading of tools/ (issue 19)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import utils
from utils import paths, results

# The child processes import the same utils as this test (the folder that holds utils/).
HOME = str(Path(utils.__file__).resolve().parent.parent)
HISTORY = {"loss": [0.69, 0.6], "val_loss": [0.68, 0.62], "val_accuracy": [0.52, 0.66]}

WRITER = """
import sys, time
sys.path.insert(0, {home!r})
from utils import results
worker, rows, start = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
time.sleep(max(0.0, start - time.time()))          # every process starts at the same moment
for i in range(rows):
    results.record(f"w{{worker}}-r{{i}}", {history!r}, row=i)
"""


def test_processes_recording_at_once_lose_no_row(tmp_path):
    """4 processes record 50 rows each at the same time: all 200 rows are kept, in the cache's
    results.json and in the $RNNBOOK_RESULTS file (today rows are lost, or a process crashes on
    the fixed temporary file name)."""
    cache, lines = tmp_path / "cache", tmp_path / "rows.jsonl"
    env = {**os.environ, "RNNBOOK_CACHE": str(cache), "RNNBOOK_RESULTS": str(lines),
           "RNNBOOK_FAST": "1", "PYTHONPATH": HOME}
    code = WRITER.format(home=HOME, history=HISTORY)
    start = time.time() + 6
    procs = [subprocess.Popen([sys.executable, "-c", code, str(w), "50", str(start)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
    expected = {f"w{w}-r{i}" for w in range(4) for i in range(50)}
    kept = json.loads((cache / "results.json").read_text())
    assert {row["model"] for row in kept.values()} == expected
    appended = [json.loads(line) for line in lines.read_text().splitlines()]
    assert len(appended) == 200 and {row["model"] for row in appended} == expected
    assert not [p for p in cache.iterdir() if p.name not in ("results.json", "results.json.lock")]


@pytest.fixture
def fast_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path))
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    monkeypatch.delenv("RNNBOOK_RESULTS", raising=False)
    monkeypatch.setattr(results, "_committed_path", lambda: tmp_path / "no-committed.json")
    return tmp_path


def test_a_truncated_results_file_is_kept_not_overwritten(fast_cache):
    """A results.json cut short (a full disk, a killed kernel) is moved aside with a loud
    warning; today the next record() silently replaces it with a file of the new row alone."""
    results.record("first", HISTORY, params=1)
    results.record("second", HISTORY, params=2)
    kept = fast_cache / "results.json"
    damaged = kept.read_bytes()[:-25]
    kept.write_bytes(damaged)

    with pytest.warns(UserWarning, match=r"results.json.*cannot be read"):
        assert results.load("first") == [None]          # reading never moves or deletes it
    assert kept.read_bytes() == damaged

    with pytest.warns(UserWarning, match=r"results.json.*cannot be read.*moved to .*corrupt-") as w:
        results.record("third", HISTORY, params=3)
    moved = list(fast_cache.glob("results.json.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == damaged
    assert moved[0].name in str(w[0].message)
    assert results.load("third")[0]["params"] == 3


def test_a_results_file_that_is_not_a_table_is_kept_too(fast_cache):
    (fast_cache / "results.json").write_text("[1, 2, 3]")
    with pytest.warns(UserWarning, match="cannot be read"):
        results.record("m", HISTORY)
    assert [p.read_text() for p in fast_cache.glob("results.json.corrupt-*")] == ["[1, 2, 3]"]


def test_a_truncated_json_lines_file_keeps_its_rows_and_the_new_one(fast_cache, monkeypatch):
    """A $RNNBOOK_RESULTS file whose last line was cut short: the new row goes on a line of its
    own (today it is glued to the broken line, so both are unreadable)."""
    lines = fast_cache / "rows.jsonl"
    lines.write_text(json.dumps({"model": "old"}) + "\n" + '{"model": "cut sh')
    monkeypatch.setenv("RNNBOOK_RESULTS", str(lines))
    with pytest.warns(UserWarning, match="did not end with a newline"):
        results.record("new", HISTORY)
    text = lines.read_text().splitlines()
    assert json.loads(text[0]) == {"model": "old"}
    assert text[1] == '{"model": "cut sh'                     # kept as it was
    assert json.loads(text[2])["model"] == "new"


@pytest.fixture
def unwritable_cache(tmp_path, monkeypatch):
    """A cache that cannot be created. We run as root, where chmod 0o555 does not stop writes,
    so RNNBOOK_CACHE points *below a regular file*: every mkdir or write there fails with
    NotADirectoryError (an OSError), as it would in a read-only folder."""
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RNNBOOK_CACHE", str(blocker / "cache"))
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    monkeypatch.delenv("RNNBOOK_RESULTS", raising=False)
    return blocker / "cache"


def test_record_on_an_unwritable_cache_returns_the_row_with_a_warning(unwritable_cache):
    """After minutes of training, record() must not end in a raw OSError."""
    with pytest.warns(UserWarning, match=r"could not be kept in .*RNNBOOK_CACHE"):
        row = results.record("m", HISTORY, params=5)
    assert row["params"] == 5 and row["best_epoch"] == 2


def test_load_only_reads(unwritable_cache, tmp_path, monkeypatch):
    """load() reads: it works with an unwritable cache and creates no folder."""
    assert results.load("m") == [None]
    fresh = tmp_path / "not-yet"
    monkeypatch.setenv("RNNBOOK_CACHE", str(fresh))
    assert results.load("m") == [None]
    assert not fresh.exists()


def test_an_unwritable_results_lines_file_is_named(fast_cache, monkeypatch):
    blocker = fast_cache / "a_file"
    blocker.write_text("x")
    monkeypatch.setenv("RNNBOOK_RESULTS", str(blocker / "rows.jsonl"))
    with pytest.raises(OSError, match=r"RNNBOOK_RESULTS=.*rows.jsonl.*\"model\": \"m\""):
        results.record("m", HISTORY)


def test_results_does_not_read_tools():
    """The committed rows come from bench/results.json; nothing in utils.results names tools/."""
    assert results._committed_path() == paths.ROOT / "bench" / "results.json"
    assert "tools/" not in Path(results.__file__).read_text() and "tools" not in \
        results.COMMITTED_SOURCE
    assert "bench/results.json" in results.COMMITTED_SOURCE


def test_a_missing_committed_file_means_no_committed_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "_committed_path", lambda: tmp_path / "nope.json")
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RNNBOOK_FAST", "0")
    assert results.load("GRU(8)") == [None]


def test_a_damaged_committed_file_is_said(tmp_path, monkeypatch):
    bad = tmp_path / "results.json"
    bad.write_text('{"models": [')
    monkeypatch.setattr(results, "_committed_path", lambda: bad)
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RNNBOOK_FAST", "0")
    with pytest.warns(UserWarning, match=r"results.json.*cannot be read"):
        assert results.load("GRU(8)") == [None]
