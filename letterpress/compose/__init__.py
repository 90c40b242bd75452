"""Stage 3: compose one copy of the letter for one recipient in one language.

``compose_copy`` resolves placeholders, picks every text in the copy's
language, formats the date, the address and the signatories by locale rules,
and applies the language's typography (quotes, French spaces).  It returns a
:class:`Document`: plain data, no fonts, no geometry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterator, TypeVar

from ..errors import InputError
from ..cache.context import CacheContext
from ..locale.address import format_address
from ..locale.dates import format_long_date
from ..locale.names import country_name
from ..locale.typography import apply_typography
from ..model import BulletList, LocalizedText, NumberedList, OnlyFor, Paragraph, Project, Quote, Recipient
from ..project.langtags import canonical_tag, suggest_language
from ..project.markdown import parse_inline
from ..project.merge import field_value
from ..project.placeholders import placeholders_in, substitute
from ..text import Direction, Run, direction_of, has_letters_written, style_of
from .document import (AddressBlock, Document, Footnote, Letterhead, Metadata, SignatoryEntry, TextBlock)
from .letterform import LetterForm, letter_form, split_closing
from .phrases import care_of, cc_label, enclosures_label, list_number, post_language, superscript

T = TypeVar("T")

__all__ = ["Copy", "plan_copies", "skipped_copies", "compose_copy", "Document"]


@dataclass(frozen=True)
class Copy:
    """One PDF to make: a recipient and one of its languages."""

    recipient_id: str
    language: str

    @property
    def stem(self) -> str:
        """The copy's file name without ``.pdf``: ``<recipient>.<language>``."""
        return f"{self.recipient_id}.{self.language}"


def plan_copies(project: Project, *, recipients: tuple[str, ...] = (), languages: tuple[str, ...] = ()
                ) -> tuple[Copy, ...]:
    """Every (recipient, language) copy of the project, optionally narrowed, in roster order.

    A language whose body is not written yet (a partial build, see ``load_project``) has no copies."""
    known = {r.id for r in project.recipients}
    for wanted in recipients:
        if wanted not in known:
            raise InputError(f"no recipient with id {wanted!r}",
                             hint=f"the recipients are: {', '.join(sorted(known))}")
    for wanted in languages:
        if wanted not in project.languages:
            # the spelling the roster would have read it as, else the tag a roster's mistake is told of
            canonical = canonical_tag(wanted)
            guess = canonical if canonical in project.languages else suggest_language(wanted, project.languages)
            raise InputError(f"the letter has no {wanted} text",
                             hint=(f"did you mean {guess}? " if guess else "")
                                  + f"its languages are {', '.join(project.languages)}")
    copies = []
    for recipient in project.recipients:
        if recipients and recipient.id not in recipients:
            continue
        for language in recipient.languages:
            if languages and language not in languages or not project.has_body(language):
                continue
            copies.append(Copy(recipient.id, language))
    return tuple(copies)


def skipped_copies(project: Project, built: tuple[Copy, ...], *, recipients: tuple[str, ...] = ()
                   ) -> tuple[tuple[Copy, str], ...]:
    """The copies a narrowed build leaves out, each with why: its body is missing, or its
    language was not asked for (``--recipient`` narrows what is considered at all)."""
    made = set(built)
    skipped = []
    for recipient in project.recipients:
        if recipients and recipient.id not in recipients:
            continue
        for language in recipient.languages:
            copy = Copy(recipient.id, language)
            if copy in made:
                continue
            reason = f"body/{language}.md is missing" if not project.has_body(language) else \
                "not asked for: --language"
            skipped.append((copy, reason))
    return tuple(skipped)


def text_in(text: LocalizedText | None, language: str) -> str:
    """The text in ``language``, else as written (the first value given)."""
    if text is None:
        return ""
    value = text.get(language)
    return value if value is not None else text.values[0][1]


