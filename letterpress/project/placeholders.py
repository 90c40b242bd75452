"""``{recipient.city}`` placeholders: named fields, never expressions.

A placeholder is a dotted name in braces; ``{{`` and ``}}`` stand for literal
braces.  The names are the fixed ones below, every column of the recipient
roster (``{recipient.ambassador}``) and every entry of letter.yaml's
``fields:`` (``{letter.campaign}``).  Nothing is evaluated: a name is looked up
in a table of strings that compose builds per copy, and a value is inserted as
the text it is (a value holding braces or asterisks is not read again).
"""
from __future__ import annotations

import re
from typing import Iterator, Mapping

from ..errors import InputError, Location, did_you_mean

#: The placeholders a letter may use, with what they stand for (documented in the README).
PLACEHOLDERS: Mapping[str, str] = {
    "recipient.name": "the mission's name, in the copy's language",
    "recipient.city": "the mission's city, in the copy's language",
    "recipient.country": "the mission's country, named in the copy's language",
    "addressee.name": "the addressee's name, in the copy's language",
    "sender.name": "the sender's name, in the copy's language",
    "sender.short": "the sender's short name",
    "date": "the letter's date, written out in the copy's language",
    "letter.id": "the letter project's id",
    "recipient.id": "the recipient's id",
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def placeholders_in(text: str) -> Iterator[tuple[int, str]]:
    """(offset, name) of each placeholder in ``text``; a stray brace is reported as name ``None``-like ''."""
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            yield match.start(), token
            continue
        yield match.start(), match.group(1).strip()


def check_placeholder_syntax(text: str, where: Location) -> None:
    """Raise an InputError at the first stray brace in ``text`` (names are checked once the rosters are read)."""
    for offset, name in placeholders_in(text):
        if name in ("{", "}"):
            raise InputError("a lone brace", location=where.shifted(text, offset),
                             hint="write {{ or }} for a literal brace, or close the placeholder")


def uses_in(text: str, where: Location) -> Iterator[tuple[str, Location]]:
    """(name, location) of every placeholder in ``text``."""
    for offset, name in placeholders_in(text):
        if name not in ("{", "}"):
            yield name, where.shifted(text, offset)


def check_placeholder_name(name: str, where: Location, known: Mapping[str, str]) -> None:
    """An unknown placeholder is an error listing the ones there are (the roster's columns among them)."""
    if name in known:
        return
    guess = did_you_mean(name, known)
    listed = ", ".join("{" + key + "}" for key in known)
    raise InputError(
        f"unknown placeholder {{{name}}}",
        location=where,
        hint=(f"did you mean {{{guess}}}? " if guess else "") + f"the placeholders are: {listed}",
    )


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace every placeholder by its value (names were checked on load)."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return values[match.group(1).strip()]

    return _TOKEN.sub(replace, text)
