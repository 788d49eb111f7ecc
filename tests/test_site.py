"""The website's pure helpers (tools/site.py): link rewriting, the glossary and Measurements
pages, notebook copies (collapsed check and Colab setup cells), the site's CSS and table order,
the Hangul web font (its files, @font-face rules and font stacks) and the check of Hangul pages.

These run in the main environment: tools/site.py imports Jupyter Book and Selenium only inside
the functions that build and check the site. The build and the browser check themselves run
in CI through tools/site_ci.sh.
"""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPO = "https://github.com/owner/name"


def _load():
    # Not `import site`: that name is the standard library's.
    spec = importlib.util.spec_from_file_location("rnnbook_site", ROOT / "tools" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site = _load()
PAGES = site.site_pages(["01_a.ipynb", "02_b.ipynb"], ["seed_spread.png"])
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_import_needs_neither_jupyter_book_nor_a_browser():
    code = ("import importlib.util, sys; "
            f"spec = importlib.util.spec_from_file_location('s', {str(ROOT / 'tools' / 'site.py')!r}); "
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
            "print(sorted(n for n in ('jupyter_book', 'selenium', 'sphinx', 'mathjax') "
            "if n in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("source, text, want", [
    # README (landing page at the site's top): chapters and the report become pages
    ("README.md", "[Ch 1](chapters/01_a.ipynb)", "[Ch 1](chapters/01_a.ipynb)"),
    ("README.md", "**[Measurements](bench/report.md)**", "**[Measurements](measurements.md)**"),
    ("README.md", "[goals](bench/report.md#goals)", "[goals](measurements.md#goals)"),
    # the report's former path lands on the same page
    ("README.md", "**[Results](tools/results.md)**", "**[Results](measurements.md)**"),
    ("README.md", "[models](tools/results.md#models)", "[models](measurements.md#models)"),
    # the bench's other files go to GitHub
    ("README.md", "[runs](bench/book_runs.md)", f"[runs]({REPO}/blob/main/bench/book_runs.md)"),
    # other repository files go to GitHub
    ("README.md", "[`data/README.md`](data/README.md)",
     f"[`data/README.md`]({REPO}/blob/main/data/README.md)"),
    ("README.md", "[c](./tools/colab-constraints.txt)",
     f"[c]({REPO}/blob/main/tools/colab-constraints.txt)"),
    # absolute URLs, anchors and mail addresses stay
    ("README.md", "[![b](https://x.org/b.svg)](https://x.org/n)",
     "[![b](https://x.org/b.svg)](https://x.org/n)"),
    ("README.md", "[up](#layout)", "[up](#layout)"),
    ("README.md", "[me](mailto:a@b.c)", "[me](mailto:a@b.c)"),
    # from a chapter: relative to chapters/, both in the repository and on the site
    ("chapters/01_a.ipynb", "[next](02_b.ipynb)", "[next](02_b.ipynb)"),
    ("chapters/01_a.ipynb", "[home](../README.md)", "[home](../intro.md)"),
    ("chapters/01_a.ipynb", "[t](../tools/results.md#forecasting)",
     "[t](../measurements.md#forecasting)"),
    ("chapters/01_a.ipynb", "[m](../bench/report.md)", "[m](../measurements.md)"),
    ("chapters/01_a.ipynb", "[f](../bench/figures/seed_spread.png)",
     "[f](../figures/seed_spread.png)"),
    ("chapters/01_a.ipynb", "[code](../utils/padding.py)", f"[code]({REPO}/blob/main/utils/padding.py)"),
    # the Measurements page (bench/report.md) at the site's top: its figure is copied next to
    # it, so the image link stays; the bench's other files go to GitHub
    ("bench/report.md", "[ch 2](../chapters/02_b.ipynb)", "[ch 2](chapters/02_b.ipynb)"),
    ("bench/report.md", "![spread](figures/seed_spread.png)", "![spread](figures/seed_spread.png)"),
    ("bench/report.md", "[home](../README.md#layout)", "[home](intro.md#layout)"),
    ("bench/report.md", "[raw](results.json)", f"[raw]({REPO}/blob/main/bench/results.json)"),
    ("bench/report.md", "[bench/book_runs.md](book_runs.md)",
     f"[bench/book_runs.md]({REPO}/blob/main/bench/book_runs.md)"),
    ("bench/report.md", "[p](char_lm_probes.md)", f"[p]({REPO}/blob/main/bench/char_lm_probes.md)"),
    ("bench/report.md", "![other](figures/not_copied.png)",
     f"![other]({REPO}/blob/main/bench/figures/not_copied.png)"),
])
def test_rewrite_links(source, text, want):
    assert site.rewrite_links(text, source, PAGES, REPO) == want