def compose_copy(project: Project, copy: Copy, *, sort_signatories: bool = False,
                 cache: CacheContext | None = None, shared: dict | None = None) -> Document:
    """One copy; ``sort_signatories`` orders the signatories by the copy language's collation
    (otherwise they stay in roster order). ``cache``: the build's caches, where the CLDR values a
    copy names (countries, its date) are kept (None: the environment's).

    ``shared``: a dict kept by a caller that composes several copies of ``project`` with the same
    ``cache`` (the survey composes every copy): what a copy shares with the earlier copies of its
    language (the signatories, the letterhead, and the body's blocks when its placeholders and
    ``::: only`` blocks read the same for both recipients), and a recipient's address block with its
    other copies (unless the window's words are in each copy's language), is then made once and reused."""
    recipient = project.recipient(copy.recipient_id)
    language = copy.language
    body = project.body(language)
    values = _placeholder_values(project, recipient, language, cache)
    shared = {} if shared is None else shared

    rtl = direction_of(language) == "rtl"

    def typeset_text(text: str) -> str:
        text = apply_typography(substitute(text, values), language)
        return _numbers_left_to_right(text) if rtl else text

    notes = _Notes(body, language, typeset_text)

    def runs_of(paragraph: Paragraph) -> tuple[Run, ...]:
        return tuple(notes.reference(span) if span.footnote else
                     Run(typeset_text(span.text), language, style_of(span.strong, span.emphasis))
                     for span in paragraph.spans)

    def block(paragraph: Paragraph, role, align="justify", bullet=False, **more) -> TextBlock:
        runs = runs_of(paragraph)
        return TextBlock(runs=runs, role=role, align=align, bullet=bullet, notes=notes.take(), **more)

    def front(key: str) -> Paragraph:
        """The recipient's own subject, salutation or closing for this copy, else the body's."""
        override = recipient.override(key, language)
        if override is None:
            return getattr(body, key)
        return parse_inline(override, dict(recipient.overrides)[key].where)

    # The body's blocks depend on the recipient through the values of its placeholders and the
    # ::: only blocks it keeps, and on nothing else of it (the footnotes are numbered in the blocks).
    names = _made_once(shared, ("placeholders", language), lambda: _body_placeholders(body))
    kept = tuple(item.keeps(recipient.id) for item in _only_blocks(body.blocks))

    def body_blocks() -> tuple[tuple, dict]:
        blocks = tuple(_body_blocks(body.blocks, recipient.id, language, block, quote=False))
        return blocks, dict(notes.numbers)

    blocks, numbers = _made_once(shared, ("body", language, tuple(values[name] for name in names), kept), body_blocks)
    notes.numbers = dict(numbers)
    enclosures = _labelled(body.enclosures, enclosures_label(language, len(body.enclosures)), "enclosures", block)
    cc = _labelled(body.cc, cc_label(language), "cc", block)

    date = format_long_date(project.date, language, cache=cache)
    form = letter_form(language)
    place = text_in(project.sender.place, language) if project.sender.place else ""
    # the language's own date line where the letter names its place ("Genève, le 8 décembre 2011")
    date_line = form.dated_at.format(place=place, date=date) if place and form.dated_at else date
    addressee_name = text_in(project.addressee.name, language)
    subject = _emphasised(block(front("subject"), "subject", align="start"))
    heading = block(body.signatories_heading, "signatories-heading", align="start") \
        if body.signatories_heading else None
    closing = block(front("closing"), "closing", align="start")
    sender_name = apply_typography(text_in(project.sender.name, language), language)
    ends = {"sender": sender_name, "date": date_line}
    after_closing = tuple(TextBlock((Run(ends[part], language),), "closing", align="end") for part in form.end)
    letterhead = _made_once(shared, ("letterhead", language), lambda: Letterhead(
        name=apply_typography(text_in(project.sender.name, language), language),
        address=format_address(project.sender.address, sender_country=project.sender.address.country,
                               copy_language=language, cache=cache),
        contact=text_in(project.sender.contact, language) or None,
        logo=project.sender.logo,
        language=language,
    ))
    # the window's words are in the post's language (the same in every copy of a recipient), or the copy's
    address = _made_once(shared, ("address", recipient.id, language if project.window_language == "copy" else "post"),
                         lambda: _address_block(project, recipient, language, cache))
    signatories = _made_once(shared, ("signatories", language, sort_signatories), lambda: _ordered(
        tuple(_signatories(project, language, cache)), language, sort_signatories))
    return Document(
        recipient_id=recipient.id,
        language=language,
        destination=recipient.address.country,
        requested_layout=recipient.layout or project.layout,
        letterhead=letterhead,
        address=address,
        date_line=date_line,
        reference_line=typeset_text(text_in(project.reference, language)) if project.reference else None,
        running_header=f"{addressee_name} · {date}",
        subject=subject,
        salutation=block(front("salutation"), "salutation", align="start"),
        body=blocks,
        closing=closing,
        signatories_heading=heading,
        signatories=signatories,
        metadata=Metadata(
            title=subject.text,
            author=text_in(project.sender.name, language),
            subject=f"{addressee_name} — {text_in(recipient.name, language)}",
            keywords=f"{project.id} {recipient.id} {language}",
            language=language,
            date=project.date,
        ),
        enclosures=enclosures,
        form=form,
        closing_lines=_closing_lines(closing, form),
        after_closing=after_closing,
        kashida=project.kashida,
        cc=cc,
    )


