"""Long dates in each copy's language, from CLDR through Babel (asked by :mod:`letterpress.cldr`,
which asks them ahead, with the country names, while a project is read)."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..cldr import babel_date_locale, long_date

if TYPE_CHECKING:
    from ..cache.context import CacheContext

__all__ = ["babel_date_locale", "format_long_date"]


def format_long_date(date: dt.date, language: str, *, region: str | None = None,
                     cache: "CacheContext | None" = None) -> str:
    """``23 November 2026``, ``23 novembre 2026``, ``23 de noviembre de 2026``, ``2026년 11월 23일``, ``2026年11月23日``.

    ``region`` picks a regional style: ``en`` with region ``US`` gives ``November 23, 2026``.
    ``cache``: where CLDR values are kept (see :func:`letterpress.cldr.remembered`).
    """
    return long_date(date, language, region, cache)
