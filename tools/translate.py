"""The Korean edition: one gettext catalogue per chapter, and the Korean notebooks written from it.

The English notebooks in ``chapters/`` are the one source of code and outputs. For each chapter,
``translations/ko/<chapter>.po`` holds its translation, one entry per cell, keyed by the cell's
id (``msgctxt``), with the English text as ``msgid`` and the Korean as ``msgstr``:

* every markdown cell has an entry;
* a code cell with comments has one too, whose ``msgstr`` is the same code with its comments
  in Korean. Nothing but comments may differ: Python's ``tokenize`` must find the same tokens
  in both, comments and blank lines aside. A code cell whose entry is empty stays English.

``chapters/ko/<chapter>.ipynb`` is written from the English notebook and its catalogue: markdown
translated, code copied (or with its comments translated), outputs copied unchanged, the
"Open in Colab" badge pointed at the Korean notebook. It is never edited by hand.

Usage (from the repository's top folder)::

    python tools/translate.py update    # catalogues follow the English notebooks (below)
    python tools/translate.py build     # write chapters/ko/ from the notebooks and catalogues
    python tools/translate.py check     # exit 1 if a translation is missing, fuzzy or stale,
                                        # or chapters/ko/ is not what `build` writes
    python tools/translate.py status    # translated / fuzzy / untranslated entries per chapter

``update`` never loses a translation. A new cell gets an empty entry. A cell whose English
changed keeps its Korean, marked *fuzzy*, with the English it was translated from kept as the
entry's previous ``msgid`` (translation tools show the difference); until a translator revises
the Korean and removes the fuzzy flag, ``build`` shows the English text of that cell and
``check`` fails. The entry of a deleted cell becomes obsolete (``#~``), kept for reference.

Errors name the file and the entry: a catalogue that cannot be read, a cell without an id, an
entry for a cell the notebook no longer has (run ``update``), two entries for one cell, a code
translation that changes more than comments. ``build`` and ``update`` write nothing until every
chapter has been read without error, and then replace each file whole (write, then rename).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import colab  # noqa: E402  (tools/colab.py: the repository's address, the badge, chapter titles)

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
README = ROOT / "README.ko.md"                  # its chapter table is written by `build`
LANGUAGE = "ko"
CATALOGUES = ROOT / "translations" / LANGUAGE
EDITION = CHAPTERS / LANGUAGE
CODE_NOTE = "code cell: translate the comments only; the code must stay exactly as it is"
MARKDOWN_NOTE = "markdown cell"


class TranslationError(ValueError):
    """A catalogue or notebook the Korean edition cannot be built from; the message names
    the file, the entry and the fix."""


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def code_tokens(code: str) -> list[tuple[int, str]] | None:
    """The tokens of `code` that are not comments or blank lines (a line's end counted, whether
    the last line has one or not), or None if Python's tokenizer cannot read it."""
    try:
        return [(t.type, "" if t.type in (tokenize.NEWLINE, tokenize.ENDMARKER) else t.string)
                for t in tokenize.generate_tokens(io.StringIO(code).readline)
                if t.type not in (tokenize.COMMENT, tokenize.NL)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


def has_comments(code: str) -> bool:
    try:
        return any(t.type == tokenize.COMMENT
                   for t in tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return False


def check_code_translation(english: str, korean: str, where: str) -> None:
    """Raise TranslationError unless `korean` differs from `english` in comments only."""
    if english == korean:
        return
    a, b = code_tokens(english), code_tokens(korean)
    if a is None or b is None:
        raise TranslationError(f"{where}: the cell is not plain Python that tokenize can read, so "
                               "its comments cannot be checked; leave its msgstr empty (the cell "
                               "stays English)")
    if a != b:
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        got = b[first][1] if first < len(b) else "(end of cell)"
        want = a[first][1] if first < len(a) else "(end of cell)"
        raise TranslationError(f"{where}: the translation changes the code, not only its comments "
                               f"(token {first}: {got!r} where the English has {want!r}); "
                               "translate comments only, or leave the msgstr empty")


def translatable_cells(nb: dict, path: Path) -> list[tuple[str, str, str]]:
    """(cell id, "markdown" or "code", English source) of each cell a catalogue has an entry
    for: every markdown cell, and code cells with comments."""
    cells, seen = [], set()
    for i, cell in enumerate(nb.get("cells", [])):
        cid = cell.get("id")
        if not cid:
            raise TranslationError(f"{_rel(path)}: cell {i} has no id; ids key the translations. "
                                   "Save the notebook with nbformat 4.5 or later (Jupyter does) "
                                   "so that every cell gets one")
        if cid in seen:
            raise TranslationError(f"{_rel(path)}: two cells have the id {cid!r}; give one of them "
                                   "a new id")
        seen.add(cid)
        text = _source(cell)
        if cell.get("cell_type") == "markdown" and text.strip():
            cells.append((cid, "markdown", text))
        elif cell.get("cell_type") == "code" and has_comments(text):
            cells.append((cid, "code", text))
    return cells


def catalogue_path(notebook: Path, folder: Path = CATALOGUES) -> Path:
    return folder / (notebook.stem + ".po")


def read_catalogue(path: Path) -> polib.POFile:
    """The catalogue at `path`; TranslationError if it cannot be parsed."""
    try:
        return polib.pofile(str(path), encoding="utf-8", check_for_duplicates=False)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise TranslationError(f"{_rel(path)}: not a readable gettext catalogue ({e}); fix the "
                               "file by hand or restore it from git") from None


def entries_by_id(po: polib.POFile, path: Path) -> dict[str, polib.POEntry]:
    found = {}
    for entry in po:
        if entry.obsolete:
            continue
        line = f", line {entry.linenum}" if entry.linenum else ""
        if not entry.msgctxt:
            raise TranslationError(f"{_rel(path)}{line}: the entry "
                                   f"{entry.msgid[:50]!r} has no msgctxt; every entry is keyed by "
                                   "its cell's id (a damaged entry? compare with git)")
        if entry.msgctxt in found:
            raise TranslationError(f"{_rel(path)}{line}: two entries for cell "
                                   f"{entry.msgctxt!r}; keep one")
        found[entry.msgctxt] = entry
    return found


def is_current(entry: polib.POEntry | None, english: str) -> bool:
    """Whether `entry` holds a finished translation of `english`."""
    return (entry is not None and bool(entry.msgstr) and "fuzzy" not in entry.flags
            and entry.msgid == english)


def new_catalogue(notebook: Path) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": f"rnnbook {notebook.stem}", "Language": LANGUAGE,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit"}
    return po


def updated_catalogue(nb: dict, notebook: Path, po: polib.POFile | None,
                      catalogue: Path | None = None) -> polib.POFile:
    """A catalogue following `nb`: entries in cell order, new cells empty, changed cells fuzzy
    (previous English kept), entries of deleted cells obsolete."""
    out = new_catalogue(notebook)
    if po is not None:
        out.metadata.update(po.metadata)
        old = entries_by_id(po, catalogue or catalogue_path(notebook))
        obsolete = [e for e in po if e.obsolete]
    else:
        old, obsolete = {}, []
    cells = translatable_cells(nb, notebook)
    for cid, kind, text in cells:
        note = CODE_NOTE if kind == "code" else MARKDOWN_NOTE
        entry = old.pop(cid, None)
        if entry is None:
            entry = polib.POEntry(msgctxt=cid, msgid=text, msgstr="")
        elif entry.msgid != text:
            if entry.msgstr:
                entry.previous_msgid = entry.msgid
                if "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
            entry.msgid = text
        entry.comment = note
        out.append(entry)
    for entry in old.values():
        entry.obsolete = True
        out.append(entry)
    out.extend(obsolete)
    return out


def korean_badge(name: str) -> str:
    """The "Open in Colab" badge of the Korean notebook ``chapters/ko/<name>``."""
    return colab.badge(name).replace("/chapters/", f"/chapters/{LANGUAGE}/")


def korean_notebook(nb: dict, notebook: Path, po: polib.POFile, catalogue: Path) -> dict:
    """The Korean notebook of `nb` (a new dict; `nb` is not changed)."""
    entries = entries_by_id(po, catalogue)
    cells = {cid: (kind, text) for cid, kind, text in translatable_cells(nb, notebook)}
    ids = {c.get("id") for c in nb["cells"]}
    for cid, entry in entries.items():
        if cid not in ids:
            raise TranslationError(f"{_rel(catalogue)}: entry {cid!r} is for a cell "
                                   f"{_rel(notebook)} no longer has; run `python tools/translate.py "
                                   "update` (it keeps the entry as obsolete)")
        if cid not in cells and entry.msgstr:
            raise TranslationError(f"{_rel(catalogue)}: entry {cid!r} translates a code cell "
                                   "without comments; only comments can be translated in code")
    out = json.loads(json.dumps(nb))
    for cell in out["cells"]:
        cid = cell["id"]
        if cid not in cells:
            continue
        kind, english = cells[cid]
        entry = entries.get(cid)
        if kind == "code" and entry is not None and entry.msgstr:
            check_code_translation(entry.msgid, entry.msgstr, f"{_rel(catalogue)}: entry {cid!r}")
        if is_current(entry, english):
            cell["source"] = entry.msgstr.splitlines(keepends=True)
    title = out["cells"][0] if out["cells"] else None
    if title is not None and title.get("cell_type") == "markdown":
        text = colab.BADGE_RE.sub(lambda m: korean_badge(notebook.name), _source(title))
        title["source"] = text.splitlines(keepends=True)
    out["metadata"]["language"] = LANGUAGE
    out["metadata"]["rnnbook_source"] = f"../{notebook.name}"
    return out


def notebook_text(nb: dict) -> str:
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


def _write_all(files: dict[Path, str]) -> None:
    """Write every file whole: each to a temporary file beside it, then renamed over it."""
    for path, text in files.items():
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            os.replace(tmp, path)
        except OSError as e:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            raise TranslationError(f"{_rel(path)}: cannot write it ({e.strerror or e}); make "
                                   f"{_rel(path.parent)} writable and run the command again "
                                   "(files already written are complete)") from None


def english_notebooks(chapters: Path = CHAPTERS) -> list[Path]:
    return sorted(chapters.glob("[0-9][0-9]_*.ipynb"))


def _load_notebook(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise TranslationError(f"{_rel(path)}: cannot read the notebook ({e})") from None


def planned_update(chapters: Path = CHAPTERS, folder: Path = CATALOGUES) -> dict[Path, str]:
    files = {}
    for notebook in english_notebooks(chapters):
        path = catalogue_path(notebook, folder)
        po = read_catalogue(path) if path.exists() else None
        text = str(updated_catalogue(_load_notebook(notebook), notebook, po, path))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            files[path] = text
    return files


def planned_build(chapters: Path = CHAPTERS, folder: Path = CATALOGUES,
                  edition: Path | None = None, readme: Path | None = None) -> dict[Path, str]:
    """Every Korean notebook's path and text, and README.ko.md's with its chapter table (the
    repository's, when `chapters` is; raises before anything is written)."""
    if readme is None and chapters == CHAPTERS:
        readme = README
    edition = edition or chapters / LANGUAGE
    files = {}
    for notebook in english_notebooks(chapters):
        path = catalogue_path(notebook, folder)
        if not path.exists():
            raise TranslationError(f"{_rel(path)}: no catalogue for {_rel(notebook)}; run "
                                   "`python tools/translate.py update` to create it")
        nb = _load_notebook(notebook)
        files[edition / notebook.name] = notebook_text(korean_notebook(nb, notebook,
                                                                       read_catalogue(path), path))
    if readme is not None and readme.exists():
        built = {p: json.loads(t) for p, t in files.items()}
        files[readme] = readme_with_table(readme.read_text(encoding="utf-8"), built, _rel(readme))
    return files


def readme_with_table(readme: str, notebooks: dict[Path, dict], where: str = "README.ko.md") -> str:
    """`readme` with its chapter table (between the markers tools/colab.py uses) listing the
    Korean notebooks, their titles and their Colab badges."""
    start, end = readme.find(colab.TABLE_START), readme.find(colab.TABLE_END)
    if start < 0 or end < start:
        raise TranslationError(f"{where}: no {colab.TABLE_START} … {colab.TABLE_END} markers for "
                               "the chapter table; put them back where the table goes")
    rows = ["| # | 장 | 열기 |", "|---|---|---|"]
    for path, nb in sorted(notebooks.items()):
        rows.append(f"| {path.name[:2]} | [{colab.title(nb)}](chapters/{LANGUAGE}/{path.name}) "
                    f"| {korean_badge(path.name)} |")
    return readme[:start + len(colab.TABLE_START)] + "\n" + "\n".join(rows) + "\n" + readme[end:]


@dataclass
class Status:
    translated: int
    fuzzy: list[str]
    untranslated: list[str]
    stale: list[str]          # translated from English that is no longer the cell's, not fuzzy


def chapter_status(notebook: Path, folder: Path = CATALOGUES) -> Status:
    path = catalogue_path(notebook, folder)
    cells = translatable_cells(_load_notebook(notebook), notebook)
    entries = entries_by_id(read_catalogue(path), path) if path.exists() else {}
    s = Status(0, [], [], [])
    for cid, kind, text in cells:
        entry = entries.get(cid)
        if entry is None or not entry.msgstr:
            s.untranslated.append(cid)
        elif "fuzzy" in entry.flags:
            s.fuzzy.append(cid)
        elif entry.msgid != text:
            s.stale.append(cid)
        else:
            s.translated += 1
    return s


def problems(chapters: Path = CHAPTERS, folder: Path = CATALOGUES,
             edition: Path | None = None) -> list[str]:
    """What keeps the Korean edition from being complete and current."""
    found = []
    for notebook in english_notebooks(chapters):
        s = chapter_status(notebook, folder)
        for what, ids in (("untranslated", s.untranslated), ("fuzzy (the English changed)", s.fuzzy),
                          ("stale (the English changed; run update)", s.stale)):
            if ids:
                found.append(f"{notebook.stem}: {len(ids)} {what}: {', '.join(ids[:5])}"
                             + (" …" if len(ids) > 5 else ""))
    for path, text in planned_build(chapters, folder, edition).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            found.append(f"{_rel(path)} is not what `python tools/translate.py build` writes; run it")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "build", "check", "status"])
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            files = planned_update()
            _write_all(files)
            print(f"{len(files)} catalogue(s) updated in {_rel(CATALOGUES)}")
        elif args.command == "build":
            files = planned_build()
            changed = {p: t for p, t in files.items()
                       if not p.exists() or p.read_text(encoding="utf-8") != t}
            _write_all(changed)
            print(f"{len(files) - 1} Korean notebooks in {_rel(EDITION)} and {_rel(README)}: "
                  f"{len(changed)} file(s) rewritten")
        elif args.command == "status":
            for notebook in english_notebooks():
                s = chapter_status(notebook)
                total = s.translated + len(s.fuzzy) + len(s.untranslated) + len(s.stale)
                print(f"{notebook.stem:<32} {s.translated:>4} of {total:<4} translated"
                      f"  fuzzy {len(s.fuzzy):<3} untranslated {len(s.untranslated):<3} stale {len(s.stale)}")
        else:
            found = problems()
            for line in found:
                print(line)
            if found:
                return 1
            print("the Korean edition is complete and current")
    except TranslationError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
