"""Stage 1: load and validate a letter project into a :class:`~letterpress.model.Project`.

A project is a folder::

    letter.yaml          the letter: id, date, languages, sender, addressee, rosters
    body/<lang>.md       the text in each language (front matter + Markdown subset)
    signatories.yaml     or .csv / .xlsx / .ods: who signs
    recipients.yaml      or .csv / .xlsx / .ods: the missions, their addresses, languages and any
                         other columns ({recipient.X} placeholders)

Everything is checked here, before anything is drawn, and every problem is an
:class:`~letterpress.errors.InputError` naming the file and line.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..cache import CacheContext
from ..cldr import ask_ahead
from ..errors import InputError, Location, attempt, collect
from ..model import Addressee, Body, InputFile, LocalizedText, Project, Sender
from .fields import (font_overrides, languages, layout_name, localized, need_list, need_map, optional, postal_address,
                     required, string)
from .images import image_file
from .markdown import FlawedBody, load_body
from .merge import check_merge
from .rosters import ReadRosters, load_recipients, load_signatories, read_rosters
from .tables import split_sheet
from .yamlfile import YamlMap, check_keys, load_yaml

__all__ = ["load_project", "assemble_project", "LETTER_FILE"]

LETTER_FILE = "letter.yaml"
LETTER_KEYS = ("id", "date", "languages", "sender", "addressee", "signatories", "recipients", "reference",
               "layout", "fonts", "fields", "defaults", "window_language", "kashida")
SENDER_KEYS = ("name", "short", "address", "contact", "logo", "place")
ADDRESSEE_KEYS = ("name", "titles")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def load_project(path: Path | str, *, today: dt.date | None = None,
                 languages_wanted: tuple[str, ...] | None = None, cache: CacheContext | None = None) -> Project:
    """Read and validate the project at ``path`` (its folder, or its letter.yaml): every mistake in
    its files is raised together.

    ``languages_wanted``: only these languages will be built (``build --language en``), so the
    bodies of the others may still be missing: those are listed in ``Project.missing_bodies``.
    ``cache``: where parsed YAML and CLDR values are kept (None: the active context, else the
    environment's: :func:`letterpress.cache.current`).
    """
    project, problems = load_project_for_checking(path, today=today, languages_wanted=languages_wanted, cache=cache)
    collect(problems)
    return project


def load_project_for_checking(path: Path | str, *, today: dt.date | None = None,
                              languages_wanted: tuple[str, ...] | None = None, cache: CacheContext | None = None
                              ) -> tuple[Project | None, list[InputError]]:
    """The project at ``path`` and every mistake in its files. With mistakes, the project holds what
    is right of the parts that have them (the recipients and bodies without a mistake), so that
    ``check`` can go on to compose and set those copies and report their problems in the same run;
    it is None when the letter itself (or a roster, or every body) could not be read."""
    if cache is None:
        return _load_project(Path(path), today, languages_wanted, None)
    # The parsed files go to ``cache`` explicitly. The field checks (a language tag CLDR knows, a
    # country code) ask CLDR through validators that all share one (value, where, what) form and
    # are reached from every reader of the letter's fields, and through a memoized territory list:
    # those find the context as the active one.
    with cache.active():
        return _load_project(Path(path), today, languages_wanted, cache)


def _load_project(path: Path, today: dt.date | None, languages_wanted: tuple[str, ...] | None,
                  cache: CacheContext | None) -> tuple[Project | None, list[InputError]]:
    letter_file = path if path.is_file() else path / LETTER_FILE
    root = letter_file.parent
    if not letter_file.exists():
        raise InputError(
            f"no {LETTER_FILE} in {root}",
            location=Location(letter_file),
            hint="point letterpress at a letter project folder, or create one with 'letterpress new DIR'",
        )
    letter = need_map(load_yaml(letter_file, cache=cache), Location(letter_file, 1, 1), LETTER_FILE)
    files = [letter_file]

    def body(language: str) -> Body | None:
        body_path = root / "body" / f"{language}.md"
        if not body_path.exists() and languages_wanted is not None and language not in languages_wanted:
            return None  # a translation still awaited: its copies are skipped
        if not body_path.exists():
            raise InputError(
                f"the letter is in {language} but there is no body for it: {body_path.relative_to(root)} is missing",
                location=letter.location("languages"),
                hint=f"write body/{language}.md, or remove {language} from languages (to send the other "
                     f"languages while it is translated: build --language for each of them)",
            )
        files.append(body_path)
        return load_body(body_path, language, cache)

    def rosters(letter_languages: tuple[str, ...]) -> ReadRosters:
        signatories_path = _roster_path(letter, root, "signatories")
        recipients_path = _roster_path(letter, root, "recipients")
        files.extend([split_sheet(signatories_path)[0], split_sheet(recipients_path)[0]])
        return read_rosters(lambda: load_signatories(signatories_path, cache),
                            lambda: load_recipients(recipients_path, letter_languages, cache))

    project, problems = assemble_project_for_checking(letter, root, body, rosters, today=today)
    if project is None or problems:
        return project, problems
    files += [s.signature for s in project.signatories if s.signature is not None]
    if project.sender.logo is not None:
        files.append(project.sender.logo)
    return replace(project, inputs=tuple(sorted((_fingerprint(root, f) for f in files), key=lambda f: f.path))), []


def assemble_project(letter: YamlMap, root: Path, body: Callable[[str], Body | None],
                     rosters: Callable[[tuple[str, ...]], ReadRosters],
                     *, today: dt.date | None = None) -> Project:
    """A validated project from the letter's located mapping, whatever it was read from (files, or
    Python data: :mod:`letterpress.project.data`); ``body`` and ``rosters`` read the rest
    (``body`` gives None for a language whose body may be missing: a partial build). Every mistake
    is raised together."""
    project, problems = assemble_project_for_checking(letter, root, body, rosters, today=today)
    collect(problems)
    return project


def assemble_project_for_checking(letter: YamlMap, root: Path, body: Callable[[str], Body | None],
                                  rosters: Callable[[tuple[str, ...]], ReadRosters],
                                  *, today: dt.date | None = None) -> tuple[Project | None, list[InputError]]:
    """The project and every mistake found: see :func:`load_project_for_checking`."""
    # Each part is read even when another has a mistake, so that one run reports them all. Mistakes
    # of the letter itself (problems) leave nothing to check further; those of a body, a roster
    # entry or the merge (in_parts) leave the rest of the project to be checked.
    problems: list[InputError] = []
    in_parts: list[InputError] = []
    attempt(problems, check_keys, letter, LETTER_KEYS, LETTER_FILE)

    letter_id = attempt(problems, _letter_id, letter)
    date = attempt(problems, _letter_date, letter, today)
    letter_languages = attempt(problems, lambda: languages(required(letter, "languages", LETTER_FILE),
                                                           letter.location("languages"), "languages"))
    if letter_languages is None:  # the rest is read per language
        return None, problems
    if date is not None:  # the country names and dates a build will ask, asked of Babel meanwhile
        ask_ahead(letter_languages, date)
    sender = attempt(problems, _sender, letter, root)
    addressee = attempt(problems, _addressee, letter)
    flawed: list[Body] = []  # the parts read right of bodies with mistakes: merge-checked, never composed

    def read_body(language: str) -> Body | None:
        try:
            return body(language)
        except FlawedBody as error:
            flawed.append(error.body)
            raise

    read = {language: attempt(in_parts, read_body, language) for language in letter_languages}
    bodies = tuple(found for found in read.values() if found is not None)
    rostered = attempt(problems, rosters, letter_languages) or ReadRosters((), (), [], every_recipient=False)
    signatories, recipients = rostered.signatories, rostered.recipients
    in_parts += rostered.problems
    reference = attempt(problems, optional, letter, "reference", localized, "reference")
    layout = attempt(problems, optional, letter, "layout", layout_name, "layout")
    window_language = attempt(problems, optional, letter, "window_language", _window_language,
                              "window_language") or "post"
    kashida = bool(attempt(problems, optional, letter, "kashida", _yes_or_no, "kashida"))
    fields = attempt(problems, _text_map, letter, "fields")
    defaults = attempt(problems, _text_map, letter, "defaults")
    fonts = attempt(problems, _font_overrides, letter)
    if fields is not None and defaults is not None:  # (else a placeholder's value may be what failed to load)
        merged = check_merge(bodies, recipients, fields, defaults, every_recipient=rostered.every_recipient,
                             flawed=tuple(flawed))
        in_parts += merged.problems
        bodies, recipients = merged.bodies, merged.recipients
    if problems or (in_parts and not (recipients and signatories and bodies)):  # (nothing left to check)
        return None, problems + in_parts
    project = Project(
        root=root,
        id=letter_id,
        date=date,
        languages=letter_languages,
        sender=sender,
        addressee=addressee,
        signatories=signatories,
        recipients=recipients,
        bodies=bodies,
        layout=layout,
        fonts=fonts,
        reference=reference,
        window_language=window_language,
        kashida=kashida,
        fields=fields,
        defaults=defaults,
        missing_bodies=tuple(language for language in letter_languages if language not in
                             {body.language for body in bodies}),
    )
    # With mistakes in its parts, the project is what is right of them: a roster entry refused, or one
    # lacking a placeholder's value, is not among the recipients, and a body with a mistake or an
    # unknown placeholder is missing: their copies are left out.
    return project, in_parts


def _letter_id(letter: YamlMap) -> str:
    letter_id = string(required(letter, "id", LETTER_FILE), letter.location("id"), "id")
    if not _SAFE_ID.match(letter_id):
        raise InputError(f"the letter id {letter_id!r} is not a safe name", location=letter.location("id"),
                         hint="use letters, digits, '.', '-' and '_' only")
    return letter_id


def _yes_or_no(value, where: Location, what: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{what} must be true or false, not {value!r}", location=where,
                         hint=f"write '{what}: true' or '{what}: false'")
    return value


def _window_language(value, where: Location, what: str) -> str:
    choice = string(value, where, what)
    if choice not in ("post", "copy"):
        raise InputError(f"{what} must be 'post' or 'copy', not {choice!r}", location=where,
                         hint="'post': the window's words in the destination post's language (the default); "
                              "'copy': in each copy's language")
    return choice


def _text_map(letter, key: str) -> tuple[tuple[str, LocalizedText], ...]:
    """``fields:`` / ``defaults:``: named texts, each plain or per language."""
    if letter.get(key) is None:
        return ()
    mapping = need_map(letter[key], letter.location(key), key)
    if key == "fields" and "id" in mapping:
        raise InputError("'id' cannot be a field: {letter.id} is the project's id", location=mapping.key_where["id"],
                         hint="choose another name")
    return tuple((name, localized(value, mapping.location(name), f"{key}: {name}")) for name, value in mapping.items())


def _letter_date(letter, today: dt.date | None) -> dt.date:
    """The letter's date: as written; else SOURCE_DATE_EPOCH (reproducible builds); else today."""
    if letter.get("date") is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            try:
                return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
            except (ValueError, OverflowError, OSError):
                raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds",
                                 hint="set it to a Unix timestamp, e.g. $(git log -1 --format=%ct)") from None
        return today or dt.date.today()
    value = letter["date"]
    where = letter.location("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"invalid date {value!r}", location=where,
                         hint="write the date as YYYY-MM-DD (e.g. 2011-12-08), or leave it out for today") from None


