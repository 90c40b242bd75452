"""Right-to-left order, start/end alignment, dictionary line breaks and no-hyphen scripts, held
down on a fixed-advance font (every glyph half an em, no GSUB/GPOS), so each rule's effect is an
exact position or break. Each test fails when its rule is removed from letterpress.

Independent readers: the expected visual order is worked out here from the logical text by hand
(not with letterpress's code), and word boundaries come from ICU's own word iterator.
"""
from __future__ import annotations

import io

import icu
import pytest

from fontmaker import ASCII, fixed_advance_font
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.layout import set_paragraph
from letterpress.text import Run

SIZE = 10.0
HALF = SIZE / 2  # every glyph of the font advances half an em
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
THAI = "".join(map(chr, range(0x0E01, 0x0E3B))) + "".join(map(chr, range(0x0E40, 0x0E4F)))
POINTS = "\u05b4\u05b8"  # HIRIQ, QAMATS: Hebrew vowel points, marks on their letter
DEVANAGARI = "".join(map(chr, range(0x0900, 0x0980)))
CHARS = ASCII + HEBREW + POINTS + THAI + DEVANAGARI + "\u2066\u2067\u2068\u2069"


@pytest.fixture(scope="module")
def font_data() -> bytes:
    data = io.BytesIO()
    fixed_advance_font("Fixed Bidi", CHARS).save(data)
    return data.getvalue()


@pytest.fixture(scope="module")
def fonts(font_data) -> FontSet:
    face = face_from_sfnt(font_data)
    return FontSet({(language, "regular"): (face,) for language in ("he", "en", "th", "hi")})


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


def glyph_of(fonts: FontSet, char: str) -> int:
    return fonts.chain("he")[0].cmap[ord(char)]


def placed(line) -> list[tuple[float, int]]:
    """(x, glyph id) of every glyph of a line, left to right as drawn."""
    out = []
    for run in line.runs:
        x = run.x
        for glyph, advance in zip(run.glyphs, run.advances):
            out.append((round(x, 3), glyph))
            x += advance
    return out


def visual(fonts, line) -> str:
    """The line's characters as drawn, left to right (read off the glyph ids)."""
    char_of = {glyph_of(fonts, c): c for c in CHARS}
    return "".join(char_of[glyph] for _, glyph in placed(line))


def test_hebrew_is_drawn_right_to_left_with_latin_and_numbers_left_to_right(fonts):
    (line,) = set_paragraph([Run("אבג ICRC 2011 דהו", "he")], fonts, size=SIZE, width=400, align="start")
    assert line.direction == "rtl"
    # written out by hand: Hebrew runs reversed; "ICRC 2011" one left-to-right run (the number
    # follows a Latin word: UAX #9 W7), kept in its logical place between the Hebrew words
    assert visual(fonts, line) == "והד ICRC 2011 גבא"
    xs = [x for x, _ in placed(line)]
    assert xs == sorted(xs)  # drawn left to right, each glyph after the last


def test_right_to_left_line_starts_at_the_right_edge_and_its_indent_is_on_the_right(fonts):
    width, indent = 200.0, 20.0
    text = "אבג דהו"
    (line,) = set_paragraph([Run(text, "he")], fonts, size=SIZE, width=width, align="start",
                            first_line_indent=indent)
    glyphs = placed(line)
    right = glyphs[-1][0] + HALF
    assert right == pytest.approx(width - indent)  # set from the right, the indent on the right
    assert glyphs[-1][1] == glyph_of(fonts, "א")  # the first letter is the rightmost
    # "end" is the left edge of a right-to-left line; "left" stays physical
    (end,) = set_paragraph([Run(text, "he")], fonts, size=SIZE, width=width, align="end")
    assert placed(end)[0][0] == pytest.approx(0.0)
    (english,) = set_paragraph([Run("abc def", "en")], fonts, size=SIZE, width=width, align="start",
                               first_line_indent=indent)
    assert placed(english)[0][0] == pytest.approx(indent)


