"""Small real fonts for tests, cut from the packaged Noto Serif with HarfBuzz and renamed with fontTools."""
from __future__ import annotations

import io
from pathlib import Path

import fontpkg_noto_serif
import uharfbuzz as hb
from fontTools.ttLib import TTCollection, TTFont

NOTO_SERIF = fontpkg_noto_serif.ROOT / "files" / "NotoSerif[wdth,wght].ttf"
ASCII = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0\u202f«»’“”éèàçÉ•·–—\u2002\u2009\u2010\u2011\u00ad"


def small_font(family: str, weight: int = 400, chars: str = ASCII) -> TTFont:
    face = hb.Face(hb.Blob.from_file_path(str(NOTO_SERIF)))
    plan = hb.SubsetInput()
    for char in chars:
        plan.unicode_set.add(ord(char))
    plan.pin_all_axes_to_default(face)
    plan.pin_axis_location(face, "wght", float(weight))
    font = TTFont(io.BytesIO(bytes(hb.subset(face, plan).blob.data)))
    style = "Bold" if weight >= 600 else "Regular"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    ps = family.replace(" ", "") + "-" + style
    for name_id, value in ((1, family), (2, style), (3, ps), (4, f"{family} {style}"), (6, ps)):
        names.setName(value, name_id, 3, 1, 0x409)
    font["OS/2"].usWeightClass = weight
    return font


def small_cff_font(family: str, chars: str = ASCII) -> TTFont:
    """A name-keyed CFF (.otf) font: Noto Serif's outlines redrawn as Type 2 charstrings."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    source = small_font(family, 400, chars)
    glyphs = source.getGlyphSet()
    order = source.getGlyphOrder()
    charstrings = {}
    for name in order:
        pen = T2CharStringPen(glyphs[name].width, glyphs)
        glyphs[name].draw(pen)
        charstrings[name] = pen.getCharString()
    ps = family.replace(" ", "") + "-Regular"
    builder = FontBuilder(source["head"].unitsPerEm, isTTF=False)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(source.getBestCmap())
    builder.setupCFF(ps, {"FullName": f"{family} Regular"}, charstrings, {})
    builder.setupHorizontalMetrics({name: source["hmtx"][name] for name in order})
    builder.setupHorizontalHeader(ascent=source["hhea"].ascent, descent=source["hhea"].descent)
    builder.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps})
    builder.setupOS2(sTypoAscender=source["OS/2"].sTypoAscender, sTypoDescender=source["OS/2"].sTypoDescender,
                     usWeightClass=400)
    builder.setupPost()
    return builder.font


def write_font(path: Path, font: TTFont) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(path))
    return path


def write_collection(path: Path, fonts: list[TTFont]) -> Path:
    collection = TTCollection()
    collection.fonts = fonts
    path.parent.mkdir(parents=True, exist_ok=True)
    collection.save(str(path))
    return path
