"""Shaping: split a paragraph into font-fallback segments and shape each with HarfBuzz.

Each character goes to the first face of its run's chain that has it (a
combining mark stays with its base).  A segment is shaped whole, so kerning,
ligatures and contextual forms work across a word, with the run's language
set so the face's ``locl`` forms apply.  Results come back as clusters:
character ranges with their glyphs, in points.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import uharfbuzz as hb

from ..fonts.face import FontSet, PreparedFace
from .rules import is_mark
from .types import Run

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


def make_cluster(start: int, end: int, text: str, face: PreparedFace, size: float, glyphs: tuple[int, ...],
                 advances: tuple[float, ...], offsets: tuple[tuple[float, float], ...], language: str) -> Cluster:
    return Cluster(start, end, text, face, size, glyphs, advances, offsets, language, sum(advances))


_SHAPED: "OrderedDict[tuple, tuple]" = OrderedDict()
_SHAPED_MAX = 4096  # bounded: memory stays flat however many letters a process sets


def _hb_language(language: str) -> str:
    return language


def shape_segment(text: str, face: PreparedFace, size: float, language: str) -> tuple:
    """(cluster start, cluster end, glyphs, advances, offsets) per cluster of ``text``; cached."""
    key = (text, face.key, face.synthetic_bold, size, language)
    cached = _SHAPED.get(key)
    if cached is not None:
        _SHAPED.move_to_end(key)
        return cached
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
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
               else _ON_PEN for position in positions]
    if len(set(starts)) == len(starts):  # one glyph per cluster
        ends = starts[1:] + [len(text)]
        result = tuple(zip(starts, ends, ((g,) for g in glyphs), ((a,) for a in advances), ((o,) for o in offsets)))
    else:
        result = _grouped(starts, glyphs, advances, offsets, len(text))
    _SHAPED[key] = result
    if len(_SHAPED) > _SHAPED_MAX:
        _SHAPED.popitem(last=False)
    return result


_ON_PEN = (0.0, 0.0)  # the offset of nearly every glyph, shared


def _grouped(starts: list[int], glyphs: list[int], advances: list[float], offsets: list, length: int) -> tuple:
    """Glyphs grouped by cluster (ligatures, marks, decomposed syllables), in the shape_segment form."""
    groups: list[list] = []
    for start, glyph, advance, offset in zip(starts, glyphs, advances, offsets):
        if groups and groups[-1][0] == start:
            group = groups[-1]
        else:
            group = [start, None, [], [], []]
            groups.append(group)
        group[2].append(glyph)
        group[3].append(advance)
        group[4].append(offset)
    for index, group in enumerate(groups):
        group[1] = groups[index + 1][0] if index + 1 < len(groups) else length
    return tuple((g[0], g[1], tuple(g[2]), tuple(g[3]), tuple(g[4])) for g in groups)


def itemize(runs: tuple[Run, ...], fonts: FontSet) -> list[tuple[int, int, PreparedFace, str]]:
    """(start, end, face, language) segments of the paragraph's joined text."""
    segments: list[tuple[int, int, PreparedFace, str]] = []
    offset = 0
    for run in runs:
        chain = fonts.chain(run.language, run.style)
        if chain and set(map(ord, run.text)) <= chain[0].cmap.keys():
            # the common case, checked at C speed: the language's own face has every character
            segments.append((offset, offset + len(run.text), chain[0], run.language))
            offset += len(run.text)
            continue
        current: PreparedFace | None = None
        start = offset
        for index, char in enumerate(run.text):
            position = offset + index
            if current is not None and (is_mark(char) or char in "\u200d\ufe0f" or
                                        (char.isspace() and current.covers(ord(char)))):
                continue  # marks and spaces stay in the current face
            face = next((f for f in chain if f.covers(ord(char))), chain[0])
            if face is not current:
                if current is not None:
                    segments.append((start, position, current, run.language))
                current, start = face, position
        if current is not None:
            segments.append((start, offset + len(run.text), current, run.language))
        offset += len(run.text)
    return segments


def shape_paragraph(runs: tuple[Run, ...], fonts: FontSet, size: float) -> tuple[str, list[Cluster]]:
    text = "".join(run.text for run in runs)
    clusters: list[Cluster] = []
    add = clusters.append
    for start, end, face, language in itemize(runs, fonts):
        segment = text[start:end]
        for c_start, c_end, glyphs, advances, offsets in shape_segment(segment, face, size, language):
            width = advances[0] if len(advances) == 1 else sum(advances)
            add(Cluster(start + c_start, start + c_end, segment[c_start:c_end], face, size, glyphs, advances,
                        offsets, language, width))
    return text, clusters
