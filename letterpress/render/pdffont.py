"""Embedding shaped glyphs: Type 0 fonts with Identity-H encoding, one per face per PDF.

reportlab's own TrueType support maps *characters* to glyphs through the cmap,
so it cannot draw what HarfBuzz produces (ligatures, contextual forms, locl
variants have no code point of their own) and it registers every font in a
process-wide registry.  So, as Typst and WeasyPrint do, we write the font
objects ourselves: the content stream addresses glyphs directly with 2-byte
codes (glyph ids for TrueType, CIDToGIDMap /Identity; CIDs for CID-keyed CFF),
the ToUnicode CMap maps each code back to the text it stands for, and the
objects hang off the one reportlab document being written, so nothing is global.
"""
from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass, field
from itertools import chain, starmap
from typing import NamedTuple, Sequence

from reportlab.pdfbase import pdfdoc

from ..cache import CacheContext, Memo, kept_or_made, memoized
from ..fonts.face import PreparedFace
from ..layout.types import Line
from ..typeset.page import PlacedLine
from .font_program import font_programs
from .pdf_parts import parts_store
from .reportlab_adapter import REFERENCE, Preformatted, flated_stream, preformat

_FLAG_SERIF = 1 << 1
_FLAG_SYMBOLIC = 1 << 2
_FLAG_ITALIC = 1 << 6


@dataclass
class _FaceUse:
    face: PreparedFace
    resource: str  # the name in the page's /Font resources, without the slash
    runs: list[tuple[Line, int]] = field(default_factory=list)  # each run drawn: its line, its index there

    def texts(self) -> dict[int, str]:
        """Each glyph drawn, with the first text it stood for: a glyph first seen inside a
        cluster (no text of its own) takes the text of a later use, if any. Worked out at C
        speed: every glyph with "", then each run's glyphs that have text, last run first."""
        drawn = [line_texts(line)[index] for line, index in self.runs]
        texts = dict.fromkeys(chain.from_iterable(first for first, _ in drawn), "")
        for _, named in reversed(drawn):
            texts.update(named)
        return texts

    def lines_key(self) -> str | None:
        """The runs drawn, named by their lines' content keys (:attr:`Line.key`): the same in
        every PDF that draws the same runs of the face, which then draws the same glyphs as the
        same texts. None when a line has no content key."""
        keys = [line.key for line, _ in self.runs]
        if not all(keys):
            return None
        return "\n".join(keys) + "|" + ",".join([str(index) for _, index in self.runs])


def resource_name(face: PreparedFace) -> str:
    """The font's name in page resources: from its content, so every PDF (and every cached
    line of content stream) names the same face the same way."""
    return f"LP{face.key[:10]}"


def pdf_code(face: PreparedFace, glyph: int) -> int:
    """The 2-byte code that draws ``glyph`` in the PDF (Identity-H): the glyph id for TrueType
    outlines (CIDToGIDMap /Identity), the glyph's CID for CID-keyed CFF."""
    return face.cids[glyph] if face.cids is not None else glyph


def width_units(face: PreparedFace, glyph: int) -> int:
    """The glyph's width in the PDF's 1/1000 em units, as written in /W."""
    widths = pdf_widths(face)
    return widths[glyph] if glyph < len(widths) else 0


def pdf_widths(face: PreparedFace) -> tuple[int, ...]:
    """Every glyph's width as written in /W, by glyph id (computed once per face)."""
    widths = _WIDTHS.get(face.key)
    if widths is None:
        scale = 1000 / face.units_per_em
        computed = [round(advance * scale) for advance in face.advances]
        for glyph in _marks(face):
            computed[glyph] = 0
        widths = _WIDTHS.put(face.key, tuple(computed))
    return widths


_WIDTHS: Memo[str, tuple[int, ...]] = Memo("the PDF widths of each face's glyphs", 64)


