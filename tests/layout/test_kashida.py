"""Kashida: justified Arabic lines lengthen words with tatweel before widening their spaces.

Set in Noto Naskh Arabic, drawn into a PDF by letterpress's renderer and read back with
`mutool trace` (glyph positions) and `pdftotext` (the tatweels are not text).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

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
