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


def check_language(tag: object, where: Location) -> str:
    """A valid, canonical language tag, or an InputError saying what is wrong."""
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
        raise InputError(
            f"unknown language {text!r}",
            location=where,
            hint=f"use a language CLDR knows, as a BCP 47 tag ({_EXAMPLES})",
        )
    return canonical


def base_language(tag: str) -> str:
    return tag.split("-", 1)[0]


def is_cjk(tag: str) -> bool:
    return base_language(tag) in {"zh", "ja", "ko"}
