"""Step 4: find the break opportunities, as the boxes, glue and penalties that Knuth–Plass chooses from.

Between two clusters there is a word space (glue, a break), a break opportunity with no space
(CJK, a hyphen, a dictionary word boundary), glue that only justifies (between ideographs, Hangul
syllables, Thai clusters), or nothing (inside a word). The rules:

- UAX #14 for Latin, Greek, Cyrillic, Arabic, Hebrew and Indic text as letters need it (spaces,
  hyphens, dashes, slashes; :mod:`.rules`), with dictionary hyphenation for languages that
  hyphenate (:mod:`.hyphenate`; never for scripts that do not);
- ICU's line breaker with its dictionaries for Thai, Lao, Khmer and Myanmar, which are written
  without spaces between words (:mod:`.dictionary`; only paragraphs with such text load ICU);
- letterpress's tailorings on top: kinsoku (jlreq/clreq), Korean keep-all, CJK glue and the
  CJK–Latin gap, and the last-line rule (no CJK character alone on a paragraph's last line).

A cluster is never split: every opportunity lies between two clusters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..cache.memo import Memo, memoized
from . import punctuation
from .hyphenate import hyphenation_points
from .knuth_plass import INFINITE, Box, Glue, Item, Penalty
from .rules import (BREAK_SPACES, NO_BREAK_SPACES, NO_END, NO_START, is_cjk_char, is_hangul,
                    is_latin_alnum, may_break_between)
from .segmenter import has_dictionary_text, is_dictionary_char, word_breaks
from .shaping import Cluster, make_cluster, shape_segment


@dataclass(eq=False, slots=True)
class Piece:
    """What an item stands for when the line is drawn."""

    clusters: tuple[Cluster, ...] = ()  # glyphs of a box, or the space glyph of a glue
    hyphen: Cluster | None = None  # the hyphen drawn when a penalty is the line's break
    gap_after: Cluster | None = None  # for glue without glyphs: the cluster it follows


def natural_width(items: list[Item]) -> float:
    """The width of the items set at their natural size: boxes and glue (a penalty adds width only
    where the line breaks)."""
    return sum([item.width for item in items if type(item) is not Penalty])


def break_items(text: str, clusters: list[Cluster], language_at: list[str], size: float, *, emergency: bool,
                hyphenate: bool = True) -> tuple[list[Item], list[Piece]]:
    """The paragraph as boxes (clusters that stay together), glue and penalties, each with what it
    draws."""
    items: list[Item] = []
    pieces: list[Piece] = []
    # This visits every cluster of every paragraph: items and pieces are appended in place (no
    # helper call per item), and the sets it asks are local names.
    add_item, add_piece = items.append, pieces.append
    word: list[Cluster] = []  # clusters of the box being built: nothing can happen between them
    word_width = 0.0

    em = size
    hyphen_points = _hyphen_points(text, language_at) if hyphenate else set()
    last_alone = _last_alone_from(text)
    previous: Cluster | None = None
    previous_last = " "  # the previous cluster's last character (a space before the first)
    plain_pairs_join = not emergency  # Latin letters and digits side by side: one word, no break
    plain = _plain_chars()
    words = word_breaks(text, language_at[0]) if has_dictionary_text(text) else None
    previous_kind: str | None = None  # the previous cluster's place in its em, if CJK punctuation
    spaces, compressible, blanks = _SPACES, _COMPRESSIBLE, punctuation.blanks
    for cluster in clusters:
        text_of = cluster.text
        char = text_of[:1]
        kind = None
        if char in compressible and len(text_of) == 1 and len(cluster.glyphs) == 1:
            kind = punctuation.kind(char, cluster.width / em, punctuation.style_of(cluster.language))
            if kind is not None:
                cluster = _ink(cluster, kind, em)
        if char in spaces:
            if word:
                add_item(Box(word_width))
                add_piece(Piece(tuple(word)))
                word, word_width = [], 0.0
            after = blanks(previous_kind)[1]
            if after:  # a closing mark's blank, before the space (dropped with it at a line's end)
                add_item(Glue(after * em, em * 0.1, after * em, first=True))
                add_piece(Piece(gap_after=previous))
            space = cluster.width
            if char in NO_BREAK_SPACES:
                add_item(Penalty(0, INFINITE))
                add_piece(_NOTHING)
                stretch, shrink = (0.0, 0.0) if char == "\u202f" else (space * 0.5, space * 0.33)
                add_item(Glue(space, stretch, shrink))
                add_piece(Piece((cluster,)))
            elif items and isinstance(items[-1], Glue) and pieces[-1].clusters:
                # a run of spaces is one space
                continue
            else:
                ideographic = char == "\u3000"
                add_item(Glue(space, 0.0 if ideographic else space * 0.5, 0.0 if ideographic else space * 0.33))
                add_piece(Piece((cluster,)))
            previous, previous_last, previous_kind = cluster, text_of[-1], None
            continue
        between = None
        if previous_last not in spaces:  # (nothing comes between a space and what follows it)
            if words is not None and previous is not None and (
                    is_dictionary_char(previous_last) or is_dictionary_char(char)):
                between = _dictionary_joint(previous, cluster, words, em, emergency)
            elif (previous_kind or kind) and (
                    (previous_kind and kind) or blanks(previous_kind)[1] or blanks(kind)[0]):
                # a blank of CJK punctuation between them (an ideograph before 。 or after 「 has none:
                # the ideographs' own glue, below)
                between = _punctuation_joint(previous, cluster, previous_kind, kind, last_alone, em, language_at)
            elif not (plain_pairs_join and previous_last in plain and char in plain):
                between = _between(previous, cluster, last_alone, em, language_at, emergency)
        if between:
            if word:
                add_item(Box(word_width))
                add_piece(Piece(tuple(word)))
                word, word_width = [], 0.0
            for item, piece in between:
                add_item(item)
                add_piece(piece)
        word.append(cluster)
        word_width += cluster.width
        if cluster.end in hyphen_points:
            hyphen = _hyphen_cluster(cluster)
            if hyphen is not None:
                add_item(Box(word_width))
                add_piece(Piece(tuple(word)))
                word, word_width = [], 0.0
                add_item(Penalty(hyphen.width, 50, flagged=True))
                add_piece(Piece(hyphen=hyphen))
        previous, previous_last, previous_kind = cluster, text_of[-1], kind
    if word:
        add_item(Box(word_width))
        add_piece(Piece(tuple(word)))
    # finish: fill the last line, force the final break
    items += [Penalty(0, INFINITE), Glue(0, 1e6, 0), Penalty(0, -INFINITE)]
    pieces += [_NOTHING, _NOTHING, _NOTHING]
    return items, pieces


_SPACES = BREAK_SPACES | NO_BREAK_SPACES
_NOTHING = Piece()  # what a penalty or a gap-free glue stands for: nothing to draw
# Characters that may be CJK punctuation set half ink, half blank (:mod:`.punctuation`)
_COMPRESSIBLE = frozenset("》）』」】〗〕〉］｝〙《（『「【〖〔〈［｛〘，。．、：；？！・\u00b7”’“‘")


def _ink(cluster: Cluster, kind: str, em: float) -> Cluster:
    """The punctuation mark's cluster narrowed to its ink: the blank becomes glue beside it (the
    glyph moved left by the blank before its ink, so it is drawn where it was)."""
    before, after = punctuation.blanks(kind)
    (dx, dy), = cluster.offsets
    return make_cluster(cluster.start, cluster.end, cluster.text, cluster.face, cluster.size, cluster.glyphs,
                        (cluster.width - (before + after) * em,), ((dx - before * em, dy),), cluster.language,
                        cluster.level)


def _punctuation_joint(before: Cluster, after: Cluster, before_kind: str | None, after_kind: str | None,
                       last_alone: int, em: float, language_at) -> list[tuple[Item, Piece]]:
    """Between two clusters, either of them CJK punctuation: their blanks as one adjustable glue,
    less half an em between two marks (jlreq 3.1.4, clreq 3.1.6.1: 」「 and 。」 in 1.5 em); a break
    there drops the glue, so a closing mark ends a line, and an opening one starts it, on its ink."""
    allowed, cjk, _ = _joint(before.text[-1], after.text[0], language_at[after.start])
    if allowed and cjk and after.start >= last_alone:
        allowed = False  # never leave a single CJK character alone on the last line
    blank = punctuation.blanks(before_kind)[1] + punctuation.blanks(after_kind)[0]
    adjacent = bool(before_kind and after_kind)
    if adjacent and blank >= 0.5:
        blank -= 0.5
    # a lone mark's blank opens a little, first, when a line must stretch (more would read as a word
    # space after 。); between adjacent marks it never opens past the 1.5 em of the pair
    stretch = em * 0.1 if blank and not adjacent else 0.0
    return _unless(allowed, Glue(blank * em, stretch, blank * em, first=True), before)


def _plain(char: str) -> bool:
    """A Latin-script letter, digit or mark of punctuation that neither breaks nor stretches next to another."""
    return char < "\u2000" and (char.isalnum() or char in ".,;:!?'\"()[]&%$#@*+=<>") and char not in "-/"


@memoized(maxsize=1)
def _plain_chars() -> frozenset[str]:
    """The characters _plain accepts, for a set lookup in the per-character loop (made on first
    use: a warm build, whose lines all come from the cache, never needs it)."""
    return frozenset(filter(_plain, map(chr, range(0x2000))))


def _between(before: Cluster, after: Cluster, last_alone: int, em: float, language_at, emergency
             ) -> list[tuple[Item, Piece]]:
    """Glue and break opportunities between two adjacent non-space clusters (none: same word)."""
    allowed, cjk, joint = _joint(before.text[-1], after.text[0], language_at[after.start])
    if allowed and cjk and after.start >= last_alone:
        allowed = False  # never leave a single CJK character alone on the last line
    if joint is _GAP:
        # a quarter em between CJK and Latin letters or digits (jlreq 3.2.2); dropped at line edges
        return _unless(allowed, Glue(em * 0.25, em * 0.25, em * 0.125, first=True), before)
    if joint is _IDEOGRAPHIC:
        # ideographs and kana: no space, but room to stretch for justification (LuaTeX-ja: 0 plus .25em)
        return _unless(allowed, Glue(0, em * 0.25, 0), before)
    if joint is _HANGUL:
        # Korean justifies mostly at word spaces, a little between syllables (klreq), never breaking there
        return [(Penalty(0, 5000 if emergency else INFINITE), _NOTHING), (Glue(0, em * 0.04, 0), Piece(gap_after=before))]
    if allowed:
        return [(Penalty(0, 0), _NOTHING)]
    if emergency:
        return [(Penalty(0, 5000), _NOTHING)]
    return []


def _dictionary_joint(before: Cluster, after: Cluster, words: frozenset[int], em: float, emergency: bool
                      ) -> list[tuple[Item, Piece]]:
    """Between two clusters of Thai, Lao, Khmer or Myanmar (or one and its neighbour): a break only
    where ICU's dictionary finds a word boundary; and, inside the script, a little room to justify
    by, so a line without spaces still fills its measure (between clusters: never inside one)."""
    allowed = after.start in words
    inside = is_dictionary_char(before.text[-1]) and is_dictionary_char(after.text[0])
    if inside:
        glue = Glue(0, em * 0.05, 0)
        if allowed:
            return [(glue, Piece(gap_after=before))]
        return [(Penalty(0, 5000 if emergency else INFINITE), _NOTHING), (glue, Piece(gap_after=before))]
    if allowed:
        return [(Penalty(0, 0), _NOTHING)]
    return [(Penalty(0, 5000), _NOTHING)] if emergency else []


# What happens between two characters, as decided by _joint (CJK punctuation: _punctuation_joint)
_GAP, _IDEOGRAPHIC, _HANGUL, _OTHER = ("gap", "ideographic", "hangul", "other")
NOTE_MARKS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")  # superscript digits: how compose draws footnote references


@memoized(maxsize=8192)
def _joint(a: str, b: str, language: str) -> tuple[bool, bool, str]:
    """(a break is allowed, either is CJK, what lies between) for two adjacent characters: a pure
    function of the pair, memoised because it is asked for every pair of CJK characters."""
    allowed = may_break_between(a, b, language)
    cjk = is_cjk_char(a) or is_cjk_char(b)
    if b in NOTE_MARKS:
        # a footnote reference belongs to the word before it: no CJK-Latin gap, no line starting with it
        return False, cjk, _OTHER
    # Korean separates words with spaces and takes no extra gap next to Latin or digits (klreq).
    mixed = (is_cjk_char(a) and is_latin_alnum(b)) or (is_cjk_char(b) and is_latin_alnum(a))
    if mixed and not (a in NO_END or b in NO_START):
        return allowed, cjk, _GAP
    if cjk and not (is_hangul(a) or is_hangul(b)):
        return allowed, cjk, _IDEOGRAPHIC
    if is_hangul(a) and is_hangul(b):
        return allowed, cjk, _HANGUL
    return allowed, cjk, _OTHER


def _unless(allowed: bool, glue: Glue, before: Cluster) -> list[tuple[Item, Piece]]:
    """The glue after ``before``, kept from breaking (a penalty first) when no break is allowed there."""
    gap = (glue, Piece(gap_after=before))
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


@memoized(maxsize=1)
def _hyphenatable() -> re.Pattern:
    """A run of letters of the scripts that hyphenate (Latin, Greek, Cyrillic, Armenian,
    Georgian): a word that dictionary hyphenation may break. Arabic, Hebrew, Indic and
    South-East Asian scripts, CJK and Hangul never take a hyphen, whatever patterns Pyphen has
    for their language (it has th_TH). Compiled on first use, like _plain_chars."""
    return re.compile(
        "[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0300-\u036f"
        "\u0370-\u03ff\u0400-\u052f\u0531-\u0587\u10a0-\u10ff\u1e00-\u1fff\u2c60-\u2c7f"
        "\ua640-\ua69f\ua720-\ua7ff\uab30-\uab6f]+")


def _hyphen_cluster(cluster: Cluster) -> Cluster | None:
    face, size, language = cluster.face, cluster.size, cluster.language
    key = (face, size, language)
    shaped = _HYPHENS.get(key, _MISSING)
    if shaped is _MISSING:
        shaped = _HYPHENS.put(key, _hyphen_glyphs(face, size, language))
    if shaped is None:
        return None
    glyphs, advances, offsets = shaped
    return make_cluster(cluster.end, cluster.end, "-", face, size, glyphs, advances, offsets, language)


def _hyphen_glyphs(face, size: float, language: str) -> tuple | None:
    """The glyphs, advances and offsets of the face's hyphen, or None when it has none."""
    char = "-" if face.covers(ord("-")) else ("\u2010" if face.covers(0x2010) else None)
    if char is None:
        return None
    shaped = shape_segment(char, face, size, language)
    if not shaped:
        return None
    _, _, _, glyphs, advances, offsets, _ = shaped[0]
    return glyphs, advances, offsets


# by (face, size, language), asked at every hyphenation point: a face is held here, so its id is not reused
_HYPHENS: Memo[tuple, tuple | None] = Memo("the hyphen's glyphs, per face, size and language", 256)
_MISSING = object()


