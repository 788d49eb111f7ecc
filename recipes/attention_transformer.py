"""Recipes of Chapter 10 — Attention and the Transformer

Generated from chapters/10_attention_transformer.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c002
import inspect

import time

import matplotlib.pyplot as plt

import numpy as np

import tensorflow as tf

import keras

from keras import layers

from sklearn.model_selection import train_test_split

from recipes.beyond_the_book import make_bucketed_dataset, make_vectorizer, vectorizer_for

import utils

from utils import params, results

from utils.datasets import load_imdb_text

from utils.text import AttentionPooling, PositionEmbedding, standardize

from utils.training import EpochLog, best_epoch


# --- cell c006
VOCAB_SIZE = 20_000   # the most frequent words kept


# --- cell c014
DIM = 32     # numbers per word vector

UNITS = 32   # units of the LSTM

READOUTS = {"last": "last state", "mean": "mean pooling", "attention": "attention pooling"}

def lstm_classifier(readout="last", vocab_size=VOCAB_SIZE, dim=DIM, units=UNITS):
    # one LSTM; the review's vector is its last state, the mean of its states or their
    # attention pooling
    if readout not in READOUTS:
        raise ValueError(f"readout must be one of {sorted(READOUTS)}, got {readout!r}")
    ids = keras.Input(shape=(None,), dtype="int64", name="ids")
    x = layers.Embedding(vocab_size, dim, mask_zero=True, name="tokens")(ids)
    if readout == "last":
        x = layers.LSTM(units, name="lstm")(x)
    else:
        states = layers.LSTM(units, return_sequences=True, name="lstm")(x)
        x = (layers.GlobalAveragePooling1D(name="mean")(states) if readout == "mean"
             else AttentionPooling(units, name="attention_pooling")(states))
    outputs = layers.Dense(1, activation="sigmoid", name="output")(x)
    return keras.Model(ids, outputs, name=f"lstm_{readout}")

def transformer_classifier(max_length, vocab_size=VOCAB_SIZE, dim=DIM, heads=2, ff_units=64):
    # one Transformer encoder block on word vectors plus position vectors
    ids = keras.Input(shape=(None,), dtype="int64", name="ids")
    x = layers.Embedding(vocab_size, dim, mask_zero=True, name="tokens")(ids)
    x = PositionEmbedding(max_length, name="positions")(x)
    attended = layers.MultiHeadAttention(num_heads=heads, key_dim=dim // heads,
                                         name="self_attention")(x, x)
    x = layers.LayerNormalization(name="norm_1")(layers.Add(name="residual_1")([x, attended]))
    ff = layers.Dense(ff_units, activation="relu", name="feed_forward_1")(x)
    ff = layers.Dense(dim, name="feed_forward_2")(ff)
    x = layers.LayerNormalization(name="norm_2")(layers.Add(name="residual_2")([x, ff]))
    outputs = layers.Dense(1, activation="sigmoid", name="output")(
        layers.GlobalAveragePooling1D(name="average")(x))
    return keras.Model(ids, outputs, name="transformer")
