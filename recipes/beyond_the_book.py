"""Recipes of Chapter 9 — Beyond the book: IMDB from raw text with a recurrent network, one change at a time

Generated from chapters/09_beyond_the_book.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell 581de731
import inspect

import json

import math

import os

import subprocess

import sys

import matplotlib.pyplot as plt

import numpy as np

import keras

import tensorflow as tf

from keras import layers

from sklearn.model_selection import train_test_split

import utils

from utils import params, plotting, results

from utils.datasets import load_imdb_text

from utils.text import AttentionPooling, MaskedGlobalMaxPooling1D, standardize

from utils.training import EpochLog


# --- cell b6580cdf
def make_vectorizer(texts, max_tokens, length):
    """A TextVectorization layer whose vocabulary is learned from `texts` (the training reviews)."""
    vectorizer = layers.TextVectorization(max_tokens=max_tokens, output_sequence_length=length,
                                          standardize=standardize)
    vectorizer.adapt(tf.data.Dataset.from_tensor_slices(texts).batch(1024))
    return vectorizer


# --- cell ce17e822
def make_dataset(texts, labels, vectorizer, shuffle=False, batch_size=128):
    """(ids, label) batches: texts vectorised once, cached, reshuffled every epoch if asked."""
    ds = tf.data.Dataset.from_tensor_slices((texts, labels))
    ds = ds.batch(1024).map(lambda x, y: (vectorizer(x), y), num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.unbatch().apply(tf.data.experimental.assert_cardinality(len(texts))).cache()
    if shuffle:
        ds = ds.shuffle(len(texts), seed=42)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)


# --- cell 60ade1f3
def vectorizer_for(vocabulary, length=None):
    """A vectorizer with a learned vocabulary: fixed length, or ragged (length=None)."""
    if length is None:
        return layers.TextVectorization(vocabulary=vocabulary, standardize=standardize, ragged=True)
    return layers.TextVectorization(vocabulary=vocabulary, standardize=standardize,
                                    output_sequence_length=length)

def make_datasets(fit, check, vocabulary, length, buckets=False):
    """Training and validation datasets of the (texts, labels) pairs `fit` and `check`: padded
    or cut to `length` tokens, or in length buckets and cut after `length` tokens (step 7)."""
    if buckets:
        vec = vectorizer_for(vocabulary)
        return (make_bucketed_dataset(*fit, vec, length, shuffle=True),
                make_bucketed_dataset(*check, vec, length))
    vec = vectorizer_for(vocabulary, length)
    return make_dataset(*fit, vec, shuffle=True), make_dataset(*check, vec)

def compile_and_fit(model, train_ds, val_ds, xla=True, callbacks=()):
    """The recipe of every step: Adam, at most 20 epochs, early stopping that keeps the best."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=2e-3),
                  loss="binary_crossentropy", metrics=["accuracy"],
                  jit_compile=utils.jit_compile() and xla)
    early_stopping_cb = keras.callbacks.EarlyStopping(patience=1, restore_best_weights=True)
    return model.fit(train_ds, validation_data=val_ds, epochs=utils.epochs(20, fast=1),
                     shuffle=False, callbacks=[early_stopping_cb, *callbacks], verbose=0)


# --- cell 15be4e91
def gru_classifier(max_tokens, length, embedding_dim=16, units=8, mask_zero=False):
    """The model of steps 0-5: word vectors, a GRU's last state and one sigmoid unit."""
    return keras.Sequential([
        keras.Input(shape=(length,), dtype="int64"),
        layers.Embedding(max_tokens, embedding_dim, mask_zero=mask_zero, name="embedding"),
        layers.GRU(units, name="gru"),
        layers.Dense(1, activation="sigmoid", name="dense"),
    ])


# --- cell 2bad6c53
def pooled_gru(length=400):
    """Step 6's model: step 5's GRU(48), its states at every step pooled by average and max
    (length=None: reviews of any length, step 7)."""
    inputs = keras.Input(shape=(length,), dtype="int64")
    x = layers.Embedding(20_000, 64, mask_zero=True)(inputs)
    x = layers.GRU(48, return_sequences=True)(x)
    x = layers.Concatenate()([layers.GlobalAveragePooling1D()(x), MaskedGlobalMaxPooling1D()(x)])
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))


# --- cell 9c6ea421
def make_bucketed_dataset(texts, labels, vectorizer, length, shuffle=False, batch_size=128, width=25):
    """Batches of reviews of similar length (buckets `width` tokens wide), each padded with
    zeros at the end to its longest review; reviews cut after `length` tokens."""
    lengths = np.minimum(vectorizer(texts).row_lengths().numpy(), length)
    bounds = list(range(width, length, width))
    in_bucket = np.bincount(np.searchsorted(bounds, lengths, side="right"), minlength=len(bounds) + 1)
    ds = tf.data.Dataset.from_tensor_slices((texts, labels))
    ds = ds.batch(1024).map(lambda x, y: (vectorizer(x), y), num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.unbatch().map(lambda x, y: (x[:length], y)).cache()
    if shuffle:
        ds = ds.shuffle(len(texts), seed=42)
    ds = ds.bucket_by_sequence_length(lambda x, y: tf.shape(x)[0], bounds,
                                      [batch_size] * (len(bounds) + 1))
    batches = sum(math.ceil(n / batch_size) for n in in_bucket)
    return ds.apply(tf.data.experimental.assert_cardinality(batches)).prefetch(tf.data.AUTOTUNE)


# --- cell 2ea4c3aa
def attention_gru():
    """Step 8's model: step 7's, with attention pooling instead of average and max."""
    inputs = keras.Input(shape=(None,), dtype="int64")
    x = layers.Embedding(20_000, 64, mask_zero=True)(inputs)
    x = layers.GRU(48, return_sequences=True)(x)
    x = AttentionPooling(32)(x)
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))


# --- cell 02be627a
def pooled_bigru(dropout=0.0, output_dropout=0.0):
    """Step 9's model: step 7's with a bidirectional GRU. Step 10 sets `dropout` (on the GRU's
    inputs), step 11 `output_dropout` (a Dropout layer before the output)."""
    inputs = keras.Input(shape=(None,), dtype="int64", name="ids")
    x = layers.Embedding(20_000, 64, mask_zero=True, name="embedding")(inputs)
    x = layers.Bidirectional(layers.GRU(48, dropout=dropout, return_sequences=True),
                             name="bidirectional")(x)
    x = layers.Concatenate(name="concatenate")([layers.GlobalAveragePooling1D(name="average")(x),
                                                MaskedGlobalMaxPooling1D(name="max")(x)])
    if output_dropout:
        x = layers.Dropout(output_dropout, name="dropout")(x)
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid", name="dense")(x))
