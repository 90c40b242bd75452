"""Mail merge, checked before anything is drawn: every placeholder names a field that exists,
and every copy has a value for every placeholder it uses.

The fields are the fixed placeholders, every column of the recipient roster
(``{recipient.ambassador}``, with ``ambassador:ko`` its Korean text) and the
letter's ``fields:`` (``{letter.campaign}``).  A recipient whose cell is empty
for a copy's language takes the letter's ``defaults:``; without one, that is an
error naming the recipient and the column, never an empty gap in a letter.
"""
from __future__ import annotations

from typing import Iterator, NamedTuple

from ..errors import InputError, Location, attempt, did_you_mean
from ..model import Body, BulletList, LocalizedText, NumberedList, OnlyFor, Paragraph, Recipient
from .placeholders import PLACEHOLDERS, check_placeholder_name, uses_in
from .rosters import ADDRESS_COLUMNS, OVERRIDE_KEYS, RECIPIENT_KEYS, misspelt_keys

#: Fixed recipient placeholders whose value can be missing for a recipient (the rest always exist).
_OPTIONAL_BUILTINS = {"recipient.city": "city"}


def known_placeholders(recipients: tuple[Recipient, ...], fields) -> dict[str, str]:
    """Every placeholder the bodies may use, with a description for messages.

    The fixed ones, ``recipient.X`` for every column a recipient has, and ``letter.X`` for every letter field.
    """
    known = dict(PLACEHOLDERS)
    for recipient in recipients:
        for name, _ in recipient.fields:
            known.setdefault(f"recipient.{name}", f"the recipients' column '{name}'")
    for name, _ in fields:
        known[f"letter.{name}"] = f"the letter's field '{name}'"
    return known


def scoped_paragraphs(body: Body) -> Iterator[tuple[Paragraph, OnlyFor | None]]:
    """Every paragraph of a body with the ``::: only`` block it is in, if any."""
    yield body.subject, None
    yield body.salutation, None
    yield body.closing, None
    if body.signatories_heading is not None:
        yield body.signatories_heading, None
    for item in (*body.enclosures, *body.cc):
        yield item, None
    # A footnote is drawn in the copies that refer to it: its scope is its first reference's.
    note_scope: dict[str, OnlyFor | None] = {}

    def walk(blocks, scope):
        for block in blocks:
            if isinstance(block, Paragraph):
                found = [block]
            elif isinstance(block, (BulletList, NumberedList)):
                found = list(block.items)
            else:
                yield from walk(block.blocks, block if isinstance(block, OnlyFor) else scope)
                continue
            for paragraph in found:
                for span in paragraph.spans:
                    if span.footnote and (span.footnote not in note_scope or scope is None):
                        note_scope[span.footnote] = scope
                yield paragraph, scope

    yield from walk(body.blocks, None)
    for label, note in body.footnotes:
        yield note, note_scope.get(label)


class Merge(NamedTuple):
    """The mail merge checked: every problem, and the bodies and recipients copies can be composed
    from (every placeholder they use names a field, and has a value for each of their copies)."""

    problems: list[InputError]
    bodies: tuple[Body, ...]
    recipients: tuple[Recipient, ...]


