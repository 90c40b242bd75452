"""The batch: every stage, in order, for every copy of a project.

    load -> plan copies -> compose -> prepare fonts -> preflight -> typeset -> render -> (sign) -> write

``build_project`` is the library's main entry point; the CLI is a thin shell
around it.  Fonts are prepared once per batch and shared with the worker
processes; each copy is written as soon as it is made and only its record is
kept, so memory stays flat in the number of letters.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .compose import Copy, compose_copy, plan_copies
from .compose.document import Document
from .errors import InputError, UsageError, collect
from .fonts import prepare_fonts
from .fonts.face import FontSet
from .model import Project
from .preflight import coverage_problems, document_problems
from .record import (FileRecord, Manifest, atomic_write, ensure_output_dir, read_manifest,
                     remove_stale_temporaries, sha256, write_manifest)
from .render import render_pdf
from .typeset import typeset_document


@dataclass(frozen=True)
class Shard:
    """The K-th of N deterministic shares of a batch (1-based), for splitting a campaign across CI jobs."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
        try:
            index, count = (int(part) for part in text.split("/"))
        except ValueError:
            raise UsageError(f"--shard {text!r}: write K/N, e.g. 2/4") from None
        if not (count >= 1 and 1 <= index <= count):
            raise UsageError(f"--shard {text!r}: K must be between 1 and N")
        return cls(index, count)

    def select(self, copies: tuple[Copy, ...]) -> tuple[Copy, ...]:
        # Round-robin over the roster order: even shares, the same for every run of the same roster.
        return tuple(copy for i, copy in enumerate(copies) if i % self.count == self.index - 1)


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    recipients: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    font_dirs: tuple[Path, ...] = ()
    cache_dir: Path | None = None
    force: bool = False
    jobs: int = 0  # 0: one per CPU
    shard: Shard | None = None


@dataclass(frozen=True)
class CopyResult:
    record: FileRecord
    skipped: bool  # unchanged since the last build: not rebuilt
    seconds: float = 0.0


@dataclass
class BuildReport:
    results: list[CopyResult] = field(default_factory=list)
    manifest: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)

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
    for (language, style), faces in sorted(fonts.chains.items()):
        digest.update(f"{language}/{style}:{','.join(face.key for face in faces)}".encode())
    return digest.hexdigest()


def build_copy(project: Project, copy: Copy, fonts: FontSet) -> tuple[bytes, int]:
    """One copy as PDF bytes, and its page count."""
    document = compose_copy(project, copy)
    collect(document_problems(document, fonts))
    typeset = typeset_document(document, fonts)
    return render_pdf(typeset), len(typeset.pages)


def write_copy(project: Project, copy: Copy, fonts: FontSet, out_dir: Path, fingerprint: str) -> CopyResult:
    started = time.perf_counter()
    data, pages = build_copy(project, copy, fonts)
    name = f"{copy.stem}.pdf"
    atomic_write(out_dir / name, data)
    record = FileRecord(name, copy.recipient_id, copy.language, pages, len(data), sha256(data), fingerprint)
    return CopyResult(record, skipped=False, seconds=time.perf_counter() - started)


# --- worker processes -------------------------------------------------------------------------
# A worker builds copies for one batch; its (read-only) batch state is set once by the initializer
# and inherited through fork, so fonts are prepared once and never pickled per copy.
_batch: tuple[Project, FontSet, Path] | None = None


def _init_worker(project: Project, fonts: FontSet, out_dir: Path) -> None:
    global _batch
    _batch = (project, fonts, out_dir)


def _work(copy: Copy, fingerprint: str) -> CopyResult:
    assert _batch is not None, "worker not initialised"
    project, fonts, out_dir = _batch
    return write_copy(project, copy, fonts, out_dir, fingerprint)


def _jobs(requested: int, tasks: int) -> int:
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(requested or available, tasks))


def build_project(project: Project, options: BuildOptions,
                  on_copy: Callable[[CopyResult], None] | None = None,
                  on_start: Callable[[int], None] | None = None) -> BuildReport:
    started = time.perf_counter()
    copies = plan_copies(project, recipients=options.recipients, languages=options.languages)
    if options.shard is not None:
        copies = options.shard.select(copies)
    if not copies and options.shard is None:
        raise InputError("nothing to build: no recipient receives the languages asked for",
                         hint="check --recipient and --language against recipients.yaml")
    out_dir = ensure_output_dir(options.out_dir)
    remove_stale_temporaries(out_dir)
    fonts = prepare_project_fonts(project, options)
    collect(coverage_problems(project, fonts))  # tofu is never an outcome: refuse before writing
    report = BuildReport()
    report.timings["prepare"] = time.perf_counter() - started
    if on_start is not None:
        on_start(len(copies))

    previous = _still_valid(out_dir, read_manifest(out_dir))
    records: dict[str, FileRecord] = dict(previous)
    tasks: list[tuple[Copy, str]] = []
    for copy in copies:
        fingerprint = copy_fingerprint(project, copy, fonts)
        earlier = previous.get(f"{copy.stem}.pdf")
        if not options.force and earlier is not None and earlier.inputs == fingerprint:
            result = CopyResult(earlier, skipped=True)
            report.results.append(result)
            if on_copy is not None:
                on_copy(result)
        else:
            records.pop(f"{copy.stem}.pdf", None)  # being rebuilt: not complete until written again
            tasks.append((copy, fingerprint))

    def done(result: CopyResult) -> None:
        records[result.record.file] = result.record
        report.results.append(result)
        if on_copy is not None:
            on_copy(result)

    try:
        jobs = _jobs(options.jobs, len(tasks))
        if jobs == 1:
            for copy, fingerprint in tasks:
                done(write_copy(project, copy, fonts, out_dir, fingerprint))
        else:
            _run_pool(project, fonts, out_dir, tasks, jobs, done)
    finally:
        # Even when interrupted, the manifest lists exactly the complete files.
        manifest = Manifest(
            letter=project.id,
            date=project.date.isoformat(),
            inputs={item.path: item.sha256 for item in project.inputs},
            files=tuple(records.values()),
        )
        report.manifest = write_manifest(out_dir, manifest)
        report.timings["total"] = time.perf_counter() - started
    return report


def _run_pool(project: Project, fonts: FontSet, out_dir: Path, tasks: list[tuple[Copy, str]], jobs: int,
              done: Callable[[CopyResult], None]) -> None:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                             initargs=(project, fonts, out_dir)) as pool:
        # Keep a bounded number of copies in flight: results stream, memory stays flat.
        pending = set()
        queue = iter(tasks)
        try:
            for copy, fingerprint in queue:
                pending.add(pool.submit(_work, copy, fingerprint))
                if len(pending) >= jobs * 4:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        done(future.result())
            for future in pending:
                done(future.result())
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _still_valid(out_dir: Path, manifest: Manifest | None) -> dict[str, FileRecord]:
    """Records of an earlier build whose files are still there, unchanged."""
    if manifest is None:
        return {}
    valid = {}
    for record in manifest.files:
        path = out_dir / record.file
        try:
            if path.stat().st_size == record.bytes and sha256(path.read_bytes()) == record.sha256:
                valid[record.file] = record
        except OSError:
            continue
    return valid


__all__ = ["BuildOptions", "BuildReport", "CopyResult", "Shard", "build_project", "build_copy",
           "prepare_project_fonts"]
