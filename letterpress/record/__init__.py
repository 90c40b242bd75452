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

from ..atomic import atomic_write
from ..errors import InputError, Location

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
    letter: str
    date: str
    inputs: dict[str, str]  # input path -> sha256
    files: tuple[FileRecord, ...] = ()
    generator: str = "letterpress"
    version: int = MANIFEST_VERSION

    def to_json(self) -> str:
        data = asdict(self)
        data["files"] = sorted(data["files"], key=lambda f: f["file"])
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ensure_output_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {path}: {exc.strerror}", location=Location(path),
                         hint="choose a folder you can write to with -o") from None
    if not os.access(path, os.W_OK):
        raise InputError(f"the output folder {path} is not writable", location=Location(path),
                         hint="choose a folder you can write to with -o, or fix its permissions")
    return path


def write_manifest(out_dir: Path, manifest: Manifest) -> Path:
    path = out_dir / MANIFEST
    atomic_write(path, manifest.to_json().encode("utf-8"))
    return path


def read_manifest(out_dir: Path) -> Manifest | None:
    """The manifest of an earlier build in ``out_dir``, or None if there is none or it is unreadable."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text("utf-8"))
        files = tuple(FileRecord(**entry) for entry in data.get("files", ()))
        return Manifest(letter=data["letter"], date=data["date"], inputs=dict(data["inputs"]), files=files,
                        generator=data.get("generator", "letterpress"), version=data.get("version", 1))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a killed process (SIGKILL cannot be caught) are removed on the next run."""
    for leftover in out_dir.glob(".*.part"):
        try:
            leftover.unlink()
        except OSError:
            pass


__all__ = ["FileRecord", "Manifest", "atomic_write", "write_manifest", "read_manifest", "ensure_output_dir",
           "sha256", "remove_stale_temporaries", "MANIFEST"]
