"""Chapter 8's day-ahead demand forecast over several seeds.

    python -m bench forecast --seeds 3         # about half an hour on a 2-core CPU

The baselines (naive, seasonal naive, ridge regression) once, then the dense network and the
recurrent ones (SimpleRNN, LSTM, GRU, many-to-many GRU) once per seed 1 … N, each trained as
the chapter trains it. Every piece — features, windows, baselines, models, training, the MAE —
is the chapter's own, imported from ``recipes.time_series``. Saved under ``seeds_forecast``:
``{"baselines": {name: row}, "models": {name: {"runs": [row, …], "val_mean", "val_stdev",
"test_mean", "test_stdev"}}}``, a row holding the day-ahead MAE in MW (averaged over the 48
horizons) on validation and test and the test MAE 30 minutes and 24 hours ahead.

Fast mode (``RNNBOOK_FAST=1``) trains 2 epochs a model to try the code; its numbers are not
written into the committed results file.
"""

from __future__ import annotations

import statistics
import time

from bench import store

#: The key of ``bench/results.json`` this study writes.
KEY = "seeds_forecast"
#: The many-to-many model, trained after the chapter's sequence-to-vector networks.
MANY_TO_MANY = "many-to-many GRU(32)"
SPLITS = ("validation", "test")


def add_arguments(parser) -> None:
    parser.add_argument("--seeds", type=int, default=3,
                        help="train each network with seeds 1 … N (default 3)")


def row(e_val, e_test) -> dict:
    """The day-ahead MAE (MW) on validation and test, and on test at 30 minutes and 24 hours."""
    return {"val_mae": round(float(e_val.mean()), 1), "test_mae": round(float(e_test.mean()), 1),
            "test_mae_30min": round(float(e_test[0]), 1), "test_mae_24h": round(float(e_test[-1]), 1)}


def prepare() -> dict:
    """The chapter's series, features, targets and windows: what every part of the study reads."""
    from recipes import time_series as ts

    demand = ts.load_taylor().astype("float32")
    splits = ts.split_by_time(len(demand))
    features, mean, std = ts.demand_features(demand, splits["train"][1])
    change = ts.day_ahead_change(demand, std)
    starts = {name: ts.window_starts(*bounds) for name, bounds in splits.items()}
    return {"demand": demand, "splits": splits, "mean": mean, "std": std, "change": change,
            "features": features, "starts": starts,
            "inputs": {name: ts.window_inputs(features, s) for name, s in starts.items()},
            "truth": {name: ts.truth_mw(demand, s) for name, s in starts.items()}}


def baselines(d: dict) -> dict:
    """The forecasts that need no training, and ridge regression with alpha chosen on validation."""
    from recipes import time_series as ts

    inputs, truth, mean, std = d["inputs"], d["truth"], d["mean"], d["std"]
    errors = {}
    for split in SPLITS:
        for name, forecast in ts.baseline_forecasts(d["demand"], d["starts"][split]).items():
            errors.setdefault(name, {})[split] = ts.mae(forecast, truth[split])
    out = {name: row(e["validation"], e["test"]) for name, e in errors.items()}

    def ridge_errors(model, split):
        return ts.mae(ts.to_mw(model.predict(ts.flat(inputs[split])), inputs[split], mean, std),
                      truth[split])

    ridge, _ = ts.best_ridge(ts.flat(inputs["train"]), d["change"][d["starts"]["train"] + ts.WINDOW - 1],
                             lambda model: ridge_errors(model, "validation").mean())
    out["linear (ridge)"] = dict(row(*(ridge_errors(ridge, s) for s in SPLITS)), alpha=ridge.alpha)
    return out


def build(name: str):
    """A fresh network of the chapter by name. For the sequence-to-vector ones the cores of all
    four networks are built first, in the chapter's order, and the named one is used: the seed
    study has always drawn its layers' initial weights that way, so seed N gives the same network
    as in the committed results."""
    from recipes import time_series as ts

    if name == MANY_TO_MANY:
        return ts.many_to_many_gru()
    cores = {n: ts.core(n) for n in ts.NETWORKS}
    return ts.seq2vec(cores[name])


def seed_runs(d: dict, name: str, seeds: int) -> dict:
    """Train network ``name`` once per seed 1 … seeds; its runs and their mean and spread."""
    import keras
    from recipes import time_series as ts

    every = name == MANY_TO_MANY
    # sequence-to-vector: the 48 changes of each window's last half hour; many-to-many: of each
    targets = ts.every_step_targets(d["change"]) if every else d["change"][ts.WINDOW - 1:]
    train_ds = ts.windows(d["features"], targets, d["starts"]["train"], shuffle=True)
    val_ds = ts.windows(d["features"], targets, d["starts"]["validation"])
    runs = []
    for seed in range(1, seeds + 1):
        keras.utils.set_random_seed(seed)
        model = build(name)
        start = time.perf_counter()
        history = ts.fit_forecaster(model, train_ds, val_ds)
        e = ts.forecast_errors(model, d["inputs"], d["truth"], d["mean"], d["std"], last_step=every)
        r = dict(row(e["validation"], e["test"]), seed=seed, epochs_run=len(history.epoch),
                 seconds=round(time.perf_counter() - start, 1))
        print(f"  {name}, seed {seed}: day-ahead MAE validation {r['val_mae']:.0f} MW, "
              f"test {r['test_mae']:.0f} MW after {r['epochs_run']} epochs", flush=True)
        runs.append(r)
    out = {"runs": runs}
    for key in ("val", "test"):
        values = [r[f"{key}_mae"] for r in runs]
        out[f"{key}_mean"] = round(statistics.mean(values), 1)
        out[f"{key}_stdev"] = round(statistics.stdev(values), 1) if len(values) > 1 else 0.0
    return out


def study(seeds: int) -> dict:
    """The whole study: ``{"baselines": …, "models": …}`` as saved under :data:`KEY`."""
    from recipes import time_series as ts

    d = prepare()
    result = {"baselines": baselines(d), "models": {}}
    for name in (*ts.NETWORKS, MANY_TO_MANY):
        result["models"][name] = seed_runs(d, name, seeds)
    return result


def run(args) -> None:
    import utils

    if args.seeds < 1:
        raise SystemExit("--seeds must be 1 or more")
    fast = utils.is_fast()
    print(f"chapter 8's forecast: {args.seeds} seed(s), {'fast' if fast else 'full'} mode", flush=True)
    result = study(args.seeds)
    store.save_study(KEY, result, fast)
