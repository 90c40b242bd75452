"""Dictionary hyphenation for Latin-script languages, with the minimum fragments each language uses."""
from __future__ import annotations

from functools import lru_cache

import pyphen

# (language -> Pyphen dictionary, left minimum, right minimum); cjk-line-layout.md: en 2/3, fr and es 2/2.
_DICTIONARIES = {"en": ("en_GB", 2, 3), "en-US": ("en_US", 2, 3), "fr": ("fr", 2, 2), "es": ("es", 2, 2),
                 "de": ("de_DE", 2, 2), "it": ("it_IT", 2, 2), "pt": ("pt_PT", 2, 3), "nl": ("nl_NL", 2, 2)}
_MIN_WORD = 5


@lru_cache(maxsize=None)
def _dictionary(language: str) -> pyphen.Pyphen | None:
    entry = _DICTIONARIES.get(language) or _DICTIONARIES.get(language.split("-")[0])
    if entry is None:
        base = language.split("-")[0]
        if base not in pyphen.LANGUAGES:
            return None
        entry = (base, 2, 2)
    name, left, right = entry
    return pyphen.Pyphen(lang=name, left=left, right=right)


@lru_cache(maxsize=65536)
def hyphenation_points(word: str, language: str) -> tuple[int, ...]:
    """Offsets inside ``word`` after which it may be hyphenated."""
    if len(word) < _MIN_WORD or word.isupper():
        return ()
    dictionary = _dictionary(language)
    if dictionary is None:
        return ()
    return tuple(dictionary.positions(word))
