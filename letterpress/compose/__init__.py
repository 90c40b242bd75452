"""Stage 3: compose one copy of the letter for one recipient in one language.

``compose_copy`` resolves placeholders, picks every text in the copy's
language, formats the date, the address and the signatories by locale rules,
and applies the language's typography (quotes, French spaces).  It returns a
:class:`Document`: plain data, no fonts, no geometry.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterator

from ..errors import InputError
from ..layout import direction_of
from ..layout.types import Run
from ..locale.address import format_address
from ..locale.dates import format_long_date
from ..locale.names import country_name
from ..locale.typography import apply_typography
from ..model import BulletList, LocalizedText, Paragraph, Project, Recipient
from ..paper import layout_for
from ..project.placeholders import substitute
from .document import (AddressBlock, Document, Letterhead, Metadata, SignatoryEntry, TextBlock)
from .phrases import care_of, post_language

__all__ = ["Copy", "plan_copies", "compose_copy", "Document"]


@dataclass(frozen=True)
class Copy:
    """One PDF to make: a recipient and one of its languages."""

    recipient_id: str
    language: str

    @property
    def stem(self) -> str:
        return f"{self.recipient_id}.{self.language}"


def plan_copies(project: Project, *, recipients: tuple[str, ...] = (), languages: tuple[str, ...] = ()
                ) -> tuple[Copy, ...]:
    """Every (recipient, language) copy of the project, optionally narrowed, in roster order."""
    known = {r.id for r in project.recipients}
    for wanted in recipients:
        if wanted not in known:
            raise InputError(f"no recipient with id {wanted!r}",
                             hint=f"the recipients are: {', '.join(sorted(known))}")
    copies = []
    for recipient in project.recipients:
        if recipients and recipient.id not in recipients:
            continue
        for language in recipient.languages:
            if languages and language not in languages:
                continue
            copies.append(Copy(recipient.id, language))
    return tuple(copies)


def text_in(text: LocalizedText | None, language: str) -> str:
    """The text in ``language``, else as written (the first value given)."""
    if text is None:
        return ""
    value = text.get(language)
    return value if value is not None else text.values[0][1]


def compose_copy(project: Project, copy: Copy, *, sort_signatories: bool = False) -> Document:
    """One copy; ``sort_signatories`` orders the signatories by the copy language's collation
    (otherwise they stay in roster order)."""
    recipient = project.recipient(copy.recipient_id)
    language = copy.language
    body = project.body(language)
    values = _placeholder_values(project, recipient, language)

    def typeset_text(text: str) -> str:
        return apply_typography(substitute(text, values), language)

    def block(paragraph: Paragraph, role, align="justify", bullet=False) -> TextBlock:
        runs = tuple(
            Run(typeset_text(span.text), language, _style(span.strong, span.emphasis))
            for span in paragraph.spans
        )
        return TextBlock(runs=runs, role=role, align=align, bullet=bullet)

    blocks: list[TextBlock] = []
    for item in body.blocks:
        if isinstance(item, BulletList):
            blocks += [block(entry, "body", bullet=True) for entry in item.items]
        else:
            blocks.append(block(item, "body"))

    layout = layout_for(recipient.address.country, override=recipient.layout or project.layout,
                        where=recipient.where if recipient.layout else None)
    date_line = format_long_date(project.date, language)
    addressee_name = text_in(project.addressee.name, language)
    subject = _emphasised(block(body.subject, "subject", align="start"))
    heading = block(body.signatories_heading, "signatories-heading", align="start") \
        if body.signatories_heading else None
    return Document(
        recipient_id=recipient.id,
        language=language,
        layout_name=layout.name,
        letterhead=Letterhead(
            name=apply_typography(text_in(project.sender.name, language), language),
            address=format_address(project.sender.address, sender_country=project.sender.address.country,
                                   copy_language=language),
            contact=text_in(project.sender.contact, language) or None,
            logo=project.sender.logo,
            language=language,
        ),
        address=_address_block(project, recipient),
        date_line=date_line,
        reference_line=typeset_text(text_in(project.reference, language)) if project.reference else None,
        running_header=f"{addressee_name} · {date_line}",
        subject=subject,
        salutation=block(body.salutation, "salutation", align="start"),
        body=tuple(blocks),
        closing=block(body.closing, "closing", align="start"),
        signatories_heading=heading,
        signatories=_ordered(tuple(_signatories(project, language)), language, sort_signatories),
        metadata=Metadata(
            title=subject.text,
            author=text_in(project.sender.name, language),
            subject=f"{addressee_name} — {text_in(recipient.name, language)}",
            keywords=f"{project.id} {recipient.id} {language}",
            language=language,
            date=project.date,
        ),
    )


def _emphasised(block: TextBlock) -> TextBlock:
    """The subject line is set in bold (emphasis inside it stays distinct as bold italic)."""
    runs = tuple(Run(r.text, r.language, {"regular": "bold", "italic": "bold-italic"}.get(r.style, r.style))
                 for r in block.runs)
    return TextBlock(runs, block.role, block.align, block.bullet)


def _style(strong: bool, emphasis: bool):
    if strong and emphasis:
        return "bold-italic"
    if strong:
        return "bold"
    if emphasis:
        return "italic"
    return "regular"


def _placeholder_values(project: Project, recipient: Recipient, language: str) -> dict[str, str]:
    direction = direction_of(language)
    return {name: _isolated(value, direction) for name, value in _raw_values(project, recipient, language).items()}


def _isolated(value: str, direction: str) -> str:
    """A value with a letter written in the other direction from the copy's (a Latin city in an
    Arabic letter, a Hebrew name in an English one), isolated between FSI and PDI (UAX #9): it
    then reads as one unit in its own direction and cannot reorder the words around it."""
    if not value or max(value) < "\u0590" and direction == "ltr":
        return value
    other = ("L",) if direction == "rtl" else ("R", "AL")
    if any(unicodedata.bidirectional(char) in other for char in value):
        return f"\u2068{value}\u2069"
    return value


def _raw_values(project: Project, recipient: Recipient, language: str) -> dict[str, str]:
    return {
        "recipient.name": text_in(recipient.name, language),
        "recipient.city": text_in(recipient.city, language) if recipient.city else "",
        "recipient.country": country_name(recipient.address.country, language),
        "addressee.name": text_in(project.addressee.name, language),
        "sender.name": text_in(project.sender.name, language),
        "sender.short": text_in(project.sender.short, language),
        "date": format_long_date(project.date, language),
        "letter.id": project.id,
    }


def _address_block(project: Project, recipient: Recipient) -> AddressBlock:
    """The window's text, in the language and script the destination's post reads."""
    country = recipient.address.country
    language = post_language(country)
    sender_country = project.sender.address.country
    postal = list(format_address(recipient.address, sender_country=sender_country, copy_language=language))
    name = apply_typography(text_in(project.addressee.name, language), language)
    titles = tuple(apply_typography(text_in(title, language), language) for title in project.addressee.titles)
    return_line = " · ".join(
        [text_in(project.sender.short, language)]
        + list(format_address(project.sender.address, sender_country=country, copy_language=language))
    )
    if language == "ja":
        # Japanese order: postcode and address first, then the organisation with 気付 ("care of"), name last.
        lines = postal[:]
        organisation = next((i for i in range(len(lines) - 1, -1, -1) if not lines[i].isupper()), len(lines) - 1)
        lines[organisation] = f"{lines[organisation]} {care_of(language)}"
        lines.insert(organisation + 1, f"{name} 閣下")
        return AddressBlock(return_line, tuple(lines), titles, organisation + 1, language, recipient.address.where)
    lines = [name, f"{care_of(language)} {postal[0]}", *postal[1:]]
    return AddressBlock(return_line, tuple(lines), titles, 1, language, recipient.address.where)


def _ordered(entries: tuple[SignatoryEntry, ...], language: str, sort: bool) -> tuple[SignatoryEntry, ...]:
    if not sort:
        return entries
    from ..locale.names import sort_key

    key = sort_key(language)  # Unicode collation: code-point order is wrong in every language
    return tuple(sorted(entries, key=lambda entry: key(entry.name)))


def _signatories(project: Project, language: str) -> Iterator[SignatoryEntry]:
    for signatory in project.signatories:
        if signatory.kind == "person":
            detail = text_in(signatory.title, language) or None
        else:
            detail = country_name(signatory.country, language) if signatory.country else None
        yield SignatoryEntry(
            name=apply_typography(text_in(signatory.name, language), language),
            detail=detail,
            kind=signatory.kind,
            language=language,
            signature=signatory.signature,
        )

