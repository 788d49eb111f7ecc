"""``python -m bench report``: write ``bench/report.md`` — the website's "Measurements" appendix.

Everything in it comes from two files: ``bench/results.json`` (what the chapters' full-mode runs
recorded and what the studies measured) and ``bench/reference.json`` (the book's own runs, the
anchors' cited results and the goals). Rows are chosen by their ``kind`` field, never by
their names. Tables have at most eight narrow columns so that they fit the page; the seed
spreads of the book's models are also drawn (``bench/figures/seed_spread.png``).
"""

from __future__ import annotations

import statistics
from math import log
from pathlib import Path

from . import store

HERE = Path(__file__).resolve().parent
REPORT = HERE / "report.md"
FIGURES = HERE / "figures"
SPREAD_FIGURE = "figures/seed_spread.png"
SEQ2SEQ_FIGURE = "figures/seq2seq_by_length.png"

CH = {"04": "04_simplernn_one_hot.ipynb", "08": "08_time_series.ipynb",
      "10": "10_attention_transformer.ipynb", "11": "11_korean_reviews.ipynb",
      "12": "12_sequence_to_sequence.ipynb"}


def add_arguments(parser) -> None:
    parser.add_argument("--no-figure", action="store_true",
                        help="write only the Markdown (the figure needs matplotlib)")


def run(args) -> int:
    data, ref = store.load(), store.reference()
    if not getattr(args, "no_figure", False):
        draw_seed_spread(data, ref, HERE / SPREAD_FIGURE)
        if data.get("seeds_seq2seq", {}).get("models"):
            draw_seq2seq_by_length(data["seeds_seq2seq"], HERE / SEQ2SEQ_FIGURE)
    REPORT.write_text(markdown(data, ref), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(HERE.parent)}")
    return 0


# ----------------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------------

def _fmt(value, spec=""):
    return "" if value is None else format(value, spec)


def rows_of(data: dict, kind: str, chapter: str | None = None) -> list[dict]:
    """The recorded rows of one kind (and chapter number, e.g. "06"), in recorded order."""
    return [r for r in data.get("models", []) if r.get("kind", "model") == kind
            and (chapter is None or r["chapter"][:2] == chapter)]


def one(data: dict, kind: str) -> dict | None:
    found = rows_of(data, kind)
    return found[0] if found else None


def book_500(ref: dict, model: str) -> list[float]:
    """Validation accuracies of the book's runs of ``model`` with 500 words, as ours."""
    return [r["val_accuracy"] for r in ref["book_runs"] if r["model"] == model and r["words"] == 500]


def book_commit(ref: dict, version: str, notebook: str) -> str:
    return next(c["commit"] for c in ref["book_commits"]
                if c["version"] == version and c["notebook"] == notebook)


def seed_summary(runs: list[dict], key: str = "val_accuracy_at_best") -> dict:
    accs = [r[key] for r in runs]
    return {"n": len(accs), "mean": statistics.mean(accs),
            "stdev": statistics.stdev(accs) if len(accs) > 1 else 0.0,
            "min": min(accs), "max": max(accs)}


def judge(val: float, book: list[float], study: dict | None) -> tuple[str, str]:
    """One of our book models against the book's comparable 500-word runs.

    **met** when this run's validation accuracy is at or above the mean of the book's runs;
    otherwise a **tie** when that mean lies within the range of our seeds, **MISSED** when it
    lies above all of them (or there is no seed study). Returns the verdict and a note.
    """
    target = statistics.mean(book)
    note = f"this run {val:.4f} vs book {target:.4f} (mean of {len(book)} run{'s' * (len(book) > 1)})"
    if study:
        note += (f"; our seeds {study['mean']:.4f} ± {study['stdev']:.4f} (n={study['n']}, "
                 f"{study['min']:.4f}–{study['max']:.4f})")
    if val >= target:
        return "met", note
    if study and study["max"] >= target:
        return "tie (inside our seed range)", note
    return "MISSED", note + ("" if study else "; no seed study yet")


def _book_study(data: dict, ref: dict, entry: dict) -> dict | None:
    study = data.get(entry["key"], {}).get(ref["book_recipe"])
    return seed_summary(study["runs"]) if study and study.get("runs") else None


# ----------------------------------------------------------------------------------------------
# sections
# ----------------------------------------------------------------------------------------------

def intro() -> list[str]:
    return ["# Measurements", "",
            "The chapters teach; this appendix measures. It holds every seed study, speed and memory "
            "measurement, the book's own runs and how ours compare with them, the goals the project "
            "set itself and whether they are met, and each chapter's full-mode wall time and peak "
            "memory. Every number comes from full-mode runs on a 2-core CPU without a GPU: the "
            "chapters' own runs (whose outputs the notebooks show) and the bench's studies, which "
            "import the chapters' recipes rather than retyping them.", "",
            "*Val acc* is the validation accuracy at the best epoch (lowest validation loss: the "
            "weights early stopping restores). A difference inside the spread over seeds is a tie.",
            "", "To measure again (from the repository's top folder):", "",
            "```bash",
            "python tools/run_chapters.py 04 05      # run chapters in full mode, record time and memory",
            "python -m bench imdb-seeds --study lstm --seeds 3",
            "python -m bench --help                  # every study",
            "python -m bench report                  # this page, from bench/results.json",
            "```"]


