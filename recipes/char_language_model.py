"""Recipes of Chapter 7 — A character-level LSTM language model

Generated from chapters/07_char_language_model.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c002
import re

import time

import matplotlib.pyplot as plt

import numpy as np

import tensorflow as tf

import keras

from keras import layers

import utils

from utils import plotting, results

from utils.datasets import load_mysterious_island

from utils.training import EpochLog


# --- cell c006
def encode(text, chars):
    # Each character's id is its position in the sorted list `chars`: the lookup table and the
    # text as an array of ids.
    char_to_id = {ch: i for i, ch in enumerate(chars)}
    return char_to_id, np.array([char_to_id[ch] for ch in text], dtype=np.int32)


# --- cell c008
def make_dataset(ids, shuffle, seq_length, batch_size):
    chunks = tf.data.Dataset.from_tensor_slices(ids).batch(seq_length + 1, drop_remainder=True)
    pairs = chunks.map(lambda chunk: (chunk[:-1], chunk[1:]))
    if shuffle:
        pairs = pairs.shuffle(10_000, seed=42)
    return pairs.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)


# --- cell c021
class CharNgram:
    # A count-based character n-gram model with interpolated modified Kneser–Ney smoothing.

    def __init__(self, order, vocab_size):
        self.order, self.V = order, vocab_size

    def fit(self, ids):
        V, n = self.V, self.order
        ids = np.asarray(ids, dtype=np.int64)
        grams = {1: ids}                       # every k-gram of the text, as one base-V number
        for k in range(2, n + 1):
            grams[k] = grams[k - 1][:-1] * V + ids[k - 1:]
        self.tables = {}
        for k in range(1, n + 1):
            self.tables[k, "count"] = self._table(*np.unique(grams[k], return_counts=True))
            if k < n:                          # continuation counts: how many different
                seen_after = np.unique(grams[k + 1]) % V ** k        # characters came before
                self.tables[k, "continuation"] = self._table(*np.unique(seen_after, return_counts=True))
        return self

    def _table(self, keys, counts):
        # Sorted keys and counts, each context's total and freed mass, the three discounts.
        n1, n2, n3, n4 = (np.sum(counts == i) for i in (1, 2, 3, 4))
        y = n1 / (n1 + 2 * n2)
        D = np.array([0.0, 1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3])
        contexts, which = np.unique(keys // self.V, return_inverse=True)
        total = np.bincount(which, weights=counts)
        freed = np.bincount(which, weights=D[np.minimum(counts, 3)])
        return keys, counts, contexts, total, freed, D

    def prob(self, context, nxt):
        # P(nxt | context) for each row of `context` (n, m), m < order: an (m+1)-gram estimate.
        context, nxt = np.asarray(context, dtype=np.int64), np.asarray(nxt, dtype=np.int64)
        m = context.shape[1]
        p = np.full(len(nxt), 1.0 / self.V)                          # below one character: uniform
        for k in range(1, m + 2):                                    # shortest context first
            kind = "count" if k == m + 1 else "continuation"
            keys, counts, contexts, total, freed, D = self.tables[k, kind]
            h = np.zeros(len(nxt), dtype=np.int64)
            for j in range(m - (k - 1), m):                          # the last k - 1 characters
                h = h * self.V + context[:, j]
            i = np.minimum(np.searchsorted(keys, h * self.V + nxt), len(keys) - 1)
            c = np.where(keys[i] == h * self.V + nxt, counts[i], 0)
            j = np.minimum(np.searchsorted(contexts, h), len(contexts) - 1)
            seen = contexts[j] == h                                  # an unseen context keeps p
            p = np.where(seen, (np.maximum(c - D[np.minimum(c, 3)], 0) + freed[j] * p) / total[j], p)
        return p

    def cross_entropy(self, x, y):
        # Mean -ln P over the targets y (n, T); the context restarts at every row, like the LSTM.
        loss = 0.0
        for t in range(y.shape[1]):            # y[:, t] follows x[:, :t + 1]
            m = min(self.order - 1, t + 1)
            loss -= np.log(self.prob(x[:, t + 1 - m:t + 1], y[:, t])).sum()
        return loss / y.size


# --- cell c010
def build_char_lstm(vocab_size, units, embedding_dim=256):
    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        layers.Embedding(vocab_size, embedding_dim, name="embedding"),
        layers.LSTM(units, return_sequences=True, name="lstm"),
        layers.Dense(vocab_size, name="logits"),
    ], name="char_lstm")


# --- cell c014
def make_sampler(model):
    # (ids, h, c) -> (logits, h, c): the trained model's layers, with an LSTM that takes and
    # returns its state.
    embedding, trained_lstm, dense = model.layers
    units = trained_lstm.units
    step_lstm = layers.LSTM(units, return_sequences=True, return_state=True, name="step_lstm")
    char_in = keras.Input(shape=(None,), dtype="int32")
    h_in, c_in = keras.Input(shape=(units,)), keras.Input(shape=(units,))
    sequence, h_out, c_out = step_lstm(embedding(char_in), initial_state=[h_in, c_in])
    sampler = keras.Model([char_in, h_in, c_in], [dense(sequence), h_out, c_out])
    step_lstm.set_weights(trained_lstm.get_weights())
    # compiled once per input shape; after the second shape, once for all lengths and batch sizes
    return tf.function(lambda ids, h, c: sampler([ids, h, c]), reduce_retracing=True)

def generate(run_sampler, units, chars, prompt, length=400, temperature=1.0, seeds=(1,), window=None):
    # One sample per seed, as a batch. window=None carries the LSTM state from step to step;
    # window=w re-reads the last w characters from a zero state at every step instead.
    rngs = [np.random.default_rng(seed) for seed in seeds]
    ids = np.tile(encode(prompt, chars)[1], (len(seeds), 1))
    zeros = np.zeros((len(seeds), units), dtype="float32")
    logits, h, c = run_sampler(ids, zeros, zeros)               # read the whole prompt
    for _ in range(length):
        scaled = logits[:, -1].numpy().astype("float64") / temperature
        probs = np.exp(scaled - scaled.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        nxt = np.array([[rng.choice(len(chars), p=p)] for rng, p in zip(rngs, probs)], dtype=np.int32)
        ids = np.concatenate([ids, nxt], axis=1)
        if window is None:
            logits, h, c = run_sampler(nxt, h, c)
        else:
            logits, _, _ = run_sampler(ids[:, -window:], zeros, zeros)
    return ["".join(chars[i] for i in row) for row in ids]


# --- cell c015
from collections import Counter

def real_word_share(sample, known_words):
    words = re.findall(r"[a-z]+", sample.lower())
    return sum(w in known_words for w in words) / max(len(words), 1)
