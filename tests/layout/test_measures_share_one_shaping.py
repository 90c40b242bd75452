"""A paragraph set at one measure and then another gives the lines it gives when set at the second
measure alone: layout keeps what does not depend on the measure (shaping, break opportunities)
for the paragraph's next measure, and that must never show in the lines."""
from __future__ import annotations


import pytest

from letterpress.cache.memo import evict
from letterpress.fonts.face import FontSet
from letterpress.layout import set_paragraph
from letterpress.text import Run

TEXT = ("Human-rights organisations from eleven countries deliver the letter together, in five "
        "languages, to the missions in London, Paris, Geneva, New York, Bangkok and Tokyo.")


@pytest.fixture(scope="module")
def fonts(fixed_fonts) -> FontSet:
    return fixed_fonts


def drawn(lines) -> list[tuple]:
    return [(line.text, line.width, line.last, [(run.x, run.glyphs, run.advances) for run in line.runs])
            for line in lines]


@pytest.mark.parametrize("align", ["justify", "start"])
def test_a_second_measure_sets_as_a_first_would(monkeypatch, fonts, align):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")
    runs = [Run(TEXT, "en")]
    # unbroken, then narrower down to words too wide; and a second size at two of the measures
    settings = ((10.0, 1e6), (10.0, 300.0), (12.0, 300.0), (10.0, 120.0), (10.0, 95.0), (12.0, 95.0), (10.0, 40.0))
    alone = []
    for size, width in settings:
        evict()
        alone.append(drawn(set_paragraph(runs, fonts, size=size, width=width, align=align)))
    evict()
    in_turn = [drawn(set_paragraph(runs, fonts, size=size, width=width, align=align)) for size, width in settings]
    assert in_turn == alone
    assert len({len(lines) for lines in alone}) >= 6  # the measures break differently
    if align == "justify":  # justified lines are hyphenated; ragged ones are not
        assert any(line[0].endswith("-") and not line[0].endswith("Human-") for lines in alone for line in lines)
