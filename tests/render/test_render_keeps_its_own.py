"""render is a leaf: what it derives from lines, runs and faces it keeps itself, never in them.

Layout gives each line a content key (``Line.key``), and nothing about drawing; render keeps a
line's PDF text by that key, in memory and in its own ``drawn`` store. Checked with a
fixed-advance font (tests/fontmaker.py), the PDF read back by pdftotext.
"""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from fontmaker import fixed_advance_font
from letterpress.cache import evict, flush
from letterpress.fonts.face import FontSet, PreparedFace, face_from_sfnt
from letterpress.layout import Run, set_paragraph
from letterpress.render import render_pdf
from letterpress.typeset.page import Page, PdfInfo, PlacedLine, TypesetDocument

TEXT = ("Human-rights coalitions deliver one letter, translated into many languages and signed by dozens "
        "of organisations, to many embassies on one day of action.")
# what a face computes of itself, lazily (functools.cached_property): not render's to add to
FACE_OWN = {name for name, value in vars(PreparedFace).items() if hasattr(value, "attrname")}


@pytest.fixture
def fonts() -> FontSet:
    data = io.BytesIO()
    fixed_advance_font().save(data)
    return FontSet({("en", "regular"): (face_from_sfnt(data.getvalue()),)})


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "1")
    evict()
    yield tmp_path / "cache"
    evict()


def _document(lines) -> TypesetDocument:
    page = Page(tuple(PlacedLine(line, 50.0, 60.0 + 14 * index) for index, line in enumerate(lines)))
    return TypesetDocument(300, 400, (page,), PdfInfo("t", "a", "s", "k", "en"))


def test_drawing_writes_nothing_into_lines_runs_or_faces(fonts, cache):
    lines = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    before = [dict(vars(item)) for line in lines for item in (line, *line.runs)]
    face = fonts.chain("en")[0]
    face_before = set(vars(face))
    render_pdf(_document(lines))
    assert [dict(vars(item)) for line in lines for item in (line, *line.runs)] == before
    assert set(vars(face)) - face_before <= FACE_OWN


def test_a_line_keeps_its_key_when_read_back_from_the_line_cache(fonts, cache):
    lines = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    one_line = set_paragraph([Run("One line", "en")], fonts, size=10, width=200)
    # a paragraph set on one line is reused at any measure it fits, keys and all
    assert set_paragraph([Run("One line", "en")], fonts, size=10, width=150) == one_line
    flush()
    evict()  # the next calls read the line cache on disk
    again = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    assert again is not lines
    assert [line.key for line in again] == [line.key for line in lines]
    assert len({line.key for line in lines}) == len(lines) and all(lines[0].key for line in lines)
    assert [line.key for line in set_paragraph([Run("One line", "en")], fonts, size=10, width=150)] == \
        [line.key for line in one_line]
    narrower = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=150)
    assert not {line.key for line in narrower} & {line.key for line in lines}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_lines_drawn_from_the_drawn_store_give_the_same_pdf(fonts, cache, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    lines = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    first = render_pdf(_document(lines))
    flush()
    evict()
    assert any(path.name.startswith("drawn-") for path in cache.iterdir())
    again = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    second = render_pdf(_document(again))
    assert second == first
    pdf = tmp_path / "drawn.pdf"
    pdf.write_bytes(second)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert " ".join(text.split()) == TEXT
