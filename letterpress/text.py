"""The text model every stage shares: styled runs of text, and what a language tag says about them.

A :class:`Run` is text in one language and one style; compose makes them, layout sets them, typeset
places them. The script and direction of a language (:func:`script_of`, :func:`direction_of`), whether
it is set as Chinese, Japanese or Korean (:func:`is_cjk`), which tags stand in for a tag a table lacks
(:func:`language_fallbacks`, :func:`for_language`), and whether a text has letters written one way or
the other (:func:`has_letters_written`) are answered here once, for every stage.

It imports nothing heavy (no Babel, ICU or HarfBuzz): asking costs nothing. Babel is asked, through
letterpress's CLDR cache, only the script of a language the table below does not know.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterator, Literal, Mapping, TypeVar

from .cache.memo import memoized

V = TypeVar("V")
D = TypeVar("D")
Style = Literal["regular", "bold", "italic", "bold-italic"]
STYLES: tuple[Style, ...] = ("regular", "bold", "italic", "bold-italic")
# start and end follow the paragraph's direction (the right edge starts a right-to-left line);
# left and right are physical, for callers that place text on a side whatever its direction.
Align = Literal["justify", "start", "end", "center", "left", "right"]
Direction = Literal["ltr", "rtl"]


@dataclass(frozen=True)
class Run:
    """Text in one style and one language (BCP 47 tag)."""

    text: str
    language: str
    style: Style = "regular"


def style_of(strong: bool, emphasis: bool) -> Style:
    """The style of text marked strong (``**``), emphasised (``*``), both or neither."""
    if strong and emphasis:
        return "bold-italic"
    if strong:
        return "bold"
    if emphasis:
        return "italic"
    return "regular"


def base_language(tag: str) -> str:
    """The language subtag of a tag: ``zh-Hant`` -> ``zh``."""
    return tag.split("-", 1)[0]


def language_fallbacks(tag: str) -> Iterator[str]:
    """The tags that stand in for ``tag``, most specific first: ``zh-Hant-TW``, ``zh-Hant``, ``zh``.
    A tag without a script subtag whose region writes another script than its language's default
    is tried with that script before the bare language (CLDR's likely subtags): ``zh-TW``,
    ``zh-Hant``, ``zh``, so Taiwan's copies take Traditional forms, not the Simplified ones of ``zh``.
    ``en`` never falls back to ``en-GB`` or to another language."""
    scripted = _likely_scripted(tag)
    while True:
        yield tag
        if "-" not in tag:
            return
        tag = tag.rsplit("-", 1)[0]
        if scripted and "-" not in tag:
            yield scripted


@memoized(maxsize=256)  # asked for every run's fonts and phrases, of a handful of tags
def _likely_scripted(tag: str) -> str | None:
    """``zh-Hant`` for ``zh-TW``: the language with the script its region writes, when the tag names
    no script and that script is not the language's own default; else None."""
    parts = tag.split("-")
    if len(parts) < 2 or any(len(part) == 4 and part.isalpha() for part in parts[1:]):
        return None
    script = script_of(tag)
    return f"{parts[0]}-{script}" if script != script_of(parts[0]) else None


def for_language(table: Mapping[str, V], tag: str, default: D = None) -> V | D:
    """What ``table`` holds for ``tag`` or, failing that, for the nearest tag standing in for it
    (:func:`language_fallbacks`); ``default`` when it holds none of them."""
    for candidate in language_fallbacks(tag):
        if candidate in table:
            return table[candidate]
    return default


# Chinese, Japanese and Korean: set on the CJK grid rules (wider leading, no word spaces to break at,
# no italics), whatever their script subtag.
CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})


def is_cjk(tag: str) -> bool:
    """Whether a language is Chinese, Japanese or Korean."""
    return base_language(tag) in CJK_LANGUAGES


# Western apostrophes and quotes, which a CJK face draws full width: in the Latin words of a CJK
# copy they are set from a Latin face (layout.itemize; fonts.prepare_fonts gives that face them).
WESTERN_PUNCTUATION = frozenset("'\"‘’“”")


