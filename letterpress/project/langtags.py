"""BCP 47 language tags: checked against CLDR (through Babel) and written in canonical case."""
from __future__ import annotations

import re

from ..cldr import babel_locale, remembered
from ..errors import InputError, Location

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