def _marks(face: PreparedFace) -> list[int]:
    """The face's mark glyphs (GDEF class 3): HarfBuzz draws them with no advance, over their base.

    Their width in the PDF is 0 too, as drawn: text extraction reads a glyph's extent from /W,
    and a Devanagari anusvara or a Thai vowel sign that seemed to reach past its base would be
    read as a separate word (pdftotext: सं गठन for संगठन, รบ + ั for รับ)."""
    import uharfbuzz as hb

    hb_face = face.hb_face
    if not hb_face.has_layout_glyph_classes:
        return []
    mark = hb.OTLayoutGlyphClass.MARK
    return [glyph for glyph in range(len(face.advances)) if hb_face.get_layout_glyph_class(glyph) == mark]


class EmbeddedFonts:
    """The faces one PDF uses: :meth:`record` as pages are drawn, then :meth:`add_objects`
    once, when the file is written (:func:`.reportlab_adapter.on_save`)."""

    def __init__(self, cache: CacheContext | None = None) -> None:
        self._uses: dict[str, _FaceUse] = {}
        self._cache = cache  # where the font programs are kept (None: the environment's caches)

    def record(self, lines: Sequence[PlacedLine]) -> None:
        """Remember that ``lines`` (a page's) are drawn: each face they draw with goes into the
        PDF, with the glyphs of its runs and the text each stands for. This runs for every line of
        every copy, so it only keeps the runs; :meth:`_FaceUse.texts` reads their texts when the
        fonts are made, and only if they are not kept already."""
        uses = self._uses
        for placed in lines:
            line = placed.line
            index = 0
            for run in line.runs:
                if run.glyphs:
                    face = run.face
                    use = uses.get(face.key)
                    if use is None:
                        use = uses[face.key] = _FaceUse(face, resource_name(face))
                    use.runs.append((line, index))
                index += 1

    def add_objects(self, doc: pdfdoc.PDFDocument, fonts: dict) -> None:
        """Make each face's Type 0 font in ``doc`` and name it in ``fonts``, the pages' /Font
        resources."""
        uses = list(self._uses.values())
        objects = _font_objects_by_lines(doc, uses, self._cache)
        programs = font_programs([(use.face, made.glyphs) for use, made in zip(uses, objects)], self._cache)
        for use, made, program in zip(uses, objects, programs):
            fonts[use.resource] = self._type0(doc, use.face, made, program)

    def _type0(self, doc: pdfdoc.PDFDocument, face: PreparedFace, objects: _FontObjects, kept: tuple[bytes, int]):
        compressed, length = kept  # the program, and its length uncompressed
        if face.is_cid_cff:
            program = flated_stream(compressed, Subtype=pdfdoc.PDFName("CIDFontType0C"))
        else:
            program = flated_stream(compressed, Length1=length)
        # registered in the order the objects refer to each other, which is their order in the file
        program = doc.Reference(program)
        descriptor = doc.Reference(Preformatted(objects.descriptor, (program,)))
        descendant = doc.Reference(Preformatted(objects.descendant, (descriptor,)))
        to_unicode = doc.Reference(Preformatted(objects.to_unicode))
        return doc.Reference(Preformatted(objects.font, (descendant, to_unicode)))


def _font_objects_by_lines(doc: pdfdoc.PDFDocument, uses: list[_FaceUse], cache: CacheContext | None
                           ) -> list[_FontObjects]:
    """The font objects of each face of ``uses``, found by the lines it draws (a copy drawn again
    draws the same lines: neither their texts nor the glyphs drawn need working out), from the
    memo or ``cache``'s pdf-parts store (one query for all), or else by the texts drawn
    (:func:`_kept_font_objects`), and then kept by the lines too."""
    keys = []
    for use in uses:
        lines = use.lines_key()
        keys.append(None if lines is None else (_face_identity(use.face), doc.compression, lines))
    return kept_or_made(keys, lambda indexes: _kept_font_objects(doc, [(uses[index].face, uses[index].texts())
                                                                       for index in indexes], cache),
                        _BY_LINES, lambda: parts_store(cache),
                        stored_as=lambda key: "lines:" + hashlib.sha256(repr(key).encode()).hexdigest()[:32],
                        encode=_dumped, decode=_loaded)


