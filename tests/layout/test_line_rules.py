"""Every line-breaking and justification rule, held down on a fixed-advance font.

The font (tests/fontmaker.fixed_advance_font) gives CJK, Hangul, — and … one em and every other
character half an em, so each paragraph below is built to put a rule's break exactly where the
rule forbids it: without the rule the line would fill its measure exactly there. Each test fails
when its rule is removed from letterpress (see the mutation check in the issue 18 note).

Only the public entry point is used: ``letterpress.layout.set_paragraph`` and the ``Line`` /
``GlyphRun`` values it returns.
"""
from __future__ import annotations

import io

import pytest

from fontmaker import FIXED_CHARS, fixed_advance_font
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.layout import set_paragraph
from letterpress.text import Run

SIZE = 10.0  # an em is 10 pt: CJK characters advance 10, Latin ones 5
EM = SIZE
LANGUAGES = ("en", "fr", "ja", "zh-Hans", "ko")

# written out here from jlreq 3.1.7 / 3.1.8, independently of letterpress's own tables
NO_START = set("」』）】〕〉》、。，．：；？！・ー々")
NO_END = set("「『（【〔〈《")


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    data = io.BytesIO()
    fixed_advance_font().save(data)
    face = face_from_sfnt(data.getvalue())
    return FontSet({(language, "regular"): (face,) for language in LANGUAGES})


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    """Lines set here, not read back from an earlier run's cache (a mutated rule must show)."""
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


def lines(fonts, text, language, *, width, align="justify", indent=0.0):
    return set_paragraph([Run(text, language)], fonts, size=SIZE, width=width, align=align,
                         first_line_indent=indent)


def texts(set_lines) -> list[str]:
    return [line.text for line in set_lines]


def pen_positions(line) -> list[tuple[str, float]]:
    """(character, x where its glyph is drawn) along a line, from the glyph runs' advances."""
    out = []
    for run in line.runs:
        x = run.x
        for text, advance in zip(run.texts, run.advances):
            out.append((text, x))
            x += advance
    return out


def drawn_width(line) -> float:
    return sum(run.width for run in line.runs)


IDEOGRAPHS = "一二三四五六七八九十百千万日本語中文字國人大学生年月"


# --- CJK: kinsoku (jlreq 3.1.7, 3.1.8) ---------------------------------------------------------

@pytest.mark.parametrize("language", ["ja", "zh-Hans"])
def test_a_closing_mark_never_starts_a_line(fonts, language):
    # ten ideographs fill the 10-em measure exactly; the eleventh character is 。
    text = IDEOGRAPHS[:10] + "。" + IDEOGRAPHS[10:16] + "。"
    set_lines = texts(lines(fonts, text, language, width=10 * EM))
    assert "".join(set_lines) == text
    assert len(set_lines) == 2
    assert not any(line[0] in NO_START for line in set_lines), set_lines
    assert set_lines[1].startswith(IDEOGRAPHS[9] + "。")  # 十 goes down with its full stop


@pytest.mark.parametrize("language", ["ja", "zh-Hans"])
def test_an_opening_bracket_never_ends_a_line(fonts, language):
    # 「 is the tenth character: a break after it would fill the measure exactly
    text = IDEOGRAPHS[:9] + "「" + IDEOGRAPHS[9:18] + "」" + IDEOGRAPHS[18:22] + "。"
    set_lines = texts(lines(fonts, text, language, width=10 * EM))
    assert "".join(set_lines) == text
    assert not any(line[-1] in NO_END for line in set_lines), set_lines
    assert set_lines[1].startswith("「")


# --- CJK: —— and …… are never split (jlreq 3.1.10) ------------------------------------------------

