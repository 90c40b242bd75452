"""Reading typed fields out of located YAML values, with messages that say what was expected."""
from __future__ import annotations

import re
from typing import Any, Callable, TypeVar

from ..errors import InputError, Location, did_you_mean
from ..model import LocalizedText, PostalAddress
from .langtags import check_language
from .yamlfile import YamlList, YamlMap, check_keys

ADDRESS_FIELDS = ("organization", "street_address", "city", "postal_code", "country_area", "city_area",
                  "sorting_code")


def where_of(container: Any, key: str | int, default: Location) -> Location:
    """The location of ``container[key]`` in its file, or ``default`` when the container does not know it."""
    if isinstance(container, YamlMap) and isinstance(key, str):
        return container.location(key)
    if isinstance(container, YamlList) and isinstance(key, int) and key < len(container.item_where):
        return container.item_where[key]
    return default


def need_map(value: Any, where: Location, what: str) -> YamlMap:
    """``value`` if it is a YAML mapping; otherwise an input error saying ``what`` must be one."""
    if not isinstance(value, YamlMap):
        raise InputError(f"{what} must be a mapping of 'key: value' lines, not {_kind(value)}", location=where)
    return value


def need_list(value: Any, where: Location, what: str) -> YamlList:
    """``value`` if it is a YAML list; otherwise an input error saying ``what`` must be one."""
    if not isinstance(value, YamlList):
        raise InputError(f"{what} must be a list ('- item' lines), not {_kind(value)}", location=where,
                         hint="write each entry on its own line starting with '- '")
    return value


T = TypeVar("T")


def optional(mapping: YamlMap, key: str, read: Callable[..., T], *args: Any) -> T | None:
    """``read(value, its location, *args)`` for a key that may be left out (or null): None then."""
    value = mapping.get(key)
    return None if value is None else read(value, mapping.location(key), *args)


def required(mapping: YamlMap, key: str, what: str) -> Any:
    """``mapping[key]``; an input error when it is missing or null (for a spreadsheet row: the empty cell)."""
    if key not in mapping or mapping[key] is None:
        if from_table(mapping):  # a spreadsheet row: speak of its cells, not of YAML lines
            where = mapping.where
            raise InputError(f"{what} needs '{key}': the cell is empty",
                             location=Location(where.file, where.line, table=True, heading=key),
                             hint=f"fill in the '{key}' cell of row {where.line} (add a '{key}' column "
                                  f"if there is none)")
        raise InputError(f"{what} needs '{key}'", location=mapping.where, hint=f"add a '{key}:' line")
    return mapping[key]


def from_table(mapping: Any) -> bool:
    """Whether a mapping is a spreadsheet or CSV row (see rosters), so messages speak of columns."""
    return getattr(mapping, "from_table", False)


def string(value: Any, where: Location, what: str) -> str:
    """A non-empty text, stripped; booleans, null, maps and lists are errors.

    A YAML number is its text as typed: ``01000`` (which YAML 1.1 reads as the octal 512) stays
    ``01000`` (see ``yamlfile``).
    """
    if isinstance(value, bool) or value is None or isinstance(value, (YamlMap, YamlList)):
        raise InputError(f"{what} must be text, not {_kind(value)}", location=where,
                         hint="put the text in quotes if it looks like a number, date or yes/no")
    # a line break or tab inside a one-line text (Alt+Enter in a spreadsheet cell, a YAML "\n") is a
    # space, as it is in a paragraph of the body; no-break spaces are kept
    text = _BREAKS.sub(" ", str(value)).strip()
    if not text:
        raise InputError(f"{what} is empty", location=where)
    return text


_BREAKS = re.compile(r"[ \t\r\n\v\f]*[\t\r\n\v\f][ \t\r\n\v\f]*")


def localized(value: Any, where: Location, what: str) -> LocalizedText:
    """A plain string, or a map from language tag to string (``*``: every other language)."""
    if isinstance(value, YamlMap):
        pairs = []
        for tag, text in value.items():
            canonical = "" if tag == "*" else check_language(tag, value.key_where[tag])
            pairs.append((canonical, string(text, value.location(tag), f"{what} ({tag})")))
        if not pairs:
            raise InputError(f"{what} is empty", location=where)
        return LocalizedText(tuple(pairs), where)
    return LocalizedText.plain(string(value, where, what), where)


