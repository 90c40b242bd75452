"""Step 6: finish each chosen line: visual order, justification, alignment and indent.

A line's items are in logical order. Justification decides how much each glue grows or shrinks
(:func:`distribute`); the clusters are then put in visual order by ICU's rules L1–L2 (runs of a
right-to-left level reversed, trailing spaces at the paragraph's level: they are dropped anyway),
and drawn left to right as glyph runs. Start and end, the indent and the hyphen follow the
paragraph's direction: a right-to-left line starts at the right edge.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left
from typing import Iterator

from ..cache.memo import Memo
from ..text import Align, Direction
from .bidi import BidiParagraph
from .breaks import Piece
from .knuth_plass import Box, Glue, Item, Penalty
from .shaping import Cluster, make_cluster, shape_segment
from .types import GlyphRun, Line


def assemble(items: list[Item], pieces: list[Piece], breaks: list[int], width: float, indent: float,
             align: Align, direction: Direction = "ltr", bidi: BidiParagraph | None = None,
             kashida: bool = False) -> Iterator[Line]:
    """The lines; ``kashida``: a justified line of Arabic also lengthens its words with tatweel
    (U+0640) between joined letters, before its spaces take the rest."""
    start = 0
    for number, end in enumerate(breaks):
        last = number == len(breaks) - 1
        line_width = width - (indent if number == 0 else 0.0)
        # glue and penalties at the start of a line are discarded
        while start < end and type(items[start]) is not Box:
            start += 1
        # a line ends at its last box: trailing glue (spaces, gaps) is dropped
        stop = end
        while stop > start and type(items[stop - 1]) is not Box:
            stop -= 1
        chosen = range(start, stop)
        hyphen = pieces[end].hyphen if isinstance(items[end], Penalty) and not last else None
        # one pass over the line's items gives its natural width and its glue
        line_items = items[start:stop]
        natural = sum([item.width for item in line_items if type(item) is not Penalty])
        if hyphen is not None:
            natural += hyphen.width
        glues = [item for item in line_items if type(item) is Glue]
        excess = line_width - natural
        justified = align == "justify" and not last
        elongated, added = _kashidas(items, pieces, chosen, excess) if kashida and justified and excess > 0 \
            else ({}, 0.0)
        excess -= added
        adjust = distribute(glues, excess) if justified or excess < 0 else {}
        yield _line(items, pieces, chosen, hyphen, adjust, line_width, indent if number == 0 else 0.0, align, last,
                    direction, bidi, elongated)
        start = end + 1


def distribute(glues: list[Glue], excess: float) -> dict[int, float]:
    """How much each glue (by id) grows or shrinks so the line fills its measure: the glue marked
    ``first`` (punctuation space, CJK-Latin gaps) takes what it can before the rest (jlreq 3.8)."""
    adjust: dict[int, float] = {}
    remaining = excess
    for tier in (True, False):
        group = [g for g in glues if g.first == tier]
        # what each glue of the tier can give: its stretch when the line is short, else its shrink
        amounts = [g.stretch for g in group] if remaining > 0 else [g.shrink for g in group]
        capacity = sum(amounts)
        if not capacity or abs(remaining) < 1e-9:
            continue
        ratio = max(-1.0, remaining / capacity)
        if tier and remaining > 0:
            ratio = min(ratio, 1.0)  # the first tier stretches at most by its own stretchability
        for g, amount in zip(group, amounts):
            adjust[id(g)] = adjust.get(id(g), 0.0) + ratio * amount
        remaining -= ratio * capacity
    if abs(remaining) > 1e-6 and remaining > 0 and glues:
        # nothing but first-tier glue on the line: let it take the rest too
        group = [g for g in glues if g.stretch] or glues
        share = remaining / len(group)
        for g in group:
            adjust[id(g)] = adjust.get(id(g), 0.0) + share
    return adjust


# A kashida goes at most this many tatweels into one word, and one word in a line takes one: more
# reads as a stretched word, not as calligraphic elongation.
_KASHIDA_MAX = 3
_DUAL_JOINING, _JOIN_CAUSING, _RIGHT_JOINING, _TRANSPARENT = 2, 1, 4, 5  # ICU's UJoiningType


def _kashidas(items, pieces, chosen, excess: float) -> tuple[dict[int, Cluster], float]:
    """Where tatweels go in a justified line: ({id of the cluster they follow: that cluster with
    its tatweels}, the width they add).

    One place per word, its last join (between a letter that joins forward and one that joins
    back, never inside a cluster, so never through a lam-alef ligature); whole tatweels only,
    shared out over the words, at most _KASHIDA_MAX each, never more than the line lacks."""
    places: list[Cluster] = []
    for index in chosen:
        if type(items[index]) is not Box:
            continue
        clusters = pieces[index].clusters
        for before, after in reversed(list(zip(clusters, clusters[1:]))):
            if before.level % 2 and _joins(before.text, after.text):
                places.append(before)
                break
    if not places:
        return {}, 0.0
    tatweel = _tatweel(places[0])
    if tatweel is None or tatweel.width <= 0:
        return {}, 0.0
    counts = dict.fromkeys(map(id, places), 0)
    room = int(excess // tatweel.width)
    for _ in range(_KASHIDA_MAX):
        for place in places:
            if room <= 0:
                break
            counts[id(place)] += 1
            room -= 1
    out = {}
    for place in places:
        count = counts[id(place)]
        if count:
            # the letter and its tatweels as one cluster: drawn right to left, the tatweels come
            # first (on its left, toward the next letter), and the letter's text covers them all
            out[id(place)] = make_cluster(place.start, place.end, place.text, place.face, place.size,
                                          tatweel.glyphs * count + place.glyphs,
                                          tatweel.advances * count + place.advances,
                                          tatweel.offsets * count + place.offsets, place.language, place.level)
    return out, sum(counts.values()) * tatweel.width


def _joins(before: str, after: str) -> bool:
    from icu import Char, UProperty  # a right-to-left paragraph has loaded ICU already

    def joining(char: str) -> int:
        return Char.getIntPropertyValue(char, UProperty.JOINING_TYPE)

    last = next((c for c in reversed(before) if joining(c) != _TRANSPARENT), "")
    return bool(last) and joining(last) in (_DUAL_JOINING, _JOIN_CAUSING) and \
        joining(after[0]) in (_DUAL_JOINING, _RIGHT_JOINING)


def _tatweel(cluster: Cluster) -> Cluster | None:
    face = cluster.face
    if not face.covers(0x0640):
        return None
    starts, _, _, glyphs, advances, offsets, _ = shape_segment("\u0640", face, cluster.size, cluster.language, "Arab",
                                                               True)
    if len(starts) != 1:
        return None
    glyphs, advances, offsets = glyphs[0], advances[0], offsets[0]
    return make_cluster(0, 1, "\u0640", face, cluster.size, glyphs, advances, offsets, cluster.language)


def _logical_clusters(items, pieces, chosen, hyphen, adjust, elongated=None) -> Iterator[tuple[Cluster | None, float]]:
    """(cluster, extra advance after it) in logical order, one cluster at a time (what bidi
    reordering and tatweels work on): :func:`_chunks`' clusters, each word's with its tatweels."""
    for clusters, extra in _chunks(items, pieces, chosen, hyphen, adjust):
        if clusters is None:  # glue without glyphs widens what precedes it
            yield None, extra
            continue
        last = len(clusters) - 1
        for index, cluster in enumerate(clusters):
            yield (elongated.get(id(cluster), cluster) if elongated else cluster), (extra if index == last else 0.0)


def _visual(logical, bidi: BidiParagraph) -> list[tuple[Cluster, float]]:
    """The line's clusters in visual order, left to right (ICU's runs of the line's text)."""
    placed: list[list] = []  # [cluster, extra]
    for cluster, extra in logical:
        if cluster is None:
            if placed:
                placed[-1][1] += extra
            continue
        placed.append([cluster, extra])
    if not placed:
        return []
    starts = [entry[0].start for entry in placed]
    out: list[tuple[Cluster, float]] = []
    hyphen = placed[-1] if len(placed) > 1 and placed[-1][0].start == placed[-2][0].end and \
        placed[-1][0].start == placed[-1][0].end else None
    body = placed[:-1] if hyphen is not None else placed
    for run_start, run_end, rtl in bidi.visual_runs(body[0][0].start, body[-1][0].end):
        first, stop = bisect_left(starts, run_start, 0, len(body)), bisect_left(starts, run_end, 0, len(body))
        chunk = [(entry[0], entry[1]) for entry in body[first:stop]]
        if hyphen is not None and stop == len(body):
            chunk.append((hyphen[0], hyphen[1]))  # the hyphen ends the word it breaks, in its direction
        out += chunk[::-1] if rtl else chunk
    return out


