"""The few fixed phrases a letter adds around the author's text, per language.

CLDR has no "care of"; these are the forms each post and each language's
correspondence manuals use.
"""
from __future__ import annotations

_CARE_OF = {
    "en": "c/o",
    "fr": "a/s de",  # « aux bons soins de »
    "es": "a/c de",  # « a la atención de »
    "de": "c/o",
    "ja": "気付",  # written after the organisation
    "ko": "전교",
    "zh": "转交",
}

# The language whose script the destination's post reads, for the window.
_POST_LANGUAGE = {
    "JP": "ja",
    "FR": "fr", "MC": "fr", "BE": "fr", "LU": "fr", "CH": "fr",
    "ES": "es", "MX": "es", "AR": "es", "CL": "es", "CO": "es", "PE": "es", "PY": "es",
    "DE": "de", "AT": "de",
}


def care_of(language: str) -> str:
    base = language.split("-", 1)[0]
    return _CARE_OF.get(language, _CARE_OF.get(base, "c/o"))


def post_language(country: str) -> str:
    """The language of the address text for a destination: Latin script (English) unless listed."""
    return _POST_LANGUAGE.get(country.upper(), "en")
