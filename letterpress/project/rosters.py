"""Signatory and recipient rosters, from YAML lists or CSV spreadsheets.

Coordinators keep rosters in spreadsheets, so CSV is first-class: a header row,
one row per entry.  Per-language values are columns named ``name:ko``; address
lines are ``address.lines`` separated by `` | ``; languages are separated by
spaces or commas.  Every row becomes the same located mapping a YAML entry
would, so both formats are validated by one code path.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from ..errors import InputError, Location
from ..model import Recipient, Signatory
from .fields import (ADDRESS_FIELDS, country_code, font_overrides, languages, layout_name, localized, need_list, need_map,
                     optional, postal_address, required, string)
from .yamlfile import YamlList, YamlMap, check_keys, load_yaml, read_text

SIGNATORY_KEYS = ("name", "kind", "country", "title", "signature")
RECIPIENT_KEYS = ("id", "name", "city", "address", "languages", "layout", "fonts", "verified", "note")
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_IMAGE_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg")


def read_roster(path: Path, what: str) -> YamlList:
    """The entries of a roster file as located mappings, whatever its format."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        entries = load_yaml(path)
        return need_list(entries, Location(path, 1, 1), f"the {what} roster")
    if suffix == ".csv":
        return _read_csv(path, what)
    raise InputError(f"the {what} roster must be a .yaml or .csv file", location=Location(path),
                     hint="save the spreadsheet as CSV (UTF-8), or write the roster in YAML")


def load_signatories(path: Path) -> tuple[Signatory, ...]:
    return signatories_from_entries(read_roster(path, "signatory"), path.parent)


def signatories_from_entries(entries: YamlList, base: Path) -> tuple[Signatory, ...]:
    """Validated signatories from a roster's located entries; signature images are relative to ``base``."""
    if not entries:
        raise InputError("the signatory roster is empty", location=entries.where,
                         hint="add at least one signatory")
    return tuple(_signatory(entry, entries.item_where[i], base) for i, entry in enumerate(entries))


def load_recipients(path: Path, letter_languages: tuple[str, ...]) -> tuple[Recipient, ...]:
    return recipients_from_entries(read_roster(path, "recipient"), letter_languages)


def recipients_from_entries(entries: YamlList, letter_languages: tuple[str, ...]) -> tuple[Recipient, ...]:
    if not entries:
        raise InputError("the recipient roster is empty", location=entries.where,
                         hint="add at least one recipient")
    recipients: list[Recipient] = []
    seen: dict[str, Location] = {}
    for i, entry in enumerate(entries):
        recipient = _recipient(entry, entries.item_where[i], letter_languages)
        if recipient.id in seen:
            raise InputError(f"the recipient id {recipient.id!r} is used twice (first at {seen[recipient.id]})",
                             location=recipient.where, hint="give every recipient its own id")
        seen[recipient.id] = recipient.where
        recipients.append(recipient)
    return tuple(recipients)


def _signatory(entry: Any, where: Location, base: Path) -> Signatory:
    mapping = need_map(entry, where, "a signatory")
    check_keys(mapping, SIGNATORY_KEYS, "a signatory")
    name = localized(required(mapping, "name", "a signatory"), mapping.location("name"), "the signatory's name")
    kind = mapping.get("kind") or "organisation"
    if kind in ("organization", "org"):
        kind = "organisation"
    if kind not in ("organisation", "person"):
        raise InputError(f"kind must be 'organisation' or 'person', not {kind!r}", location=mapping.location("kind"))
    country = optional(mapping, "country", country_code, "the signatory's country")
    title = optional(mapping, "title", localized, "the signatory's title")
    signature = optional(mapping, "signature", lambda value, where: _image(base, value, where))
    return Signatory(name=name, kind=kind, country=country, title=title, signature=signature, where=where)


def _image(base: Path, value: Any, where: Location) -> Path:
    relative = string(value, where, "the signature image")
    path = (base / relative).resolve()
    if path.suffix.lower() not in _IMAGE_SUFFIXES:
        raise InputError(f"the signature image {relative!r} must be a PNG, JPEG or SVG file", location=where)
    if not path.is_file():
        raise InputError(f"the signature image {relative!r} does not exist", location=where,
                         hint=f"put the image at {path} or correct the path (relative to the roster file)")
    if not _readable_image(path):
        raise InputError(f"the signature image {relative!r} is not a readable {path.suffix[1:].upper()} image",
                         location=where, hint="export the signature again as PNG (or SVG), or fix the path")
    return path


