"""Which script each language is written in, and which way: asked by the font and layout stages.

It imports nothing at load, so asking costs nothing; Babel (through letterpress's CLDR cache) is
asked only of a language the table below does not know.
"""
from __future__ import annotations

from .cache.memo import memoized


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


def direction_of(tag: str) -> str:
    """``"rtl"`` for a language written right to left (``ar``, ``fa``, ``ur``, ``he``), else ``"ltr"``."""
    return "rtl" if script_of(tag) in RTL_SCRIPTS else "ltr"


def is_rtl(tag: str) -> bool:
    return direction_of(tag) == "rtl"
