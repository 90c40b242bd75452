"""The batch: every stage, in order, for every copy of a project.

    load -> plan copies -> compose -> prepare fonts -> preflight -> typeset -> render -> (sign) -> write

``build_project`` is the library's main entry point; the CLI is a thin shell
around it.  Results stream out one copy at a time, so memory stays flat in the
number of letters.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .compose import Copy, compose_copy, plan_copies
from .compose.document import Document
from .errors import InputError, collect
from .fonts import prepare_fonts
from .fonts.face import FontSet
from .model import Project
from .preflight import coverage_problems, document_problems
from .record import (FileRecord, Manifest, atomic_write, ensure_output_dir, read_manifest,
                     remove_stale_temporaries, sha256, write_manifest)
from .render import render_pdf
from .typeset import typeset_document


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    recipients: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    font_dirs: tuple[Path, ...] = ()
    cache_dir: Path | None = None
    force: bool = False


@dataclass(frozen=True)
class CopyResult:
    record: FileRecord
    skipped: bool  # unchanged since the last build: not rebuilt


@dataclass
class BuildReport:
    results: list[CopyResult] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def written(self) -> int:
        return sum(1 for r in self.results if not r.skipped)

    @property
    def pages(self) -> int:
        return sum(r.record.pages for r in self.results)


def compose_all(project: Project, copies: Iterable[Copy]) -> Iterator[Document]:
    for copy in copies:
        yield compose_copy(project, copy)


def texts_by_language(documents: Iterable[Document]) -> dict[str, str]:
    """Every distinct character each language's text will draw, for font preparation."""
    chars: dict[str, set[str]] = defaultdict(set)
    for document in documents:
        for language, text in document.texts():
            chars[language].update(text)
    return {language: "".join(sorted(found)) for language, found in sorted(chars.items())}


def prepare_project_fonts(project: Project, options: BuildOptions) -> FontSet:
    """Faces for every copy the project can make (not just this batch's), so the cache is shared."""
    documents = compose_all(project, plan_copies(project))
    return prepare_fonts(
        texts_by_language(documents),
        project_dir=project.root,
        font_dirs=options.font_dirs,
        overrides=dict(project.fonts),
        cache_dir=options.cache_dir,
    )


def copy_fingerprint(project: Project, copy: Copy, fonts: FontSet) -> str:
    """What determines a copy's bytes: the inputs, the fonts and letterpress's version."""
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, copy.recipient_id, copy.language, str(project.date)]).encode())
    for item in project.inputs:
        digest.update(f"{item.path}={item.sha256}".encode())
    for language in sorted({copy.language, "en"}):
        try:
            for style in ("regular", "bold", "italic", "bold-italic"):
                digest.update("".join(face.key for face in fonts.chain(language, style)).encode())
        except KeyError:
            pass
    return digest.hexdigest()


def build_copy(project: Project, copy: Copy, fonts: FontSet) -> tuple[bytes, int]:
    """One copy as PDF bytes, and its page count."""
    document = compose_copy(project, copy)
    collect(document_problems(document, fonts))
    typeset = typeset_document(document, fonts)
    return render_pdf(typeset), len(typeset.pages)


def build_project(project: Project, options: BuildOptions,
                  on_copy: Callable[[CopyResult], None] | None = None) -> BuildReport:
    copies = plan_copies(project, recipients=options.recipients, languages=options.languages)
    if not copies:
        raise InputError("nothing to build: no recipient receives the languages asked for",
                         hint="check --recipient and --language against recipients.yaml")
    out_dir = ensure_output_dir(options.out_dir)
    remove_stale_temporaries(out_dir)
    fonts = prepare_project_fonts(project, options)
    collect(coverage_problems(project, fonts))  # tofu is never an outcome: refuse before writing
    previous = {record.file: record for record in (read_manifest(out_dir) or Manifest("", "", {})).files}
    report = BuildReport()
    try:
        for copy in copies:
            name = f"{copy.stem}.pdf"
            fingerprint = copy_fingerprint(project, copy, fonts)
            earlier = previous.get(name)
            target = out_dir / name
            if (not options.force and earlier is not None and earlier.inputs == fingerprint
                    and target.is_file() and sha256(target.read_bytes()) == earlier.sha256):
                result = CopyResult(earlier, skipped=True)
            else:
                data, pages = build_copy(project, copy, fonts)
                atomic_write(target, data)
                record = FileRecord(name, copy.recipient_id, copy.language, pages, len(data), sha256(data),
                                    fingerprint)
                result = CopyResult(record, skipped=False)
            report.results.append(result)
            if on_copy is not None:
                on_copy(result)
    finally:
        # Even when interrupted, the manifest lists exactly the complete files of this run.
        manifest = Manifest(
            letter=project.id,
            date=project.date.isoformat(),
            inputs={item.path: item.sha256 for item in project.inputs},
            files=tuple(result.record for result in report.results),
        )
        report.manifest = write_manifest(out_dir, manifest)
    return report
