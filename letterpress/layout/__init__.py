"""Stage 3b: set a paragraph into lines of shaped, positioned glyphs.

    shaping      font fallback per character, HarfBuzz shaping with the run's language
    rules        break opportunities: Latin spaces and hyphens, Korean keep-all, CJK kinsoku
    hyphenate    dictionary hyphenation (Pyphen) for Latin-script languages
    knuth_plass  total-fit choice of breaks
    (here)       boxes/glue/penalties from clusters, justification, GlyphRuns per line

CJK text is justified by glue between characters and a quarter-em gap at
CJK–Latin boundaries (none at line edges); Latin by stretching spaces after
choosing breaks over the whole paragraph.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..fonts.face import FontSet
from . import diskcache
from .hyphenate import hyphenation_points
from .knuth_plass import INFINITE, Box, Glue, Item, Penalty, break_lines
from .rules import (BREAK_SPACES, NO_BREAK_SPACES, NO_END, NO_START, is_cjk_char, is_hangul,
                    is_latin_alnum, may_break_between)
from .shaping import Cluster, make_cluster, shape_paragraph, shape_segment
from .types import Align, GlyphRun, Line, Run

__all__ = ["set_paragraph", "Run", "Line", "GlyphRun", "Align"]

_LINES: "OrderedDict[tuple, tuple[Line, ...]]" = OrderedDict()
_LINES_MAX = 2048


@dataclass(eq=False, slots=True)
class _Piece:
    """What an item stands for when the line is drawn."""

    clusters: tuple[Cluster, ...] = ()  # glyphs of a box, or the space glyph of a glue
    hyphen: Cluster | None = None  # the hyphen drawn when a penalty is the line's break
    gap_after: Cluster | None = None  # for glue without glyphs: the cluster it follows


def set_paragraph(runs: Sequence[Run], fonts: FontSet, *, size: float, width: float, align: Align = "justify",
                  first_line_indent: float = 0.0) -> tuple[Line, ...]:
    runs = tuple(run for run in runs if run.text)
    if not runs:
        return ()
    key = (runs, fonts.key, size, width, align, first_line_indent)
    cached = _LINES.get(key)
    if cached is not None:
        _LINES.move_to_end(key)
        return cached
    entry = diskcache.key(runs, fonts, size, width, align, first_line_indent)
    lines = _one_line_at_any_width(runs, fonts, size, width, align, first_line_indent)
    if lines is not None:
        # kept under this measure too: the next run may meet the paragraph at this measure first
        diskcache.store(entry, lines)
    else:
        lines = diskcache.load(entry, fonts)
        if lines is None:
            lines, natural = _set(runs, fonts, size, width, align, first_line_indent)
            diskcache.store(entry, lines)
            if natural is not None and align in _WIDTH_FREE:
                _ONE_LINE[(runs, fonts.key, size, align, first_line_indent)] = (lines, natural)
                if len(_ONE_LINE) > _LINES_MAX:
                    _ONE_LINE.popitem(last=False)
    _LINES[key] = lines
    if len(_LINES) > _LINES_MAX:
        _LINES.popitem(last=False)
    return lines


# A paragraph set on one line, left-aligned (or justified: a last line is not), is the same at any
# measure it fits: the signatory block measures every entry unbroken, then sets it in a column.
_WIDTH_FREE = ("left", "justify")
_ONE_LINE: "OrderedDict[tuple, tuple[tuple[Line, ...], float]]" = OrderedDict()  # -> (lines, natural width)


def _one_line_at_any_width(runs, fonts: FontSet, size: float, width: float, align: Align,
                           indent: float) -> tuple[Line, ...] | None:
    found = _ONE_LINE.get((runs, fonts.key, size, align, indent))
    # the very test _set makes before setting a paragraph on one line
    if found is not None and found[1] <= width - indent:
        return found[0]
    return None


def _set(runs: tuple[Run, ...], fonts: FontSet, size: float, width: float, align: Align,
         indent: float) -> tuple[tuple[Line, ...], float | None]:
    """The paragraph's lines, and its natural width when it was set on one line because it fits."""
    text, clusters = shape_paragraph(runs, fonts, size)
    language_at = _languages(runs)
    justify = align == "justify"
    natural = sum(cluster.width for cluster in clusters)
    if natural <= width - indent:
        # Likely one line (a signatory, an address line, a short paragraph): a paragraph's only
        # line is its last, never justified, so it needs neither hyphenation nor a choice of breaks.
        items, pieces = _items(text, clusters, language_at, size, emergency=False, hyphenate=False)
        natural = max(natural, _natural_width(items))
        if natural <= width - indent:
            return tuple(_assemble(items, pieces, [len(items) - 1], width, indent, align)), natural
    # Ragged text is not hyphenated (nothing to even out) and may leave any line short.
    items, pieces = _items(text, clusters, language_at, size, emergency=False, hyphenate=justify)
    options = dict(first_width=width - indent, line_stretch=0.0 if justify else width)
    breaks = break_lines(items, width, tolerance=2.5 if justify else 4.0, **options)
    if breaks is None:
        breaks = break_lines(items, width, tolerance=20.0, **options)
    if breaks is None:  # a word wider than the line: allow breaks inside words, at a high cost
        items, pieces = _items(text, clusters, language_at, size, emergency=True, hyphenate=justify)
        breaks = break_lines(items, width, tolerance=INFINITE, **options)
    if breaks is None:
        breaks = _greedy(items, width)
    return tuple(_assemble(items, pieces, breaks, width, indent, align)), None