def test_rewrite_links_rewrites_every_link_of_a_paragraph():
    text = "See [a](chapters/01_a.ipynb), [b](bench/report.md) and [c](LICENSE)."
    assert site.rewrite_links(text, "README.md", PAGES, REPO) == (
        f"See [a](chapters/01_a.ipynb), [b](measurements.md) and [c]({REPO}/blob/main/LICENSE).")


def test_a_link_out_of_the_repository_is_an_error():
    with pytest.raises(ValueError, match="leaves the repository"):
        site.rewrite_links("[x](../../etc/passwd)", "chapters/01_a.ipynb", PAGES, REPO)


def test_local_badge_is_relative_to_the_page():
    text = f"[![Open In Colab]({site.colab.BADGE_IMG})](https://colab.research.google.com/x)"
    assert site.local_badge(text, "intro.md").startswith("[![Open In Colab](colab-badge.svg)]")
    assert site.local_badge(text, "chapters/01_a.ipynb").startswith(
        "[![Open In Colab](../colab-badge.svg)]")


SMALL_README = """# Title

Intro.

## Glossary — 용어집

Some words.

<!-- glossary:start -->
| English | 한국어 |
|---|---|
| tensor | 텐서 |
<!-- glossary:end -->

## License

MIT.
"""


def test_glossary_page_and_landing_page_of_a_small_readme():
    assert site.glossary_page(SMALL_README) == (
        "# Glossary — 용어집\n\nSome words.\n\n| English | 한국어 |\n|---|---|\n| tensor | 텐서 |\n")
    landing = site.landing_page(SMALL_README)
    assert "텐서" not in landing and "[Glossary](glossary.md)" in landing
    assert landing.startswith("# Title\n") and landing.endswith("## License\n\nMIT.\n")
    assert "Some words." in landing


@pytest.mark.parametrize("readme", [
    "# T\n\n## Words\n\n| a |\n",                                       # no markers
    "# T\n\n<!-- glossary:end -->\n<!-- glossary:start -->\n",           # wrong order
    "# T\n<!-- glossary:start -->\n| a |\n<!-- glossary:end -->\n",      # no heading
])
def test_glossary_needs_markers_after_a_heading(readme):
    with pytest.raises(ValueError):
        site.glossary_page(readme)


def test_the_real_readme_glossary_moves_whole_to_its_page():
    glossary, landing = site.glossary_page(README), site.landing_page(README)
    start = README.index(site.GLOSSARY_START) + len(site.GLOSSARY_START)
    rows = README[start:README.index(site.GLOSSARY_END)].strip().splitlines()
    assert len(rows) > 10
    assert glossary.startswith("# Glossary")
    assert all(row in glossary.splitlines() for row in rows)
    assert "<!--" not in glossary
    assert not any(row in landing.splitlines() for row in rows[2:])
    assert site.readme_title(landing) == site.readme_title(README)


def test_the_real_readme_links_only_to_pages_or_absolute_urls():
    names = [p.name for p in site.colab.notebooks()]
    pages = site.site_pages(names)
    landing = site.rewrite_links(site.landing_page(README), "README.md", pages, REPO)
    relative = {m[2] for m in site.LINK_RE.finditer(landing)
                if not re.match(r"^(https?:|mailto:|#)", m[2])}
    allowed = {f"chapters/{n}" for n in names} | {"measurements.md", "glossary.md"}
    assert {r.partition("#")[0] for r in relative} <= allowed
    assert {f"chapters/{n}" for n in names} <= relative      # every chapter is linked


SETUP = site.colab.setup_source("https://github.com/owner/name")


