"""Build the chapters as a static website (Jupyter Book 1) and check it in headless Chromium.

The site is made from the repository's files: ``README.md`` (the landing page), the glossary cut
from the README, the bench's report ``bench/report.md`` (the "Measurements" appendix) and the
executed notebooks in ``chapters/`` — nothing is re-executed. Usage, with the site's own
environment (``requirements-site.txt``)::

    python3 -m venv .venv-site && . .venv-site/bin/activate && pip install -r requirements-site.txt
    python tools/site.py build    # HTML in _build/site/_build/html/ (open index.html)
    python tools/site.py check    # load every page in headless Chromium; exit 1 on any fault
    python tools/site.py check --screenshots DIR    # ... and save PNGs of each page in DIR
    python tools/site.py serve    # serve the built site on http://127.0.0.1:8000/

``build`` assembles ``_build/site/`` (git-ignored) and runs ``jupyter-book build`` on it; then,
when ``chapters/ko/`` has notebooks (written by tools/translate.py), the Korean book the same
way in ``_build/site-ko/`` — README.ko.md as its landing page, the Korean chapters, the glossary,
Sphinx's ``language: ko`` — copied into the site's ``ko/``. Every chapter page, the landing
pages and the glossaries link to their twin in the other language (``rnnbook-twin``). The
English book:

* ``intro.md``     README.md, its links to chapters and to bench/report.md pointed at the
                   pages, other repository links at GitHub, the glossary table replaced by a
                   link to its page;
* ``glossary.md``  the README's glossary section;
* ``measurements.md``  bench/report.md, the "Measurements" appendix. Links to it — and to
                   ``tools/results.md``, its former path, which chapters still name — land on
                   this page; links to the bench's other files (``book_runs.md``,
                   ``results.json``, …) go to GitHub like those to any repository file;
* ``figures/``     a copy of ``bench/figures/``, so the report's images (``figures/*.png``)
                   are shown on its page;
* ``chapters/``    copies of the notebooks; cells tagged ``check`` and the Colab setup cell
                   (the second cell, ``# Setup. …``, written by tools/colab.py) also get
                   ``hide-cell``, so the site shows them collapsed; the setup cell is marked
                   ``colab-setup`` too, for the check (the notebooks themselves are not touched);
                   the cells after a chapter's Solutions heading (tagged ``solution``) are
                   folded: code cells get ``hide-cell``, texts become dropdowns titled with
                   their bold label ("Solution 3.");
* ``_config.yml``, ``_toc.yml``  generated here: reading order (the chapters, then the
                   Reference part: Measurements and the glossary), ``execute_notebooks: "off"``,
                   a Colab launch button per chapter, the repository link;
* ``_assets/``     (published as ``_static/``) MathJax 3, copied from the
                   ``django-static-mathjax`` package, a favicon, and ``site.css`` (tables in a
                   smaller type with tighter cells, so that the report's tables fit the content
                   column; one still too wide scrolls inside the theme's table wrapper); with
                   ``colab-badge.svg`` (drawn here, replacing Colab's badge image) the site loads
                   nothing from the internet, so it also works offline. And ``fonts/``: the
                   site's Hangul web font, "RNNBook Gothic", regular and bold — NanumGothic
                   (SIL Open Font License 1.1) from the ``koreanize-matplotlib`` package, with
                   the tables Chromium's font sanitizer rejects removed and renamed as the
                   licence asks (see ``make_webfont``), and a licence note. ``site.css``
                   declares it with ``@font-face`` for the Hangul blocks only
                   (``unicode-range``) and puts it first in the theme's font stacks, so Hangul
                   shows on machines without a Korean font and Latin text is unchanged.

``check`` serves the built site on 127.0.0.1 and loads every page in headless Chromium (a
1280×2000 window). It fails on a console error, an image not decoded, a formula MathJax did not
typeset, anything loaded from outside the site, a broken internal link or ``#anchor``, a
malformed external link, and on:

* each edition's landing page title and navigation (every chapter, Measurements and the
  glossary from every English page; every chapter and the glossary from every Korean one), and
  "next" links that do not go through the chapters in order; a page without the link to its
  twin in the other language, or a chapter in one edition only;
* each chapter's title, figure count, Colab launch link, its ``check`` cells and Colab setup
  cell, and its solutions (code cells and texts): each must be collapsed and open on a click;
* the Measurements page: its title (the report's) and its images (every ``![…](…)`` of the
  report shown);
* Hangul, on every page whose text shows it: drawn with the site's own font — a face of it
  loaded, ``document.fonts.check`` true, and every element with Hangul (up to 150 a page)
  has the family in its computed ``font-family`` and among the fonts Chromium actually drew
  it with (DevTools' ``CSS.getPlatformFontsForNode``; without the font, missing-glyph boxes
  drawn with a Latin font);
* tables, on every page: Markdown tables (the Measurements page's, the glossary's, the
  chapters' text) must fit the content column outright, with no need for the theme's
  scrollbar; a table in a cell output may be wider only inside an element that scrolls
  horizontally — no table is cut off.

``--screenshots DIR`` saves the top of each page, its first figure and its widest table.

The pure helpers (link rewriting, glossary extraction, notebook preparation) import nothing
beyond the standard library, so tests/test_site.py runs them in the main environment.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import colab  # noqa: E402  (tools/colab.py: the repository URL, chapter titles, badge image)

SRC = ROOT / "_build" / "site"             # the assembled Jupyter Book source folder
HTML = SRC / "_build" / "html"             # what jupyter-book writes, and what is published
SRC_KO = ROOT / "_build" / "site-ko"       # the Korean edition's book, built on its own ...
KO_PREFIX = "ko/"                          # ... and published in HTML/ko/
TWIN_CLASS = "rnnbook-twin"                # the link of each page to its other-language twin
GLOSSARY_START, GLOSSARY_END = "<!-- glossary:start -->", "<!-- glossary:end -->"
CHECK_TAG = "check"                        # verification cells: collapsed on the site
SOLUTION_TAG = "solution"                  # the cells after a chapter's Solutions heading
SOLUTION_CLASS = "rnnbook-solution"        # the class of a folded solution's <details>
COLLAPSE_TAG = "hide-cell"                 # Jupyter Book's tag for "collapsed, click to show"
SETUP_TAG = "colab-setup"                  # the site copies' mark of the Colab setup cell
SETUP_START = "# Setup."                   # how tools/colab.py's setup cell begins
SETUP_CALL = "utils.setup_notebook("       # and what it calls (in every edition)
REPORT = "bench/report.md"                 # the bench's report: the Measurements appendix
OLD_REPORT = "tools/results.md"            # the report's former path, still named by chapters
MEASUREMENTS = "measurements.md"           # its page on the site
REPORT_FIGURES = "bench/figures"           # the report's images, copied next to its page
SITE_CSS = "site.css"                      # the site's own style sheet, in _assets/
BADGE_FILE = "colab-badge.svg"             # a local stand-in for Colab's badge image
# Jupyter Book 1 adds every .js under a source `_static/` to every page, which breaks MathJax
# (its lazily loaded parts must not run up front): static files go in `_assets/` instead.
ASSETS = "_assets"
EXTRA = "_extra"                            # copied as is to the site's root
# The site's Hangul web font: NanumGothic (SIL Open Font License 1.1), regular and bold, from
# the koreanize-matplotlib package, made a web font at build time (see make_webfont: the files
# as shipped fail Chromium's font sanitizer, and the OFL's Reserved Font Name "NanumGothic"
# then asks for another name) into _assets/fonts/ (the site's _static/fonts/). Hangul is in the
# README's glossary, in every chapter and in chapter 11's code and outputs, and many machines
# (Linux desktops, this CI machine) have no Korean system font: without a web font readers
# see missing-glyph boxes.
HANGUL_FAMILY = "RNNBook Gothic"            # the web font's name (not a Reserved Font Name)
HANGUL_PS = "RNNBookGothic"                 # its PostScript name, before "-Regular"/"-Bold"
HANGUL_FONTS = {400: ("NanumGothic.ttf", "Regular"),      # CSS weight -> (package file, style)
                700: ("NanumGothicBold.ttf", "Bold")}
FONTS = "fonts"                             # the fonts' folder in _assets/
FONT_LICENSE = "LICENSE-fonts.txt"          # beside the fonts
# The Hangul blocks (Jamo, Compatibility Jamo, Jamo Extended-A, Syllables, Jamo Extended-B):
# the browser downloads the font only for a page that shows one of these characters.
HANGUL_RANGES = [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7A3),
                 (0xD7B0, 0xD7FF)]
HANGUL_SAMPLE = "별로지만"                   # what the check asks the font to render

# Markdown inline links and images: [text](target) / ![alt](target), target without spaces.
LINK_RE = re.compile(r"(\]\()([^)\s]+)(\))")

# "Open in Colab", drawn here (the real badge is an image on Colab's server).
BADGE_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="117" height="20" role="img" aria-label="Open in Colab">
  <title>Open in Colab</title>
  <rect width="117" height="20" rx="3" fill="#555"/>
  <rect x="24" width="93" height="20" rx="3" fill="#f9ab00"/>
  <rect x="24" width="6" height="20" fill="#f9ab00"/>
  <circle cx="9" cy="10" r="4.5" fill="none" stroke="#f9ab00" stroke-width="2.4"/>
  <circle cx="16" cy="10" r="4.5" fill="none" stroke="#e8710a" stroke-width="2.4"/>
  <text x="70" y="14" fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"
        text-anchor="middle">Open in Colab</text>
</svg>
"""

