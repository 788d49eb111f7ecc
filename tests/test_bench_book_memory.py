"""bench/book_memory.py: the straight-line scaling of measured peaks, the model it measures and
where it saves the estimate (no TensorFlow training here)."""

import json

import pytest

from bench import book_memory, store


def test_line_recovers_slope_and_intercept():
    slope, intercept = book_memory.line([(100, 1300.0), (200, 2300.0), (400, 4300.0)])
    assert slope == pytest.approx(10.0) and intercept == pytest.approx(300.0)


def test_line_least_squares_through_noisy_points():
    slope, intercept = book_memory.line([(0, 1.0), (1, 2.0), (2, 2.0), (3, 4.0)])
    assert slope == pytest.approx(0.9) and intercept == pytest.approx(0.9)


@pytest.mark.parametrize("points", [[], [(1, 2.0)], [(1, 2.0), (1, 3.0)]])
def test_line_needs_two_different_x(points):
    with pytest.raises(ValueError, match="two points"):
        book_memory.line(points)


def _run(n_train, fixed, per_review_arrays, per_review_fit):
    n = n_train + n_train // 4
    return {"train_reviews": n_train, "val_reviews": n_train // 4, "dtype": "float64",
            "array_bytes": 400_000 * n, "peak_before_arrays": fixed,
            "peak_after_arrays": fixed + per_review_arrays * n,
            "peak_after_fit": fixed + 100 + per_review_fit * n}


def test_scale_extrapolates_to_all_reviews():
    runs = [_run(n, 700e6, 400e3, 760e3) for n in (100, 250, 400)]
    out = book_memory.scale(runs, reviews=25_000)
    assert out["array_bytes_per_review"] == 400_000
    assert out["peak_bytes_per_review_arrays"] == pytest.approx(400e3)
    assert out["peak_bytes_per_review_fit"] == pytest.approx(760e3)
    assert out["fixed_bytes"] == pytest.approx(700e6 + 100)
    assert out["estimated_peak_arrays"] == pytest.approx(700e6 + 400e3 * 25_000)
    assert out["estimated_peak_fit"] == pytest.approx(700e6 + 100 + 760e3 * 25_000)


def test_peak_bytes_is_this_process_in_bytes():
    peak = book_memory._peak_bytes()
    assert isinstance(peak, int) and 10 * 2**20 < peak < 64 * 2**30   # a Python process: MBs to GBs


def test_the_measured_model_is_chapter_4s_model_on_one_hot_arrays():
    pytest.importorskip("keras")
    from recipes.simplernn_one_hot import simplernn_one_hot

    model, chapter = book_memory.book_model(), simplernn_one_hot()
    assert model.input_shape == (None, 100, 500)
    assert [type(layer).__name__ for layer in model.layers] == ["SimpleRNN", "Dense"]
    assert model.count_params() == chapter.count_params() == 4_081


def _measured(gb64, gb32):
    return {"float64": {"estimated_peak_fit": gb64 * 1e9, "peak_bytes_per_review_fit": 781_234.5},
            "float32": {"estimated_peak_fit": gb32 * 1e9, "peak_bytes_per_review_fit": 521_000.0}}


@pytest.fixture
def results_file(tmp_path, monkeypatch):
    path = tmp_path / "results.json"
    monkeypatch.setattr(store, "RESULTS", path)
    return path


def test_the_estimate_is_saved_as_chapter_04s_row_where_the_report_finds_it(results_file):
    others = [{"chapter": "04_simplernn_one_hot.ipynb", "model": "a model", "kind": "model"},
              {"chapter": "05_embedding_simplernn.ipynb", "model": "another", "kind": "model"}]
    results_file.write_text(json.dumps({"models": others, "seeds": {"kept": 1}}))
    assert book_memory.save(book_memory.row(_measured(20.36361, 13.84), "full"))
    data = json.loads(results_file.read_text())
    assert data["seeds"] == {"kept": 1}
    assert [r["model"] for r in data["models"]] == ["a model", book_memory.MODEL, "another"]
    saved = data["models"][1]
    assert saved == {"chapter": "04_simplernn_one_hot.ipynb", "model": book_memory.MODEL,
                     "mode": "full", "float64_gb": 20.3636, "float32_gb": 13.84,
                     "float64_mb_per_review": 0.7812, "float32_mb_per_review": 0.521,
                     "kind": "book_memory"}

    assert book_memory.save(book_memory.row(_measured(21.0, 14.0), "full"))     # replaced, not added
    rows = [r for r in json.loads(results_file.read_text())["models"] if r["kind"] == "book_memory"]
    assert len(rows) == 1 and rows[0]["float64_gb"] == 21.0


def test_a_fast_estimate_never_replaces_a_full_one(results_file):
    assert book_memory.save(book_memory.row(_measured(20.0, 13.0), "full"))
    assert not book_memory.save(book_memory.row(_measured(1.0, 1.0), "fast"))
    rows = json.loads(results_file.read_text())["models"]
    assert [(r["mode"], r["float64_gb"]) for r in rows] == [("full", 20.0)]


def test_measure_runs_each_subset_in_a_fresh_process():
    np = pytest.importorskip("numpy")
    pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    seq = rng.integers(0, 500, size=(8, 100)).astype("int32")
    target = rng.integers(0, 2, size=8)
    out = book_memory.measure(seq, seq[:2], target, target[:2], train_reviews=(4, 8), dtype="float32")
    assert [(r["train_reviews"], r["val_reviews"], r["dtype"]) for r in out["runs"]] == \
        [(4, 1, "float32"), (8, 2, "float32")]
    assert out["array_bytes_per_review"] == 100 * 500 * 4
    assert all(r["peak_after_fit"] >= r["peak_after_arrays"] >= r["peak_before_arrays"] > 0
               for r in out["runs"])
