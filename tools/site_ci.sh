#!/usr/bin/env bash
# CI step for the website (called by .ci/run; runs on its own too: bash tools/site_ci.sh).
# Installs Debian's chromium and chromium-driver if missing, creates the site's environment
# .venv-site/ from requirements-site.txt, builds the site from README.md, the committed
# notebooks (no execution) and the bench's report bench/report.md (the Measurements appendix),
# and checks it in headless Chromium (links, images, formulas, collapsed check and Colab setup
# cells, tables that fit the page, Hangul drawn with the site's own web font NanumGothic: see
# tools/site.py). Exits non-zero on any failure.
# Pass a folder to also save screenshots of every page there: bash tools/site_ci.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
trap 'echo "site: $(( $(date +%s) - start )) s for install + build + browser check"' EXIT

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium chromium-driver
fi

# The Hangul check proves most on a machine without a Korean font (as Debian's chromium sees it).
if command -v fc-list >/dev/null; then
    echo "site: Korean system fonts here (fc-list :lang=ko): $(fc-list :lang=ko | wc -l)"
fi

python3 -m venv .venv-site
.venv-site/bin/python -m pip install -q -r requirements-site.txt
.venv-site/bin/python tools/site.py build
.venv-site/bin/python tools/site.py check ${1:+--screenshots "$1"}
