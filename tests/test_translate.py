"""The Korean edition (tools/translate.py): catalogues follow the English notebooks, the Korean
notebooks are what the tool writes, nothing is silently stale, and bad input is refused whole."""

import json
import os
import shutil
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import translate  # noqa: E402

NOTEBOOKS = translate.english_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_is_translated(path):
    s = translate.chapter_status(path)
    assert not (s.untranslated or s.fuzzy or s.stale), (
        f"{path.stem}: untranslated {s.untranslated}, fuzzy {s.fuzzy}, stale {s.stale}; "
        f"translate them in {translate.catalogue_path(path).relative_to(ROOT)}")


def test_the_committed_korean_notebooks_are_what_the_tool_writes():
    planned = translate.planned_build()
    assert ({p for p in planned if p.suffix == ".ipynb"} == set(translate.EDITION.glob("*.ipynb"))
            and translate.README in planned), "run `python tools/translate.py build`"
    different = [p.name for p, text in planned.items() if p.read_text(encoding="utf-8") != text]
    assert not different, f"{different}: run `python tools/translate.py build`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_korean_notebook_has_the_english_code_and_outputs(path):
    english = json.loads(path.read_text(encoding="utf-8"))
    korean = json.loads((translate.EDITION / path.name).read_text(encoding="utf-8"))
    assert [c["id"] for c in korean["cells"]] == [c["id"] for c in english["cells"]]
    for en, ko in zip(english["cells"], korean["cells"]):
        assert en["cell_type"] == ko["cell_type"] and en.get("metadata") == ko.get("metadata")
        if en["cell_type"] == "code":
            assert ko["outputs"] == en["outputs"]
            assert (translate.code_tokens(translate._source(ko))
                    == translate.code_tokens(translate._source(en))), ko["id"]
    title = translate._source(korean["cells"][0])
    assert f"/blob/main/chapters/ko/{path.name})" in title        # its own Colab badge
    assert "/chapters/" + path.name not in title
    # the prose is Korean: most markdown cells hold Hangul
    md = [translate._source(c) for c in korean["cells"] if c["cell_type"] == "markdown"]
    hangul = sum(any("\uac00" <= ch <= "\ud7a3" for ch in text) for text in md)
    assert hangul >= 0.9 * len(md)


# ----------------------------------------------------------------------------- a sandbox
def sandbox(tmp_path, names=("01_tensors",)):
    """Copies of English chapters and their catalogues in tmp_path: (chapters, catalogues)."""
    chapters, catalogues = tmp_path / "chapters", tmp_path / "po"
    chapters.mkdir()
    catalogues.mkdir()
    for name in names:
        shutil.copy(ROOT / "chapters" / f"{name}.ipynb", chapters)
        shutil.copy(translate.CATALOGUES / f"{name}.po", catalogues)
    return chapters, catalogues