def _chunks(items, pieces, chosen, hyphen, adjust) -> list[tuple[tuple[Cluster, ...] | None, float]]:
    """The line's clusters in logical order, a box's at a time: (clusters, extra advance after the
    last of them); a glue draws its space with the extra its width and adjustment give, and glue
    without glyphs is (None, the advance it adds to what precedes it).

    A line with neither bidi reordering nor tatweels is drawn from these as they are: a box's
    clusters stay a tuple, with no per-cluster pair to make."""
    out = []
    append = out.append
    for index in chosen:
        item = items[index]
        kind = type(item)
        if kind is Box:
            append((pieces[index].clusters, 0.0))
        elif kind is Glue:
            change = adjust.get(id(item), 0.0) if adjust else 0.0
            clusters = pieces[index].clusters
            if clusters:
                append((clusters[:1], item.width - clusters[0].width + change))
            else:
                append((None, item.width + change))
    if hyphen is not None:
        append(((hyphen,), 0.0))
    return out


def _line(items, pieces, chosen, hyphen, adjust, line_width, indent, align, last, direction, bidi,
          elongated=None) -> Line:
    """The chosen items drawn as glyph runs: one run per stretch of one face at one size.

    This visits every cluster of every line: the clusters come a box at a time and are appended
    in place, with no per-cluster helper or run bookkeeping.
    """
    runs: list[tuple] = []  # (face, size, x, glyphs, advances, offsets, texts, actual texts) of each run
    face = size = None
    run_x = x = 0.0
    glyphs: list[int] = []
    advances: list[float] = []
    offsets: list = []
    texts: list[str] = []
    actual: list[tuple[int, int, str]] = []

    if bidi is not None or elongated:
        logical = _logical_clusters(items, pieces, chosen, hyphen, adjust, elongated)
        ordered = [((cluster,) if cluster is not None else None, extra)
                   for cluster, extra in (_visual(logical, bidi) if bidi is not None else logical)]
    else:
        ordered = _chunks(items, pieces, chosen, hyphen, adjust)
    for clusters, extra in ordered:
        if clusters is None:  # widen the last glyph set
            if advances:
                advances[-1] += extra
                x += extra
            continue
        for cluster in clusters:
            if cluster.face is not face or cluster.size != size:
                if glyphs:
                    runs.append((face, size, run_x, glyphs, advances, offsets, texts, actual))
                    actual = []
                face, size, run_x = cluster.face, cluster.size, x
                glyphs, advances, offsets, texts = [], [], [], []
            if len(cluster.glyphs) > 1:
                mapped = _glyph_texts(cluster)
                if mapped is None:
                    # no glyph-by-glyph mapping gives the text back (a vowel drawn before its consonant,
                    # a split vowel): the cluster's text is given whole (ActualText)
                    # (each glyph keeps its own character, if any, so the font's ToUnicode map stays true
                    # for the glyph's other uses)
                    actual.append((len(glyphs), len(glyphs) + len(cluster.glyphs), _span_text(cluster.text)))
                    own = _own_characters(cluster.face)
                    texts.extend(own.get(glyph, "") for glyph in cluster.glyphs)
                else:
                    texts.extend(mapped)
            else:
                texts.append(cluster.text)
            glyphs.extend(cluster.glyphs)
            advances.extend(cluster.advances)
            offsets.extend(cluster.offsets)
            x += cluster.width
        if extra:
            advances[-1] += extra
            x += extra
    if glyphs:
        runs.append((face, size, run_x, glyphs, advances, offsets, texts, actual))
    set_width = x
    # the runs are made once the line's width, and so its start, is known
    shift = _shift(align, direction, line_width, set_width, indent)
    glyph_runs = tuple(GlyphRun(face, size, run_x + shift if shift else run_x, tuple(glyphs), tuple(advances),
                                tuple(offsets), tuple(texts), tuple(actual))
                       for face, size, run_x, glyphs, advances, offsets, texts, actual in runs)
    ascent = max((r.face.ascender * r.size / r.face.units_per_em for r in glyph_runs), default=0.0)
    descent = max((-r.face.descender * r.size / r.face.units_per_em for r in glyph_runs), default=0.0)
    return Line(glyph_runs, set_width, ascent, descent, last=last, direction=direction)