# The site's own CSS. The theme (pydata-sphinx-theme) already wraps every Markdown table in
# `.pst-scrollable-table-container` (overflow-x: auto); these rules make tables narrower so the
# wrapper's scrollbar stays a last resort. hangul_css() below adds the Hangul web font.
TABLE_CSS_TEXT = """\
/* Generated by tools/site.py. Tables of the content column: a smaller type and tighter cells,
   so that the Measurements appendix's tables (up to 8 columns) fit the column. */
.bd-article table {
  font-size: 0.85rem;
  line-height: 1.35;
}
.bd-article table th,
.bd-article table td {
  padding: 0.3rem 0.45rem;
  vertical-align: top;
}
/* Inline code in a table (a line of the book's code) wraps, at a dot or anywhere, instead of
   widening its column past the page (the theme keeps inline code on one line). */
.bd-article table code,
.bd-article table code span.pre {
  white-space: normal;
  overflow-wrap: anywhere;
}
/* Last resort: a table still wider than the column scrolls inside its wrapper. */
.bd-article .pst-scrollable-table-container {
  max-width: 100%;
  overflow-x: auto;
}
/* Images of Markdown pages (the report's figures) never overflow the column. */
.bd-article img {
  max-width: 100%;
  height: auto;
}
"""


def unicode_range(ranges=HANGUL_RANGES) -> str:
    """CSS ``unicode-range`` value of ``ranges``: ``U+1100-11FF, …``."""
    return ", ".join(f"U+{a:04X}-{b:04X}" for a, b in ranges)


def webfont_file(style: str) -> str:
    """The site's file of the Hangul font in ``style`` (Regular, Bold)."""
    return f"{HANGUL_PS}-{style}.ttf"


def hangul_css(family: str = HANGUL_FAMILY, fonts: dict = HANGUL_FONTS) -> str:
    """The ``@font-face`` rules of the site's Hangul font and the theme's font stacks with it.

    The family comes first in each stack, and its ``unicode-range`` (the Hangul blocks) keeps
    it to Hangul: Latin text skips it and keeps the theme's look, and a browser downloads a face
    only for a page that shows Hangul in that weight. (Last in the stack, after the theme's
    fonts, Chromium drew some all-Hangul elements — a sidebar caption, a link — with the first
    font's missing-glyph boxes even with the face loaded.) The theme (pydata-sphinx-theme)
    sets its fonts through these variables on ``html`` (Bootstrap's sans-serif one styles the
    sidebar's captions); site.css comes after the theme's CSS, so this rule of the same
    specificity wins.
    """
    faces = "".join(f"""\
@font-face {{
  font-family: "{family}";
  src: url("{FONTS}/{webfont_file(style)}") format("truetype");
  font-weight: {weight};
  font-style: normal;
  font-display: swap;
  unicode-range: {unicode_range()};
}}
""" for weight, (_, style) in sorted(fonts.items()))
    return f"""\
/* Hangul: the site's own web font, {family} (NanumGothic under the SIL Open Font License 1.1,
   see {FONTS}/{FONT_LICENSE}), first in every stack; unicode-range keeps it to Hangul. */
{faces}html {{
  --pst-font-family-base: "{family}", var(--pst-font-family-base-system);
  --pst-font-family-heading: "{family}", var(--pst-font-family-base-system);
  --pst-font-family-monospace: "{family}", var(--pst-font-family-monospace-system);
  --bs-font-sans-serif: "{family}", var(--pst-font-family-base-system);
}}
"""


SITE_CSS_TEXT = TABLE_CSS_TEXT + hangul_css()

# The fonts' licence note, written beside them: the koreanize-matplotlib package ships the
# fonts without their licence text (its own LICENSE, MIT, covers its code).
OFL_URL = "https://openfontlicense.org/open-font-license-official-text/"
FONT_LICENSE_TEXT = f"""\
{webfont_file("Regular")} and {webfont_file("Bold")}: the font "{HANGUL_FAMILY}", a Modified
Version of NanumGothic Regular and Bold (version 3.021).

Copyright (c) 2010, NAVER Corporation (https://www.navercorp.com/), with Reserved Font Name
Nanum, Naver Nanum, NanumGothic, Naver NanumGothic, and the other Nanum names NAVER lists.
The fonts' own notice: "Copyright (c) 2011 NHN Corporation. All rights reserved. Font designed
by Sandoll Communications Inc."

This Font Software is licensed under the SIL Open Font License, Version 1.1 (the licence
NAVER publishes the Nanum fonts under since 2010), with no warranty. The licence's text:
{OFL_URL}

Source: the files koreanize_matplotlib/fonts/NanumGothic.ttf and NanumGothicBold.ttf of the
Python package koreanize-matplotlib (https://pypi.org/project/koreanize-matplotlib/), which
ships them without the licence text.

Modifications (tools/site.py, make_webfont), so that browsers accept the files as web fonts:
the tables TSI0-TSI5 (Visual TrueType's editing sources, which no renderer reads; TSI3 is
empty, and Chromium's and Firefox's font sanitizer reject a font with an empty table) are
removed, and, as the licence asks of a Modified Version, the font is renamed "{HANGUL_FAMILY}"
(name table: family, full, unique and PostScript names). To keep the download small, the
site's copy holds only the glyphs of the Hangul its pages use and the compatibility jamo
(a subset made with fontTools); those glyphs' outlines, metrics and hinting are unchanged.
"""

# The browser tab's icon: a recurrent cell (a box with a loop), drawn here.
FAVICON_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <rect x="6" y="12" width="20" height="14" rx="3" fill="#f9ab00"/>
  <path d="M22 12 C22 3, 10 3, 10 12" fill="none" stroke="#555" stroke-width="3"/>
  <path d="M7 9 L10 13 L13 9 Z" fill="#555"/>
</svg>
"""

# --------------------------------------------------------------------------- pure helpers

def site_pages(chapter_names: list[str], figure_names: list[str] = (),
               korean: bool = False) -> dict[str, str]:
    """Repository path -> site source path, for every repository file the site holds.

    The pages (README, the report under its path and its former one, the chapters) and the
    report's figures (files of ``bench/figures/``, copied so that the report's relative image
    links resolve on the site). The Korean book (``korean=True``) holds README.ko.md and the
    notebooks of ``chapters/ko/``, at their repository paths (so that Jupyter Book's Colab
    button opens the Korean notebook); links to the report go to GitHub from there.
    """
    if korean:
        pages = {"README.ko.md": "intro.md"}
        pages.update({f"chapters/ko/{name}": f"chapters/ko/{name}" for name in chapter_names})
        return pages
    pages = {"README.md": "intro.md", REPORT: MEASUREMENTS, OLD_REPORT: MEASUREMENTS}
    pages.update({f"chapters/{name}": f"chapters/{name}" for name in chapter_names})
    for name in figure_names:
        path = f"{REPORT_FIGURES}/{name}"
        pages[path] = site_figure(path)
    return pages


def site_figure(path: str) -> str:
    """Where a file of ``bench/figures/`` goes on the site: at the same place relative to the
    Measurements page as it is relative to the report, so the report's links stay valid."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(MEASUREMENTS),
                                             posixpath.relpath(path, posixpath.dirname(REPORT))))