def _nb():
    return {"cells": [
        {"cell_type": "markdown", "metadata": {},
         "source": [f"# T\n\n[![Open In Colab]({site.colab.BADGE_IMG})](https://c.example/x)\n",
                    "[home](../README.md)"]},
        {"cell_type": "code", "metadata": {}, "source": SETUP.splitlines(keepends=True),
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "TensorFlow 2\n"}]},
        {"cell_type": "code", "metadata": {"tags": ["check", "nbval-check-output"]},
         "source": "assert 1 == 1", "outputs": [{"output_type": "display_data",
                                                 "data": {"image/png": "iVBOR", "text/plain": "f"}}]},
        {"cell_type": "code", "metadata": {"tags": ["check", "hide-cell"]}, "source": "", "outputs": []},
        {"cell_type": "code", "metadata": {}, "source": "x = 1",
         "outputs": [{"output_type": "stream", "text": "1"},
                     {"output_type": "execute_result", "data": {"image/png": "iVBOR"}}]},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_prepare_notebook_collapses_check_cells_and_fixes_links():
    nb = _nb()
    before = json.dumps(nb, sort_keys=True)
    out = site.prepare_notebook(nb, "chapters/01_a.ipynb", PAGES, REPO)
    assert json.dumps(nb, sort_keys=True) == before                  # the input is not changed
    tags = [c["metadata"].get("tags") for c in out["cells"]]
    assert tags == [None, ["hide-cell", "colab-setup"], ["check", "nbval-check-output", "hide-cell"],
                    ["check", "hide-cell"], None]
    assert out["cells"][0]["source"] == (
        "# T\n\n[![Open In Colab](../colab-badge.svg)](https://c.example/x)\n[home](../intro.md)")
    assert [c.get("outputs") for c in out["cells"]] == [c.get("outputs") for c in nb["cells"]]
    assert [c["source"] for c in out["cells"][1:]] == [c["source"] for c in nb["cells"][1:]]


def test_prepare_notebook_folds_solutions():
    nb = _nb()
    md = lambda text: {"cell_type": "markdown", "metadata": {"tags": ["solution"]}, "source": text}
    nb["cells"] += [
        {"cell_type": "markdown", "metadata": {}, "source": "## Solutions\n\nStop here."},
        md("**Solution 1.** Eight units:\n\n```python\nx = 1\n```"),
        {"cell_type": "code", "metadata": {"tags": ["solution", "nbval-check-output"]},
         "source": "assert 1", "outputs": []},
        md("So the count stays 24."),
        md("**해답 2.** 한 줄"),
    ]
    out = site.prepare_notebook(nb, "chapters/01_a.ipynb", PAGES, REPO)
    heading, first, code, more, korean = out["cells"][-5:]
    assert heading["source"] == "## Solutions\n\nStop here."               # the stop stays open
    assert first["source"] == ("````{dropdown} Solution 1\n:class-container: rnnbook-solution\n\n"
                               "Eight units:\n\n```python\nx = 1\n```\n````\n")
    assert code["metadata"]["tags"] == ["solution", "nbval-check-output", "hide-cell"]
    assert more["source"].startswith("````{dropdown} Solution 1, continued\n")
    assert korean["source"].startswith("````{dropdown} 해답 2\n") and "한 줄\n````" in korean["source"]
    # A fence longer than any run of backticks inside; a first text without its label is refused.
    assert site.fold_solution("**Solution 4.** `````x`````", None, "w")[0].startswith("``````{")
    with pytest.raises(ValueError, match="cell 9: a solution cell must start with its label"):
        site.fold_solution("No label here.", None, "chapters/01_a.ipynb, cell 9")


def test_counts():
    nb = _nb()
    assert site.count_png_outputs(nb) == 2
    assert site.count_tagged(nb) == 2
    assert site.count_tagged(nb, "hide-cell") == 1
    assert site.count_tagged(nb, site.SETUP_TAG) == 0           # only the site's copies have it
    assert site.count_tagged({"cells": [{"cell_type": "code", "metadata": {}}]}) == 0


def test_toc_lists_the_chapters_in_order_then_measurements_and_glossary():
    toc = site.toc_yml(["chapters/01_a.ipynb", "chapters/02_b.ipynb"])
    files = re.findall(r"- file: (\S+)", toc)
    assert "root: intro" in toc
    assert files == ["chapters/01_a", "chapters/02_b", "measurements", "glossary"]
    assert toc.index("caption: Reference") < toc.index("file: measurements")


def test_config_never_executes_and_launches_colab_from_the_repository():
    config = site.config_yml('A "quoted" title — ü', REPO)
    assert 'execute_notebooks: "off"' in config
    assert f'url: "{REPO}"' in config and "branch: main" in config
    assert 'colab_url: "https://colab.research.google.com"' in config
    assert 'title: "A \\"quoted\\" title — ü"' in config
    extensions = re.search(r"extensions: \[([^]]*)\]", config)[1]
    assert "myst_nb" in extensions and "sphinx_thebe" not in extensions   # see config_yml


def test_site_pages_cover_every_chapter():
    names = [p.name for p in site.colab.notebooks()]
    assert names, "no chapters found"
    pages = site.site_pages(names)
    assert pages["README.md"] == "intro.md"
    assert pages["bench/report.md"] == pages["tools/results.md"] == "measurements.md"
    assert all(pages[f"chapters/{n}"] == f"chapters/{n}" for n in names)


