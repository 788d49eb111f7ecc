"""Recipes of Chapter 10 — Attention and the Transformer

Generated from chapters/10_attention_transformer.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c002
import re

import time

import matplotlib

import matplotlib.pyplot as plt

import numpy as np

import tensorflow as tf

import keras

from keras import layers

from sklearn.model_selection import train_test_split

from recipes.beyond_the_book import make_dataset, make_vectorizer

import utils

from utils import params, results

from utils.datasets import load_imdb_text

from utils.text import AttentionPooling, PositionEmbedding, standardize

from utils.training import EpochLog


# --- cell c006
VOCAB_SIZE = 20_000   # the most frequent words kept

LENGTH = 200          # tokens per review


# --- cell c008
DIM = 32     # numbers per word vector

UNITS = 32   # units of each recurrent layer

def token_ids(name):
    ids = keras.Input(shape=(None,), dtype="int64", name="ids")
    return ids, layers.Embedding(VOCAB_SIZE, DIM, mask_zero=True, name="tokens")(ids)

def classifier(ids, x, name):
    return keras.Model(ids, layers.Dense(1, activation="sigmoid", name="output")(x), name=name)

def lstm_model():
    ids, x = token_ids("lstm")
    return classifier(ids, layers.LSTM(UNITS, name="lstm")(x), "lstm")

def gru_model():
    ids, x = token_ids("gru")
    return classifier(ids, layers.GRU(UNITS, name="gru")(x), "gru")

def attention_model():
    ids, x = token_ids("bilstm_attention")
    states = layers.Bidirectional(layers.LSTM(UNITS, return_sequences=True), name="bilstm")(x)
    return classifier(ids, AttentionPooling(UNITS, name="attention_pooling")(states), "bilstm_attention")

def transformer_model(max_length=LENGTH, heads=2, ff_units=64):
    ids, x = token_ids("transformer")
    x = PositionEmbedding(max_length, name="positions")(x)
    attended = layers.MultiHeadAttention(num_heads=heads, key_dim=DIM // heads,
                                         name="self_attention")(x, x)
    x = layers.LayerNormalization(name="norm_1")(layers.Add(name="residual_1")([x, attended]))
    ff = layers.Dense(ff_units, activation="relu", name="feed_forward_1")(x)
    ff = layers.Dense(DIM, name="feed_forward_2")(ff)
    x = layers.LayerNormalization(name="norm_2")(layers.Add(name="residual_2")([x, ff]))
    return classifier(ids, layers.GlobalAveragePooling1D(name="average")(x), "transformer")
