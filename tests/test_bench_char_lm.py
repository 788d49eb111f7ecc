"""bench/char_lm.py: chapter 07's probes run on the chapter's recipes and keep their rows.

The fast-mode run trains a tiny model for two steps on a made-up text (no data files needed);
the checks against the chapter's recorded run read bench/results.json, and the one that needs
the novel is skipped where it is not on disk.
"""

import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "bench" / "char_lm.py").read_text(encoding="utf-8")


def _chapter_row(model):
    rows = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))["models"]
    [row] = [r for r in rows if r["model"] == model and r["mode"] == "full"]
    return row


def _parse(*argv):
    import argparse

    from bench import char_lm

    parser = argparse.ArgumentParser()
    char_lm.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_the_model_and_the_pipeline_are_the_chapters_recipes():
    import recipes.char_language_model as recipe
    from bench import char_lm

    assert char_lm.build_char_lstm is recipe.build_char_lstm
    assert char_lm.make_dataset is recipe.make_dataset and char_lm.encode is recipe.encode
    retyped = re.findall(r"keras\.Sequential|layers\.\w+\(|keras\.Model\(|from_tensor_slices|"
                         r"\.shuffle\(|enumerate\(chars\)", SOURCE)
    assert not retyped, f"bench/char_lm.py retypes the chapter's model or pipeline: {retyped}"


def test_the_default_model_is_the_one_the_chapter_recorded():
    from bench import char_lm

    recorded = _chapter_row("character LSTM language model")
    args = _parse("train", "x")
    assert (args.units, args.batch, args.seq) == (recorded["units"], recorded["batch_size"],
                                                  recorded["seq_length"])
    model = char_lm.build_char_lstm(char_lm.VOCAB_SIZE, args.units, embedding_dim=args.emb)
    assert model.name == "char_lstm" and [layer.name for layer in model.layers] == ["embedding", "lstm", "logits"]
    assert model.count_params() == recorded["params"] == 1_636_432


def test_the_validation_chunks_are_the_chapters(monkeypatch):
    monkeypatch.delenv("RNNBOOK_FAST", raising=False)     # the chapter's full-mode split
    from utils import paths
    from utils.datasets import ISLAND_FILES

    if paths.find_data_file(*ISLAND_FILES) is None:
        pytest.skip("The Mysterious Island is not on disk (set RNNBOOK_DATA)")
    from bench import char_lm

    vocab_size, _, val_ids = char_lm.chapter_data()
    val_chars = sum(int(y.shape[0] * y.shape[1]) for _, y in char_lm.validation_dataset(val_ids))
    assert vocab_size == char_lm.VOCAB_SIZE
    assert val_chars == _chapter_row("character references: counting")["val_chars"] == 108_800


def test_a_fast_train_probe_writes_one_well_formed_row(tmp_path, monkeypatch):
    from bench import char_lm, store

    monkeypatch.setenv("RNNBOOK_FAST", "1")
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"models": [{"model": "kept"}]}), encoding="utf-8")
    monkeypatch.setattr(store, "RESULTS", results)
    words = "the island was not a single day or so as to go to the shore of lake grant\n"
    monkeypatch.setattr(char_lm, "load_mysterious_island", lambda: words * 1000)  # 74,000 chars

    args = _parse("train", "tiny", "--units", "8", "--emb", "4", "--batch", "4", "--seq", "20",
                  "--steps", "2", "--every", "1")
    char_lm.run(args)
    char_lm.run(args)                                  # the same run again replaces its row
    data = store.load(results)
    assert data["models"] == [{"model": "kept"}]       # nothing else is touched
    [row] = data[char_lm.KEY]
    assert (row["probe"], row["name"], row["mode"]) == ("train", "tiny", "fast")
    assert row["config"]["units"] == 8 and row["config"]["steps"] == 2
    assert [entry["step"] for entry in row["log"]] == [1, 2]
    assert row["val_loss"] == row["log"][-1]["val_loss"] and 0 < row["val_loss"] < 10
    vocab = len(set(words))
    assert row["params"] == vocab * 4 + 4 * 8 * (4 + 8 + 1) + (8 + 1) * vocab

    char_lm.run(_parse("train", "other", "--units", "8", "--emb", "4", "--batch", "4", "--seq", "20",
                       "--steps", "1", "--no-save"))
    assert [r["name"] for r in store.load(results)[char_lm.KEY]] == ["tiny"]


def test_the_clock_schedule_warms_up_then_falls_along_a_cosine_to_zero():
    from bench import char_lm

    rates = [char_lm.clock_rate(0.01, f) for f in (0.0, 0.01, 0.02, 0.5, 1.0, 1.5)]
    assert rates[0] == 0.0 and abs(rates[1] - 0.5 * 0.01 * 0.5 * (1 + math.cos(math.pi * 0.01))) < 1e-12
    assert abs(rates[2] - 0.01 * 0.5 * (1 + math.cos(math.pi * 0.02))) < 1e-12
    assert abs(rates[3] - 0.005) < 1e-12 and rates[4] == rates[5] == 0.0


def test_a_clock_probe_stops_when_its_time_is_up(tmp_path, monkeypatch):
    from bench import char_lm, store

    monkeypatch.setenv("RNNBOOK_FAST", "1")
    results = tmp_path / "results.json"
    monkeypatch.setattr(store, "RESULTS", results)
    words = "the island was not a single day or so as to go to the shore of lake grant\n"
    monkeypatch.setattr(char_lm, "load_mysterious_island", lambda: words * 1000)
    common = ("--units", "8", "--emb", "4", "--batch", "4", "--seq", "20", "--every", "10")
    with pytest.raises(SystemExit):
        char_lm.run(_parse("train", "no-budget", "--schedule", "clock", *common))
    char_lm.run(_parse("train", "clock", "--schedule", "clock", "--seconds", "1e-9", "--steps", "3", *common))
    [row] = store.load(results)[char_lm.KEY]
    assert row["config"]["schedule"] == "clock" and row["config"]["steps"] == 1   # out of time at once
    assert [entry["step"] for entry in row["log"]] == [1]
