"""Recipes of Chapter 12 — Sequence to sequence: translating Korean dates

Generated from chapters/12_sequence_to_sequence.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c02
import datetime

import numbers

import time

import matplotlib.pyplot as plt

import numpy as np

import keras

from keras import layers

import utils

from utils import params, results

from utils.plotting import use_hangul_font

from utils.training import EpochLog


# --- cell c04
DIGIT_WORDS = "일이삼사오육칠팔구"                      # 1 to 9

PLACE_WORDS = ((1000, "천"), (100, "백"), (10, "십"))

IRREGULAR_MONTHS = {6: "유월", 10: "시월"}             # not 육월 and 십월

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

FIRST_DAY = datetime.date(1, 1, 1)                     # Python's dates: years 1 to 9999

LAST_DAY = datetime.date(9999, 12, 31)

def sino_korean(n):
    """A whole number from 1 to 9999 in Sino-Korean words: 2026 -> 이천이십육."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"sino_korean needs a whole number, got {n!r} ({type(n).__name__})")
    if not 1 <= n <= 9999:
        raise ValueError(f"sino_korean reads 1 to 9999 (the years of Python's dates), got {n}")
    words = ""
    for place, word in PLACE_WORDS:
        digit = n // place % 10
        if digit:
            words += ("" if digit == 1 else DIGIT_WORDS[digit - 1]) + word
    if n % 10:
        words += DIGIT_WORDS[n % 10 - 1]
    return words

def _check_date(date):
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise TypeError(f"expected a datetime.date such as datetime.date(2026, 7, 12), got {date!r}")

def korean_date(date):
    """The source sentence: datetime.date(2026, 7, 12) -> 이천이십육년 칠월 십이일."""
    _check_date(date)
    month = IRREGULAR_MONTHS.get(date.month, sino_korean(date.month) + "월")
    return f"{sino_korean(date.year)}년 {month} {sino_korean(date.day)}일"

def english_date(date):
    """The target sentence: datetime.date(2026, 7, 12) -> July 12, 2026."""
    _check_date(date)
    return f"{MONTH_NAMES[date.month - 1]} {date.day}, {date.year}"

def random_dates(count, seed):
    """`count` different dates, drawn uniformly from 1 January 1 to 31 December 9999."""
    days = LAST_DAY.toordinal() - FIRST_DAY.toordinal() + 1
    if isinstance(count, bool) or not isinstance(count, numbers.Integral) or not 1 <= count <= days:
        raise ValueError(f"count must be a whole number from 1 to {days:,} (the days there are), "
                         f"got {count!r}")
    rng = np.random.default_rng(seed)
    picks = rng.choice(days, size=count, replace=False) + FIRST_DAY.toordinal()
    return [datetime.date.fromordinal(int(day)) for day in picks]


# --- cell c09
LONG = 16      # inputs of this many characters or more are held out of training

def split_by_length(sources, n_train, n_val, n_test):
    """Indices of the training, validation and test sentences (all shorter than LONG
    characters) and of the longer test set (LONG or more), in the order given."""
    lengths = np.char.str_len(np.asarray(sources, dtype=str))
    short, long_ = np.flatnonzero(lengths < LONG), np.flatnonzero(lengths >= LONG)
    if len(short) < n_train + n_val + n_test or len(long_) < n_test:
        raise ValueError(f"{len(sources):,} sentences are too few for {n_train:,} + {n_val:,} + "
                         f"{n_test:,} short and {n_test:,} long ones: draw more dates")
    ends = np.cumsum([n_train, n_val, n_test])
    return short[:ends[0]], short[ends[0]:ends[1]], short[ends[1]:ends[2]], long_[:n_test]


# --- cell c13
SOURCE_VOCAB = ["", *sorted(set(" " + DIGIT_WORDS + "십백천년월유시"))]

TARGET_VOCAB = ["", "[start]", "[end]", *sorted(set("".join(MONTH_NAMES) + "0123456789, "))]

START, END = TARGET_VOCAB.index("[start]"), TARGET_VOCAB.index("[end]")

SOURCE_LENGTH = 17     # 구천구백구십구년 십이월 이십구일, the longest input

TARGET_LENGTH = 19     # "September 29, 9999" (18 characters) and [start] or [end]

