"""``python -m bench <study> [options]``: one command per measurement; ``report`` writes the report.

    python -m bench --help                          # the studies
    python -m bench imdb-seeds --study lstm --seeds 5
    python -m bench report                          # bench/report.md from bench/results.json

Each study lives in its own module of this package, imports the chapters' recipes from
``recipes`` (never retyping a model or a pipeline), and saves its results with
``bench.store.update`` under its own key of ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

#: command → (module, one line of help). A module has add_arguments(parser) and run(args).
STUDIES = {
    "imdb-seeds": ("bench.imdb_seeds", "chapters 04-06: a book model over several seeds"),
    "book-memory": ("bench.book_memory", "chapter 04: peak memory of the book's one-hot arrays"),
    "char-lm": ("bench.char_lm", "chapter 07: the probes behind the language model's recipe"),
    "forecast": ("bench.forecast", "chapter 08: the day-ahead forecast over several seeds"),
    "beyond": ("bench.beyond", "chapter 09: its steps over several seeds"),
    "korean": ("bench.korean", "chapter 11: the subword BiGRU on Korean reviews over several seeds"),
    "seq2seq": ("bench.seq2seq", "chapter 12: the date translators, without and with attention"),
    "report": ("bench.report", "write bench/report.md (and its figures) from bench/results.json"),
}


def main(argv=None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="study", required=True, metavar="study")
    for name, (module, text) in STUDIES.items():
        sub = commands.add_parser(name, help=text, description=text)
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            continue                           # a study still being written
        mod.add_arguments(sub)
        sub.set_defaults(run=mod.run)
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.error(f"study {args.study!r} has no module yet")
    result = args.run(args)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
