#!/usr/bin/env bash
# Second test environment: Google Colab's software stack (tools/colab-constraints.txt) in
# .venv-colab/, then every chapter notebook in fast mode under nbval, the way .ci/run tests the
# main stack (requirements.txt). Run from anywhere:  bash tools/colab_env.sh
#
# - Python: pyenv's newest 3.13 when pyenv has one (Colab's version), else python3; it says which.
# - The venv is reused while its Python, the constraints and the package list are unchanged
#   (a stamp file inside it records them); pip's own cache is used, so a rebuild downloads little.
# - requirements.txt is not used: it pins TensorFlow 2.21 and Keras >= 3.15, which conflict with
#   Colab's. The package names go to pip unpinned, under -c tools/colab-constraints.txt, and the
#   repository's utils/ is made importable by a .pth file (what `pip install -e .` would do).
# - Fails if an installed version differs from the constraints, or if a notebook fails.
# Environment: RNNBOOK_DATA (default ../shared/data when it exists, as .ci/run does);
# COLAB_VENV to put the venv elsewhere; extra arguments go to pytest (e.g. -x, or one notebook).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONSTRAINTS=tools/colab-constraints.txt
VENV=${COLAB_VENV:-.venv-colab}
# What the chapters import, plus nbval and its kernel. statsmodels is in the constraints
# (Colab has it) but no chapter imports it, so it is not installed.
PACKAGES=(tensorflow keras numpy pandas protobuf scikit-learn matplotlib vega-datasets
          "pytest>=8" "nbval>=0.11" "nbformat>=5.10" "nbclient>=0.10" "ipykernel>=6.29")
# Packages a chapter needs that Colab lacks: its setup cell pip-installs them in Colab, so this
# environment installs them too (tools/colab.py's COLAB_PACKAGES, the one list).
read -r -a EXTRA <<< "$(python3 -c 'import sys; sys.path.insert(0, "tools"); import colab
print(" ".join(sorted({p for ps in colab.COLAB_PACKAGES.values() for p in ps})))')"
PACKAGES+=("${EXTRA[@]}")
start=$(date +%s)

if [ -z "${RNNBOOK_DATA:-}" ] && [ -d ../shared/data ]; then
    export RNNBOOK_DATA="$(cd ../shared/data && pwd)"
fi

# --- Which Python: pyenv's newest 3.13, else the default python3 ------------------------------
python=""
pyenv_root=""
if command -v pyenv >/dev/null 2>&1; then
    pyenv_root=$(pyenv root 2>/dev/null || true)
fi
[ -n "$pyenv_root" ] || pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for candidate in $(ls -d "$pyenv_root"/versions/3.13*/bin/python3 2>/dev/null | sort -V -r); do
    if "$candidate" -c 'import venv, ssl' >/dev/null 2>&1; then python=$candidate; break; fi
done
if [ -n "$python" ]; then
    which_python="pyenv's Python $("$python" -c 'import platform; print(platform.python_version())') ($python), as on Colab"
else
    python=$(command -v python3)
    which_python="the default python3, $("$python" -c 'import platform; print(platform.python_version())') ($python): no Python 3.13 in pyenv, so not Colab's 3.13"
fi
echo "colab env: Python: $which_python"

# --- Create or reuse the venv -------------------------------------------------------------------
stamp_text="python=$("$python" -c 'import sys; print(sys.version)')
packages=${PACKAGES[*]}
$(cat "$CONSTRAINTS")"
stamp_file="$VENV/.rnnbook-colab-stamp"
if [ -x "$VENV/bin/python" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp_text" ] \
        && "$VENV/bin/python" -c '' 2>/dev/null; then
    echo "colab env: reusing $VENV (same Python, constraints and packages)"
else
    venv_python_ok=0
    if [ -x "$VENV/bin/python" ]; then
        want=$("$python" -c 'import sys; print(sys.version)')
        have=$("$VENV/bin/python" -c 'import sys; print(sys.version)' 2>/dev/null || true)
        [ "$want" = "$have" ] && venv_python_ok=1
    fi
    if [ $venv_python_ok = 0 ]; then
        if [ -e "$VENV" ] && [ ! -f "$VENV/pyvenv.cfg" ]; then
            echo "colab env: $VENV exists and is not a venv; not touching it" >&2
            exit 1
        fi
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
    fi
    rm -f "$stamp_file"
    echo "colab env: installing ${PACKAGES[*]} into $VENV under $CONSTRAINTS"
    # (this machine's pip.conf adds local package folders; pip warns about each one it lacks)
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --progress-bar off \
        -c "$CONSTRAINTS" "${PACKAGES[@]}" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    "$VENV/bin/python" -m pip check
    printf '%s\n' "$stamp_text" > "$stamp_file"
fi
# `import utils` from this checkout, like the editable install in requirements.txt:
site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
printf '%s\n' "$ROOT" > "$site/rnnbook-repo.pth"

# --- Check that the installed versions are Colab's -----------------------------------------------
"$VENV/bin/python" - "$CONSTRAINTS" <<'EOF'
import platform
import re
import sys
from importlib import metadata

pins = {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if line:
        name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line).groups()
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
shown = ["tensorflow", "keras", "numpy", "pandas", "scikit-learn", "matplotlib", "protobuf", "vega-datasets"]
print(f"colab env: python {platform.python_version()}")
bad = []
for name in shown + sorted(set(pins) - set(shown)):
    try:
        have = metadata.version(name)
    except metadata.PackageNotFoundError:
        have = None
    want = pins.get(name)
    if have is None and name not in shown:
        print(f"colab env: {name} not installed (no chapter needs it; Colab has {want})")
        continue
    ok = have == want or want is None
    print(f"colab env: {name} {have}" + ("" if ok else f"   <-- constraints say {want}"))
    bad += [] if ok else [name]
if bad:
    sys.exit(f"colab env: installed versions differ from the constraints: {', '.join(bad)}")
EOF
ready=$(date +%s)
echo "colab env: environment ready in $((ready - start)) s"

# --- Every chapter in fast mode, with the repository's pytest/nbval settings (pyproject.toml) ----
# and the test that setup_notebook() hides TensorFlow 2.20's one-time XLA log lines. Not
# tests/conftest.py (it needs hypothesis, and its MPLBACKEND=Agg is not what Colab has).
[ $# -gt 0 ] || set -- chapters tests/test_notebook_setup.py
status=0
RNNBOOK_FAST=1 "$VENV/bin/python" -m pytest --noconftest "$@" || status=$?
end=$(date +%s)
echo "colab env: notebooks took $((end - ready)) s; tools/colab_env.sh took $((end - start)) s in all (exit $status)"
exit $status