class _Notes:
    """A copy's footnotes, numbered in the order the copy refers to them (text left out of
    the copy by a ``::: only`` block takes its notes with it)."""

    def __init__(self, body, language: str, typeset_text):
        self.texts = dict(body.footnotes)
        self.language = language
        self.typeset_text = typeset_text
        self.numbers: dict[str, Footnote] = {}
        self.pending: list[Footnote] = []

    def reference(self, span) -> Run:
        note = self.numbers.get(span.footnote)
        if note is None:
            number = len(self.numbers) + 1
            runs = tuple(Run(self.typeset_text(part.text), self.language, style_of(part.strong, part.emphasis))
                         for part in self.texts[span.footnote].spans)
            note = Footnote(number, superscript(number), runs)
            self.numbers[span.footnote] = note
            self.pending.append(note)
        return Run(note.mark, self.language, style_of(span.strong, span.emphasis))

    def take(self) -> tuple[Footnote, ...]:
        taken, self.pending = tuple(self.pending), []
        return taken


def _body_blocks(blocks, recipient_id: str, language: str, block, quote: bool) -> Iterator[TextBlock]:
    for item in blocks:
        if isinstance(item, OnlyFor):
            if item.keeps(recipient_id):
                yield from _body_blocks(item.blocks, recipient_id, language, block, quote)
        elif isinstance(item, Quote):
            yield from _body_blocks(item.blocks, recipient_id, language, block, quote=True)
        elif isinstance(item, BulletList):
            yield from (block(entry, "body", bullet=True, quote=quote) for entry in item.items)
        elif isinstance(item, NumberedList):
            for number, entry in enumerate(item.items, start=item.start):
                yield block(entry, "body", marker=list_number(number, language), quote=quote)
        else:
            yield block(item, "body", quote=quote)


def _made_once(shared: dict, key: tuple, make: Callable[[], T]) -> T:
    """``shared[key]``, made by ``make`` the first time it is asked for."""
    found = shared.get(key)
    if found is None:
        found = shared[key] = make()
    return found


def _only_blocks(blocks) -> Iterator[OnlyFor]:
    """Every ``::: only`` / ``::: except`` block of ``blocks``, in order."""
    for item in blocks:
        if isinstance(item, OnlyFor):
            yield item
            yield from _only_blocks(item.blocks)
        elif isinstance(item, Quote):
            yield from _only_blocks(item.blocks)


def _body_placeholders(body) -> tuple[str, ...]:
    """The placeholders the body's blocks and footnotes use, each once."""
    paragraphs = list(_paragraphs_of_blocks(body.blocks)) + [note for _, note in body.footnotes]
    return tuple(dict.fromkeys(name for paragraph in paragraphs for span in paragraph.spans
                               for _, name in placeholders_in(span.text) if name not in ("{", "}")))


