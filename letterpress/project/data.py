"""A project from plain Python data (``letterpress.Project.from_data``), validated as the files are.

The data is turned into the same located mappings and lists the YAML reader gives, with each
value's location naming the argument and field it came from (``letter.sender.address.country``,
``recipients[2].id``) instead of a file and line, and is then checked by the very functions that
check the files: one set of rules, one set of messages.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError, Location
from ..model import Body, InputFile, Project
from . import assemble_project
from .markdown import parse_body
from .rosters import ReadRosters, read_recipients, read_rosters, read_signatories
from .yamlfile import YamlList, YamlMap


def project_from_data(*, letter: Any, bodies: Any, signatories: Any, recipients: Any,
                      root: Path, today: dt.date | None = None) -> Project:
    """``root``: the folder relative paths in the data (logo, signature images, fonts/) are read from."""
    located_letter = located(letter, "letter")
    if not isinstance(located_letter, YamlMap):
        raise InputError(f"letter must be a mapping (a dict), not {type(letter).__name__}",
                         location=Location(field="letter"))
    for key in ("signatories", "recipients"):
        if key in located_letter:
            raise InputError(f"letter.{key} names a roster file; with from_data the roster is an argument",
                             location=located_letter.key_where[key],
                             hint=f"remove '{key}' from the letter and pass {key}=[...]")
    if not isinstance(bodies, Mapping):
        raise InputError(f"bodies must map each language to its text, not {type(bodies).__name__}",
                         location=Location(field="bodies"), hint="e.g. bodies={'en': '---\\nsubject: ...'}")

    def body(language: str) -> Body:
        text = _body_text(bodies, language, located_letter.location("languages"))
        # The argument stands in for the file name: messages read "bodies[en]:12:3: error: ...".
        return parse_body(text, Path(f"bodies[{language}]"), language)

    def rosters(languages: tuple[str, ...]) -> ReadRosters:
        return read_rosters(lambda: read_signatories(_roster(signatories, "signatories"), root),
                            lambda: read_recipients(_roster(recipients, "recipients"), languages))

    project = assemble_project(located_letter, root, body, rosters, today=today)
    inputs = (("letter", letter), *((f"bodies[{tag}]", bodies[tag]) for tag in sorted(bodies, key=str)),
              ("signatories", signatories), ("recipients", recipients))
    return replace(project, inputs=tuple(InputFile(name, _digest(value)) for name, value in inputs))


def located(value: Any, field: str) -> Any:
    """Plain data as the located values the YAML reader gives, each naming its ``field``."""
    where = Location(field=field)
    if isinstance(value, Mapping):
        mapping = YamlMap()
        mapping.where, mapping.key_where, mapping.value_where = where, {}, {}
        for key, item in value.items():
            name = str(key)
            path = f"{field}.{name}" if name.isidentifier() else f"{field}[{name!r}]"
            mapping[name] = located(item, path)
            mapping.key_where[name] = mapping.value_where[name] = Location(field=path)
        return mapping
    if isinstance(value, (list, tuple)):
        items = YamlList()
        items.where, items.item_where = where, []
        for index, item in enumerate(value):
            items.append(located(item, f"{field}[{index}]"))
            items.item_where.append(Location(field=f"{field}[{index}]"))
        return items
    if isinstance(value, Path):
        return str(value)
    return value


def _body_text(bodies: Mapping[str, Any], language: str, where: Location) -> str:
    if language not in bodies:
        raise InputError(f"the letter is in {language} but bodies has no text for it", location=where,
                         hint=f"add bodies[{language!r}], or remove {language} from the letter's languages")
    text = bodies[language]
    if not isinstance(text, str):
        raise InputError(f"bodies[{language!r}] must be the text of body/{language}.md (a string), "
                         f"not {type(text).__name__}", location=Location(field=f"bodies[{language}]"),
                         hint="front matter between two '---' lines (subject, salutation, closing), then the text")
    return text


def _roster(value: Any, field: str) -> YamlList:
    entries = located(value, field)
    if not isinstance(entries, YamlList):
        raise InputError(f"{field} must be a list of entries (dicts), not {type(value).__name__}",
                         location=Location(field=field))
    return entries


def _digest(value: Any) -> str:
    """What an input file's sha256 is for files: changes exactly when the data does."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
