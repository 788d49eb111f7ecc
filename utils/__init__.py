"""Small helpers shared by the chapters of the RNN textbook companion.

Modules
-------
``utils.padding``   a readable NumPy ``pad_sequences`` that teaches padding (same output as Keras)
``utils.params``    parameter-count formulas for Dense, Embedding, SimpleRNN, LSTM, GRU, Bidirectional
``utils.plotting``  training curves and the other plots several chapters draw
``utils.diagrams``  textbook figures: unrolled cell, weights, I/O categories, stacked RNN, LSTM, GRU
``utils.datasets``  IMDB (offline, rebuilt from the review text) and the other data sets
``utils.results``   summaries of training runs, kept for later chapters and the bench
``utils.paths``     where data, the cache and model checkpoints live; locked, atomic writes
``utils.notebook``  ``setup_notebook()``: quiet TensorFlow start-up; ``jit_compile()``: XLA on CPU only
``utils.training``  ``best_epoch``: the one best-epoch rule (as Keras' ``EarlyStopping``) that
                    ``plotting`` and ``results`` use; ``EpochLog``: a compact training log
                    (``from utils.training import EpochLog``; Keras is imported only then)
``utils.measure``   plumbing kept out of the lesson: ``keras_says`` (a Keras warning, captured
                    and shown as one line) and ``seconds_per_epoch`` (models timed side by side)
``utils.text``      the text layers and the registered standardize function of chapters 9 and 10

The fast/full switch (``RNNBOOK_FAST``) lives in ``utils.mode`` and is re-exported here:
``utils.epochs(100)``, ``utils.subset(x, y, fast=2000)``, ``utils.by_mode(full=..., fast=...)``.
TensorFlow/Keras is imported only by the functions that need it, so ``import utils`` is quick.
"""

from . import datasets, diagrams, padding, params, paths, plotting, results, training
from .notebook import jit_compile, setup_notebook
from .mode import by_mode, describe, epochs, is_fast, subset
from .paths import checkpoint_path

__all__ = [
    "by_mode", "checkpoint_path", "datasets", "describe", "diagrams", "epochs", "is_fast",
    "jit_compile", "padding", "params", "paths", "plotting", "results", "setup_notebook", "subset",
    "training",
]
__version__ = "0.1.0"