def goals_section(data: dict, ref: dict) -> list[str]:
    goals = ref["goals"]
    lines = ["", "## Goals", "",
             "Book models (validation accuracy at the best epoch): **met** when the chapter's run "
             "is at or above the mean of the book's 500-word runs; a **tie** when that mean lies "
             "within the range of our seeds (book recipe); **MISSED** when it lies above all of "
             "them.", ""]
    for entry in ref["imdb_seed_studies"]:
        row = next((r for r in rows_of(data, "model") if r["model"] == entry["model"]), None)
        val = None if row is None else row.get("val_accuracy_at_best")
        if val is None:
            lines.append(f"- {entry['model']}: not run yet")
            continue
        verdict, note = judge(val, book_500(ref, entry["model"]), _book_study(data, ref, entry))
        lines.append(f"- {entry['model']}: {note}: **{verdict}**")
    ch = data.get("chapters", {})
    if CH["04"] in ch:
        peak = ch[CH["04"]]["peak_memory_mb"]
        goal = goals["chapter_04_peak_memory_gb"]["max"]
        lines.append(f"- chapter 04 peak memory {peak / 1024:.2f} GiB = {peak * 2**20 / 1e9:.2f} GB "
                     f"(goal ≤ {goal} GB): **{'met' if peak * 2**20 / 1e9 <= goal else 'MISSED'}**")
    imdb = [k for k in ch if k[:2] in ("04", "05", "06")]
    if len(imdb) == 3:
        total = sum(ch[k]["seconds"] for k in imdb) / 60
        goal = goals["chapters_04_06_minutes"]["max"]
        lines.append(f"- chapters 04–06 together {total:.1f} min (goal ≤ {goal} min): "
                     f"**{'met' if total <= goal else 'MISSED'}**")
    lm, counting, sample = one(data, "char_lm"), one(data, "char_references"), one(data, "char_samples")
    if lm and counting and sample and "real_words_t10_sd" in sample:
        g = goals["char_lm"]
        margin = lm["best_val_loss"] - counting["ngram6"]
        words = sample["real_words_t10"]
        ok = (margin <= g["margin_vs_6gram_max"] and words >= g["real_words_t10_min"]
              and lm["seconds"] <= g["train_minutes_max"] * 60)
        lines.append(f"- character LSTM: {lm['best_val_loss']:.3f} nats/char vs the 6-gram's "
                     f"{counting['ngram6']:.3f} ({margin:+.3f}; goal ≤ {g['margin_vs_6gram_max']}) and "
                     f"{words:.0%} real words at temperature 1.0 (mean of {sample['seeds']} seeds; goal "
                     f"≥ {g['real_words_t10_min']:.0%}), after {lm['seconds'] / 60:.1f} min of training "
                     f"(goal ≤ {g['train_minutes_max']} min): **{'met' if ok else 'MISSED'}**")
    lines += forecast_goals(data, ref)
    lines += chapter_minutes(data, ref, "08")
    final = one(data, "final")
    if final:
        g = goals["chapter_09"]
        ok = final["test_accuracy"] >= g["test_accuracy_min"] and final["seconds"] <= g["train_minutes_max"] * 60
        lines.append(f"- chapter 09: IMDB test accuracy {final['test_accuracy']:.4f} from a recurrent "
                     f"model trained in {final['seconds'] / 60:.1f} min on this CPU (goal ≥ "
                     f"{g['test_accuracy_min']} within {g['train_minutes_max']} min): "
                     f"**{'met' if ok else 'MISSED'}**")
    lines += chapter_minutes(data, ref, "10")
    lines += korean_goals(data, ref)
    lines += seq2seq_goals(data, ref)
    return lines


def chapter_minutes(data: dict, ref: dict, number: str) -> list[str]:
    """The goal line of one chapter's full-mode time, when the chapter's run is recorded."""
    run = data.get("chapters", {}).get(CH[number])
    if not run:
        return []
    minutes, goal = run["seconds"] / 60, ref["goals"][f"chapter_{number}_minutes"]["max"]
    return [f"- chapter {number} in {minutes:.1f} min (goal ≤ {goal} min): "
            f"**{'met' if minutes <= goal else 'MISSED'}**"]


def korean_goals(data: dict, ref: dict) -> list[str]:
    """Chapter 11's goals: the subword BiGRU's test accuracy over seeds, and the chapter's time."""
    lines, study = [], data.get("seeds_korean")
    if study and study.get("runs"):
        g = ref["goals"]["chapter_11"]
        runs, base = study["runs"], study["baseline"]
        minutes = max(r["seconds"] for r in runs) / 60
        ok = (study["test_mean"] >= g["test_accuracy_min"] and study["test_mean"] > base["test_accuracy"]
              and minutes <= g["train_minutes_max"])
        lines.append(f"- chapter 11: NSMC test accuracy {study['test_mean']:.4f} ± {study['test_stdev']:.4f} "
                     f"(mean ± sd of {len(runs)} seeds) from the subword BiGRU trained in at most "
                     f"{minutes:.1f} min, against {base['test_accuracy']:.4f} for the character n-gram "
                     f"logistic regression (goal ≥ {g['test_accuracy_min']} and above it, within "
                     f"{g['train_minutes_max']} min): **{'met' if ok else 'MISSED'}**")
    return lines + chapter_minutes(data, ref, "11")


def korean_section(data: dict) -> list[str]:
    """Chapter 11: its one-seed comparison of tokenisations, and the subword BiGRU over seeds."""
    rows = rows_of(data, "korean", "11")
    study = data.get("seeds_korean")
    if not rows and not study:
        return []
    lines = ["", "## Chapter 11: Korean movie reviews (NSMC)", ""]
    if rows:
        lines += ["The chapter's run (seed 42; the same reviews for every model — the empty and the "
                  "punctuation-only ones left out): validation accuracy at the best epoch, test "
                  "accuracy once per model.", "",
                  "| model | vocabulary | best epoch | val acc | test acc | s/epoch |",
                  "|---|---:|---:|---:|---:|---:|"]
        for r in rows:
            val = r.get("val_accuracy_at_best", r.get("val_accuracy"))
            best = f"{r['best_epoch']} of {r['epochs_run']}" if "best_epoch" in r else ""
            lines.append(f"| {r['model'].removeprefix('chapter 11: ')} | {_fmt(r.get('vocabulary'), ',')} | "
                         f"{best} | {_fmt(val, '.4f')} | {r['test_accuracy']:.4f} | "
                         f"{_fmt(r.get('seconds_per_epoch'), '.0f')} |")
    if study and study.get("runs"):
        base, n = study["baseline"], study["reviews"]
        lines += ["", f"The subword BiGRU over seeds 1–{len(study['runs'])} (`python -m bench korean`): "
                  f"every non-empty review ({n['training']:,} training, {n['validation']:,} validation, "
                  f"{n['test']:,} test), SentencePiece with {study['pieces']['vocabulary']:,} pieces "
                  f"learned in {study['pieces']['seconds']:.0f} s, the chapter's model and training; "
                  "the test set scored once per run.", "",
                  "| run | best epoch | val acc | test acc | training |", "|---|---:|---:|---:|---:|"]
        for r in study["runs"]:
            lines.append(f"| seed {r['seed']} | {r['best_epoch']} of {r['epochs_run']} | "
                         f"{r['val_accuracy']:.4f} | {r['test_accuracy']:.4f} | {r['seconds'] / 60:.1f} min |")
        lines.append(f"| mean ± sd | | {study['val_mean']:.4f} ± {study['val_stdev']:.4f} | "
                     f"{study['test_mean']:.4f} ± {study['test_stdev']:.4f} | |")
        lines.append(f"| character 1–3-gram logistic regression | | {base['val_accuracy']:.4f} | "
                     f"{base['test_accuracy']:.4f} | {base['seconds'] / 60:.1f} min |")
    return lines


