"""Preparing a face: subset to the batch's characters, instance, cache.

HarfBuzz's subsetter (through uharfbuzz) does the subsetting and the variable
instancing, two orders of magnitude faster than fontTools' subsetter on a CJK font
(benchmarks/fonts_prepare.py compares them on Noto Serif KR).

CID-keyed CFF faces (every CJK face we ship) stay CFF: PDF embeds them as they are
(``FontFile3 /CIDFontType0C``), and desubroutinized they compress smaller than the same
glyphs converted to TrueType (Korean body text: 44.7 KB vs 46.7 KB deflated), and the
conversion is the slowest step of preparing a face (benchmarks/design_costs.py).  Other CFF faces (name-keyed ``.otf``, CFF2 variable
fonts) are converted to quadratic TrueType with fontTools' cu2qu, because PDF has no
place for CFF2 and name-keyed CFF would need its glyph ids kept.  The result and its
metrics are kept in the ``faces`` store of the cache under a key made of the source file's
identity, the instance and the character set, so the next batch loads them instead of making them.
One store entry per face, font program and metrics together (a CJK program is a few hundred KB:
SQLite reads a blob that size as fast as the file system does, and a store needs no second file
per face nor a folder of files, as the .font and .json pairs did).
"""
from __future__ import annotations

import hashlib
import io
import json
import marshal
import os
from pathlib import Path
from typing import Hashable, Mapping, TypeVar

import uharfbuzz as hb

from ..cache import MARSHAL, CacheContext, current
from .choose import FaceSpec
from .face import PreparedFace, face_from_sfnt

K = TypeVar("K", bound=Hashable)

PREPARE_VERSION = 10  # 8: the closure of shaped blocks; 9: the script features; 10: program and metrics in
# one entry of the faces store
# Largest distance between the cubic and its quadratic approximation, in font units (of 1000):
# 2 units is 0.02 pt at 10.5 pt, far below what print or screen shows, and saves ~5% of glyf.
MAX_ERROR = 2.0
# Always kept, whatever the text: layout may need them for spacing, hyphens and list bullets.
ALWAYS = " \u00a0\u202f\u2002\u2009-\u2010\u2011\u00ad•·()"
# OpenType features the layout stage uses; the others are dropped from the subset. HarfBuzz's
# shapers apply the script features on their own: without them in the subset Arabic letters do not
# join and Indic conjuncts fall apart (halants drawn, matras unplaced).
FEATURES = ("kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "palt", "halt", "chws", "rlig",
            "ljmo", "vjmo", "tjmo", "rvrn", "rclt", "curs", "dist", "abvm", "blwm",
            # Arabic and other joining scripts
            "isol", "init", "medi", "fina", "med2", "fin2", "fin3", "mset", "stch",
            # Indic and the Universal Shaping Engine (Khmer, Myanmar ...)
            "nukt", "akhn", "rphf", "rkrf", "pref", "blwf", "half", "abvf", "pstf", "cfar", "vatu", "cjct",
            "pres", "abvs", "blws", "psts", "haln")


# Blocks of scripts HarfBuzz's shapers decompose: Thai and Lao SARA AM into NIKHAHIT + SARA AA, the
# split vowels of Bengali, Khmer and Myanmar into their parts, nukta letters into letter + nukta.
# The decomposed characters must be in the subset's cmap or HarfBuzz draws .notdef (tofu), so a
# face that draws one character of such a block keeps every character of the block it has (a few
# hundred glyphs at most; a PDF embeds only the glyphs it draws).
SHAPED_BLOCKS = (
    (0x0590, 0x05FF),  # Hebrew
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0900, 0x097F),  # Devanagari
    (0x0980, 0x09FF),  # Bengali
    (0x0A00, 0x0DFF),  # Gurmukhi .. Sinhala
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer Symbols
    (0xA9E0, 0xA9FF),  # Myanmar Extended-B
    (0xAA60, 0xAA7F),  # Myanmar Extended-A
)


