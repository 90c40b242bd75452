"""Reading the few fields letterpress needs from a font's tables, through HarfBuzz.

fontTools would read them too, but importing it and parsing a table cost a cold build more
than the rest of reading the fonts (benchmarks/design_costs.py), for a dozen numbers per font. HarfBuzz already has every
font open; the fields below are read from its tables by offset (OpenType spec, 'head',
'hhea', 'OS/2', 'post', 'hmtx', 'CFF ').
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

import uharfbuzz as hb


@dataclass(frozen=True)
class Metrics:
    """What the index and the prepared faces keep of a font's tables (font units)."""

    units_per_em: int
    bbox: tuple[int, int, int, int]
    mac_style: int
    ascent: int  # hhea
    descent: int  # hhea (negative)
    weight: int  # OS/2 usWeightClass (400 without OS/2)
    fs_selection: int
    typo_ascender: int
    typo_descender: int
    cap_height: int  # 0 when OS/2 has none
    italic_angle: float
    width: int = 5  # OS/2 usWidthClass: 5 is normal, below condensed, above expanded


def table(face: hb.Face, tag: str) -> bytes:
    """The raw bytes of table ``tag`` (empty when the face has none)."""
    return bytes(face.reference_table(tag).data)


def table_start(path: str, index: int, tag: str, size: int) -> bytes:
    """The first ``size`` bytes of one table of a font file, read from the file's table directory
    (a CJK CFF table is ~10 MB: copying all of it to read its first bytes cost memory)."""
    with open(path, "rb") as stream:
        header = stream.read(12)
        start = 0
        if header[:4] == b"ttcf":
            stream.seek(12 + 4 * index)
            start = int.from_bytes(stream.read(4), "big")
        stream.seek(start + 4)
        count = int.from_bytes(stream.read(2), "big")
        stream.seek(start + 12)
        directory = stream.read(16 * count)
        for record in range(count):
            entry = directory[16 * record:16 * record + 16]
            if entry[:4] == tag.encode("latin-1"):
                offset, length = struct.unpack(">II", entry[8:16])
                stream.seek(offset)
                return stream.read(min(size, length))
    raise KeyError(tag)


def metrics(face: hb.Face) -> Metrics:
    """The face's :class:`Metrics`, read from its head, hhea, OS/2 and post tables."""
    head, hhea, os2, post = (table(face, tag) for tag in ("head", "hhea", "OS/2", "post"))
    units_per_em, = struct.unpack_from(">H", head, 18)
    bbox = struct.unpack_from(">4h", head, 36)
    mac_style, = struct.unpack_from(">H", head, 44)
    ascent, descent = struct.unpack_from(">2h", hhea, 4)
    weight, width, fs_selection, typo_ascender, typo_descender, cap_height = 400, 5, 0, 0, 0, 0
    if len(os2) >= 72:
        weight, width = struct.unpack_from(">2H", os2, 4)
        fs_selection, = struct.unpack_from(">H", os2, 62)
        typo_ascender, typo_descender = struct.unpack_from(">2h", os2, 68)
    if len(os2) >= 90 and struct.unpack_from(">H", os2, 0)[0] >= 2:
        cap_height, = struct.unpack_from(">h", os2, 88)
    italic_angle = struct.unpack_from(">i", post, 4)[0] / 65536 if len(post) >= 8 else 0.0
    return Metrics(units_per_em, bbox, mac_style, ascent, descent, weight, fs_selection, typo_ascender,
                   typo_descender, cap_height, italic_angle, width)


def advances(face: hb.Face) -> tuple[int, ...]:
    """Every glyph's advance width from 'hmtx' (glyphs past the last long metric repeat it)."""
    count, = struct.unpack_from(">H", table(face, "hhea"), 34)
    hmtx = table(face, "hmtx")
    widths = struct.unpack_from(f">{count * 2}H", hmtx)[0::2]  # (advance, side bearing) pairs
    rest = face.glyph_count - count
    return widths + (widths[-1],) * rest if rest > 0 and widths else widths


def cmap(face: hb.Face) -> dict[int, int]:
    """Code point -> glyph id, as HarfBuzz maps them (its choice of cmap subtable)."""
    font = hb.Font(face)
    mapping = {}
    for codepoint in face.unicodes:
        glyph = font.get_nominal_glyph(codepoint)
        if glyph is not None:
            mapping[codepoint] = glyph
    return mapping