def _natural_width(items: list[Item]) -> float:
    return sum(item.width for item in items if not isinstance(item, Penalty))


def _languages(runs: tuple[Run, ...]) -> list[str]:
    out: list[str] = []
    for run in runs:
        out += [run.language] * len(run.text)
    return out


def _items(text: str, clusters: list[Cluster], language_at: list[str], size: float, *, emergency: bool,
           hyphenate: bool = True) -> tuple[list[Item], list[_Piece]]:
    items: list[Item] = []
    pieces: list[_Piece] = []
    word: list[Cluster] = []  # clusters of the box being built: nothing can happen between them
    word_width = 0.0

    def add(item: Item, piece: _Piece = _NOTHING) -> None:
        items.append(item)
        pieces.append(piece)

    def end_word() -> None:
        nonlocal word, word_width
        if word:
            add(Box(word_width), _Piece(tuple(word)))
            word, word_width = [], 0.0

    em = size
    hyphen_points = _hyphen_points(text, language_at) if hyphenate else set()
    last_alone = _last_alone_from(text)
    previous: Cluster | None = None
    previous_last = " "  # the previous cluster's last character (a space before the first)
    plain_pairs_join = not emergency  # Latin letters and digits side by side: one word, no break
    plain = _plain_chars()
    for cluster in clusters:
        text_of = cluster.text
        char = text_of[:1]
        if char in _SPACES:
            end_word()
            space = cluster.width
            if char in NO_BREAK_SPACES:
                add(Penalty(0, INFINITE))
                stretch, shrink = (0.0, 0.0) if char == "\u202f" else (space * 0.5, space * 0.33)
                add(Glue(space, stretch, shrink), _Piece((cluster,)))
            elif items and isinstance(items[-1], Glue) and pieces[-1].clusters:
                # a run of spaces is one space
                continue
            else:
                ideographic = char == "\u3000"
                add(Glue(space, 0.0 if ideographic else space * 0.5, 0.0 if ideographic else space * 0.33),
                    _Piece((cluster,)))
            previous, previous_last = cluster, text_of[-1]
            continue
        if previous_last not in _SPACES and not (plain_pairs_join and previous_last in plain and char in plain):
            between = _between(previous, cluster, last_alone, em, language_at, emergency)
            if between:
                end_word()
                for item, piece in between:
                    add(item, piece)
        word.append(cluster)
        word_width += cluster.width
        if cluster.end in hyphen_points:
            hyphen = _hyphen_cluster(cluster)
            if hyphen is not None:
                end_word()
                add(Penalty(hyphen.width, 50, flagged=True), _Piece(hyphen=hyphen))
        previous, previous_last = cluster, text_of[-1]
    end_word()
    # finish: fill the last line, force the final break
    add(Penalty(0, INFINITE))
    add(Glue(0, 1e6, 0))
    add(Penalty(0, -INFINITE))
    return items, pieces


