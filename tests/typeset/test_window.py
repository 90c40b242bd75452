"""The address in its window (:mod:`letterpress.typeset.window`), on a fixed-advance font: every
character is half an em, so whether a line fits, and at which size, is exact arithmetic."""
from __future__ import annotations

import io

import pytest

from fontmaker import fixed_advance_font
from letterpress.errors import InputError
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.typeset import Typesetter
from letterpress.typeset.window import fit_address, fit_return_line


@pytest.fixture(scope="module")
def setter() -> Typesetter:
    data = io.BytesIO()
    fixed_advance_font().save(data)
    face = face_from_sfnt(data.getvalue())
    return Typesetter(FontSet({("en", "regular"): (face,), ("en", "bold"): (face,)}))


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


def fit(setter, texts, *, width, height, nominal=10.0, minimum=7.0, optional=()):
    return fit_address(setter, texts, "en", width=width, height=height, nominal=nominal, minimum=minimum,
                       window="window (test)", recipient_id="r1", optional=optional, optional_after=0)


def texts(fitted) -> list[str]:
    return [line.text for line in fitted.lines]


def test_a_long_address_line_wraps_at_a_word_inside_the_window(setter):
    fitted = fit(setter, ["Permanent Mission of Example to the United Nations", "Geneva"], width=100, height=200)
    assert fitted.size == 10.0  # 20 characters to a line at 10 pt
    assert len(fitted.lines) >= 4 and texts(fitted)[-1] == "Geneva"
    assert " ".join(texts(fitted)[:-1]).split() == "Permanent Mission of Example to the United Nations".split()
    assert all(line.width <= 100 + 1e-6 for line in fitted.lines)


def test_an_address_with_more_lines_than_the_window_holds_is_set_smaller(setter):
    lines = ["Line one", "Line two", "Line three", "Line four", "Line five", "Line six"]
    # 60 pt: five lines at 10 pt (leading 12), and at 9.5, 9 and 8.5; six at 8 pt (leading 9.6)
    fitted = fit(setter, lines, width=200, height=60)
    assert fitted.size == 8.0 and texts(fitted) == lines
    with pytest.raises(InputError, match="6 lines are 1 more"):
        fit(setter, lines, width=200, height=60, minimum=8.5)


def test_a_word_wider_than_the_window_sets_the_address_smaller_rather_than_broken(setter):
    # 20 characters: 100 pt at 10 pt, 90 pt at 9 pt; the window is 90 pt wide
    fitted = fit(setter, ["Internationalisation", "Geneva"], width=90, height=200)
    assert fitted.size == 9.0 and texts(fitted) == ["Internationalisation", "Geneva"]


def test_the_titles_are_shown_only_at_the_layouts_own_size(setter):
    fitted = fit(setter, ["Mission", "Geneva"], width=90, height=200, optional=["Ambassador"])
    assert fitted.size == 10.0 and texts(fitted) == ["Ambassador", "Mission", "Geneva"]
    smaller = fit(setter, ["Internationalisation", "Geneva"], width=90, height=200, optional=["Ambassador"])
    assert smaller.size == 9.0 and texts(smaller) == ["Internationalisation", "Geneva"]


def test_the_return_line_is_set_smaller_before_a_shorter_form_is_taken(setter):
    full, short = "Example Mission, Rue de Lausanne, Geneva", "Example Mission, Geneva"
    # 40 characters: 130 pt at 6.5 pt, 120 pt at 6 pt
    line, size = fit_return_line(setter, [full, short], "en", 125, window="window (test)")
    assert (line.text, size) == (full, 6.0)
    line, size = fit_return_line(setter, [full, short], "en", 95, window="window (test)")
    assert (line.text, size) == (short, 6.5)  # the full form fits at no size: the shorter one, as large as it fits
