"""Names CLDR knows (countries), labels it does not (page x of y), and collation for sorting."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..cache.memo import memoized
from ..cldr import territory_names
from ..text import for_language

if TYPE_CHECKING:
    from ..cache.context import CacheContext

# CLDR has no "page x of y" pattern (it has none for pagination at all), so this is
# a small table in each language's usual letter style.  Unlisted languages get the
# language-neutral "2/3" rather than English words.
_PAGE_LABELS = {
    "en": "Page {page} of {pages}",
    "fr": "Page {page} sur {pages}",
    "es": "Página {page} de {pages}",
    "de": "Seite {page} von {pages}",
    "ko": "{pages}쪽 중 {page}쪽",
    "ja": "{page}/{pages}ページ",
    "zh": "第{page}页，共{pages}页",
    "zh-Hans": "第{page}页，共{pages}页",
    "zh-Hant": "第{page}頁，共{pages}頁",
}
_NEUTRAL_PAGE_LABEL = "{page}/{pages}"


def country_name(code: str, language: str, cache: "CacheContext | None" = None) -> str:
    """The country's name in ``language`` (CLDR): KR is 대한민국 in Korean, Corée du Sud in French.
    ``cache``: where CLDR values are kept (see :func:`letterpress.cldr.remembered`)."""
    code = code.upper()
    return territory_names(language, cache).get(code) or territory_names("en", cache).get(code, code)


def page_label(page: int, pages: int, language: str) -> str:
    """``Page 2 of 3`` in ``language``: its tag's or a fallback's (:func:`letterpress.text.language_fallbacks`), else ``2/3``."""
    pattern = for_language(_PAGE_LABELS, language, _NEUTRAL_PAGE_LABEL)
    return pattern.format(page=page, pages=pages)


@memoized(maxsize=64)
def sort_key(language: str) -> Callable[[str], object]:
    """A collation key for sorting names as readers of ``language`` expect.

    ICU (PyICU) applies CLDR's tailorings: Swedish puts Å after Z, Spanish ñ after n,
    Chinese sorts by pinyin (zh-Hans) or stroke (zh-Hant).  ICU comes with a dependency
    (pyicu-wheels); should it not import, we fall back to pyuca, the pure-Python Unicode
    Collation Algorithm with the default table: accents and case are still minor
    differences (Émile between Eli and Emma), but tailorings are lost (Å sorts as A).
    """
    try:
        import icu
    except ImportError:
        from pyuca import Collator

        return Collator().sort_key
    collator = icu.Collator.createInstance(icu.Locale(language.replace("-", "_")))
    return collator.getSortKey
