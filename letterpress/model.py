"""The letter project as loaded and validated: plain, immutable data.

Stage 1 (:mod:`letterpress.project`) produces a :class:`Project`; every later
stage reads it and nothing writes to it.  Texts that may differ by language are
:class:`LocalizedText`; every value that came from a file keeps the
:class:`~letterpress.errors.Location` it came from, so later stages can still
point the user at the right line.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal

from .errors import Location
from .text import language_fallbacks

NOWHERE = Location()


@dataclass(frozen=True)
class LocalizedText:
    """A text given once for every language, or per BCP 47 language tag.

    ``values`` holds ``(tag, text)`` pairs; the tag ``""`` is the text for any
    language (a plain string in the input).
    """

    values: tuple[tuple[str, str], ...]
    where: Location = NOWHERE

    @classmethod
    def plain(cls, text: str, where: Location = NOWHERE) -> "LocalizedText":
        """One text for every language."""
        return cls((("", text),), where)

    def get(self, language: str) -> str | None:
        """The text for ``language``: exact tag, then its base language, then the untagged text.

        ``zh-Hans`` also falls back to ``zh``; ``en`` never falls back to ``en-GB``
        or to another language.
        """
        table = dict(self.values)
        for tag in language_fallbacks(language):
            if tag in table:
                return table[tag]
        return table.get("")

    def languages(self) -> tuple[str, ...]:
        """The language tags given a text of their own (not the untagged one), in input order."""
        return tuple(tag for tag, _ in self.values if tag)

    def texts(self) -> tuple[str, ...]:
        """Every text given, the untagged one included, in input order."""
        return tuple(text for _, text in self.values)


@dataclass(frozen=True)
class PostalAddress:
    """A postal address as the destination's post reads it.

    Either ``lines`` (ready to print, top to bottom, without the country line)
    or ``fields`` (structured: ``organization``, ``street_address``, ``city``,
    ``postal_code``, ``country_area``, ``city_area``, ``sorting_code``), which
    :mod:`letterpress.locale.address` formats by the destination's rules.
    """

    country: str  # ISO 3166-1 alpha-2, upper case
    lines: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    where: Location = NOWHERE

    def field(self, name: str) -> str | None:
        """The structured field ``name`` (``city``, ``postal_code`` ...), or None when not given."""
        return dict(self.fields).get(name)


@dataclass(frozen=True)
class Sender:
    """The organisation sending the letter: its letterhead and return address."""

    name: LocalizedText
    short: LocalizedText  # one-line name for the return-address line
    address: PostalAddress
    contact: LocalizedText | None = None  # e.g. "info@example.org · +44 20 1234 5678"
    logo: Path | None = None
    place: LocalizedText | None = None  # where the letter is written, for a date line that names it


@dataclass(frozen=True)
class Addressee:
    """The person the letter speaks to (the leader), as distinct from the mission it is delivered to."""

    name: LocalizedText
    titles: tuple[LocalizedText, ...] = ()


@dataclass(frozen=True)
class Span:
    """A piece of inline text with one emphasis; may hold ``{placeholders}``.

    A footnote reference (``[^label]``) is a span of its own, with no text and the note's label.
    """

    text: str
    emphasis: bool = False
    strong: bool = False
    where: Location = NOWHERE
    footnote: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline spans."""

    spans: tuple[Span, ...]
    where: Location = NOWHERE


@dataclass(frozen=True)
class BulletList:
    """``- ...`` items, one paragraph each."""

    items: tuple[Paragraph, ...]
    where: Location = NOWHERE


@dataclass(frozen=True)
class NumberedList:
    """``1. ...`` items; numbered from ``start`` in the copy language's style."""

    items: tuple[Paragraph, ...]
    start: int = 1
    where: Location = NOWHERE


@dataclass(frozen=True)
class Quote:
    """``> ...`` lines: a block quotation, set indented."""

    blocks: tuple["Paragraph | BulletList | NumberedList", ...]
    where: Location = NOWHERE


@dataclass(frozen=True)
class OnlyFor:
    """``::: only paris geneva`` ... ``:::`` (or ``::: except london``): text some recipients' copies keep."""

    recipients: tuple[str, ...]
    blocks: tuple["Paragraph | BulletList | NumberedList | Quote", ...]
    exclude: bool = False  # "except": every recipient but these
    where: Location = NOWHERE

    def keeps(self, recipient_id: str) -> bool:
        """Whether the copies for ``recipient_id`` include this text."""
        return (recipient_id in self.recipients) != self.exclude


Block = Paragraph | BulletList | NumberedList | Quote | OnlyFor


