"""The bench's results file, ``bench/results.json``: the only code that reads or writes it.

Studies and the chapter runner save through :func:`update`, which reads, changes and writes
the file under an exclusive lock (so two studies running at once do not undo each other's
rows) and writes it atomically through a uniquely named temporary file (so a crash never
leaves half a file). A file that cannot be parsed is never overwritten: :func:`load` raises
:class:`DamagedResults` naming the file and the fix, and nothing is lost.

Top-level keys: ``chapters`` (each chapter's full-mode wall time and peak memory), ``models``
(the rows the chapters record with ``utils.results.record``, each with its ``chapter`` and a
``kind``), and one key per seed study (``seeds``, ``seeds_embedding``, …, ``seeds_forecast``,
``seeds_ch09``, …).
"""

from __future__ import annotations

import json
from pathlib import Path

from utils.paths import file_lock, write_atomically

HERE = Path(__file__).resolve().parent
#: The committed results file.
RESULTS = HERE / "results.json"
#: The book's runs, the anchors' cited results and the goals (read-only data).
REFERENCE = HERE / "reference.json"


class DamagedResults(ValueError):
    """The results file exists but is not valid JSON (or not an object)."""


def load(path: Path | None = None) -> dict:
    """The results as a dict ({} if the file does not exist yet)."""
    path = Path(path or RESULTS)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text)
    except ValueError as err:
        raise DamagedResults(
            f"{path} is damaged ({err}); nothing was written. Restore it with "
            f"`git checkout -- {path.name}` (or repair it by hand) and run the study again.") from None
    if not isinstance(data, dict):
        raise DamagedResults(f"{path} holds {type(data).__name__}, not an object of results; "
                             f"restore it with `git checkout -- {path.name}`.")
    return data


def reference(path: Path | None = None) -> dict:
    """The reference data: the book's runs, the anchors' results and the goals."""
    return json.loads(Path(path or REFERENCE).read_text(encoding="utf-8"))


def write(data: dict, path: Path | None = None) -> None:
    """Write ``data`` atomically (a unique temporary file in the same folder, then a rename)."""
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    write_atomically(Path(path or RESULTS), lambda f: f.write(text.encode("utf-8")))


def update(change, path: Path | None = None) -> dict:
    """Read the results, let ``change(data)`` modify them in place, and write them back, all
    under the file's lock. Returns the new data. Nothing is written if ``change`` raises."""
    path = Path(path or RESULTS)
    with file_lock(path):
        data = load(path)
        change(data)
        write(data, path)
    return data


def is_committed(path) -> bool:
    """True when ``path`` is the committed results file, ``bench/results.json``."""
    return Path(path).resolve() == (HERE / "results.json").resolve()


def save_study(key: str, result: dict, fast: bool) -> bool:
    """Save a study's ``result`` under ``key`` of :data:`RESULTS` and say so — unless it came from
    fast mode and :data:`RESULTS` is the committed file, whose numbers are full-mode runs only.
    Returns whether it was written."""
    if fast and is_committed(RESULTS):
        print(f"fast mode: nothing written to {RESULTS} (its numbers are full-mode runs)")
        return False
    update(lambda data: data.__setitem__(key, result))
    print(f"saved {key} in {RESULTS}")
    return True