def test_justified_right_to_left_lines_fill_the_measure_and_the_last_one_sits_right(fonts):
    width = 100.0
    text = " ".join(["אבג", "דהו", "זחט", "יכל", "מנס", "עפצ", "קרש", "תאב"] * 2)
    lines = set_paragraph([Run(text, "he")], fonts, size=SIZE, width=width, align="justify")
    assert len(lines) > 2
    for line in lines[:-1]:
        glyphs = placed(line)
        assert glyphs[0][0] == pytest.approx(0.0) and glyphs[-1][0] + HALF == pytest.approx(width)
    last = placed(lines[-1])
    assert last[-1][0] + HALF == pytest.approx(width) and last[0][0] > 0


def test_brackets_are_mirrored_in_right_to_left_text(fonts):
    (line,) = set_paragraph([Run("א(ב)ג", "he")], fonts, size=SIZE, width=400, align="start")
    # visual order, left to right: ג, then the logical ")" drawn as "(", ב, the logical "(" drawn as ")", א
    assert visual(fonts, line) == "ג(ב)א"


def test_a_hyphen_ends_the_latin_word_it_breaks_in_a_right_to_left_line(fonts):
    runs = [Run("אבג דהו זחט ", "he"), Run("representatives communicated extraordinary", "en"),
            Run(" יכל מנס עפצ קרש", "he")]
    lines = set_paragraph(runs, fonts, size=SIZE, width=115, align="justify")
    # by hand: the Latin run ends the line logically, so it is drawn at its left, left to right,
    # the hyphen after the broken word's first part
    assert visual(fonts, lines[0]) == "represent- טחז והד גבא"


def test_isolates_are_not_drawn_and_keep_their_content_together(fonts):
    text = "אבג \u2066AB 12\u2069 דהו"
    (line,) = set_paragraph([Run(text, "he")], fonts, size=SIZE, width=400, align="start")
    assert len(placed(line)) == len(text) - 2  # LRI and PDI set levels, draw nothing
    assert visual(fonts, line) == "והד AB 12 גבא"


def test_a_right_to_left_cluster_gives_its_text_in_the_order_readers_spread_it(fonts):
    """A letter with its vowel point is drawn point first (right to left, HarfBuzz's visual order),
    so it goes whole into an ActualText span. pdftotext spreads a span's characters left to right
    and reads a right-to-left word from the right: the span holds the point first, so that the
    point comes back after its letter (without this rule: ָ before ג, as Arabic shadda was)."""
    (line,) = set_paragraph([Run("ג\u05b8ב", "he")], fonts, size=SIZE, width=400, align="start")
    spans = [text for run in line.runs for _, _, text in run.actual_texts]
    assert spans == ["\u05b8ג"]


def thai_words(text: str) -> set[int]:
    """Word boundaries found by ICU's word iterator directly (not letterpress's line breaker)."""
    iterator = icu.BreakIterator.createWordInstance(icu.Locale("th"))
    iterator.setText(text)
    return set(iterator)


def drawn_text(line) -> str:
    """A left-to-right line's text: each glyph's text, a cluster drawn in glyphs that do not map back
    one by one (Thai ำ is drawn as ํ and า) taken whole from its ActualText."""
    out = []
    for run in line.runs:
        spans = {start: (end, text) for start, end, text in run.actual_texts}
        index = 0
        while index < len(run.glyphs):
            if index in spans:
                index, text = spans[index]
                out.append(text)
            else:
                out.append(run.texts[index])
                index += 1
    return "".join(out)


THAI_TEXT = "ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรคระหว่างคำแต่ต้องตัดบรรทัดที่ขอบเขตของคำเท่านั้น"


