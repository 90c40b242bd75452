"""Each language's letter form: where the date, the closing and the sender go, as data.

One small YAML file per language in ``forms/`` (like the page layouts in ``letterpress/paper``),
each naming its sources; a language without a file keeps the page layout's form (the date line
at the top, the closing at the margin).  Compose reads the form and splits the closing into the
lines the form sets apart; typeset places them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..cache.memo import memoized
from ..errors import InternalError
from ..cache.parsed_yaml import read_plain_yaml
from ..text import language_fallbacks

FORMS_DIR = Path(__file__).with_name("forms")
EndPart = Literal["sender", "date"]


@dataclass(frozen=True)
class LetterForm:
    """A language's letter form, as read from ``forms/<language>.yaml`` (lengths in em of the body size)."""

    language: str
    source: str = ""
    paragraph_indent: float = 0.0  # em, the first line of each body paragraph
    closing_split_after: tuple[str, ...] = ()  # a closing starting with one of these is set on two lines
    closing_indents: tuple[float, ...] = (0.0,)  # em, per closing line (the last repeats)
    closing_align: Literal["left", "right"] = "left"
    date: Literal["top", "end"] = "top"
    date_align: Literal["layout", "left", "right"] = "layout"
    end: tuple[EndPart, ...] = ()  # set after the closing, flush right, in this order
    dated_at: str = ""  # the date line when the letter says where it is written: "{place}, le {date}"

    def closing_indent(self, index: int) -> float:
        """The indent of closing line ``index`` (from 0), in em; lines past the list take its last indent."""
        return self.closing_indents[min(index, len(self.closing_indents) - 1)]


DEFAULT = LetterForm("und")


@memoized(maxsize=64)
def letter_form(language: str) -> LetterForm:
    """The form for a BCP 47 tag: its own file, else its fallback's (zh-Hans -> zh), else the default."""
    for tag in language_fallbacks(language):
        path = FORMS_DIR / f"{tag}.yaml"
        if path.exists():
            return _read(path)
    return DEFAULT


def _read(path: Path) -> LetterForm:
    data = read_plain_yaml(path)
    try:
        closing = data.get("closing", {})
        form = LetterForm(
            language=str(data["language"]),
            source=str(data["source"]),
            paragraph_indent=float(data.get("paragraph_indent", 0)),
            closing_split_after=tuple(str(s) for s in closing.get("split_after", ())),
            closing_indents=tuple(float(i) for i in closing.get("indents", (0,))) or (0.0,),
            closing_align=closing.get("align", "left"),
            date=data.get("date", "top"),
            date_align=data.get("date_align", "layout"),
            end=tuple(data.get("end", ())),
            dated_at=str(data.get("dated_at", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InternalError(f"{path}: {error}") from None
    if (form.closing_align not in ("left", "right") or form.date not in ("top", "end")
            or form.date_align not in ("layout", "left", "right") or not set(form.end) <= {"sender", "date"}
            or (form.date == "end") != ("date" in form.end)
            or (form.dated_at and set(re.findall(r"{(\w*)}", form.dated_at)) != {"place", "date"})):
        raise InternalError(f"{path}: a value is outside what letter forms allow")
    return form


def split_closing(text: str, form: LetterForm) -> tuple[str, ...]:
    """The closing's lines: "此致敬礼！" -> ("此致", "敬礼！") where the form sets the wish apart."""
    for head in form.closing_split_after:
        rest = text[len(head):].lstrip(" \u3000，,")
        if text.startswith(head) and rest:
            return head, rest
    return (text,)
