"""A face ready to shape and to embed: the contract between the font stage and the rest.

The font stage (:mod:`letterpress.fonts.prepare`) turns whatever font a user has
(TrueType, CFF ``.otf``, collections, variable fonts) into a
:class:`PreparedFace`: a static font program, subset to the characters of the
batch, plus the metrics the layout and the PDF writer need.  The program has
TrueType outlines, or CID-keyed CFF ones (the CJK faces), which PDF embeds as
they are.  Layout shapes with :attr:`PreparedFace.hb_font`; the PDF writer
(:mod:`letterpress.render`) subsets ``data`` to the glyphs each PDF draws and embeds that.
Glyph ids are those of ``data``, so what layout measures is exactly what the PDF draws.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Mapping

import uharfbuzz as hb

from ..cache.memo import Memo
from ..text import Style, language_fallbacks


@dataclass(frozen=True, eq=False)
class PreparedFace:
    """A static face, subset for a batch, with its metrics in font units."""

    family: str
    style: Literal["normal", "italic"]
    weight: int
    postscript_name: str
    data: bytes = field(repr=False)
    units_per_em: int
    ascender: int
    descender: int  # negative
    cap_height: int
    bbox: tuple[int, int, int, int]
    italic_angle: float
    cmap: Mapping[int, int] = field(repr=False)  # code point -> glyph id
    advances: tuple[int, ...] = field(repr=False)  # glyph id -> advance width
    source: Path | None = None  # the font file it was made from
    origin: str = ""  # how it was found: "package fontpkg-noto-serif", "project fonts/", "system"
    synthetic_bold: bool = False  # draw with a stroke: the family has no bold
    language: str = ""  # the OpenType language the face is chosen for (for locl)
    # CID-keyed CFF only: glyph id -> CID (what the PDF's codes address), and the CFF's
    # Registry, Ordering and Supplement.  None for TrueType outlines, addressed by glyph id.
    cids: tuple[int, ...] | None = field(default=None, repr=False)
    character_collection: tuple[str, str, int] | None = None
    # A stable id: the same data gives the same key in every process (made with the face).
    key: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", hashlib.sha256(self.data).hexdigest()[:16])

    @property
    def is_cid_cff(self) -> bool:
        """Whether the outlines are CID-keyed CFF (glyphs have CIDs), not TrueType."""
        return self.cids is not None

    @property
    def hb_face(self) -> hb.Face:
        """The HarfBuzz face of the program."""
        return self._harfbuzz()[0]

    @property
    def hb_font(self) -> hb.Font:
        """A HarfBuzz font at units-per-em scale: positions come back in font units."""
        return self._harfbuzz()[1]

    def _harfbuzz(self) -> tuple[hb.Face, hb.Font]:
        # kept in a memo, not on the face: the face stays frozen, and pickles without them
        found = _HARFBUZZ.get(self)
        if found is None:
            face = hb.Face(hb.Blob(self.data))
            font = hb.Font(face)
            font.scale = (self.units_per_em, self.units_per_em)
            found = _HARFBUZZ.put(self, (face, font))
        return found

    def covers(self, codepoint: int) -> bool:
        """Whether the prepared (subset) face maps ``codepoint``."""
        return codepoint in self.cmap

    def glyph(self, codepoint: int) -> int | None:
        """The glyph id for ``codepoint``, or None when the face lacks it."""
        return self.cmap.get(codepoint)



# By face (held here, so its id is not reused while it is a key): the example batch of 8 languages
# uses 46 faces; one with more languages or recipients' own fonts, more.
_HARFBUZZ: Memo[PreparedFace, tuple[hb.Face, hb.Font]] = Memo("HarfBuzz face and font, per prepared face", 128)


@dataclass(frozen=True)
class FontSet:
    """The faces a batch uses: for each (language, style), the fallback chain in order.

    Layout sets every character in the first face of the chain that covers it.
    """

    chains: Mapping[tuple[str, Style], tuple[PreparedFace, ...]]
    # Identifies the faces and how they are drawn: caches of set text are keyed by it (an ``id()``
    # could be reused by another font set once this one is freed). Made with the set.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = [f"{lang}/{style}:" + ",".join(f"{f.key}{'+b' if f.synthetic_bold else ''}{f.language}"
                                               for f in faces)
                 for (lang, style), faces in sorted(self.chains.items())]
        object.__setattr__(self, "key", hashlib.sha256("|".join(parts).encode()).hexdigest()[:20])

    def chain(self, language: str, style: Style = "regular") -> tuple[PreparedFace, ...]:
        """The fallback chain for ``language`` and ``style``, or for the nearest tag standing in for the
        language (``zh-Hant-TW``, ``zh-Hant``, ``zh``).

        KeyError when no face was prepared for it.
        """
        for tag in language_fallbacks(language):
            faces = self.chains.get((tag, style))
            if faces:
                return faces
        raise KeyError(f"no fonts prepared for {language} {style}")

    def face_for(self, codepoint: int, language: str, style: Style = "regular") -> PreparedFace | None:
        """The first face of the chain that covers ``codepoint``, or None when none does."""
        for face in self.chain(language, style):
            if face.covers(codepoint):
                return face
        return None


def face_from_sfnt(
    data: bytes,
    *,
    source: Path | None = None,
    origin: str = "",
    language: str = "",
    synthetic_bold: bool = False,
) -> PreparedFace:
    """Read the metrics of a static font program into a :class:`PreparedFace`.

    ``data`` is usually a prepared (subset) face; any static sfnt works for shaping,
    but only TrueType and CID-keyed CFF outlines can be embedded.
    """
    from . import sfnt

    face = hb.Face(hb.Blob(data))
    metrics = sfnt.metrics(face)
    family = (face.get_name(16) or face.get_name(1) or "Unknown").strip()
    ps_name = face.get_name(6) or family.replace(" ", "")
    italic = bool(metrics.mac_style & 0b10) or metrics.italic_angle != 0
    keyed = sfnt.cids(face)
    from .index import real_weight

    return PreparedFace(
        family=family,
        style="italic" if italic else "normal",
        weight=real_weight(metrics.weight, face.get_name(17) or face.get_name(2) or "", metrics.fs_selection,
                           metrics.mac_style),
        postscript_name="".join(ch for ch in ps_name if ch.isalnum() or ch in "-_") or "Font",
        data=data,
        units_per_em=metrics.units_per_em,
        ascender=metrics.typo_ascender or metrics.ascent,
        descender=metrics.typo_descender or metrics.descent,
        cap_height=metrics.cap_height or int(metrics.units_per_em * 0.7),
        bbox=metrics.bbox,
        italic_angle=float(metrics.italic_angle),
        cmap=sfnt.cmap(face),
        advances=sfnt.advances(face),
        source=source,
        origin=origin,
        synthetic_bold=synthetic_bold,
        language=language,
        cids=keyed[0] if keyed else None,
        character_collection=keyed[1] if keyed else None,
    )


def gives_western_punctuation(face) -> bool:
    """Whether a CJK copy sets its Western quotes and apostrophes from ``face`` (a face, or a font
    index entry): the first such face of a chain is a Latin one, without Han, that has them. The
    font stage gives that face the quotes and layout sets them from it, so both ask this."""
    return not face.covers(0x4E00) and face.covers(ord("’"))
