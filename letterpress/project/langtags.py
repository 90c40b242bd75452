"""BCP 47 language tags: checked against CLDR (through Babel) and written in canonical case."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..cldr import remembered
from ..errors import InputError, Location

if TYPE_CHECKING:
    from babel import Locale

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")
_EXAMPLES = "en, ko, ja, fr, es, zh-Hans, zh-Hant, en-US, fr-CH"


def canonical_tag(tag: str) -> str:
    """``ZH-hans`` -> ``zh-Hans``; ``en-us`` -> ``en-US``."""
    parts = tag.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.upper())
    return "-".join(out)


@lru_cache(maxsize=None)
def babel_locale(tag: str) -> "Locale":
    """The Babel locale for a BCP 47 tag (``zh-Hans`` -> ``zh_Hans``)."""
    # Babel is imported when a value is first asked of it: most builds read every value from
    # letterpress.cldr's cache, and importing Babel costs every process that does it.
    from babel import Locale

    return Locale.parse(tag.replace("-", "_"))


def _cldr_knows(tag: str) -> bool:
    from babel import UnknownLocaleError

    try:
        babel_locale(tag)
    except (UnknownLocaleError, ValueError):
        return False
    return True


# Tags people write, to suggest from when a tag is unknown and no list of the letter's is at hand.
COMMON = ("en", "fr", "es", "de", "it", "pt", "nl", "ru", "uk", "pl", "tr", "ar", "fa", "he", "hi", "bn", "th",
          "vi", "id", "ms", "ko", "ja", "zh-Hans", "zh-Hant", "sv", "no", "da", "fi", "el", "cs", "ro", "hu")


def suggest_language(tag: str, known: "tuple[str, ...] | list[str]" = ()) -> str | None:
    """The tag of ``known`` (or of common languages) that ``tag`` was most likely meant to be:
    ``rus`` (ISO 639-2) or ``ru_RU``/``ru-ru`` (a region the letter lacks) -> ``ru``; ``fe`` -> ``fr``."""
    candidates = tuple(known) or COMMON
    canonical = canonical_tag(tag.strip())
    if canonical in candidates:
        return None
    base, _, rest = canonical.partition("-")
    aliases = [base]
    try:
        from babel.core import get_global

        alias = get_global("language_aliases").get(base)
        if alias:
            aliases.insert(0, alias.replace("_", "-"))
    except Exception:  # Babel's data unreadable: suggest from the spelling only
        pass
    for name in aliases:
        for candidate in ([f"{name}-{rest}"] if rest else []) + [name]:
            if candidate in candidates and candidate != canonical:
                return candidate
    close = [c for c in candidates if _one_edit(base.lower(), c.split("-")[0].lower())]
    return close[0] if close else None


def _one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter changed, added, dropped or two letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def check_language(tag: object, where: Location, known: "tuple[str, ...]" = ()) -> str:
    """A valid, canonical language tag, or an InputError saying what is wrong (suggesting one of
    ``known``, the letter's languages, where one is close)."""
    if not isinstance(tag, str) or not tag.strip():
        raise InputError(f"a language must be a BCP 47 tag such as {_EXAMPLES}, not {tag!r}", location=where)
    text = tag.strip()
    if not _TAG.match(text.replace("_", "-")):
        raise InputError(
            f"malformed language tag {text!r}",
            location=where,
            hint=f"write a BCP 47 tag: language, optional script, optional region ({_EXAMPLES})",
        )
    canonical = canonical_tag(text)
    if not remembered(("known locale", canonical), lambda: _cldr_knows(canonical)):
        guess = suggest_language(text, known)
        raise InputError(
            f"unknown language {text!r}",
            location=where,
            hint=(f"did you mean {guess}? " if guess else "")
                 + f"use a language CLDR knows, as a BCP 47 tag ({', '.join(known) if known else _EXAMPLES})",
        )
    return canonical


def base_language(tag: str) -> str:
    return tag.split("-", 1)[0]


def is_cjk(tag: str) -> bool:
    return base_language(tag) in {"zh", "ja", "ko"}


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
}
_HANT_REGIONS = ("TW", "HK", "MO")
# Scripts written right to left (Unicode's bidi class R or AL for their letters).
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand", "Yezi"})


@lru_cache(maxsize=None)
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
