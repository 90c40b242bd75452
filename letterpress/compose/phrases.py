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
    return table.get(language, table.get(language.split("-", 1)[0], table["en"]))


def enclosures_label(language: str, count: int) -> str:
    singular, plural = _by_language(_ENCLOSURES, language)
    return singular if count == 1 else plural


def cc_label(language: str) -> str:
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
    base = language.split("-", 1)[0]
    if base == "zh" and number < 100:
        return _chinese_number(number) + "、"
    if base == "ja":
        return f"（{number}）"
    return f"{number}."


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int) -> str:
    """A footnote reference: superscript digits, which every default face has and which extract as text."""
    return str(number).translate(_SUPERSCRIPT)
