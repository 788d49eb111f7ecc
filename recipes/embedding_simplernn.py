"""Recipes of Chapter 5 — Embedding + SimpleRNN

Generated from chapters/05_embedding_simplernn.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c002
import matplotlib.pyplot as plt

import numpy as np

import keras

from keras import layers

import utils

from utils import params, plotting, results

from utils.datasets import decode_review

from utils.training import EpochLog


# --- cell c010
def embedding_simplernn(name="embedding_simplernn"):
    """Embedding(500, 16) → SimpleRNN(8) → Dense(1): 100 word ids in, P(positive review) out."""
    return keras.Sequential([
        keras.Input(shape=(100,), dtype="int32"),
        layers.Embedding(500, 16, name="embedding"),
        layers.SimpleRNN(8, name="simple_rnn"),
        layers.Dense(1, activation="sigmoid", name="dense"),
    ], name=name)
