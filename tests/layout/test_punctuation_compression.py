"""CJK punctuation compression (jlreq 3.1.4-3.1.6, clreq 3.1.6, mainland style), held down on a
fixed-advance font: every full-width mark is an em, half ink and half blank, so each rule's effect
is an exact number of ems. Each test fails when its rule is taken out of letterpress.layout.
"""
from __future__ import annotations

import io

import pytest

from fontmaker import fixed_advance_font
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.layout import set_paragraph
from letterpress.text import Run

SIZE = EM = 10.0
IDEOGRAPHS = "一二三四五六七八九十百千万日本語中文字國人大学生年月"


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    data = io.BytesIO()
    fixed_advance_font().save(data)
    face = face_from_sfnt(data.getvalue())
    return FontSet({(language, "regular"): (face,) for language in ("ja", "zh-Hans", "zh-Hant", "zh-TW", "ko")})


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


def lines(fonts, text, language, *, width, align="justify"):
    return set_paragraph([Run(text, language)], fonts, size=SIZE, width=width, align=align)


def origins(line) -> list[tuple[str, float]]:
    """(character, where its glyph is drawn: pen position plus the glyph's offset) along a line."""
    out = []
    for run in line.runs:
        x = run.x
        for text, advance, (dx, _) in zip(run.texts, run.advances, run.offsets):
            out.append((text, x + dx))
            x += advance
    return out


def span(line, pair: str) -> float:
    """From the first mark's glyph origin to the end of the second's em box."""
    drawn = origins(line)
    for (a, xa), (b, xb) in zip(drawn, drawn[1:]):
        if a + b == pair:
            return xb + EM - xa
    raise AssertionError(f"{pair} not on the line")


PAIRS = ["」（", "）、", "。」", "「『", "、「", "』」", "）」", "（「"]


@pytest.mark.parametrize("language", ["ja", "zh-Hans"])
@pytest.mark.parametrize("pair", PAIRS)
def test_adjacent_punctuation_sets_in_one_and_a_half_em(fonts, language, pair):
    (line,) = lines(fonts, "日本" + pair + "中文", language, width=40 * EM, align="left")
    assert span(line, pair) == pytest.approx(1.5 * EM)


def test_adjacent_punctuation_stays_at_one_and_a_half_em_in_a_stretched_line(fonts):
    """The line must stretch: the blank between 」 and 「 (half an em, after the compression) takes
    none of it, so the pair never opens past 1.5 em."""
    text = "一二三」「" + IDEOGRAPHS[3:] + "。"
    first = lines(fonts, text, "ja", width=10.25 * EM)[0]
    assert sum(run.width for run in first.runs) == pytest.approx(10.25 * EM)
    assert span(first, "」「") == pytest.approx(1.5 * EM)


def test_a_closing_mark_keeps_its_blank_before_a_space(fonts):
    """。 then a space: the full stop's blank half and the space (a Latin word follows)."""
    (line,) = lines(fonts, "日本。 ABC", "ja", width=40 * EM, align="left")
    assert dict(origins(line))["A"] == pytest.approx(3.5 * EM)


def test_mainland_chinese_compresses_its_question_mark_japanese_does_not(fonts):
    """clreq (mainland): ？ sits on the left of its em like 。; jlreq: ？ is a full em, uncompressed."""
    (zh,) = lines(fonts, "中文？」日本", "zh-Hans", width=40 * EM, align="left")
    assert span(zh, "？」") == pytest.approx(1.5 * EM)
    (ja,) = lines(fonts, "中文？」日本", "ja", width=40 * EM, align="left")
    assert span(ja, "？」") == pytest.approx(2 * EM)


def test_japanese_centres_its_colon_a_quarter_em_each_side(fonts):
    (ja,) = lines(fonts, "日本：「中文", "ja", width=40 * EM, align="left")
    drawn = dict(origins(ja))
    assert drawn["："] - drawn["本"] == pytest.approx(EM)  # the glyph in place, its blank split
    assert span(ja, "：「") == pytest.approx(1.5 * EM)


@pytest.mark.parametrize("language", ["zh-Hant", "zh-TW"])
def test_traditional_chinese_punctuation_is_not_compressed(fonts, language):
    """Traditional Chinese centres its marks in their em (clreq): nothing to take out between two."""
    (line,) = lines(fonts, "中文」（字", language, width=40 * EM, align="left")
    assert span(line, "」（") == pytest.approx(2 * EM)


def test_korean_punctuation_is_not_compressed(fonts):
    (line,) = lines(fonts, "한국」（어", "ko", width=40 * EM, align="left")
    assert span(line, "」（") == pytest.approx(2 * EM)


@pytest.mark.parametrize("language", ["ja", "zh-Hans"])
def test_a_closing_mark_ends_a_line_half_width(fonts, language):
    """Nine ideographs and 。 fill 9.5 em: the full stop's blank half goes at the line's end."""
    text = IDEOGRAPHS[:9] + "。" + IDEOGRAPHS[9:20] + "。"
    first = lines(fonts, text, language, width=9.5 * EM)[0]
    assert first.text == IDEOGRAPHS[:9] + "。"
    assert sum(run.width for run in first.runs) == pytest.approx(9.5 * EM)


@pytest.mark.parametrize("language", ["ja", "zh-Hans"])
def test_an_opening_bracket_starts_a_line_on_its_ink(fonts, language):
    text = IDEOGRAPHS[:10] + "「" + IDEOGRAPHS[10:16] + "」" + IDEOGRAPHS[16:22]
    second = lines(fonts, text, language, width=10 * EM)[1]
    assert second.text.startswith("「")
    bracket, x = origins(second)[0]
    assert x == pytest.approx(-EM / 2)  # its blank left half lies before the line: the ink starts it


def test_the_blank_is_shrinkability_that_justification_uses_exactly(fonts):
    """一二、三四 is 5 em at its natural width; in 4.5 em it is one line, the comma's blank closed."""
    (line,) = lines(fonts, "一二、三四", "ja", width=4.5 * EM)
    assert sum(run.width for run in line.runs) == pytest.approx(4.5 * EM)
    advances = dict(zip(line.text, line.runs[0].advances))
    assert advances["、"] == pytest.approx(EM / 2)
