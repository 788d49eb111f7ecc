"""The bench: every measurement that is not the lesson.

Seed studies, speed and memory measurements, the book's own runs and our comparison with
them, the goals and whether they are met, and each chapter's full-mode wall time and memory.
The chapters teach; the bench measures. Its studies import the chapters' recipes from the
generated ``recipes`` package, keep their results in ``bench/results.json`` (through
``bench.store``) and ``python -m bench report`` writes ``bench/report.md`` — the website's
"Measurements" appendix.
"""