def test_favicon_ico_is_a_valid_icon():
    import io

    PIL = pytest.importorskip("PIL.Image")
    icon = PIL.open(io.BytesIO(site.favicon_ico()))
    assert icon.format == "ICO" and icon.size == (16, 16)
    assert icon.convert("RGBA").getpixel((3, 5)) == (0xf9, 0xab, 0x00, 0xff)


def test_the_setup_cell_is_told_by_place_and_first_line():
    assert SETUP.startswith(site.SETUP_START)                   # what tools/colab.py writes
    nb = _nb()
    assert [site.is_setup_cell(nb, i) for i in range(len(nb["cells"]))] == [
        True if i == 1 else False for i in range(len(nb["cells"]))]
    # not the setup cell: Markdown, another first line, another place
    for change in ({"cell_type": "markdown"}, {"source": "# Set up the data\nx = 1"}):
        other = _nb()
        other["cells"][1].update(change)
        assert not site.is_setup_cell(other, 1)
        out = site.prepare_notebook(other, "chapters/01_a.ipynb", PAGES, REPO)
        assert out["cells"][1]["metadata"].get("tags") is None
    korean = _nb()                         # the Korean edition translates its comments
    korean["cells"][1]["source"] = SETUP.replace(site.SETUP_START, "# 설정.", 1)
    assert site.is_setup_cell(korean, 1)
    late = _nb()
    late["cells"].insert(1, {"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": []})
    out = site.prepare_notebook(late, "chapters/01_a.ipynb", PAGES, REPO)
    assert site.count_tagged(out, site.SETUP_TAG) == 0


def test_a_setup_cell_already_tagged_keeps_its_tags_once():
    nb = _nb()
    nb["cells"][1]["metadata"]["tags"] = ["hide-cell", "remove-output"]
    out = site.prepare_notebook(nb, "chapters/01_a.ipynb", PAGES, REPO)
    assert out["cells"][1]["metadata"]["tags"] == ["hide-cell", "remove-output", "colab-setup"]


def test_every_chapter_has_the_setup_cell_the_site_collapses():
    for path in site.colab.notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert site.is_setup_cell(nb, 1), f"{path.name}: the second cell is not the setup cell"
        out = site.prepare_notebook(nb, f"chapters/{path.name}", site.site_pages([path.name]), REPO)
        assert [i for i, c in enumerate(out["cells"])
                if site.SETUP_TAG in c["metadata"].get("tags", [])] == [1]
        assert "hide-cell" in out["cells"][1]["metadata"]["tags"]
        assert "tags" not in nb["cells"][1]["metadata"] or (
            site.SETUP_TAG not in nb["cells"][1]["metadata"]["tags"])   # the notebook untouched


def test_site_figure_keeps_the_report_relative_link():
    assert site.site_figure("bench/figures/seed_spread.png") == "figures/seed_spread.png"
    assert site.site_figure("bench/figures/sub/a.png") == "figures/sub/a.png"
    assert PAGES["bench/figures/seed_spread.png"] == "figures/seed_spread.png"


def test_count_markdown_images_and_html_name():
    text = "![a](figures/a.png) and [not an image](b.md) ![](c.svg)\n![x]( spaced )"
    assert site.count_markdown_images(text) == 2
    assert site.html_name("measurements.md") == "measurements.html"
    assert site.html_name("chapters/01_a.ipynb") == "chapters/01_a.html"


REPORT = (ROOT / "bench" / "report.md").read_text(encoding="utf-8")


def _table_widths(markdown: str) -> list[int]:
    """Columns of each Markdown table (its delimiter row |---|---:|) of ``markdown``."""
    return [line.strip().strip("|").count("|") + 1 for line in markdown.splitlines()
            if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line.strip())]


def test_the_real_report_makes_a_measurements_page_with_its_figures():
    figures = sorted(p.name for p in (ROOT / "bench" / "figures").glob("*") if p.is_file())
    names = [p.name for p in site.colab.notebooks()]
    pages = site.site_pages(names, figures)
    page = site.rewrite_links(REPORT, "bench/report.md", pages, REPO)
    assert site.readme_title(page, "bench/report.md") == "Measurements"
    relative = {m[2].partition("#")[0] for m in site.LINK_RE.finditer(page)
                if not re.match(r"^(https?:|mailto:|#)", m[2])}
    assert relative, "the report links to no figure"
    for target in relative:       # every relative link is a page or a copied figure
        assert target in pages.values(), target
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", page)
    assert len(images) == site.count_markdown_images(REPORT) >= 1
    assert all(image in pages.values() and image.startswith("figures/") for image in images)
    for target in re.findall(r"\]\((https://github\.com/owner/name/blob/main/[^)#]+)", page):
        assert target.split("/blob/main/")[1].startswith(("bench/", "chapters/", "utils/",
                                                          "tools/", "recipes/", "data/")), target


