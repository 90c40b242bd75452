"""Long dates in each copy's language, from CLDR through Babel."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

# BCP 47 tags whose CLDR locale needs a region to pick the usual long form.
_DEFAULT_REGION = {"en": "GB", "zh-Hans": "CN", "zh-Hant": "TW", "zh": "CN", "pt": "PT"}


@lru_cache(maxsize=None)
def _locale(language: str, region: str | None) -> Locale:
    parts = language.split("-")
    if region is None and len(parts) < 3 and not (len(parts) == 2 and len(parts[1]) == 2):
        region = _DEFAULT_REGION.get(language) or _DEFAULT_REGION.get(parts[0])
    tag = "_".join(parts + ([region] if region and region not in parts else []))
    try:
        return Locale.parse(tag)
    except (ValueError, Exception):
        return Locale.parse(parts[0])


def format_long_date(date: dt.date, language: str, *, region: str | None = None) -> str:
    """``23 November 2026``, ``23 novembre 2026``, ``2026년 11월 23일``, ``2026年11月23日`` ...

    English defaults to the British order (region US gives "November 23, 2026").
    """
    locale = _locale(language, region)
    text = format_date(date, "long", locale=locale)
    if locale.language == "fr" and date.day == 1:
        # French writes the first of the month as an ordinal ("1er"); CLDR's pattern has no ordinal.
        text = text.replace("1 ", "1er ", 1) if text.startswith("1 ") else text
    return text
