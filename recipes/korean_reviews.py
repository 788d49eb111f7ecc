"""Recipes of Chapter 11 — Korean movie reviews: 별로지만 추천해요

Generated from chapters/11_korean_reviews.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c02
import os

import tempfile

import time

from collections import Counter

import matplotlib.pyplot as plt

import numpy as np

import keras

import sentencepiece as spm

import tensorflow as tf

from keras import layers

from sklearn.feature_extraction.text import TfidfVectorizer

from sklearn.linear_model import LogisticRegression

from sklearn.model_selection import train_test_split

from sklearn.pipeline import make_pipeline

import utils

from utils import results

from utils.datasets import load_nsmc

from utils.plotting import use_hangul_font

from utils.text import MaskedGlobalMaxPooling1D

from utils.training import EpochLog


# --- cell c23
SUBWORD_VOCAB = 16_000   # pieces SentencePiece learns (2,000 in fast mode)

SUBWORD_LENGTH = 64      # pieces kept per review

def train_sentencepiece(texts, vocab_size, folder):
    """A SentencePiece unigram model learned from `texts`; returns the processor."""
    corpus = os.path.join(folder, "reviews.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        f.write("\n".join(texts))
    prefix = os.path.join(folder, f"unigram{vocab_size}")
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=prefix, vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0,          # keep every character seen, ㅋ and ㅠ included
        pad_id=0, unk_id=1, bos_id=-1, eos_id=-1,
        hard_vocab_limit=False,          # vocab_size is a ceiling: fewer pieces are fine
        minloglevel=2)                   # no training log
    return spm.SentencePieceProcessor(model_file=prefix + ".model")

def encode_pieces(sp, texts, length):
    """Piece ids, padded and cut at the end to `length` (0 = padding)."""
    return keras.utils.pad_sequences(sp.encode(list(texts)), maxlen=length,
                                     padding="post", truncating="post")


# --- cell c32
MAX_EPOCHS = 4    # short reviews, many of them: the model overfits after a few epochs

def review_classifier(vocab_size, length, units=64, embedding_dim=64, dropout=0.3):
    """Embedding(mask_zero) -> BiGRU(return_sequences) -> [masked max, masked mean] -> sigmoid."""
    tokens = keras.Input(shape=(length,), dtype="int32", name="tokens")
    x = layers.Embedding(vocab_size, embedding_dim, mask_zero=True, name="embedding")(tokens)
    x = layers.Bidirectional(layers.GRU(units, return_sequences=True), name="bigru")(x)
    pooled = layers.Concatenate(name="pooled")([MaskedGlobalMaxPooling1D(name="max")(x),
                                                layers.GlobalAveragePooling1D(name="mean")(x)])
    pooled = layers.Dropout(dropout)(pooled)
    output = layers.Dense(1, activation="sigmoid", name="positive")(pooled)
    model = keras.Model(tokens, output)
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="binary_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    return model

def train_classifier(model, x, y, x_val, y_val, epochs):
    """The chapter's training: batches of 256, early stopping that waits one epoch and restores
    the weights of the epoch with the lowest validation loss, one log line per epoch."""
    return model.fit(
        x, y, batch_size=256, epochs=epochs, validation_data=(x_val, y_val), verbose=0,
        callbacks=[keras.callbacks.EarlyStopping(patience=1, restore_best_weights=True),
                   EpochLog(every=1)])


# --- cell c38
def char_ngram_classifier():
    """TF-IDF weighted character 1-3-grams inside words, then a logistic regression."""
    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True),
                         LogisticRegression(C=4, max_iter=1000))


# --- cell c43
def neighbours(model, sp, piece, k=6):
    """The k pieces whose embedding vectors are closest (cosine) to `piece`'s."""
    vectors = model.get_layer("embedding").embeddings.numpy()
    unit = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)
    similarity = unit @ unit[sp.piece_to_id(piece)]
    # ids 0 and 1 are padding and the unknown piece: never neighbours
    order = [i for i in np.argsort(-similarity) if i > 1 and i != sp.piece_to_id(piece)][:k]
    return [(sp.id_to_piece(int(i)), float(similarity[i])) for i in order]


# --- cell c46
def saliency(model, ids):
    """Gradient x input of the log-odds, per token of one review (ids: 1-D, 0 = padding),
    and the probability of "positive"."""
    ids = tf.constant(ids[None, :])
    mask = tf.not_equal(ids, 0)
    vectors = model.get_layer("embedding")(ids)      # the gradient cannot reach integer ids
    with tf.GradientTape() as tape:
        tape.watch(vectors)
        x = model.get_layer("bigru")(vectors, mask=mask)
        pooled = model.get_layer("pooled")([model.get_layer("max")(x, mask=mask),
                                            model.get_layer("mean")(x, mask=mask)])
        p = model.get_layer("positive")(pooled)[0, 0]  # dropout is off outside training
        log_odds = tf.math.log(p) - tf.math.log(1 - p)
    grad = tape.gradient(log_odds, vectors)
    return tf.reduce_sum(grad * vectors, axis=-1)[0].numpy()[mask.numpy()[0]], float(p)