@pytest.mark.parametrize("pair", ["——", "……"])
@pytest.mark.parametrize("language", ["ja", "zh-Hans"])
def test_a_doubled_dash_or_ellipsis_stays_on_one_line(fonts, language, pair):
    # the first of the pair is the tenth character: a break between the two would fill the measure
    text = IDEOGRAPHS[:9] + pair + IDEOGRAPHS[9:20] + "。"
    set_lines = texts(lines(fonts, text, language, width=10 * EM))
    assert "".join(set_lines) == text
    assert any(pair in line for line in set_lines), set_lines
    for line, following in zip(set_lines, set_lines[1:]):
        assert not (line[-1] == pair[0] and following[0] == pair[1]), set_lines


# --- CJK: no character alone on the last line ----------------------------------------------------

@pytest.mark.parametrize("language", ["ja", "zh-Hans"])
def test_the_last_line_never_holds_a_single_character(fonts, language):
    # ten ideographs fill the first line exactly, which would leave 一。 alone on the last
    text = IDEOGRAPHS[:11] + "。"
    set_lines = texts(lines(fonts, text, language, width=10 * EM))
    assert "".join(set_lines) == text
    last = [char for char in set_lines[-1] if char not in NO_START]
    assert len(last) >= 2, set_lines


def test_a_short_last_line_of_two_characters_is_left_alone(fonts):
    text = IDEOGRAPHS[:12] + "。"
    assert texts(lines(fonts, text, "ja", width=10 * EM)) == [IDEOGRAPHS[:10], IDEOGRAPHS[10:12] + "。"]


# --- CJK–Latin gap (jlreq 3.2.2) ----------------------------------------------------------------

def test_a_quarter_em_separates_cjk_from_latin_letters_and_digits(fonts):
    (line,) = lines(fonts, "日本語ABC中文2011年", "ja", width=40 * EM, align="left")
    x = dict((char, position) for char, position in pen_positions(line))
    assert x["A"] == pytest.approx(3 * EM + EM / 4)  # 日本語, then the gap
    assert x["中"] == pytest.approx(x["C"] + EM / 2 + EM / 4)
    assert x["2"] == pytest.approx(x["文"] + EM + EM / 4)
    assert x["年"] == pytest.approx(x["2"] + 4 * EM / 2 + EM / 4)
    assert line.width == pytest.approx(6 * EM + 7 * EM / 2 + 4 * EM / 4)


def test_no_cjk_latin_gap_at_a_line_edge(fonts):
    # the break falls at the boundary 語|ABC: neither line carries the quarter em there
    set_lines = lines(fonts, "日本語日本語日本語ABCDEFGHIJKLMNOPQRST", "ja", width=10 * EM, align="left")
    assert texts(set_lines)[0] == "日本語日本語日本語"
    assert set_lines[0].width == pytest.approx(9 * EM)
    assert pen_positions(set_lines[1])[0] == ("A", 0.0)


@pytest.fixture(scope="module")
def fonts_with_note_marks() -> FontSet:
    data = io.BytesIO()
    fixed_advance_font(chars=FIXED_CHARS + "¹²").save(data)
    face = face_from_sfnt(data.getvalue())
    return FontSet({(language, "regular"): (face,) for language in LANGUAGES})


def test_a_footnote_mark_takes_no_cjk_latin_gap(fonts_with_note_marks):
    (line,) = lines(fonts_with_note_marks, "日本語¹日本", "ja", width=40 * EM, align="left")
    assert dict(pen_positions(line))["¹"] == pytest.approx(3 * EM)


def test_no_line_starts_with_a_footnote_mark(fonts_with_note_marks):
    # without the rule the first line fills its measure exactly before the mark
    set_lines = lines(fonts_with_note_marks, "日本語日本語¹日本語日本語日本語", "ja", width=6 * EM)
    assert len(set_lines) >= 2 and not any(text.startswith("¹") for text in texts(set_lines))


