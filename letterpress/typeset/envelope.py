"""Envelopes and address-label sheets, addressed exactly like the letters.

An envelope page has the layout's envelope size (landscape); the recipient's
address sits in the envelope's window rectangle, the return address at the
top left.  Label sheets are A4 3x8 or Letter 3x10, one label per recipient.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..compose.document import Document
from ..errors import InputError
from ..fonts.face import FontSet
from ..layout.types import Line
from ..paper import PageLayout
from ..project.langtags import is_cjk
from .page import Page, PdfInfo, PlacedLine, PlacedRule, TypesetDocument

MM = 72 / 25.4


def _address_lines(document: Document, setter, size: float, width: float) -> list[Line]:
    block = document.address
    lines = []
    for text in block.lines:
        set_lines = setter.text(text, block.language, size, 10_000, align="left")
        lines += list(set_lines[:1])
    for line in lines:
        if line.width > width + 0.01:
            raise InputError(f"the address of recipient {document.recipient_id!r} is wider than the envelope "
                             f"window ({line.width / MM:.0f} mm > {width / MM:.0f} mm)",
                             hint="shorten the longest address line")
    return lines


def rectangle(x: float, y: float, width: float, height: float, gray: float = 0.55) -> list[PlacedRule]:
    return [
        PlacedRule(x, y, x + width, y, 0.4, gray),
        PlacedRule(x + width, y, x + width, y + height, 0.4, gray),
        PlacedRule(x + width, y + height, x, y + height, 0.4, gray),
        PlacedRule(x, y + height, x, y, 0.4, gray),
    ]


def typeset_envelope(document: Document, fonts: FontSet, layout: PageLayout, *, show_windows: bool = False
                     ) -> TypesetDocument:
    from . import Typesetter

    setter = Typesetter(fonts)
    envelope = layout.envelope
    window = envelope.window
    block = document.address
    size = layout.address_size
    leading = round(size * (1.45 if is_cjk(block.language) else 1.2), 2)
    placed: list[PlacedLine] = []
    # Return address: top left, small.
    y = 12 * MM
    for text in block.return_line.split(" · "):
        for line in setter.text(text, block.language, 7.0, window.x - 10 * MM if window.x > 60 * MM else 90 * MM):
            placed.append(PlacedLine(line, 10 * MM, y))
            y += 8.5
    lines = _address_lines(document, setter, size, window.width - 4 * MM)
    if len(lines) * leading > window.height:
        raise InputError(f"the address of recipient {document.recipient_id!r} has {len(lines)} lines; the "
                         f"{envelope.name} window holds {int(window.height // leading)}",
                         hint="shorten the address or choose another layout")
    top = window.y + (window.height - len(lines) * leading) / 2
    for index, line in enumerate(lines):
        placed.append(PlacedLine(line, window.x + 2 * MM, top + size + index * leading))
    rules = rectangle(window.x, window.y, window.width, window.height) if show_windows else []
    info = PdfInfo(f"Envelope: {document.recipient_id}", document.metadata.author, document.metadata.subject,
                   document.metadata.keywords, block.language)
    return TypesetDocument(envelope.width, envelope.height, (Page(tuple(placed), tuple(rules)),), info)


@dataclass(frozen=True)
class LabelSheet:
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


def typeset_labels(documents: Sequence[Document], fonts: FontSet, paper: str) -> TypesetDocument:
    """One label per document (the caller passes one document per recipient)."""
    from . import Typesetter

    setter = Typesetter(fonts)
    sheet = SHEETS[paper]
    label_width = (sheet.width - 2 * sheet.margin_x) / sheet.columns
    label_height = (sheet.height - 2 * sheet.margin_y) / sheet.rows
    per_page = sheet.columns * sheet.rows
    pages = []
    for start in range(0, len(documents), per_page):
        placed = []
        for slot, document in enumerate(documents[start:start + per_page]):
            column, row = slot % sheet.columns, slot // sheet.columns
            x = sheet.margin_x + column * label_width + 4 * MM
            size = 8.0
            leading = size * (1.4 if is_cjk(document.address.language) else 1.18)
            lines = _address_lines(document, setter, size, label_width - 8 * MM)
            if len(lines) * leading > label_height - 4 * MM:
                raise InputError(f"the address of recipient {document.recipient_id!r} does not fit a "
                                 f"{paper} label ({len(lines)} lines)", hint="shorten the address")
            y = sheet.margin_y + row * label_height + (label_height - len(lines) * leading) / 2
            for index, line in enumerate(lines):
                placed.append(PlacedLine(line, x, y + size + index * leading))
        pages.append(Page(tuple(placed)))
    info = PdfInfo("Address labels", "letterpress", "", "", documents[0].address.language if documents else "en")
    return TypesetDocument(sheet.width, sheet.height, tuple(pages), info)