def edit_cell(notebook: Path, cid: str, text: str) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["id"] == cid)
    cell["source"] = text
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def first_markdown(notebook: Path) -> tuple[str, str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cid, kind, text = next(c for c in translate.translatable_cells(nb, notebook)
                           if c[1] == "markdown" and c[0] != nb["cells"][0]["id"])
    return cid, text


def write_all(files):
    translate._write_all(files)


def built_cell(chapters, catalogues, cid):
    files = translate.planned_build(chapters, catalogues)
    nb = json.loads(next(iter(files.values())))
    return translate._source(next(c for c in nb["cells"] if c["id"] == cid))


def test_an_edited_english_cell_makes_its_translation_fuzzy_until_it_is_revised(tmp_path):
    chapters, catalogues = sandbox(tmp_path)
    notebook = chapters / "01_tensors.ipynb"
    write_all(translate.planned_update(chapters, catalogues))
    assert translate.problems(chapters, catalogues, tmp_path / "ko") == [
        f"{translate._rel(tmp_path / 'ko' / '01_tensors.ipynb')} is not what "
        "`python tools/translate.py build` writes; run it"]
    write_all(translate.planned_build(chapters, catalogues, tmp_path / "ko"))
    assert translate.problems(chapters, catalogues, tmp_path / "ko") == []
    cid, english = first_markdown(notebook)
    korean = built_cell(chapters, catalogues, cid)
    assert korean != english

    edit_cell(notebook, cid, english + "\n\nA sentence added to the English.")
    # before `update`: the entry is stale, and the Korean notebook shows the new English
    assert translate.chapter_status(notebook, catalogues).stale == [cid]
    assert built_cell(chapters, catalogues, cid).endswith("A sentence added to the English.")
    write_all(translate.planned_update(chapters, catalogues))
    entry = translate.entries_by_id(polib.pofile(str(catalogues / "01_tensors.po")), notebook)[cid]
    assert "fuzzy" in entry.flags and entry.previous_msgid == english and entry.msgstr == korean
    assert translate.chapter_status(notebook, catalogues).fuzzy == [cid]
    assert any("1 fuzzy" in p for p in translate.problems(chapters, catalogues, tmp_path / "ko"))
    assert built_cell(chapters, catalogues, cid).endswith("A sentence added to the English.")

    # a translator revises the Korean and clears the flag: complete again
    po = polib.pofile(str(catalogues / "01_tensors.po"), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == cid)
    entry.msgstr = korean + "\n\n영어에 더한 문장입니다."
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    po.save()
    write_all(translate.planned_build(chapters, catalogues, tmp_path / "ko"))
    assert translate.problems(chapters, catalogues, tmp_path / "ko") == []
    assert built_cell(chapters, catalogues, cid).endswith("영어에 더한 문장입니다.")


def test_update_adds_new_cells_and_keeps_deleted_ones_as_obsolete(tmp_path):
    chapters, catalogues = sandbox(tmp_path)
    notebook = chapters / "01_tensors.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cid, _ = first_markdown(notebook)
    nb["cells"] = [c for c in nb["cells"] if c["id"] != cid]
    nb["cells"].append({"cell_type": "markdown", "id": "new-cell", "metadata": {}, "source": "New."})
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(translate.TranslationError, match=f"entry '{cid}' is for a cell .* no longer has"):
        translate.planned_build(chapters, catalogues)
    write_all(translate.planned_update(chapters, catalogues))
    po = polib.pofile(str(catalogues / "01_tensors.po"))
    assert [e.msgctxt for e in po if e.obsolete] == [cid]
    assert next(e for e in po if e.msgctxt == "new-cell").msgstr == ""
    status = translate.chapter_status(notebook, catalogues)
    assert "new-cell" in status.untranslated and cid not in status.untranslated + status.fuzzy
    translate.planned_build(chapters, catalogues)       # builds again; the new cell in English


def test_code_comments_may_be_translated_but_not_the_code(tmp_path):
    english = "x = 1  # one\n# a sum\nprint('sum', x + 1)"
    translate.check_code_translation(english, "x = 1  # 하나\n# 합\n\nprint('sum', x + 1)\n", "e")
    for changed in ("x = 2  # 하나\n# 합\nprint('sum', x + 1)",
                    "x = 1  # 하나\n# 합\nprint('합', x + 1)",
                    "x = 1  # 하나\n# 합 print('sum', x + 1)"):
        with pytest.raises(translate.TranslationError, match="changes the code"):
            translate.check_code_translation(english, changed, "e")
    with pytest.raises(translate.TranslationError, match="tokenize"):
        translate.check_code_translation("s = '''x  # y", "s = '''x  # 와이", "e")


def test_a_catalogue_that_changes_code_is_refused_and_nothing_is_written(tmp_path):
    chapters, catalogues = sandbox(tmp_path, ("01_tensors", "02_sequential_data"))
    po = polib.pofile(str(catalogues / "02_sequential_data.po"), wrapwidth=0)
    entry = next(e for e in po if e.comment.startswith("code") and "\nimport os\n" in e.msgid)
    entry.msgstr = entry.msgid.replace("\nimport os\n", "\nimport os as system  # 운영체제\n")
    po.save()
    out = tmp_path / "ko"
    with pytest.raises(translate.TranslationError) as error:
        write_all(translate.planned_build(chapters, catalogues, out))
    assert "02_sequential_data.po" in str(error.value) and repr(entry.msgctxt) in str(error.value)
    assert not out.exists()                      # chapter 1 was fine, and is not written either


@pytest.mark.parametrize("damage, message", [
    ("msgid \"unterminated\nmsgstr", "not a readable gettext catalogue"),
    (None, "two entries for cell"),
])
def test_a_damaged_catalogue_is_named(tmp_path, damage, message):
    chapters, catalogues = sandbox(tmp_path)
    path = catalogues / "01_tensors.po"
    if damage is None:                                   # the same cell keyed twice
        po = polib.pofile(str(path), wrapwidth=0)
        po.append(polib.POEntry(msgctxt=po[0].msgctxt, msgid="x", msgstr="y"))
        po.save()
    else:
        path.write_text(path.read_text(encoding="utf-8") + "\n" + damage, encoding="utf-8")
    for plan in (translate.planned_build, translate.planned_update):
        with pytest.raises(translate.TranslationError, match=message) as error:
            plan(chapters, catalogues)
        assert "01_tensors.po" in str(error.value)


def test_a_cell_without_an_id_is_named(tmp_path):
    chapters, catalogues = sandbox(tmp_path)
    notebook = chapters / "01_tensors.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    del nb["cells"][3]["id"]
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(translate.TranslationError, match=r"01_tensors.ipynb: cell 3 has no id"):
        translate.planned_update(chapters, catalogues)


def test_an_unwritable_folder_gets_a_clear_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(translate.tempfile, "mkstemp", refuse)
    with pytest.raises(translate.TranslationError, match="cannot write it .*Permission denied.*writable"):
        translate._write_all({tmp_path / "ko" / "x.ipynb": "{}"})
    assert not (tmp_path / "ko" / "x.ipynb").exists()


def test_a_korean_chapter_runs_from_its_folder():
    """The cheap check that the Korean notebooks run where they are: chapter 1 (nothing to train)
    executed from chapters/ko/ in fast mode, without an error."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(translate.EDITION / "01_tensors.ipynb", as_version=4)
    env = {"RNNBOOK_FAST": "1", "MPLBACKEND": "Agg"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(translate.EDITION)}}).execute()
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
