"""The recipes package: generated from the chapters' cells tagged "recipe" (tools/export_recipes.py).

A recipe is written once, in the chapter cell that teaches it; the bench and later chapters
import it from ``recipes``. These tests fail when a committed module differs from the chapters,
when an exported function uses a name its module does not define, or when a module does not
import.
"""

import builtins
import importlib
import json
import symtable
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import export_recipes  # noqa: E402

MODULES = sorted(p for p in (ROOT / "recipes").glob("*.py") if p.name != "__init__.py")


def test_committed_recipes_match_the_chapters():
    assert export_recipes.out_of_date() == [], "run: python tools/export_recipes.py"


def _undefined(text: str, filename: str) -> set[str]:
    top = symtable.symtable(text, filename, "exec")
    defined = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    known = defined | set(dir(builtins)) | {"__name__", "__file__", "__doc__"}
    missing = set()

    def visit(table):
        for child in table.get_children():
            if child.get_type() == "function":
                missing.update(n for n in child.get_globals() if n not in known)
            elif child.get_type() == "class":
                missing.update(s.get_name() for s in child.get_symbols()
                               if s.is_referenced() and s.is_global() and s.get_name() not in known)
            visit(child)

    visit(top)
    return missing


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_name_an_exported_function_uses_is_defined(path):
    missing = _undefined(path.read_text(encoding="utf-8"), path.name)
    assert not missing, (f"{path.name} uses {sorted(missing)} without defining them: pass them as "
                         "parameters, or tag the chapter cell that defines them 'recipe'")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports(path):
    module = importlib.import_module(f"recipes.{path.stem}")
    assert module.__doc__ and "Generated from chapters/" in module.__doc__


def test_undefined_name_check_can_fail():
    text = "import numpy as np\nLIMIT = 3\n\ndef f(x):\n    return np.minimum(x, LIMIT) + MAXLEN\n"
    assert _undefined(text, "t.py") == {"MAXLEN"}


def _notebook(tmp_path, cells, name="04_demo_chapter.ipynb"):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Chapter 4 — Demo"}] + cells,
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / name).write_text(json.dumps(nb), encoding="utf-8")
    return tmp_path / name


def _code(src, tags=("recipe",), cell_id="c1"):
    return {"cell_type": "code", "id": cell_id, "metadata": {"tags": list(tags)}, "source": src,
            "outputs": [], "execution_count": None}


def test_only_imports_definitions_and_constants_are_exported(tmp_path):
    path = _notebook(tmp_path, [_code(
        "import keras\nMAXLEN = 100\nmaxlen = 5\nWINDOW, HORIZON = 48, 24\nA, b = 1, 2\n\n@staticmethod\ndef build(units):\n"
        "    return keras.layers.GRU(units)\n\nmodel = build(8)\nprint(model)\n"),
        _code("def not_exported():\n    pass\n", tags=(), cell_id="c2")])
    text = export_recipes.module_text(path)
    assert "import keras" in text and "MAXLEN = 100" in text and "@staticmethod\ndef build" in text
    assert "WINDOW, HORIZON = 48, 24" in text and "A, b = 1, 2" not in text
    assert "maxlen = 5" not in text and "print(model)" not in text and "not_exported" not in text
    assert "chapters/04_demo_chapter.ipynb" in text


def test_bad_cells_get_a_clear_error_and_nothing_is_written(tmp_path):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    _notebook(chapters, [_code("def ok():\n    return 1\n")], name="01_good_one.ipynb")
    _notebook(chapters, [_code("%timeit 1\n", cell_id="bad")], name="02_bad_one.ipynb")
    package = tmp_path / "recipes"
    with pytest.raises(export_recipes.RecipeError, match=r"02_bad_one\.ipynb.*id bad.*not valid Python"):
        export_recipes.write(package, chapters)
    assert not package.exists()
    _notebook(chapters, [_code("x = 1\n", cell_id="empty")], name="02_bad_one.ipynb")
    with pytest.raises(export_recipes.RecipeError, match="nothing|no import"):
        export_recipes.write(package, chapters)


def test_write_then_check_round_trip(tmp_path):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    _notebook(chapters, [_code("def f():\n    return 1\n")], name="03_some_chapter.ipynb")
    package = tmp_path / "recipes"
    assert export_recipes.write(package, chapters) == ["some_chapter.py", "__init__.py"]
    assert export_recipes.out_of_date(package, chapters) == []
    (package / "some_chapter.py").write_text("edited by hand\n", encoding="utf-8")
    assert export_recipes.out_of_date(package, chapters) == ["some_chapter.py"]
