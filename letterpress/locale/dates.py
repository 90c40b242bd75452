"""Long dates in each copy's language, from CLDR through Babel."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

from ..cache.memo import memoized
from ..cldr import PER_LANGUAGE, Key, remembered
from ..text import for_language

if TYPE_CHECKING:
    from babel import Locale

    from ..cache.context import CacheContext

# The region whose long date a bare language tag means.  English defaults to the
# British order ("23 November 2026", as the UN and most missions write it); the
# script tags Babel cannot use alone get the region that writes that script.
_DEFAULT_REGION = {"en": "GB", "zh-Hans": "CN", "zh-Hant": "TW", "zh": "CN", "pt": "PT"}


@memoized(maxsize=256)
def babel_date_locale(language: str, region: str | None = None) -> "Locale":
    """``zh-Hans`` -> zh_Hans_CN, ``zh-Hant`` -> zh_Hant_TW, ``en`` -> en_GB, ``en`` + US -> en_US."""
    from babel import Locale, UnknownLocaleError  # on a cache miss only (see letterpress.cldr)

    parts = language.replace("_", "-").split("-")
    has_region = any(len(part) == 2 or part.isdigit() for part in parts[1:])
    if region is None and not has_region:
        region = for_language(_DEFAULT_REGION, "-".join(parts))
    if region and not has_region:
        parts.append(region.upper())
    try:
        return Locale.parse("_".join(parts))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(parts[0])  # e.g. a region CLDR has no data for: the language's own default


def format_long_date(date: dt.date, language: str, *, region: str | None = None,
                     cache: "CacheContext | None" = None) -> str:
    """``23 November 2026``, ``23 novembre 2026``, ``23 de noviembre de 2026``, ``2026년 11월 23일``, ``2026年11月23日``.

    ``region`` picks a regional style: ``en`` with region ``US`` gives ``November 23, 2026``.
    ``cache``: where CLDR values are kept (see :func:`letterpress.cldr.remembered`).
    """
    return remembered(*_long_date(date, language, region), cache)


def _long_date(date: dt.date, language: str, region: str | None) -> tuple[Key, Callable[[], str]]:
    return ("long date", date.isoformat(), language, region), lambda: _format_long_date(date, language, region)


# the long date of a letter's language, asked ahead with its country names (letterpress.cldr.ask_ahead)
PER_LANGUAGE.append(lambda language, date: [_long_date(date, language, None)])


def _format_long_date(date: dt.date, language: str, region: str | None) -> str:
    from babel.dates import format_date

    locale = babel_date_locale(language, region)
    text = format_date(date, "long", locale=locale)
    if locale.language == "fr" and date.day == 1 and text.startswith("1 "):
        # French writes the first of the month as an ordinal, "1er mars" (Imprimerie
        # nationale, Office québécois); CLDR's "d MMMM y" pattern has no ordinal day.
        text = "1er" + text[1:]
    return text
