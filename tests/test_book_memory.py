"""tools/book_memory.py: the straight-line scaling of measured peaks (no TensorFlow run here)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import book_memory  # noqa: E402


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
