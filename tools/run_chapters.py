"""Run chapters top to bottom, write their outputs back, and record each run in the bench.

    python tools/run_chapters.py               # every chapter, full mode (the committed outputs)
    python tools/run_chapters.py 04 05 06      # chapters whose file names start with 04, 05, 06
    python tools/run_chapters.py --fast 02     # fast mode (RNNBOOK_FAST=1): try a change quickly

Each notebook runs in a fresh kernel (working directory ``chapters/``) and is written back
with its outputs. In full mode the chapter's wall time, its kernel's peak memory (maximum
resident set size) and the rows it recorded with ``utils.results.record`` are saved to
``bench/results.json`` (through ``bench.store``); ``python -m bench report`` then rewrites the
Measurements page. A recorded row keeps the ``kind`` its earlier run was given (the report
selects rows by kind); a row never seen before is saved as kind "model" and named on the
terminal, so its kind can be set. A chapter that fails is written back with its error, and
the script exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))          # `import bench` even without the editable install
CHAPTERS = ROOT / "chapters"
#: Kinds of rows measured for a chapter but kept by the bench (XLA timings, the book-memory
#: study): a chapter run that no longer records them does not delete them.
BENCH_KINDS = {"xla", "book_memory"}


def run_one(path: Path, timeout: int) -> dict:
    """Execute one notebook in this process (its kernel is our child) and write it back."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(CHAPTERS)}})
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
        error = f"{type(err).__name__}: " + (str(err).strip().splitlines() or [""])[-1][:300]
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the kernel, after exit
    peak_mb = peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux
    return {"seconds": round(seconds, 1), "peak_memory_mb": round(peak_mb, 1), "error": error}


def run_chapter(path: Path, env: dict, timeout: int) -> tuple[dict, list[dict]]:
    """Run a notebook in a child process; return its run figures and the rows it recorded."""
    with tempfile.TemporaryDirectory() as tmp:
        rows_file = Path(tmp) / "rows.jsonl"
        rows_file.touch()
        out = subprocess.run([sys.executable, __file__, "--one", str(path), "--timeout", str(timeout)],
                             env={**env, "RNNBOOK_RESULTS": str(rows_file)}, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"{path.name}: runner failed:\n{out.stderr[-3000:]}")
        run = json.loads(out.stdout.strip().splitlines()[-1])
        rows = [json.loads(line) for line in rows_file.read_text().splitlines() if line]
    return run, rows


def save(chapter_runs: dict, model_rows: dict) -> list[str]:
    """Save chapters' runs and rows in the bench's results file; return the rows of unknown kind."""
    from bench import store

    unknown = []

    def change(data):
        old = {(r["chapter"], r["model"]): r for r in data.get("models", [])}
        for rows in model_rows.values():
            for row in rows:
                before = old.get((row["chapter"], row["model"]))
                if before is None and "kind" not in row:
                    unknown.append(f"{row['chapter']}: {row['model']}")
                for key in ("kind", "label", "seed"):
                    if key not in row and before is not None and key in before:
                        row[key] = before[key]
                row.setdefault("kind", "model")
        data.setdefault("chapters", {}).update(chapter_runs)
        recorded = {(r["chapter"], r["model"]) for rows in model_rows.values() for r in rows}
        # A chapter's earlier rows are replaced by what it records now, except measurements the
        # bench owns (BENCH_KINDS): those stay until a study or the chapter measures them again.
        data["models"] = [r for r in data.get("models", []) if r["chapter"] not in model_rows
                          or (r.get("kind") in BENCH_KINDS and (r["chapter"], r["model"]) not in recorded)]
        data["models"] += [r for rows in model_rows.values() for r in rows]
        data["chapters"] = dict(sorted(data["chapters"].items()))
        data["models"].sort(key=lambda r: r["chapter"])

    store.update(change)
    return unknown


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="name prefixes, e.g. 04 05 (default: all)")
    parser.add_argument("--fast", action="store_true", help="run in fast mode (RNNBOOK_FAST=1); records nothing")
    parser.add_argument("--timeout", type=int, default=7200, help="seconds per cell")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run a single notebook
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(Path(args.one), args.timeout)))
        return 0

    paths = sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))
    if args.chapters:
        paths = [p for p in paths if any(p.name.startswith(c) for c in args.chapters)]
        if not paths:
            parser.error(f"no notebook in chapters/ starts with {args.chapters}")
    env = dict(os.environ)
    env.pop("RNNBOOK_FAST", None)
    if args.fast:
        env["RNNBOOK_FAST"] = "1"
    mode = "fast" if args.fast else "full"

    chapter_runs, model_rows, failed = {}, {}, False
    for path in paths:
        print(f"running {path.name} ({mode} mode) …", flush=True)
        try:
            run, rows = run_chapter(path, env, args.timeout)
        except RuntimeError as err:
            print(err, file=sys.stderr)
            failed = True
            continue
        status = "FAILED: " + run["error"] if run["error"] else "ok"
        print(f"  {run['seconds']:>8.1f} s   peak {run['peak_memory_mb']:>8.1f} MB   "
              f"{len(rows)} row(s)   {status}", flush=True)
        failed |= bool(run["error"])
        if mode == "full" and not run["error"]:
            run["date"] = time.strftime("%Y-%m-%d")
            chapter_runs[path.name] = run
            model_rows[path.name] = [{"chapter": path.name, **r} for r in rows]
    if mode == "full" and chapter_runs:
        for name in save(chapter_runs, model_rows):
            print(f"  new row saved as kind 'model' — set its kind in bench/results.json if it is "
                  f"not a trained model: {name}")
        print("saved to bench/results.json; run `python -m bench report` to rewrite the report")
    if mode == "full" and chapter_runs:
        print("the Korean edition copies these outputs: run `python tools/translate.py update` and "
              "`python tools/translate.py build` (see CONTRIBUTING.md)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
