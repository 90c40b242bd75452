"""Step 1 of setting a paragraph: its direction and the bidi embedding level of every character.

The Unicode Bidirectional Algorithm (UAX #9) is ICU's (``ubidi``, through PyICU), not one written
here: it resolves the levels of a paragraph (rules P–W–N–I) and, for each line, applies L1 (trailing
whitespace at the paragraph level) and L2 (the visual order of runs). L3 does not arise (marks are
shaped with their base) and L4 (mirrored glyphs such as brackets) is HarfBuzz's: a right-to-left
buffer draws the mirrored form.

Most letters are left to right with no right-to-left character at all; those never import ICU
(its import costs time and memory: benchmarks/design_costs.py): :func:`needs_bidi` answers from the characters alone.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left

from ..cache.memo import memoized
from ..text import Direction, has_letters_written

# Bidi classes that can make any character of a paragraph go right to left, or re-embed it.
_NOT_PLAIN = frozenset({"R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})


def base_direction(text: str, direction: Direction) -> Direction:
    """The paragraph level's direction: the language's, unless the text has no letter written
    that way and some written the other way (UAX #9 P2-P3 then decide): a Latin address line or
    name in an Arabic letter reads left to right, while it still aligns to the Arabic side."""
    other: Direction = "ltr" if direction == "rtl" else "rtl"
    if has_letters_written(text, other) and not has_letters_written(text, direction):
        return other
    return direction


def needs_bidi(text: str, direction: Direction) -> bool:
    """Whether the paragraph has more than one level: right to left, or with a character that is
    (or embeds) right to left. Left-to-right text below U+0590 (where Hebrew starts) never does."""
    if direction == "rtl":
        return True
    if max(text, default=" ") < "\u0590":
        return False
    return any(map(_not_plain, text))


@memoized(maxsize=4096)
def _not_plain(char: str) -> bool:
    return unicodedata.bidirectional(char) in _NOT_PLAIN


class BidiParagraph:
    """ICU's resolution of one paragraph: the level of each character, and the visual order of
    the runs of any line of it."""

    def __init__(self, text: str, direction: Direction):
        import icu  # only paragraphs that need it pay for ICU

        self._text = text
        self._utf16 = _utf16_offsets(text)
        self._bidi = icu.Bidi()
        self._bidi.setPara(icu.UnicodeString(text), 1 if direction == "rtl" else 0)
        levels = self._bidi.getLevels()
        if self._utf16 is not None:
            levels = tuple(levels[offset] for offset in self._utf16[:-1])
        self.levels: tuple[int, ...] = tuple(levels)

    def visual_runs(self, start: int, end: int) -> list[tuple[int, int, bool]]:
        """(start, end, right to left) of the runs of the line ``text[start:end]``, in visual
        order from the left, in character offsets of the paragraph (ICU's L1 and L2)."""
        if start >= end:
            return []
        to16 = self._utf16
        line = self._bidi.setLine(*((start, end) if to16 is None else (to16[start], to16[end])))
        base = to16[start] if to16 is not None else start
        runs = []
        for index in range(line.countRuns()):
            run_start, length, rtl = line.getVisualRun(index)
            first, last = base + run_start, base + run_start + length
            if to16 is not None:
                first, last = _from_utf16(to16, first), _from_utf16(to16, last)
            runs.append((first, last, bool(rtl)))
        return runs


def _utf16_offsets(text: str) -> list[int] | None:
    """UTF-16 offset of each character (and of the end), or None when they are the same (no
    character beyond the Basic Multilingual Plane): ICU counts in UTF-16 code units."""
    if max(text, default=" ") <= "\uffff":
        return None
    offsets, at = [], 0
    for char in text:
        offsets.append(at)
        at += 2 if char > "\uffff" else 1
    offsets.append(at)
    return offsets


def _from_utf16(offsets: list[int], unit: int) -> int:
    return bisect_left(offsets, unit)


@memoized(maxsize=1)
def icu_version() -> str:
    """The ICU whose rules and dictionaries set the lines (part of every line cache key)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("icu")
    if spec is None or spec.origin is None:
        return "none"
    # A pyicu-wheels release bundles one build of ICU, so its name names ICU without loading it:
    # a build whose lines all come from the cache then never imports ICU.
    wheels = sorted(path.name for path in Path(spec.origin).parent.parent.glob("pyicu_wheels-*.dist-info"))
    if wheels:
        return wheels[-1]
    import icu  # PyICU built against the system's ICU: ask it

    return f"{icu.ICU_VERSION}/{icu.UNICODE_VERSION}"
