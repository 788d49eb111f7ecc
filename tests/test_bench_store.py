"""bench/store.py: the results file loses nothing — concurrent writers, damaged files, crashes."""

import json
import multiprocessing

import pytest

from bench import store


def _add_rows(path, worker, count):
    for i in range(count):
        store.update(lambda data: data.setdefault("models", []).append(
            {"chapter": f"w{worker}", "model": f"row {i}"}), path)


def test_two_processes_updating_at_once_lose_no_row(tmp_path):
    path = tmp_path / "results.json"
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_rows, args=(path, w, 40)) for w in range(3)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    rows = store.load(path)["models"]
    assert len(rows) == 120 and len({(r["chapter"], r["model"]) for r in rows}) == 120
    assert not list(tmp_path.glob("*.tmp")), "no temporary file is left behind"


def test_a_damaged_file_is_never_overwritten(tmp_path):
    path = tmp_path / "results.json"
    path.write_text('{"models": [{"model": "kept"}', encoding="utf-8")     # truncated
    with pytest.raises(store.DamagedResults, match="damaged.*git checkout"):
        store.update(lambda data: data.setdefault("models", []).append({"model": "new"}), path)
    assert path.read_text(encoding="utf-8") == '{"models": [{"model": "kept"}'
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(store.DamagedResults, match="not an object"):
        store.load(path)


def test_a_failing_change_writes_nothing(tmp_path):
    path = tmp_path / "results.json"
    store.write({"models": [{"model": "a"}]}, path)

    def change(data):
        data["models"].clear()
        raise RuntimeError("the study crashed")

    with pytest.raises(RuntimeError):
        store.update(change, path)
    assert json.loads(path.read_text(encoding="utf-8")) == {"models": [{"model": "a"}]}


def test_missing_file_is_empty_and_reference_is_readable():
    assert store.load(store.HERE / "no-such-file.json") == {}
    ref = store.reference()
    assert {"book_runs", "book_commits", "anchors", "goals", "imdb_seed_studies"} <= set(ref)


def test_committed_rows_all_have_a_kind():
    rows = store.load()["models"]
    assert rows and all(r.get("kind") for r in rows)


def test_a_fast_study_is_saved_elsewhere_but_never_into_the_committed_file(tmp_path, monkeypatch, capsys):
    assert store.is_committed(store.HERE / "results.json")
    assert not store.is_committed(store.HERE / "elsewhere.json")
    monkeypatch.setattr(store, "RESULTS", store.HERE / "results.json")
    monkeypatch.setattr(store, "update", lambda change: pytest.fail("wrote the committed file"))
    assert store.save_study("seeds_x", {"runs": []}, fast=True) is False
    assert "fast mode: nothing written" in capsys.readouterr().out
    elsewhere = tmp_path / "results.json"
    monkeypatch.undo()
    monkeypatch.setattr(store, "RESULTS", elsewhere)
    assert store.save_study("seeds_x", {"runs": [1]}, fast=True) is True
    assert store.load(elsewhere) == {"seeds_x": {"runs": [1]}}