def test_thai_lines_end_only_at_dictionary_word_boundaries_and_never_take_a_hyphen(fonts):
    boundaries = thai_words(THAI_TEXT)
    for align, width in (("justify", 97), ("justify", 123), ("start", 97), ("start", 151)):
        lines = set_paragraph([Run(THAI_TEXT, "th")], fonts, size=SIZE, width=width, align=align)
        assert len(lines) >= 3
        assert "".join(drawn_text(line) for line in lines) == THAI_TEXT  # and so no hyphen was added
        end = 0
        for line in lines[:-1]:
            end += len(drawn_text(line))
            assert end in boundaries, (align, drawn_text(line))


def test_thai_takes_no_hyphen_even_where_pyphen_has_patterns(fonts):
    # Pyphen has th_TH patterns (ประ-ชา-ธิป-ไตย): justified at this measure, they would be used
    text = " ".join(["ประชาธิปไตย"] * 6)
    lines = set_paragraph([Run(text, "th")], fonts, size=SIZE, width=85, align="justify")
    assert [drawn_text(line) for line in lines] == ["ประชาธิปไตย"] * 6


def test_thai_is_justified_between_clusters_without_spaces(fonts):
    width = 123.0  # not a multiple of the advance: every line must stretch
    lines = set_paragraph([Run(THAI_TEXT, "th")], fonts, size=SIZE, width=width, align="justify")
    for line in lines[:-1]:
        glyphs = placed(line)
        assert glyphs[-1][0] + HALF == pytest.approx(width)  # filled, with no space to stretch
        # from one cluster to the next (marks, drawn over their base, advance nothing)
        gaps = [b[0] - a[0] for a, b in zip(glyphs, glyphs[1:]) if b[0] - a[0] > HALF / 2]
        assert max(gaps) > HALF  # stretched ...
        assert max(gaps) - min(gaps) < HALF * 0.5  # ... over the clusters, not piled up in one place


def test_devanagari_is_justified_at_its_spaces_only(fonts):
    """Hindi is written with spaces between words: a justified line stretches them and nothing
    else (no room is opened between the clusters of a word, as it is in Thai)."""
    text = ("भारत के लोग अपनी भाषा में लिखते हैं और शब्दों के बीच रिक्त स्थान रखते हैं जिससे पंक्तियाँ "
            "केवल वहीं टूटती हैं")
    space = fonts.chain("hi")[0].cmap[ord(" ")]
    lines = set_paragraph([Run(text, "hi")], fonts, size=SIZE, width=123, align="justify")
    assert len(lines) >= 3
    for line in lines[:-1]:
        assert sum(run.width for run in line.runs) == pytest.approx(123)
        for run in line.runs:
            for glyph, advance in zip(run.glyphs, run.advances):
                if glyph != space:  # the spaces take all of the line's stretch or shrink
                    assert advance in (pytest.approx(0.0), pytest.approx(HALF)), line.text


def test_a_latin_line_in_a_right_to_left_copy_reads_left_to_right_and_aligns_right(fonts):
    (line,) = set_paragraph([Run("12 Example Street", "he")], fonts, size=SIZE, width=400, align="start")
    glyphs = placed(line)
    assert glyphs[0][1] == glyph_of(fonts, "1")  # the number stays at the start, on the left
    assert glyphs[-1][0] + HALF == pytest.approx(400.0)  # but the line sits on the Hebrew side


def test_the_quick_test_for_icu_misses_no_character_that_needs_it():
    """needs_icu skips a paragraph when one search finds no character in its ranges: every
    right-to-left or explicit-control character, and every dictionary character, must be in them."""
    import unicodedata

    from letterpress.layout.bidi import _NOT_PLAIN
    from letterpress.layout.segmenter import _MAY_NEED_ICU, _DICTIONARY_RANGES

    missed = [f"U+{code:04X}" for code in range(0x110000)
              if not 0xD800 <= code <= 0xDFFF
              and (unicodedata.bidirectional(chr(code)) in _NOT_PLAIN
                   or any(low <= code <= high for low, high in _DICTIONARY_RANGES))
              and _MAY_NEED_ICU.match(chr(code)) is None]
    assert missed == []
    assert _MAY_NEED_ICU.search("日本語のテキスト、한국어 문장") is None
