"""The website's pure helpers (tools/site.py): link rewriting, glossary page, notebook copies.

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
PAGES = site.site_pages(["01_a.ipynb", "02_b.ipynb"])
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
    # README (landing page at the site's top): chapters and results become pages
    ("README.md", "[Ch 1](chapters/01_a.ipynb)", "[Ch 1](chapters/01_a.ipynb)"),
    ("README.md", "**[Results](tools/results.md)**", "**[Results](results.md)**"),
    ("README.md", "[models](tools/results.md#models)", "[models](results.md#models)"),
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
    ("chapters/01_a.ipynb", "[t](../tools/results.md#forecasting)", "[t](../results.md#forecasting)"),
    ("chapters/01_a.ipynb", "[code](../utils/padding.py)", f"[code]({REPO}/blob/main/utils/padding.py)"),
    # results page (tools/results.md) at the site's top
    ("tools/results.md", "[ch 2](../chapters/02_b.ipynb)", "[ch 2](chapters/02_b.ipynb)"),
    ("tools/results.md", "[raw](results.json)", f"[raw]({REPO}/blob/main/tools/results.json)"),
])
def test_rewrite_links(source, text, want):
    assert site.rewrite_links(text, source, PAGES, REPO) == want


def test_rewrite_links_rewrites_every_link_of_a_paragraph():
    text = "See [a](chapters/01_a.ipynb), [b](tools/results.md) and [c](LICENSE)."
    assert site.rewrite_links(text, "README.md", PAGES, REPO) == (
        f"See [a](chapters/01_a.ipynb), [b](results.md) and [c]({REPO}/blob/main/LICENSE).")


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
    allowed = {f"chapters/{n}" for n in names} | {"results.md", "glossary.md"}
    assert {r.partition("#")[0] for r in relative} <= allowed
    assert {f"chapters/{n}" for n in names} <= relative      # every chapter is linked


def _nb():
    return {"cells": [
        {"cell_type": "markdown", "metadata": {},
         "source": [f"# T\n\n[![Open In Colab]({site.colab.BADGE_IMG})](https://c.example/x)\n",
                    "[home](../README.md)"]},
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
    assert tags == [None, ["check", "nbval-check-output", "hide-cell"], ["check", "hide-cell"], None]
    assert out["cells"][0]["source"] == (
        "# T\n\n[![Open In Colab](../colab-badge.svg)](https://c.example/x)\n[home](../intro.md)")
    assert [c.get("outputs") for c in out["cells"]] == [c.get("outputs") for c in nb["cells"]]
    assert [c["source"] for c in out["cells"][1:]] == [c["source"] for c in nb["cells"][1:]]


def test_counts():
    nb = _nb()
    assert site.count_png_outputs(nb) == 2
    assert site.count_tagged(nb) == 2
    assert site.count_tagged(nb, "hide-cell") == 1
    assert site.count_tagged({"cells": [{"cell_type": "code", "metadata": {}}]}) == 0


def test_toc_lists_the_chapters_in_order_then_results_and_glossary():
    toc = site.toc_yml(["chapters/01_a.ipynb", "chapters/02_b.ipynb"])
    files = re.findall(r"- file: (\S+)", toc)
    assert "root: intro" in toc
    assert files == ["chapters/01_a", "chapters/02_b", "results", "glossary"]


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
    assert pages["README.md"] == "intro.md" and pages["tools/results.md"] == "results.md"
    assert all(pages[f"chapters/{n}"] == f"chapters/{n}" for n in names)


def test_favicon_ico_is_a_valid_icon():
    import io

    PIL = pytest.importorskip("PIL.Image")
    icon = PIL.open(io.BytesIO(site.favicon_ico()))
    assert icon.format == "ICO" and icon.size == (16, 16)
    assert icon.convert("RGBA").getpixel((3, 5)) == (0xf9, 0xab, 0x00, 0xff)
