"""YAML that remembers where every value came from, and never constructs objects.

PyYAML's ``safe_load`` throws away line numbers; users need them in every
message.  So we let PyYAML's *safe* loader compose the node graph and build the
Python values ourselves: mappings become :class:`YamlMap` and sequences
:class:`YamlList`, both carrying the :class:`Location` of each entry.  Only the
standard YAML tags are accepted: ``!!python/object`` and friends are an input
error, not code execution.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..cache import parsed_yaml
from ..errors import InputError, Location, did_you_mean

if TYPE_CHECKING:
    from ..cache.context import CacheContext
    import yaml

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
}


class YamlMap(dict):
    """A mapping that knows where it and each of its keys and values are."""

    where: Location
    key_where: dict[str, Location]
    value_where: dict[str, Location]
    # a spreadsheet row with a cell that cannot be read: reported, and never built
    refused: bool = False

    def location(self, key: str) -> Location:
        """Where the value of ``key`` is; the mapping's own location when the key is missing."""
        return self.value_where.get(key, self.where)


class YamlList(list):
    """A list that knows where it and each of its items are."""

    where: Location
    item_where: list[Location]
    # a spreadsheet's own mistakes, found as it was read (a row too short, a cell showing #N/A)
    problems: tuple = ()


def _mark(path: Path, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: Path) -> str:
    """A UTF-8 text file's contents, with errors a person can act on."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"file not found: {path}", location=Location(path),
                         hint="check the path, relative to the letter project folder") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a file", location=Location(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", location=Location(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            location=Location(path, line, column),
            hint="save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        ) from None
    check_characters(text, Location(path, 1, 1))
    return text


# Control characters other than tab and line ends (an ESC from a terminal's colour codes, DEL, C1
# controls) and Unicode non-characters print as nothing or as tofu: refused, placed, never drawn.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def forbidden_at(text: str) -> int | None:
    """The offset of the first forbidden character of ``text``, or None. (The non-characters of
    the other planes, U+1FFFE and the like, are looked for only in a text that leaves the BMP: a
    character class of them made one search over all of a project's texts markedly slower.)"""
    found = _FORBIDDEN.search(text)
    first = found.start() if found else None
    for astral in _ASTRAL.finditer(text, 0, len(text) if first is None else first):  # none: one scan in C
        if ord(astral.group()) & 0xFFFE == 0xFFFE:
            return astral.start()
    return first


MAX_LINE = 10_000  # characters in one line of a text file: a paragraph is far shorter


def check_characters(text: str, where: Location) -> None:
    """Refuse control characters (other than tab and line ends), non-characters and over-long
    lines in ``text`` (which starts at ``where``), naming the line and column."""
    offset = forbidden_at(text)
    if offset is not None:
        char = text[offset]
        import unicodedata

        name = unicodedata.name(char, "a control character" if unicodedata.category(char) == "Cc"
                                else "a Unicode non-character")
        raise InputError(f"the invisible character U+{ord(char):04X} ({name}) is not allowed in a letter",
                         location=where.shifted(text, offset),
                         hint="delete it (it was probably pasted from a terminal or another program)")
    if len(text) > MAX_LINE:
        start = 0
        for line in text.split("\n"):
            if len(line) > MAX_LINE:
                raise InputError(f"a line of {len(line):,} characters (the limit is {MAX_LINE:,})",
                                 location=where.shifted(text, start + MAX_LINE),
                                 hint="break the text into lines or paragraphs")
            start += len(line) + 1


def load_yaml(path: Path, text: str | None = None, *, line_offset: int = 0,
              cache: "CacheContext | None" = None) -> Any:
    """Parse one YAML document into plain values that carry their locations.

    A text parsed before is read back from the parse cache, ``cache``'s yaml store (with its
    locations, in ``path``): a warm build neither imports PyYAML nor parses.
    """
    if text is None:
        text = read_text(path)
    key = parsed_yaml.key(f"located-{LOCATED_FORMAT}", line_offset, text)
    cached = parsed_yaml.cached(key, cache)
    if cached is not None:
        try:
            return _decoded(cached, path)
        except (ValueError, TypeError, IndexError):
            pass  # a damaged entry: parse again
    value = _parse(path, text, line_offset)
    try:
        parsed_yaml.remember(key, _encoded(value), cache)
    except ValueError:
        pass  # a value marshal cannot keep: parsed again next time
    return value


def _parse(path: Path, text: str, line_offset: int) -> Any:
    import yaml

    loader = parsed_yaml.safe_loader()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(path)
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            raise InputError("tabs are not allowed in YAML", location=where,
                             hint="indent with spaces (most editors convert tabs with a setting)") from None
        problem = exc.problem or "invalid YAML"
        if "maximum nesting depth" in (exc.context or "") + problem:
            raise InputError(f"values nested too deep (more than {MAX_DEPTH} levels)", location=where,
                             hint="a letter's YAML needs only a few levels; check for unclosed brackets") from None
        raise InputError(
            f"YAML syntax error: {problem}" + (f" ({exc.context})" if exc.context else ""),
            location=where,
            hint="check indentation and quoting on this line or the one before it; "
                 "text containing ': ' or starting with a special character needs quotes",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: placed by line and column
        where = Location(path, 1 + line_offset, 1).shifted(text, exc.position) if exc.position is not None \
            else Location(path)
        raise InputError(f"YAML does not allow the character U+{exc.character:04X} here" if isinstance(
            exc.character, int) else f"YAML error: {exc.reason}", location=where,
            hint="remove the character (it is invisible in most editors), or quote the text") from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", location=Location(path)) from None
    except RecursionError:  # the pure-Python parser, on deep nesting
        raise InputError(f"values nested too deep (more than {MAX_DEPTH} levels)", location=Location(path),
                         hint="a letter's YAML needs only a few levels; check for unclosed brackets") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _build(node, path, loader, line_offset, _Walk())


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


# Limits on what a YAML text may make: a few hundred bytes of aliases that refer to aliases (a
# "billion laughs") would otherwise expand into billions of values, and deep nesting would
# exhaust the stack. Real letters use a handful of aliases and a nesting of 5 or 6.
MAX_ALIAS_VALUES = 10_000  # values reached again through aliases, in one file
MAX_DEPTH = 64


class _Walk:
    """What one file's values have cost so far."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.repeated = 0


def _build(node: yaml.Node, path: Path, loader: yaml.SafeLoader, line_offset: int, walk: _Walk,
           depth: int = 0) -> Any:
    import yaml

    where = _mark(path, node)
    if line_offset:
        where = Location(where.file, (where.line or 0) + line_offset, where.column)
    if id(node) in walk.seen:
        walk.repeated += 1
        if walk.repeated > MAX_ALIAS_VALUES:
            raise InputError(f"the YAML aliases (*name) here expand to more than {MAX_ALIAS_VALUES:,} values",
                             location=where, hint="write the values out, or use fewer aliases of aliases")
    else:
        walk.seen.add(id(node))
    if depth > MAX_DEPTH:
        raise InputError(f"values nested more than {MAX_DEPTH} deep", location=where,
                         hint="a letter's YAML needs only a few levels; check for unclosed brackets")
    if node.tag not in _STANDARD_TAGS:
        raise InputError(
            f"YAML tag {node.tag!r} is not allowed",
            location=where,
            hint="letterpress reads plain YAML only (strings, numbers, lists, mappings); remove the tag",
        )
    if isinstance(node, yaml.MappingNode):
        result = YamlMap()
        result.where, result.key_where, result.value_where = where, {}, {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = _build(key_node, path, loader, line_offset, walk, depth + 1)
            key_where = _mark(path, key_node)
            if line_offset:
                key_where = Location(path, (key_where.line or 0) + line_offset, key_where.column)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise InputError(f"the key {key!r} appears twice", location=key_where,
                                 hint="keep one of the two entries")
            result[key] = _build(value_node, path, loader, line_offset, walk, depth + 1)
            result.key_where[key] = key_where
            value_where = _mark(path, value_node)
            if line_offset:
                value_where = Location(path, (value_where.line or 0) + line_offset, value_where.column)
            result.value_where[key] = value_where
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YamlList()
        items.where, items.item_where = where, []
        for child in node.value:
            items.append(_build(child, path, loader, line_offset, walk, depth + 1))
            child_where = _mark(path, child)
            if line_offset:
                child_where = Location(path, (child_where.line or 0) + line_offset, child_where.column)
            items.item_where.append(child_where)
        return items
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError:
        # e.g. 2026-13-45 looks like a timestamp but is no date: keep the text, the field check explains
        return node.value
    except yaml.constructor.ConstructorError as exc:
        raise InputError(f"invalid value: {exc.problem}", location=where) from None
    if type(value) in (int, float) and node.value != str(value):
        # YAML 1.1 reads 01000 as the octal 512, 1_000 as 1000 and 1.10 as 1.1: a postal code typed
        # with a leading zero would change without a word. Every number a letter holds is text to
        # print, so it is kept as typed.
        return node.value
    return value


# Encoded values: a mapping or list is a tuple tagged "m" or "l"; a date "d", a date and time "t";
# other scalars (str, int, float, bool, None) are themselves (YAML never gives a tuple).
# The version of this encoding and of what the parser gives, part of every parse cache key: bump it
# when either changes (2: numbers not written canonically are kept as typed).
LOCATED_FORMAT = 2


def _where(location: Location) -> tuple[int | None, int | None]:
    return (location.line, location.column)


def _encoded(value: Any) -> Any:
    if isinstance(value, YamlMap):
        return ("m", _where(value.where), tuple(
            (key, _where(value.key_where[key]), _where(value.value_where[key]), _encoded(item))
            for key, item in value.items()))
    if isinstance(value, YamlList):
        return ("l", _where(value.where), tuple(
            (_where(where), _encoded(item)) for where, item in zip(value.item_where, value)))
    if isinstance(value, datetime.datetime):
        return ("t", value.isoformat())
    if isinstance(value, datetime.date):
        return ("d", value.isoformat())
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError(f"not kept in the parse cache: {type(value).__name__}")


def _decoded(value: Any, path: Path) -> Any:
    if not isinstance(value, tuple):
        return value
    kind = value[0]
    if kind == "m":
        result = YamlMap()
        result.where, result.key_where, result.value_where = Location(path, *value[1]), {}, {}
        for key, key_where, value_where, item in value[2]:
            result[key] = _decoded(item, path)
            result.key_where[key] = Location(path, *key_where)
            result.value_where[key] = Location(path, *value_where)
        return result
    if kind == "l":
        items = YamlList()
        items.where, items.item_where = Location(path, *value[1]), []
        for where, item in value[2]:
            items.append(_decoded(item, path))
            items.item_where.append(Location(path, *where))
        return items
    if kind == "t":
        return datetime.datetime.fromisoformat(value[1])
    if kind == "d":
        return datetime.date.fromisoformat(value[1])
    raise ValueError(f"unknown entry in the parse cache: {kind!r}")


def check_keys(mapping: YamlMap, allowed: Iterator[str] | tuple[str, ...], what: str) -> None:
    """Unknown keys are errors with the nearest valid key suggested."""
    allowed = tuple(allowed)
    for key in mapping:
        if key not in allowed:
            guess = did_you_mean(key, allowed)
            hint = f"did you mean {guess!r}?" if guess else f"valid keys: {', '.join(allowed)}"
            raise InputError(f"unknown key {key!r} in {what}", location=mapping.key_where[key], hint=hint)
