"""Errors meant for people.

Every mistake in a user's input becomes an :class:`InputError` that names the
file, the line (and column where known) and what to do about it.  The CLI turns
those into exit code 1 and a one-paragraph message, never a traceback.
"""
from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, TypeVar

T = TypeVar("T")

@dataclass(frozen=True)
class Location:
    """Where in the user's input something is: file, 1-based line and column.

    In a spreadsheet or CSV roster (``table``), ``line`` is the row number as the
    spreadsheet shows it and ``heading`` the column's heading: people find a cell
    by its row and column, never by a character offset.

    Input given as Python data (``letterpress.Project.from_data``) has no file: ``field`` names
    the value instead, as the caller wrote it (``letter.sender.address.country``, ``recipients[2].id``).
    """

    file: Path | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    table: bool = False
    heading: str | None = None

    def __str__(self) -> str:
        if self.table:
            text = f"{self.file if self.file is not None else '<input>'}, row {self.line}"
            return text + (f", column '{self.heading}'" if self.heading is not None else "")
        if self.file is not None:
            parts = [str(self.file)]
        else:
            parts = [self.field or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def shifted(self, text: str, offset: int) -> "Location":
        """The location of ``text[offset]`` when ``text`` starts at this location."""
        if self.line is None or self.table:  # a cell is the finest place a spreadsheet names
            return self
        before = text[:offset]
        newlines = before.count("\n")
        if newlines:
            return Location(self.file, self.line + newlines, len(before) - before.rfind("\n"), self.field)
        return Location(self.file, self.line, (self.column or 1) + offset, self.field)


class LetterpressError(Exception):
    """Base of every error letterpress raises on purpose."""

    exit_code = 3


class InputError(LetterpressError):
    """A problem in the user's input: exit code 1."""

    exit_code = 1

    def __init__(self, message: str, *, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    # The parts of the message, for programs (letterpress.LetterError is this class).
    @property
    def file(self) -> Path | None:
        """The file the problem is in, if known."""
        return self.location.file if self.location is not None else None

    @property
    def field(self) -> str | None:
        """The input field (or argument) the problem is in when there is no file, if known."""
        return self.location.field if self.location is not None else None

    @property
    def line(self) -> int | None:
        """The line (or spreadsheet row) of the problem, if known."""
        return self.location.line if self.location is not None else None

    @property
    def column(self) -> int | None:
        """The column of the problem on its line, if known."""
        return self.location.column if self.location is not None else None

    @property
    def fix(self) -> str | None:
        """What to change to fix the problem, if letterpress can say."""
        return self.hint

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location is not None else ""
        text = f"{where}error: {self.message}"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text


class InputErrors(InputError):
    """Several input problems found in one pass. Printed, the first ``shown`` of them (a build's
    refusal: enough to start on); ``check``, whose job is to list them, shows every one (None)."""

    def __init__(self, errors: Sequence[InputError], shown: int | None = 30):
        self.errors = tuple(errors)
        self.shown = shown
        super().__init__(f"{len(self.errors)} problems in the input")

    def __str__(self) -> str:
        lines = [str(e) for e in self.errors[: self.shown]]
        if self.shown is not None and len(self.errors) > self.shown:
            lines.append(f"... and {len(self.errors) - self.shown} more problems (letterpress check lists them all)")
        return "\n".join(lines)


class UsageError(LetterpressError):
    """The command line itself is wrong: exit code 2."""

    exit_code = 2


class InternalError(LetterpressError):
    """A bug in letterpress, not in the input: exit code 3."""

    exit_code = 3


# What to do when the system refuses a file: these are the user's situations (exit 1), not bugs.
# Writing, the fix may offer another place: how the command names one (build's "-o", new's DIR)
# is the caller's ``elsewhere``; reading, the file is the one the user gave, to be made readable.
OUTPUT_ELSEWHERE = "choose another folder with -o"

_SYSTEM_FIXES = {
    errno.ENOSPC: "the disk is full: free some space, or write to another disk",
    errno.EDQUOT: "your disk quota is used up: free some space, or write to another disk",
    errno.EFBIG: "the file is larger than this system allows: write to another disk",
    errno.EMFILE: "too many files are open: close some programs, or raise the limit (ulimit -n)",
    errno.EIO: "the disk reported an input/output error: check the disk, or write to another one",
}
_WRITE_FIXES = {
    errno.EACCES: "you may not write there: fix the permissions",
    errno.EPERM: "you may not write there: fix the permissions",
    errno.EROFS: "the disk is read-only: write to another disk",
    errno.EISDIR: "a folder has this name: remove or rename the folder",
    errno.ENOTDIR: "a file stands where a folder belongs: remove or rename it",
    errno.EEXIST: "a file stands where a folder belongs: remove or rename it",
    errno.ENAMETOOLONG: "the path is too long: shorten it",
}
_READ_FIXES = {
    errno.EACCES: "you may not read this: give yourself read permission (chmod u+r on a file, u+rx on a "
                  "folder), or run as a user who may read it",
    errno.EPERM: "you may not read this: give yourself read permission (chmod u+r on a file, u+rx on a "
                 "folder), or run as a user who may read it",
    errno.EISDIR: "a folder has this name: give the file",
    errno.ENOTDIR: "a file stands where a folder belongs: give the folder",
    errno.ENAMETOOLONG: "the path is too long: shorten it",
    errno.EIO: "the disk reported an input/output error: check the disk",
}


def system_problem(exc: OSError, path: Path | str | None = None, *, reading: bool = False,
                   elsewhere: str | None = OUTPUT_ELSEWHERE) -> InputError | None:
    """The system's refusal to write or read ``path`` (``reading``) as a message for people, or
    None when the error is not one a user can fix (then it is a bug).

    Writing, ``elsewhere`` is how the command lets the user write somewhere else ("choose another
    folder with -o"), added to a fix about the place; None for a command with no such choice."""
    code = exc.errno or 0
    if reading:
        fix = _READ_FIXES.get(code) or _SYSTEM_FIXES.get(code)
    else:
        fix = _SYSTEM_FIXES.get(code)
        if fix is None and code == errno.EROFS and elsewhere:
            fix = f"the disk is read-only: {elsewhere}"
        elif fix is None and code in _WRITE_FIXES:
            fix = _WRITE_FIXES[code] + (f", or {elsewhere}" if elsewhere else "")
    if fix is None:
        return None
    where = path if path is not None else exc.filename
    return InputError(exc.strerror or str(exc), location=Location(Path(where)) if where else None, hint=fix)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A suggestion for a misspelt key or name, or None."""
    import difflib

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def sorted_problems(errors: Iterable[InputError]) -> list[InputError]:
    """Each problem once (several found inside one :class:`InputErrors` too), sorted by file, line
    and column; problems without a place keep their order, after the placed ones."""
    unique: dict[str, InputError] = {}
    for error in errors:
        for each in (error.errors if isinstance(error, InputErrors) else (error,)):
            unique.setdefault(str(each), each)

    def place(error: InputError) -> tuple:
        where = error.location
        if where is None or where.file is None:
            return (1, "", 0, 0)
        return (0, str(where.file), where.line or 0, where.column or 0)

    return sorted(unique.values(), key=place)


def attempt(problems: list[InputError], read: Callable[..., T], *args: Any) -> T | None:
    """``read(*args)``, or None with its mistake added to ``problems``: each part of an input is read
    even when another has a mistake, so that one run reports them all."""
    try:
        return read(*args)
    except InputError as error:
        problems.append(error)
        return None


def collect(errors: list[InputError], *, shown: int | None = 30) -> None:
    """Raise the collected errors, if any: one as itself, several together, each once (copies
    repeat each other's problems), in the order of the files and lines they are at; ``shown``:
    how many of them its message lists (None: all)."""
    errors = sorted_problems(errors)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors, shown)