def rewrite_links(text: str, source: str, pages: dict[str, str], repo_url: str) -> str:
    """Point the relative Markdown links of repository file ``source`` at the site.

    A link to a file that is a page of the site (see :func:`site_pages`) becomes a relative
    link to that page's source, which Jupyter Book turns into the page's URL; a link to any
    other file of the repository becomes its GitHub address; absolute URLs and ``#anchors``
    stay as they are. ``source`` and the keys of ``pages`` are repository-relative POSIX paths.
    """
    here = posixpath.dirname(source)
    page_dir = posixpath.dirname(pages.get(source, source))

    def fix(match: re.Match) -> str:
        target = match[2]
        if target.startswith("#") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            return match[0]
        path, _, fragment = target.partition("#")
        path = posixpath.normpath(posixpath.join(here, path))
        if path.startswith("../") or path == "..":
            raise ValueError(f"{source}: link {target!r} leaves the repository")
        if path in pages:
            new = posixpath.relpath(pages[path], page_dir or ".")
        else:
            new = f"{repo_url}/blob/main/{path}"
        if fragment:
            new += "#" + fragment
        return f"{match[1]}{new}{match[3]}"

    return LINK_RE.sub(fix, text)


def twin_html(page: str, korean: bool) -> str:
    """Where site page ``page`` of one edition ("intro.md", "glossary.md", "chapters/01_x.ipynb"
    or, in the Korean book, "chapters/ko/01_x.ipynb") links to its twin in the other: an inline HTML link
    with the class ``rnnbook-twin``, relative to the page's own URL."""
    stem = posixpath.splitext(posixpath.basename(page))[0]
    if page in ("intro.md", "glossary.md"):
        en, ko = f"{stem}.html", f"{KO_PREFIX}{stem}.html"
    else:
        en, ko = f"chapters/{stem}.html", f"{KO_PREFIX}chapters/ko/{stem}.html"
    here, there = (ko, en) if korean else (en, ko)
    href = posixpath.relpath(there, posixpath.dirname(here) or ".")
    label, lang = ("English", "en") if korean else ("한국어", "ko")
    return f'<a class="{TWIN_CLASS}" href="{href}" hreflang="{lang}">{label}</a>'


def with_twin(text: str, twin: str) -> str:
    """Markdown ``text`` with the paragraph ``twin`` after its first '# Title' line."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[:i + 1] + ["", twin] + lines[i + 1:])
    raise ValueError("no '# Title' line to put the link to the other language under")


def local_badge(text: str, page: str) -> str:
    """Replace Colab's badge image URL by the site's own copy, relative to site page ``page``."""
    return text.replace(colab.BADGE_IMG, posixpath.relpath(BADGE_FILE, posixpath.dirname(page) or "."))


def _glossary_bounds(readme: str) -> tuple[int, int, int]:
    """(start of the glossary's '## ' heading, start marker, end of the end marker)."""
    start, end = readme.find(GLOSSARY_START), readme.find(GLOSSARY_END)
    if start < 0 or end < start:
        raise ValueError(f"README.md needs the markers {GLOSSARY_START} and {GLOSSARY_END}")
    heading = readme.rfind("\n## ", 0, start)
    if heading < 0:
        raise ValueError("the glossary markers must follow a '## ' heading")
    return heading + 1, start, end + len(GLOSSARY_END)


def glossary_page(readme: str) -> str:
    """The README's glossary section (heading, text, table) as a page of its own."""
    heading, _, end = _glossary_bounds(readme)
    section = readme[heading:end]
    section = section.replace(GLOSSARY_START + "\n", "").replace("\n" + GLOSSARY_END, "")
    return section[1:].strip() + "\n"          # '## Glossary' -> '# Glossary'


def landing_page(readme: str) -> str:
    """The README without the glossary table, which is replaced by a link to its page."""
    _, start, end = _glossary_bounds(readme)
    return readme[:start] + "The glossary has a page of its own: [Glossary](glossary.md)." + readme[end:]


def readme_title(readme: str, name: str = "README.md") -> str:
    """The first '# Title' line of Markdown text ``readme`` (file ``name``)."""
    for line in readme.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{name} has no '# Title' line")


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_setup_cell(nb: dict, index: int) -> bool:
    """Whether cell ``index`` of ``nb`` is the Colab setup cell tools/colab.py writes: the
    second cell, a code cell that starts with a comment (``# Setup. …``, translated in the
    Korean edition) and calls ``utils.setup_notebook(``."""
    cells = nb["cells"]
    if index != 1 or len(cells) < 2 or cells[1]["cell_type"] != "code":
        return False
    source = _source(cells[1])
    return source.startswith("#") and SETUP_CALL in source


def _add_tags(cell: dict, *new: str) -> None:
    tags = cell.setdefault("metadata", {}).get("tags", [])
    missing = [t for t in new if t not in tags]
    if missing:
        cell["metadata"]["tags"] = [*tags, *missing]


def prepare_notebook(nb: dict, source: str, pages: dict[str, str], repo_url: str,
                     twin: str | None = None) -> dict:
    """A copy of notebook ``nb`` (repository path ``source``) ready for the site.

    ``check`` cells get ``hide-cell`` (collapsed), and so does the Colab setup cell, which is
    also marked ``colab-setup``; Markdown cells get their links rewritten and the local Colab
    badge. Solutions (cells tagged ``solution``) are folded: code cells get ``hide-cell``,
    texts become dropdowns (``fold_solution``). ``twin``, the link to the page in the other
    language, goes under the title. Outputs are kept exactly.
    """
    nb = json.loads(json.dumps(nb))
    solution = None                                  # the label of the solution being read
    for i, cell in enumerate(nb["cells"]):
        tags = cell.setdefault("metadata", {}).get("tags", [])
        if CHECK_TAG in tags or (SOLUTION_TAG in tags and cell["cell_type"] == "code"):
            _add_tags(cell, COLLAPSE_TAG)
        if is_setup_cell(nb, i):
            _add_tags(cell, COLLAPSE_TAG, SETUP_TAG)
        if cell["cell_type"] == "markdown":
            text = local_badge(rewrite_links(_source(cell), source, pages, repo_url), pages[source])
            if SOLUTION_TAG in tags:
                text, solution = fold_solution(text, solution, f"{source}, cell {i}")
            if i == 0 and twin:
                text = with_twin(text, twin)
            cell["source"] = text
    return nb


SOLUTION_START = re.compile(r"\*\*([^*\n]*?\d+)\.\*\*[ \t]*")


def fold_solution(text: str, last: str | None, where: str) -> tuple[str, str]:
    """A solution's Markdown cell as a folded MyST dropdown; return it and the solution's label.

    A solution starts with its label in bold, ``**Solution 3.** ...`` (``**해답 3.**`` in the
    Korean edition): the dropdown is titled with the label and holds the rest. A cell without a
    label continues the solution ``last`` ("Solution 3, continued"). The fence is longer than
    any run of backticks in the text, so code blocks inside survive.
    """
    match = SOLUTION_START.match(text)
    if match:
        label, title, body = match[1], match[1], text[match.end():]
    elif last is not None:
        label, title, body = last, f"{last}, continued", text
    else:
        raise ValueError(f"{where}: a solution cell must start with its label in bold, such as "
                         f"'**Solution 1.** ...', or follow a cell that does")
    fence = "`" * max(4, 1 + max((len(run) for run in re.findall(r"`+", body)), default=0))
    return (f"{fence}{{dropdown}} {title}\n:class-container: {SOLUTION_CLASS}\n\n"
            f"{body.strip()}\n{fence}\n", label)


def count_png_outputs(nb: dict) -> int:
    return sum("image/png" in out.get("data", {})
               for cell in nb["cells"] for out in cell.get("outputs", []))


def count_markdown_images(text: str) -> int:
    """The number of Markdown images ``![alt](target)`` in ``text``."""
    return len(re.findall(r"!\[[^\]]*\]\([^)\s]+\)", text))


def html_name(page: str) -> str:
    """The built page of a site source file: ``measurements.md`` -> ``measurements.html``."""
    return posixpath.splitext(page)[0] + ".html"


def count_tagged(nb: dict, tag: str = CHECK_TAG) -> int:
    return sum(tag in cell.get("metadata", {}).get("tags", []) for cell in nb["cells"])


def _yaml(value) -> str:
    return json.dumps(value, ensure_ascii=False)     # a JSON string is a valid YAML scalar


def config_yml(title: str, repo_url: str, language: str = "en") -> str:
    return f"""\
# Generated by tools/site.py: do not edit.
title: {_yaml(title)}
author: {_yaml("the contributors of " + repo_url)}
only_build_toc_files: true
execute:
  execute_notebooks: "off"
repository:
  url: {_yaml(repo_url)}
  branch: main
launch_buttons:
  colab_url: "https://colab.research.google.com"
html:
  use_repository_button: true
  use_issues_button: false
  use_edit_page_button: false
  home_page_in_navbar: true
sphinx:
  recursive_update: true     # merge html_context below into Jupyter Book's own
  config:
    # Jupyter Book 1's default extensions without sphinx_thebe: live code needs Binder on the
    # internet, and with Sphinx 7.4 it declares THEBE_JS_URL twice, a console error on every page.
    extensions: [sphinx_togglebutton, sphinx_copybutton, myst_nb, jupyter_book, sphinx_comments,
                 sphinx_external_toc, sphinx_design, sphinx_book_theme]
    html_static_path: [{ASSETS}]
    html_css_files: [{SITE_CSS}]   # tables that fit the content column (see SITE_CSS_TEXT)
    html_favicon: {ASSETS}/favicon.svg
    html_extra_path: [{EXTRA}]   # favicon.ico at the site's root
    html_context:
      default_mode: light    # unset, the theme logs "Got invalid theme mode" on a first visit
    mathjax_path: mathjax/tex-mml-chtml.js
    myst_heading_anchors: 3  # links such as measurements.md#goals resolve to headings
    html_show_copyright: false
    html_last_updated_fmt: ""
    language: {language}          # the theme's own words (next, search, …) in this language
"""


def toc_yml(chapter_files: list[str], korean: bool = False) -> str:
    """The reading order: the chapters, then the reference pages (the Korean book has the
    glossary, the English one the Measurements appendix too)."""
    lines = ["# Generated by tools/site.py: do not edit.", "format: jb-book", "root: intro",
             "parts:", f"  - caption: {'장' if korean else 'Chapters'}", "    chapters:"]
    lines += [f"      - file: {posixpath.splitext(f)[0]}" for f in chapter_files]
    lines += [f"  - caption: {'참고 자료' if korean else 'Reference'}", "    chapters:"]
    if not korean:
        lines.append(f"      - file: {posixpath.splitext(MEASUREMENTS)[0]}")
    lines.append("      - file: glossary")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- build

def _mathjax_dir() -> Path:
    try:
        import mathjax   # django-static-mathjax: MathJax 3's files, no Django needed
    except ImportError:
        raise SystemExit("MathJax is missing: pip install -r requirements-site.txt") from None
    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def _hangul_font_dir() -> Path:
    """The folder of the NanumGothic TrueType files: the koreanize-matplotlib package's fonts/
    (found without importing the package, which would import matplotlib)."""
    import importlib.util

    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the Hangul font is missing: pip install -r requirements-site.txt "
                         "(koreanize-matplotlib)")
    return Path(list(spec.submodule_search_locations)[0]) / "fonts"