def seq2seq_goals(data: dict, ref: dict) -> list[str]:
    """Chapter 12's goals: exact match with attention over seeds, and the chapter's time."""
    lines, study = [], data.get("seeds_seq2seq")
    models = (study or {}).get("models", {})
    if "with attention" in models:
        g, m = ref["goals"]["chapter_12"], models["with attention"]
        n = sum(1 for r in study["runs"] if r["model"] == "with attention")
        ok = m["test_mean"] >= g["test_exact_min"]
        plain = models.get("without attention")
        versus = (f" (without attention {plain['test_mean']:.4f} ± {plain['test_stdev']:.4f})"
                  if plain else "")
        lines.append(f"- chapter 12: exact match with attention {m['test_mean']:.4f} ± "
                     f"{m['test_stdev']:.4f} (mean ± sd of {n} seeds) on the test dates of the "
                     f"training lengths{versus} (goal ≥ {g['test_exact_min']}): "
                     f"**{'met' if ok else 'MISSED'}**; the curve against length: below")
    return lines + chapter_minutes(data, ref, "12")


def seq2seq_section(data: dict) -> list[str]:
    """Chapter 12: its one-seed run, and both translators over seeds, by input length."""
    rows = rows_of(data, "seq2seq", "12")
    study = data.get("seeds_seq2seq")
    if not rows and not (study and study.get("runs")):
        return []
    lines = ["", "## Chapter 12: translating Korean dates", ""]
    if rows:
        lines += ["The chapter's run (seed 42): exact match of greedy translations on the test dates "
                  "of the training lengths (8–15 characters) and on the longer held-out ones (16–17).",
                  "", "| model | best epoch | test | longer test | s/epoch |", "|---|---:|---:|---:|---:|"]
        for r in rows:
            best = f"{r['best_epoch']} of {r['epochs_run']}" if "best_epoch" in r else ""
            lines.append(f"| {r['model'].removeprefix('chapter 12: ')} | {best} | "
                         f"{r['test_exact_match']:.4f} | {r['long_test_exact_match']:.4f} | "
                         f"{_fmt(r.get('seconds_per_epoch'), '.0f')} |")
    if study and study.get("runs"):
        n, models = study["pairs"], study["models"]
        seeds = sorted({r["seed"] for r in study["runs"]})
        lines += ["", f"Both models over seeds {seeds[0]}–{seeds[-1]} (`python -m bench seq2seq`): the "
                  f"chapter's {n['training']:,} training and {n['validation']:,} validation pairs, "
                  f"{n['test']:,} test pairs of the training lengths and {n['longer test']:,} longer "
                  "ones; only the seed of the weights changes.", "",
                  "| run | model | best epoch | test | longer test | training |",
                  "|---|---|---:|---:|---:|---:|"]
        for r in study["runs"]:
            lines.append(f"| seed {r['seed']} | {r['model']} | {r['best_epoch']} of {r['epochs_run']} | "
                         f"{r['test_exact']:.4f} | {r['long_exact']:.4f} | {r['seconds'] / 60:.1f} min |")
        for name, m in models.items():
            lines.append(f"| mean ± sd | {name} | | {m['test_mean']:.4f} ± {m['test_stdev']:.4f} | "
                         f"{m['long_mean']:.4f} ± {m['long_stdev']:.4f} | |")
        names = list(models)
        lines += ["", "Exact match by input length (mean ± sd over the seeds; lengths 16 and 17 are "
                  "longer than any training input):", "",
                  "| length | sentences | " + " | ".join(names) + " |",
                  "|---:|---:|" + "---:|" * len(names)]
        lengths = sorted(models[names[0]]["by_length"], key=int)
        for length in lengths:
            cells = [f"{models[k]['by_length'][length][0]:.4f} ± {models[k]['by_length'][length][1]:.4f}"
                     for k in names]
            count = models[names[0]]["by_length"][length][2]
            lines.append(f"| {length} | {count:,} | " + " | ".join(cells) + " |")
        lines += ["", f"![Exact match against input length, mean and spread over seeds]({SEQ2SEQ_FIGURE})"]
    return lines


def chapters_section(data: dict) -> list[str]:
    ch = data.get("chapters", {})
    if not ch:
        return []
    lines = ["", "## Chapters: wall time and peak memory", "",
             "Each chapter run top to bottom in full mode in a fresh kernel; peak memory is the "
             "kernel's maximum resident set size.", "",
             "| chapter | wall time | peak memory | run on |", "|---|---:|---:|---|"]
    for name, run in ch.items():
        lines.append(f"| {name.removesuffix('.ipynb')} | {run['seconds'] / 60:.1f} min | "
                     f"{run['peak_memory_mb'] / 1024:.2f} GiB | {run['date']} |")
    return lines


def imdb_models_section(data: dict, ref: dict, figure: bool) -> list[str]:
    models = [r for r in rows_of(data, "model") if r["chapter"][:2] in ("04", "05", "06")]
    if not models:
        return []
    lines = ["", "## The book's models (chapters 04–06)", ""]
    if figure:
        lines += [f"![Validation accuracy of each book model: our seeds, the chapter's run and the "
                  f"book's runs]({SPREAD_FIGURE})", "",
                  "Each row is one model: grey dots are our runs over seeds 1, 2, … (the book's "
                  "recipe), the black diamond is the chapter's run (seed 42), orange triangles are "
                  "the book's printed runs with 500 words (2020 and Keras 3).", ""]
    lines += ["*Book* is the mean of the book repository's runs with 500 words, as ours (their "
              "number in brackets; all are listed in the next section).", "",
              "| ch. | model | params | best / run epochs | val acc | book | s/epoch |",
              "|---|---|---:|---:|---:|---:|---:|"]
    for row in models:
        book = book_500(ref, row["model"])
        book_cell = f"{statistics.mean(book):.4f} ({len(book)})" if book else ""
        val = row.get("val_accuracy_at_best", row.get("val_accuracy"))
        epochs = (f"{row['best_epoch']} / {row['epochs_run']}" if "best_epoch" in row else "")
        lines.append(f"| {row['chapter'][:2]} | {row['model']} | {_fmt(row.get('params'), ',')} | "
                     f"{epochs} | {_fmt(val, '.4f')} | {book_cell} | "
                     f"{_fmt(row.get('seconds_per_epoch'))} |")
    trained = [r for r in models if "best_val_loss" in r]
    if trained:
        lines += ["", "The same runs in more detail: the lowest validation loss, the highest validation "
                  "accuracy of any epoch (for comparison with figures reported that way), the "
                  "training accuracy at the best epoch and the whole training time.", "",
                  "| model | best val loss | max val acc | train acc | train time (s) |",
                  "|---|---:|---:|---:|---:|"]
        for r in trained:
            lines.append(f"| {r['model']} | {r['best_val_loss']:.4f} | {_fmt(r.get('max_val_accuracy'), '.4f')} | "
                         f"{_fmt(r.get('accuracy_at_best'), '.4f')} | {_fmt(r.get('seconds'), '.0f')} |")
    return lines