_SPACES = BREAK_SPACES | NO_BREAK_SPACES
_NOTHING = _Piece()  # what a penalty or a gap-free glue stands for: nothing to draw
# Full-width CJK punctuation whose glyph fills half its em: the other half is adjustable space.
FULL_CLOSING = set("」』）】〕〉》〙〗｝］、。，．")
FULL_OPENING = set("「『（【〔〈《〘〖｛［")


def _plain(char: str) -> bool:
    """A Latin-script letter, digit or mark of punctuation that neither breaks nor stretches next to another."""
    return char < "\u2000" and (char.isalnum() or char in ".,;:!?'\"()[]&%$#@*+=<>") and char not in "-/"


@lru_cache(maxsize=1)
def _plain_chars() -> frozenset[str]:
    """The characters _plain accepts, for a set lookup in the per-character loop (made on first
    use: a warm build, whose lines all come from the cache, never needs it)."""
    return frozenset(filter(_plain, map(chr, range(0x2000))))


def _between(before: Cluster, after: Cluster, last_alone: int, em: float, language_at, emergency
             ) -> list[tuple[Item, _Piece]]:
    """Glue and break opportunities between two adjacent non-space clusters (none: same word)."""
    allowed, cjk, joint = _joint(before.text[-1], after.text[0], language_at[after.start])
    if allowed and cjk and after.start >= last_alone:
        allowed = False  # never leave a single CJK character alone on the last line
    if joint is _GAP:
        # a quarter em between CJK and Latin letters or digits (jlreq 3.2.2); dropped at line edges
        return _unless(allowed, Glue(em * 0.25, em * 0.25, em * 0.125, first=True), before)
    if joint is _ADJACENT_PUNCTUATION:
        # adjacent punctuation (。」, 」「, 「『) sets in 1.5 em, not 2 (jlreq 3.1.4): half an em goes
        return _unless(allowed, Glue(-em * 0.5, 0, 0), before)
    if joint is _PUNCTUATION:
        # the empty half of a full-width comma, full stop or bracket is adjustable space (jlreq 3.1.2):
        # it closes up first when a line must shrink (to fit one more character), and it opens a
        # little, first, when a line must stretch; more would read as a word space after 。
        return _unless(allowed, Glue(0, em * 0.1, em * 0.5, first=True), before)
    if joint is _IDEOGRAPHIC:
        # ideographs and kana: no space, but room to stretch for justification (LuaTeX-ja: 0 plus .25em)
        return _unless(allowed, Glue(0, em * 0.25, 0), before)
    if joint is _HANGUL:
        # Korean justifies mostly at word spaces, a little between syllables (klreq), never breaking there
        return [(Penalty(0, 5000 if emergency else INFINITE), _NOTHING), (Glue(0, em * 0.04, 0), _Piece(gap_after=before))]
    if allowed:
        return [(Penalty(0, 0), _NOTHING)]
    if emergency:
        return [(Penalty(0, 5000), _NOTHING)]
    return []


# What happens between two characters, as decided by _joint
_GAP, _ADJACENT_PUNCTUATION, _PUNCTUATION, _IDEOGRAPHIC, _HANGUL, _OTHER = (
    "gap", "adjacent punctuation", "punctuation", "ideographic", "hangul", "other")


@lru_cache(maxsize=8192)
def _joint(a: str, b: str, language: str) -> tuple[bool, bool, str]:
    """(a break is allowed, either is CJK, what lies between) for two adjacent characters: a pure
    function of the pair, memoised because it is asked for every pair of CJK characters."""
    allowed = may_break_between(a, b, language)
    cjk = is_cjk_char(a) or is_cjk_char(b)
    # Korean separates words with spaces and takes no extra gap next to Latin or digits (klreq).
    mixed = (is_cjk_char(a) and is_latin_alnum(b)) or (is_cjk_char(b) and is_latin_alnum(a))
    if mixed and not (a in NO_END or b in NO_START):
        return allowed, cjk, _GAP
    if a in FULL_CLOSING and (b in FULL_CLOSING or b in FULL_OPENING) or a in FULL_OPENING and b in FULL_OPENING:
        return allowed, cjk, _ADJACENT_PUNCTUATION
    if a in FULL_CLOSING or b in FULL_OPENING:
        return allowed, cjk, _PUNCTUATION
    if cjk and not (is_hangul(a) or is_hangul(b)):
        return allowed, cjk, _IDEOGRAPHIC
    if is_hangul(a) and is_hangul(b):
        return allowed, cjk, _HANGUL
    return allowed, cjk, _OTHER