# --- CFF: whether a font is keyed by CID, and each glyph's CID --------------------------------

def _index(data: bytes, pos: int) -> tuple[list[bytes], int]:
    """The entries of the CFF INDEX at ``pos``, and where the next structure starts."""
    count = int.from_bytes(data[pos:pos + 2], "big")
    if count == 0:
        return [], pos + 2
    size = data[pos + 2]
    offsets = [int.from_bytes(data[pos + 3 + i * size:pos + 3 + (i + 1) * size], "big") for i in range(count + 1)]
    base = pos + 3 + (count + 1) * size - 1
    return [data[base + offsets[i]:base + offsets[i + 1]] for i in range(count)], base + offsets[-1]


def _dict(data: bytes) -> dict[int, list[float]]:
    """A CFF DICT: operator (12 x as 1200 + x) -> operands."""
    entries: dict[int, list[float]] = {}
    operands: list[float] = []
    i = 0
    while i < len(data):
        b0 = data[i]
        if b0 <= 21:  # an operator
            if b0 == 12:
                b0, i = 1200 + data[i + 1], i + 1
            entries[b0], operands = operands, []
            i += 1
        elif b0 == 28:
            operands.append(struct.unpack_from(">h", data, i + 1)[0])
            i += 3
        elif b0 == 29:
            operands.append(struct.unpack_from(">i", data, i + 1)[0])
            i += 5
        elif b0 == 30:  # a real number: nibbles up to 0xf; its value is not needed here
            i += 1
            while i < len(data) and (data[i] & 0x0F) != 0x0F and (data[i] >> 4) != 0x0F:
                i += 1
            operands.append(0.0)
            i += 1
        elif 32 <= b0 <= 246:
            operands.append(b0 - 139)
            i += 1
        elif 247 <= b0 <= 250:
            operands.append((b0 - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif 251 <= b0 <= 254:
            operands.append(-(b0 - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise ValueError(f"bad CFF DICT byte {b0}")
    return entries


_ROS, _CHARSET = 1230, 15


def cff_top_dict(cff: bytes) -> dict[int, list[float]]:
    """The first top DICT of a CFF table, as operator -> operands (the first few KB of the table suffice)."""
    _names, pos = _index(cff, cff[2])
    tops, _ = _index(cff, pos)
    return _dict(tops[0])


def is_cid_keyed(cff_head: bytes) -> bool:
    """Whether the CFF table (its first few KB suffice) is CID-keyed: its top DICT has ROS."""
    return _ROS in cff_top_dict(cff_head)


def cids(face: hb.Face) -> tuple[tuple[int, ...], tuple[str, str, int]] | None:
    """For a CID-keyed CFF face: each glyph's CID (from the charset) and its Registry, Ordering,
    Supplement; None for any other face."""
    if "CFF " not in face.table_tags:
        return None
    cff = table(face, "CFF ")
    top = cff_top_dict(cff)
    if _ROS not in top:
        return None
    registry_sid, ordering_sid, supplement = (int(v) for v in top[_ROS])
    _names, pos = _index(cff, cff[2])
    _tops, pos = _index(cff, pos)
    strings, _ = _index(cff, pos)
    ros = (_string(registry_sid, strings), _string(ordering_sid, strings), supplement)
    count = face.glyph_count
    pos = int(top[_CHARSET][0])
    kind = cff[pos]
    pos += 1
    found = [0]
    if kind == 0:
        found += struct.unpack_from(f">{count - 1}H", cff, pos)
    else:
        size = 1 if kind == 1 else 2
        while len(found) < count:
            first, = struct.unpack_from(">H", cff, pos)
            left = cff[pos + 2] if size == 1 else struct.unpack_from(">H", cff, pos + 2)[0]
            found += range(first, first + left + 1)
            pos += 2 + size
    return tuple(found[:count]), ros


def _string(sid: int, strings: list[bytes]) -> str:
    """A CFF string by SID: custom strings follow the 391 standard ones (none of which a ROS names)."""
    return strings[sid - 391].decode("latin-1") if sid >= 391 else str(sid)