def test_quotes_and_apostrophes_among_latin_words_come_from_the_latin_face():
    """A CJK face draws ’ and “” full width: among Latin words of a Japanese copy they are taken from
    the chain's Latin face (no Han), while a quote next to Japanese text stays in the CJK face."""
    cjk, latin = io.BytesIO(), io.BytesIO()
    fixed_advance_font("Fixed CJK").save(cjk)
    fixed_advance_font("Fixed Latin", FIXED_CHARS[:FIXED_CHARS.index("「")]).save(latin)
    cjk_face, latin_face = face_from_sfnt(cjk.getvalue()), face_from_sfnt(latin.getvalue())
    fonts = FontSet({("ja", "regular"): (cjk_face, latin_face)})
    (line,) = lines(fonts, "日本語 Defectors’ Alliance 中文“ABC”、中文", "ja", width=80 * EM, align="left")
    face_of = {text: run.face for run in line.runs for text in run.texts}
    assert face_of["’"] is latin_face
    assert face_of["A"] is cjk_face and face_of["日"] is cjk_face  # the rest stays in the copy's face
    assert face_of["”"] is cjk_face  # before 、: a quote of CJK text, full width


def test_korean_takes_no_gap_next_to_latin(fonts):
    (line,) = lines(fonts, "한국어ABC", "ko", width=40 * EM, align="left")
    assert dict(pen_positions(line))["A"] == pytest.approx(3 * EM)


# --- Korean: words break at spaces only (keep-all, klreq) -----------------------------------------

def test_korean_words_are_never_broken_inside(fonts):
    words = ["대한민국", "사람들은", "띄어쓰기로", "단어를", "나눕니다", "한국어", "문장은", "띄어쓰기로", "단어를"]
    text = " ".join(words)
    set_lines = texts(lines(fonts, text, "ko", width=11 * EM))
    assert len(set_lines) >= 3
    assert [word for line in set_lines for word in line.split()] == words


def test_a_korean_word_wider_than_the_line_is_broken_rather_than_overflowing(fonts):
    set_lines = lines(fonts, "대한민국사람들은 한국어", "ko", width=5 * EM)
    assert "".join(texts(set_lines)).replace(" ", "") == "대한민국사람들은한국어"
    assert all(drawn_width(line) <= 5 * EM + 1e-6 for line in set_lines)


# --- Latin: hyphenation ---------------------------------------------------------------------------

PARAGRAPH = ("The representatives of the organisations communicated their extraordinary concerns "
             "about the international humanitarian situation to the governments responsible.")


def test_justified_latin_text_is_hyphenated_where_the_dictionary_allows(fonts):
    set_lines = texts(lines(fonts, PARAGRAPH, "en", width=24 * EM))
    hyphenated = [line for line in set_lines[:-1] if line.endswith("-")]
    assert hyphenated, set_lines
    # the text reads back whole: each hyphen was added at a break inside a word of the source
    joined = ""
    for line in set_lines:
        joined += line[:-1] if line.endswith("-") else line + " "
    assert joined.split() == PARAGRAPH.split()
    from letterpress.layout.hyphenate import hyphenation_points  # the dictionary's own points, for the check

    for line, following in zip(set_lines, set_lines[1:]):
        if line.endswith("-"):
            head, tail = line[:-1].split()[-1], following.split()[0]
            word = (head + tail).rstrip(".,")
            assert len(head) in hyphenation_points(word, "en"), (head, tail)
            assert len(head) >= 2 and len(tail.rstrip(".,")) >= 3  # English minimum fragments: 2 and 3


@pytest.mark.parametrize("width", [10.75, 12.5])
def test_an_english_hyphen_leaves_two_letters_before_it_and_three_after(fonts, width):
    """At these measures the cheapest breaks would be internation-al and humanitari-an."""
    set_lines = texts(lines(fonts, PARAGRAPH, "en", width=width * EM))
    broken = [(line[:-1].split()[-1], following.split()[0].rstrip(".,"))
              for line, following in zip(set_lines, set_lines[1:]) if line.endswith("-")]
    assert broken, set_lines
    assert all(len(head) >= 2 and len(tail) >= 3 for head, tail in broken), broken


