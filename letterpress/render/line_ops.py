"""Each line's PDF text: the operators that draw its glyphs, encoded once and kept.

A line is set once and drawn in every copy that shares it. Its operators are position-independent
(``Td`` moves from the line's origin), so render encodes them once per line and keeps them by the
line's content key (:attr:`letterpress.layout.Line.key`): in a bounded memo, and on disk in the
``drawn`` store, so a warm build neither sets nor encodes a line. Layout knows nothing of this;
nothing is written into a line.
"""
from __future__ import annotations

import struct
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Mapping, NamedTuple

from ..cache import CacheContext, Memo, given, memoized
from ..errors import InputError
from ..layout.types import GlyphRun, Line
from .pdffont import pdf_code, pdf_widths, resource_name, width_units

if TYPE_CHECKING:
    from ..cache.store import Store

__all__ = ["DrawnLine", "MissingGlyphError", "drawn_line", "fmt", "kept_operators"]

# The version of what the drawn store keeps: bump it whenever the operators written for a line
# change (this module, or pdffont's resource names, codes and widths), and record the new digest in
# tests/render/test_drawn_store_version.py, which fails until both are done. The line's key covers
# its content.
_VERSION = 1


class MissingGlyphError(InputError):
    """A glyph the face does not have reached the renderer (the preflight should have caught it)."""


class DrawnLine(NamedTuple):
    """What render keeps of a line: its PDF text operators (the texts of its glyphs, for the
    ToUnicode maps, are :func:`.pdffont.line_texts`)."""

    ops: str


def kept_operators(lines: Iterable[Line], cache: CacheContext | None = None) -> dict[str, bytes]:
    """The operators ``cache``'s drawn store keeps for those of ``lines`` not in memory, by line key,
    read in one go (a document's lines: one query rather than one per line), for :func:`drawn_line`."""
    keys = [key for key in {line.key for line in lines} if key and key not in _DRAWN]
    return _store(cache).get_many(keys) if keys else {}


def drawn_line(line: Line, kept: Mapping[str, bytes] = MappingProxyType({}),
               cache: CacheContext | None = None) -> DrawnLine:
    """The line's operators: from the memo, from ``kept`` (see
    :func:`kept_operators`), or encoded now (and then kept in ``cache``'s drawn store)."""
    memo_key = line.key or line  # a line without a content key is kept by identity, in memory only
    drawn = _DRAWN.get(memo_key)
    if drawn is None:
        stored = kept.get(line.key) if line.key else None
        if stored is not None:
            ops = stored.decode("ascii")
        else:
            ops = _relative_ops(line)
            if line.key:
                _store(cache).put_later(line.key, ops.encode("ascii"))
        drawn = _DRAWN.put(memo_key, DrawnLine(ops))
    return drawn


