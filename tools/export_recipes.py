"""Write the chapters' recipe cells to the ``recipes`` package, so a recipe is written once.

    python tools/export_recipes.py            # write recipes/<slug>.py for every chapter
    python tools/export_recipes.py --check    # exit 1 if a committed module is out of date

A chapter teaches a model builder, a data pipeline or a helper in a cell and tags that cell
``recipe``. From each tagged cell this script takes the top-level imports, ``def`` and
``class`` statements and assignments to UPPER_CASE constants, in order, and writes them to
``recipes/<slug>.py`` (``chapters/09_beyond_the_book.ipynb`` → ``recipes/beyond_the_book.py``).
Every other statement of a tagged cell — the demonstration: training, printing, plotting —
stays in the notebook only. The bench and later chapters import the recipe from there
(``from recipes.beyond_the_book import make_dataset``); nothing is typed twice.

The idea is d2l's ``#@save`` and nbdev's ``#| export``, with a cell tag instead of a comment.
``tests/test_recipes.py`` fails when a committed module differs from what this script writes,
and when an exported function uses a name its module does not define.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
PACKAGE = ROOT / "recipes"
TAG = "recipe"
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")

HEADER = '''"""Recipes of {title}

Generated from chapters/{notebook} (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""
'''
INIT = '''"""The chapters' recipes, importable: one module per chapter, generated from its cells tagged
"recipe" by tools/export_recipes.py (do not edit; change the chapter and run the script).

{lines}
"""
'''


class RecipeError(ValueError):
    """A tagged cell that cannot be exported; the message names the notebook and the cell."""


def slug(path: Path) -> str:
    """``04_simplernn_one_hot.ipynb`` → ``simplernn_one_hot`` (a chapter's module name)."""
    match = re.fullmatch(r"\d\d_([a-z0-9_]+)\.ipynb", path.name)
    if not match:
        raise RecipeError(f"{path.name}: a chapter's file name must look like "
                          "'NN_words_with_underscores.ipynb' to give a module name")
    return match.group(1)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _is_exported(node: ast.stmt) -> bool:
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                         ast.ClassDef)):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = []
        for t in targets:                       # NAME = ... or NAME_A, NAME_B = ...
            names += t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]
        return all(isinstance(t, ast.Name) and CONSTANT.match(t.id) for t in names)
    return False


def cell_exports(source: str, where: str) -> list[str]:
    """The exported statements of one tagged cell's source, as source text."""
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise RecipeError(f"{where}: the cell tagged '{TAG}' is not valid Python "
                          f"(line {err.lineno}: {err.msg}); IPython magics (%, !) cannot be exported") from None
    lines = source.splitlines()
    out = []
    for node in tree.body:
        if not _is_exported(node):
            continue
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        out.append("\n".join(lines[start - 1:node.end_lineno]).rstrip())
    return out


def title(nb: dict, path: Path) -> str:
    first = _source(nb["cells"][0]).splitlines()[0] if nb.get("cells") else ""
    return first.lstrip("# ").strip() or path.name


def module_text(path: Path) -> str | None:
    """What ``recipes/<slug>.py`` holds for a chapter, or None if it tags no cell."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise RecipeError(f"{path.name}: not a readable notebook ({err})") from None
    blocks = []
    for index, cell in enumerate(nb.get("cells", [])):
        if TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        where = f"{path.name}, cell {index} (id {cell.get('id', '?')})"
        if cell["cell_type"] != "code":
            raise RecipeError(f"{where}: only code cells can be tagged '{TAG}'")
        exported = cell_exports(_source(cell), where)
        if not exported:
            raise RecipeError(f"{where}: tagged '{TAG}' but has no import, def, class or "
                              "UPPER_CASE constant to export; remove the tag")
        blocks.append(f"# --- cell {cell.get('id', index)}\n" + "\n\n".join(exported))
    if not blocks:
        return None
    return HEADER.format(title=title(nb, path), notebook=path.name) + "\n" + "\n\n\n".join(blocks) + "\n"


def expected(chapters: Path = CHAPTERS) -> dict[str, str]:
    """Every file of the ``recipes`` package as this script writes it: {file name: text}."""
    files, listing = {}, []
    for path in sorted(chapters.glob("[0-9][0-9]_*.ipynb")):
        text = module_text(path)
        if text is not None:
            name = slug(path)
            files[f"{name}.py"] = text
            listing.append(f"* ``recipes.{name}``: chapters/{path.name}")
    files["__init__.py"] = INIT.format(lines="\n".join(listing) or "(no chapter tags a cell yet)")
    return files


def out_of_date(package: Path = PACKAGE, chapters: Path = CHAPTERS) -> list[str]:
    """Files of ``package`` that differ from what the script writes (or are missing/extra)."""
    want = expected(chapters)
    have = {p.name: p.read_text(encoding="utf-8") for p in package.glob("*.py")} if package.is_dir() else {}
    return sorted(name for name in set(want) | set(have) if want.get(name) != have.get(name))


def write(package: Path = PACKAGE, chapters: Path = CHAPTERS) -> list[str]:
    """Write the package; all modules are computed before any file is touched. Returns names written."""
    want = expected(chapters)              # raises before writing anything
    package.mkdir(exist_ok=True)
    for stale in package.glob("*.py"):
        if stale.name not in want:
            stale.unlink()
    changed = []
    for name, text in want.items():
        target = package / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            tmp = target.with_suffix(".py.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
            changed.append(name)
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if recipes/ differs from the chapters")
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = out_of_date()
            if stale:
                print("recipes/ is out of date (" + ", ".join(stale) + "): run "
                      "python tools/export_recipes.py", file=sys.stderr)
                return 1
            print("recipes/ matches the chapters")
            return 0
        changed = write()
    except RecipeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print("wrote " + (", ".join(f"recipes/{n}" for n in changed) if changed else "nothing (up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
