"""Each face's font objects are written once for every copy that draws the same glyphs as the same text.

The copies of a language embed the same faces with nearly the same glyphs: their descriptor, widths,
ToUnicode map and font dictionaries are formatted once and handed to reportlab as bytes, kept in
memory and in the pdf-parts store. Checked with a fixed-advance font (tests/fontmaker.py), the lines
drawn by hand.
"""
from __future__ import annotations

import dataclasses
import re
import zlib

from reportlab.pdfbase import pdfdoc

from letterpress.cache import evict, flush
from letterpress.layout.types import GlyphRun, Line
from letterpress.render import render_pdf
from letterpress.typeset.page import Page, PdfInfo, PlacedLine, TypesetDocument


def _document(face, text: str, texts: tuple[str, ...] | None = None) -> TypesetDocument:
    glyphs = tuple(face.cmap[ord(char)] for char in text)
    run = GlyphRun(face, 10.0, 0.0, glyphs, (5.0,) * len(glyphs), ((0.0, 0.0),) * len(glyphs), texts or tuple(text))
    page = Page((PlacedLine(Line((run,), 5.0 * len(glyphs), 8.0, 2.0), 50.0, 60.0),))
    return TypesetDocument(300, 400, (page,), PdfInfo("t", "a", "s", "k", "en"))


def _descriptors_formatted(monkeypatch) -> list[int]:
    """A list that grows by one each time reportlab formats a font descriptor."""
    formatted: list[int] = []
    write = pdfdoc.PDFDictionary.format

    def format(self, document, *args, **kwargs):
        if self.dict.get("Type") == pdfdoc.PDFName("FontDescriptor"):
            formatted.append(1)
        return write(self, document, *args, **kwargs)

    monkeypatch.setattr(pdfdoc.PDFDictionary, "format", format)
    return formatted


def _to_unicode_maps(pdf: bytes) -> list[bytes]:
    streams = (zlib.decompress(body) for body in re.findall(rb"\nstream\n(.*?)endstream", pdf, re.S))
    return [stream for stream in streams if stream.startswith(b"/CIDInit")]


def test_copies_drawing_the_same_glyphs_format_the_font_objects_once(face, monkeypatch):
    formatted = _descriptors_formatted(monkeypatch)
    first = render_pdf(_document(face, "abc"))
    second = render_pdf(_document(face, "abc"))
    assert second == first
    assert len(formatted) == 1
    render_pdf(_document(face, "abd"))  # other glyphs: a font of their own
    assert len(formatted) == 2


def test_the_same_glyphs_standing_for_other_text_get_their_own_map(face):
    plain = _to_unicode_maps(render_pdf(_document(face, "ab")))
    other = _to_unicode_maps(render_pdf(_document(face, "ab", ("a", "c"))))
    assert len(plain) == len(other) == 1
    assert b"<0062>" in plain[0] and b"<0063>" not in plain[0]
    assert b"<0063>" in other[0] and b"<0062>" not in other[0]


def test_font_objects_hold_the_numbers_of_the_objects_they_refer_to(face):
    pdf = render_pdf(_document(face, "abc"))
    objects = dict(re.findall(rb"(?:^|\n)(\d+) 0 obj\n(.*?)endobj", pdf, re.S))
    font = next(body for body in objects.values() if b"/Subtype /Type0" in body)
    descendant = objects[re.search(rb"/DescendantFonts \[ (\d+) 0 R \]", font).group(1)]
    assert b"/CIDToGIDMap /Identity" in descendant
    assert objects[re.search(rb"/ToUnicode (\d+) 0 R", font).group(1)].startswith(b"<<")
    descriptor = objects[re.search(rb"/FontDescriptor (\d+) 0 R", descendant).group(1)]
    assert b"/Type /FontDescriptor" in descriptor
    program = objects[re.search(rb"/FontFile2 (\d+) 0 R", descriptor).group(1)]
    assert b"/Length1 " in program


def test_font_objects_are_read_back_from_the_store_in_a_new_process(face, monkeypatch):
    first = render_pdf(_document(face, "abc"))
    flush()
    evict()  # what a new process has: the store, not the memo
    formatted = _descriptors_formatted(monkeypatch)
    assert render_pdf(_document(face, "abc")) == first
    assert formatted == []


def test_a_face_read_otherwise_from_the_same_data_gets_its_own_objects(face):
    regular = render_pdf(_document(face, "abc"))
    heavy = render_pdf(_document(dataclasses.replace(face, weight=700, postscript_name="Heavy"), "abc"))
    assert b"/StemV 80" in regular and b"/StemV 120" in heavy
    assert b"+Heavy" in heavy and b"+Heavy" not in regular


def test_a_copy_drawn_again_finds_its_font_objects_by_its_lines(face, monkeypatch):
    """Lines with content keys name the runs drawn: a new process finds the font objects of the
    same lines without working out which glyphs stand for which text."""
    from letterpress.fonts.face import FontSet
    from letterpress.layout import Run, set_paragraph
    from letterpress.render import line_ops, pdffont

    fonts = FontSet({("en", "regular"): (face,)})
    lines = set_paragraph([Run("A letter, drawn once and again.", "en")], fonts, size=10, width=200)
    assert all(line.key for line in lines)
    page = Page(tuple(PlacedLine(line, 50.0, 60.0 + 14 * index) for index, line in enumerate(lines)))
    document = TypesetDocument(300, 400, (page,), PdfInfo("t", "a", "s", "k", "en"))
    first = render_pdf(document)
    flush()
    evict()  # what a new process has: the stores, not the memos
    worked_out: list[int] = []

    def run_texts(run):
        worked_out.append(1)
        return pdffont.__dict__["_run_texts_unspied"](run)

    monkeypatch.setitem(pdffont.__dict__, "_run_texts_unspied", pdffont.run_texts)
    monkeypatch.setattr(pdffont, "run_texts", run_texts)
    monkeypatch.setattr(line_ops, "run_texts", run_texts, raising=False)
    assert render_pdf(document) == first
    assert worked_out == []


def test_the_font_programs_of_a_pdf_are_read_back_in_one_query(face, monkeypatch):
    import io

    from fontmaker import fixed_advance_font
    from letterpress.cache.store import Store
    from letterpress.fonts.face import face_from_sfnt

    data = io.BytesIO()
    fixed_advance_font("Other Test").save(data)
    other = face_from_sfnt(data.getvalue())
    one, two = _document(face, "abc"), _document(other, "cab")
    lines = one.pages[0].lines + two.pages[0].lines
    document = dataclasses.replace(one, pages=(Page(lines),))
    first = render_pdf(document)
    flush()
    evict()  # what a new process has: the store, not the memo
    queries: list[int] = []
    get, get_many = Store.get, Store.get_many

    def spy_get(self, key):
        if self.file_name.startswith("pdf-fonts-"):
            queries.append(1)
        return get(self, key)

    def spy_get_many(self, keys):
        keys = list(keys)
        if self.file_name.startswith("pdf-fonts-"):
            queries.append(len(keys))
        return get_many(self, keys)

    monkeypatch.setattr(Store, "get", spy_get)
    monkeypatch.setattr(Store, "get_many", spy_get_many)
    assert render_pdf(document) == first
    assert queries == [2]  # one query for both faces' programs