def encode_sources(texts, length=SOURCE_LENGTH):
    """Korean dates -> character ids, padded with 0 at the end to `length`."""
    if isinstance(texts, str):
        raise TypeError(f"encode_sources takes a list of sentences; wrap one in a list: [{texts!r}]")
    texts = list(texts)
    if not texts:
        raise ValueError("encode_sources got no sentences: there is nothing to translate")
    ids = np.zeros((len(texts), length), dtype="int32")
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"sentence {i} is empty ({text!r}): there is nothing to translate")
        if len(text) > length:
            raise ValueError(f"sentence {i} ({text!r}) has {len(text)} characters; the model "
                             f"reads at most {length}")
        for j, char in enumerate(text):
            if char not in SOURCE_VOCAB[1:]:
                raise ValueError(f"sentence {i} ({text!r}) has {char!r} at position {j}, a character "
                                 f"the model has never seen; it reads only {''.join(SOURCE_VOCAB[1:])!r}"
                                 " (write numbers in Sino-Korean words: 2026년 -> 이천이십육년)")
            ids[i, j] = SOURCE_VOCAB.index(char)
    return ids

def encode_targets(texts, length=TARGET_LENGTH):
    """English dates -> (decoder input, decoder target): [start] + text and text + [end]."""
    decoder_input = np.zeros((len(texts), length), dtype="int32")
    decoder_target = np.zeros((len(texts), length), dtype="int32")
    for i, text in enumerate(texts):
        ids = [TARGET_VOCAB.index(char) for char in text]
        if len(ids) + 1 > length:
            raise ValueError(f"target {i} ({text!r}) needs {len(ids) + 1} steps; at most {length}")
        decoder_input[i, :len(ids) + 1] = [START] + ids
        decoder_target[i, :len(ids) + 1] = ids + [END]
    return decoder_input, decoder_target

def decode_target(ids):
    """Target ids -> text, up to the first [end] (padding and [start] are skipped)."""
    chars = []
    for i in ids:
        if i == END:
            break
        if i > END:
            chars.append(TARGET_VOCAB[i])
    return "".join(chars)


# --- cell c19
UNITS = 128          # size of both GRUs' state

EMBEDDING_DIM = 32

def translator(attention, units=UNITS, embedding_dim=EMBEDDING_DIM, learning_rate=2e-3):
    """The encoder-decoder for training: inputs (source ids, decoder input), output the
    probabilities of each target character. `attention=True` adds AdditiveAttention."""
    source = keras.Input(shape=(SOURCE_LENGTH,), dtype="int32", name="source")
    decoder_input = keras.Input(shape=(TARGET_LENGTH,), dtype="int32", name="decoder_input")
    x = layers.Embedding(len(SOURCE_VOCAB), embedding_dim, mask_zero=True,
                         name="source_embedding")(source)
    encoder_states, encoder_state = layers.GRU(units, return_sequences=True, return_state=True,
                                               name="encoder")(x)
    y = layers.Embedding(len(TARGET_VOCAB), embedding_dim, mask_zero=True,
                         name="target_embedding")(decoder_input)
    decoder_states, _ = layers.GRU(units, return_sequences=True, return_state=True,
                                   name="decoder")(y, initial_state=encoder_state)
    if attention:
        # The weights are asked for here too, though training does not use them: in Keras 3
        # a layer's later call (the inference model's) cannot return them if its first did not.
        context, _ = layers.AdditiveAttention(name="attention")(
            [decoder_states, encoder_states], return_attention_scores=True)
        decoder_states = layers.Concatenate(name="state_and_context")([decoder_states, context])
    probabilities = layers.Dense(len(TARGET_VOCAB), activation="softmax",
                                 name="readout")(decoder_states)
    model = keras.Model([source, decoder_input], probabilities,
                        name="with_attention" if attention else "without_attention")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", weighted_metrics=["accuracy"])
    return model


# --- cell c24
MAX_EPOCHS = 30

MIN_DELTA = 1e-4     # a smaller fall of the validation loss does not count as an improvement

def train_translator(model, x, y_in, y_out, x_val, y_val_in, y_val_out, epochs, log_every=5):
    """Teacher forcing: (source, decoder input) -> decoder target; padding weighs 0."""
    return model.fit(
        [x, y_in], y_out, sample_weight=(y_out > 0).astype("float32"),
        validation_data=([x_val, y_val_in], y_val_out, (y_val_out > 0).astype("float32")),
        batch_size=128, epochs=epochs, verbose=0,
        callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                                 min_delta=MIN_DELTA, restore_best_weights=True),
                   EpochLog(every=log_every, min_delta=MIN_DELTA)])