def fmt(value: float) -> str:
    """A number as written in content streams: at most three decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


# the lines of a batch, or of a few copies' worth of languages in one worker
_DRAWN: Memo[object, DrawnLine] = Memo("each line's PDF text, by its content key", 4096)


def _store(cache: CacheContext | None) -> Store:
    """The drawn store of ``cache`` (the environment's when None)."""
    return given(cache).store("drawn", _VERSION)


def _relative_ops(line) -> str:
    ops: list[str] = []
    origin = 0.0  # x of the current text line matrix, relative to the line's start
    for run in line.runs:
        if not run.glyphs:
            continue
        face = run.face
        if 0 in run.glyphs:
            raise MissingGlyphError(f"no glyph for {run.text!r} in {face.family}: refusing to draw tofu")
        ops.append(f"/{resource_name(face)} {fmt(run.size)} Tf")
        if face.synthetic_bold:
            # No bold in the family: stroke the outlines (about 2.5% of the size) to embolden.
            ops.append(f"2 Tr {fmt(run.size * 0.025)} w")
        mode = "2 Tr" if face.synthetic_bold else "0 Tr"
        for part, actual_text in _spans(run):
            if actual_text is not None:
                # a cluster whose glyphs do not give its text back one by one (a vowel drawn before
                # its consonant, a split vowel, a letter drawn as a base and its dots): text
                # extraction reads this instead (PDF 14.9.4)
                ops.append(f"/Span <</ActualText <FEFF{actual_text.encode('utf-16-be').hex().upper()}>>> BDC")
                if part.offsets[0] != (0.0, 0.0):
                    origin = _anchor(part, part.x, ops, origin, mode)
            if part.offsets.count((0.0, 0.0)) != len(part.offsets):  # a glyph off the pen (-0.0 == 0.0)
                origin = _offset_run_ops(part, ops, origin)
            else:
                ops.append(f"{fmt(part.x - origin)} 0 Td [{_tj_operands(part)}] TJ")
                origin = part.x
            if actual_text is not None:
                if part.offsets[-1] != (0.0, 0.0) or not part.advances[-1]:
                    end = part.x + sum(part.advances) - width_units(face, part.glyphs[0]) * part.size / 1000
                    origin = _anchor(part, end, ops, origin, mode)
                ops.append("EMC")
        if face.synthetic_bold:
            ops.append("0 Tr")
    return "\n".join(ops)


def _anchor(part, x: float, ops: list[str], origin: float, mode: str) -> float:
    """An invisible copy (render mode 3) of the span's first glyph, on the baseline at ``x``.

    Readers place an ActualText span from the pen position of its first glyph to the end of its
    last one (poppler's TextPage::addChar): a mark drawn first or last, raised or shifted, would
    misplace the text, so the span starts and ends with a glyph on the baseline instead."""
    ops.append(f"3 Tr {fmt(x - origin)} 0 Td <{pdf_code(part.face, part.glyphs[0]):04X}> Tj {mode}")
    return x


def _spans(run):
    """(part of the run, its ActualText or None), left to right: the run whole when every cluster
    maps back to its text glyph by glyph (the usual case)."""
    if not run.actual_texts:
        return ((run, None),)
    parts = []
    at = 0
    x = run.x
    for start, end, text in run.actual_texts:
        for first, stop, actual in ((at, start, None), (start, end, text)):
            if first < stop:
                parts.append((_slice(run, first, stop, x), actual))
                x += sum(run.advances[first:stop])
        at = end
    if at < len(run.glyphs):
        parts.append((_slice(run, at, len(run.glyphs), x), None))
    return parts


def _slice(run, start: int, end: int, x: float) -> GlyphRun:
    return GlyphRun(run.face, run.size, x, run.glyphs[start:end], run.advances[start:end], run.offsets[start:end],
                    run.texts[start:end])


def _tj_operands(run) -> str:
    """The TJ array of a run whose glyphs all sit on the pen: hex strings of codes, each followed by
    the glyph's departure from its natural width (justification, kerning) in thousandths of an em.

    This is the hot loop of rendering (every glyph of every line), so it works on whole runs: the
    codes are packed and hex-encoded in one call, and only the glyphs that may depart from their
    natural width are visited: ``round(x, 1)`` is slow (it rounds in decimal), and most glyphs
    sit at their natural width.
    """
    face = run.face
    widths = pdf_widths(face)
    glyphs = run.glyphs
    advances = run.advances
    codes = [face.cids[g] for g in glyphs] if face.cids is not None else glyphs
    scale = 1000 / run.size
    # a departure under 0.04 thousandths of an em rounds to 0, and is none
    departing = [index for index, (advance, glyph) in enumerate(zip(advances, glyphs))
                 if not -0.04 < advance * scale - widths[glyph] < 0.04]
    hexed = _hex(codes)
    operands: list[str] = []
    start = 0  # offset in ``hexed`` of the first code since the last adjustment
    for index in departing:
        # to 0.1 thousandth of an em: at most 0.001 pt off per glyph
        adjust = round(advances[index] * scale - widths[glyphs[index]], 1)
        if adjust:
            end = 4 * index + 4
            operands += (f"<{hexed[start:end]}>", _adjust(adjust))
            start = end
    if start < len(hexed):
        operands.append(f"<{hexed[start:]}>")
    return " ".join(operands)


@memoized(maxsize=4096)
def _adjust(adjust: float) -> str:
    """A TJ spacing operand: the negated departure, as :func:`fmt` writes it. Memoised: a batch's
    departures are a few hundred values (a space justified, a kerning pair), met again and again."""
    return fmt(-adjust)


def _hex(codes) -> str:
    return struct.pack(f">{len(codes)}H", *codes).hex().upper()


def _offset_run_ops(run, ops: list[str], origin: float) -> float:
    """A run with positioned glyphs (marks, offsets): each such glyph gets its own Td."""
    face = run.face
    cids = face.cids  # pdf_code and width_units, looked up once for the run
    widths = pdf_widths(face)
    count = len(widths)
    size = run.size
    x = run.x
    pending: list[str] = []  # TJ operands: hex strings of codes and spacing adjustments
    start_x = x
    for glyph, advance, (dx, dy) in zip(run.glyphs, run.advances, run.offsets):
        code = glyph if cids is None else cids[glyph]
        if dx or dy:
            if pending:
                ops.append(f"{fmt(start_x - origin)} 0 Td [{' '.join(pending)}] TJ")
                origin, pending = start_x, []
            ops.append(f"{fmt(x + dx - origin)} {fmt(dy)} Td <{code:04X}> Tj 0 {fmt(-dy)} Td")
            origin = x + dx
            x += advance
            start_x = x
            continue
        if pending and pending[-1].endswith(">"):
            pending[-1] = f"{pending[-1][:-1]}{code:04X}>"  # consecutive glyphs share one string
        else:
            pending.append(f"<{code:04X}>")
        natural = (widths[glyph] if glyph < count else 0) * size / 1000
        departure = (advance - natural) * 1000 / size
        if not -0.04 < departure < 0.04:  # else it rounds to 0 (see _tj_operands)
            adjust = round(departure, 1)
            if adjust:
                pending.append(_adjust(adjust))
        x += advance
    if pending:
        ops.append(f"{fmt(start_x - origin)} 0 Td [{' '.join(pending)}] TJ")
        origin = start_x
    return origin


