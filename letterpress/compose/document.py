"""A composed copy: every text of one (recipient, language) letter, resolved and styled.

Compose decides *what* is said and in which language and style; typeset
decides *where* it goes (the page layout included: :func:`letterpress.typeset.page_layout`).  Nothing here knows about fonts or points.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import Location
from ..locale.names import page_label
from ..text import Align, Run
from .letterform import DEFAULT as DEFAULT_FORM, LetterForm

Role = Literal["subject", "salutation", "body", "closing", "signatories-heading", "enclosures", "cc"]


@dataclass(frozen=True)
class TextBlock:
    """A paragraph: styled runs, how to align them, and whether it is a bullet item.

    ``marker`` is a list item's number ("1.", "（一）") or an enclosures/cc label, set in the
    hanging indent before the first line; ``quote`` sets the paragraph indented on both sides;
    ``notes`` are the footnotes first referred to in this paragraph (their text must be set at
    the foot of the page its reference falls on).
    """

    runs: tuple[Run, ...]
    role: Role = "body"
    align: Align = "justify"
    bullet: bool = False
    marker: str = ""
    quote: bool = False
    notes: tuple["Footnote", ...] = ()

    @property
    def text(self) -> str:
        """The paragraph's plain text, its runs joined."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Footnote:
    """A footnote of one copy: numbered in the order the copy refers to them."""

    number: int
    mark: str  # the reference as drawn in the text (superscript digits)
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class SignatoryEntry:
    """One signatory as a copy lists it: the name and detail in the copy's language, and an optional signature image."""

    name: str
    detail: str | None  # the country in the copy's language, or the person's title
    kind: Literal["organisation", "person"]
    language: str
    signature: Path | None = None


@dataclass(frozen=True)
class Letterhead:
    """The sender's name, address lines, contact line and logo, in the copy's language."""

    name: str
    address: tuple[str, ...]
    contact: str | None
    logo: Path | None
    language: str


@dataclass(frozen=True)
class AddressBlock:
    """What shows in the envelope window, in the script the destination's post reads."""

    return_line: str
    lines: tuple[str, ...]  # postal lines that must all fit
    optional_lines: tuple[str, ...]  # the addressee's titles: shown when the field has room
    optional_after: int  # the titles go after this many of ``lines``
    language: str  # the language (and so fonts) of the address text
    where: Location | None = None  # the recipient's address in the roster, for messages
    return_forms: tuple[str, ...] = ()  # the return line, longest first: the first that fits is used
    return_where: Location | None = None  # the sender's address in letter.yaml, for messages


@dataclass(frozen=True)
class Metadata:
    """What the copy's PDF says about itself: the document information and its language."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str
    date: dt.date


@dataclass(frozen=True)
class Document:
    """One copy of the letter, ready for typesetting."""

    recipient_id: str
    language: str
    destination: str  # the recipient's country (ISO 3166): typeset sets the copy in its national layout
    requested_layout: str | None  # the layout the recipient or the letter names instead (checked when loaded)
    letterhead: Letterhead
    address: AddressBlock
    date_line: str
    reference_line: str | None
    running_header: str  # addressee and date, for continuation pages
    subject: TextBlock
    salutation: TextBlock
    body: tuple[TextBlock, ...]
    closing: TextBlock
    signatories_heading: TextBlock | None
    signatories: tuple[SignatoryEntry, ...]
    metadata: Metadata
    enclosures: tuple[TextBlock, ...] = ()  # after the signatories: the label on the first item
    cc: tuple[TextBlock, ...] = ()
    form: LetterForm = DEFAULT_FORM  # the language's letter form: paragraph indent, closing, date
    closing_lines: tuple[TextBlock, ...] = ()  # the closing as the form sets it (此致 / 敬礼！); () = closing
    after_closing: tuple[TextBlock, ...] = ()  # the sender and the date where the form ends with them
    kashida: bool = False  # justified Arabic-script body lines also lengthen words with tatweel

    def texts(self) -> tuple[tuple[str, str], ...]:
        """Every (language, text) pair the copy will draw: the font stage prepares for these."""
        pairs: list[tuple[str, str]] = []
        lang = self.language
        head = self.letterhead
        pairs += [(head.language, head.name), *((head.language, line) for line in head.address)]
        if head.contact:
            pairs.append((head.language, head.contact))
        pairs += [(self.address.language, form) for form in self.address.return_forms or (self.address.return_line,)]
        pairs += [(self.address.language, line) for line in self.address.lines + self.address.optional_lines]
        # continuation pages add "page 2 of 3" in the copy's language
        pairs += [(lang, self.date_line), (lang, self.running_header), (lang, page_label(2, 3, lang) + "0123456789")]
        if self.reference_line:
            pairs.append((lang, self.reference_line))
        blocks = (self.subject, self.salutation, *self.body, self.closing, *self.enclosures, *self.cc,
                  *self.after_closing)
        if self.signatories_heading:
            blocks += (self.signatories_heading,)
        for block in blocks:
            pairs += [(run.language, run.text) for run in block.runs]
            if block.marker:
                pairs.append((lang, block.marker))
            for note in block.notes:
                pairs += [(run.language, run.text) for run in note.runs]
                pairs.append((lang, note.mark))
        for entry in self.signatories:
            pairs.append((entry.language, entry.name))
            if entry.detail:
                pairs.append((entry.language, entry.detail))
        return tuple(pairs)