def _unless(allowed: bool, glue: Glue, before: Cluster) -> list[tuple[Item, _Piece]]:
    """The glue after ``before``, kept from breaking (a penalty first) when no break is allowed there."""
    gap = (glue, _Piece(gap_after=before))
    return [gap] if allowed else [(Penalty(0, INFINITE), _NOTHING), gap]


def _last_alone_from(text: str) -> int:
    """The offset from which a break would leave at most one character (not counting spaces and
    closing punctuation) on the last line: past the second-to-last such character."""
    seen = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if not char.isspace() and char not in NO_START:
            seen += 1
            if seen == 2:
                return index + 1
    return 0


def _hyphen_points(text: str, language_at: list[str]) -> set[int]:
    """Offsets in ``text`` after which a hyphenated break is possible (Latin words only)."""
    points: set[int] = set()
    for word in _hyphenatable().finditer(text):
        start = word.start()
        points.update(start + position for position in hyphenation_points(word.group(), language_at[start]))
    return points


@lru_cache(maxsize=1)
def _hyphenatable() -> re.Pattern:
    """A run of letters that are not set on the em grid (is_wide's CJK and Hangul ranges): a word
    that dictionary hyphenation may break. Compiled on first use, like _plain_chars."""
    return re.compile(
        "[^\\W\\d_\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        "\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]+")


def _hyphen_cluster(cluster: Cluster) -> Cluster | None:
    face = cluster.face
    char = "-" if face.covers(ord("-")) else ("\u2010" if face.covers(0x2010) else None)
    if char is None:
        return None
    shaped = shape_segment(char, face, cluster.size, cluster.language)
    if not shaped:
        return None
    _, _, glyphs, advances, offsets = shaped[0]
    return make_cluster(cluster.end, cluster.end, "-", face, cluster.size, glyphs, advances, offsets, cluster.language)


def _greedy(items: list[Item], width: float) -> list[int]:
    """Last resort: break at the last candidate that fits, or anywhere."""
    breaks, used = [], 0.0
    last = None
    for index, item in enumerate(items):
        if isinstance(item, (Glue, Penalty)) and (not isinstance(item, Penalty) or item.cost < INFINITE):
            last = index
        used += item.width if not isinstance(item, Penalty) else 0.0
        if used > width and last is not None:
            breaks.append(last)
            used = 0.0
            last = None
    breaks.append(len(items) - 1)
    return breaks


def _assemble(items: list[Item], pieces: list[_Piece], breaks: list[int], width: float, indent: float,
              align: Align):
    start = 0
    for number, end in enumerate(breaks):
        last = number == len(breaks) - 1
        line_width = width - (indent if number == 0 else 0.0)
        # glue and penalties at the start of a line are discarded
        while start < end and not isinstance(items[start], Box):
            start += 1
        chosen = list(range(start, end))
        # a line ends at its last box: trailing glue (spaces, gaps) is dropped
        while chosen and not isinstance(items[chosen[-1]], Box):
            chosen.pop()
        hyphen = pieces[end].hyphen if isinstance(items[end], Penalty) and not last else None
        natural = sum(items[i].width for i in chosen if not isinstance(items[i], Penalty))
        if hyphen is not None:
            natural += hyphen.width
        glues = [items[i] for i in chosen if isinstance(items[i], Glue)]
        excess = line_width - natural
        adjust = _distribute(glues, excess) if (align == "justify" and not last) or excess < 0 else {}
        yield _line(items, pieces, chosen, hyphen, adjust, line_width, indent if number == 0 else 0.0, align, last)
        start = end + 1