def make_webfont(source: Path, dest: Path, style: str, text: str | None = None) -> Path:
    """Write ``dest``, the site's web font made of TrueType file ``source``.

    With ``text``, the font keeps only the Hangul syllables and jamo that occur in it, plus
    every compatibility jamo (ㄱ … ㅣ, as in ㅋㅋ): the whole font is over 4 MB, the site's
    Hangul a few hundred syllables. Without it, every glyph is kept.

    The package's NanumGothic files carry Visual TrueType's source tables (TSI0-TSI5); TSI3 is
    empty, and Chromium's font sanitizer (OTS) then rejects the whole font ("OTS parsing error:
    TSI3: zero-length table"), so the page falls back to missing-glyph boxes. The tables go;
    the font, now a Modified Version under the OFL, is renamed :data:`HANGUL_FAMILY` (the
    licence reserves the name NanumGothic). Every other table is written back as it was read.
    """
    from fontTools.ttLib import TTFont   # fonttools, in the site's environment

    font = TTFont(source, recalcBBoxes=False, recalcTimestamp=False)
    for tag in [t for t in font.keys() if t.startswith("TSI")]:
        del font[tag]
    if text is not None:
        from fontTools import subset

        keep = {ord(c) for c in text if any(lo <= ord(c) <= hi for lo, hi in HANGUL_RANGES)}
        keep |= set(range(0x3131, 0x318F))                 # compatibility jamo, all of them
        options = subset.Options()
        options.name_IDs, options.name_languages, options.legacy_kern = ["*"], ["*"], True
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(font)
    name = font["name"]
    version = name.getDebugName(5) or ""
    ps_name = f"{HANGUL_PS}-{style}"
    # every record that names the font, in any language (also the Korean name 나눔고딕)
    name.names = [r for r in name.names if r.nameID not in (1, 3, 4, 6, 16, 17, 18, 20, 21, 22)]
    full = HANGUL_FAMILY if style == "Regular" else f"{HANGUL_FAMILY} {style}"
    for name_id, text in ((1, HANGUL_FAMILY), (2, style), (3, f"{ps_name};{version}"),
                          (4, full), (6, ps_name),
                          (13, "SIL Open Font License, Version 1.1. A Modified Version of "
                               "NanumGothic (Reserved Font Name) by NAVER Corporation."),
                          (14, OFL_URL)):
        name.setName(text, name_id, 3, 1, 0x409)
        name.setName(text, name_id, 1, 0, 0)
    dest.parent.mkdir(parents=True, exist_ok=True)
    font.save(dest)
    return dest


def copy_hangul_fonts(static: Path, source: Path | None = None, text: str | None = None) -> list[Path]:
    """Make the Hangul web fonts in ``static``/fonts/ (see :func:`make_webfont`; ``text``: the
    site's text, to keep only its Hangul) from the package's files, with their licence note;
    the files written."""
    source = _hangul_font_dir() if source is None else source
    folder = static / FONTS
    written = []
    for name, style in HANGUL_FONTS.values():
        if not (source / name).is_file():
            raise SystemExit(f"the Hangul font {source / name} is missing")
        written.append(make_webfont(source / name, folder / webfont_file(style), style, text))
    (folder / FONT_LICENSE).write_text(FONT_LICENSE_TEXT, encoding="utf-8")
    return written


def korean_notebooks() -> list[Path]:
    """The Korean edition's notebooks (written by tools/translate.py)."""
    return sorted((ROOT / "chapters" / "ko").glob("[0-9][0-9]_*.ipynb"))