def closure(chars: str) -> set[int]:
    """The code points a subset must map for HarfBuzz to shape ``chars`` as the whole font would:
    the characters, their canonical decompositions, and the shaped blocks they are in."""
    import unicodedata

    codes = {ord(char) for char in chars}
    for char in chars:
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            codes.update(int(part, 16) for part in decomposition.split())
    blocks = {block for block in SHAPED_BLOCKS for code in codes if block[0] <= code <= block[1]}
    for start, end in blocks:
        codes.update(range(start, end + 1))
    return codes


def _tag(text: str) -> int:
    return int.from_bytes(text.encode("ascii"), "big")


def cache_key(spec: FaceSpec, chars: str) -> str:
    """The key of a prepared face in the cache.

    It covers everything the face's bytes depend on: the code's version, HarfBuzz's version, the font
    file (path, size, modification time), the face, weight, synthetic bold, language and characters.
    """
    if spec.info.file_key and len(spec.info.stamp) == 2:  # as the index found the file in this run
        resolved, (size, mtime) = spec.info.file_key, spec.info.stamp
    else:
        path = Path(spec.info.path)
        stat = path.stat()
        resolved, size, mtime = str(path.resolve()), stat.st_size, stat.st_mtime_ns
    # HarfBuzz's version too: another HarfBuzz may subset differently, and a cached subset from it
    # would make a warm build's bytes differ from a cold one's
    identity = [PREPARE_VERSION, hb.version_string(), resolved, size, mtime,
                spec.info.index,
                spec.weight, spec.synthetic_bold, spec.language, "".join(sorted(set(chars)))]
    return hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def prepare_face(spec: FaceSpec, chars: str, cache: CacheContext | None = None) -> PreparedFace:
    """The face subset to ``chars`` (plus the ALWAYS set), from the cache when it can."""
    return prepare_faces({0: (spec, chars)}, cache)[0]


def prepare_faces(wanted: Mapping[K, tuple[FaceSpec, str]], cache: CacheContext | None = None
                  ) -> dict[K, PreparedFace]:
    """Several faces at once: cached ones are loaded, missing ones built (in parallel when several
    need a CFF to TrueType conversion, the slow step) and stored."""
    store = (cache or current()).store("faces", f"{PREPARE_VERSION}-hb{hb.version_string()}-{MARSHAL}")
    result: dict[K, PreparedFace] = {}
    missing: list[tuple[K, FaceSpec, str, str]] = []
    keyed = []
    for name, (spec, chars) in wanted.items():
        chars = "".join(sorted(set(chars) | set(ALWAYS)))
        keyed.append((name, spec, chars, cache_key(spec, chars)))
    found = store.get_many(key for _, _, _, key in keyed)  # one query for every face
    for name, spec, chars, key in keyed:
        stored = found.get(key)
        try:
            if stored is None:
                raise ValueError("not cached")
            meta, data = marshal.loads(stored)
            result[name] = _face_from_meta(data, meta, spec)
        except (ValueError, KeyError, TypeError, EOFError):
            missing.append((name, spec, chars, key))
    slow = [m for m in missing if needs_conversion(m[1])]
    if len(slow) > 1 and (os.cpu_count() or 1) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(min(len(slow), os.cpu_count() or 1), mp_context=context) as pool:
            built = dict(zip((m[0] for m in slow), pool.map(build_face, [m[1] for m in slow], [m[2] for m in slow])))
    else:
        built = {}
    made: list[tuple[str, bytes]] = []
    for name, spec, chars, key in missing:
        data = built[name] if name in built else build_face(spec, chars)
        face = face_from_sfnt(data, source=Path(spec.info.path), origin=spec.info.origin,
                                  language=spec.language, synthetic_bold=spec.synthetic_bold)
        made.append((key, marshal.dumps((_meta(face), data))))
        result[name] = face
    if made:
        store.put(made)
    return result


