"""The notebooks' setup cell, run as Colab would run it (a fake google.colab module)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import colab  # noqa: E402
import pytest  # noqa: E402


def run_setup(tmp_path, in_colab, **setup_options):
    fake = tmp_path / "fake_site"
    if in_colab:
        (fake / "google" / "colab").mkdir(parents=True)
        (fake / "google" / "colab" / "__init__.py").write_text("")
    else:
        fake.mkdir()
    clone = tmp_path / "content" / "repo"
    script = colab.setup_source(**setup_options) + "\nprint('UTILS_FROM', utils.__file__)\n"
    env = dict(os.environ,
               PYTHONPATH=str(fake),
               RNNBOOK_REPO=str(ROOT),          # clone from this checkout, not from GitHub
               RNNBOOK_DIR=str(clone),
               TF_CPP_MIN_LOG_LEVEL="3")
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout, clone


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git checkout to clone from")
def test_setup_cell_in_colab_clones_and_imports_utils(tmp_path):
    stdout, clone = run_setup(tmp_path, in_colab=True, trains=True)
    assert (clone / "utils" / "__init__.py").exists(), "the repository was cloned"
    used = stdout.split("UTILS_FROM", 1)[1].strip()
    assert Path(used).resolve() == (clone / "utils" / "__init__.py").resolve(), \
        "utils must be imported from the clone"
    assert "TensorFlow" in stdout and "mode" in stdout


def test_setup_cell_locally_clones_nothing(tmp_path):
    stdout, clone = run_setup(tmp_path, in_colab=False)
    assert not clone.exists()
    used = stdout.split("UTILS_FROM", 1)[1].strip()
    assert Path(used).resolve().parent == (ROOT / "utils").resolve()


def test_setup_cell_uses_the_repository_url_from_pyproject():
    url = colab.repository_url()
    assert url.startswith("https://github.com/")
    assert f'"{url}.git"' in colab.setup_source()
    assert colab.badge("01_x.ipynb").endswith(
        f"/github/{url.split('github.com/')[1]}/blob/main/chapters/01_x.ipynb)")


def test_setup_line_names_the_mode_only_in_chapters_that_train(tmp_path):
    stdout, _ = run_setup(tmp_path, in_colab=False)
    assert "TensorFlow" in stdout and "mode" not in stdout
    assert "utils.setup_notebook(trains=True)" in colab.setup_source(trains=True)
    trains = {p.name[:2]: colab.trains(colab.json.loads(p.read_text())) for p in colab.notebooks()}
    assert not trains["01"] and trains["04"], trains


def test_colab_only_packages_are_installed_in_colab_only(tmp_path):
    # Locally the install line must not run: a package that does not exist would fail it.
    source = colab.setup_source(packages=["no-such-package-rnnbook"])
    assert "'no-such-package-rnnbook'" in source
    body = source.split("if IN_COLAB:", 1)[1].split("\nimport utils", 1)[0]
    assert "pip" in body, "the install line belongs inside the IN_COLAB block"
    stdout, _ = run_setup(tmp_path, in_colab=False, packages=["no-such-package-rnnbook"])
    assert "TensorFlow" in stdout