def _sender(letter, root: Path) -> Sender:
    mapping = need_map(required(letter, "sender", LETTER_FILE), letter.location("sender"), "sender")
    check_keys(mapping, SENDER_KEYS, "sender")
    name = localized(required(mapping, "name", "sender"), mapping.location("name"), "the sender's name")
    short = optional(mapping, "short", localized, "the sender's short name") or name
    address = postal_address(required(mapping, "address", "sender"), mapping.location("address"),
                             "the sender's address")
    contact = optional(mapping, "contact", localized, "the sender's contact line")
    logo = None
    if mapping.get("logo") is not None:
        logo = image_file(root, mapping["logo"], mapping.location("logo"), "the logo", "letter.yaml")
    place = optional(mapping, "place", localized, "the sender's place")
    return Sender(name=name, short=short, address=address, contact=contact, logo=logo, place=place)


def _addressee(letter) -> Addressee:
    mapping = need_map(required(letter, "addressee", LETTER_FILE), letter.location("addressee"), "addressee")
    check_keys(mapping, ADDRESSEE_KEYS, "addressee")
    name = localized(required(mapping, "name", "addressee"), mapping.location("name"), "the addressee's name")
    titles = ()
    if mapping.get("titles") is not None:
        items = need_list(mapping["titles"], mapping.location("titles"), "the addressee's titles")
        titles = tuple(localized(item, items.item_where[i], "a title") for i, item in enumerate(items))
    return Addressee(name=name, titles=titles)


def _roster_path(letter, root: Path, key: str) -> Path:
    relative = string(required(letter, key, LETTER_FILE), letter.location(key), key)
    path = (root / relative)
    if not split_sheet(path)[0].exists():
        raise InputError(f"the {key} roster {relative!r} does not exist", location=letter.location(key),
                         hint=f"create {path} or correct the path (relative to {LETTER_FILE})")
    return path


def _font_overrides(letter) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if letter.get("fonts") is None:
        return ()
    return font_overrides(letter["fonts"], letter.location("fonts"))


def _fingerprint(root: Path, path: Path) -> InputFile:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = path.name
    return InputFile(name, digest)