# --- cell c27
def inference_models(model):
    """(encoder, decoder step) sharing the trained layers of `model`.

    encoder: source ids -> (encoder states at every step, final state).
    step: [previous token (n, 1), state (n, units)] (+ [encoder states, source ids] with
    attention) -> [probabilities (n, 1, vocabulary), new state] (+ [attention weights])."""
    units = model.get_layer("encoder").units
    encoder = keras.Model(model.inputs[0], model.get_layer("encoder").output, name="encoder")
    token = keras.Input(shape=(1,), dtype="int32", name="previous_token")
    state = keras.Input(shape=(units,), name="previous_state")
    y = model.get_layer("target_embedding")(token)
    decoder_state, new_state = model.get_layer("decoder")(y, initial_state=state)
    inputs, extra = [token, state], []
    if "attention" in [layer.name for layer in model.layers]:
        # The step also reads the encoder's states, and the source ids for their mask: an
        # Input carries no mask, so the padding of the source is masked by hand here.
        encoder_states = keras.Input(shape=(SOURCE_LENGTH, units), name="encoder_states")
        source = keras.Input(shape=(SOURCE_LENGTH,), dtype="int32", name="source_ids")
        # A copy of the trained attention layer (it has no weights but its scale): Keras 3.13
        # cannot call a layer that has been trained like this once more with a mask.
        trained = model.get_layer("attention")
        attention = layers.AdditiveAttention(use_scale=trained.use_scale, name="attention")
        context, weights = attention(
            [decoder_state, encoder_states], mask=[None, keras.ops.not_equal(source, 0)],
            return_attention_scores=True)
        attention.set_weights(trained.get_weights())
        decoder_state = model.get_layer("state_and_context")([decoder_state, context])
        inputs, extra = inputs + [encoder_states, source], [weights]
    probabilities = model.get_layer("readout")(decoder_state)
    step = keras.Model(inputs, [probabilities, new_state] + extra, name="decoder_step")
    return encoder, step

def _check_max_length(max_length):
    if isinstance(max_length, bool) or not isinstance(max_length, numbers.Integral) or max_length < 1:
        raise ValueError(f"max_length must be a whole number of steps ≥ 1, got {max_length!r}")

def greedy_decode(encoder, step, texts, max_length=TARGET_LENGTH):
    """Translate `texts`, taking the most probable character at every step.
    Returns the translations and, with attention, the weights (sentence, step, input char)."""
    _check_max_length(max_length)
    source = encode_sources(texts)
    encoder_states, state = (keras.ops.convert_to_numpy(t) for t in encoder(source))
    attending = len(step.inputs) == 4        # an attention model's step also takes those two
    token = np.full((len(source), 1), START, dtype="int32")
    written, weights = [], []
    for _ in range(max_length):
        outputs = step([token, state] + ([encoder_states, source] if attending else []))
        probabilities, state = (keras.ops.convert_to_numpy(t) for t in outputs[:2])
        probabilities[:, -1, [0, START]] = 0                  # never write padding or [start]
        token = np.argmax(probabilities[:, -1], axis=-1)
        token = token.astype("int32")[:, None]
        written.append(token[:, 0])
        if attending:
            weights.append(keras.ops.convert_to_numpy(outputs[2])[:, 0])
        if (np.stack(written) == END).any(axis=0).all():      # every sentence has ended
            break
    texts_out = [decode_target(row) for row in np.stack(written, axis=1)]
    return texts_out, (np.stack(weights, axis=1) if attending else None)


# --- cell c43
def beam_search(encoder, step, text, width=4, max_length=TARGET_LENGTH):
    """The `width` best translations of one sentence: [(text, log-probability)], best first."""
    _check_max_length(max_length)
    if isinstance(width, bool) or not isinstance(width, numbers.Integral) or width < 1:
        raise ValueError(f"width must be a whole number ≥ 1, got {width!r}")
    source = encode_sources([text])
    encoder_states, state = (keras.ops.convert_to_numpy(t) for t in encoder(source))
    attending = len(step.inputs) == 4
    beams = [((START,), 0.0, state[0])]         # (tokens so far, log-probability, state)
    # Each step extends every beam by its `width` most probable characters only: no other
    # extension of it could be among the `width` best overall.
    finished = []
    for _ in range(max_length):
        tokens = np.array([[b[0][-1]] for b in beams], dtype="int32")
        states = np.stack([b[2] for b in beams])
        extra = ([np.repeat(encoder_states, len(beams), axis=0), np.repeat(source, len(beams), axis=0)]
                 if attending else [])
        outputs = step([tokens, states] + extra)
        log_p = np.log(keras.ops.convert_to_numpy(outputs[0])[:, -1] + 1e-12)
        log_p[:, [0, START]] = -np.inf                        # never write padding or [start]
        new_states = keras.ops.convert_to_numpy(outputs[1])
        candidates = [(tokens_so_far + (int(t),), score + float(log_p[b, t]), new_states[b])
                      for b, (tokens_so_far, score, _) in enumerate(beams)
                      for t in np.argsort(log_p[b])[-width:]]
        candidates.sort(key=lambda c: -c[1])
        beams = []
        for candidate in candidates[:width]:
            (finished if candidate[0][-1] == END else beams).append(candidate)
        if not beams or (finished and max(f[1] for f in finished) >= beams[0][1]):
            break
    ranked = sorted(finished + beams, key=lambda c: -c[1])[:width]
    return [(decode_target(tokens[1:]), score) for tokens, score, _ in ranked]
