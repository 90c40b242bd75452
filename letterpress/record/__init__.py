"""Stage 5b: write results safely and record them in a manifest.

Every file is written under a temporary name in the same folder and renamed
into place, so a crash, Ctrl-C or SIGTERM never leaves a half-written PDF; the
manifest lists complete files only.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

from ..atomic import atomic_write, remove_temporaries
from ..errors import OUTPUT_ELSEWHERE, InputError, Location, system_problem

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class FileRecord:
    """One written file: what it is, and enough to check it later."""

    file: str  # relative to the output folder
    recipient: str  # "" for a file about every recipient (the label sheet)
    language: str  # "" for a file in several languages (packets, envelopes, labels)
    pages: int
    bytes: int
    sha256: str
    inputs: str  # a hash of everything that determined this file (for skipping unchanged copies)
    kind: str = "letter"  # letter | envelope | packet | labels


@dataclass(frozen=True)
class Manifest:
    """``manifest.json``: the letter, its date, every input's sha256 and a record of every file written."""

    letter: str
    date: str
    inputs: dict[str, str]  # input path -> sha256
    files: tuple[FileRecord, ...] = ()
    generator: str = "letterpress"
    version: int = MANIFEST_VERSION

    def to_json(self) -> str:
        """The manifest as JSON text, files sorted by name and keys sorted, so the same build gives the same bytes."""
        data = asdict(self)
        data["files"] = sorted(data["files"], key=lambda f: f["file"])
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def ensure_output_dir(path: Path) -> Path:
    """Create the output folder if needed; an input error when it cannot be made or written to."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {path}: {exc.strerror}", location=Location(path),
                         hint="choose a folder you can write to with -o") from None
    if not os.access(path, os.W_OK):
        raise InputError(f"the output folder {path} is not writable", location=Location(path),
                         hint="choose a folder you can write to with -o, or fix its permissions")
    return path


def write_output(path: Path, data: bytes, *, elsewhere: str | None = OUTPUT_ELSEWHERE) -> None:
    """Write one output file atomically; the system's refusals (full disk, a folder of that name,
    permission denied) are the user's to fix: an :class:`InputError` naming ``path`` (not the
    temporary file the refusal names) and the fix; ``elsewhere``: how the command chooses another
    place (see :func:`~letterpress.errors.system_problem`)."""
    try:
        atomic_write(path, data)
    except OSError as exc:
        problem = system_problem(exc, path, elsewhere=elsewhere)
        if problem is None:
            raise
        raise problem from None


def make_folder(path: Path, elsewhere: str | None = OUTPUT_ELSEWHERE) -> None:
    """``mkdir -p path``; the system's refusal as :func:`write_output` reports it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = system_problem(exc, exc.filename or path, elsewhere=elsewhere)
        if problem is None:
            raise
        raise problem from None


def write_manifest(out_dir: Path, manifest: Manifest) -> Path:
    """Write ``out_dir/manifest.json`` atomically and return its path."""
    path = out_dir / MANIFEST
    write_output(path, manifest.to_json().encode("utf-8"))
    return path


JOURNAL = ".letterpress-journal"


