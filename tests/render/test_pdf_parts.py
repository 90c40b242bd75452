"""A page written again is not compressed again: render keeps compressed page streams by their bytes.

In memory and in the pdf-parts store, so a rebuild in a new process reads them back. Checked with
a fixed-advance font (tests/fontmaker.py), the lines drawn by hand; page streams are told from other
streams by their text operators.
"""
from __future__ import annotations

import zlib

import pytest

from letterpress.cache import evict, flush
from letterpress.layout.types import GlyphRun, Line
from letterpress.render import render_pdf
from letterpress.typeset.page import Page, PdfInfo, PlacedLine, TypesetDocument


def _document(face, *texts: str) -> TypesetDocument:
    pages = []
    for text in texts:
        glyphs = tuple(face.cmap[ord(char)] for char in text)
        run = GlyphRun(face, 10.0, 0.0, glyphs, (5.0,) * len(glyphs), ((0.0, 0.0),) * len(glyphs), tuple(text))
        pages.append(Page((PlacedLine(Line((run,), 5.0 * len(glyphs), 8.0, 2.0), 50.0, 60.0),)))
    return TypesetDocument(300, 400, tuple(pages), PdfInfo("t", "a", "s", "k", "en"))


@pytest.fixture
def pages_compressed(monkeypatch) -> list[bytes]:
    """The page content streams zlib compresses from now on."""
    compressed: list[bytes] = []
    compress = zlib.compress

    def spy(data, *args, **kwargs):
        if b" Tf" in data:
            compressed.append(bytes(data))
        return compress(data, *args, **kwargs)

    monkeypatch.setattr(zlib, "compress", spy)
    return compressed


def test_a_page_written_again_in_a_new_process_is_read_back_not_compressed(face, tmp_path, pages_compressed):
    first = render_pdf(_document(face, "abc", "cab"))
    assert len(pages_compressed) == 2
    flush()
    evict()  # what a new process has: the store, not the memo
    assert any(path.name.startswith("pdf-parts-") for path in (tmp_path / "cache").iterdir())
    assert render_pdf(_document(face, "abc", "cab")) == first
    assert len(pages_compressed) == 2


def test_a_page_written_again_in_the_same_process_is_compressed_once(face, pages_compressed):
    first = render_pdf(_document(face, "abc", "abc"))
    assert render_pdf(_document(face, "abc")) != first
    assert len(pages_compressed) == 1


def test_a_page_with_other_content_is_compressed_itself(face, pages_compressed):
    render_pdf(_document(face, "abc"))
    other = render_pdf(_document(face, "abd"))
    assert len(pages_compressed) == 2
    assert zlib.compress(pages_compressed[1]) in other


def _with_image(face, tmp_path) -> TypesetDocument:
    from PIL import Image

    from letterpress.typeset.page import PlacedImage, PlacedRule

    picture = tmp_path / "signature.png"
    Image.new("L", (4, 2), 128).save(picture)
    plain = _document(face, "abc", "cab")
    drawn = Page(plain.pages[0].lines, rules=(PlacedRule(50.0, 40.0, 250.0, 40.0, 0.5, 0.2),),
                 images=(PlacedImage(picture, 50.0, 100.0, 40.0, 20.0),))
    return TypesetDocument(300, 400, (drawn,) + plain.pages, plain.info)


def test_a_page_dictionary_is_formatted_by_reportlab_once_for_each_kind_of_page(face, tmp_path, monkeypatch):
    from reportlab.pdfbase import pdfdoc

    checked: list[int] = []
    check = pdfdoc.PDFPage.check_format

    def spy(self, document):
        checked.append(bool(self.XObjects))
        return check(self, document)

    monkeypatch.setattr(pdfdoc.PDFPage, "check_format", spy)
    render_pdf(_with_image(face, tmp_path))
    render_pdf(_document(face, "abc", "bca", "cab"))
    # a page with an image every time; the pages with text only once, for their template
    assert sorted(checked) == [False, True]


def test_pages_written_from_templates_are_what_reportlab_writes(face, tmp_path, monkeypatch):
    from letterpress.render import reportlab_adapter

    documents = [_with_image(face, tmp_path), _document(face, "abc", "bca")]
    from letterpress.render import render_packet

    with_templates = [render_pdf(document) for document in documents] + [render_packet(documents)]
    evict()
    # no template for a page, a stream or the information dictionary: reportlab formats them
    monkeypatch.setattr(reportlab_adapter, "_page_template", lambda page: None)
    monkeypatch.setattr(reportlab_adapter, "_stream_template", lambda shape: None)
    monkeypatch.setattr(reportlab_adapter._InfoFromTemplate, "_template", lambda self, stamp: None)
    assert [render_pdf(document) for document in documents] + [render_packet(documents)] == with_templates


def _formatted(monkeypatch, kind, seen=lambda obj: True) -> list:
    """The objects of reportlab's class ``kind`` formatted from now on (those ``seen`` picks)."""
    formatted: list = []
    write = kind.format

    def spy(self, document, *args, **kwargs):
        if seen(self):
            formatted.append(self)
        return write(self, document, *args, **kwargs)

    monkeypatch.setattr(kind, "format", spy)
    return formatted


def test_a_stream_dictionary_is_formatted_by_reportlab_once_for_each_shape(face, monkeypatch):
    from reportlab.pdfbase import pdfdoc

    streams = _formatted(monkeypatch, pdfdoc.PDFStream)
    dictionaries = _formatted(monkeypatch, pdfdoc.PDFDictionary, lambda dictionary: "Length" in dictionary.dict)
    first = render_pdf(_document(face, "abc", "bca", "cab"))
    # a page stream's template, a TrueType program's, and the ToUnicode map (preformatted once)
    assert len(dictionaries) == 3 and len(streams) == 1
    assert first.count(b"/Filter [ /FlateDecode ] /Length ") == 5
    streams.clear()
    dictionaries.clear()
    render_pdf(_document(face, "cab", "abc", "bac", "acb"))
    assert not dictionaries and not streams


def test_the_information_dictionary_is_formatted_by_reportlab_once_and_each_text_once(face, monkeypatch):
    from reportlab.pdfbase import pdfdoc

    infos = _formatted(monkeypatch, pdfdoc.PDFInfo)
    strings = _formatted(monkeypatch, pdfdoc.PDFString)
    first = _document(face, "abc")
    render_pdf(first)
    assert len(infos) == 1
    infos.clear()
    strings.clear()
    pdf = render_pdf(TypesetDocument(300, 400, first.pages, PdfInfo("t", "a", "another subject", "k", "en")))
    assert not infos and sorted(string.s for string in strings) == ["another subject", "en"]  # the new subject, and the catalog's /Lang
    assert b"/Subject (another subject) /Title (t) /Trapped /False" in pdf