@dataclass(frozen=True)
class Body:
    """``body/<lang>.md``: front matter and the letter's text in one language."""

    language: str
    subject: Paragraph
    salutation: Paragraph
    closing: Paragraph
    blocks: tuple[Block, ...]
    path: Path
    signatories_heading: Paragraph | None = None
    footnotes: tuple[tuple[str, Paragraph], ...] = ()  # (label, text) of every [^label]: definition
    enclosures: tuple[Paragraph, ...] = ()  # "enclosures:" front matter, one item each
    cc: tuple[Paragraph, ...] = ()  # "cc:" front matter: who receives a copy
    template: bool = False  # still carries the mark 'letterpress new' writes: never written or translated

    def paragraphs(self) -> "Iterator[Paragraph]":
        """Every paragraph of the body, front matter and footnotes included, in reading order."""
        yield from (self.subject, self.salutation)
        yield from _paragraphs_of(self.blocks)
        yield self.closing
        if self.signatories_heading is not None:
            yield self.signatories_heading
        for _, note in self.footnotes:
            yield note
        yield from self.enclosures
        yield from self.cc


def _paragraphs_of(blocks) -> "Iterator[Paragraph]":
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, (BulletList, NumberedList)):
            yield from block.items
        else:
            yield from _paragraphs_of(block.blocks)


SignatoryKind = Literal["organisation", "person"]


@dataclass(frozen=True)
class Signatory:
    """An organisation or a person signing the letter, as the signatory roster lists it."""

    name: LocalizedText
    kind: SignatoryKind = "organisation"
    country: str | None = None  # ISO 3166-1 alpha-2
    title: LocalizedText | None = None
    signature: Path | None = None  # PNG or SVG
    fields: tuple[tuple[str, LocalizedText], ...] = ()  # the roster's other columns, kept as written
    where: Location = NOWHERE


@dataclass(frozen=True)
class Recipient:
    """A mission the letter is delivered to, and the language copies it receives."""

    id: str
    name: LocalizedText
    address: PostalAddress
    languages: tuple[str, ...]
    layout: str | None = None
    city: LocalizedText | None = None
    fonts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # per-language families to try first, for this recipient
    overrides: tuple[tuple[str, LocalizedText], ...] = ()  # subject / salutation / closing for its copies
    fields: tuple[tuple[str, LocalizedText], ...] = ()  # its other columns: {recipient.X} placeholders
    where: Location = NOWHERE
    verified: bool = True  # False: the address is not confirmed yet (the review sheet warns)

    def field(self, name: str) -> LocalizedText | None:
        """The roster's own column ``name`` (a ``{recipient.name}`` placeholder's value), or None."""
        return dict(self.fields).get(name)

    def override(self, key: str, language: str) -> str | None:
        """The recipient's own subject, salutation or closing for a copy in ``language``, if it has one."""
        text = dict(self.overrides).get(key)
        return text.get(language) if text is not None else None


@dataclass(frozen=True)
class InputFile:
    """One file the build read, by its path relative to the project, with its sha256."""

    path: str
    sha256: str


@dataclass(frozen=True)
class Project:
    """A whole letter project: ``letter.yaml``, the two rosters and the bodies, validated."""

    root: Path
    id: str
    date: _dt.date
    languages: tuple[str, ...]
    sender: Sender
    addressee: Addressee
    signatories: tuple[Signatory, ...]
    recipients: tuple[Recipient, ...]
    bodies: tuple[Body, ...]
    layout: str | None = None  # the letter-wide layout override
    fonts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # per-language family overrides
    window_language: str = "post"  # the window's words in the post's language, or "copy": the copy's
    kashida: bool = False  # justified Arabic-script lines also lengthen words with tatweel
    reference: LocalizedText | None = None
    inputs: tuple[InputFile, ...] = field(default=(), compare=False)
    fields: tuple[tuple[str, LocalizedText], ...] = ()  # letter.yaml "fields:": {letter.X} placeholders
    defaults: tuple[tuple[str, LocalizedText], ...] = ()  # "defaults:": {recipient.X} where a cell is empty
    missing_bodies: tuple[str, ...] = ()  # languages whose body is not written yet (a partial build)

    def body(self, language: str) -> Body:
        """The body written in exactly ``language``; KeyError if there is none."""
        for body in self.bodies:
            if body.language == language:
                return body
        raise KeyError(language)

    def has_body(self, language: str) -> bool:
        """Whether ``language``'s body is written: False only for a language in :attr:`missing_bodies`."""
        return language not in self.missing_bodies

    def recipient(self, recipient_id: str) -> Recipient:
        """The recipient with this id; KeyError if there is none."""
        for recipient in self.recipients:
            if recipient.id == recipient_id:
                return recipient
        raise KeyError(recipient_id)
