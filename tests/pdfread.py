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


class FontProgram:
    """An embedded font program, read back: which codes it has and whether they have outlines."""

    def has(self, code: int) -> bool:
        raise NotImplementedError

    def inked(self, code: int) -> bool:
        raise NotImplementedError


class TrueTypeProgram(FontProgram):
    """FontFile2 (CIDToGIDMap /Identity): codes are glyph ids."""

    def __init__(self, data: bytes):
        self.font = TTFont(io.BytesIO(data))

    def has(self, code: int) -> bool:
        return code < len(self.font.getGlyphOrder())

    def inked(self, code: int) -> bool:
        if "glyf" in self.font:
            return self.font["glyf"][self.font.getGlyphOrder()[code]].numberOfContours != 0
        return _cff_inked(self.font["CFF "].cff, self.font.getGlyphOrder()[code])


class CIDCFFProgram(FontProgram):
    """FontFile3 /CIDFontType0C: a bare CID-keyed CFF, whose codes are CIDs."""

    def __init__(self, data: bytes):
        from fontTools.cffLib import CFFFontSet

        self.cff = CFFFontSet()
        self.cff.decompile(io.BytesIO(data), None)
        self.names = set(self.cff.topDictIndex[0].charset)

    def has(self, code: int) -> bool:
        return f"cid{code:05d}" in self.names

    def inked(self, code: int) -> bool:
        return _cff_inked(self.cff, f"cid{code:05d}")


def _cff_inked(cff, name: str) -> bool:
    charstrings = cff.topDictIndex[0].CharStrings
    return charstrings[name].calcBounds(charstrings) is not None


@dataclass
class EmbeddedFont:
    name: str
    subtype: str
    descendant: str | None
    program: FontProgram | None  # None when not embedded


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
                    program = _program(descriptor)
                fonts[name] = EmbeddedFont(name, subtype, descendant, program)
    finally:
        stream.close()
    return list(fonts.values())


def _program(descriptor) -> FontProgram | None:
    if "FontFile2" in descriptor:
        return TrueTypeProgram(resolve1(descriptor["FontFile2"]).get_data())
    if "FontFile3" in descriptor:
        stream = resolve1(descriptor["FontFile3"])
        subtype = resolve1(stream.get("Subtype")).name
        if subtype == "CIDFontType0C":
            return CIDCFFProgram(stream.get_data())
        if subtype == "OpenType":
            return TrueTypeProgram(stream.get_data())
        raise AssertionError(f"unexpected FontFile3 subtype {subtype}")
    if "FontFile" in descriptor:
        raise AssertionError("a Type 1 font program: letterpress never embeds one")
    return None


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