def book_runs_section(ref: dict) -> list[str]:
    lines = ["", "## The book's own runs (rickiepark/hg-mldl)", "",
             "Every run of these models printed in the book's repository that we could read, from "
             "its training logs ([bench/book_runs.md](book_runs.md) has the details). *Val acc* is "
             "at the epoch early stopping restores. Each is a single run; the 2020 runs set no "
             "random seed. The book evaluates only the two-layer LSTM on the test set; in the 2020 "
             "run its checkpoint had no `save_best_only`, so that test accuracy most likely comes "
             "from the last epoch's weights (epoch 42), not the restored epoch 39.", "",
             "| model | version | notebook @ commit | words | restored / run epochs | val acc | test acc |",
             "|---|---|---|---:|---:|---:|---:|"]
    for r in ref["book_runs"]:
        commit = book_commit(ref, r["version"], r["notebook"])
        lines.append(f"| {r['model']} | {r['version']} | {r['notebook']} @ `{commit[:7]}` | "
                     f"{r['words']} | {r['restored_epoch']} / {r['epochs_run']} | "
                     f"{r['val_accuracy']:.4f} | {_fmt(r['test_accuracy'], '.4f')} |")
    return lines


def seed_studies_section(data: dict, ref: dict) -> list[str]:
    lines = []
    for entry in ref["imdb_seed_studies"]:
        study = data.get(entry["key"])
        if not study:
            continue
        if not lines:
            lines = ["", "## Seed studies of the book's models (chapters 04–06)", "",
                     "The chapter's model and data, trained again with seeds 1…N "
                     "(`python -m bench imdb-seeds --study NAME --seeds N`); *val acc per seed* "
                     "gives the epochs run in brackets."]
        lines += ["", f"### Chapter {entry['chapter']}: {entry['title']}", "",
                  "| recipe | seeds | mean ± sd | min–max | val acc per seed (epochs run) |",
                  "|---|---:|---:|---:|---|"]
        for recipe, s in study.items():
            summary = seed_summary(s["runs"])
            per_seed = ", ".join(f"{r['val_accuracy_at_best']:.4f} ({r['epochs_run']})" for r in s["runs"])
            lines.append(f"| {recipe} | {summary['n']} | {summary['mean']:.4f} ± {summary['stdev']:.4f} | "
                         f"{summary['min']:.4f}–{summary['max']:.4f} | {per_seed} |")
    return lines


def xla_memory_test_section(data: dict, ref: dict) -> list[str]:
    lines = []
    xla = rows_of(data, "xla")
    if xla:
        lines += ["", "## XLA on a CPU: seconds per epoch with and without `jit_compile`", "",
                  "Each chapter's models compiled with and without XLA, side by side in one run: one "
                  "untimed epoch each (tracing and compiling), then three epochs on 5,000 training "
                  "reviews taken in turns; the median is shown.", "",
                  "| ch. | model | with XLA (s) | without (s) | speed-up |", "|---|---|---:|---:|---:|"]
        for r in xla:
            lines.append(f"| {r['chapter'][:2]} | {r['label']} | {r['seconds_xla']:.2f} | "
                         f"{r['seconds_no_xla']:.2f} | {r['speedup']:.1f}× |")
    memory = one(data, "book_memory")
    if memory:
        lines += ["", "## The book's one-hot arrays: peak memory (chapter 04)", "",
                  "`to_categorical` for all 25,000 reviews and one `fit`, measured on subsets in fresh "
                  "processes and scaled in a straight line (`python -m bench book-memory`):", "",
                  f"- `float64`, what `to_categorical` returns on Keras 3: "
                  f"{memory['float64_mb_per_review']:.2f} MB per review → about **{memory['float64_gb']:.1f} GB**",
                  f"- `float32`, as in the book's era: {memory['float32_mb_per_review']:.2f} MB per "
                  f"review → about **{memory['float32_gb']:.1f} GB**",
                  f"- a free Colab session has about {ref['colab_memory_gb']} GB"]
    tests = {r["label"]: r for r in rows_of(data, "test")}
    pick, two_layer = tests.get("our pick"), tests.get("2 × LSTM(8, dropout=0.3)")
    if pick or two_layer:
        lines += ["", "## The test set (chapter 06, each model evaluated once)", ""]
        if pick:
            lines.append(f"- our pick, the chapter-06 model with the best validation accuracy: "
                         f"{pick['chosen']} (val {pick['val_accuracy_at_best']:.4f}): **test accuracy "
                         f"{pick['test_accuracy']:.4f}**")
        if two_layer:
            book = [r for r in ref["book_runs"] if r["model"] == "2 × LSTM(8, dropout=0.3)" and r["test_accuracy"]]
            said = ", ".join(f"{r['test_accuracy']:.4f} with {r['version']}" for r in book)
            lines.append(f"- the two-layer LSTM, as the book evaluates it: test accuracy "
                         f"{two_layer['test_accuracy']:.4f} (book: {said})")
    return lines