def test_the_real_report_tables_have_at_most_8_columns():
    widths = _table_widths(REPORT)
    assert widths, "no table found in bench/report.md"
    assert max(widths) <= 8, (f"a table of bench/report.md has {max(widths)} columns; the site's "
                              f"Measurements page is made for at most 8")
    assert _table_widths("| a | b |\n|---|---:|\n| 1 | 2 |\n") == [2]


def test_config_loads_the_site_css_which_fits_tables():
    config = site.config_yml("T", REPO)
    assert re.search(r"html_css_files: \[site\.css\]", config)
    assert "html_static_path: [_assets]" in config
    css = site.SITE_CSS_TEXT
    assert re.search(r"\.bd-article table \{[^}]*font-size: 0\.\d+rem", css)
    assert re.search(r"\.pst-scrollable-table-container \{[^}]*overflow-x: auto", css)
    assert css.count("{") == css.count("}")


def test_assemble_writes_the_measurements_page_figures_css_and_collapsed_setup_cells(
        tmp_path, monkeypatch):
    # MathJax comes from the site's environment: stand in for its folder.
    es5 = tmp_path / "es5"
    (es5 / "tex-mml-chtml.js").parent.mkdir(parents=True)
    (es5 / "tex-mml-chtml.js").write_text("//", encoding="utf-8")
    for part in ("input/tex/extensions", "output/chtml/fonts", "a11y", "ui", "adaptors"):
        (es5 / part).mkdir(parents=True)
    monkeypatch.setattr(site, "_mathjax_dir", lambda: es5)
    fonts = _package_fonts()
    dest = tmp_path / "site"
    site.assemble(dest)

    page = (dest / "measurements.md").read_text(encoding="utf-8")
    assert page.startswith("# Measurements\n")
    assert not (dest / "results.md").exists()
    for image in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", page):
        assert (dest / image).is_file(), f"{image} is not copied next to the page"
    assert (dest / "figures" / "seed_spread.png").read_bytes() == (
        ROOT / "bench" / "figures" / "seed_spread.png").read_bytes()
    assert (dest / "_assets" / "site.css").read_text(encoding="utf-8") == site.SITE_CSS_TEXT
    for name in ("RNNBookGothic-Regular.ttf", "RNNBookGothic-Bold.ttf", site.FONT_LICENSE):
        assert (dest / "_assets" / "fonts" / name).is_file(), name             # the Hangul font
    # the web font holds the Hangul of the pages (the glossary's, chapter 11's title) and little else
    from fontTools.ttLib import TTFont
    built = dest / "_assets" / "fonts" / "RNNBookGothic-Regular.ttf"
    assert built.stat().st_size < (fonts / "NanumGothic.ttf").stat().st_size / 5
    cmap = TTFont(built).getBestCmap()
    assert all(ord(c) in cmap for c in "텐서용어집별로지만추천해요ㅋ")
    assert re.findall(r"- file: (\S+)", (dest / "_toc.yml").read_text())[-2:] == [
        "measurements", "glossary"]
    intro = (dest / "intro.md").read_text(encoding="utf-8")
    assert "](measurements.md)" in intro and "bench/report.md)" not in intro
    for path in site.colab.notebooks():
        nb = json.loads((dest / "chapters" / path.name).read_text(encoding="utf-8"))
        assert nb["cells"][1]["metadata"]["tags"][-2:] == ["hide-cell", "colab-setup"]
        original = json.loads(path.read_text(encoding="utf-8"))
        assert [c.get("outputs") for c in nb["cells"]] == [c.get("outputs") for c in original["cells"]]


# --------------------------------------------------------------------------- Hangul web font

# The Hangul blocks the font is downloaded for (the brief of the site's Hangul font).
WANT_HANGUL_RANGE = "U+1100-11FF, U+3130-318F, U+A960-A97F, U+AC00-D7A3, U+D7B0-D7FF"


def _font_faces(css: str) -> list[dict[str, str]]:
    """The @font-face rules of ``css``: property -> value."""
    return [dict((k.strip(), v.strip()) for k, _, v in
                 (d.partition(":") for d in body.split(";") if d.strip()))
            for body in re.findall(r"@font-face\s*\{([^}]*)\}", css)]


