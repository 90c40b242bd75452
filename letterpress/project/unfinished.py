"""Bodies that are not finished: still the text ``letterpress new`` wrote, or a copy of another
language's text (a translation never made).  ``check`` warns about them; they are not errors,
since a letter may really read the same in two languages' copies (a Latin-script name list)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location
from ..model import Body, Project, _paragraphs_of
from .markdown import TEMPLATE_MARK, parse_blocks

# The body ``letterpress new`` writes for each language (its mark says which: the template, or a
# translation still to make).
TEMPLATE_BODY = """\
---
{mark}
subject: "Subject of the letter"
salutation: "{salutation}"
closing: "{closing}"
---
Write the letter here, one paragraph per block of lines. *Emphasis* and **strong** work, and so do lists:

- a point
- another point

Placeholders such as {{recipient.city}} are filled in for each recipient.
"""


@dataclass(frozen=True)
class BodyWarning:
    """A body that is still the ``letterpress new`` template, or another language's text: a warning, not an error."""

    message: str
    location: Location
    hint: str
    language: str

    def __str__(self) -> str:
        return f"{self.location}: warning: {self.message}\n  fix: {self.hint}"


def body_text(body: Body) -> str:
    """A body's letter text, spaces and line breaks evened out: what a translation changes."""
    paragraphs = [*_paragraphs_of(body.blocks), *(note for _, note in body.footnotes)]
    text = " ".join(span.text for paragraph in paragraphs for span in paragraph.spans)
    return re.sub(r"\s+", " ", text).strip()


def template_body_text() -> str:
    """The body text ``letterpress new`` writes, as the check for unfinished bodies reads it."""
    lines = TEMPLATE_BODY.format(salutation="", closing="", mark="").splitlines()
    end = lines.index("---", 1)
    blocks, _ = parse_blocks(lines[end + 1:], Path("new.md"), end + 2)
    empty = blocks[0]
    return body_text(Body("", empty, empty, empty, tuple(blocks), Path("new.md")))


def unfinished_bodies(project: Project, template_text: str | None = None) -> list[BodyWarning]:
    """``template_text``: the body text ``letterpress new`` writes (as :func:`body_text` reads it)."""
    warnings: list[BodyWarning] = []
    seen: dict[str, Body] = {}
    for body in project.bodies:
        where = Location(body.path, 1, 1)
        text = body_text(body)
        if body.template or (template_text is not None and text == template_text):
            untranslated = "" if body.language == project.languages[0] else f" (not translated into {body.language})"
            warnings.append(BodyWarning(
                f"body/{body.language}.md is still the template 'letterpress new' wrote{untranslated}", where,
                f"write the letter in {body.language} there, then delete the line starting "
                f"'{TEMPLATE_MARK}'" if body.template else f"write the letter in {body.language} there", body.language))
        elif text in seen:
            other = seen[text]
            warnings.append(BodyWarning(
                f"body/{body.language}.md has the same text as body/{other.language}.md: not translated yet?",
                where, f"translate body/{other.language}.md into {body.language}, or build the other languages "
                       f"alone with 'build --language' until it is", body.language))
        seen.setdefault(text, body)
    return warnings