def assemble(dest: Path = SRC, korean: bool = False) -> None:
    """Write the Jupyter Book source folder ``dest`` from the repository's files: the English
    book, or (``korean=True``) the Korean one — README.ko.md, chapters/ko/ and the glossary."""
    repo_url = colab.repository_url()
    notebooks = korean_notebooks() if korean else colab.notebooks()
    twins = {p.stem for p in (colab.notebooks() if korean else korean_notebooks())}
    figures_dir = ROOT / REPORT_FIGURES
    figures = sorted(p.relative_to(figures_dir).as_posix() for p in figures_dir.rglob("*")
                     if p.is_file()) if figures_dir.is_dir() and not korean else []
    pages = site_pages([p.name for p in notebooks], figures, korean)
    readme_name = "README.ko.md" if korean else "README.md"
    readme = (ROOT / readme_name).read_text(encoding="utf-8")
    english_readme = (ROOT / "README.md").read_text(encoding="utf-8")

    if dest.exists():                 # keep jupyter-book's _build/ (incremental), renew the rest
        for child in dest.iterdir():
            if child.name != "_build":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    folder = "chapters/ko" if korean else "chapters"
    (dest / folder).mkdir(parents=True, exist_ok=True)

    def write(name: str, text: str) -> None:
        (dest / name).write_text(text, encoding="utf-8")

    intro = local_badge(rewrite_links(readme if korean else landing_page(readme), readme_name,
                                      pages, repo_url), "intro.md")
    glossary = glossary_page(english_readme)
    if korean or (ROOT / "README.ko.md").exists() and twins:
        intro = with_twin(intro, twin_html("intro.md", korean))
        glossary = with_twin(glossary, twin_html("glossary.md", korean))
    write("intro.md", intro)
    write("glossary.md", glossary)
    if not korean:
        write(MEASUREMENTS, rewrite_links((ROOT / REPORT).read_text(encoding="utf-8"), REPORT,
                                          pages, repo_url))
    for name in figures:
        target = dest / site_figure(f"{REPORT_FIGURES}/{name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(figures_dir / name, target)
    for path in notebooks:
        source = f"{folder}/{path.name}"
        nb = json.loads(path.read_text(encoding="utf-8"))
        twin = twin_html(pages[source], korean) if path.stem in twins else None
        write(source, json.dumps(prepare_notebook(nb, source, pages, repo_url, twin),
                                 indent=1, ensure_ascii=False) + "\n")
    write("_config.yml", config_yml(readme_title(readme, readme_name), repo_url,
                                    "ko" if korean else "en"))
    write("_toc.yml", toc_yml([pages[f"{folder}/{p.name}"] for p in notebooks], korean))

    write(BADGE_FILE, BADGE_SVG)
    static = dest / ASSETS                    # copied to the site's _static/
    static.mkdir()
    (static / "favicon.svg").write_text(FAVICON_SVG, encoding="utf-8")
    (static / SITE_CSS).write_text(SITE_CSS_TEXT, encoding="utf-8")
    # _static/fonts/, which site.css names: only the Hangul of the site's pages (their sources,
    # notebooks with their outputs) — the site's check fails on any Hangul left out
    site_text = "".join(p.read_text(encoding="utf-8") for p in sorted(dest.rglob("*"))
                        if p.suffix in (".md", ".ipynb", ".yml") and p.is_file())
    copy_hangul_fonts(static, text=site_text)
    # Browsers ask for /favicon.ico whatever the pages declare; without one the request is a 404
    # and a console error on whichever page the browser happened to ask from.
    (dest / EXTRA).mkdir()
    (dest / EXTRA / "favicon.ico").write_bytes(favicon_ico())
    es5 = _mathjax_dir()
    (static / "mathjax").mkdir()
    shutil.copy2(es5 / "tex-mml-chtml.js", static / "mathjax")
    for part in ("input/tex/extensions", "output/chtml/fonts", "a11y", "ui", "adaptors"):
        shutil.copytree(es5 / part, static / "mathjax" / part)


def favicon_ico(size: int = 16, rgba=(0xf9, 0xab, 0x00, 0xff)) -> bytes:
    """A one-colour ``size``×``size`` icon in the ICO format (a 32-bit BMP inside), built with
    ``struct`` alone — the favicon's orange."""
    import struct

    row_mask = ((size + 31) // 32) * 4                      # AND mask rows, padded to 32 bits
    pixels = bytes([rgba[2], rgba[1], rgba[0], rgba[3]]) * (size * size)   # BGRA, bottom-up
    mask = b"\0" * (row_mask * size)                        # 0: every pixel shown
    header = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, len(pixels) + len(mask),
                         0, 0, 0, 0)
    image = header + pixels + mask
    return (struct.pack("<HHH", 0, 1, 1)
            + struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), 6 + 16)
            + image)


def build(strict: bool = True) -> Path:
    """Build the English book into HTML/ and, when chapters/ko/ has notebooks, the Korean book
    into HTML/ko/."""
    start = time.time()
    jb = Path(sys.executable).parent / "jupyter-book"
    if not jb.exists():
        raise SystemExit("jupyter-book is missing: pip install -r requirements-site.txt "
                         "(in the site's environment, .venv-site/)")
    books = [(SRC, False)] + ([(SRC_KO, True)] if korean_notebooks() else [])
    for src, korean in books:
        assemble(src, korean)
        cmd = [str(jb), "build", str(src), "--all", "--builder", "html", "-q"]
        if strict:
            cmd += ["-W", "-n", "--keep-going"]
        result = subprocess.run(cmd, cwd=ROOT)
        if result.returncode != 0:
            raise SystemExit(f"jupyter-book build of {src.relative_to(ROOT)} failed "
                             f"(exit {result.returncode}); see above")
    shutil.rmtree(HTML / KO_PREFIX, ignore_errors=True)
    if len(books) > 1:
        shutil.copytree(SRC_KO / "_build" / "html", HTML / KO_PREFIX)
    pages = len(list(HTML.rglob("*.html")))
    print(f"site built: {HTML.relative_to(ROOT)}/ ({pages} HTML files) "
          f"in {time.time() - start:.0f} s")
    return HTML


# --------------------------------------------------------------------------- serve

