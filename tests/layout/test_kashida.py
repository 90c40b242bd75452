"""Kashida: justified Arabic lines lengthen words with tatweel before widening their spaces.

Set in Noto Naskh Arabic, drawn into a PDF by letterpress's renderer and read back with
`mutool trace` (glyph positions) and `pdftotext` (the tatweels are not text); where the tatweels
go is held down on a fixed-advance font (every letter and the tatweel half an em, no GSUB), so
each rule's effect is an exact count.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fontmaker import ASCII, fixed_advance_font
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.layout import set_paragraph
from letterpress.text import Run
from letterpress.render import render_pdf
from letterpress.typeset.page import Page, PdfInfo, PlacedLine, TypesetDocument

TEXT = ("نكتب إليكم بشأن أوضاع المحتجزين في المعسكرات. نطلب دعوة المقرر الخاص التابع للأمم المتحدة دون "
        "تأخير، كما طالبت اللجنة الدولية للصليب الأحمر منذ عام 2011 في جنيف. نتطلع إلى ردكم في الوقت المناسب.")
WIDTH = 200.0


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    module = pytest.importorskip("pylopdf_fonts_ar")
    data = (Path(module.__file__).parent / "NotoNaskhArabic-Variable.ttf").read_bytes()
    return FontSet({("ar", "regular"): (face_from_sfnt(data),)})


@pytest.fixture(autouse=True)
def _no_line_cache(monkeypatch):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")


def spaces(fonts, lines) -> list[float]:
    """The drawn advance of every space of the justified lines."""
    space = fonts.chain("ar")[0].cmap[ord(" ")]
    return [advance for line in lines if not line.last for run in line.runs
            for glyph, advance in zip(run.glyphs, run.advances) if glyph == space]


def test_justified_arabic_takes_tatweel_and_its_spaces_stretch_less(fonts):
    tatweel = fonts.chain("ar")[0].cmap[0x0640]
    plain = set_paragraph([Run(TEXT, "ar")], fonts, size=10.5, width=WIDTH, align="justify")
    elongated = set_paragraph([Run(TEXT, "ar")], fonts, size=10.5, width=WIDTH, align="justify", kashida=True)
    assert all(tatweel not in run.glyphs for line in plain for run in line.runs)
    drawn = sum(run.glyphs.count(tatweel) for line in elongated for run in line.runs)
    assert drawn >= 2
    for line in elongated[:-1]:
        right = max(run.x + run.width for run in line.runs)
        left = min(run.x for run in line.runs)
        assert left == pytest.approx(0.0, abs=1e-6) and right == pytest.approx(WIDTH)
    assert sum(spaces(fonts, elongated)) < sum(spaces(fonts, plain))
    # never on a last line, never in a paragraph that is not justified
    assert all(tatweel not in run.glyphs for run in elongated[-1].runs)
    ragged = set_paragraph([Run(TEXT, "ar")], fonts, size=10.5, width=WIDTH, align="start", kashida=True)
    assert all(tatweel not in run.glyphs for line in ragged for run in line.runs)


@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("mutool") is None,
                    reason="needs pdftotext and mutool")
def test_tatweels_are_drawn_but_not_read_as_text(fonts, tmp_path):
    lines = set_paragraph([Run(TEXT, "ar")], fonts, size=10.5, width=WIDTH, align="justify", kashida=True)
    page = Page(tuple(PlacedLine(line, 60.0, 80.0 + 16 * index) for index, line in enumerate(lines)))
    pdf = tmp_path / "kashida.pdf"
    pdf.write_bytes(render_pdf(TypesetDocument(400, 400, (page,), PdfInfo("t", "a", "s", "k", "ar"))))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "\u0640" not in text
    for word in TEXT.replace("،", " ").replace(".", " ").split():
        assert word in text, word


# --- Where the tatweels go, on a fixed-advance font -------------------------------------------------

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
TATWEEL = "\u0640"
# Unicode joining types, written out here: these join the letters on both sides; the others
# (alef, dal, thal, ra, zain, waw) only the letter before them
DUAL_JOINING = set("بتثجحخسشصضطظعغفقكلمنهي")


@pytest.fixture(scope="module")
def fixed() -> FontSet:
    data = io.BytesIO()
    fixed_advance_font("Fixed Arabic", ASCII + ARABIC + TATWEEL).save(data)
    return FontSet({("ar", "regular"): (face_from_sfnt(data.getvalue()),)})


def drawn(fonts: FontSet, line) -> str:
    """The line's characters as drawn, left to right, read off the glyph ids (tatweels included)."""
    char_of = {glyph: chr(code) for code, glyph in fonts.chain("ar")[0].cmap.items()}
    return "".join(char_of[glyph] for run in line.runs for glyph in run.glyphs)


def test_a_word_takes_tatweel_once_between_two_joined_letters(fixed):
    text = "مستقبلهم بدر مستشفيات كتاب ورد سلم مستقبلهم بحر مستشفيات نهر جبل"
    lines = set_paragraph([Run(text, "ar")], fixed, size=10, width=120, align="justify", kashida=True)
    words = [word for line in lines for word in drawn(fixed, line).split()]
    assert any(TATWEEL in word for word in words)
    for line in lines[:-1]:  # never more tatweels than the line lacks
        assert sum(run.width for run in line.runs) == pytest.approx(120)
    for word in words:
        places = list(re.finditer(TATWEEL + "+", word))
        assert len(places) <= 1, word  # one place per word
        for place in places:
            # drawn right to left: the letter it lengthens is on its right, the next one on its left;
            # both must join there (بـدر, never بدـر: dal does not join the letter after it)
            assert word[place.end()] in DUAL_JOINING and word[place.start() - 1] in ARABIC, word


def test_a_word_takes_at_most_three_tatweels_and_the_spaces_the_rest(fixed):
    # two words to a line, 40 pt short of the measure: eight tatweels' worth, three a word at most
    text = " ".join(["مستقبلهم", "مستشفيات"] * 3)
    lines = set_paragraph([Run(text, "ar")], fixed, size=10, width=125, align="justify", kashida=True)
    for line in lines[:-1]:
        assert sum(run.width for run in line.runs) == pytest.approx(125)
        assert [len(m.group()) for m in re.finditer(TATWEEL + "+", drawn(fixed, line))] == [3, 3]
    # none on the last line, none in a paragraph that is not justified
    assert TATWEEL not in drawn(fixed, lines[-1])
    ragged = set_paragraph([Run(text, "ar")], fixed, size=10, width=125, align="start", kashida=True)
    assert not any(TATWEEL in drawn(fixed, line) for line in ragged)
