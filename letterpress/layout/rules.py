"""Character classes for line breaking: the parts of UAX #14 and jlreq/clreq/klreq a letter needs.

These rules answer for every script written with spaces and for CJK, with no
library to load: Latin, Greek, Cyrillic, Arabic, Hebrew and Indic text breaks at
spaces and hyphens (plus dictionary hyphenation where the script hyphenates),
Korean at spaces only (keep-all), Chinese and Japanese between any two
characters except where the prohibition rules (kinsoku) forbid it. Scripts
written without spaces (Thai, Lao, Khmer, Myanmar) take ICU's full UAX #14 with
its dictionaries (:mod:`.segmenter`), with these tailorings kept on top.  Rule sources: jlreq 3.1.7, 3.1.8, 3.1.10;
clreq; klreq; ``shared/reference/cjk-line-layout.md``.
"""
from __future__ import annotations

import unicodedata

# jlreq 3.1.7 / clreq: must not start a line.
NO_START = set(
    "」』）】〕〉》〙〗｝］’”)]}"
    "、。，．：；？！‼⁇⁈⁉,.:;?!"
    "々ゝゞヽヾー"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "・･·"
    "%％‰°℃"
)
# jlreq 3.1.8: must not end a line.
NO_END = set("「『（【〔〈《〘〖｛［‘“([{¿¡#＃$＄£¥€")
# Never split between two of these (jlreq 3.1.10): —— and ……
INSEPARABLE = set("—…‥")
NO_BREAK_SPACES = set("\u00a0\u202f\u2007\u2060\ufeff")
BREAK_SPACES = set(" \u2002\u2003\u2009\u3000")


def is_cjk_char(char: str) -> bool:
    """Ideographs, kana and CJK punctuation: characters that break without spaces (not Hangul)."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3134F
        or 0x31F0 <= code <= 0x31FF
    )


def is_hangul(char: str) -> bool:
    """Hangul syllables and jamo (compatibility jamo included): Korean, which breaks at spaces only."""
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def is_wide(char: str) -> bool:
    """Characters set on the em grid: CJK and Hangul."""
    return is_cjk_char(char) or is_hangul(char)


def is_latin_alnum(char: str) -> bool:
    """A letter or digit of any script not set on the em grid (Latin, Greek, Arabic ... and digits)."""
    return char.isalnum() and not is_wide(char)


def may_break_between(before: str, after: str, language: str) -> bool:
    """A break opportunity between two adjacent characters with no space between them."""
    if before in NO_BREAK_SPACES or after in NO_BREAK_SPACES:
        return False
    if after in NO_START or before in NO_END:
        return False
    if before in INSEPARABLE and after in INSEPARABLE:
        return False
    if is_hangul(before) or is_hangul(after):
        return False  # Korean: keep-all, words break at spaces only
    if is_cjk_char(before) or is_cjk_char(after):
        # ideographs and kana break anywhere; a Latin word or number next to them stays whole
        return not (is_latin_alnum(before) and is_latin_alnum(after))
    if before in "-\u2010/" and after.isalpha():
        return True  # after a hyphen or slash in a compound
    if before in "—–" or after in "—–":
        return before not in NO_END and after not in NO_START
    return False


def is_mark(char: str) -> bool:
    """A combining mark (Mn, Mc, Me): it belongs to the character before it and is never separated from it."""
    return unicodedata.category(char) in ("Mn", "Me", "Mc")
