"""The signatory block's columns (:mod:`letterpress.typeset.signatories`), on a fixed-advance font."""
from __future__ import annotations

import io

import pytest

from fontmaker import ASCII, fixed_advance_font
from letterpress.compose.document import SignatoryEntry
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.paper import load_layout
from letterpress.typeset import Typesetter, _Flow
from letterpress.typeset.signatories import COLUMN_GAP, measure, place_signatories

HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
NAMES = {"en": ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"],
         "he": ["אבג", "דהו", "זחט", "יכל", "מנס", "עפצ"]}


@pytest.fixture(scope="module")
def setter() -> Typesetter:
    data = io.BytesIO()
    fixed_advance_font("Fixed Bidi", ASCII + HEBREW).save(data)
    face = face_from_sfnt(data.getvalue())
    return Typesetter(FontSet({(language, style): (face,) for language in ("en", "he")
                               for style in ("regular", "bold")}))


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


@pytest.mark.parametrize("language", ["en", "he"])
def test_columns_fill_from_the_start_side(setter, language):
    """Six short names: three columns, two entries each; the first column is the left one in a
    left-to-right copy and the right one in a right-to-left copy."""
    layout = load_layout("din-b")
    flow = _Flow(layout, [[]], layout.body_top_first)
    entries = tuple(SignatoryEntry(name, None, "organisation", language) for name in NAMES[language])
    place_signatories(flow, measure(entries, setter, 9.0, 12.0, flow.width), 12.0)
    column = (flow.width - 2 * COLUMN_GAP) / 3
    starts = sorted({round(placed.x, 3) for placed in flow.pages[-1]})
    assert starts == [round(flow.left + index * (column + COLUMN_GAP), 3) for index in range(3)]
    first = round(flow.pages[-1][0].x, 3)  # the first entry's line
    assert first == (starts[0] if language == "en" else starts[-1])


def placed_columns(setter, names: list[str]) -> list[list[str]]:
    """The entries' first lines, grouped by column (left to right), top to bottom."""
    layout = load_layout("din-b")
    flow = _Flow(layout, [[]], layout.body_top_first)
    entries = tuple(SignatoryEntry(name, None, "organisation", "en") for name in names)
    place_signatories(flow, measure(entries, setter, 9.0, 12.0, flow.width), 12.0)
    columns: dict[float, list] = {}
    for placed in flow.pages[-1]:
        columns.setdefault(round(placed.x, 3), []).append(placed)
    return [[p.line.text for p in sorted(column, key=lambda p: p.baseline)] for _, column in sorted(columns.items())]


def test_a_few_entries_stand_in_one_column(setter):
    assert placed_columns(setter, NAMES["en"][:4]) == [NAMES["en"][:4]]


def test_seven_short_entries_fill_three_columns_of_the_shortest_height_that_holds_them(setter):
    # three rows, filled in order: not all seven in the first column, which the page has room for
    assert placed_columns(setter, NAMES["en"] + ["Golf"]) == [["Alpha", "Bravo", "Charlie"],
                                                               ["Delta", "Echo", "Foxtrot"], ["Golf"]]


def test_long_names_that_would_wrap_in_three_columns_take_two(setter):
    # a third of the measure holds 29 letters at 9 pt (4.5 pt each): these 40-letter names do not fit
    names = [f"Organisation number {index} for the long name" for index in range(6)]
    assert len(placed_columns(setter, names)) == 2


def test_the_balancing_check_fills_columns_as_placing_does():
    """The bisection's check (does filling columns up to a height take every entry?) answers as the
    filling that places the entries does, for any heights, column count and height."""
    import random

    from letterpress.typeset.signatories import _Entry, _fill, _tallest

    rng = random.Random(5)
    for _ in range(3000):
        heights = tuple(rng.choice((12.15, 15.3, 24.3, 46.15, rng.uniform(5, 80))) for _ in range(rng.randint(1, 12)))
        entries = tuple(_Entry((), height, None) for height in heights)
        columns = rng.randint(1, 3)
        height = rng.choice((rng.uniform(0, 200), sum(heights[:rng.randint(1, len(heights))]) - 0.01))
        filled = _fill(entries, columns, height)
        tallest = _tallest(heights, columns, height + 0.01)
        assert (tallest is not None) == (sum(map(len, filled)) == len(entries))
        if tallest is not None:
            assert tallest == max(_column_height(column) for column in filled)


def _column_height(column) -> float:
    used = 0.0
    for entry in column:
        used += entry.height
    return used


def _bisected(heights, columns, room) -> float:
    """The balanced height as a bisection that fills the columns at each of its thirty steps finds it."""
    def holds(height: float) -> bool:
        limit = height + 0.01
        column, used, empty = 1, 0.0, True
        for entry_height in heights:
            if used + entry_height > limit and not empty:
                if column == columns:
                    return False
                column, used, empty = column + 1, 0.0, True
            if used + entry_height > limit:
                return False
            used += entry_height
            empty = False
        return True

    low, high = max(heights), room
    for _ in range(30):
        middle = (low + high) / 2
        if holds(middle):
            high = middle
        else:
            low = middle
    return high


def test_the_balanced_height_is_the_one_filling_at_every_step_finds_with_fewer_fills(monkeypatch):
    """Once the least limit that takes every entry is known, the bisection compares with it instead
    of filling the columns again: the same height to the last bit (entries of equal heights, whose
    sums tie, included), from fewer fills."""
    import random

    from letterpress.typeset import signatories as module

    fills = []
    real = module._tallest
    monkeypatch.setattr(module, "_tallest", lambda *args: fills.append(args) or real(*args))
    rng = random.Random(11)
    for case in range(2000):
        heights = tuple(rng.choice((16.5, 28.65, 46.15, rng.uniform(5, 80))) for _ in range(rng.randint(1, 40)))
        columns = rng.randint(1, 3)
        room = rng.choice((rng.uniform(max(heights), sum(heights) + 50), 600.0))
        entries = tuple(module._Entry((), height, None) for height in heights)
        assert module._balanced_height.__wrapped__(entries, columns, room) == _bisected(heights, columns, room), case
    # a page's share of a signatory block (what fits its room): names on one line or two, in two columns
    heights = tuple(rng.choice((16.4, 28.55)) for _ in range(20))
    fills.clear()
    module._balanced_height.__wrapped__(tuple(module._Entry((), height, None) for height in heights), 2, 353.0)
    assert len(fills) <= 12  # of the thirty steps