def country_code(value: Any, where: Location, what: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased, that CLDR knows."""
    from ..cldr import country_codes  # (kept in memory and on disk by cldr)

    text = string(value, where, what).upper()
    if text not in country_codes():
        raise InputError(f"{what}: {value!r} is not an ISO 3166-1 country code", location=where,
                         hint="use the two-letter code: GB, FR, CH, US, TH, JP, KR ...")
    return text


def languages(value: Any, where: Location, what: str, known: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Distinct canonical language tags, from a YAML list or one string (split at spaces, commas and semicolons).

    ``known``: the tags allowed (the letter's languages); empty allows any valid tag.
    """
    items = need_list(value, where, what) if not isinstance(value, str) else None
    if items is None:
        tags = [(tag, where) for tag in re.split(r"[\s,;]+", value.strip()) if tag]
    else:
        tags = [(tag, items.item_where[i]) for i, tag in enumerate(items)]
    if not tags:
        raise InputError(f"{what} is empty", location=where, hint="list at least one language, e.g. [en, ko]")
    result: list[str] = []
    for tag, tag_where in tags:
        canonical = check_language(tag, tag_where, known)
        if canonical in result:
            raise InputError(f"{what} lists {canonical} twice", location=tag_where,
                             hint="list each language once: one copy is made in each")
        result.append(canonical)
    return tuple(result)


def font_overrides(value: Any, where: Location) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``fonts: {ko: [Nanum Myeongjo], ja: Yu Mincho}``: families to try first, per language."""
    mapping = need_map(value, where, "fonts")
    result = []
    for tag, families in mapping.items():
        language = check_language(tag, mapping.key_where[tag])
        if isinstance(families, str):
            names = (string(families, mapping.location(tag), "a font family"),)
        else:
            items = need_list(families, mapping.location(tag), f"the fonts for {tag}")
            names = tuple(string(item, items.item_where[i], "a font family") for i, item in enumerate(items))
        result.append((language, names))
    return tuple(result)


def layout_name(value: Any, where: Location, what: str) -> str:
    """A national layout's name, checked now so ``check`` reports a typo at its line."""
    from ..paper import layout_names

    name = string(value, where, what)
    if name not in layout_names():
        guess = did_you_mean(name, layout_names())
        raise InputError(f"unknown layout {name!r}", location=where,
                         hint=(f"did you mean {guess!r}? " if guess else "") + f"layouts: {', '.join(layout_names())}")
    return name


def postal_address(value: Any, where: Location, what: str) -> PostalAddress:
    """An address mapping: ``country`` and either ready ``lines`` or the structured fields, never both."""
    mapping = need_map(value, where, what)
    check_keys(mapping, ("country", "lines") + ADDRESS_FIELDS, what)
    country = country_code(required(mapping, "country", what), mapping.location("country"), f"{what} country")
    if "lines" in mapping:
        # a field left empty (``city:`` with nothing after it) is not given, as below
        if any(mapping.get(field) is not None for field in ADDRESS_FIELDS if field in mapping):
            raise InputError(f"{what} has both 'lines' and structured fields", location=mapping.where,
                             hint="fill either 'address.lines' or the columns address.street_address, "
                                  "address.city, address.postal_code... (not both)" if from_table(mapping) else
                             "give either ready 'lines' or the fields (street_address, city, postal_code...)")
        items = need_list(mapping["lines"], mapping.location("lines"), f"{what} lines")
        lines = tuple(string(line, items.item_where[i], f"{what} line {i + 1}") for i, line in enumerate(items))
        if not lines:
            raise InputError(f"{what} has no lines", location=mapping.location("lines"))
        return PostalAddress(country, lines=lines, where=where)
    fields = tuple(
        (field, string(mapping[field], mapping.location(field), f"{what} {field}"))
        for field in ADDRESS_FIELDS if field in mapping and mapping[field] is not None
    )
    if not fields:
        raise InputError(f"{what} has neither 'lines' nor address fields", location=mapping.where,
                         hint="fill the 'address.lines' column (lines separated by ' | ') or address.street_address, "
                              "address.city and address.postal_code" if from_table(mapping) else
                         "add 'lines:' (as the post prints them) or street_address, city and postal_code")
    return PostalAddress(country, fields=fields, where=where)


def _kind(value: Any) -> str:
    if isinstance(value, YamlMap):
        return "a mapping"
    if isinstance(value, YamlList):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    return f"{type(value).__name__} {value!r}"