def _distribute(glues: list[Glue], excess: float) -> dict[int, float]:
    """How much each glue (by id) grows or shrinks so the line fills its measure: the glue marked
    ``first`` (punctuation space, CJK-Latin gaps) takes what it can before the rest (jlreq 3.8)."""
    adjust: dict[int, float] = {}
    remaining = excess
    for tier in (True, False):
        group = [g for g in glues if g.first == tier]
        capacity = sum(g.stretch if remaining > 0 else g.shrink for g in group)
        if not capacity or abs(remaining) < 1e-9:
            continue
        ratio = max(-1.0, remaining / capacity)
        if tier and remaining > 0:
            ratio = min(ratio, 1.0)  # the first tier stretches at most by its own stretchability
        for g in group:
            adjust[id(g)] = adjust.get(id(g), 0.0) + ratio * (g.stretch if remaining > 0 else g.shrink)
        remaining -= ratio * capacity
    if abs(remaining) > 1e-6 and remaining > 0 and glues:
        # nothing but first-tier glue on the line: let it take the rest too
        group = [g for g in glues if g.stretch] or glues
        share = remaining / len(group)
        for g in group:
            adjust[id(g)] = adjust.get(id(g), 0.0) + share
    return adjust


def _line(items, pieces, chosen, hyphen, adjust, line_width, indent, align, last) -> Line:
    """The chosen items drawn as glyph runs: one run per stretch of one face at one size.

    This visits every cluster of every line: the clusters come from one generator and are
    appended in place, with no per-cluster helper or run bookkeeping.
    """
    glyph_runs: list[GlyphRun] = []
    face = size = None
    run_x = x = 0.0
    glyphs: list[int] = []
    advances: list[float] = []
    offsets: list = []
    texts: list[str] = []

    def clusters_of_line():
        # (cluster, extra advance after it) in order; glue without glyphs widens what precedes it
        for index in chosen:
            item, piece = items[index], pieces[index]
            kind = type(item)
            if kind is Box:
                for cluster in piece.clusters:
                    yield cluster, 0.0
            elif kind is Glue:
                change = adjust.get(id(item), 0.0) if adjust else 0.0
                if piece.clusters:
                    cluster = piece.clusters[0]
                    yield cluster, item.width - cluster.width + change
                else:
                    yield None, item.width + change
        if hyphen is not None:
            yield hyphen, 0.0

    for cluster, extra in clusters_of_line():
        if cluster is None:  # widen the last glyph set
            if advances:
                advances[-1] += extra
                x += extra
            continue
        if cluster.face is not face or cluster.size != size:
            if glyphs:
                glyph_runs.append(GlyphRun(face, size, run_x, tuple(glyphs), tuple(advances), tuple(offsets),
                                           tuple(texts)))
            face, size, run_x = cluster.face, cluster.size, x
            glyphs, advances, offsets, texts = [], [], [], []
        glyphs.extend(cluster.glyphs)
        advances.extend(cluster.advances)
        offsets.extend(cluster.offsets)
        texts.append(cluster.text)
        if len(cluster.glyphs) > 1:
            texts.extend([""] * (len(cluster.glyphs) - 1))
        x += cluster.width
        if extra:
            advances[-1] += extra
            x += extra
    if glyphs:
        glyph_runs.append(GlyphRun(face, size, run_x, tuple(glyphs), tuple(advances), tuple(offsets), tuple(texts)))
    set_width = x
    shift = indent
    if align == "right" or (align == "center"):
        free = line_width - set_width
        shift += free if align == "right" else free / 2
    if shift:
        glyph_runs = [GlyphRun(r.face, r.size, r.x + shift, r.glyphs, r.advances, r.offsets, r.texts)
                      for r in glyph_runs]
    ascent = max((r.face.ascender * r.size / r.face.units_per_em for r in glyph_runs), default=0.0)
    descent = max((-r.face.descender * r.size / r.face.units_per_em for r in glyph_runs), default=0.0)
    return Line(tuple(glyph_runs), set_width, ascent, descent, last=last)