def _span_text(text: str) -> str:
    """A cluster's ActualText, as text extraction reads it back in logical order.

    Readers spread a span's characters over its width left to right, then read a right-to-left
    word from right to left (poppler's TextPage::addChar and its RTL line dump): the ActualText
    of a right-to-left cluster (an Arabic letter and its harakat, a Hebrew letter and its points)
    is given in that visual order, so that the mark comes back after its letter (ثّ, not ّث)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return text[::-1]
        if kind == "L":
            return text
    return text


def _shift(align: Align, direction: Direction, line_width: float, set_width: float, indent: float) -> float:
    """Where the line starts, from the left of the measure: the indent and the free space go to the
    start side (the right of a right-to-left line)."""
    free = line_width - set_width
    rtl = direction == "rtl"
    if align == "center":
        return indent + free / 2 if not rtl else free / 2
    if align in ("start", "justify"):
        side = "right" if rtl else "left"
    elif align == "end":
        side = "left" if rtl else "right"
    else:
        side = align
    if side == "right":
        return (0.0 if rtl else indent) + free
    return indent if not rtl else 0.0


def _glyph_texts(cluster: Cluster) -> list[str] | None:
    """Each glyph's text when the cluster's text is its glyphs' own characters in drawing order,
    none of them moved from its pen position (the glyphs then map back one by one), else None.

    A glyph's own character is the one the face's cmap maps to it; a glyph no character maps to
    (a ligature, a contextual form) stands for the cluster's text only when it is the cluster's
    first glyph and the others are marks of their own (Latin ligature + accent are rare: those
    go whole)."""
    if any(dx or dy for dx, dy in cluster.offsets):
        # a mark moved onto its base: readers place each glyph by its own origin, so one raised
        # or lowered goes to a line of its own (pdftotext: รบ + ั for รับ) and one shifted past
        # its base's end starts a word (सं गठन): the cluster is given whole, from the baseline
        return None
    own = _own_characters(cluster.face)
    texts = [own.get(glyph) for glyph in cluster.glyphs]
    if None in texts or "".join(texts) != cluster.text:
        return None
    return texts


def _own_characters(face) -> dict[int, str]:
    """Glyph id -> the character the face's cmap maps to it (the lowest, when several do).

    Compatibility characters (Arabic presentation forms, the fi ligature) do not count: a glyph
    the cmap gives to ﺤ is the medial form of ح, and must read back as ح."""
    table = _OWN_CHARACTERS.get(face)
    if table is None:
        import unicodedata

        table = {}
        for code, glyph in sorted(face.cmap.items(), reverse=True):
            if not unicodedata.decomposition(chr(code)).startswith("<"):
                table[glyph] = chr(code)
        _OWN_CHARACTERS.put(face, table)
    return table


# by face (held here, so its id is not reused while it is a key): a batch has a few dozen faces (46 in the example)
_OWN_CHARACTERS: Memo[object, dict[int, str]] = Memo("the character of each glyph, per face", 128)