def char_lm_section(data: dict, ref: dict | None = None) -> list[str]:
    lm, sample = one(data, "char_lm"), one(data, "char_samples")
    counting, beyond = one(data, "char_references"), one(data, "char_state")
    if not lm:
        return []
    lines = ["", "## Character-level language model (chapter 07)", "",
             "Cross-entropy on the same validation characters (the targets of the validation "
             "chunks; every model's context restarts at each 100-character chunk). The n-grams count "
             "the training text (interpolated modified Kneser–Ney smoothing).", "",
             "| model | nats/char | bits/char | params | train time |", "|---|---:|---:|---:|---:|"]
    if counting:
        refs = [("uniform guess (ln 80)", counting["uniform"], None),
                ("unigram (character frequencies)", counting["unigram"], None),
                ("6-gram", counting["ngram6"], f"{counting['ngram6_fit_seconds']:.0f} s (fit)")]
        if counting.get("best_order", 6) != 6:
            refs.append((f"{counting['best_order']}-gram (the best order on validation)",
                         counting["ngram_best"], None))
        for name, nats, fit in refs:
            lines.append(f"| {name} | {nats:.3f} | {nats / log(2):.3f} |  | {fit or ''} |")
    fixed = "last_val_loss" in lm                  # trained for a fixed number of epochs
    which, nats = ("last epoch", lm["last_val_loss"]) if fixed else ("best epoch", lm["best_val_loss"])
    lines.append(f"| LSTM({lm.get('units', 512)}), {which} | **{nats:.3f}** | "
                 f"{lm['val_bits_per_char']:.3f} | {lm['params']:,} | {lm['seconds'] / 60:.1f} min |")
    if fixed:
        lines += ["", f"- LSTM: {lm['epochs_run']} epochs ({lm['steps']:,} steps of {lm['batch_size']} "
                  f"chunks of {lm['seq_length']} characters), Adam with `global_clipnorm=1.0` and "
                  f"`CosineDecay`: warm-up from 0 to {lm['peak_lr']:g} over {lm['warmup_steps']} steps, "
                  f"then a cosine down to 0 at the last step; training loss {lm['loss_at_best']:.3f} at "
                  f"the best epoch ({lm['best_epoch']}, validation {lm['best_val_loss']:.3f})"]
    else:
        lines += ["", f"- LSTM: {lm['epochs_run']} epochs"
                  + (f" ({lm['steps']:,} steps of {lm['batch_size']} chunks, peak learning rate "
                     f"{lm['peak_lr']:g}, cosine over the time budget)" if "steps" in lm else "")
                  + f", best epoch {lm['best_epoch']}"]
    if beyond:
        lines.append("- state carried beyond the 100-character training chunks (1,000-character "
                     f"validation stretches): {beyond['first_100']:.3f} nats/char at positions "
                     f"0–99, {beyond['positions_100_999']:.3f} at 100–999; at positions 199, 299, … "
                     f"{beyond['carried_at_ends']:.3f} with the state carried, "
                     f"{beyond['window_at_ends']:.3f} re-reading the last 100 characters")
    if sample and "real_words_t10_sd" in sample:
        def share(key):
            return f"{sample[key]:.0%} ± {sample[key + '_sd']:.0%}"
        lines.append(f"- real words (words of the training text) in {sample['characters']} generated "
                     f"characters after \"The island\", mean ± sd over {sample['seeds']} seeds: "
                     f"{share('real_words_t05')} at temperature 0.5, {share('real_words_t10')} at 1.0, "
                     f"{share('real_words_t15')} at 1.5; at 1.0 re-reading the last 100 characters "
                     f"{share('window100_t10')}, the 6-gram {share('ngram6_t10')}; the validation text "
                     f"itself {sample['validation_text']:.0%}")
    probes = (ref or {}).get("char_lm_probes")
    if probes:
        slow = probes["xla_slowdown"]
        peaks = probes["peak_lr_val_loss_500_steps"]
        clock = probes["clock_recipe"]
        lines += [f"- XLA (`jit_compile=True`) made the LSTM(512)'s training step "
                  f"{min(slow):.2f}–{max(slow):.2f} times slower on the 2-core CPU (two throughput "
                  f"runs, side by side with the same model without XLA)",
                  "- peak learning rate, validation cross-entropy after 500 steps (cosine over the 500 "
                  "steps, one seed-1 run each): " + ", ".join(f"{k}: {v:.3f}" for k, v in peaks.items()),
                  f"- the chapter's earlier recipe, a cosine over {clock['minutes']:.0f} minutes of "
                  f"wall-clock time: {clock['steps']:,} steps in {clock['epochs_run']} epochs, best "
                  f"validation {clock['best_val_loss']:.3f} at epoch {clock['best_epoch']} (training "
                  f"loss {clock['loss_at_best']:.3f}); a clock-driven schedule does not repeat on a "
                  "machine with another load, so the chapter now trains for a fixed number of epochs"]
    lines += ["", "The probes behind this recipe (learning rates, XLA, clipping) are recorded in "
              "[bench/char_lm_probes.md](char_lm_probes.md)."]
    return lines


FORECAST_RECURRENT = ("SimpleRNN(32)", "LSTM(32)", "GRU(32)", "many-to-many GRU(32)")