# --- Justification ------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", PARAGRAPH),
    ("ja", IDEOGRAPHS * 2 + "。"),
    ("ko", "대한민국 사람들은 띄어쓰기로 단어를 나눕니다 한국어 문장은 띄어쓰기로 단어를 나눕니다"),
])
def test_justified_lines_fill_the_measure_and_the_last_line_does_not(fonts, language, text):
    width = 17.25 * EM  # no line's natural width: every line but the last has to stretch or shrink
    set_lines = lines(fonts, text, language, width=width)
    assert len(set_lines) >= 3
    for line in set_lines[:-1]:
        assert drawn_width(line) == pytest.approx(width, abs=1e-6), line.text
    last = set_lines[-1]
    assert last.last and drawn_width(last) < width - EM
    natural = sum(EM if char >= "\u1100" else EM / 2 for char in last.text)
    assert drawn_width(last) == pytest.approx(natural, abs=EM)  # at most the CJK-Latin gaps: unstretched


def test_latin_justification_stretches_the_spaces_not_the_letters(fonts):
    set_lines = lines(fonts, PARAGRAPH, "en", width=24 * EM)
    for line in set_lines[:-1]:
        for run in line.runs:
            for text, advance in zip(run.texts, run.advances):
                if text != " ":
                    assert advance == pytest.approx(EM / 2), (line.text, text)


def test_first_line_indent_narrows_the_first_line_only(fonts):
    indented = lines(fonts, PARAGRAPH, "en", width=24 * EM, indent=2 * EM)
    assert indented[0].runs[0].x == pytest.approx(2 * EM)
    assert drawn_width(indented[0]) == pytest.approx(22 * EM)
    assert all(line.runs[0].x == 0 for line in indented[1:])


@pytest.mark.parametrize("align, shift", [("left", 0.0), ("right", 1.0), ("center", 0.5)])
def test_ragged_alignments_place_the_natural_line(fonts, align, shift):
    (line,) = lines(fonts, "Dear Sir", "en", width=20 * EM, align=align)
    natural = len("Dear Sir") * EM / 2
    assert drawn_width(line) == pytest.approx(natural)
    assert line.runs[0].x == pytest.approx(shift * (20 * EM - natural))


def test_cjk_punctuation_space_stretches_first(fonts):
    """jlreq 3.8: a line that must stretch opens the empty half of 、 or 。 first, by all of its
    stretchability (a tenth of an em), and only then the glue between ideographs, evenly."""
    text = IDEOGRAPHS[:4] + "、" + IDEOGRAPHS[4:12] + "。" + IDEOGRAPHS[12:22] + "。"
    first = lines(fonts, text, "ja", width=9.5 * EM)[0]
    assert first.text == IDEOGRAPHS[:4] + "、" + IDEOGRAPHS[4:8]
    advances = dict(zip(first.text, first.runs[0].advances))
    assert advances["、"] == pytest.approx(1.1 * EM)
    ideographs = [advances[char] for char in first.text[:-1] if char != "、"]
    assert max(ideographs) == pytest.approx(min(ideographs)) and ideographs[0] > EM
    assert drawn_width(first) == pytest.approx(9.5 * EM)


def test_an_ideographic_space_keeps_its_em_in_a_justified_line(fonts):
    """U+3000 is a fixed em in CJK text: the line stretches between the ideographs, not there."""
    text = "一二三\u3000" + IDEOGRAPHS[3:] + "。"
    first = lines(fonts, text, "ja", width=9.75 * EM)[0]
    assert first.text == "一二三\u3000四五六七八"
    assert drawn_width(first) == pytest.approx(9.75 * EM)
    assert dict(zip(first.text, first.runs[0].advances))["\u3000"] == pytest.approx(EM)


def test_adjacent_cjk_punctuation_sets_in_one_and_a_half_em(fonts):
    """jlreq 3.1.4: 。」 takes 1.5 em, not 2."""
    (line,) = lines(fonts, "日本。」中文", "ja", width=40 * EM, align="left")
    x = dict(pen_positions(line))
    assert x["」"] - x["。"] == pytest.approx(EM / 2)
    assert x["中"] - x["」"] == pytest.approx(EM)


# --- Latin: what is never broken ----------------------------------------------------------------

