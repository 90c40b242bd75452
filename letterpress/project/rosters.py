"""Signatory and recipient rosters, from YAML lists or CSV spreadsheets.

Coordinators keep rosters in spreadsheets, so CSV is first-class: a header row,
one row per entry.  Per-language values are columns named ``name:ko``; address
lines are ``address.lines`` separated by `` | ``; languages are separated by
spaces or commas.  Every row becomes the same located mapping a YAML entry
would, so both formats are validated by one code path.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, NamedTuple

from ..cache.context import CacheContext
from ..errors import InputError, Location, attempt, collect
from ..model import LocalizedText, Recipient, Signatory
from .fields import (ADDRESS_FIELDS, country_code, font_overrides, from_table, languages, layout_name, localized,
                     need_list, need_map, optional, postal_address, required, string)
from .images import image_file
from .langtags import suggest_language
from .placeholders import check_placeholder_syntax
from .tables import TABLE_SUFFIXES, Table, read_table, split_sheet
from .yamlfile import YamlList, YamlMap, load_yaml

SIGNATORY_KEYS = ("name", "kind", "country", "title", "signature")
RECIPIENT_KEYS = ("id", "name", "city", "address", "languages", "layout", "fonts", "verified", "note")
#: What a recipient may say in place of the body's front matter, for its own copies.
OVERRIDE_KEYS = ("subject", "salutation", "closing")
#: Spreadsheet columns that go to the postal address. Not 'city': that is the mission's city
#: ({recipient.city}); the postal city is 'address.city' (a plain 'city' serves as both).
TABLE_ADDRESS_COLUMNS = ("country",) + tuple(field for field in ADDRESS_FIELDS if field != "city")
# a spreadsheet's address columns, as a misspelling of one is told from a column of the coordinator's own
ADDRESS_COLUMNS = tuple(f"address.{field}" for field in ("lines",) + ADDRESS_FIELDS)
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def read_roster(path: Path, what: str, cache: CacheContext | None = None) -> YamlList:
    """The entries of a roster file as located mappings, whatever its format (a YAML roster's
    parse is kept in ``cache``)."""
    suffix = split_sheet(path)[0].suffix.lower()
    if suffix in (".yaml", ".yml"):
        entries = load_yaml(path, cache=cache)
        return need_list(entries, Location(path, 1, 1), f"the {what} roster")
    if suffix in TABLE_SUFFIXES:
        return _read_table(path, what)
    raise InputError(f"the {what} roster must be a .yaml, .csv, .xlsx or .ods file", location=Location(path),
                     hint="save the spreadsheet as .xlsx or CSV, or write the roster in YAML")


class ReadRosters(NamedTuple):
    """What a project's two rosters gave: their valid entries, and every mistake found in them."""

    signatories: tuple[Signatory, ...]
    recipients: tuple[Recipient, ...]
    problems: list[InputError]
    every_recipient: bool  # the recipient roster was read whole, with no entry left out


def read_rosters(signatories: Callable[[], tuple[tuple[Signatory, ...], list[InputError]]],
                 recipients: Callable[[], tuple[tuple[Recipient, ...], list[InputError]]]) -> ReadRosters:
    """Both rosters, each read even when the other (or the file itself) has a mistake."""
    problems: list[InputError] = []  # a roster that cannot be read at all
    found_signatories, signatory_problems = attempt(problems, signatories) or ((), [])
    read = attempt(problems, recipients)
    found_recipients, recipient_problems = read or ((), [])
    return ReadRosters(found_signatories, found_recipients, problems + signatory_problems + recipient_problems,
                       every_recipient=read is not None and not recipient_problems)


def load_signatories(path: Path, cache: CacheContext | None = None
                     ) -> tuple[tuple[Signatory, ...], list[InputError]]:
    """The signatory roster at ``path`` (YAML or a spreadsheet): see :func:`read_signatories` (a YAML
    roster's parse kept in ``cache``). A roster that cannot be read at all raises."""
    return read_signatories(read_roster(path, "signatory", cache), path.parent)


