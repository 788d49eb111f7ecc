"""utils.paths: checkpoint names Keras 3 accepts, and clear errors for bad names and folders."""

import pytest

import utils
from utils import paths

keras = pytest.importorskip("keras")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path))
    return tmp_path / "checkpoints"


def _keras_accepts(filepath, save_weights_only):
    """Whether Keras 3's ModelCheckpoint accepts this file name."""
    try:
        keras.callbacks.ModelCheckpoint(filepath, save_weights_only=save_weights_only)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name, weights_only, expected", [
    ("best", False, "best.keras"),
    ("best.keras", False, "best.keras"),
    ("best.weights.h5", True, "best.weights.h5"),
    ("seattle-gru.weights.h5", True, "seattle-gru.weights.h5"),
])
def test_names_keras_accepts_are_kept(cache, name, weights_only, expected):
    path = utils.checkpoint_path(name)
    assert path == str(cache / expected)
    assert _keras_accepts(path, save_weights_only=weights_only)


def test_weights_only_checkpoint_saves_and_loads(cache):
    import numpy as np

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile("sgd", "mse")
    path = utils.checkpoint_path("tiny.weights.h5")
    model.fit(np.ones((4, 3)), np.ones((4, 2)), epochs=1, verbose=0,
              callbacks=[keras.callbacks.ModelCheckpoint(path, save_weights_only=True)])
    other = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    other.load_weights(path)
    np.testing.assert_array_equal(other.layers[0].kernel.numpy(), model.layers[0].kernel.numpy())


def test_legacy_h5_is_refused_with_both_modern_names(cache):
    with pytest.raises(ValueError, match=r"'model.h5' is the legacy HDF5 format. Use "
                                         r"'model.keras' .* or 'model.weights.h5'"):
        utils.checkpoint_path("model.h5")
    # The names the message suggests are ones Keras takes.
    assert _keras_accepts(utils.checkpoint_path("model.keras"), save_weights_only=False)
    assert _keras_accepts(utils.checkpoint_path("model.weights.h5"), save_weights_only=True)


@pytest.mark.parametrize("name, error, words", [
    (None, TypeError, r"name must be a file name \(a str\).*got None \(NoneType\)"),
    (3, TypeError, r"got 3 \(int\)"),
    ("", ValueError, "name must be a plain file name"),
    ("   ", ValueError, "name must be a plain file name"),
    ("a/b", ValueError, r"no folders\), got 'a/b'"),
    ("a\\b", ValueError, "no folders"),
    ("..", ValueError, "plain file name"),
])
def test_bad_names(cache, name, error, words):
    with pytest.raises(error, match=words):
        utils.checkpoint_path(name)
    assert not cache.exists() or not any(cache.iterdir())


def test_cache_that_is_a_file_is_named(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "cache.txt"
    not_a_folder.write_text("x")
    monkeypatch.setenv("RNNBOOK_CACHE", str(not_a_folder))
    with pytest.raises(FileExistsError, match=r"RNNBOOK_CACHE=.*cache.txt.* is a file, not a "
                                              r"folder.*Point RNNBOOK_CACHE at a folder"):
        paths.cache_dir()


def test_find_data_file_names_must_be_text(tmp_path, monkeypatch):
    monkeypatch.setenv("RNNBOOK_DATA", str(tmp_path))
    with pytest.raises(TypeError, match=r"names must be file names \(str\).*got 5 \(int\)"):
        paths.find_data_file("a.txt", 5)
    with pytest.raises(ValueError, match="must not be empty"):
        paths.find_data_file("")
