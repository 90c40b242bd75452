"""A page drawn again is found by its lines' keys and placements, without reading their operators.

Render writes a placeholder for each page's text and, when the document is saved, looks the page up
by what it is made of (what reportlab wrote around the text, its lines' content keys, their
matrices) in the pdf-parts store; only a page not found has its lines' operators read or encoded.
Checked with a fixed-advance font (tests/fontmaker.py).
"""
from __future__ import annotations

import io
import re
import zlib

import pytest

from fontmaker import fixed_advance_font
from letterpress.cache import evict, flush
from letterpress.cache.store import Store
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.layout import Run, set_paragraph
from letterpress.render import render_pdf
from letterpress.typeset.page import Page, PdfInfo, PlacedLine, PlacedRule, TypesetDocument

TEXT = "One letter, translated into many languages, delivered to many embassies on one day."


@pytest.fixture
def fonts(tmp_path, monkeypatch) -> FontSet:
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    evict()
    data = io.BytesIO()
    fixed_advance_font().save(data)
    yield FontSet({("en", "regular"): (face_from_sfnt(data.getvalue()),)})
    evict()


def _document(lines, top: float = 60.0) -> TypesetDocument:
    page = Page(tuple(PlacedLine(line, 50.0, top + 14 * index) for index, line in enumerate(lines)),
                rules=(PlacedRule(50.0, 40.0, 250.0, 40.0, 0.5, 0.2),))
    return TypesetDocument(300, 400, (page, page), PdfInfo("t", "a", "s", "k", "en"))


def _page_streams(pdf: bytes) -> list[bytes]:
    streams = (zlib.decompress(body) for body in re.findall(rb"\nstream\n(.*?)endstream", pdf, re.S))
    return [stream for stream in streams if b" Tm" in stream]


@pytest.fixture
def stores_read(monkeypatch) -> list[str]:
    """The stores read from now on, by file name."""
    read: list[str] = []
    get, get_many = Store.get, Store.get_many

    def spy_get(self, key):
        read.append(self.file_name)
        return get(self, key)

    def spy_get_many(self, keys):
        keys = list(keys)
        read.extend([self.file_name] * len(keys))  # one per entry asked for
        return get_many(self, keys)

    monkeypatch.setattr(Store, "get", spy_get)
    monkeypatch.setattr(Store, "get_many", spy_get_many)
    return read


def test_a_page_drawn_again_in_a_new_process_reads_no_line_operators(fonts, stores_read):
    lines = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    assert len(lines) > 2 and all(line.key for line in lines)
    first = render_pdf(_document(lines))
    streams = _page_streams(first)
    assert len(streams) == 2 and all(b"BT\n1 0 0 1 50 " in stream and b"\x00" not in stream for stream in streams)
    assert any(name.startswith("drawn-") for name in stores_read)
    flush()
    evict()  # what a new process has: the stores, not the memos
    stores_read.clear()
    assert render_pdf(_document(lines)) == first
    assert stores_read and not any(name.startswith("drawn-") for name in stores_read)


def test_a_page_with_other_lines_or_placed_otherwise_is_written_afresh(fonts, tmp_path, monkeypatch):
    lines = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    other = set_paragraph([Run(TEXT.replace("many", "all the"), "en")], fonts, size=10, width=200)
    render_pdf(_document(lines))
    flush()
    evict()
    moved, changed = render_pdf(_document(lines, top=70.0)), render_pdf(_document(other))
    # the same documents in a cache that never saw the first one
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path / "elsewhere"))
    evict()
    assert render_pdf(_document(lines, top=70.0)) == moved
    assert render_pdf(_document(other)) == changed
    assert b"1 0 0 1 50 330 Tm" in _page_streams(moved)[0]


def test_a_page_is_found_again_in_another_pdf_where_it_is_not_the_first(fonts, stores_read):
    lines = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    alone = render_pdf(_document(lines))
    flush()
    evict()
    stores_read.clear()
    from letterpress.render import render_packet

    other = set_paragraph([Run("A cover page.", "en")], fonts, size=10, width=200)
    packet = render_packet((_document(other), _document(lines)))
    assert _page_streams(packet)[2:] == _page_streams(alone)
    # the cover page's line is read; the letter's pages are found by their description
    assert sum(name.startswith("drawn-") for name in stores_read) == len(other) == 1


def test_pages_alike_in_one_pdf_have_their_text_written_once(fonts, monkeypatch):
    from letterpress.render.page_text import PageTexts

    written: list[int] = []
    write = PageTexts._written

    def spy(self, streams):
        written.append(len(streams))
        return write(self, streams)

    monkeypatch.setattr(PageTexts, "_written", spy)
    lines = set_paragraph([Run(TEXT, "en")], fonts, size=10, width=200)
    pdf = render_pdf(_document(lines))  # two pages, the same lines in the same places
    streams = _page_streams(pdf)
    assert len(streams) == 2 and streams[0] == streams[1]
    assert written == [1]
