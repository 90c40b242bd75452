"""CJK punctuation compression: where each punctuation mark's glyph sits in its em, per style.

A full-width CJK punctuation mark is half ink and half blank (jlreq 3.1.2; clreq 3.1.6): a closing
bracket, comma or full stop has its blank on the right ("left" here), an opening bracket on the
left ("right"), a middle dot a quarter em on each side ("center"). Breaking (:mod:`.breaks`)
draws the ink as a half-em box and the blank as glue beside it, so that:

- the blank is adjustable space that closes up first when a line must shrink (jlreq 3.8);
- between two adjacent marks half an em is taken out (jlreq 3.1.4, clreq 3.1.6.1): 」「 and 。」
  and 「『 set in 1.5 em, not 2;
- at a line's end the blank after a closing mark, and at a line's start the blank before an
  opening bracket, are dropped with the other glue at the line's edge (jlreq 3.1.5, 3.1.6);

and because all of it is glue, Knuth–Plass sees the compression in every line's natural width and
shrinkability, and justification stays exact.

Styles: Japanese follows jlreq (JIS X 4051: the colon, semicolon and middle dot are centred);
simplified Chinese the mainland (GB) practice of clreq, where the comma, full stop, colon,
semicolon, question and exclamation marks sit on the left; traditional Chinese (centred marks)
and Korean (whose punctuation is Western, klreq) are not compressed.
"""
from __future__ import annotations

from ..cache.memo import memoized
from ..text import base_language, script_of

LEFT, RIGHT, CENTER = "left", "right", "center"

_CLOSING = "》）』」】〗〕〉］｝〙"
_OPENING = "《（『「【〖〔〈［｛〘"
_STYLES = {
    "jis": {**dict.fromkeys(_CLOSING + "，。．、", LEFT), **dict.fromkeys(_OPENING, RIGHT),
            **dict.fromkeys("：；・\u00b7", CENTER)},
    "gb": {**dict.fromkeys(_CLOSING + "，。．、：；？！", LEFT), **dict.fromkeys(_OPENING, RIGHT),
           **dict.fromkeys("・\u00b7", CENTER)},
}
# Curly quotes share their code points with Latin ones: they are CJK punctuation only when a CJK
# face draws them full width.
_QUOTES = {"”": LEFT, "’": LEFT, "“": RIGHT, "‘": RIGHT}
_BLANK = {LEFT: (0.0, 0.5), RIGHT: (0.5, 0.0), CENTER: (0.25, 0.25)}  # em before and after the ink


@memoized(maxsize=64)
def style_of(language: str) -> str | None:
    """"jis", "gb", or None (no compression) for a BCP 47 tag."""
    base = base_language(language)
    if base == "ja":
        return "jis"
    if base == "zh" and script_of(language) != "Hant":
        return "gb"
    return None


def kind(char: str, width_em: float, style: str | None) -> str | None:
    """LEFT, RIGHT or CENTER for a full-width punctuation mark of a compressing style, else None."""
    if style is None or not 0.9 <= width_em <= 1.1:
        return None
    return _STYLES[style].get(char) or _QUOTES.get(char)


def blanks(kind_: str | None) -> tuple[float, float]:
    """The blank before and after the ink, in em."""
    return _BLANK[kind_] if kind_ else (0.0, 0.0)