def needs_conversion(spec: FaceSpec) -> bool:
    """Whether the face's outlines must be converted to TrueType to be embedded."""
    return spec.info.outlines == "CFF2" or (spec.info.outlines == "CFF " and not spec.info.cid_keyed)


def build_face(spec: FaceSpec, chars: str) -> bytes:
    """The font program of ``spec`` subset to ``chars`` (with their closure), as bytes.

    Layout features letterpress uses are kept, hints and tables PDF does not need are dropped,
    variable fonts are instanced at ``spec.weight``, and CFF outlines that PDF cannot embed as they
    are become TrueType.
    """
    blob = hb.Blob.from_file_path(spec.info.path)
    face = hb.Face(blob, spec.info.index)
    plan = hb.SubsetInput()
    for code in closure(chars):
        if spec.info.covers(code):
            plan.unicode_set.add(code)
    features = plan.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    for feature in FEATURES:
        features.add(_tag(feature))
    drop = plan.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for table in ("vhea", "vmtx", "VORG", "DSIG", "BASE", "JSTF", "MATH", "STAT", "meta"):
        drop.add(_tag(table))
    if spec.info.variable_axes:
        plan.pin_all_axes_to_default(face)
        if spec.info.axis("wght"):
            plan.pin_axis_location(face, "wght", float(spec.weight))
    # Without subroutines the CFF charstrings deflate better (and a PDF subset needs no subrs).
    plan.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE
    subset = hb.subset(face, plan)
    if subset is None:
        raise RuntimeError(f"HarfBuzz could not subset {spec.info.path}")
    data = bytes(subset.blob.data)
    if needs_conversion(spec):
        data = cff_to_truetype(data)
    return data


def cff_to_truetype(data: bytes) -> bytes:
    """Convert CFF outlines to quadratic TrueType ones (within MAX_ERROR), keeping every other table.

    HarfBuzz draws the CFF outlines (fontTools' Python charstring interpreter, and parsing the
    CFF table at all, took twice as long); cu2qu approximates each cubic with quadratics.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(io.BytesIO(data), lazy=True)
    # The subset's post table (format 3) has no glyph names and the PDF addresses glyphs by id,
    # so plain names do: the CFF table is then never parsed.
    order = [".notdef"] + [f"g{gid}" for gid in range(1, font["maxp"].numGlyphs)]
    font.setGlyphOrder(order)
    drawer = hb.Font(hb.Face(hb.Blob(data)))
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for gid, name in enumerate(order):
        pen = TTGlyphPen(None)
        drawer.draw_glyph_with_pen(gid, Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for table in ("CFF ", "CFF2", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxPoints",
                  "maxContours", "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _meta(face: PreparedFace) -> dict:
    return {
        "family": face.family, "style": face.style, "weight": face.weight, "ps": face.postscript_name,
        "upem": face.units_per_em, "asc": face.ascender, "desc": face.descender, "cap": face.cap_height,
        "bbox": list(face.bbox), "angle": face.italic_angle,
        "cmap": [[cp, gid] for cp, gid in sorted(face.cmap.items())], "adv": list(face.advances),
        "cids": list(face.cids) if face.cids is not None else None,
        "ros": list(face.character_collection) if face.character_collection else None,
    }


def _face_from_meta(data: bytes, meta: dict, spec: FaceSpec) -> PreparedFace:
    return PreparedFace(
        family=meta["family"], style=meta["style"], weight=meta["weight"], postscript_name=meta["ps"], data=data,
        units_per_em=meta["upem"], ascender=meta["asc"], descender=meta["desc"], cap_height=meta["cap"],
        bbox=tuple(meta["bbox"]), italic_angle=meta["angle"], cmap={cp: gid for cp, gid in meta["cmap"]},
        advances=tuple(meta["adv"]), source=Path(spec.info.path), origin=spec.info.origin,
        synthetic_bold=spec.synthetic_bold, language=spec.language,
        cids=tuple(meta["cids"]) if meta["cids"] is not None else None,
        character_collection=tuple(meta["ros"]) if meta["ros"] else None,
    )
