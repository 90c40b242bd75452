"""Locale typography applied to the author's text, so nobody has to type it.

- quotation marks by language where the source has straight quotes;
- apostrophes become ’;
- French: a narrow no-break space (U+202F) before ; ! ? and inside « », a
  no-break space (U+00A0) before :, whether the author typed a space or none
  (Canadian French keeps no space before ; ! ?); URLs, times and e-mail
  addresses are left alone.

The result only ever inserts no-break spaces, so a line never breaks between
a word and its punctuation.
"""
from __future__ import annotations

import re

from ..cache.memo import memoized
from ..text import base_language, for_language

NBSP = "\u00a0"
NNBSP = "\u202f"

# (open, close) for the outer and the inner level of quotation.
QUOTES = {
    "en": (("“", "”"), ("‘", "’")),
    "fr": (("«", "»"), ("“", "”")),
    "es": (("«", "»"), ("“", "”")),
    "de": (("„", "“"), ("‚", "‘")),
    "ja": (("「", "」"), ("『", "』")),
    "zh-Hans": (("“", "”"), ("‘", "’")),
    "zh-Hant": (("「", "」"), ("『", "』")),
    "zh": (("“", "”"), ("‘", "’")),
    "ko": (("“", "”"), ("‘", "’")),
}

_PROTECTED = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b\d{1,2}:\d{2}\b")


def _quotes_for(language: str):
    return for_language(QUOTES, language) or _cldr_quotes(language)


@memoized(maxsize=64)
def _cldr_quotes(language: str):
    """The quotation marks CLDR gives ``language`` (through ICU, which carries CLDR's delimiters;
    Babel does not): Russian « » and „ ", Arabic ” “ (which read the right way round from the
    right), Polish „ ”. English's when ICU has none."""
    try:
        import icu

        data = icu.LocaleData(language.replace("-", "_"))
        marks = tuple(data.getDelimiter(kind) for kind in range(4))
    except Exception:  # ICU missing or without data for the tag: the default marks
        return QUOTES["en"]
    if not all(marks):
        return QUOTES["en"]
    return (marks[0], marks[1]), (marks[2], marks[3])


_STRAIGHT = re.compile("[\"']")


def _hebrew(text: str, index: int) -> bool:
    """Whether ``text[index]`` is a Hebrew letter."""
    return 0 <= index < len(text) and "\u05d0" <= text[index] <= "\u05ea"


def curl_quotes(text: str, language: str) -> str:
    """Straight double quotes become the language's quotes; single quotes become inner quotes or ’."""
    if '"' not in text and "'" not in text:
        return text  # most texts: nothing to curl
    (outer_open, outer_close), (inner_open, inner_close) = _quotes_for(language)
    out = []
    double_open = single_open = False
    last = 0
    for found in _STRAIGHT.finditer(text):  # only the quotes are visited, the text between is copied
        index = found.start()
        char = text[index]
        out.append(text[last:index])
        last = index + 1
        if char == '"':  # paired in order: straight double quotes do not nest
            if _hebrew(text, index - 1) and _hebrew(text, index + 1):
                out.append("\u05f4")  # gershayim, not a quote: the acronym mark of האו"ם, צה"ל
                continue
            if double_open:
                out.append(outer_close)
                double_open = False
            else:
                out.append(outer_open)
                double_open = True
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if _hebrew(text, index - 1) and not single_open:
            out.append("\u05f3")  # geresh, not an apostrophe: ג'ירפה, the abbreviation mark of ה'
        elif before.isalnum() and (after.isalnum() or not single_open):
            out.append("’")  # apostrophe: don't, l'accès, Workers' Party
        elif not single_open and (before.isspace() or before in "([{\"“«" or index == 0):
            out.append(inner_open)
            single_open = True
        elif single_open:
            out.append(inner_close)
            single_open = False
        else:
            out.append("’")
    out.append(text[last:])
    return "".join(out)


def french_spacing(text: str, *, canadian: bool = False) -> str:
    """French punctuation spacing: a narrow no-break space before ; ! ? and inside « », a no-break space before :.

    Spaces the author typed there become these; URLs, e-mail addresses and times are left alone.
    ``canadian``: no space before ; ! ? (Canadian French usage).
    """
    protected: list[str] = []

    def hide(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\ue000{len(protected) - 1}\ue001"

    text = _PROTECTED.sub(hide, text)
    if not canadian:
        text = re.sub(r"[ \u00a0\u202f]*([;!?])", lambda m: NNBSP + m.group(1), text)
        # Do not separate repeated marks ("?!") from each other.
        text = re.sub(r"([;!?])\u202f(?=[;!?])", r"\1", text)
    text = re.sub(r"(?<=\S)[ \u00a0\u202f]*:(?!//)", NBSP + ":", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NNBSP + "»", text)
    # A mark at the very start (after a quote or a line start) gets no space before it.
    text = re.sub(r"(^|[\s(])\u202f([;!?])", r"\1\2", text)
    return re.sub(r"\ue000(\d+)\ue001", lambda m: protected[int(m.group(1))], text)


@memoized(maxsize=16384)  # pure, and every copy of a language repeats the same texts
def apply_typography(text: str, language: str) -> str:
    """``text`` with the typography of ``language``: curled quotes and apostrophes, and French spacing for French."""
    text = curl_quotes(text, language)
    if base_language(language) == "fr":
        text = french_spacing(text, canadian=language.upper().endswith("-CA"))
    return text
