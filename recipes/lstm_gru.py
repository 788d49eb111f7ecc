"""Recipes of Chapter 6 — LSTM and GRU on IMDB

Generated from chapters/06_lstm_gru.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c002
import matplotlib.pyplot as plt

import numpy as np

import keras

from keras import layers

import utils

from utils import params, plotting, results

from utils.training import EpochLog


# --- cell c013
def fit_book_recipe(model, train_x, train_y, val_x, val_y, checkpoint, log_every=10):
    """Train `model` with the book's recipe; returns the history (best weights restored)."""
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-4),
                  loss="binary_crossentropy", metrics=["accuracy"],
                  jit_compile=utils.jit_compile())
    checkpoint_cb = keras.callbacks.ModelCheckpoint(utils.checkpoint_path(checkpoint),
                                                    save_best_only=True)
    early_stopping_cb = keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)
    return model.fit(train_x, train_y, epochs=utils.epochs(100), batch_size=64,
                     validation_data=(val_x, val_y),
                     callbacks=[checkpoint_cb, early_stopping_cb, EpochLog(every=log_every)],
                     verbose=0)


# --- cell c015
def lstm_model():
    """Embedding(500, 16) → LSTM(8) → Dense(1): the book's first LSTM model."""
    return keras.Sequential([
        keras.Input(shape=(100,), dtype="int32"),
        layers.Embedding(500, 16, name="embedding"),
        layers.LSTM(8, name="lstm"),
        layers.Dense(1, activation="sigmoid", name="dense"),
    ], name="lstm_model")


# --- cell c018
def lstm_dropout_model():
    """Embedding(500, 16) → LSTM(8, dropout=0.3) → Dense(1): the LSTM with dropout on its inputs."""
    return keras.Sequential([
        keras.Input(shape=(100,), dtype="int32"),
        layers.Embedding(500, 16, name="embedding"),
        layers.LSTM(8, dropout=0.3, name="lstm"),
        layers.Dense(1, activation="sigmoid", name="dense"),
    ], name="lstm_dropout_model")


# --- cell c020
def two_lstm_model():
    """Embedding(500, 16) → two stacked LSTM(8, dropout=0.3) → Dense(1)."""
    return keras.Sequential([
        keras.Input(shape=(100,), dtype="int32"),
        layers.Embedding(500, 16, name="embedding"),
        layers.LSTM(8, dropout=0.3, return_sequences=True, name="lstm_lower"),
        layers.LSTM(8, dropout=0.3, name="lstm_upper"),
        layers.Dense(1, activation="sigmoid", name="dense"),
    ], name="two_lstm_model")


# --- cell c023
def gru_model():
    """Embedding(500, 16) → GRU(8) → Dense(1)."""
    return keras.Sequential([
        keras.Input(shape=(100,), dtype="int32"),
        layers.Embedding(500, 16, name="embedding"),
        layers.GRU(8, name="gru"),
        layers.Dense(1, activation="sigmoid", name="dense"),
    ], name="gru_model")
