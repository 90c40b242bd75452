"""Independent readers for the PDFs letterpress writes: pdfminer for objects and content, fontTools for fonts.

Nothing here imports letterpress: tests must judge its output with other eyes.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1


@dataclass
class EmbeddedFont:
    name: str
    subtype: str
    descendant: str | None
    program: TTFont | None  # None when not embedded


@dataclass
class Drawn:
    """Glyph ids drawn per font, and the glyph origins with their font size, per page."""

    glyphs: dict[str, set[int]] = field(default_factory=dict)


def _open(path: Path):
    stream = open(path, "rb")
    return stream, PDFDocument(PDFParser(stream))


def embedded_fonts(path: Path) -> list[EmbeddedFont]:
    stream, document = _open(path)
    fonts: dict[str, EmbeddedFont] = {}
    try:
        for page in PDFPage.create_pages(document):
            resources = resolve1(page.resources) or {}
            for _, ref in (resolve1(resources.get("Font")) or {}).items():
                font = resolve1(ref)
                name = resolve1(font.get("BaseFont")).name
                subtype = resolve1(font.get("Subtype")).name
                descendant, descriptor = None, resolve1(font.get("FontDescriptor"))
                if subtype == "Type0":
                    child = resolve1(resolve1(font["DescendantFonts"])[0])
                    descendant = resolve1(child["Subtype"]).name
                    descriptor = resolve1(child.get("FontDescriptor"))
                program = None
                if descriptor is not None:
                    for key in ("FontFile2", "FontFile3", "FontFile"):
                        if key in descriptor:
                            data = resolve1(descriptor[key]).get_data()
                            program = TTFont(io.BytesIO(data)) if key == "FontFile2" else None
                            if program is None:
                                program = TTFont(io.BytesIO(data)) if data[:4] in (b"OTTO", b"\0\1\0\0") else "other"
                fonts[name] = EmbeddedFont(name, subtype, descendant, program)
    finally:
        stream.close()
    return list(fonts.values())


class _GlyphRecorder(PDFDevice):
    def __init__(self, rsrcmgr, drawn: Drawn):
        super().__init__(rsrcmgr)
        self.drawn = drawn

    def render_string(self, textstate, seq, ncs, graphicstate):  # noqa: D401 (pdfminer's API)
        font = textstate.font
        name = getattr(font, "basefont", "?")
        bucket = self.drawn.glyphs.setdefault(str(name), set())
        for item in seq:
            if isinstance(item, bytes):
                bucket.update(font.decode(item))


def drawn_glyphs(path: Path) -> Drawn:
    stream, document = _open(path)
    drawn = Drawn()
    try:
        manager = PDFResourceManager()
        device = _GlyphRecorder(manager, drawn)
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
    finally:
        stream.close()
    return drawn


def info(path: Path) -> dict:
    stream, document = _open(path)
    try:
        meta = {k: resolve1(v) for k, v in (document.info[0] if document.info else {}).items()}
        catalog = document.catalog
        meta["Lang"] = resolve1(catalog.get("Lang"))
        return meta
    finally:
        stream.close()


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def normalise(text: str) -> str:
    """Text as extracted, with line breaks and hyphenation undone, for comparison with the source."""
    import re

    text = text.replace("\r\n", "\n").replace("\u00ad", "")
    text = re.sub(r"-\n(?=\w)", "", text)
    text = re.sub(r"\s+", " ", text)
    return text