def test_site_css_declares_the_hangul_font_for_the_hangul_blocks_only():
    faces = _font_faces(site.SITE_CSS_TEXT)
    assert len(faces) == 2
    assert {f["font-weight"]: f["src"] for f in faces} == {
        "400": 'url("fonts/RNNBookGothic-Regular.ttf") format("truetype")',
        "700": 'url("fonts/RNNBookGothic-Bold.ttf") format("truetype")'}
    for face in faces:
        assert face["font-family"] == '"RNNBook Gothic"'
        assert face["unicode-range"] == WANT_HANGUL_RANGE
    assert site.unicode_range() == WANT_HANGUL_RANGE
    # the table rules are still there, and the CSS is well formed
    assert site.SITE_CSS_TEXT.startswith(site.TABLE_CSS_TEXT)
    assert site.SITE_CSS_TEXT.count("{") == site.SITE_CSS_TEXT.count("}")


def test_the_theme_font_stacks_begin_with_the_hangul_family():
    # pydata-sphinx-theme sets its fonts through these variables on `html`; site.css puts the
    # Hangul font first, and its unicode-range (Hangul only) leaves Latin text to the theme's.
    rule = re.search(r"(?m)^html \{([^}]*)\}", site.SITE_CSS_TEXT)[1]
    stacks = dict(re.findall(r"(--(?:pst|bs)-font-[a-z-]+):\s*([^;]+);", rule))
    assert stacks == {
        "--pst-font-family-base": '"RNNBook Gothic", var(--pst-font-family-base-system)',
        "--pst-font-family-heading": '"RNNBook Gothic", var(--pst-font-family-base-system)',
        "--pst-font-family-monospace": '"RNNBook Gothic", var(--pst-font-family-monospace-system)',
        "--bs-font-sans-serif": '"RNNBook Gothic", var(--pst-font-family-base-system)'}
    assert site.SITE_CSS_TEXT.index("html {") > site.SITE_CSS_TEXT.rindex("@font-face")


def test_the_checks_hangul_pattern_matches_the_css_ranges():
    pattern = re.compile(f"[{site.hangul_js_ranges()}]")   # same \\uXXXX class in JS and Python
    for text in (site.HANGUL_SAMPLE, "ㄱ", "\u1100", "\ua960", "\ud7b0", "텐서 tensor"):
        assert pattern.search(text), text
    for text in ("tensor", "日本語", "é ü ß", "\u1200", "\u3000"):
        assert not pattern.search(text), text


def _package_fonts():
    """The koreanize-matplotlib package's fonts/ (and fontTools), or skip."""
    import importlib.util

    if not importlib.util.find_spec("koreanize_matplotlib"):
        pytest.skip("koreanize-matplotlib is not installed")
    pytest.importorskip("fontTools.ttLib")
    return site._hangul_font_dir()


def test_copy_hangul_fonts_puts_the_web_fonts_and_their_licence_beside_site_css(tmp_path):
    source = _package_fonts()
    static = tmp_path / "_assets"
    written = site.copy_hangul_fonts(static, source)
    assert sorted(p.name for p in written) == ["RNNBookGothic-Bold.ttf",
                                               "RNNBookGothic-Regular.ttf"]
    note = (static / "fonts" / site.FONT_LICENSE).read_text(encoding="utf-8")
    assert "SIL Open Font License, Version 1.1" in note and "koreanize-matplotlib" in note
    assert "Reserved Font Name" in note and "TSI0-TSI5" in note
    # site.css (in _assets/) names the fonts relative to itself
    for face in _font_faces(site.SITE_CSS_TEXT):
        path = re.search(r'url\("([^"]+)"\)', face["src"])[1]
        assert (static / path).is_file(), path


def test_make_webfont_drops_the_tables_chromium_rejects_renames_and_keeps_the_glyphs(tmp_path):
    from fontTools.ttLib import TTFont

    source = _package_fonts()
    for weight, (name, style) in site.HANGUL_FONTS.items():
        original = TTFont(source / name)
        # what Chromium's sanitizer refused: "OTS parsing error: TSI3: zero-length table"
        assert "TSI3" in original and len(original.reader["TSI3"]) == 0
        font = TTFont(site.make_webfont(source / name, tmp_path / f"{style}.ttf", style))
        assert not [t for t in font.keys() if t.startswith("TSI")]
        assert set(original.keys()) - set(font.keys()) == {"TSI0", "TSI1", "TSI2", "TSI3", "TSI5"}
        for tag in ("glyf", "loca", "cmap", "hmtx", "hhea", "maxp", "OS/2", "post", "kern",
                    "fpgm", "prep", "cvt ", "gasp"):
            assert font.reader[tag] == original.reader[tag], tag       # byte for byte
        assert all(ord(c) in font.getBestCmap() for c in site.HANGUL_SAMPLE + "텐서용어집")
        # renamed: no name record names the font Nanum (the Reserved Font Name), in any language
        names = {(r.nameID, r.toUnicode()) for r in font["name"].names}
        assert (1, "RNNBook Gothic") in names and (2, style) in names
        assert (6, f"RNNBookGothic-{style}") in names
        assert not [n for i, n in names if i in (1, 3, 4, 6, 16, 17, 18, 20, 21, 22)
                    and ("Nanum" in n or "나눔" in n)]
        # the bold file says 600 (SemiBold) in its OS/2 table; declared 700, it is the face
        # for every weight from 500 up (the theme's headings are 600, <strong> 700)
        assert font["OS/2"].usWeightClass == (400 if weight == 400 else 600)
        assert bool(font["head"].macStyle & 1) == (weight == 700)        # the Bold style bit