def read_signatories(entries: YamlList, base: Path) -> tuple[tuple[Signatory, ...], list[InputError]]:
    """The valid signatories of a roster's located entries, and a problem for each mistake in the others:
    every entry is read, so one run reports every row's mistakes. Signature images are relative to ``base``."""
    if not entries:
        return (), list(entries.problems) or [InputError("the signatory roster is empty", location=entries.where,
                                                           hint="add at least one signatory")]
    problems = list(entries.problems) + misspelt_keys(
        [(key, entry.key_where[key]) for entry in entries if isinstance(entry, YamlMap)
         for key, value in entry.items() if value is not None], SIGNATORY_KEYS, from_table(entries[0]))
    found = [attempt(problems, _signatory, entry, entries.item_where[i], base) for i, entry in enumerate(entries)]
    return tuple(signatory for signatory, entry in zip(found, entries)
                 if signatory is not None and not getattr(entry, "refused", False)), problems


def load_recipients(path: Path, letter_languages: tuple[str, ...], cache: CacheContext | None = None
                    ) -> tuple[tuple[Recipient, ...], list[InputError]]:
    """The recipient roster at ``path`` (YAML or a spreadsheet): see :func:`read_recipients` (a YAML
    roster's parse kept in ``cache``). A roster that cannot be read at all raises."""
    return read_recipients(read_roster(path, "recipient", cache), letter_languages)


def read_recipients(entries: YamlList, letter_languages: tuple[str, ...]
                    ) -> tuple[tuple[Recipient, ...], list[InputError]]:
    """The valid recipients of a roster's located entries, and a problem for each mistake in the others:
    every entry is read, so one run reports every row's mistakes.

    Ids must be distinct, and every recipient's languages must be among ``letter_languages``.
    """
    if not entries:
        return (), list(entries.problems) or [InputError("the recipient roster is empty", location=entries.where,
                                                           hint="add at least one recipient")]
    recipients: list[Recipient] = []
    problems: list[InputError] = list(entries.problems)
    seen: dict[str, Location] = {}
    for i, entry in enumerate(entries):
        recipient = attempt(problems, _recipient, entry, entries.item_where[i], letter_languages)
        if recipient is None or getattr(entry, "refused", False):
            continue
        if recipient.id in seen:
            problems.append(InputError(f"the recipient id {recipient.id!r} is used twice (first at "
                                       f"{seen[recipient.id]})", location=recipient.where,
                                       hint="give every recipient its own id"))
            continue
        seen[recipient.id] = recipient.where
        recipients.append(recipient)
    return tuple(recipients), problems


def _signatory(entry: Any, where: Location, base: Path) -> Signatory:
    mapping = need_map(entry, where, "a signatory")
    problems: list[InputError] = []  # every field's mistake, not just the first
    name = attempt(problems, lambda: localized(required(mapping, "name", "a signatory"), mapping.location("name"),
                                               "the signatory's name"))
    kind = attempt(problems, _kind, mapping)
    country = attempt(problems, optional, mapping, "country", country_code, "the signatory's country")
    title = attempt(problems, optional, mapping, "title", localized, "the signatory's title")
    signature = attempt(problems, optional, mapping, "signature",
                        lambda value, where: image_file(base, value, where, "the signature image", "the roster file"))
    fields = attempt(problems, extra_fields, mapping, SIGNATORY_KEYS, "the signatory's")
    collect(problems)
    return Signatory(name=name, kind=kind, country=country, title=title, signature=signature, fields=fields,
                     where=where)


def _kind(mapping: YamlMap) -> str:
    written = mapping.get("kind") or "organisation"
    kind = str(written).strip().lower()  # 'Person' as a spreadsheet capitalizes it
    if kind in ("organization", "org"):
        kind = "organisation"
    if kind not in ("organisation", "person"):
        raise InputError(f"kind must be 'organisation' or 'person', not {written!r}", location=mapping.location("kind"),
                         hint="write organisation (the default: leave it empty) or person")
    return kind


def extra_fields(mapping: YamlMap, known: tuple[str, ...], whose: str) -> tuple[tuple[str, LocalizedText], ...]:
    """Every key (spreadsheet column) letterpress does not read itself, as text: a coordinator's own
    columns, kept for ``{recipient.X}`` placeholders (those a placeholder can name: letters, digits,
    '_' and '-'; others are the coordinator's notes).  Text only: a list or a number stays as written."""
    fields = []
    misspelt: list[InputError] = []
    for key, value in mapping.items():
        if key in known or value is None:
            continue
        if not _FIELD_NAME.match(key):
            # a coordinator's own column ('Contact person'): no placeholder can name it, so none uses it;
            # unless it is one letter off a column letterpress reads ('adress.lines')
            misspelt += misspelt_keys([(key, mapping.key_where[key])], known + ADDRESS_COLUMNS, from_table(mapping))
            continue
        fields.append((key, localized(value, mapping.location(key), f"{whose} '{key}'")))
    collect(misspelt)
    return tuple(fields)


