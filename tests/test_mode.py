"""The fast/full switch (utils.mode) and the paths helpers (utils.paths)."""

import pytest

import utils
from utils import paths


@pytest.mark.parametrize("value, fast", [("1", True), ("true", True), ("YES", True),
                                         ("0", False), ("", False), ("off", False)])
def test_is_fast_reads_the_environment(monkeypatch, value, fast):
    monkeypatch.setenv("RNNBOOK_FAST", value)
    assert utils.is_fast() is fast
    assert utils.epochs(100) == (2 if fast else 100)
    assert utils.by_mode(full="big", fast="small") == ("small" if fast else "big")


def test_unset_means_full(monkeypatch):
    monkeypatch.delenv("RNNBOOK_FAST", raising=False)
    assert not utils.is_fast()
    assert "full mode" in utils.describe()
    # Chapters 07, 09 and 10 train on their own recipes, not the book's: the line may not say so.
    assert "book" not in utils.describe()


def test_unknown_value_is_an_error(monkeypatch):
    monkeypatch.setenv("RNNBOOK_FAST", "maybe")
    with pytest.raises(ValueError, match="RNNBOOK_FAST='maybe'"):
        utils.is_fast()


def test_subset(monkeypatch):
    x, y = list(range(10)), list("abcdefghij")
    monkeypatch.setenv("RNNBOOK_FAST", "1")
    assert utils.subset(x, y, fast=3) == ([0, 1, 2], ["a", "b", "c"])
    assert utils.subset(x, fast=4) == [0, 1, 2, 3]
    monkeypatch.setenv("RNNBOOK_FAST", "0")
    assert utils.subset(x, y, fast=3) == (x, y)


@pytest.mark.parametrize("call, error, words", [
    (lambda: utils.subset([1, 2], [1], fast=1), ValueError, "different lengths"),
    (lambda: utils.subset(fast=1), ValueError, "at least one array"),
    (lambda: utils.subset([1], fast=0), ValueError, "fast must be a positive whole number"),
    (lambda: utils.subset([1], fast=2.5), TypeError, r"fast must be .* got 2.5 \(float\)"),
    (lambda: utils.subset([1], fast="2"), TypeError, "fast must be"),
    (lambda: utils.epochs(0), ValueError, "full must be a positive whole number, got 0"),
    (lambda: utils.epochs(True), TypeError, "full must be"),
    (lambda: utils.epochs(10, fast=2.5), TypeError, "fast must be"),
    (lambda: utils.epochs("100"), TypeError, r"full must be .* got '100' \(str\)"),
])
def test_bad_mode_arguments(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_numpy_whole_numbers_are_fine(monkeypatch):
    import numpy as np

    monkeypatch.setenv("RNNBOOK_FAST", "1")
    assert utils.epochs(np.int64(100), fast=np.int32(3)) == 3
    assert type(utils.epochs(np.int64(100))) is int
    assert utils.subset([1, 2, 3], fast=np.int64(2)) == [1, 2]


@pytest.mark.parametrize("fast", ["0", "1"])
@pytest.mark.parametrize("make, words", [
    (lambda: (i for i in range(5)), "argument 1 is a generator, which has no length"),
    (lambda: iter([1, 2, 3, 4, 5]), "argument 1 is a list_iterator, which has no length"),
    (lambda: {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, "argument 1 is a dict, which cannot be cut"),
    (lambda: set(range(5)), "argument 1 is a set, which cannot be cut"),
])
def test_subset_refuses_what_it_cannot_cut_in_both_modes(monkeypatch, fast, make, words):
    monkeypatch.setenv("RNNBOOK_FAST", fast)
    with pytest.raises(TypeError, match=words):
        utils.subset(make(), fast=2)
    with pytest.raises(TypeError, match=words.replace("argument 1", "argument 2")):
        utils.subset(list(range(5)), make(), fast=2)


def test_subset_tf_data_points_to_take(monkeypatch):
    tf = pytest.importorskip("tensorflow")
    monkeypatch.setenv("RNNBOOK_FAST", "0")
    with pytest.raises(TypeError, match=r"dataset.take\(n\)"):
        utils.subset(tf.data.Dataset.range(5), fast=2)


def test_data_dirs_order_and_bad_env(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNBOOK_DATA", str(tmp_path))
    assert paths.data_dirs() == [tmp_path.resolve(), paths.REPO_DATA]
    monkeypatch.setenv("RNNBOOK_DATA", str(tmp_path / "typo"))
    with pytest.raises(FileNotFoundError, match="RNNBOOK_DATA=.*typo.* is not a folder"):
        paths.data_dirs()
    monkeypatch.delenv("RNNBOOK_DATA")
    assert paths.data_dirs() == [paths.REPO_DATA]


def test_find_data_file_prefers_env_folder(tmp_path, monkeypatch):
    env, repo = tmp_path / "env", tmp_path / "repo"
    env.mkdir(), repo.mkdir()
    (repo / "a.txt").write_text("repo")
    monkeypatch.setattr(paths, "REPO_DATA", repo)
    monkeypatch.setenv("RNNBOOK_DATA", str(env))
    assert paths.find_data_file("a.txt") == repo / "a.txt"
    (env / "a.txt").write_text("env")
    assert paths.find_data_file("a.txt") == env / "a.txt"
    assert paths.find_data_file("missing.txt") is None


def test_checkpoint_path(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path))
    path = utils.checkpoint_path("simple_rnn")
    assert path == str(tmp_path / "checkpoints" / "simple_rnn.keras")
    assert (tmp_path / "checkpoints").is_dir()
    assert utils.checkpoint_path("x.keras").endswith("checkpoints/x.keras")
    for bad in ["", "a/b", "model.h5"]:
        with pytest.raises(ValueError, match="checkpoint_path"):
            utils.checkpoint_path(bad)
    with pytest.raises(TypeError, match="checkpoint_path: name must be a file name"):
        utils.checkpoint_path(None)


@pytest.mark.skipif(not (paths.ROOT / ".git").exists(), reason="not a git checkout")
def test_default_cache_is_git_ignored(monkeypatch):
    monkeypatch.delenv("RNNBOOK_CACHE", raising=False)
    assert paths.cache_dir() == paths.ROOT / "data" / "cache"
    import subprocess
    out = subprocess.run(["git", "check-ignore", "-q", "data/cache/x.keras"], cwd=paths.ROOT)
    assert out.returncode == 0, "data/cache must be ignored by git"


def test_jit_compile_only_without_gpu(monkeypatch):
    import tensorflow as tf

    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: [])
    assert utils.jit_compile() is True
    monkeypatch.setattr(tf.config, "list_physical_devices",
                        lambda kind=None: ["/physical_device:GPU:0"] if kind == "GPU" else [])
    assert utils.jit_compile() is False