def _paragraphs_of_blocks(blocks) -> Iterator[Paragraph]:
    for item in blocks:
        if isinstance(item, (OnlyFor, Quote)):
            yield from _paragraphs_of_blocks(item.blocks)
        elif isinstance(item, (BulletList, NumberedList)):
            yield from item.items
        else:
            yield item


def _labelled(items, label: str, role, block) -> tuple[TextBlock, ...]:
    """Enclosures and cc: one line each, the label before the first (as KOMA-Script's \\encl and \\cc)."""
    return tuple(block(item, role, align="start", marker=label if index == 0 else "")
                 for index, item in enumerate(items))


def _closing_lines(closing: TextBlock, form: LetterForm) -> tuple[TextBlock, ...]:
    """The closing cut into the lines the language's form sets apart, aligned as it asks."""
    parts = split_closing(closing.text, form)
    lines, runs, start = [], list(closing.runs), 0
    for part in parts:
        offset = closing.text.index(part, start)
        align = "end" if form.closing_align == "right" else "start"  # the forms are of left-to-right scripts
        lines.append(TextBlock(_cut(runs, offset, offset + len(part)), "closing", align=align,
                               notes=() if lines else closing.notes))
        start = offset + len(part)
    return tuple(lines)


def _cut(runs: list[Run], start: int, end: int) -> tuple[Run, ...]:
    """The runs' text from ``start`` to ``end`` (offsets in their joined text), styles kept."""
    out, position = [], 0
    for run in runs:
        low, high = max(start, position), min(end, position + len(run.text))
        if low < high:
            out.append(Run(run.text[low - position:high - position], run.language, run.style))
        position += len(run.text)
    return tuple(out)


def _emphasised(block: TextBlock) -> TextBlock:
    """The subject line is set in bold (emphasis inside it stays distinct as bold italic)."""
    runs = tuple(Run(r.text, r.language, {"regular": "bold", "italic": "bold-italic"}.get(r.style, r.style))
                 for r in block.runs)
    return replace(block, runs=runs)


def _placeholder_values(project: Project, recipient: Recipient, language: str,
                        cache: CacheContext | None) -> dict[str, str]:
    direction = direction_of(language)
    return {name: _isolated(value, direction)
            for name, value in _raw_values(project, recipient, language, cache).items()}


_OTHER_WAY: dict[Direction, Direction] = {"ltr": "rtl", "rtl": "ltr"}


def _isolated(value: str, direction: Direction) -> str:
    """A value with a letter written in the other direction from the copy's (a Latin city in an
    Arabic letter, a Hebrew name in an English one), isolated between FSI and PDI (UAX #9): it
    then reads as one unit in its own direction and cannot reorder the words around it."""
    return f"\u2068{value}\u2069" if has_letters_written(value, _OTHER_WAY[direction]) else value


# A number written in groups ("+41 22 917 1234", "1 000 000"): the spaces between its groups are
# neutral, and in a right-to-left paragraph UAX #9 would set the groups right to left
# ("1234 917 22 41+"). Isolated left to right (LRI…PDI), it reads as written.
_GROUPED_NUMBER = re.compile(r"(?<![\w\u2066])\+?\(?\d(?:[\d\-./]*\d)?\)?(?:[ \u00a0\u202f]\(?\d(?:[\d\-./]*\d)?\)?)+")


def _numbers_left_to_right(text: str) -> str:
    if not any(char.isdigit() for char in text):
        return text
    return _GROUPED_NUMBER.sub(lambda match: f"\u2066{match.group()}\u2069", text)


def _raw_values(project: Project, recipient: Recipient, language: str,
                cache: CacheContext | None) -> dict[str, str]:
    """Every placeholder's text in this copy (all of them checked on load: none is missing)."""
    defaults = dict(project.defaults)
    values = {f"recipient.{name}": field_value(None, text, language) for name, text in project.defaults}
    values.update((f"recipient.{name}", field_value(text, defaults.get(name), language))
                  for name, text in recipient.fields)
    values.update((f"letter.{name}", field_value(text, None, language)) for name, text in project.fields)
    return values | {
        "recipient.name": text_in(recipient.name, language),
        "recipient.city": text_in(recipient.city, language) if recipient.city else field_value(
            None, defaults.get("city"), language),
        "recipient.id": recipient.id,
        "recipient.country": country_name(recipient.address.country, language, cache),
        "addressee.name": text_in(project.addressee.name, language),
        "sender.name": text_in(project.sender.name, language),
        "sender.short": text_in(project.sender.short, language),
        "date": format_long_date(project.date, language, cache=cache),
        "letter.id": project.id,
    }


