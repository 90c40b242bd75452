"""Each page's text, drawn from its lines' keys: a page drawn again is found compressed without its
lines' operators.

A page's text is its lines' operators (:mod:`.line_ops`), each after the matrix that places it, and
a line's operators follow from its content key (:attr:`letterpress.layout.Line.key`) and the
encoder's version. So the page's content stream follows from what reportlab wrote for it around
the text (rules, images) and, for the text, its lines' keys and placements: render first writes a
placeholder in the text's stead, and when the document is saved looks each page up by that
description in the pdf-parts store. Only a page not found there has its lines' operators read
(the drawn store) or encoded, put in the placeholder's place and compressed
(:func:`.pdf_parts.compressed_pages`).
"""
from __future__ import annotations

import hashlib
import re
import struct
from typing import Sequence

from ..cache import CacheContext, Memo, kept_or_made
from ..typeset.page import PlacedLine
from . import line_ops
from .line_ops import drawn_line, fmt, kept_operators
from .pdf_parts import compressed_pages, parts_store

__all__ = ["PageTexts"]

# The version of how a page's text is put together from its lines (below): bump it when that
# changes, or a page found by its description would be the old text. The encoder's own version
# (line_ops._VERSION) is part of every description too.
_FORMAT = 2  # 2: the places packed, not written out

# Stands for a page's text in its content stream until the document is saved: reportlab writes
# no NUL in a content stream.
_PLACEHOLDER = re.compile(rb"\x00(\d+)\x00")


class PageTexts:
    """The text of each page of one PDF: :meth:`add` as the page is drawn, :meth:`compressed`
    when the document is saved (:func:`.reportlab_adapter.save`)."""

    def __init__(self, cache: CacheContext) -> None:
        self._cache = cache
        # each page's lines, and where each goes: (x, y) from the page's bottom left
        self._pages: list[tuple[tuple, list[float]]] = []

    def add(self, lines: Sequence[PlacedLine], height: float) -> str:
        """The placeholder to draw in place of the text of ``lines`` on a page ``height`` high."""
        places = []
        for placed in lines:
            places += (placed.x, height - placed.baseline)
        self._pages.append((tuple(placed.line for placed in lines), places))
        return f"\x00{len(self._pages) - 1}\x00"

    def compressed(self, streams: list[bytes]) -> list[bytes]:
        """Each page content stream of ``streams`` with its text in place of the placeholder,
        compressed: found by its description, or put together and compressed now (and then kept
        by its description too)."""
        return kept_or_made([self._description(stream) for stream in streams],
                            lambda indexes: compressed_pages(self._written([streams[index] for index in indexes]),
                                                             self._cache),
                            _PAGES, lambda: parts_store(self._cache))

    def _description(self, stream: bytes) -> str | None:
        """What determines ``stream`` with its text in place: None when a line has no content key
        (its operators are not kept by one) or the stream holds no placeholder."""
        placeholders = _PLACEHOLDER.findall(stream)
        if not placeholders:
            return None
        # the placeholders' numbers are left out: the same page is found in another PDF (a packet)
        parts = [f"{_FORMAT}/{line_ops._VERSION}".encode(), _PLACEHOLDER.sub(b"\x00\x00", stream)]
        for number in placeholders:
            lines, places = self._pages[int(number)]
            if not all(line.key for line in lines):
                return None
            # the places as they are (each writes as fmt writes it), packed in one call
            parts += ("\n".join([line.key for line in lines]).encode(), struct.pack(f">{len(places)}d", *places))
        return "text:" + hashlib.sha256(b"\x00\x01".join(parts)).hexdigest()[:32]

    def _written(self, streams: list[bytes]) -> list[bytes]:
        """``streams`` with each page's text in place of its placeholder: its lines' operators
        read from the memo or the drawn store (one query for all), or encoded now."""
        numbers = [int(number) for stream in streams for number in _PLACEHOLDER.findall(stream)]
        kept = kept_operators((line for number in numbers for line in self._pages[number][0]), self._cache)

        def text(match: re.Match) -> bytes:
            lines, places = self._pages[int(match.group(1))]
            ops = ["BT"]
            for line, x, y in zip(lines, places[::2], places[1::2]):
                ops += (f"1 0 0 1 {fmt(x)} {fmt(y)} Tm", drawn_line(line, kept, self._cache).ops)
            ops.append("ET")
            return "\n".join(ops).encode("ascii")

        return [_PLACEHOLDER.sub(text, stream) for stream in streams]


# compressed page streams by their description (the pages of a few copies' worth of languages)
_PAGES: Memo[str, bytes] = Memo("compressed page streams by their lines' keys and placements", 256)