def check_merge(bodies, recipients: tuple[Recipient, ...], fields, defaults, *,
                every_recipient: bool = True, flawed: tuple[Body, ...] = ()) -> Merge:
    """Every problem in the mail merge of every copy, found before anything is drawn.

    Every placeholder (in the bodies and the recipients' overrides) must name a known field, every
    ``::: only`` id a recipient, and every copy that uses a field must have a value for it (or a
    default).  A roster column one letter off a key letterpress reads is refused as a typo.
    Without ``every_recipient`` (a roster entry left out for a mistake of its own, reported with
    these), what only the missing entries could make right is not reported: a ``::: only`` id, a
    ``{recipient.X}`` placeholder's name. ``flawed``: what was read right of bodies with mistakes of
    their own, checked as well but never returned as a body to compose.
    """
    known = known_placeholders(recipients, fields)
    ids = [recipient.id for recipient in recipients]
    problems: list[InputError] = []
    unmerged: set[int] = set()  # the bodies and recipients (by id()) a copy cannot be composed from

    def check_name(name: str, where: Location, whose: object) -> None:
        if name not in known:
            unmerged.add(id(whose))
        if every_recipient or not name.startswith("recipient."):
            attempt(problems, check_placeholder_name, name, where, known)

    used: set[str] = set()
    uses: list[tuple[Body, str, Location, OnlyFor | None]] = []
    for body in bodies + flawed:
        for paragraph, scope in scoped_paragraphs(body):
            for span in paragraph.spans:
                for name, where in uses_in(span.text, span.where):
                    check_name(name, where, body)
                    used.add(name)
                    uses.append((body, name, where, scope))
        for block in body.blocks:
            if isinstance(block, OnlyFor) and every_recipient:
                problems += _unknown_ids(block, ids)
    for recipient in recipients:
        for key, text in recipient.overrides:
            for value in text.texts():
                for name, where in uses_in(value, text.where):
                    check_name(name, where, recipient)
                    used.add(name)
    problems += _misspelt_columns(recipients, used)

    field_map, default_map = dict(fields), dict(defaults)
    seen: set[tuple[str, str, str]] = set()

    def missing_value(recipient: Recipient, language: str, name: str, where: Location) -> None:
        missing = _missing(name, recipient, language, field_map, default_map)
        if missing is not None and (recipient.id, language, name) not in seen:
            seen.add((recipient.id, language, name))
            unmerged.add(id(recipient))
            problems.append(_missing_error(missing, name, recipient, language, where))

    # Only the letter's fields, the mission's city and the roster's own columns can lack a value.
    # (a placeholder reported as unknown is not reported again as a value every recipient lacks)
    reported = {name for _, name, _, _ in uses
                if name not in known and (every_recipient or not name.startswith("recipient."))}
    optional = [use for use in uses if (use[1] in _OPTIONAL_BUILTINS or use[1] not in PLACEHOLDERS)
                and use[1] not in reported]
    for body, name, where, scope in optional:
        for recipient in recipients:
            if body.language in recipient.languages and (scope is None or scope.keeps(recipient.id)):
                missing_value(recipient, body.language, name, where)
    for recipient in recipients:
        for key, text in recipient.overrides:
            for language in recipient.languages:
                for name, where in uses_in(text.get(language) or "", text.where):
                    missing_value(recipient, language, name, where)
    return Merge(problems, tuple(body for body in bodies if id(body) not in unmerged),
                 tuple(recipient for recipient in recipients if id(recipient) not in unmerged))


def _unknown_ids(scope: OnlyFor, ids: list[str]) -> list[InputError]:
    problems = []
    for recipient_id in scope.recipients:
        if recipient_id not in ids:
            guess = did_you_mean(recipient_id, ids)
            problems.append(InputError(f"no recipient with id {recipient_id!r}", location=scope.where,
                                       hint=(f"did you mean {guess!r}? " if guess else "")
                                            + f"the recipients are: {', '.join(ids)}"))
    return problems


def _misspelt_columns(recipients: tuple[Recipient, ...], used: set[str]) -> list[InputError]:
    """A column no placeholder uses that is one letter off a key letterpress reads ('cty' for 'city')."""
    unused = [(name, text.where) for recipient in recipients for name, text in recipient.fields
              if f"recipient.{name}" not in used]
    return misspelt_keys(unused, RECIPIENT_KEYS + OVERRIDE_KEYS + ADDRESS_COLUMNS,
                         bool(recipients) and recipients[0].where.table)


def _missing(name: str, recipient: Recipient, language: str, fields: dict, defaults: dict) -> str | None:
    """The column a placeholder has no value for in this copy, or None."""
    if name.startswith("letter."):
        text = fields.get(name[len("letter."):])
        return None if text is None or text.get(language) is not None else name
    if name in _OPTIONAL_BUILTINS:
        column = _OPTIONAL_BUILTINS[name]
        if recipient.city is not None:
            return None  # like the mission's name: in the copy's language, else as written
        value = None
    elif name.startswith("recipient.") and name not in PLACEHOLDERS:
        column = name[len("recipient."):]
        value = recipient.field(column)
    else:
        return None
    if value is not None and value.get(language) is not None:
        return None
    default = defaults.get(column)
    if default is not None and default.get(language) is not None:
        return None
    return column


def _cell(recipient: Recipient, column: str) -> Location:
    where = recipient.where
    if where.table:
        return Location(where.file, where.line, table=True, heading=column)
    return where


def _missing_error(column: str, name: str, recipient: Recipient, language: str, used_at: Location) -> InputError:
    if name.startswith("letter."):
        return InputError(f"the letter's field {column[len('letter.'):]!r} has no {language} text, which "
                          f"{{{name}}} at {used_at} needs", location=used_at,
                          hint=f"add '{language}:' to it under fields: in letter.yaml")
    table = recipient.where.table
    return InputError(
        f"recipient {recipient.id!r} has no {column!r} for its {language} copy "
        f"({{{name}}} is used at {used_at})",
        location=_cell(recipient, column),
        hint=(f"fill in its '{column}' cell (or a '{column}:{language}' column)" if table else
              f"add '{column}:' to recipient {recipient.id!r}")
             + f", or give a default in letter.yaml: defaults: {{{column}: ...}}",
    )


def field_value(text: LocalizedText | None, default: LocalizedText | None, language: str) -> str:
    """A field's text in a copy: the recipient's, else the letter's default (checked on load)."""
    for source in (text, default):
        if source is not None:
            value = source.get(language)
            if value is not None:
                return value
    return ""