def _kept_font_objects(doc: pdfdoc.PDFDocument, uses: list[tuple[PreparedFace, dict[int, str]]],
                       cache: CacheContext | None) -> list[_FontObjects]:
    """The font objects of each (face, texts drawn) of ``uses``: from the memo, from ``cache``'s
    pdf-parts store (one query for all), or made now (and then kept)."""
    keys = [(_face_identity(face), doc.compression, frozenset(texts.items())) for face, texts in uses]
    # stored by face, compression and the texts in glyph order
    return kept_or_made(keys, lambda indexes: [_font_objects(doc, *uses[index]) for index in indexes],
                        _OBJECTS, lambda: parts_store(cache),
                        stored_as=lambda key: "font:" + hashlib.sha256(f"{key[:2]}:{sorted(key[2])}".encode())
                        .hexdigest()[:32],
                        encode=_dumped, decode=_loaded)


def _face_identity(face: PreparedFace) -> tuple:
    """What the font objects take from the face: its data (by its key) and what is read from it."""
    return (face.key, face.postscript_name, face.style, face.weight, face.units_per_em, face.bbox,
            face.italic_angle, face.ascender, face.descender, face.cap_height, face.character_collection)


def _dumped(objects: _FontObjects) -> bytes:
    return marshal.dumps(tuple(objects))


def _loaded(stored: bytes) -> _FontObjects | None:
    try:
        return _FontObjects(*marshal.loads(stored))
    except (EOFError, ValueError, TypeError):  # not what this version stores: made again
        return None


class _FontObjects(NamedTuple):
    """A face's font objects for one PDF but its program, as reportlab writes them (the parts
    between the references, :func:`.reportlab_adapter.preformat`). The same in every copy
    that draws the same glyphs with the same texts, so made once for all of them."""

    glyphs: list[int]  # the glyphs drawn, in order: the program's subset
    descriptor: tuple[bytes, ...]  # refers to the program
    descendant: tuple[bytes, ...]  # refers to the descriptor
    to_unicode: tuple[bytes, ...]  # refers to nothing
    font: tuple[bytes, ...]  # refers to the descendant, then to the ToUnicode map


def _font_objects(doc: pdfdoc.PDFDocument, face: PreparedFace, texts: dict[int, str]) -> _FontObjects:
    glyphs = sorted(texts)
    # A subset tag derived from content keeps the output reproducible.
    digest = hashlib.sha256(f"{face.key}:{glyphs}".encode()).digest()
    tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
    base_font = f"{tag}+{face.postscript_name}"

    scale = 1000 / face.units_per_em
    flags = _FLAG_SYMBOLIC | _FLAG_SERIF | (_FLAG_ITALIC if face.style == "italic" else 0)
    descriptor = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("FontDescriptor"),
        "FontName": pdfdoc.PDFName(base_font),
        "Flags": flags,
        "FontBBox": pdfdoc.PDFArray([round(v * scale) for v in face.bbox]),
        "ItalicAngle": face.italic_angle,
        "Ascent": round(face.ascender * scale),
        "Descent": round(face.descender * scale),
        "CapHeight": round(face.cap_height * scale),
        "StemV": 120 if face.weight >= 600 else 80,
        "FontFile3" if face.is_cid_cff else "FontFile2": REFERENCE,
    })
    registry, ordering, supplement = face.character_collection or ("Adobe", "Identity", 0)
    descendant = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("Font"),
        "Subtype": pdfdoc.PDFName("CIDFontType0" if face.is_cid_cff else "CIDFontType2"),
        "BaseFont": pdfdoc.PDFName(base_font),
        "CIDSystemInfo": pdfdoc.PDFDictionary({
            "Registry": pdfdoc.PDFString(registry),
            "Ordering": pdfdoc.PDFString(ordering),
            "Supplement": supplement,
        }),
        "FontDescriptor": REFERENCE,
        "DW": 1000,
        "W": _widths(face, glyphs),
    })
    if not face.is_cid_cff:
        descendant.dict["CIDToGIDMap"] = pdfdoc.PDFName("Identity")
    # TrueType is addressed by glyph id: its codes are the glyphs
    codes = texts if face.cids is None else {face.cids[glyph]: text for glyph, text in texts.items()}
    to_unicode = pdfdoc.PDFStream(content=_to_unicode_cmap(codes).encode("ascii"))
    to_unicode.filters = [pdfdoc.PDFZCompress] if doc.compression else None
    font = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("Font"),
        "Subtype": pdfdoc.PDFName("Type0"),
        "BaseFont": pdfdoc.PDFName(base_font),
        "Encoding": pdfdoc.PDFName("Identity-H"),
        "DescendantFonts": pdfdoc.PDFArray([REFERENCE]),
        "ToUnicode": REFERENCE,
    })
    return _FontObjects(glyphs, *(preformat(obj, doc) for obj in (descriptor, descendant, to_unicode, font)))


