"""letterpress reads font tables through HarfBuzz by offset; fontTools, an independent reader, must agree."""
from __future__ import annotations

import io

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from letterpress.cache import CacheContext
from letterpress.fonts import prepare_fonts, sfnt
from letterpress.fonts.index import packaged_dirs

FONTS = {path.name: path for folder, _ in packaged_dirs() for path in folder.glob("*.[ot]tf")}


def check_against_fonttools(data: bytes) -> None:
    face = hb.Face(hb.Blob(data))
    font = TTFont(io.BytesIO(data))
    head, hhea, os2, post = font["head"], font["hhea"], font["OS/2"], font["post"]
    metrics = sfnt.metrics(face)
    assert metrics.units_per_em == head.unitsPerEm
    assert metrics.bbox == (head.xMin, head.yMin, head.xMax, head.yMax)
    assert (metrics.ascent, metrics.descent) == (hhea.ascent, hhea.descent)
    assert (metrics.weight, metrics.fs_selection) == (os2.usWeightClass, os2.fsSelection)
    assert (metrics.typo_ascender, metrics.typo_descender) == (os2.sTypoAscender, os2.sTypoDescender)
    assert metrics.cap_height == getattr(os2, "sCapHeight", 0)
    assert metrics.italic_angle == post.italicAngle
    order = font.getGlyphOrder()
    assert sfnt.advances(face) == tuple(font["hmtx"][name][0] for name in order)
    ids = {name: gid for gid, name in enumerate(order)}
    assert sfnt.cmap(face) == {cp: ids[name] for cp, name in font.getBestCmap().items()}
    keyed = sfnt.cids(face)
    if "CFF " in font and hasattr(font["CFF "].cff.topDictIndex[0], "ROS"):
        assert keyed is not None
        assert keyed[0] == tuple(0 if name == ".notdef" else int(name[3:]) for name in order)
        assert keyed[1] == tuple(font["CFF "].cff.topDictIndex[0].ROS)
    else:
        assert keyed is None


@pytest.mark.parametrize("name", ["NotoSerif[wdth,wght].ttf", "NotoSerif-Italic[wdth,wght].ttf"])
def test_packaged_truetype_fonts_read_as_fonttools_reads_them(name):
    check_against_fonttools(FONTS[name].read_bytes())


def test_prepared_faces_read_as_fonttools_reads_them(tmp_path):
    """The subsets letterpress embeds: CID-keyed CFF (renumbered glyphs, CIDs kept) and TrueType."""
    fonts = prepare_fonts({"ko": "대한민국 인권 (Korea)", "ja": "日本語の手紙。", "en": "Letter «é»"},
                          cache=CacheContext(tmp_path))
    faces = {face.key: face for chain in fonts.chains.values() for face in chain}
    assert any(face.is_cid_cff for face in faces.values()) and any(not face.is_cid_cff for face in faces.values())
    for face in faces.values():
        check_against_fonttools(face.data)


def test_cid_keyed_is_told_from_the_first_bytes_of_the_cff_table():
    path = str(FONTS["NotoSerifKR-Regular.otf"])
    face = hb.Face(hb.Blob.from_file_path(path))
    assert sfnt.table_start(path, 0, "CFF ", 8192) == sfnt.table(face, "CFF ")[:8192]
    assert sfnt.is_cid_keyed(sfnt.table_start(path, 0, "CFF ", 8192))
