"""utils.plotting.use_hangul_font: Hangul renders, with no missing-glyph warning."""

import importlib.util
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest

from utils import plotting

TEXT = "별로지만 추천해요 − 10%"     # Hangul, Latin, the minus sign, digits


def _draw(text: str) -> list[str]:
    """Draw ``text`` as title, label and tick label; return the warnings Matplotlib gave."""
    fig, ax = plt.subplots()
    ax.set_title(text)
    ax.set_xlabel(text)
    ax.set_xticks([0.5], [text])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
        fig.savefig(__import__("io").BytesIO(), format="svg")
    plt.close(fig)
    return [str(w.message) for w in caught]


def test_matplotlib_alone_has_no_hangul():          # the check below can fail
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        assert any("missing from font" in m for m in _draw(TEXT))


def test_hangul_renders_without_missing_glyphs():
    with matplotlib.rc_context():
        families = plotting.use_hangul_font()
        assert families[-1] == plotting.HANGUL_FONT
        assert not [m for m in _draw(TEXT) if "missing from font" in m]


def test_latin_keeps_the_books_font():
    from matplotlib import font_manager
    with matplotlib.rc_context():
        plotting.use_hangul_font()
        first = font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
        assert "DejaVuSans" in font_manager.findfont(first).replace(" ", "")


def test_a_missing_font_package_says_what_to_install(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(ModuleNotFoundError, match="pip install koreanize-matplotlib"):
        plotting.use_hangul_font()