def _address_block(project: Project, recipient: Recipient, copy_language: str,
                   cache: CacheContext | None) -> AddressBlock:
    """The window's text.  The address lines are as the destination's post reads them; the words
    letterpress adds (the addressee's name and titles, "care of", the country line) are all in one
    language: the post's (the language of the script the address is written in), or the copy's where
    the letter asks for it (``window_language: copy``)."""
    country = recipient.address.country
    sender_country = project.sender.address.country
    postal_language = post_language(country, format_address(recipient.address, sender_country=sender_country,
                                                            copy_language="en", cache=cache))
    language = copy_language if project.window_language == "copy" else postal_language
    postal = [apply_typography(line, language) for line in
              format_address(recipient.address, sender_country=sender_country, copy_language=copy_language,
                             country_language=language, cache=cache)]
    name = apply_typography(text_in(project.addressee.name, language), language)
    # A title not written in the window's language stays out rather than mix languages (titles are optional).
    titles = tuple(apply_typography(title.get(language), language) for title in project.addressee.titles
                   if title.get(language) is not None)
    return_forms = _return_forms(project, country, language, cache)
    if postal_language == "ja":
        # Japanese order: postcode and address first, then the organisation with 気付 ("care of"), name last.
        lines = postal[:]
        organisation = next((i for i in range(len(lines) - 1, -1, -1) if not lines[i].isupper()), len(lines) - 1)
        lines[organisation] = f"{lines[organisation]} {care_of(language)}"
        lines.insert(organisation + 1, f"{name} {'閣下' if language == 'ja' else ''}".rstrip())
        return AddressBlock(return_forms[0], tuple(lines), titles, organisation + 1, language,
                            recipient.address.where, return_forms, project.sender.address.where)
    lines = [name, f"{care_of(language)} {postal[0]}", *postal[1:]]
    return AddressBlock(return_forms[0], tuple(lines), titles, 1, language, recipient.address.where, return_forms,
                        project.sender.address.where)


def _return_forms(project: Project, country: str, language: str, cache: CacheContext | None) -> tuple[str, ...]:
    """The return line, longest form first: the short name and the whole address, then the short name
    with the town and country only, then with the country only.  The short name is left out where the
    first address line already starts with it ("ICNK · ICNK Secretariat · ...")."""
    short = text_in(project.sender.short, language)
    address = list(format_address(project.sender.address, sender_country=country, copy_language=language,
                                  country_language=language, cache=cache))
    head = [] if address and short and address[0].split()[:len(short.split())] == short.split() else [short]
    forms = [head + address]
    if len(address) > 2:
        forms.append([short] + address[-2:])
    if len(address) > 1:
        forms.append([short] + address[-1:])
    return tuple(dict.fromkeys(" · ".join(part for part in form if part) for form in forms))


def _ordered(entries: tuple[SignatoryEntry, ...], language: str, sort: bool) -> tuple[SignatoryEntry, ...]:
    if not sort:
        return entries
    from ..locale.names import sort_key

    key = sort_key(language)  # Unicode collation: code-point order is wrong in every language
    return tuple(sorted(entries, key=lambda entry: key(entry.name)))


def _signatories(project: Project, language: str, cache: CacheContext | None) -> Iterator[SignatoryEntry]:
    for signatory in project.signatories:
        if signatory.kind == "person":
            detail = text_in(signatory.title, language) or None
        else:
            detail = country_name(signatory.country, language, cache) if signatory.country else None
        yield SignatoryEntry(
            name=apply_typography(text_in(signatory.name, language), language),
            detail=detail,
            kind=signatory.kind,
            language=language,
            signature=signatory.signature,
        )

