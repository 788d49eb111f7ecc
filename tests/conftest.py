import os

os.environ["MPLBACKEND"] = "Agg"                    # plots must render headless
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # keep TensorFlow's C++ log out of test output

import pytest
from hypothesis import settings

settings.register_profile("rnnbook", max_examples=150, deadline=None)
settings.load_profile("rnnbook")


@pytest.fixture
def isolated_data(tmp_path, monkeypatch):
    """An empty RNNBOOK_DATA folder, an empty cache and a repo data/ folder with nothing in it."""
    from utils import paths

    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("RNNBOOK_DATA", str(data))
    monkeypatch.setenv("RNNBOOK_CACHE", str(tmp_path / "cache"))
    empty_repo_data = tmp_path / "repo_data"
    empty_repo_data.mkdir()
    monkeypatch.setattr(paths, "REPO_DATA", empty_repo_data)
    return data