def test_the_web_font_keeps_only_the_sites_hangul_and_every_jamo(tmp_path):
    from fontTools.ttLib import TTFont

    source = _package_fonts()
    name, style = site.HANGUL_FONTS[400]
    text = "별로지만 추천해요 — chapter 11 ㅋㅋ"
    path = site.make_webfont(source / name, tmp_path / "small.ttf", style, text=text)
    full = site.make_webfont(source / name, tmp_path / "full.ttf", style)
    cmap = TTFont(path).getBestCmap()
    assert all(ord(c) in cmap for c in "별로지만추천해요ㅋㅠㄱㅣ")
    assert ord("텐") not in cmap and ord("A") not in cmap         # not in the text / not Hangul
    assert path.stat().st_size < full.stat().st_size / 20
    # the glyphs kept are drawn as in the full font
    small, whole = TTFont(path), TTFont(full)
    for c in "별추ㅋ":
        g_small, g_whole = small.getBestCmap()[ord(c)], whole.getBestCmap()[ord(c)]
        assert small["hmtx"][g_small] == whole["hmtx"][g_whole]
        assert small["glyf"][g_small].getCoordinates(small["glyf"])[0] == \
            whole["glyf"][g_whole].getCoordinates(whole["glyf"])[0]
    names = {(r.nameID, r.toUnicode()) for r in small["name"].names}
    assert (1, "RNNBook Gothic") in names and not any("Nanum" in n for i, n in names if i in (1, 4, 6))


def test_copy_hangul_fonts_fails_without_the_font(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SystemExit, match="NanumGothic.ttf is missing"):
        site.copy_hangul_fonts(tmp_path / "_assets", empty)


# What HANGUL_JS + CSS.getPlatformFontsForNode report in headless Chromium on a machine with no
# Korean system font (fc-list :lang=ko empty): with the site's font, and in the ways it can be
# missing: site.css without the @font-face and stacks; the font files not published, or
# rejected by Chromium's font sanitizer — the package's files as shipped, for which the check
# printed "no face of … loaded (400: error, 700: error)", "document.fonts.check(…) is false"
# and "… not drawn with … drawn with DejaVu Sans".
_WEB = ', "RNNBook Gothic"'           # the stacks' end in site.css, as Chromium computes it
_STACK = ('system-ui, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", '
          '"Noto Color Emoji"')
_WITH_FONT = {"hangul": True, "found": 3, "check": True,
              "faces": [{"weight": "400", "status": "loaded"},
                        {"weight": "700", "status": "unloaded"}],
              "elements": [{"what": "p", "text": "텐서", "fontFamily": _STACK + _WEB,
                            "weight": "400", "fonts": ["DejaVu Sans", "RNNBook Gothic"]}]}
_NO_CSS = {"hangul": True, "found": 3, "check": True, "faces": [],
           "elements": [{"what": "p", "text": "텐서", "fontFamily": _STACK, "weight": "400",
                         "fonts": ["DejaVu Sans"]}]}
_NO_FILE = {"hangul": True, "found": 3, "check": False,
            "faces": [{"weight": "400", "status": "error"},
                      {"weight": "700", "status": "unloaded"}],
            "elements": [{"what": "p", "text": "텐서", "fontFamily": _STACK + _WEB,
                          "weight": "400", "fonts": ["DejaVu Sans"]}]}


def test_hangul_check_passes_a_page_drawn_with_the_font_and_pages_without_hangul():
    assert site.hangul_faults("p.html", _WITH_FONT) == []
    assert site.hangul_faults("p.html", {"hangul": False}) == []
    assert site.hangul_faults("p.html", None) == []


