"""Envelopes and address-label sheets, addressed exactly like the letters.

An envelope page has the layout's envelope size (landscape); the recipient's
address sits in the envelope's window rectangle, the return address at the
top left (bottom left when the window is there).  Label sheets are A4 3x8 or Letter 3x10, one label per recipient.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..cache.context import CacheContext
from ..compose.document import AddressBlock, Document
from ..errors import InputError, attempt
from ..fonts.face import FontSet
from ..paper import PageLayout
from . import Typesetter, page_layout
from .page import Page, PdfInfo, PlacedLine, TypesetDocument, rectangle
from .window import SetAddress, fit_address

MM = 72 / 25.4
LABEL_SIZE = 8.0


def _address_lines(document: Document, setter, layout: PageLayout, size: float, width: float, height: float,
                   where: str) -> SetAddress:
    """The address as in the letter's window, wrapped and sized for another box (envelope window, label)."""
    block = document.address
    return fit_address(setter, block.lines, block.language, width=width, height=height, nominal=size,
                       minimum=min(size, layout.address_min_size), window=where,
                       recipient_id=document.recipient_id, where=block.where)


def typeset_envelope(document: Document, fonts: FontSet, layout: PageLayout, *, show_windows: bool = False,
                     cache: CacheContext | None = None) -> TypesetDocument:
    """The recipient's envelope page; ``cache``: the build's caches (None: the environment's)."""
    setter = Typesetter(fonts, cache)
    envelope = layout.envelope
    window = envelope.window
    block = document.address
    placed = list(_return_address(setter, block, envelope))
    fitted = _window_address(document, setter, layout)
    top = window.y + (window.height - len(fitted.lines) * fitted.leading) / 2
    for index, line in enumerate(fitted.lines):
        placed.append(PlacedLine(line, window.x + 2 * MM, top + fitted.size + index * fitted.leading))
    rules = rectangle(window.x, window.y, window.width, window.height) if show_windows else []
    info = PdfInfo(f"Envelope: {document.recipient_id}", document.metadata.author, document.metadata.subject,
                   document.metadata.keywords, block.language)
    return TypesetDocument(envelope.width, envelope.height, (Page(tuple(placed), tuple(rules)),), info)


def envelope_problems(document: Document, fonts: FontSet, layout: PageLayout,
                      cache: CacheContext | None = None) -> list[InputError]:
    """What would stop the recipient's envelope, both parts tried: the address not fitting the
    window, the return address finding no room beside it. Checked before a build writes anything."""
    setter = Typesetter(fonts, cache)
    problems: list[InputError] = []
    attempt(problems, _return_address, setter, document.address, layout.envelope)
    attempt(problems, _window_address, document, setter, layout)
    return problems


def _window_address(document: Document, setter: Typesetter, layout: PageLayout) -> SetAddress:
    window = layout.envelope.window
    return _address_lines(document, setter, layout, layout.address_size, window.width - 4 * MM, window.height,
                          f"window ({layout.envelope.name} envelope)")


RETURN_SIZE = 7.0
RETURN_LEADING = 8.5
RETURN_EDGE = 10 * MM  # from the envelope's left edge, and from its top or bottom edge


def _return_address(setter: Typesetter, block: AddressBlock, envelope) -> tuple[PlacedLine, ...]:
    """The return address, small, at the envelope's top left; at its bottom left when the window is
    at the top left (a Japanese 長形3号), so that the two never print over each other."""
    window = envelope.window
    lines = [line for part in block.return_line.split(" · ")
             for line in setter.text(part, block.language, RETURN_SIZE, window.x - RETURN_EDGE if window.x > 60 * MM
                                     else 90 * MM)]
    width = max((line.width for line in lines), default=0.0)
    ascent = max((line.ascent for line in lines), default=0.0)
    descent = max((line.descent for line in lines), default=0.0)
    depth = (len(lines) - 1) * RETURN_LEADING  # from the first baseline to the last
    # the first baseline at the top left, or the last one RETURN_EDGE above the bottom edge
    for first in (12 * MM, envelope.height - RETURN_EDGE - depth):
        top, bottom = first - ascent, first + depth + descent
        clear = (RETURN_EDGE + width <= window.x or RETURN_EDGE >= window.x + window.width
                 or bottom <= window.y or top >= window.y + window.height)
        if clear:
            return tuple(PlacedLine(line, RETURN_EDGE, first + index * RETURN_LEADING)
                         for index, line in enumerate(lines))
    raise InputError(f"the return address has no room beside the window of the {envelope.name} envelope",
                     location=block.return_where,
                     hint="shorten the sender's address lines in letter.yaml, or choose another layout")


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of address labels: its paper, size, grid of labels, and the margins around the grid."""

    paper: str
    width: float
    height: float
    columns: int
    rows: int
    margin_x: float
    margin_y: float


SHEETS = {
    "A4": LabelSheet("A4", 595.276, 841.89, 3, 8, 0.0, 4.5 * MM),  # 70 x 36 mm labels, 3 x 8
    "Letter": LabelSheet("Letter", 612.0, 792.0, 3, 10, 0.1875 * 72, 0.5 * 72),  # 2.625 x 1 in, 3 x 10
}


def typeset_labels(documents: Sequence[Document], fonts: FontSet, paper: str,
                   cache: CacheContext | None = None) -> TypesetDocument:
    """One label per document (the caller passes one document per recipient); ``cache``: the
    build's caches (None: the environment's)."""
    setter = Typesetter(fonts, cache)
    sheet = SHEETS[paper]
    label_width, label_height = _label_size(sheet)
    per_page = sheet.columns * sheet.rows
    pages = []
    for start in range(0, len(documents), per_page):
        placed = []
        for slot, document in enumerate(documents[start:start + per_page]):
            column, row = slot % sheet.columns, slot // sheet.columns
            x = sheet.margin_x + column * label_width + 4 * MM
            fitted = _label_address(document, setter, sheet)
            y = sheet.margin_y + row * label_height + (label_height - len(fitted.lines) * fitted.leading) / 2
            for index, line in enumerate(fitted.lines):
                placed.append(PlacedLine(line, x, y + fitted.size + index * fitted.leading))
        pages.append(Page(tuple(placed)))
    info = PdfInfo("Address labels", "letterpress", "", "", documents[0].address.language if documents else "en")
    return TypesetDocument(sheet.width, sheet.height, tuple(pages), info)


def label_problems(documents: Sequence[Document], fonts: FontSet, paper: str,
                   cache: CacheContext | None = None) -> list[InputError]:
    """Each address that does not fit its label: all of them, before a build writes anything."""
    setter = Typesetter(fonts, cache)
    problems: list[InputError] = []
    for document in documents:
        attempt(problems, _label_address, document, setter, SHEETS[paper])
    return problems


def _label_size(sheet: LabelSheet) -> tuple[float, float]:
    return (sheet.width - 2 * sheet.margin_x) / sheet.columns, (sheet.height - 2 * sheet.margin_y) / sheet.rows


def _label_address(document: Document, setter: Typesetter, sheet: LabelSheet) -> SetAddress:
    """The address inside a label's 4 mm side margins and 2 mm top and bottom ones."""
    label_width, label_height = _label_size(sheet)
    return _address_lines(document, setter, page_layout(document), LABEL_SIZE, label_width - 8 * MM,
                          label_height - 4 * MM, f"label ({sheet.paper} label sheet)")
