"""Step 3: shape each item with HarfBuzz, its direction, script and language set explicitly.

An item (see :mod:`.itemize`) is shaped whole, so kerning, ligatures, contextual forms, conjuncts
and syllables work across a word, with the language set so the face's ``locl`` forms apply.
Results come back as clusters in LOGICAL order (HarfBuzz gives right-to-left glyphs in visual
order; they are turned back here), each a character range with its glyphs in the order they are
drawn, in points. A cluster is never split: breaking and justification happen between clusters.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import compress, islice
from operator import ne

import uharfbuzz as hb

from ..cache.memo import Memo
from ..fonts.face import PreparedFace
from .itemize import Segment
from .types import ON_PEN

FEATURES = {"kern": True, "liga": True, "clig": True, "calt": True}


@dataclass(eq=False, slots=True)  # internal and made by the thousand: no frozen-init overhead
class Cluster:
    """Characters ``text[start:end]`` drawn as ``glyphs`` from one face at one size."""

    start: int
    end: int
    text: str
    face: PreparedFace
    size: float
    glyphs: tuple[int, ...]
    advances: tuple[float, ...]  # points
    offsets: tuple[tuple[float, float], ...]  # points
    language: str
    width: float = 0.0  # the sum of the advances, read by the hot loops
    level: int = 0  # bidi embedding level: odd is right to left (glyphs drawn in the order given)


def make_cluster(start: int, end: int, text: str, face: PreparedFace, size: float, glyphs: tuple[int, ...],
                 advances: tuple[float, ...], offsets: tuple[tuple[float, float], ...], language: str,
                 level: int = 0) -> Cluster:
    """A :class:`Cluster`, its ``width`` the sum of its advances."""
    return Cluster(start, end, text, face, size, glyphs, advances, offsets, language, sum(advances), level)


_SHAPED: Memo[tuple, tuple] = Memo("shaped segments", 4096)  # bounded: memory stays flat however many letters


def _hb_language(language: str) -> str:
    return language


def shape_segment(text: str, face: PreparedFace, size: float, language: str, script: str = "",
                  rtl: bool = False) -> tuple:
    """The clusters of ``text`` as columns, in logical order: (starts, ends, texts, glyphs, advances,
    offsets, widths), one entry per cluster in each, a cluster's glyphs (advances, offsets) a tuple
    in drawing order (left to right); cached. The text and width are kept with the glyphs so that
    :func:`shape` only places them.

    Columns, not a tuple per cluster: what is made here is kept (in this memo and in the clusters),
    and every object kept counts toward the next run of the cyclic garbage collector, which then
    visits it; a cluster's fields are read from the columns with zip, which makes no tuple that stays."""
    key = (text, face.key, face.synthetic_bold, size, language, script, rtl)
    cached = _SHAPED.get(key)
    if cached is not None:
        return cached
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()  # the script, when the item has none of its own (digits)
    if script:
        buffer.script = script
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.language = _hb_language(language)
    hb.shape(face.hb_font, buffer, FEATURES)
    scale = size / face.units_per_em
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    # Read per glyph in list comprehensions, then grouped: this runs for every glyph of every
    # paragraph, and most clusters are one glyph (a letter, a kana, a syllable).
    starts = [info.cluster for info in infos]
    glyphs = [info.codepoint for info in infos]
    advances = [position.x_advance * scale for position in positions]
    offsets = [(position.x_offset * scale, position.y_offset * scale) if position.x_offset or position.y_offset
               else ON_PEN for position in positions]
    if rtl:
        result = _grouped(text, starts, glyphs, advances, offsets, rtl=True)
    elif len(set(starts)) == len(starts):  # one glyph per cluster
        ends = starts[1:] + [len(text)]
        # a cluster of one glyph is as wide as its advance; one glyph for each character (no
        # ligature) makes each cluster's text its character
        pieces = list(text) if len(starts) == len(text) and starts == list(range(len(text))) else \
            [text[start:end] for start, end in zip(starts, ends)]
        result = (tuple(starts), tuple(ends), tuple(pieces), _ones(glyphs), _ones(advances), _ones(offsets),
                  tuple(advances))
    else:
        result = _grouped(text, starts, glyphs, advances, offsets)
    return _SHAPED.put(key, result)


def _ones(values: list) -> tuple:
    """Each value as a tuple of one (a one-glyph cluster's glyphs, advances or offsets), one tuple
    for each distinct value: a segment draws a few dozen glyphs, widths and offsets over and over.
    (Equal floats here are the same float: an advance or offset is font units times a positive
    scale, never -0.0.)"""
    distinct = {value: (value,) for value in set(values)}
    return tuple(map(distinct.__getitem__, values))


def _grouped(text: str, starts: list[int], glyphs: list[int], advances: list[float], offsets: list,
             rtl: bool = False) -> tuple:
    """Glyphs grouped by cluster (ligatures, marks, decomposed syllables), in the shape_segment form.

    HarfBuzz keeps a cluster's glyphs together and, right to left, gives the clusters in visual
    order (their starts decreasing): the groups are then put back in logical order, each keeping
    its glyphs in drawing order. A group is a slice of the glyph lists, cut where the start
    changes (found with C-level maps, not glyph by glyph: every right-to-left paragraph comes here)."""
    count = len(starts)
    if not count:
        return (), (), (), (), (), (), ()
    bounds = [0, *compress(range(1, count), map(ne, starts, islice(starts, 1, None))), count]
    groups = [(starts[first], first, end) for first, end in zip(bounds, islice(bounds, 1, None))]
    if rtl:
        groups.reverse()
    starts = tuple(group[0] for group in groups)
    ends = starts[1:] + (len(text),)
    return (starts, ends, tuple(text[start:end] for start, end in zip(starts, ends)),
            tuple(tuple(glyphs[first:stop]) for _, first, stop in groups),
            tuple(tuple(advances[first:stop]) for _, first, stop in groups),
            tuple(tuple(offsets[first:stop]) for _, first, stop in groups),
            tuple(advances[first] if stop - first == 1 else sum(advances[first:stop]) for _, first, stop in groups))


def shape(text: str, segments: list[Segment], size: float) -> list[Cluster]:
    """The clusters of every segment, in logical order."""
    clusters: list[Cluster] = []
    for segment in segments:
        start, face, language, level = segment.start, segment.face, segment.language, segment.level
        shaped = shape_segment(text[start:segment.end], face, size, language, segment.script, segment.rtl)
        # one Cluster per character or so of every paragraph: made in one comprehension
        clusters += [Cluster(start + c_start, start + c_end, piece, face, size, glyphs, advances, offsets, language,
                             width, level) for c_start, c_end, piece, glyphs, advances, offsets, width in zip(*shaped)]
    return clusters
