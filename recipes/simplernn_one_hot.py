"""Recipes of Chapter 4 — SimpleRNN on one-hot encoded IMDB reviews

Generated from chapters/04_simplernn_one_hot.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c002
import matplotlib.pyplot as plt

import numpy as np

import keras

from keras import layers

from sklearn.linear_model import LogisticRegression

from sklearn.model_selection import train_test_split

import utils

from utils import params, plotting, results

from utils.datasets import decode_review, load_imdb

from utils.training import EpochLog


# --- cell c012
def imdb_padded(num_words=500, maxlen=100):
    """Sections 1 and 2 in one function, for the chapters after this one: IMDB with the
    `num_words` most frequent words, 20% of the training reviews split off for validation
    (random_state=42), every review padded or cut to its last `maxlen` tokens. Returns
    (train_seq, train_target), (val_seq, val_target), (test_seq, test_target)."""
    (train_input, train_target), (test_input, test_target) = load_imdb(num_words=num_words)
    train_input, val_input, train_target, val_target = train_test_split(
        train_input, train_target, test_size=0.2, random_state=42)
    return ((keras.utils.pad_sequences(train_input, maxlen=maxlen), train_target),
            (keras.utils.pad_sequences(val_input, maxlen=maxlen), val_target),
            (keras.utils.pad_sequences(test_input, maxlen=maxlen), test_target))


# --- cell c020
def simplernn_one_hot():
    """SimpleRNN(8) on one-hot input: 100 word ids in, the probability of a positive review out."""
    return keras.Sequential([
        keras.Input(shape=(100,), dtype="int32"),
        layers.CategoryEncoding(num_tokens=500, output_mode="one_hot", name="one_hot"),
        layers.SimpleRNN(8, name="simple_rnn"),
        layers.Dense(1, activation="sigmoid", name="dense"),
    ], name="simplernn_one_hot")
