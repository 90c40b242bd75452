"""Step 2: cut a paragraph into items that HarfBuzz can shape whole.

An item is a stretch of the paragraph's text with one bidi level, one script, one language and
style, and one face. Characters of no script of their own (spaces, digits, punctuation: Common;
combining marks: Inherited) join the script around them, as Typst and Pango do, so a word and its
punctuation shape together. Each character goes to the first face of its run's chain that has it;
a combining mark, a joiner or a space stays with the face before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby, repeat

from ..cache.memo import memoized
from ..fonts.face import FontSet, PreparedFace, gives_western_punctuation
from ..text import WESTERN_PUNCTUATION as _WESTERN, Run, is_cjk
from .rules import is_mark

_GENERIC = ("Zyyy", "Zinh", "Zzzz")
_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NOT_CONTROLS = re.compile("[^\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
# Han, kana and bopomofo are set together (one OpenType shaper, one font): a Japanese or Chinese
# sentence is one item, named after its first script, as HarfBuzz itself would guess it.
_FAMILY = {"Hira": "Hani", "Kana": "Hani", "Bopo": "Hani"}


@dataclass(frozen=True, slots=True)
class Segment:
    """``text[start:end]``: one level, script, language and face; shaped as one HarfBuzz buffer."""

    start: int
    end: int
    face: PreparedFace
    language: str
    script: str  # ISO 15924 ("Latn", "Arab"), or "" when none is known (digits, punctuation)
    level: int  # bidi embedding level: odd is right to left

    @property
    def rtl(self) -> bool:
        """Whether the segment is set right to left (an odd bidi level)."""
        return self.level % 2 == 1


def itemize(runs: tuple[Run, ...], fonts: FontSet, levels: tuple[int, ...] | None) -> list[Segment]:
    """The paragraph's segments in logical order. ``levels`` is None when every character is at
    level 0 (a paragraph with nothing right to left)."""
    segments: list[Segment] = []
    offset = 0
    for run in runs:
        end = offset + len(run.text)
        chain = fonts.chain(run.language, run.style)
        for start, stop, script, level in _script_level_runs(run.text, offset, levels):
            piece = run.text[start - offset:stop - offset]
            if levels is not None and _CONTROLS.search(piece):
                # bidi controls (FSI…PDI around a placeholder's value) have done their work in the
                # levels and are not drawn (UAX #9 X9): the item is shaped around them
                for match in _NOT_CONTROLS.finditer(piece):
                    segments += _by_face(match.group(), start + match.start(), chain, run.language, script, level)
                continue
            if script == "Latn" and is_cjk(run.language) and not _WESTERN.isdisjoint(piece):
                # Latin words in a CJK copy: their apostrophes and quotes come from a Latin face (the
                # CJK face draws them full width, a gap in "Defectors’ Alliance")
                segments += _by_face(piece, start, chain, run.language, script, level, western=True)
                continue
            if chain and set(map(ord, piece)) <= chain[0].cmap.keys():
                # the common case, checked at C speed: the language's own face has every character
                segments.append(Segment(start, stop, chain[0], run.language, script, level))
                continue
            segments += _by_face(piece, start, chain, run.language, script, level)
        offset = end
    return segments


def _script_level_runs(text: str, offset: int, levels) -> list[tuple[int, int, str, int]]:
    """(start, end, script, level) runs of ``text`` (at ``offset`` in the paragraph)."""
    if max(text, default=" ") < "\u0370" and levels is None:
        # Latin, digits and punctuation only: one run (the usual paragraph of a Latin letter)
        return [(offset, offset + len(text), "Latn" if any(map(str.isalpha, text)) else "", 0)]
    scripts = _resolved_scripts(text)
    # Every character has a script after _resolved_scripts, or none has: a run goes on while the
    # script's family and the level stay the same, and is named after its first character's script.
    # (grouped with itertools: this visits every character of every paragraph not in Latin alone)
    keys = zip(map(_FAMILY.get, scripts, scripts),
               levels[offset:offset + len(text)] if levels is not None else repeat(0, len(text)))
    out: list[tuple[int, int, str, int]] = []
    start = offset
    for (_, level), run in groupby(keys):
        end = start + len(list(run))
        out.append((start, end, scripts[start - offset], level))
        start = end
    return out


def _resolved_scripts(text: str) -> list[str]:
    """Each character's script, a Common or Inherited one taking that of the character before it
    ("" for those before the first character with a script)."""
    scripts: list[str] = []
    current = ""
    for script in map(_script, text):
        if script:
            current = script
        scripts.append(current)
    # Common characters before the first real script take it (an opening bracket, a number)
    first = next((s for s in scripts if s), "")
    return [s or first for s in scripts]


def _latin_face(chain: tuple[PreparedFace, ...]) -> PreparedFace | None:
    """The chain's first face without Han (a Latin face: the fallback Noto Serif) that has quotes."""
    return next((face for face in chain if gives_western_punctuation(face)), None)


def _among_latin(text: str, index: int) -> bool:
    """Whether the punctuation at ``index`` sits among Latin text: nothing next to it (past spaces) on
    either side is CJK, so a quote closing a Chinese phrase keeps its full-width form."""
    before = text[:index].rstrip()[-1:]
    after = text[index + 1:].lstrip()[:1]
    return not (_is_wide(before) or _is_wide(after)) and bool(before.isalpha() or after.isalpha())


def _is_wide(char: str) -> bool:
    return bool(char) and ord(char) >= 0x2E80


@memoized(maxsize=8192)
def _script(char: str) -> str:
    from fontTools import unicodedata  # its script tables take a while to load: not for a Latin-only letter

    script = unicodedata.script(char)
    return "" if script in _GENERIC else script


def _by_face(text: str, offset: int, chain: tuple[PreparedFace, ...], language: str, script: str,
             level: int, western: bool = False) -> list[Segment]:
    segments: list[Segment] = []
    current: PreparedFace | None = None
    start = offset
    latin = _latin_face(chain) if western else None
    for index, char in enumerate(text):
        position = offset + index
        if current is not None and (is_mark(char) or char in "\u200c\u200d\ufe0f" or
                                    (char.isspace() and current.covers(ord(char)) and current is not latin)):
            continue  # marks, joiners and spaces stay in the current face (not in a borrowed quote's)
        if latin is not None and char in _WESTERN and _among_latin(text, index):
            face = latin
        else:
            face = next((f for f in chain if f.covers(ord(char))), chain[0])
        if face is not current:
            if current is not None:
                segments.append(Segment(start, position, current, language, script, level))
            current, start = face, position
    if current is not None:
        segments.append(Segment(start, offset + len(text), current, language, script, level))
    return segments