def forecast_section(data: dict) -> list[str]:
    lines = []
    demand = rows_of(data, "demand")
    if demand:
        lines += ["", "## Forecasting (chapter 08): day-ahead electricity demand, MAE in MW", "",
                  "The chapter's run (seed 42): MAE averaged over the 48 half hours of the next 24 "
                  "hours, and at 30 minutes and 24 hours ahead; *epochs* is the number run.", "",
                  "| model | params | epochs | val MAE | test MAE | test 30 min | test 24 h | train (s) |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in demand:
            lines.append(f"| {r['label']} | {_fmt(r.get('params'), ',')} | {_fmt(r.get('epochs_run'))} | "
                         f"{r['val_mae']:,.0f} | {r['test_mae']:,.0f} | {r['test_mae_30min']:,.0f} | "
                         f"{r['test_mae_24h']:,.0f} | {_fmt(r.get('seconds'), '.0f')} |")
    study = data.get("seeds_forecast")
    if study:
        lines += ["", "Over seeds (`python -m bench forecast --seeds 3`): the same windows and recipe, "
                  "seeds 1…N; mean ± sd.", "",
                  "| model | seeds | val MAE | test MAE | test 30 min | test 24 h | epochs run |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for name, b in study["baselines"].items():
            lines.append(f"| {name} | – | {b['val_mae']:,.0f} | {b['test_mae']:,.0f} | "
                         f"{b['test_mae_30min']:,.0f} | {b['test_mae_24h']:,.0f} | |")
        for name, s in study["models"].items():
            runs = s["runs"]
            h1 = statistics.mean(r["test_mae_30min"] for r in runs)
            h48 = statistics.mean(r["test_mae_24h"] for r in runs)
            lines.append(f"| {name} | {len(runs)} | {s['val_mean']:,.0f} ± {s['val_stdev']:,.0f} | "
                         f"{s['test_mean']:,.0f} ± {s['test_stdev']:,.0f} | {h1:,.0f} | {h48:,.0f} | "
                         f"{', '.join(str(r['epochs_run']) for r in runs)} |")
    stocks = rows_of(data, "stocks")
    if stocks:
        lines += ["", "## Stock returns (chapter 08): the next three days' returns of AAPL, IBM, MSFT", "",
                  "Test period July 2011 – March 2013; MAE in percentage points of the return 1, 2 and 3 "
                  "days ahead (day 1: the next-day forecast); models (one `Dense(3)` output for the "
                  "three days) over 3 seeds, mean ± sd; *right direction*: of the next day's return. "
                  "*vs no change* is computed from the rounded values recorded here, so it can differ "
                  "in the last digit from the chapter's.", "",
                  "| model | day 1 | day 2 | day 3 | day 1 vs no change | right direction |",
                  "|---|---:|---:|---:|---:|---:|"]

        def cell(r, day):
            key = "test_mae" if day == 1 else f"test_mae_day{day}"
            if key not in r:
                return ""
            sd = r.get("test_mae_sd" if day == 1 else f"test_mae_day{day}_sd")
            return f"{r[key]:.4f}" + ("" if sd is None else f" ± {sd:.4f}")

        for r in stocks:
            days = " | ".join(cell(r, day) for day in (1, 2, 3))
            if "test_mae_sd" in r:
                lines.append(f"| {r['label']} | {days} | {r['test_mae'] - r['no_change_test_mae']:+.4f} | "
                             f"{r['direction']:.1%} |")
            else:
                lines.append(f"| {r['label']} | {days} | | |")
    return lines


def forecast_goals(data: dict, ref: dict) -> list[str]:
    lines = []
    study = data.get("seeds_forecast")
    if study:
        goal = ref["goals"]["forecast_margin_min"]["min"]
        base_name, base = min(study["baselines"].items(), key=lambda kv: kv[1]["test_mae"])
        rnn_name, rnn = min(((k, v) for k, v in study["models"].items() if k in FORECAST_RECURRENT),
                            key=lambda kv: kv[1]["val_mean"])
        margin = 1 - rnn["test_mean"] / base["test_mae"]
        lines.append(f"- forecasting (day-ahead demand): the best recurrent model on validation, "
                     f"{rnn_name}, has test MAE {rnn['test_mean']:,.0f} ± {rnn['test_stdev']:,.0f} MW "
                     f"({len(rnn['runs'])} seeds) vs the best baseline on test, {base_name}, "
                     f"{base['test_mae']:,.0f} MW: margin {margin:+.1%} (goal ≥ {goal:+.0%}): "
                     f"**{'met' if margin >= goal else 'MISSED'}**")
    for r in rows_of(data, "stocks"):
        if "test_mae_sd" not in r:
            continue
        # Chapter 08's rule: a difference from "no change" counts only beyond twice the
        # standard deviation over seeds; within it, a tie.
        diff = r["test_mae"] - r["no_change_test_mae"]
        if abs(diff) > 2 * r["test_mae_sd"]:
            verdict = f"{'worse' if diff > 0 else 'better'} than no change by more than twice the sd over seeds"
        else:
            verdict = "a tie: within twice the sd over seeds"
        lines.append(f"- stocks: {r['label']} next-day return, test MAE {r['test_mae']:.4f} ± "
                     f"{r['test_mae_sd']:.4f} vs no change {r['no_change_test_mae']:.4f} "
                     f"({diff:+.4f}): {verdict} (reported, no goal)")
    return lines


BEYOND_KEY = "seeds_ch09"


def beyond_summary(data: dict) -> dict:
    """Per step of chapter 9: its change, params and the validation accuracies of all runs —
    the chapter's own (seed 42) and the study's seeds, found under the step's stored key
    (``bench.beyond.STEPS``) — with mean and sample sd."""
    from bench.beyond import STEPS

    rows = {r["step"]: r for r in rows_of(data, "step", "09")}
    study_all = data.get(BEYOND_KEY, {})
    out = {}
    seeded = {step for step, s in STEPS.items() if s.stored in study_all}
    for step in sorted(set(rows) | seeded):
        study = study_all.get(STEPS[step].stored, {}) if step in STEPS else {}
        accs = ([rows[step]["val_accuracy_at_best"]] if step in rows else []) + [
            r["val_accuracy_at_best"] for r in study.get("runs", [])]
        source = rows.get(step, study)
        out[step] = {"change": source.get("change", STEPS[step].change if step in STEPS else ""),
                     "params": source.get("params"), "accs": accs, "seeds": len(study.get("runs", [])),
                     "mean": statistics.mean(accs) if accs else None,
                     "stdev": statistics.stdev(accs) if len(accs) > 1 else None}
    return out


def beyond_verdict(step: dict, before: dict | None) -> str:
    """A step's mean against the step it builds on: 'gain' or 'loss' only beyond twice the
    standard error of the difference (from the seeds' spread), else 'tie'."""
    if not before or step["stdev"] is None or before["stdev"] is None:
        return ""
    diff = step["mean"] - before["mean"]
    se = (step["stdev"] ** 2 / len(step["accs"]) + before["stdev"] ** 2 / len(before["accs"])) ** 0.5
    return f"{diff:+.4f} " + ("tie" if abs(diff) <= 2 * se else "gain" if diff > 0 else "loss")


def beyond_section(data: dict, ref: dict) -> list[str]:
    from bench.beyond import BUILDS_ON, DROPPED, STEPS

    summary = beyond_summary(data)
    if not summary:
        return []
    rows = {r["step"]: r for r in rows_of(data, "step", "09")}
    missing = [step for step, s in summary.items() if not s["seeds"]]
    lines = ["", "## Beyond the book (chapter 09): IMDB from raw text, one change at a time", "",
             "Validation accuracy at the best epoch on the same 5,000 validation reviews as chapters "
             "04–06. *Val acc per run* lists the chapter's run (seed 42) first, then the study's "
             "seeds 1, 2, … (`python -m bench beyond --seeds 2`); *mean ± sd* is over all of them. "
             "*vs before* compares a step's mean with the step it builds on (the one before; step 14 "
             "builds on step 12, step 13 being an alternative to it): a gain or a loss only beyond "
             "twice the standard error of the difference, else a **tie**. For scale, the binomial "
             "standard error of one accuracy near 0.88 on 5,000 reviews is 0.0046. *Epochs* are the "
             "chapter's run's best / run epochs and its training time; *s/epoch* its seconds per "
             "epoch.", ""]
    if missing:
        lines += [f"Spread not measured yet for steps {', '.join(map(str, missing))}: these steps are "
                  "new or changed since the seed runs were made (the chapter now starts from chapter "
                  "6's recipe), so they have the chapter's run only. The seed runs of the unchanged "
                  "steps were made when those steps were numbered 3–10 and are shown under today's "
                  "numbers.", ""]
    lines += ["| step | change | params | epochs | val acc per run | mean ± sd | vs before | s/epoch |",
              "|---:|---|---:|---:|---|---:|---|---:|"]
    for step, s in summary.items():
        row = rows.get(step, {})
        spread = (f"{s['mean']:.4f} ± {s['stdev']:.4f}" if s["stdev"] is not None
                  else "not measured yet")
        verdict = beyond_verdict(s, summary.get(BUILDS_ON.get(step)))
        epochs = (f"{row['best_epoch']} / {row['epochs_run']} in {row['seconds']:.0f} s"
                  if row else "")
        lines.append(f"| {step} | {s['change']} | {_fmt(s['params'], ',')} | {epochs} | "
                     f"{', '.join(f'{a:.4f}' for a in s['accs'])} | {spread} | {verdict} | "
                     f"{_fmt(row.get('seconds_per_epoch'))} |")
    study = data.get(BEYOND_KEY, {})
    dropped = [(key, what) for key, what in DROPPED.items() if key in study]
    if dropped:
        lines += ["", "Seed runs of steps an earlier version of the chapter had (seeds 1, 2; no longer "
                  "trained in the chapter):"]
        for key, what in dropped:
            accs = [r["val_accuracy_at_best"] for r in study[key]["runs"]]
            lines.append(f"- {what}: {', '.join(f'{a:.4f}' for a in accs)}")
    step_of = {s.stored: step for step, s in STEPS.items()}
    for key in sorted(k for k in data if k.startswith(f"{BEYOND_KEY}_") and k.endswith("_reviews")):
        reviews = int(key.split("_")[-2])
        for stored, entry in data[key].items():
            accs = [r["val_accuracy_at_best"] for r in entry["runs"]]
            spread = f" ± {statistics.stdev(accs):.4f}" if len(accs) > 1 else ""
            step = step_of.get(stored)
            full = summary.get(step)
            lines += ["", f"Learning curve: step {step} ({entry['change']}) trained on the first "
                      f"{reviews:,} of the 20,000 training reviews: {statistics.mean(accs):.4f}{spread} "
                      f"over {len(accs)} seeds ({', '.join(f'{a:.4f}' for a in accs)})"
                      + (f", against {full['mean']:.4f} with all 20,000." if full and full["mean"] else ".")]
    lines += ["", "References, and the books' reported accuracies of recurrent networks trained from "
              "scratch. The logistic regressions' test accuracies come from the same models fitted "
              "again on all 25,000 training reviews, as the final model is.", "",
              "| reference | features | val acc | test acc |", "|---|---:|---:|---:|"]
    for row in rows_of(data, "reference", "09"):
        lines.append(f"| {row['model']} (scikit-learn) | {row['params'] - 1:,} | "
                     f"{row['val_accuracy']:.4f} | {_fmt(row.get('test_accuracy'), '.4f')} |")
    for a in ref["anchors"]:
        lines.append(f"| {a['model']} trained from scratch, as reported by {a['source']} | | "
                     f"{a.get('val_accuracy', '')} | {a.get('test_accuracy', '')} |")
    final = one(data, "final")
    if final:
        step = final.get("final_step", "?")
        change = summary.get(step, {}).get("change", "")
        epochs = final.get("epochs", final.get("member_epochs", "?"))
        val = final.get("val_accuracy", final.get("val_accuracy_at_best"))
        lines += ["", f"Final model, chosen on validation: step {step} ({change}), validation "
                  f"accuracy {_fmt(val, '.4f')} at its best epoch, {epochs}. Trained again from new "
                  f"weights on all 25,000 training reviews for {epochs} epoch(s) "
                  f"({final['seconds']:.0f} s), then evaluated once on the 25,000 test reviews: "
                  f"**test accuracy {final['test_accuracy']:.4f}**."]
    return lines


def attention_section(data: dict) -> list[str]:
    summaries = rows_of(data, "attention")
    if not summaries:
        return []
    runs = rows_of(data, "attention_run")
    with_long = any("long_reviews_accuracy_mean" in r for r in summaries)
    lines = ["", "## Attention and the Transformer (chapter 10)", "",
             "IMDB reviews as in chapter 09 (20,000 words; the same 5,000 validation reviews), the "
             "first 4,000 training reviews, each cut to its first 200 or 800 tokens (batches of "
             "similar length); one LSTM(32) whose review vector is its last state, the mean of its "
             "states or their attention pooling, and a one-block Transformer at 200 tokens. The same "
             "recipe for every model (Adam 2e-3, batch 128, early stopping with patience 1, no XLA); "
             "validation accuracy at the best epoch, mean ± sd over seeds"
             + ("; the same models' accuracy on the validation reviews of 400 tokens or more"
                if with_long else "")
             + "; seconds per epoch: all epochs of all seeds (the first epoch's tracing included), "
             "models taking turns in one run.", "",
             "| model | params | seeds | val acc per seed | mean ± sd |"
             + (" reviews ≥ 400 tokens |" if with_long else "") + " s/epoch |",
             "|---|---:|---:|---|---:|" + ("---:|" if with_long else "") + "---:|"]

    def spread(row, key):
        sd = row.get(key)
        return f" ± {sd:.4f}" if isinstance(sd, (int, float)) and sd == sd else ""

    for row in summaries:
        mine = sorted((r for r in runs if r["label"] == row["label"]), key=lambda r: r["seed"])
        per_seed = ", ".join(f"{r['val_accuracy_at_best']:.4f}" for r in mine)
        long = ""
        if with_long:
            long = (f" {row['long_reviews_accuracy_mean']:.4f}{spread(row, 'long_reviews_accuracy_sd')} |"
                    if "long_reviews_accuracy_mean" in row else " |")
        lines.append(f"| {row['label']} | {row['params']:,} | {row['seeds']} | {per_seed} | "
                     f"{row['val_accuracy_mean']:.4f}{spread(row, 'val_accuracy_sd')} |{long} "
                     f"{row['seconds_per_epoch']:.1f} |")
    step = one(data, "step_time")
    if step:
        titles = {"lstm": "LSTM", "gru": "GRU", "transformer": "Transformer",
                  "lstm_attention": "LSTM + attention pooling"}
        if "lstm_attention_ms" in step:
            titles["lstm"] = "LSTM, last state"
        lengths = step["lengths"].split()
        names = [k[:-3] for k in step if k.endswith("_ms") and not k.endswith("_xla_ms")]
        xla = "XLA" if "xla_length" not in step else "no XLA"
        lines += ["", f"One training step ({xla} where marked; batch of 32 random reviews) against "
                  "review length, median of 5 steps after one untimed step, in ms:", "",
                  "| tokens | " + " | ".join(titles.get(n, n) for n in names) + " |",
                  "|---:|" + "---:|" * len(names)]
        columns = [step[f"{n}_ms"].split() for n in names]
        for i, length in enumerate(lengths):
            lines.append(f"| {length} | " + " | ".join(c[i] for c in columns) + " |")
        if "xla_length" in step:
            lines += ["", f"The same steps at {step['xla_length']} tokens with XLA (`jit_compile=True`): "
                      + ", ".join(f"{titles.get(n, n)} {step[f'{n}_xla_ms']} ms" for n in names
                                  if f"{n}_xla_ms" in step) + "."]
        if "crossover" in step:
            if str(step["crossover"]) == lengths[0]:
                lines += ["", "The Transformer's step is slower than the LSTM's at every length measured."]
            else:
                lines += ["", f"First length at which the Transformer's step is slower than the LSTM's: "
                              f"{step['crossover']}."]
    return lines


def markdown(data: dict, ref: dict, figure: bool = True) -> str:
    """The whole report as Markdown text."""
    lines = intro()
    lines += goals_section(data, ref)
    lines += chapters_section(data)
    lines += imdb_models_section(data, ref, figure)
    lines += seed_studies_section(data, ref)
    lines += book_runs_section(ref)
    lines += xla_memory_test_section(data, ref)
    lines += char_lm_section(data, ref)
    lines += forecast_section(data)
    lines += beyond_section(data, ref)
    lines += attention_section(data)
    lines += korean_section(data)
    lines += seq2seq_section(data)
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------
# the figure
# ----------------------------------------------------------------------------------------------

def draw_seed_spread(data: dict, ref: dict, path: Path) -> Path:
    """Each book model's validation accuracy: our seeds (dots), the chapter's run (diamond) and
    the book's 500-word runs (triangles), one row per model. Written as a PNG without a
    timestamp, so the same data gives the same file."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    entries = ref["imdb_seed_studies"]
    chapter_runs = {r["model"]: r for r in rows_of(data, "model")}
    low, high = 0.76, 0.815          # runs that stalled below `low` are drawn at the edge, labelled
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(entries) + 1.5), dpi=110)

    def clipped(values, y, label, **style):
        inside = [v for v in values if v >= low]
        ax.scatter(inside, [y] * len(inside), label=label, **style)
        for v in values:
            if v < low:
                ax.scatter([low + 0.0012], [y], marker="<", s=50, color=style["color"], zorder=4)
                ax.annotate(f"stalled: {v:.2f}", (low + 0.0025, y), xytext=(0, 6 if style["color"] == "black" else -11),
                            textcoords="offset points", fontsize=7, color=style["color"])

    for y, entry in enumerate(entries):
        study = data.get(entry["key"], {}).get(ref["book_recipe"], {})
        clipped([r["val_accuracy_at_best"] for r in study.get("runs", [])], y,
                "our runs, seeds 1…N" if y == 0 else None, s=36, color="0.55", zorder=2)
        run = chapter_runs.get(entry["model"])
        if run:
            clipped([run["val_accuracy_at_best"]], y - 0.2, "the chapter's run (seed 42)" if y == 0 else None,
                    marker="D", s=36, color="black", zorder=3)
        book = book_500(ref, entry["model"])
        clipped(book, y + 0.2, "the book's runs (500 words)" if y == 0 else None,
                marker="^", s=48, color="tab:orange", zorder=3)
    ax.set_xlim(low, high)
    ax.set_yticks(range(len(entries)), [f"{e['model']} (ch. {e['chapter']})" for e in entries])
    ax.invert_yaxis()
    ax.set_xlabel("validation accuracy at the best epoch")
    ax.set_title("Book models: our spread over seeds beside the book's runs")
    ax.grid(axis="x", color="0.9")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path


def draw_seq2seq_by_length(study: dict, path: Path) -> Path:
    """Chapter 12's curve: exact match against input length for both translators, the mean over
    seeds with a bar from the lowest to the highest seed; lengths longer than any training input
    shaded. Written as a PNG without a timestamp."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=110)
    lengths = sorted({int(n) for m in study["models"].values() for n in m["by_length"]})
    for (name, m), color, shift in zip(study["models"].items(), ("C0", "C1"), (-0.08, 0.08)):
        runs = [r for r in study["runs"] if r["model"] == name]
        values = [[r["by_length"][str(n)] for r in runs] for n in lengths]
        mean = [statistics.mean(v) for v in values]
        low = [a - min(v) for a, v in zip(mean, values)]
        high = [max(v) - a for a, v in zip(mean, values)]
        ax.errorbar([n + shift for n in lengths], mean, yerr=[low, high], marker="o", capsize=3,
                    color=color, label=f"{name} ({len(runs)} seeds: mean, lowest to highest)")
    long_from = min(int(n) for n in study["models"][next(iter(study["models"]))]["by_length"]
                    if int(n) >= 16) if any(n >= 16 for n in lengths) else None
    if long_from is not None:
        ax.axvspan(long_from - 0.5, max(lengths) + 0.5, color="0.9", zorder=0)
        ax.text(long_from - 0.4, 0.03, "longer than any\ntraining input", fontsize=8)
    ax.set_xticks(lengths)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("input length in characters")
    ax.set_ylabel("exact match")
    ax.set_title("Chapter 12: greedy translations of the test dates, by input length")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path
