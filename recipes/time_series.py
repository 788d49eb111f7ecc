"""Recipes of Chapter 8 — Forecasting a real time series

Generated from chapters/08_time_series.ipynb (its cells tagged "recipe") by tools/export_recipes.py.
Do not edit: change the chapter and run `python tools/export_recipes.py`.
"""

# --- cell c002
import matplotlib.pyplot as plt

import numpy as np

import pandas as pd

import keras

from keras import layers

from sklearn.linear_model import Ridge

from pmdarima.datasets import load_taylor

from bokeh_sampledata import stocks as stock_data

import utils

from utils import results

from utils.training import EpochLog


# --- cell c009
def split_by_time(n):
    """The first 70% of n half hours for training, the next 15% for validation, the last 15% for
    testing: {split: (first, last)}, the half hours first … last − 1."""
    train_end, val_end = int(0.7 * n), int(0.85 * n)
    return {"train": (0, train_end), "validation": (train_end, val_end), "test": (val_end, n)}

def demand_features(demand, train_end):
    """Ten features per half hour: the demand scaled with the training mean and standard deviation,
    the time of day (sin, cos) and the weekday one-hot. Returns the features, the mean and the std."""
    mean, std = demand[:train_end].mean(), demand[:train_end].std()
    half_hour = np.arange(len(demand))
    angle = 2 * np.pi * (half_hour % 48) / 48
    weekday = (half_hour // 48) % 7                  # 0 = Monday: the series starts on a Monday
    features = np.column_stack([(demand - mean) / std, np.sin(angle), np.cos(angle),
                                np.eye(7)[weekday]]).astype("float32")
    return features, mean, std


# --- cell c013
WINDOW = 48                                      # one day in,

HORIZON = 48                                     # the next day out

def day_ahead_change(demand, std):
    """change[t, k-1] = (demand[t + k] - demand[t + k - WINDOW]) / std, k = 1 … HORIZON: the targets of
    a forecast made at the end of half hour t, as changes from the day before (NaN: unknown)."""
    n = len(demand)
    change = np.full((n, HORIZON), np.nan, dtype="float32")
    for k in np.arange(1, HORIZON + 1):
        t = np.arange(WINDOW - k, n - k)
        change[t, k - 1] = (demand[t + k] - demand[t + k - WINDOW]) / std
    return change

def window_starts(first, last):
    """The start s of every window whose forecast, half hours s + WINDOW … s + WINDOW + HORIZON - 1,
    lies in [first, last). None starts on the first day (s ≥ WINDOW): every half hour of a window
    has a day before it."""
    return np.arange(max(first - WINDOW, WINDOW), last - WINDOW - HORIZON + 1)

def windows(features, targets, starts, shuffle=False, batch_size=64):
    """The windows of WINDOW half hours of `features` that start at `starts`, each with targets[start]."""
    return keras.utils.timeseries_dataset_from_array(
        features, targets, sequence_length=WINDOW, start_index=starts[0],
        end_index=starts[-1] + WINDOW, shuffle=shuffle, seed=42, batch_size=batch_size)

def window_inputs(features, starts):
    """The same windows as one array (count, WINDOW, features), to evaluate a model in one call."""
    return features[starts[:, None] + np.arange(WINDOW)]

def truth_mw(demand, starts):
    """The measured demand (MW) each window forecasts: the HORIZON half hours after it."""
    return demand[starts[:, None] + WINDOW + np.arange(HORIZON)]


# --- cell c015
def mae(forecast_mw, truth):
    """MAE in MW at each of the 48 horizons."""
    return np.abs(forecast_mw - truth).mean(axis=0)

def to_mw(predicted_change, inputs, mean, std):
    """Forecast in MW: the window's demand (same half hour yesterday) plus the predicted change."""
    return inputs[:, :, 0] * std + mean + predicted_change * std

def baseline_forecasts(demand, starts):
    """The forecasts (MW) that need no training, for the windows starting at `starts`."""
    tomorrow = starts[:, None] + WINDOW + np.arange(HORIZON)       # the half hours forecast
    return {"naive (last value)": np.repeat(demand[starts + WINDOW - 1][:, None], HORIZON, axis=1),
            "seasonal naive: yesterday": demand[tomorrow - 48],
            "seasonal naive: last week": demand[tomorrow - 7 * 48]}

def flat(x):
    """Windows (count, 48, 10) as rows of 480 numbers, for a linear model."""
    return x.reshape(len(x), -1)

def best_ridge(x_train, y_train, validation_mae, alphas=(0.1, 1.0, 10.0, 100.0)):
    """A ridge regression for each alpha; returns the one whose validation_mae(model) is lowest,
    and {alpha: validation MAE}."""
    fits = {alpha: Ridge(alpha=alpha).fit(x_train, y_train) for alpha in alphas}
    scores = {alpha: validation_mae(fit) for alpha, fit in fits.items()}
    return fits[min(scores, key=scores.get)], scores


# --- cell c017
def fit_forecaster(model, train_ds, val_ds, callbacks=()):
    """Adam, the MAE as the loss, early stopping on the validation loss with the best weights restored."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mae",
                  jit_compile=utils.jit_compile())
    stop = keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)
    return model.fit(train_ds, validation_data=val_ds, epochs=utils.epochs(150),
                     shuffle=False,  # the training windows are shuffled by the dataset
                     callbacks=[stop, *callbacks], verbose=0)

def forecast_errors(model, inputs, truth, mean, std, last_step=False):
    """A trained model's MAE (MW) at each horizon on validation and test."""
    out = {}
    for split in ("validation", "test"):
        predicted = np.asarray(model(inputs[split], training=False))
        predicted = predicted[:, -1] if last_step else predicted      # many-to-many: last step
        out[split] = mae(to_mw(predicted, inputs[split], mean, std), truth[split])
    return out

def train(model, name, data, errors, inputs, truth, mean, std, last_step=False):
    """Train with early stopping; record the MAE at each horizon (MW) on validation and test."""
    with results.timer() as t:
        history = fit_forecaster(model, *data, callbacks=[EpochLog(every=25)])
    errors[name] = forecast_errors(model, inputs, truth, mean, std, last_step)
    e = errors[name]
    print(f"{name}: day-ahead MAE validation {e['validation'].mean():,.0f} MW, "
          f"test {e['test'].mean():,.0f} MW ({model.count_params():,} parameters, {t.seconds:.0f} s)")
    return results.record(f"demand next 24 h: {name}", history, params=model.count_params(),
                          val_mae=float(e["validation"].mean()), test_mae=float(e["test"].mean()),
                          test_mae_30min=float(e["test"][0]), test_mae_24h=float(e["test"][47]),
                          seconds=t.seconds)

def seq2vec(core):
    return keras.Sequential([keras.Input(shape=(WINDOW, 10)), *core,
                             layers.Dense(HORIZON, name="forecast")])

NETWORKS = ("dense", "SimpleRNN(32)", "LSTM(32)", "GRU(32)")

def core(name):
    """The layers between the window and the forecast of each network in NETWORKS."""
    if name == "dense":
        return [layers.Flatten(), layers.Dense(64, activation="relu", name="hidden")]
    if name == "SimpleRNN(32)":
        return [layers.SimpleRNN(32, name="simple_rnn")]
    if name == "LSTM(32)":
        return [layers.LSTM(32, name="lstm")]
    if name == "GRU(32)":
        return [layers.GRU(32, name="gru")]
    raise ValueError(f"no network named {name!r}; the networks are {NETWORKS}")


# --- cell c019
def every_step_targets(change):
    """The many-to-many targets: for the window that starts at s, the 48 changes of each of its half
    hours, change[s] … change[s + WINDOW - 1]; shape (windows, WINDOW, HORIZON)."""
    return np.lib.stride_tricks.sliding_window_view(change, WINDOW, axis=0).transpose(0, 2, 1)

def many_to_many_gru():
    return keras.Sequential([keras.Input(shape=(WINDOW, 10)),
                             layers.GRU(32, return_sequences=True, name="gru"),
                             layers.Dense(HORIZON, name="forecast")])
