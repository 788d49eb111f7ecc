"""Write the Colab badge and setup cell into every chapter, and the chapter table into README.

The repository's address is written once, in ``pyproject.toml`` under ``[project.urls]``
(``Repository``). This script copies it into

* the "Open in Colab" badge of each notebook's title cell,
* each notebook's setup cell (the second cell): the clone line; in Colab only, a quiet
  ``%pip install`` of the packages that chapter needs and Colab lacks (``COLAB_PACKAGES``,
  the one list of them); and whether the start-up line names the fast/full mode (only in
  chapters that train, i.e. whose code calls ``utils.epochs(``),
* the chapter table of ``README.md`` (between ``<!-- chapters:start -->`` and
  ``<!-- chapters:end -->``).

Usage::

    python tools/colab.py           # rewrite what is out of date
    python tools/colab.py --check   # only report; exit 1 if anything is out of date

Outputs and execution counts are left as they are; only cell sources change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
README = ROOT / "README.md"
BADGE_IMG = "https://colab.research.google.com/assets/colab-badge.svg"
BADGE_RE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)")
TABLE_START, TABLE_END = "<!-- chapters:start -->", "<!-- chapters:end -->"

# Packages a chapter needs that Google Colab does not ship, by chapter number. The setup cell
# installs them in Colab only; locally requirements.txt has them. Keep this the one list.
COLAB_PACKAGES: dict[str, list[str]] = {"08": ["pmdarima>=2.1", "bokeh_sampledata>=2026.1"],
                                       "11": ["sentencepiece>=0.2", "koreanize-matplotlib>=0.1.1"],
                                       "12": ["koreanize-matplotlib>=0.1.1"]}

SETUP_TEMPLATE = '''\
# Setup. In Google Colab it fetches the repository and makes `utils` importable;
# locally (after `pip install -r requirements.txt`) it only imports it.
import os
import subprocess
import sys

try:
    import google.colab  # noqa: F401  (present only in Colab)
    IN_COLAB = True
except ImportError:
    IN_COLAB = False
if IN_COLAB:
    REPO_URL = os.environ.get("RNNBOOK_REPO", "{clone_url}")
    REPO_DIR = os.environ.get("RNNBOOK_DIR", "/content/{name}")
    if not os.path.isdir(REPO_DIR):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", REPO_URL, REPO_DIR], check=True)
    sys.path.insert(0, REPO_DIR){pip}

import utils

print(utils.setup_notebook({trains}))'''
PIP_TEMPLATE = '''
    # Colab lacks these packages; this chapter installs them quietly, once per runtime.
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", {specs}], check=True)'''


def repository_url() -> str:
    """``[project.urls].Repository`` from pyproject.toml, without a trailing slash or .git."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        url = tomllib.load(f)["project"]["urls"]["Repository"]
    url = url.rstrip("/")
    return url[:-4] if url.endswith(".git") else url


def _github_path(url: str) -> str:
    match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+)", url)
    if not match:
        raise SystemExit(f"Repository URL {url!r} is not of the form https://github.com/OWNER/NAME")
    return match[1]


def setup_source(url: str | None = None, *, trains: bool = False,
                 packages: list[str] | tuple[str, ...] = ()) -> str:
    """The setup cell's source for a repository URL (default: the one in pyproject.toml).

    ``trains`` makes the start-up line name the fast/full mode; ``packages`` are pip
    requirement strings installed in Colab only.
    """
    url = url or repository_url()
    pip = PIP_TEMPLATE.format(specs=", ".join(repr(p) for p in packages)) if packages else ""
    return SETUP_TEMPLATE.format(clone_url=url + ".git", name=url.rsplit("/", 1)[-1],
                                 pip=pip, trains="trains=True" if trains else "")


def trains(nb: dict) -> bool:
    """Whether a chapter trains models: its code asks ``utils.epochs(...)`` for an epoch count."""
    return any("utils.epochs(" in _source(c) for c in nb["cells"] if c["cell_type"] == "code")


def chapter_setup_source(path: Path, nb: dict | None = None, url: str | None = None) -> str:
    """The setup cell wanted in ``chapters/<path.name>``."""
    nb = nb if nb is not None else json.loads(path.read_text(encoding="utf-8"))
    return setup_source(url, trains=trains(nb), packages=COLAB_PACKAGES.get(path.name[:2], ()))


def badge(notebook_name: str, url: str | None = None) -> str:
    """Markdown for the "Open in Colab" badge of ``chapters/<notebook_name>``."""
    path = _github_path(url or repository_url())
    target = f"https://colab.research.google.com/github/{path}/blob/main/chapters/{notebook_name}"
    return f"[![Open In Colab]({BADGE_IMG})]({target})"


def notebooks() -> list[Path]:
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def title(nb: dict) -> str:
    """The notebook's first Markdown heading, without the leading '#'."""
    for line in _source(nb["cells"][0]).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise SystemExit("the first cell of a chapter must start with a '# Title' line")


def fix_notebook(path: Path, url: str) -> bool:
    """Bring one notebook's badge and setup cell up to date; True if something changed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    first, second = _source(cells[0]), _source(cells[1]) if len(cells) > 1 else ""
    want_badge = badge(path.name, url)
    if BADGE_RE.search(first):
        new_first = BADGE_RE.sub(want_badge, first, count=1)
    else:  # put the badge right under the title line
        head, _, rest = first.partition("\n")
        new_first = f"{head}\n\n{want_badge}\n{rest}"
    want_setup = chapter_setup_source(path, nb, url)
    changed = new_first != first or second != want_setup
    if changed:
        cells[0]["source"] = new_first
        if second.startswith("# Setup"):
            cells[1]["source"] = want_setup
        else:
            raise SystemExit(f"{path.name}: the second cell must be the setup cell")
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def chapter_table(url: str) -> str:
    rows = ["| # | chapter | open |", "|---|---|---|"]
    for path in notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        rows.append(f"| {path.name[:2]} | [{title(nb)}](chapters/{path.name}) "
                    f"| {badge(path.name, url)} |")
    return "\n".join(rows)


def fix_readme(url: str) -> bool:
    text = README.read_text(encoding="utf-8")
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise SystemExit(f"README.md needs the markers {TABLE_START} and {TABLE_END}")
    new = text[:start + len(TABLE_START)] + "\n" + chapter_table(url) + "\n" + text[end:]
    if new != text:
        README.write_text(new, encoding="utf-8")
    return new != text


def out_of_date(url: str | None = None) -> list[str]:
    """Names of files whose badge, setup cell or chapter table differ from what is wanted."""
    url = url or repository_url()
    stale = []
    for path in notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = _source(nb["cells"][0])
        second = _source(nb["cells"][1]) if len(nb["cells"]) > 1 else ""
        if badge(path.name, url) not in first or second != chapter_setup_source(path, nb, url):
            stale.append(str(path.relative_to(ROOT)))
    text = README.read_text(encoding="utf-8")
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or text[start + len(TABLE_START):end].strip() != chapter_table(url):
        stale.append("README.md")
    return stale


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; exit 1 if stale")
    args = parser.parse_args(argv)
    url = repository_url()
    if args.check:
        stale = out_of_date(url)
        for name in stale:
            print(f"out of date: {name}  (run: python tools/colab.py)")
        return 1 if stale else 0
    for path in notebooks():
        if fix_notebook(path, url):
            print(f"updated {path.relative_to(ROOT)}")
    if fix_readme(url):
        print("updated README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
