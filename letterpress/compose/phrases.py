"""The few fixed phrases a letter adds around the author's text, per language, and the window's language.

CLDR has no "care of"; these are the forms each post and each language's
correspondence manuals use.
"""
from __future__ import annotations

from typing import Sequence

from ..text import base_language, for_language

_CARE_OF = {
    "en": "c/o",
    "fr": "a/s de",  # « aux bons soins de »
    "es": "a/c de",  # « a la atención de »
    "de": "c/o",
    "ja": "気付",  # written after the organisation
    "ko": "전교",
    "zh": "转交",
    "zh-Hant": "轉交",  # the traditional form (Taiwan, Hong Kong)
    "ru": "для передачи",  # Russian Post's form for "care of"
}

# Posts that read Latin script, by the language of their own words ("a/s de", "SUISSE").
_POST_LANGUAGE = {
    "FR": "fr", "MC": "fr", "BE": "fr", "LU": "fr", "CH": "fr",
    "ES": "es", "MX": "es", "AR": "es", "CL": "es", "CO": "es", "PE": "es", "PY": "es",
    "DE": "de", "AT": "de",
}
# Posts whose own script an address may be written in, and that script's language there.
_LOCAL_SCRIPT_LANGUAGE = {
    "JP": "ja", "RU": "ru", "BY": "ru", "KZ": "ru", "KG": "ru", "UA": "uk", "BG": "bg", "RS": "sr",
    "CN": "zh-Hans", "TW": "zh-Hant", "HK": "zh-Hant", "MO": "zh-Hant", "KR": "ko", "KP": "ko",
    "GR": "el", "IL": "he", "TH": "th",
}


def care_of(language: str) -> str:
    """"Care of" in ``language`` (``c/o``, ``a/s de``, 気付 ...); ``c/o`` for a language without its own form."""
    return for_language(_CARE_OF, language, "c/o")


def post_language(country: str, lines: Sequence[str] = ()) -> str:
    """The language of the window's words for a destination: the post's own language when the
    address is written in its script (Japanese for Japan, Cyrillic for Russia; Latin for France,
    Spain ...), else English, which every post reads on international mail."""
    country = country.upper()
    if any(not _is_latin(line) for line in lines):
        return _LOCAL_SCRIPT_LANGUAGE.get(country, "en")
    if country in _LOCAL_SCRIPT_LANGUAGE and country not in _POST_LANGUAGE:
        return "en"  # an address in Latin letters to Japan or Russia: the window reads English
    return _POST_LANGUAGE.get(country, "en")


def _is_latin(text: str) -> bool:
    return all(ord(char) < 0x250 or not char.isalpha() for char in text)


# Enclosures and copies-to, as KOMA-Script's \encl and \cc label them, and as each language's
# correspondence conventions write them (Korean and Chinese: the official-document forms).
_ENCLOSURES = {
    "en": ("Enclosure:", "Enclosures:"),
    "fr": ("P. J. :", "P. J. :"),  # pièce(s) jointe(s)
    "es": ("Anexo:", "Anexos:"),
    "de": ("Anlage:", "Anlagen:"),
    "ko": ("붙임:", "붙임:"),
    "ja": ("同封書類：", "同封書類："),
    "zh": ("附件：", "附件："),
}
_CC = {
    "en": "cc:",
    "fr": "Copie à :",
    "es": "c. c.:",
    "de": "Kopie an:",
    "ko": "참조:",
    "ja": "写し送付先：",
    "zh": "抄送：",
}


def _by_language(table: dict, language: str):
    return for_language(table, language, table["en"])


def enclosures_label(language: str, count: int) -> str:
    """The label before the enclosures list in ``language``, singular for one enclosure; English's when
    the language has none."""
    singular, plural = _by_language(_ENCLOSURES, language)
    return singular if count == 1 else plural


def cc_label(language: str) -> str:
    """The label before the copies-to list in ``language``; English's when the language has none."""
    return _by_language(_CC, language)


_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese_number(number: int) -> str:
    """1-99 as Chinese numerals: 一, 十, 十一, 二十三."""
    if number < 10:
        return _CHINESE_DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[units] if units else "")


def list_number(number: int, language: str) -> str:
    """A numbered list item's label in the language's usual style: "1." in Latin-script letters
    and Korean, "（1）" in Japanese, "一、" in Chinese (GB/T 9704's first level)."""
    base = base_language(language)
    if base == "zh" and number < 100:
        return _chinese_number(number) + "、"
    if base == "ja":
        return f"（{number}）"
    return f"{number}."


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int) -> str:
    """A footnote reference: superscript digits, which every default face has and which extract as text."""
    return str(number).translate(_SUPERSCRIPT)
