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


# Characters set on the em grid in a fixed-advance font: CJK, Hangul and the punctuation that goes
# with them (— and … are full-width in CJK fonts). Everything else is half an em.
_WIDE_RANGES = ((0x1100, 0x11FF), (0x2014, 0x2014), (0x2026, 0x2026), (0x3000, 0x30FF), (0x3130, 0x318F),
                (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xFF00, 0xFFEF))
FIXED_CHARS = (ASCII + "\u3000「」『』（）【】《》〈〉、。，．：；？！・ー々"
               "一二三四五六七八九十百千万日本語中文字國人大学生年月"
               "한국어문장은띄어쓰기로단어를나눕니다대한민국사람들")


def fixed_advance_font(family: str = "Fixed Test", chars: str = FIXED_CHARS, *, units_per_em: int = 1000) -> TTFont:
    """A font whose every glyph has a known advance: an em for CJK, Hangul, — and …, half an em
    for the rest (spaces included). Layout tests then know every width exactly, so a rule's
    effect (where a line breaks, how far a glyph moves) is a number, not a tolerance.

    No GSUB/GPOS: HarfBuzz maps one character to one glyph and never kerns."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    codepoints = sorted({ord(char) for char in chars})
    order = [".notdef"] + [f"u{code:04X}" for code in codepoints]

    def advance(code: int) -> int:
        wide = any(low <= code <= high for low, high in _WIDE_RANGES)
        return units_per_em if wide else units_per_em // 2

    def box(width: int):
        pen = TTGlyphPen(None)
        if width:
            pen.moveTo((50, 0))
            pen.lineTo((50, 700))
            pen.lineTo((width - 50, 700))
            pen.lineTo((width - 50, 0))
            pen.closePath()
        return pen.glyph()

    metrics = {".notdef": (units_per_em // 2, 0)}
    glyphs = {".notdef": box(units_per_em // 2)}
    for code, name in zip(codepoints, order[1:]):
        width = advance(code)
        metrics[name] = (width, 50)
        glyphs[name] = box(0 if chr(code).isspace() else width)
    builder = FontBuilder(units_per_em, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({code: name for code, name in zip(codepoints, order[1:])})
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    ps = family.replace(" ", "") + "-Regular"
    builder.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                     usWeightClass=400, sCapHeight=700)
    builder.setupPost()
    return builder.font


def package_font(package: str, name: str) -> Path:
    """The font file ``name`` shipped in the Python package ``package`` (a [test] extra); the
    test is skipped where the package or the file is missing."""
    import pytest

    module = pytest.importorskip(package)
    found = next(Path(module.__file__).parent.rglob(name), None)
    if found is None:
        pytest.skip(f"{name} not in {package}")
    return found
