"""ICU's line breaker (UAX #14 with its dictionaries) for scripts written without spaces between words.

Thai, Lao, Khmer and Myanmar separate words with nothing: a line may end only at a word boundary,
which takes a dictionary to find. ICU's line BreakIterator has those dictionaries (and the
rest of UAX #14); the wheels of PyICU bundle ICU, so it installs with pip everywhere.

Only a paragraph with such text, or right-to-left text (:mod:`.bidi`), loads ICU: a Latin, Greek,
Cyrillic or CJK letter never pays its import.
"""
from __future__ import annotations

import re

from ..cache.memo import Memo, memoized
from ..text import Run, base_language, direction_of
from .bidi import needs_bidi

# Scripts whose words are found with a dictionary (UAX #14 class SA), by code point range.
_DICTIONARY_RANGES = ((0x0E00, 0x0EFF),  # Thai, Lao
                      (0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F),  # Myanmar
                      (0x1780, 0x17FF), (0x19E0, 0x19FF),  # Khmer
                      (0x1950, 0x19DF), (0x1A20, 0x1AAF), (0xAA80, 0xAADF))  # Tai Le, New Tai Lue, Tai Tham, Tai Viet


@memoized(maxsize=4096)
def is_dictionary_char(char: str) -> bool:
    """Whether ``char`` is of a script whose words only a dictionary finds (Thai, Lao, Khmer, Myanmar, Tai ...)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _DICTIONARY_RANGES)


def has_dictionary_text(text: str) -> bool:
    """Whether ``text`` holds any character of such a script."""
    if max(text, default=" ") < "\u0e00":
        return False
    return any(map(is_dictionary_char, text))


# Where every character whose bidi class is right to left or an explicit control lies (a test
# checks all of Unicode): with the dictionary ranges, one search then answers a left-to-right
# paragraph of CJK or other scripts above U+0590 without a per-character lookup.
_BIDI_RANGES = ((0x0590, 0x08FF), (0x200F, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069), (0xFB1D, 0xFDFF),
                (0xFE70, 0xFEFF), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))
_MAY_NEED_ICU = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _BIDI_RANGES + _DICTIONARY_RANGES)
                           + "]")


def needs_icu(runs: tuple[Run, ...]) -> bool:
    """Whether setting these runs asks ICU anything (bidi levels or dictionary breaks)."""
    text = "".join(run.text for run in runs)
    direction = direction_of(runs[0].language)
    if direction == "ltr" and (max(text, default=" ") < "\u0590" or _MAY_NEED_ICU.search(text) is None):
        return False  # the usual paragraph, answered without looking at each character
    return needs_bidi(text, direction) or has_dictionary_text(text)


_BREAKS: Memo[tuple[str, str], frozenset[int]] = Memo("ICU line breaks", 256)


def word_breaks(text: str, language: str) -> frozenset[int]:
    """Offsets in ``text`` where ICU's line breaker (with ``language``'s tailoring and the
    dictionaries) allows a line to start."""
    key = (text, language)
    found = _BREAKS.get(key)
    if found is not None:
        return found
    iterator = _iterator(base_language(language))
    iterator.setText(text)
    units = list(iterator)
    if max(text, default=" ") > "\uffff":  # ICU counts UTF-16 units
        offsets, at = {}, 0
        for index, char in enumerate(text):
            offsets[at] = index
            at += 2 if char > "\uffff" else 1
        offsets[at] = len(text)
        units = [offsets[unit] for unit in units if unit in offsets]
    return _BREAKS.put(key, frozenset(units))


@memoized(maxsize=16)
def _iterator(language: str):
    import icu

    return icu.BreakIterator.createLineInstance(icu.Locale(language))