@contextlib.contextmanager
def serve(directory: Path, port: int = 0):
    """Serve ``directory`` on 127.0.0.1 in a thread; yields the base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            if not isinstance(sys.exc_info()[1], ConnectionError):   # a browser that went away
                super().handle_error(request, client_address)

    handler = functools.partial(Quiet, directory=str(directory))
    server = Server(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- check

# JavaScript run in each page after it has loaded.
PAGE_JS = """
const main = document.querySelector('main') || document.body;
const text = el => el ? el.textContent.replace(/[\\u00b6#]\\s*$/, '').trim() : null;
return {
  url: location.href,
  h1: text(main.querySelector('h1')),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  sources: Array.from(document.querySelectorAll('[src]')).map(e => e.src)
    .concat(Array.from(document.querySelectorAll('link[href]')).map(e => e.href)),
  resources: performance.getEntriesByType('resource').map(r => r.name),
  nav: Array.from(document.querySelectorAll('nav.bd-docs-nav a.reference.internal'))
    .map(a => a.href),
  next: (document.querySelector('a.right-next') || {}).href || null,
  twins: Array.from(document.querySelectorAll('a.rnnbook-twin')).map(a => a.href),
  colab: Array.from(document.querySelectorAll('a[href^="https://colab.research.google.com/"]'))
    .map(a => a.href),
  math: Array.from(main.querySelectorAll('div.math, span.math'))
    .map(m => !!m.querySelector('mjx-container')),
  images: Array.from(main.querySelectorAll('img')).map(i => ({
    src: i.src, complete: i.complete, w: i.naturalWidth, h: i.naturalHeight,
    output: !!i.closest('.cell_output')})),
};
"""

# Each table of the page's article, as laid out: its width against its container's (the element
# that holds it: the theme's scroll wrapper for Markdown tables), whether the part that does not
# fit can be scrolled to (an ancestor inside the article with overflow-x auto/scroll that is
# itself no wider than the article), and the heading above it, to name it in a fault.
TABLES_JS = """
const article = document.querySelector('article.bd-article') || document.querySelector('main')
  || document.body;
const right = article.getBoundingClientRect().right;
return Array.from(article.querySelectorAll('table')).map(t => {
  const box = t.getBoundingClientRect();
  let scroller = null;
  for (let el = t.parentElement; el && el !== article.parentElement; el = el.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(el).overflowX)) { scroller = el; break; }
  }
  let heading = null;
  const headings = Array.from(article.querySelectorAll('h1, h2, h3, h4'));
  for (const h of headings) {
    if (h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING) heading = h;
  }
  const row = t.rows[0];
  return {
    heading: heading ? heading.textContent.replace(/[\\u00b6#]\\s*$/, '').trim() : null,
    columns: row ? row.cells.length : 0,
    shown: t.checkVisibility(),
    width: Math.round(box.width),
    container: t.parentElement.clientWidth,
    overflow: Math.round(box.right - right),
    output: !!t.closest('.cell_output'),
    scrolls: !!scroller && scroller.scrollWidth > scroller.clientWidth
      && scroller.getBoundingClientRect().right <= right + 1,
  };
});
"""

# Each folded element on the page: is its content hidden at first, and shown after a click on
# its toggle? Arguments: the elements' selector, and within each, the content's and the toggle's.
# Cells tagged check, colab-setup or solution: ('div.cell.tag_<tag>', '.cell_input',
# 'details.hide > summary'); solution texts, sphinx-design dropdowns: ('details.<class>',
# ':scope > :not(summary)', ':scope > summary'). (checkVisibility: the content of a closed
# <details> still has a layout box in Chromium.)
FOLDED_JS = """
const shown = el => !!el && el.checkVisibility();
return Array.from(document.querySelectorAll(arguments[0])).map(box => {
  const content = box.querySelector(arguments[1]);
  const before = shown(content);
  const toggle = box.querySelector(arguments[2]);
  if (toggle) toggle.click();
  return {visible: before, opens: !!toggle && shown(content)};
});
"""
CELL_PARTS = (".cell_input", "details.hide > summary")
DROPDOWN_PARTS = (":scope > :not(summary)", ":scope > summary")


def folded(driver, tag: str) -> list[dict]:
    """FOLDED_JS on the notebook cells tagged ``tag``."""
    return driver.execute_script(FOLDED_JS, f"div.cell.tag_{tag}", *CELL_PARTS)


# Hangul, after load: does the page show Hangul (its rendered text, document.body.innerText)?
# If so, wait for its fonts (document.fonts.ready) and report the site's Hangul faces and their
# status (with unicode-range a face loads only when Hangul is on the page: "loaded" means the
# browser fetched and used it), document.fonts.check() for a sample, and each element whose
# own visible text has Hangul, with its computed font-family; those elements are marked
# data-hangul-check="i" so that check() can ask Chromium (DevTools' CSS.getPlatformFontsForNode)
# which fonts actually drew them. Asynchronous: the last argument is selenium's callback.
HANGUL_JS = """
const [family, sample, ranges, limit, done] = arguments;
const hangul = new RegExp('[' + ranges + ']');
if (!hangul.test(document.body.innerText)) { done({hangul: false}); return; }
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const found = new Set();
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (hangul.test(node.data) && el && !found.has(el) && el.checkVisibility()) found.add(el);
}
const elements = Array.from(found);
// at most `limit` elements, spread over the page
const step = Math.max(1, elements.length / limit);
const chosen = [];
for (let i = 0; i < elements.length && chosen.length < limit; i += step) {
  chosen.push(elements[Math.floor(i)]);
}
const describe = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
  ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
// fonts loaded, then a layout and two frames: text laid out before its face arrived is laid
// out again with it (until then Chromium still reports the fallback font for it)
const settled = () => new Promise(resolve => {
  void document.body.offsetHeight;
  requestAnimationFrame(() => requestAnimationFrame(resolve));
});
// Every face of the site's font is asked for now (a face the page needs only for, say, a bold
// link at its foot would otherwise be fetched lazily and could arrive after the measurement);
// a face that cannot load keeps its status "error" and is reported.
const unquote = name => name.replace(/^["']|["']$/g, '');
const faces = Array.from(document.fonts).filter(f => unquote(f.family) === family);
Promise.all(faces.map(f => f.load().catch(() => null)))
    .then(() => document.fonts.ready).then(settled).then(() => document.fonts.ready).then(settled)
    .then(() => {
  done({
    hangul: true,
    found: elements.length,
    faces: faces.map(f => ({weight: String(f.weight), status: f.status})),
    check: document.fonts.check('16px "' + family + '"', sample),
    elements: chosen.map((el, i) => {
      el.setAttribute('data-hangul-check', String(i));
      const style = getComputedStyle(el);
      return {what: describe(el), text: el.textContent.trim().slice(0, 40),
              fontFamily: style.fontFamily, weight: style.fontWeight};
    }),
  });
});
"""
HANGUL_LIMIT = 150                 # elements per page whose fonts check() asks Chromium about


def hangul_js_ranges(ranges=HANGUL_RANGES) -> str:
    """The ranges as the inside of a JavaScript character class: ``\\u1100-\\u11ff…``."""
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


def _families(font_family: str) -> list[str]:
    """The family names of a computed ``font-family`` value, unquoted."""
    return [name.strip().strip('"\'') for name in font_family.split(",")]


def hangul_faults(page: str, info: dict | None, family: str = HANGUL_FAMILY) -> list[str]:
    """Faults of a page's Hangul text, from what :data:`HANGUL_JS` reported (``info``) and the
    fonts Chromium drew each reported element with (``info["elements"][i]["fonts"]``: the
    family names of CSS.getPlatformFontsForNode). None when the page shows no Hangul.

    Hangul must be drawn with the site's font: a face of ``family`` was loaded, the browser
    says the family can render the sample, and every element with Hangul has ``family`` in its
    computed font stack and among the fonts actually used for it (without the font, Chromium
    draws Hangul with the stack's first font's missing-glyph box).
    """
    if not info or not info.get("hangul"):
        return []
    faults = []
    faces = info.get("faces", [])
    if not faces:
        faults.append(f"{page}: shows Hangul, but the page has no @font-face for {family!r} "
                      f"(site.css)")
    elif not any(f["status"] == "loaded" for f in faces):
        faults.append(f"{page}: shows Hangul, but no face of {family!r} loaded "
                      f"({', '.join(f['weight'] + ': ' + f['status'] for f in faces)})")
    if not info.get("check"):
        faults.append(f"{page}: document.fonts.check('16px \"{family}\"', {HANGUL_SAMPLE!r}) is "
                      f"false")
    elements = info.get("elements", [])
    unstacked = [e for e in elements if family not in _families(e["fontFamily"])]
    if unstacked:
        e = unstacked[0]
        faults.append(f"{page}: {len(unstacked)} of {len(elements)} elements with Hangul have "
                      f"no {family!r} in their font-family, e.g. <{e['what']}> {e['text']!r}: "
                      f"{e['fontFamily']}")
    # Chromium names a web font by the family in its file (the same, regular and bold).
    # Every element counts: with the family last in the stacks, Chromium drew a few all-Hangul
    # elements (a link, a sidebar caption) with missing-glyph boxes while the rest of the page
    # used the loaded font, and an earlier rule that excused such stragglers let them through.
    # (check() loads a page with faults a second time, so a fault must persist to count.)
    asked = [e for e in elements if "fonts" in e]
    undrawn = [e for e in asked if not any(f.startswith(family) for f in e["fonts"])]
    if undrawn:
        e = undrawn[0]
        faults.append(f"{page}: {len(undrawn)} of {len(elements)} elements with Hangul not drawn "
                      f"with {family!r} (missing-glyph boxes), e.g. <{e['what']}> {e['text']!r} "
                      f"drawn with {', '.join(e['fonts']) or 'no font'}")
    if elements and not any("fonts" in e for e in elements):
        faults.append(f"{page}: Chromium did not say which fonts drew its Hangul")
    return faults


def _hangul_info(driver, limit: int = HANGUL_LIMIT, retries: int = 6) -> dict:
    """:data:`HANGUL_JS`'s report for the current page, with the fonts Chromium drew each
    reported element with (DevTools protocol: CSS.getPlatformFontsForNode)."""
    info = driver.execute_async_script(HANGUL_JS, HANGUL_FAMILY, HANGUL_SAMPLE,
                                       hangul_js_ranges(), limit)
    if not info.get("hangul") or not info.get("elements"):
        return info
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    try:
        root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        todo = list(enumerate(info["elements"]))
        # an element still drawn with other fonts is asked again a little later (a face that
        # arrived late: the next layout uses it); a missing font stays missing
        for attempt in range(retries + 1):
            if attempt:
                time.sleep(0.5)
            for i, element in todo:
                node = driver.execute_cdp_cmd("DOM.querySelector", {
                    "nodeId": root, "selector": f'[data-hangul-check="{i}"]'})["nodeId"]
                if node:
                    fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode",
                                                   {"nodeId": node})
                    element["fonts"] = [f["familyName"] for f in fonts["fonts"]]
            todo = [(i, e) for i, e in todo
                    if not any(f.startswith(HANGUL_FAMILY) for f in e.get("fonts", []))]
            if not todo:
                break
    finally:
        driver.execute_cdp_cmd("CSS.disable", {})
        driver.execute_cdp_cmd("DOM.disable", {})
    return info


def _driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")   # never let Selenium Manager download a driver
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,2000"):
        options.add_argument(arg)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        raise SystemExit("headless check needs Debian's chromium and chromium-driver: "
                         "apt-get install -y chromium chromium-driver")
    options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=options)


def _wait_loaded(driver, timeout: float = 20) -> None:
    end = time.time() + timeout
    while time.time() < end:
        # a redirect page (index.html -> intro.html) is not the page: wait for the next one
        if driver.execute_script("return document.readyState === 'complete' && "
                                 "!document.querySelector('meta[http-equiv=\"refresh\" i]')"):
            # MathJax typesets after load; let it finish (and fetch its fonts) before reading logs
            done = driver.execute_script(
                "return !window.MathJax || !MathJax.startup || !MathJax.startup.promise "
                "|| window.__mjDone === true || (MathJax.startup.promise.then("
                "() => {window.__mjDone = true}), false)")
            if done:
                return
        time.sleep(0.1)
    raise TimeoutError(f"{driver.current_url} did not finish loading in {timeout} s")


# The page's first figure (a notebook output's image, else a Markdown image at least 200 px wide)
# and its widest table (most columns, then most pixels), for screenshots.
SHOW_JS = """
const main = document.querySelector('main') || document.body;
const imgs = Array.from(main.querySelectorAll('.cell_output img'))
  .concat(Array.from(main.querySelectorAll('img')).filter(i => i.naturalWidth >= 200));
const tables = Array.from(main.querySelectorAll('table')).filter(t => t.checkVisibility())
  .sort((a, b) => (b.rows[0] ? b.rows[0].cells.length : 0) - (a.rows[0] ? a.rows[0].cells.length : 0)
    || b.getBoundingClientRect().width - a.getBoundingClientRect().width);
return {figure: imgs[0] || null, table: tables[0] || null};
"""


def _screenshots(driver, folder: Path, page: str) -> None:
    """The top of ``page``, its first figure and its widest table, as PNG files."""
    name = page.replace("/", "_").removesuffix(".html")
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / f"{name}.png"))
    shown = driver.execute_script(SHOW_JS)
    for what in ("figure", "table"):
        if shown[what] is not None:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", shown[what])
            driver.save_screenshot(str(folder / f"{name}_{what}.png"))
    driver.execute_script("window.scrollTo(0, 0)")


def _fetch(url: str) -> int:
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except urllib.error.URLError:
        return 0


def _well_formed(url: str) -> bool:
    parts = urlsplit(url)
    return (parts.scheme in ("http", "https", "mailto") and (parts.netloc or parts.scheme == "mailto")
            and not re.search(r"\s", url))


def check(html: Path = HTML, screenshots: Path | None = None) -> int:
    """Load the built site in headless Chromium; print faults and a summary; 0 if none."""
    if not (html / "index.html").exists():
        raise SystemExit(f"no site at {html.relative_to(ROOT)}/: run `python tools/site.py build`")
    start = time.time()
    faults: list[str] = []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    report = (ROOT / REPORT).read_text(encoding="utf-8")
    notebooks = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in colab.notebooks()}
    ko_notebooks = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in korean_notebooks()}
    repo_path = urlsplit(colab.repository_url()).path.strip("/")

    with serve(html) as base:
        def url_of(page: str) -> str:
            return urljoin(base, page)

        # The editions: the English book at the root, the Korean one (if any) under ko/.
        editions = [{"name": "English", "prefix": "", "notebooks": notebooks, "readme": readme,
                     "readme_name": "README.md", "folder": "chapters",
                     "chapter_urls": {s: url_of(f"chapters/{s}.html") for s in notebooks},
                     "extra_nav": {url_of(html_name(MEASUREMENTS)): "the Measurements page",
                                   url_of("glossary.html"): "the glossary page"}}]
        if ko_notebooks:
            editions.append({
                "name": "Korean", "prefix": KO_PREFIX, "notebooks": ko_notebooks,
                "readme": (ROOT / "README.ko.md").read_text(encoding="utf-8"),
                "readme_name": "README.ko.md", "folder": "chapters/ko",
                "chapter_urls": {s: url_of(f"{KO_PREFIX}chapters/ko/{s}.html") for s in ko_notebooks},
                "extra_nav": {url_of(f"{KO_PREFIX}glossary.html"): "the Korean glossary page"}})
        for ed in editions:
            ed["want_nav"] = {**{u: f"{ed['name']} chapter {s}" for s, u in ed["chapter_urls"].items()},
                              **ed["extra_nav"]}
        chapter_urls = {u: ed for ed in editions for u in ed["chapter_urls"].values()}
        landings = {url_of(ed["prefix"]): ed for ed in editions}
        driver = _driver()
        try:
            seen: dict[str, dict] = {}
            queue = list(landings)             # the landing pages, then what their sidebars link to
            while queue:
                url = queue.pop(0)
                driver.get(url)
                _wait_loaded(driver)
                info = driver.execute_script(PAGE_JS)
                page = urldefrag(info["url"])[0]
                if page in seen:
                    continue
                if screenshots:
                    _screenshots(driver, screenshots, page[len(base):] or "index.html")
                info["tables"] = driver.execute_script(TABLES_JS)   # before toggles open
                info["check_cells"] = folded(driver, CHECK_TAG)
                info["setup_cells"] = folded(driver, SETUP_TAG)
                info["solution_cells"] = folded(driver, SOLUTION_TAG)
                info["solution_texts"] = driver.execute_script(
                    FOLDED_JS, f"details.{SOLUTION_CLASS}", *DROPDOWN_PARTS)
                info["hangul"] = _hangul_info(driver)
                if hangul_faults(page, info["hangul"]):
                    # once more from a fresh load, its fonts now in the cache: on a cold first
                    # load Chromium has reported a paragraph drawn before its face arrived, while
                    # a font that is missing or rejected fails again
                    driver.refresh()
                    _wait_loaded(driver)
                    info["hangul"] = _hangul_info(driver)
                info["log"] = driver.get_log("browser")
                seen[page] = info
                if url in landings:
                    landings[url]["landing"] = page
                    for target in info["nav"]:
                        target = urldefrag(target)[0]
                        if target not in queue and target != page:
                            queue.append(target)
                    for extra in ("search.html", "genindex.html"):
                        queue.append(url_of(landings[url]["prefix"] + extra))
        finally:
            driver.quit()

        for ed in editions:
            # The landing page: the README's title, and navigation to every chapter and page.
            landing = ed.get("landing")
            if landing is None:
                faults.append(f"the {ed['name']} landing page {url_of(ed['prefix'])} was never loaded")
                continue
            title = readme_title(ed["readme"], ed["readme_name"])
            if seen[landing]["h1"] != title:
                faults.append(f"landing page {landing}: title {seen[landing]['h1']!r}, "
                              f"{ed['readme_name']}'s is {title!r}")
            in_korean = ed["prefix"] == KO_PREFIX
            for page, info in seen.items():
                if (page.endswith(("search.html", "genindex.html"))
                        or page.startswith(url_of(KO_PREFIX)) != in_korean):
                    continue
                nav = {urldefrag(u)[0] for u in info["nav"]}
                for target, what in ed["want_nav"].items():
                    if target not in nav:
                        faults.append(f"{page}: the navigation has no link to {what} ({target})")
            # Reading order: "next" from the landing page goes through the chapters in order.
            chain, page = [], landing
            while seen.get(page, {}).get("next") and len(chain) < 50:
                page = urldefrag(seen[page]["next"])[0]
                chain.append(page)
            order = list(ed["chapter_urls"].values())
            if chain[:len(order)] != order:
                faults.append(f"'next' links from the landing page {landing} go {chain}, not the "
                              f"chapters in order {order}")

        # Twins: each page of one edition links to its page in the other, and back.
        twins_checked = 0
        if len(editions) == 2:
            en, ko = editions
            pairs = [(en.get("landing"), ko.get("landing")),
                     (url_of("glossary.html"), url_of(f"{KO_PREFIX}glossary.html"))]
            pairs += [(en["chapter_urls"][s], ko["chapter_urls"][s])
                      for s in en["chapter_urls"] if s in ko["chapter_urls"]]
            for a, b in pairs:
                for here, there in ((a, b), (b, a)):
                    if here in seen and there is not None:
                        twins_checked += 1
                        if there not in {urldefrag(u)[0] for u in seen[here]["twins"]}:
                            faults.append(f"{here}: no link to its other-language page {there} "
                                          f"(found {seen[here]['twins']})")
            missing = set(en["chapter_urls"]) ^ set(ko["chapter_urls"])
            if missing:
                faults.append(f"chapters in one edition only: {sorted(missing)}")

        # Every page: no console error; every image decoded; nothing from the internet.
        images = formulas = 0
        for page, info in seen.items():
            for entry in info["log"]:
                if entry.get("level") == "SEVERE":
                    faults.append(f"{page}: console error: {entry.get('message')}")
            for img in info["images"]:
                images += 1
                if not (img["complete"] and img["w"] > 0 and img["h"] > 0):
                    faults.append(f"{page}: image not shown: {img['src']} "
                                  f"(complete={img['complete']}, {img['w']}x{img['h']})")
            if not all(info["math"]):
                faults.append(f"{page}: {info['math'].count(False)} of {len(info['math'])} "
                              f"formulas not typeset by MathJax")
            formulas += len(info["math"])
            for res in info["resources"]:
                if urlsplit(res).netloc != urlsplit(base).netloc:
                    faults.append(f"{page}: loads {res} from outside the site")

        # Hangul, every page that shows it: drawn with the site's own font.
        hangul_pages = hangul_elements = 0
        hangul_stacks: set[str] = set()
        for page, info in seen.items():
            if info["hangul"].get("hangul"):
                hangul_pages += 1
                hangul_elements += len(info["hangul"].get("elements", []))
                hangul_stacks.update(e["fontFamily"] for e in info["hangul"].get("elements", []))
                faults.extend(hangul_faults(page, info["hangul"]))

        # Tables, every page: none cut off (too wide and no scrollbar to reach the rest), and
        # Markdown tables (the Measurements page's, the glossary's) fit the column outright.
        tables = fitted = scrolled = 0
        for page, info in seen.items():
            for i, t in enumerate(info["tables"]):
                if not t["shown"]:
                    continue
                tables += 1
                where = (f"{page}: table {i + 1} ({t['columns']} columns, under "
                         f"{t['heading']!r}{', a cell output' if t['output'] else ''})")
                too_wide = t["width"] > t["container"] + 1 or t["overflow"] > 1
                if too_wide and not t["scrolls"]:
                    faults.append(f"{where} is cut off: {t['width']} px wide in a "
                                  f"{t['container']} px container, {t['overflow']} px past the "
                                  f"column's edge, and no scrollbar")
                elif too_wide and not t["output"]:
                    faults.append(f"{where} is wider than the column ({t['width']} px in "
                                  f"{t['container']} px): only a scrollbar shows its last columns")
                elif too_wide:
                    scrolled += 1
                else:
                    fitted += 1

        # The Measurements page: the report's title and every image of the report shown.
        measurements = url_of(html_name(MEASUREMENTS))
        info = seen.get(measurements)
        if info is None:
            faults.append(f"the Measurements page {measurements} was never reached")
        else:
            want_title = readme_title(report, REPORT)
            if info["h1"] != want_title:
                faults.append(f"{measurements}: title {info['h1']!r}, the report's is "
                              f"{want_title!r}")
            want = count_markdown_images(report)
            shown = sum(not img["output"] and img["complete"] and img["w"] > 0
                        for img in info["images"])
            if shown < want:
                faults.append(f"{measurements}: {shown} images shown, {REPORT} has {want}")
            if not info["tables"]:
                faults.append(f"{measurements}: no table on the page")

        # Chapters: title, figures, Colab launch button, collapsed check and setup cells.
        check_cells = collapsed = setup_cells = setup_collapsed = solutions = solutions_folded = 0
        for url, ed in chapter_urls.items():
            stem = url.rsplit("/", 1)[1][:-len(".html")]
            info = seen.get(url)
            if info is None:
                faults.append(f"chapter {stem}: page {url} was never reached from the navigation")
                continue
            nb = ed["notebooks"][stem]
            if info["h1"] != colab.title(nb):
                faults.append(f"{url}: title {info['h1']!r}, notebook's is {colab.title(nb)!r}")
            want = count_png_outputs(nb)
            shown = sum(img["output"] and img["complete"] and img["w"] > 0 for img in info["images"])
            if shown < want:
                faults.append(f"{url}: {shown} figures shown, the notebook has {want} PNG outputs")
            colab_url = (f"https://colab.research.google.com/github/{repo_path}/blob/main/"
                         f"{ed['folder']}/{stem}.ipynb")
            if colab_url not in info["colab"]:
                faults.append(f"{url}: no Colab launch link {colab_url} (found {info['colab']})")
            tagged = count_tagged(nb)
            check_cells += tagged
            if len(info["check_cells"]) != tagged:
                faults.append(f"{url}: {len(info['check_cells'])} cells marked tag_check on "
                              f"the page, the notebook has {tagged}")
            for i, cell in enumerate(info["check_cells"]):
                if cell["visible"]:
                    faults.append(f"{url}: check cell {i + 1} of {tagged} is not collapsed")
                elif not cell["opens"]:
                    faults.append(f"{url}: check cell {i + 1} of {tagged} does not open on a click")
                else:
                    collapsed += 1
            # Solutions: every code cell and every text of the solutions folded, each opening.
            want_code = sum(SOLUTION_TAG in c.get("metadata", {}).get("tags", [])
                            for c in nb["cells"] if c["cell_type"] == "code")
            want_text = sum(SOLUTION_TAG in c.get("metadata", {}).get("tags", [])
                            for c in nb["cells"] if c["cell_type"] == "markdown")
            for kind, found, want in (("code", info["solution_cells"], want_code),
                                      ("text", info["solution_texts"], want_text)):
                if len(found) != want:
                    faults.append(f"{url}: {len(found)} folded solution {kind} cells on the page, "
                                  f"the notebook has {want}")
                for i, cell in enumerate(found):
                    if cell["visible"]:
                        faults.append(f"{url}: solution {kind} cell {i + 1} is not folded")
                    elif not cell["opens"]:
                        faults.append(f"{url}: solution {kind} cell {i + 1} does not open on a click")
                    else:
                        solutions_folded += 1
                solutions += want
            want_setup = int(is_setup_cell(nb, 1))
            setup_cells += want_setup
            if len(info["setup_cells"]) != want_setup:
                faults.append(f"{url}: {len(info['setup_cells'])} Colab setup cells on the page "
                              f"(tag_{SETUP_TAG}), the notebook has {want_setup}")
            for cell in info["setup_cells"]:
                if cell["visible"]:
                    faults.append(f"{url}: the Colab setup cell is not collapsed")
                elif not cell["opens"]:
                    faults.append(f"{url}: the Colab setup cell does not open on a click")
                else:
                    setup_collapsed += 1

        # Links: every internal URL answers 200 (and its #anchor exists on loaded pages);
        # external ones are only checked to be well-formed (there is no internet here).
        internal, external = set(), set()
        for page, info in seen.items():
            for link in info["links"] + info["sources"]:
                (internal if link.startswith(base) else external).add((page, link))
        status: dict[str, int] = {}
        for page, link in sorted(internal):
            target, fragment = urldefrag(link)
            if target not in status:
                status[target] = _fetch(target)
            if status[target] != 200:
                faults.append(f"{page}: broken link {link} (HTTP {status[target]})")
            elif fragment and target in seen and fragment not in seen[target]["ids"]:
                faults.append(f"{page}: link {link}: no element with id {fragment!r}")
        for page, link in sorted(external):
            if not link.startswith(("javascript:", "data:")) and not _well_formed(link):
                faults.append(f"{page}: malformed link {link!r}")

    for fault in faults:
        print("FAIL:", fault)
    print(f"site check: {len(seen)} pages loaded in headless Chromium "
          f"({len(chapter_urls)} chapter pages in {len(editions)} edition(s); {twins_checked} "
          f"links to the other language), {images} images decoded, {formulas} formulas typeset, "
          f"{len(status)} internal URLs fetched ({len(internal)} links), "
          f"{len({link for _, link in external})} external links checked for form only")
    print(f"site check: {hangul_pages} pages show Hangul; {hangul_elements} elements with "
          f"Hangul checked to be drawn with the site's font {HANGUL_FAMILY!r}, in "
          f"{len(hangul_stacks)} computed font stacks:")
    for stack in sorted(hangul_stacks):
        print(f"    {stack}")
    print(f"site check: {tables} tables measured: {fitted} fit their column, {scrolled} in cell "
          f"outputs scroll inside it; {setup_collapsed} of {setup_cells} Colab setup cells "
          f"collapsed")
    print(f"site check: {solutions_folded} of {solutions} solution cells (code and text) folded")
    if check_cells:
        print(f"site check: {collapsed} of {check_cells} cells tagged `{CHECK_TAG}` collapsed")
    else:
        print(f"site check: collapse of `{CHECK_TAG}` cells skipped: no notebook cell carries "
              f"the tag `{CHECK_TAG}` yet")
    print(f"site check: {'FAILED, ' + str(len(faults)) + ' faults' if faults else 'passed'} "
          f"in {time.time() - start:.0f} s")
    return 1 if faults else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="assemble _build/site/ and build its HTML")
    b.add_argument("--no-strict", action="store_true", help="do not fail on Sphinx warnings")
    c = sub.add_parser("check", help="check the built site in headless Chromium")
    c.add_argument("--screenshots", type=Path, metavar="DIR",
                   help="save a PNG of each page (and of each chapter's first figure) in DIR")
    s = sub.add_parser("serve", help="serve the built site")
    s.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "build":
        build(strict=not args.no_strict)
        return 0
    if args.command == "check":
        return check(screenshots=args.screenshots)
    with serve(HTML, args.port) as url:
        print(f"serving {HTML.relative_to(ROOT)}/ at {url} (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