def test_hangul_check_reports_one_element_drawn_without_the_font_among_many_drawn_with_it():
    straggler = {"what": "a.rnnbook-twin", "text": "한국어", "fontFamily": _STACK + _WEB,
                 "weight": "400", "fonts": ["DejaVu Sans"]}
    info = {**_WITH_FONT, "elements": _WITH_FONT["elements"] * 5 + [straggler]}
    faults = site.hangul_faults("p.html", info)
    assert faults == ["p.html: 1 of 6 elements with Hangul not drawn with 'RNNBook Gothic' "
                      "(missing-glyph boxes), e.g. <a.rnnbook-twin> '한국어' drawn with DejaVu Sans"]


def test_hangul_check_reports_a_page_built_without_the_font_css():
    faults = site.hangul_faults("p.html", _NO_CSS)
    assert any("no @font-face for 'RNNBook Gothic'" in f for f in faults)
    assert any("have no 'RNNBook Gothic' in their font-family" in f for f in faults)
    assert any("not drawn with 'RNNBook Gothic'" in f and "DejaVu Sans" in f for f in faults)


def test_hangul_check_reports_a_page_whose_font_file_is_missing():
    faults = site.hangul_faults("p.html", _NO_FILE)
    assert any("no face of 'RNNBook Gothic' loaded (400: error, 700: unloaded)" in f
               for f in faults)
    assert any("1 of 1 elements with Hangul not drawn" in f for f in faults)
    assert any("document.fonts.check" in f for f in faults)


def test_hangul_check_reports_an_element_outside_the_stack_or_an_unknown_drawing():
    code = json.loads(json.dumps(_WITH_FONT))
    code["elements"].append({"what": "code.literal", "text": "별로", "weight": "400",
                             "fontFamily": "monospace", "fonts": ["DejaVu Sans Mono"]})
    faults = site.hangul_faults("p.html", code)
    assert len(faults) == 2 and "1 of 2 elements" in faults[0] and "<code.literal>" in faults[0]
    unknown = json.loads(json.dumps(_WITH_FONT))
    del unknown["elements"][0]["fonts"]
    assert site.hangul_faults("p.html", unknown) == [
        "p.html: Chromium did not say which fonts drew its Hangul"]
    false = dict(_WITH_FONT, check=False)
    assert site.hangul_faults("p.html", false) == [
        "p.html: document.fonts.check('16px \"RNNBook Gothic\"', '별로지만') is false"]


# --------------------------------------------------------------------------- the Korean book

def test_twin_links_point_each_page_at_its_other_language_page():
    import posixpath
    cases = [("intro.md", False, "intro.html", "ko/intro.html"),
             ("intro.md", True, "ko/intro.html", "intro.html"),
             ("glossary.md", False, "glossary.html", "ko/glossary.html"),
             ("chapters/01_a.ipynb", False, "chapters/01_a.html", "ko/chapters/ko/01_a.html"),
             ("chapters/ko/01_a.ipynb", True, "ko/chapters/ko/01_a.html", "chapters/01_a.html")]
    for page, korean, here, there in cases:
        html = site.twin_html(page, korean)
        href = re.search(r'href="([^"]+)"', html)[1]
        assert posixpath.normpath(posixpath.join(posixpath.dirname(here), href)) == there
        assert f'class="{site.TWIN_CLASS}"' in html
        assert ("English" if korean else "한국어") in html
    assert site.with_twin("intro\n# Title\ntext", "<a>x</a>") == "intro\n# Title\n\n<a>x</a>\ntext"
    with pytest.raises(ValueError, match="Title"):
        site.with_twin("no title", "<a>x</a>")


def test_the_korean_book_has_its_chapters_and_glossary_and_speaks_korean():
    pages = site.site_pages(["01_a.ipynb"], korean=True)
    assert pages == {"README.ko.md": "intro.md", "chapters/ko/01_a.ipynb": "chapters/ko/01_a.ipynb"}
    toc = site.toc_yml(["chapters/ko/01_a.ipynb"], korean=True)
    assert re.findall(r"- file: (\S+)", toc) == ["chapters/ko/01_a", "glossary"]
    assert "caption: 장" in toc and "measurements" not in toc
    assert "language: ko" in site.config_yml("제목", REPO, "ko")
    assert "language: en" in site.config_yml("Title", REPO)


def test_prepare_notebook_puts_the_twin_link_under_the_title():
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# 1장 — 텐서\n\n본문"}]}
    twin = site.twin_html("chapters/ko/01_a.ipynb", True)
    out = site.prepare_notebook(nb, "chapters/ko/01_a.ipynb",
                                {"chapters/ko/01_a.ipynb": "chapters/ko/01_a.ipynb"}, REPO, twin)
    assert out["cells"][0]["source"] == f"# 1장 — 텐서\n\n{twin}\n\n본문"