# The script each language is written in by default (CLDR's likely subtags, for the languages a
# coalition writes in), so that every stage can ask a copy's script and direction without
# loading Babel. A tag's own script subtag (``sr-Latn``, ``az-Arab``) wins; a language not
# listed here is asked of CLDR.
DEFAULT_SCRIPTS = {
    "ar": "Arab", "fa": "Arab", "ur": "Arab", "ps": "Arab", "sd": "Arab", "ug": "Arab", "ckb": "Arab",
    "he": "Hebr", "yi": "Hebr",
    "hi": "Deva", "mr": "Deva", "ne": "Deva", "sa": "Deva", "mai": "Deva",
    "bn": "Beng", "as": "Beng",
    "th": "Thai", "lo": "Laoo", "km": "Khmr", "my": "Mymr",
    "am": "Ethi", "ti": "Ethi",
    "ru": "Cyrl", "uk": "Cyrl", "be": "Cyrl", "bg": "Cyrl", "mk": "Cyrl", "sr": "Cyrl", "kk": "Cyrl",
    "ky": "Cyrl", "mn": "Cyrl", "tg": "Cyrl",
    "el": "Grek",
    "ja": "Jpan", "ko": "Kore", "zh": "Hans",
    "ka": "Geor", "hy": "Armn", "ta": "Taml", "te": "Telu", "kn": "Knda", "ml": "Mlym", "gu": "Gujr",
    "pa": "Guru", "or": "Orya", "si": "Sinh", "bo": "Tibt", "dv": "Thaa",
    "syr": "Syrc", "arc": "Armi", "ks": "Arab", "iw": "Hebr", "ji": "Hebr",  # iw, ji: the old tags of he, yi
    # Latin: the languages most letters are written in, answered without asking CLDR
    **dict.fromkeys(("en", "fr", "es", "de", "it", "pt", "nl", "sv", "da", "nb", "nn", "no", "fi", "is", "pl",
                     "cs", "sk", "sl", "hr", "bs", "hu", "ro", "et", "lv", "lt", "tr", "az", "uz", "id", "ms",
                     "tl", "fil", "vi", "sw", "ca", "eu", "gl", "ga", "cy", "mt", "sq", "af", "zu", "xh",
                     "yo", "ig", "ha", "so", "eo", "la"), "Latn"),
}
_HANT_REGIONS = ("TW", "HK", "MO")
# Scripts written right to left (Unicode's bidi class R or AL for their letters).
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand", "Yezi", "Armi"})


@memoized(maxsize=256)
def script_of(tag: str) -> str:
    """The ISO 15924 script a language tag is written in: ``ar`` -> ``Arab``, ``zh-TW`` -> ``Hant``,
    ``sr-Latn`` -> ``Latn``."""
    parts = tag.replace("_", "-").split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    base = parts[0].lower()
    if base == "zh" and any(part.upper() in _HANT_REGIONS for part in parts[1:]):
        return "Hant"
    script = DEFAULT_SCRIPTS.get(base)
    if script is None:  # asked of CLDR once, then read from letterpress's CLDR cache
        from .cldr import remembered

        script = remembered(("likely script", base), lambda: _likely_script(base))
    return script


def _likely_script(base: str) -> str:
    """CLDR's likely script for a language not in DEFAULT_SCRIPTS (Latin when CLDR has none)."""
    try:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(base, "")
    except Exception:  # Babel's data missing or unreadable: Latin is the safe default for a tag
        return "Latn"
    for part in likely.split("_")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return "Latn"


def direction_of(tag: str) -> Direction:
    """``"rtl"`` for a language written right to left (``ar``, ``fa``, ``ur``, ``he``), else ``"ltr"``."""
    return "rtl" if script_of(tag) in RTL_SCRIPTS else "ltr"


# The bidi classes of letters written each way (UAX #9): strong left to right, and right to left.
_LETTERS = {"ltr": frozenset({"L"}), "rtl": frozenset({"R", "AL"})}


def has_letters_written(text: str, direction: Direction) -> bool:
    """Whether ``text`` has a letter written ``direction``: a Latin word in an Arabic letter has
    letters written ``"ltr"``, a Hebrew name in an English one letters written ``"rtl"``."""
    if direction == "rtl" and max(text, default=" ") < "\u0590":  # no right-to-left letter below Hebrew
        return False
    letters = _LETTERS[direction]
    return any(unicodedata.bidirectional(char) in letters for char in text)