def misspelt_keys(keys: list[tuple[str, Location]], known: tuple[str, ...], table: bool) -> list[InputError]:
    """A key one letter off a known one ('titel', 'cty') is refused as a misspelling, rather than
    kept as a field of its own while what it meant is silently missing: one problem per key (a
    spreadsheet's column, not each of its cells), at its first ``(key, where)``."""
    import difflib

    problems, seen = [], set()
    for key, where in keys:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8) if key not in known else None
        if close and key not in seen:
            seen.add(key)
            problems.append(InputError(f"unknown {'column' if table else 'key'} {key!r}; did you mean {close[0]!r}?",
                                       location=where,
                                       hint=f"rename it '{close[0]}' (other columns are kept as they are, but this "
                                            f"one looks like a misspelling)"))
    return problems


def _recipient(entry: Any, where: Location, letter_languages: tuple[str, ...]) -> Recipient:
    mapping = need_map(entry, where, "a recipient")
    problems: list[InputError] = []  # every field's mistake, not just the first
    raw_id = attempt(problems, _recipient_id, mapping)
    name = attempt(problems, lambda: localized(required(mapping, "name", "a recipient"), mapping.location("name"),
                                               "the recipient's name"))
    city = attempt(problems, lambda: localized(mapping["city"], mapping.location("city"), "the recipient's city")
                   if mapping.get("city") else None)
    address = attempt(problems, lambda: postal_address(required(mapping, "address", "a recipient"),
                                                       mapping.location("address"), "the recipient's address"))
    copies = attempt(problems, _copies, mapping, raw_id or mapping.get("id"), letter_languages)
    layout = attempt(problems, optional, mapping, "layout", layout_name, "the recipient's layout")
    fonts = attempt(problems, optional, mapping, "fonts", font_overrides) or ()
    verified = attempt(problems, optional, mapping, "verified", _yes_no, "verified")
    overrides = attempt(problems, _overrides, mapping)
    fields = attempt(problems, extra_fields, mapping, RECIPIENT_KEYS + OVERRIDE_KEYS, "the recipient's")
    collect(problems)
    return Recipient(id=raw_id, name=name, address=address, languages=copies, layout=layout, city=city,
                     fonts=fonts, overrides=overrides, fields=fields, where=where, verified=verified is not False)


def _recipient_id(mapping: YamlMap) -> str:
    raw_id = string(required(mapping, "id", "a recipient"), mapping.location("id"), "the recipient id")
    if not _SAFE_ID.match(raw_id):
        raise InputError(
            f"the recipient id {raw_id!r} is not a safe file name",
            location=mapping.location("id"),
            hint="use lower-case letters, digits, '-' and '_' only (no '/', '..', spaces or absolute paths); "
                 "it names the output files",
        )
    return raw_id


def _copies(mapping: YamlMap, raw_id: Any, letter_languages: tuple[str, ...]) -> tuple[str, ...]:
    copies = languages(required(mapping, "languages", "a recipient"), mapping.location("languages"),
                       "the recipient's languages", tuple(letter_languages))
    problems = []
    for language in copies:
        if language not in letter_languages:
            guess = suggest_language(language, tuple(letter_languages))
            problems.append(InputError(
                f"recipient {raw_id!r} asks for a copy in {language}, which the letter does not have",
                location=mapping.location("languages"),
                hint=(f"did you mean {guess}? " if guess else "")
                     + f"the letter's languages are {', '.join(letter_languages)}: add {language} to "
                       f"letter.yaml and write body/{language}.md, or remove it here",
            ))
    collect(problems)
    return copies


def _overrides(mapping: YamlMap) -> tuple[tuple[str, LocalizedText], ...]:
    overrides = tuple((key, localized(mapping[key], mapping.location(key), f"the recipient's {key}"))
                      for key in OVERRIDE_KEYS if mapping.get(key) is not None)
    for key, text in overrides:
        for value in text.texts():
            check_placeholder_syntax(value, text.where)
    return overrides


