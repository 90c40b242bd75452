"""The font program one PDF embeds for a face: subset to the glyphs drawn, compressed once.

Render reads a prepared face's font bytes (:attr:`PreparedFace.data`) and keeps what it makes of
them itself: in memory, and on disk in the ``pdf-fonts`` store, because every copy of a language
embeds nearly the same glyphs, batch after batch, and subsetting and compressing a CJK program is
not free. Nothing is written into the face.
"""
from __future__ import annotations

import hashlib
import zlib
from typing import Iterable, Sequence

import uharfbuzz as hb

from ..cache import CacheContext, Memo, given, kept_or_made, memoized
from ..fonts.face import PreparedFace

__all__ = ["font_programs", "subset_for_pdf"]

# The tables a PDF reader never uses: the PDF addresses glyphs by id or CID, never through the
# cmap, and draws them where the content stream says (no layout tables).
_DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG", "kern", "name", "cmap",
                   "gasp", "hdmx", "LTSH", "VDMX")


def subset_for_pdf(face: PreparedFace, glyphs: Iterable[int]) -> bytes:
    """The font program to embed in one PDF: only ``glyphs`` (and .notdef), as an sfnt.

    TrueType keeps its glyph ids (the PDF addresses glyphs by id); CID-keyed CFF is renumbered,
    which is harmless because the PDF addresses it by CID and the subset keeps each glyph's CID.
    Not memoised: :func:`font_programs`, its one caller in a build, is.
    """
    inp = hb.SubsetInput()
    for gid in frozenset(glyphs) | {0}:
        inp.glyph_set.add(gid)
    # Keep TrueType glyph ids so the content streams drawn (and kept) before the subset is made
    # stay valid.
    inp.flags = hb.SubsetFlags.NO_LAYOUT_CLOSURE | (
        hb.SubsetFlags.DEFAULT if face.is_cid_cff else hb.SubsetFlags.RETAIN_GIDS)
    drop = inp.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in _DROPPED_TABLES:
        drop.add(int.from_bytes(tag.encode("ascii"), "big"))
    subset = hb.subset(face.hb_face, inp)
    if subset is None:
        raise RuntimeError(f"HarfBuzz could not subset {face.family}")
    return bytes(subset.blob.data)


def font_programs(uses: Sequence[tuple[PreparedFace, Iterable[int]]], cache: CacheContext | None = None
                  ) -> list[tuple[bytes, int]]:
    """(Flate-compressed font program, its uncompressed length) for each (face, glyphs) of ``uses``,
    kept per glyph set (the copies of one language draw nearly the same glyphs) in memory and on
    disk, in ``cache``'s ``pdf-fonts`` store (the environment's when None): one store query for all.

    TrueType is embedded whole (``FontFile2``); CFF as its bare ``CFF`` table
    (``FontFile3 /CIDFontType0C``), which every PDF reader has read since PDF 1.3.
    """
    keys = [(face.key, frozenset(glyphs) | {0}) for face, glyphs in uses]
    return kept_or_made(keys, lambda indexes: [_program(uses[index][0], keys[index][1]) for index in indexes],
                        _PROGRAMS, lambda: given(cache).store("pdf-fonts", _store_version()),
                        stored_as=lambda key: hashlib.sha256(f"{key[0]}:{sorted(key[1])}".encode()).hexdigest()[:32],
                        encode=lambda entry: entry[1].to_bytes(8, "big") + entry[0],
                        decode=_loaded)


def _program(face: PreparedFace, wanted: frozenset[int]) -> tuple[bytes, int]:
    data = subset_for_pdf(face, wanted)
    if face.is_cid_cff:
        data = bytes(hb.Face(hb.Blob(data)).reference_table("CFF ").data)
    return zlib.compress(data, 9), len(data)


def _loaded(stored: bytes) -> tuple[bytes, int] | None:
    """A stored entry: the program's uncompressed length in 8 bytes, then the program."""
    return (stored[8:], int.from_bytes(stored[:8], "big")) if len(stored) > 8 else None


# A batch has a handful of distinct glyph sets per face, and a handful of faces.
_PROGRAMS: Memo[tuple[str, frozenset[int]], tuple[bytes, int]] = Memo("PDF font programs by face and glyph set", 256)


@memoized(maxsize=1)
def _store_version() -> str:
    """What shapes the stored bytes: this code's format (1), HarfBuzz (the subsetter) and zlib."""
    return hashlib.sha256(f"1/{hb.version_string()}/{zlib.ZLIB_RUNTIME_VERSION}".encode()).hexdigest()[:12]
