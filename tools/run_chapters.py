"""Execute chapter notebooks top to bottom and write the outputs back (the committed outputs).

    python tools/run_chapters.py                 # every chapter, full mode
    python tools/run_chapters.py 03 04           # chapters whose names start with 03 or 04
    python tools/run_chapters.py --fast 02       # fast mode (RNNBOOK_FAST=1), e.g. to try a change

Each notebook runs in a fresh kernel with the working directory ``chapters/``. For each one the
script prints the wall time and the kernel's peak memory (maximum resident set size), and it
records both in ``tools/chapter_runs.json`` (full-mode runs only), so the figures behind the
committed outputs are kept with them. A notebook that fails is still written back, with the
error in it, and the script exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
RUNS = ROOT / "tools" / "chapter_runs.json"


def run_one(path: Path, timeout: int) -> dict:
    """Execute one notebook in this process (its kernel is our child) and write it back."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(CHAPTERS)}})
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except CellExecutionError as err:
        error = str(err).strip().splitlines()[-1][:300]
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the kernel, after exit
    return {"notebook": path.name, "seconds": round(seconds, 1),
            "peak_memory_mb": round(peak_kb / 1024, 1), "error": error}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Execute chapter notebooks and save outputs.")
    parser.add_argument("chapters", nargs="*", help="name prefixes, e.g. 01 04 (default: all)")
    parser.add_argument("--fast", action="store_true", help="run in fast mode (RNNBOOK_FAST=1)")
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

    runs = json.loads(RUNS.read_text()) if RUNS.exists() else {}
    failed = False
    for path in paths:
        print(f"running {path.name} ({mode} mode) …", flush=True)
        out = subprocess.run([sys.executable, __file__, "--one", str(path),
                              "--timeout", str(args.timeout)],
                             env=env, capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr[-3000:], file=sys.stderr)
            failed = True
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        status = "FAILED: " + result["error"] if result["error"] else "ok"
        print(f"  {result['seconds']:>8.1f} s   peak {result['peak_memory_mb']:>8.1f} MB   {status}")
        failed |= bool(result["error"])
        if mode == "full":
            result["date"] = time.strftime("%Y-%m-%d")
            runs[path.name] = result
    if mode == "full":
        RUNS.write_text(json.dumps(dict(sorted(runs.items())), indent=1) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