# Keyed by face, compression and each glyph's text: a batch has a handful of faces, and the copies
# of one language draw a few distinct sets of glyphs with each.
_OBJECTS: Memo[tuple[tuple, int, frozenset[tuple[int, str]]], _FontObjects] = Memo(
    "each face's PDF font objects by the glyphs drawn and their texts", 256)
# the same objects by the lines drawn with the face: a copy each
_BY_LINES: Memo[tuple[tuple, int, str], _FontObjects] = Memo("each face's PDF font objects by the lines drawn", 256)


def line_texts(line: Line) -> tuple[tuple[dict[int, str], dict[int, str]] | None, ...]:
    """Each run's :func:`run_texts` (None for a run without glyphs), worked out once per line."""
    key = line.key or line  # a line without a content key is kept by value, in memory only
    texts = _LINE_TEXTS.get(key)
    if texts is None:
        texts = _LINE_TEXTS.put(key, tuple(run_texts(run) if run.glyphs else None for run in line.runs))
    return texts


# the lines of a batch, or of a few copies' worth of languages in one worker
_LINE_TEXTS: Memo[object, tuple] = Memo("each line's glyph texts, by its content key", 4096)


def _widths(face: PreparedFace, glyphs: list[int]) -> bytes:
    """The /W array: runs of consecutive codes with their widths.

    Written out here as PDF syntax (reportlab passes bytes through as they are): formatting
    each width through reportlab's number formatter was a large share of rendering in profiles.
    """
    widths = pdf_widths(face)
    out: list[str] = []
    run_start, run = -2, []
    cids = face.cids
    for code, glyph in sorted(zip(glyphs, glyphs) if cids is None else ((cids[glyph], glyph) for glyph in glyphs)):
        if code != run_start + len(run):
            if run:
                out.append(f"{run_start} [{' '.join(run)}]")
            run_start, run = code, []
        run.append(str(widths[glyph] if glyph < len(widths) else 0))
    if run:
        out.append(f"{run_start} [{' '.join(run)}]")
    return f"[{' '.join(out)}]".encode("ascii")


def _first_texts(glyphs: tuple[int, ...], texts: tuple[str, ...]) -> dict[int, str]:
    """Each glyph's text, by the rule of :meth:`_FaceUse.texts`, within one run: its first
    non-empty text, or "" (built at C speed: the pairs with text are applied last to first)."""
    first = dict.fromkeys(glyphs, "")
    first.update(reversed([pair for pair in zip(glyphs, texts) if pair[1]]))
    return first


def run_texts(run) -> tuple[dict[int, str], dict[int, str]]:
    """A glyph run's ``{glyph: text}`` for the ToUnicode map, and the part of it with text
    (worked out once per line: :func:`line_texts` keeps it)."""
    glyphs, texts = run.glyphs, run.texts
    if "" not in texts:
        # Every glyph has text (no clusters), the usual case: read backwards, each glyph
        # keeps its first text.
        first = dict(zip(glyphs[::-1], texts[::-1]))
        return first, first
    first = _first_texts(glyphs, texts)
    return first, {glyph: text for glyph, text in first.items() if text}


@memoized(maxsize=16384)
def _bfchar(code: int, text: str) -> str:
    """One entry of a ToUnicode CMap: ``code`` stands for ``text``. Memoised: every copy of a
    language maps mostly the same glyphs again, and formatting them was most of writing the map."""
    return f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>"


def _to_unicode_cmap(texts: dict[int, str]) -> str:
    """The ToUnicode CMap: each code's text (``texts`` maps code -> text)."""
    entries = [(code, text) for code, text in sorted(texts.items()) if text]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += starmap(_bfchar, chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)