def _yes_no(value: Any, where: Location, what: str) -> bool:
    # CSV cells are text: read them as YAML reads a plain scalar
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    if not isinstance(value, bool):
        raise InputError(f"{what} must be true or false, not {value!r}", location=where,
                         hint=f"write '{what}: true' or '{what}: false'")
    return value


def _read_table(path: Path, what: str) -> YamlList:
    """A spreadsheet's rows as the located mappings the YAML form would give."""
    file, sheet = split_sheet(path)
    table = read_table(file, sheet)
    for required_column in (("name",) if what == "signatory" else ("id", "name", "languages", "country")):
        if required_column in table.headings or any(h.startswith(required_column + ":") for h in table.headings):
            continue
        hint = f"the first row names the columns; add a '{required_column}' column"
        if len(table.headings) == 1 and any(sep in table.headings[0] for sep in ";,\t|"):
            hint += "; the header row reads as one column: is the file separated by something other " \
                    "than ',', ';' or tab?"
        raise InputError(f"the {what} roster has no '{required_column}' column (its columns: "
                         f"{', '.join(table.headings)})", location=Location(table.name, 1, table=True),
                         hint=hint)
    entries = YamlList()
    entries.where, entries.item_where = Location(table.name, 1, table=True), []
    entries.problems = table.problems
    for number, cells in table.rows:
        entry = _table_entry(table, number, cells, what)
        entry.refused = number in table.refused
        entries.append(entry)
        entries.item_where.append(table.at(number))
    return entries


def _table_entry(table: Table, number: int, cells: tuple[str, ...], what: str) -> YamlMap:
    """One row as a located mapping; every value is the cell's text, never converted or evaluated."""
    row_where = table.at(number)

    def new_map() -> YamlMap:
        mapping = YamlMap()
        mapping.where, mapping.key_where, mapping.value_where = row_where, {}, {}
        mapping.from_table = True
        return mapping

    def put(mapping: YamlMap, key: str, value: Any, at: Location) -> None:
        mapping[key] = value
        mapping.key_where[key] = at
        mapping.value_where[key] = at

    entry = new_map()
    address = new_map()
    for heading, cell in zip(table.headings, cells):
        at = table.at(number, heading)
        value = cell.strip()
        if not value:
            continue
        if what == "recipient" and (heading.startswith("address.") or heading in TABLE_ADDRESS_COLUMNS):
            field = heading.split(".", 1)[-1]
            if field == "lines":
                # lines separated by ' | ', or by line breaks within the cell (Alt+Enter in Excel)
                lines = YamlList(part.strip() for part in re.split(r"[|\n]", value) if part.strip())
                lines.where, lines.item_where = at, [at] * len(lines)
                put(address, "lines", lines, at)
            elif field not in ADDRESS_FIELDS + ("country",):
                raise InputError(f"the column '{heading}' is not an address field", location=at,
                                 hint="the address columns are country and address.lines, or "
                                      + ", ".join(f"address.{name}" for name in ADDRESS_FIELDS)
                                      + "; a column of your own needs a name without 'address.'")
            else:
                put(address, field, value, at)
        elif ":" in heading:  # name:ko -> a per-language value
            key, language = (part.strip() for part in heading.split(":", 1))
            existing = entry.get(key)
            if not isinstance(existing, YamlMap):
                localized_map = new_map()
                localized_map.where = at
                if isinstance(existing, str):
                    put(localized_map, "*", existing, entry.value_where[key])
                put(entry, key, localized_map, at)
                existing = localized_map
            put(existing, language, value, at)
        elif isinstance(entry.get(heading), YamlMap):
            put(entry[heading], "*", value, at)  # the plain column: the text for every other language
        else:
            put(entry, heading, value, at)
    if address:
        city = entry.get("city")
        if isinstance(city, YamlMap):  # 'city' beside 'city:fr'...: the plain column, for the other languages
            city = city.get("*")
        if "city" not in address and "lines" not in address and isinstance(city, str):
            # The plain 'city' column is the postal city too (a 'city:xx' column is not, since the
            # post reads one script); 'address.city' says otherwise.
            put(address, "city", city, table.at(number, "city"))
        put(entry, "address", address, row_where)
    return entry