def _readable_image(path: Path) -> bool:
    if path.suffix.lower() == ".svg":
        import logging

        from svglib.svglib import svg2rlg

        logging.getLogger("svglib").setLevel(logging.CRITICAL)  # it logs parse errors; we report them
        try:
            return svg2rlg(str(path)) is not None
        except Exception:  # svglib raises many kinds for a broken file
            return False
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def _recipient(entry: Any, where: Location, letter_languages: tuple[str, ...]) -> Recipient:
    mapping = need_map(entry, where, "a recipient")
    check_keys(mapping, RECIPIENT_KEYS, "a recipient")
    raw_id = string(required(mapping, "id", "a recipient"), mapping.location("id"), "the recipient id")
    if not _SAFE_ID.match(raw_id):
        raise InputError(
            f"the recipient id {raw_id!r} is not a safe file name",
            location=mapping.location("id"),
            hint="use lower-case letters, digits, '-' and '_' only (no '/', '..', spaces or absolute paths); "
                 "it names the output files",
        )
    name = localized(required(mapping, "name", "a recipient"), mapping.location("name"), "the recipient's name")
    city = localized(mapping["city"], mapping.location("city"), "the recipient's city") if mapping.get("city") else None
    address = postal_address(required(mapping, "address", "a recipient"), mapping.location("address"),
                             "the recipient's address")
    copies = languages(required(mapping, "languages", "a recipient"), mapping.location("languages"),
                       "the recipient's languages")
    for language in copies:
        if language not in letter_languages:
            raise InputError(
                f"recipient {raw_id!r} asks for a copy in {language}, which the letter does not have",
                location=mapping.location("languages"),
                hint=f"the letter's languages are {', '.join(letter_languages)}: add {language} to "
                     f"letter.yaml and write body/{language}.md, or remove it here",
            )
    layout = optional(mapping, "layout", layout_name, "the recipient's layout")
    fonts = optional(mapping, "fonts", font_overrides) or ()
    verified = optional(mapping, "verified", _yes_no, "verified")
    return Recipient(id=raw_id, name=name, address=address, languages=copies, layout=layout, city=city,
                     fonts=fonts, where=where, verified=verified is not False)


def _yes_no(value: Any, where: Location, what: str) -> bool:
    # CSV cells are text: read them as YAML reads a plain scalar
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    if not isinstance(value, bool):
        raise InputError(f"{what} must be true or false, not {value!r}", location=where,
                         hint=f"write '{what}: true' or '{what}: false'")
    return value


def _read_csv(path: Path, what: str) -> YamlList:
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"CSV error: {exc}", location=Location(path, reader.line_num)) from None
    if not rows:
        raise InputError(f"the {what} roster is empty", location=Location(path, 1, 1),
                         hint="the first row names the columns: name, country, kind, ...")
    header = [cell.strip() for cell in rows[0]]
    required_column = "name" if what == "signatory" else "id"
    if required_column not in header:
        raise InputError(f"the {what} roster has no '{required_column}' column", location=Location(path, 1, 1),
                         hint=f"the first row must name the columns, one of them '{required_column}'")
    entries = YamlList()
    entries.where, entries.item_where = Location(path, 1, 1), []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(f"row {number} has {len(row)} cells but the header names {len(header)} columns",
                             location=Location(path, number, 1), hint="quote cells that contain commas")
        entries.append(_csv_entry(header, row, Location(path, number, 1), what))
        entries.item_where.append(Location(path, number, 1))
    return entries


def _csv_entry(header: list[str], row: list[str], where: Location, what: str) -> YamlMap:
    """One CSV row as the located mapping the YAML form would give."""

    def new_map() -> YamlMap:
        mapping = YamlMap()
        mapping.where, mapping.key_where, mapping.value_where = where, {}, {}
        return mapping

    def put(mapping: YamlMap, key: str, value: Any, at: Location) -> None:
        mapping[key] = value
        mapping.key_where[key] = at
        mapping.value_where[key] = at

    entry = new_map()
    address = new_map()
    column = 1
    for name, cell in zip(header, row):
        at = Location(where.file, where.line, column)
        column += len(cell) + 1
        value = cell.strip()
        if not value:
            continue
        if ":" in name:  # name:ko -> a per-language value
            key, language = name.split(":", 1)
            existing = entry.get(key)
            if not isinstance(existing, YamlMap):
                localized_map = new_map()
                if isinstance(existing, str):
                    put(localized_map, "", existing, at)
                put(entry, key, localized_map, at)
                existing = localized_map
            put(existing, language.strip(), value, at)
        elif name.startswith("address.") or (what == "recipient" and name in ("country",) + ADDRESS_FIELDS):
            field = name.split(".", 1)[-1]
            if field == "lines":
                lines = YamlList(part.strip() for part in value.split("|") if part.strip())
                lines.where, lines.item_where = at, [at] * len(lines)
                put(address, "lines", lines, at)
            else:
                put(address, field, value, at)
        elif name == "languages":
            put(entry, name, value, at)
        else:
            if isinstance(entry.get(name), YamlMap):
                put(entry[name], "", value, at)
            else:
                put(entry, name, value, at)
    if address:
        put(entry, "address", address, where)
    # A plain "name" column next to name:xx columns is the text for every other language.
    for key, value in list(entry.items()):
        if isinstance(value, YamlMap) and "" in value:
            plain = value.pop("")
            value.key_where.pop("", None)
            value.value_where.pop("", None)
            if not value:
                put(entry, key, plain, where)
            else:
                # keep the plain text as the fallback under the untagged key
                entry[key] = _with_fallback(value, plain)
    return entry


def _with_fallback(mapping: YamlMap, plain: str) -> Any:
    # "*" is the text for every language the map does not name (see fields.localized).
    mapping["*"] = plain
    mapping.key_where["*"] = mapping.where
    mapping.value_where["*"] = mapping.where
    return mapping
