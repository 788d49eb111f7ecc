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

from recipes.lstm_gru import gru_model

from utils import params, results

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

def padded_ids(texts, vocabulary, length, padding="pre", truncating="pre"):
    """The token ids of `texts` in one array of `length` columns, by `pad_sequences` as in
    chapters 4-6: by default the last `length` tokens of a review, zeros in front."""
    ids = vectorizer_for(vocabulary)(texts).to_list()
    return keras.utils.pad_sequences(ids, maxlen=length, padding=padding, truncating=truncating)

def make_arrays(fit, check, vocabulary, length, padding="pre", truncating="pre"):
    """Steps 0-7's training and validation data: (ids, labels) arrays of the (texts, labels)
    pairs `fit` and `check`."""
    return tuple((padded_ids(texts, vocabulary, length, padding, truncating), np.asarray(labels))
                 for texts, labels in (fit, check))

def make_datasets(fit, check, vocabulary, length, buckets=False):
    """Training and validation datasets of the (texts, labels) pairs `fit` and `check`: padded
    or cut to `length` tokens, or in length buckets and cut after `length` tokens (step 12)."""
    if buckets:
        vec = vectorizer_for(vocabulary)
        return (make_bucketed_dataset(*fit, vec, length, shuffle=True),
                make_bucketed_dataset(*check, vec, length))
    vec = vectorizer_for(vocabulary, length)
    return make_dataset(*fit, vec, shuffle=True), make_dataset(*check, vec)

def compile_and_fit(model, train, val, optimizer="adam", batch_size=128, patience=1, epochs=100,
                    xla=True, callbacks=()):
    """Train `model` on `train`, an (ids, labels) pair of arrays or a tf.data dataset (batched
    already). optimizer="rmsprop" is chapter 6's RMSprop(1e-4), "adam" is Adam(2e-3). With
    validation data `val`, early stopping after `patience` epochs without a lower validation
    loss restores the best epoch's weights; with val=None it trains `epochs` epochs."""
    model.compile(optimizer=(keras.optimizers.RMSprop(learning_rate=1e-4) if optimizer == "rmsprop"
                             else keras.optimizers.Adam(learning_rate=2e-3)),
                  loss="binary_crossentropy", metrics=["accuracy"],
                  jit_compile=utils.jit_compile() and xla)
    if val is not None:
        callbacks = [keras.callbacks.EarlyStopping(patience=patience, restore_best_weights=True),
                     *callbacks]
    if isinstance(train, tf.data.Dataset):
        return model.fit(train, validation_data=val, epochs=utils.epochs(epochs, fast=1),
                         shuffle=False, callbacks=list(callbacks), verbose=0)
    return model.fit(*train, batch_size=batch_size, validation_data=val,
                     epochs=utils.epochs(epochs, fast=1), callbacks=list(callbacks), verbose=0)


# --- cell c9step09
def gru_classifier(max_tokens, length, embedding_dim=16, units=8, mask_zero=False):
    """The model of steps 5-10: word vectors, a GRU's last state and one sigmoid unit."""
    return keras.Sequential([
        keras.Input(shape=(length,), dtype="int64"),
        layers.Embedding(max_tokens, embedding_dim, mask_zero=mask_zero, name="embedding"),
        layers.GRU(units, name="gru"),
        layers.Dense(1, activation="sigmoid", name="dense"),
    ])


# --- cell 2bad6c53
def pooled_gru(length=400):
    """Step 11's model: step 10's GRU(48), its states at every step pooled by average and max
    (length=None: reviews of any length, step 12)."""
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
    """Step 13's model: step 12's, with attention pooling instead of average and max."""
    inputs = keras.Input(shape=(None,), dtype="int64")
    x = layers.Embedding(20_000, 64, mask_zero=True)(inputs)
    x = layers.GRU(48, return_sequences=True)(x)
    x = AttentionPooling(32)(x)
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))


# --- cell 02be627a
def pooled_bigru(dropout=0.0):
    """Step 14's model: step 12's with a bidirectional GRU; step 15 sets `dropout` (on the
    GRU's inputs)."""
    inputs = keras.Input(shape=(None,), dtype="int64", name="ids")
    x = layers.Embedding(20_000, 64, mask_zero=True, name="embedding")(inputs)
    x = layers.Bidirectional(layers.GRU(48, dropout=dropout, return_sequences=True),
                             name="bidirectional")(x)
    x = layers.Concatenate(name="concatenate")([layers.GlobalAveragePooling1D(name="average")(x),
                                                MaskedGlobalMaxPooling1D(name="max")(x)])
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid", name="dense")(x))
