"""Names CLDR knows (countries), labels it does not (page x of y), and collation for sorting."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

from ..project.langtags import babel_locale

# CLDR has no "page x of y" pattern; these follow each language's usual letter style.
_PAGE_LABELS = {
    "en": "Page {page} of {pages}",
    "fr": "Page {page} sur {pages}",
    "es": "Página {page} de {pages}",
    "de": "Seite {page} von {pages}",
    "ko": "{pages}쪽 중 {page}쪽",
    "ja": "{page}／{pages}ページ",
    "zh": "第{page}页，共{pages}页",
    "zh-Hant": "第{page}頁，共{pages}頁",
}


def country_name(code: str, language: str) -> str:
    """The country's name in ``language``: KR is 대한민국 in Korean, Corée du Sud in French."""
    territories = babel_locale(language).territories
    return territories.get(code.upper()) or babel_locale("en").territories.get(code.upper(), code)


def page_label(page: int, pages: int, language: str) -> str:
    pattern = _PAGE_LABELS.get(language) or _PAGE_LABELS.get(language.split("-")[0]) or _PAGE_LABELS["en"]
    return pattern.format(page=page, pages=pages)


@lru_cache(maxsize=None)
def sort_key(language: str) -> Callable[[str], object]:
    """A Unicode Collation Algorithm key (DUCET via pyuca); code-point order is wrong for every language."""
    from pyuca import Collator

    collator = Collator()
    return collator.sort_key