def test_no_break_spaces_and_plain_words_hold_together(fonts):
    text = "aaaa bbbb 10\u00a0km cccc dddd « eeee\u202f» ffff gggg hhhh iiii jjjj"
    set_lines = texts(lines(fonts, text, "fr", width=10 * EM, align="left"))
    for line in set_lines:
        assert not line.endswith(("10", "«")) and not line.startswith(("km", "»")), set_lines


def test_a_line_may_break_after_a_hyphen_in_a_compound(fonts):
    set_lines = texts(lines(fonts, "aaaa well-known bbbb cccc", "en", width=7 * EM, align="left"))
    assert "aaaa well-" in set_lines and set_lines[set_lines.index("aaaa well-") + 1].startswith("known")


def test_no_break_at_a_no_break_space_even_where_the_line_would_fill_exactly(fonts):
    # "aaaa bbbb cccc dd 10" and "km eeee ffff ggggggg" are exactly 10 em each: breaking between
    # them would be perfect, but 10 and km are joined by U+00A0
    set_lines = texts(lines(fonts, "aaaa bbbb cccc dd 10\u00a0km eeee ffff ggggggg hhhh", "en", width=10 * EM))
    assert set_lines[0] == "aaaa bbbb cccc dd", set_lines
    assert set_lines[1].startswith("10\u00a0km")


def test_a_narrow_no_break_space_keeps_its_width_in_a_justified_line(fonts):
    """French « eeee » takes U+202F inside the guillemets: a fixed space, while the word spaces stretch."""
    first = lines(fonts, "« eeee\u202f» ffff gggg hhhh iiii jjjj kkkk", "fr", width=10 * EM)[0]
    assert first.text == "« eeee\u202f» ffff gggg"
    advances = [advance for run in first.runs for text, advance in zip(run.texts, run.advances)]
    spaces = {text: advance for run in first.runs for text, advance in zip(run.texts, run.advances)}
    assert drawn_width(first) == pytest.approx(10 * EM) and len(advances) == len(first.text)
    assert spaces["\u202f"] == pytest.approx(EM / 2)  # natural
    assert spaces[" "] > EM / 2  # the word spaces took the whole stretch


def test_a_run_of_spaces_sets_as_one_space(fonts):
    (line,) = lines(fonts, "aaaa   bbbb", "en", width=40 * EM, align="left")
    assert drawn_width(line) == pytest.approx(9 * EM / 2)


def test_a_line_may_break_beside_a_dash(fonts):
    # nothing but the em dash (one em) lets "yyyyyyyy" stay on the first line
    set_lines = texts(lines(fonts, "xxxx yyyyyyyy\u2014zzzzzzzz", "en", width=10 * EM, align="left"))
    assert set_lines == ["xxxx yyyyyyyy\u2014", "zzzzzzzz"]


def test_ragged_text_is_not_hyphenated(fonts):
    # "a" alone on the first line is loose, but a ragged line may be: no hyphen evens it out
    set_lines = texts(lines(fonts, "a incomprehensibilities are", "en", width=11 * EM, align="left"))
    assert set_lines == ["a", "incomprehensibilities", "are"]


def test_words_in_capitals_are_not_hyphenated(fonts):
    """Acronyms and words set in capitals keep whole (the dictionary would break ORGAN-ISATIONS)."""
    text = PARAGRAPH.upper()
    set_lines = texts(lines(fonts, text, "en", width=16 * EM))
    assert [word for line in set_lines for word in line.split()] == text.split()


def test_two_hyphenated_lines_in_a_row_cost_more(fonts):
    """TeX's \\doublehyphendemerits: at this measure the cheapest breaks without that cost end two
    lines in a row with a hyphen; with it, one hyphenated line never follows another."""
    set_lines = texts(lines(fonts, PARAGRAPH, "en", width=24.25 * EM))
    assert any(line.endswith("-") for line in set_lines)
    assert not any(a.endswith("-") and b.endswith("-") for a, b in zip(set_lines, set_lines[1:])), set_lines