def journal(out_dir: Path, record: "FileRecord") -> None:
    """Append a file's record to the folder's journal as the file lands (by the process that wrote
    it, one ``write`` of one line in append mode, so the batch's workers never interleave): a build
    that is killed leaves the journal, and the next run reuses every file in it whose bytes on
    disk still match its record. The manifest replaces it when the build ends."""
    line = (json.dumps(asdict(record), ensure_ascii=False) + "\n").encode("utf-8")
    try:
        handle = os.open(out_dir / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            os.write(handle, line)
        finally:
            os.close(handle)
    except OSError:
        pass  # only a later run's speed depends on it


def remove_journal(out_dir: Path) -> None:
    """Delete the folder's journal (once the manifest records the build); no error when there is none."""
    (out_dir / JOURNAL).unlink(missing_ok=True)


def read_journal(out_dir: Path) -> list[FileRecord]:
    """The records a killed build appended (a torn last line is skipped)."""
    records = []
    try:
        lines = (out_dir / JOURNAL).read_text("utf-8").splitlines()
    except (OSError, ValueError):
        return []
    for line in lines:
        try:
            records.append(FileRecord(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return records


LOCK = ".letterpress.lock"


class OutputLock:
    """One build at a time per output folder: a second build waits for the first (saying which
    process it waits for), rather than both writing and recording the same files. The lock is the
    kernel's (``flock``): a killed build holds it no longer."""

    def __init__(self, out_dir: Path, *, on_wait=None):
        self.path = out_dir / LOCK
        self.on_wait = on_wait
        self._handle = None

    def __enter__(self) -> "OutputLock":
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            return self
        told = False
        while True:
            try:
                handle = open(self.path, "a+", encoding="utf-8")
            except OSError as exc:
                problem = system_problem(exc, self.path)
                if problem is None:
                    raise
                raise problem from None
            try:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    if self.on_wait is not None and not told:
                        self.on_wait(f"waiting for the build (pid {holder}) writing to {self.path.parent} to finish")
                        told = True
                    fcntl.flock(handle, fcntl.LOCK_EX)
            except OSError:  # a file system without locks (some network shares): no lock, as before
                handle.close()
                return self
            # The holder removes the file as it finishes: a lock taken on a removed file is no lock.
            try:
                if os.fstat(handle.fileno()).st_ino == os.stat(self.path).st_ino:
                    break
            except FileNotFoundError:
                pass
            handle.close()
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            try:
                self.path.unlink()  # while still held, so that the next build's check above holds
            except OSError:
                pass
            self._handle.close()  # releases the lock
            self._handle = None


def read_manifest(out_dir: Path) -> Manifest | None:
    """The manifest of an earlier build in ``out_dir``, or None if there is none or it is unreadable."""
    try:
        return manifest_from_json(json.loads((out_dir / MANIFEST).read_text("utf-8")))
    except (OSError, ValueError):
        return None


_RECORD_TYPES = {"file": str, "recipient": str, "language": str, "pages": int, "bytes": int, "sha256": str,
                 "inputs": str, "kind": str}


def manifest_from_json(data: object) -> Manifest:
    """The :class:`Manifest` that parsed JSON ``data`` holds; a ValueError saying (for people) what is
    wrong when it is not one a build writes. Any JSON value may be in the file (``[]``, ``null``, a
    record whose ``file`` is a number): a build or review must not trip over it later."""
    if not isinstance(data, dict):
        raise ValueError(f"it holds a JSON {_json_kind(data)}, not an object")
    for key in ("letter", "date"):
        if not _is(data.get(key), str):
            raise ValueError(f"it has no {key!r}")
    inputs = data.get("inputs")
    if not isinstance(inputs, dict) or not all(_is(k, str) and _is(v, str) for k, v in inputs.items()):
        raise ValueError("its 'inputs' is not a map of file names to sha256 sums")
    entries = data.get("files", [])
    if not isinstance(entries, list):
        raise ValueError("its 'files' is not a list")
    files = []
    for number, entry in enumerate(entries, 1):
        if not (isinstance(entry, dict) and set(_RECORD_TYPES) - {"kind"} <= set(entry) <= set(_RECORD_TYPES)
                and all(_is(value, _RECORD_TYPES[key]) for key, value in entry.items())):
            raise ValueError(f"its file record {number} is not one a build writes")
        files.append(FileRecord(**entry))
    generator, version = data.get("generator", "letterpress"), data.get("version", MANIFEST_VERSION)
    if not _is(generator, str) or not _is(version, int):
        raise ValueError("its 'generator' or 'version' is not one a build writes")
    return Manifest(letter=data["letter"], date=data["date"], inputs=dict(inputs), files=tuple(files),
                    generator=generator, version=version)


def _is(value: object, kind: type) -> bool:
    return isinstance(value, kind) and not isinstance(value, bool)  # JSON's true is no number


def _json_kind(value: object) -> str:
    return {list: "list", str: "string", bool: "true or false", int: "number", float: "number"}.get(
        type(value), "null" if value is None else type(value).__name__)


def still_valid(out_dir: Path, manifest: Manifest | None, journalled: Iterable[FileRecord] = ()
                ) -> dict[str, FileRecord]:
    """Records of an earlier build whose files are still there, unchanged (same size and sha256),
    by file name: from its manifest, and from the journal of a build that was killed before it
    could write one (the later record wins)."""
    valid = {}
    for file, records in earlier_records(manifest, journalled).items():
        record = current_record(out_dir, records)
        if record is not None:
            valid[file] = record
    return valid


def earlier_records(manifest: Manifest | None, journalled: Iterable[FileRecord] = ()) -> dict[str, list[FileRecord]]:
    """Every record an earlier build left of each file, by file name, oldest first: its manifest's,
    then its journal's. Which one holds is :func:`current_record`'s to say, asked only of a file
    that may be kept (a build that remakes a file need not read it first)."""
    found: dict[str, list[FileRecord]] = {}
    for record in [*(manifest.files if manifest is not None else ()), *journalled]:
        found.setdefault(record.file, []).append(record)
    return found


def current_record(out_dir: Path, records: list[FileRecord]) -> FileRecord | None:
    """The latest of one file's ``records`` whose file is there unchanged (same size and sha256), or None."""
    if not records:
        return None
    path = out_dir / records[-1].file
    try:
        size = path.stat().st_size
        sized = [record for record in reversed(records) if record.bytes == size]
        digest = sha256(path.read_bytes()) if sized else None  # read once, whatever the records
    except OSError:
        return None
    return next((record for record in sized if record.sha256 == digest), None)


def remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a killed process (SIGKILL cannot be caught) are removed on the next
    run; another running build's are its own."""
    remove_temporaries(out_dir)


__all__ = ["FileRecord", "Manifest", "atomic_write", "write_output", "write_manifest", "read_manifest",
           "manifest_from_json", "make_folder",
           "ensure_output_dir", "sha256", "remove_stale_temporaries", "MANIFEST", "journal", "read_journal",
           "remove_journal", "still_valid", "earlier_records", "current_record", "OutputLock"]
