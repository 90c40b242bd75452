"""The batch: every stage, in order, for every copy of a project.

    load -> plan copies -> compose -> prepare fonts -> preflight -> typeset -> render -> (sign) -> write

``build_project`` is the library's main entry point; the CLI is a thin shell
around it.  Fonts are prepared once per batch and shared with the worker
processes; each copy is written as soon as it is made and only its record is
kept, so memory stays flat in the number of letters.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import time
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .compose import Copy, compose_copy, plan_copies
from .compose.document import Document
from .errors import InputError, UsageError, collect
from .fonts import prepare_fonts
from .fonts.face import FontSet
from .model import Project
from .preflight import (address_problems, coverage_problems, document_problems, generated_text_problems,
                        once_per_script, source_texts, text_problems, tofu_problems)
from .record import (FileRecord, Manifest, OutputLock, ensure_output_dir, journal, read_journal, read_manifest,
                     remove_journal, remove_stale_temporaries, sha256, write_manifest, write_output)
from .cache import flush as flush_caches
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
    envelopes: bool = False  # also OUT/<recipient>.envelope.pdf
    packets: bool = False  # also OUT/<recipient>.packet.pdf: all its copies (and envelope) in one file
    labels: bool = False  # also OUT/labels.pdf: one address label per recipient
    show_windows: bool = False  # draw the window outlines, for checking by eye
    signing_key: object | None = None  # letterpress.sign.SigningKey: sign every PDF (PAdES B-B)
    timestamp_url: str | None = None  # with a signing key: PAdES B-T from this timestamp authority
    signature_stamp: bool = False  # a visible signature box on the last page
    sort_signatories: bool = False  # signatories in the copy language's collation order, not roster order


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


def texts_by_language(documents: Iterable[Document],
                      seen: Callable[[Document, tuple[tuple[str, str], ...]], None] | None = None) -> dict[str, str]:
    """Every distinct character each language's text will draw, for font preparation; ``seen``
    is given each document with its texts (worked out once a copy)."""
    chars: dict[str, set[str]] = defaultdict(set)
    for document in documents:
        pairs = document.texts()
        if seen is not None:
            seen(document, pairs)
        for language, text in pairs:
            chars[language].update(text)
    return {language: "".join(sorted(found)) for language, found in sorted(chars.items())}


@dataclass
class Survey:
    """What the pass over every copy learns for the checks that run before anything is written."""

    addresses: dict[str, tuple] = field(default_factory=dict)  # recipient -> (address block, layout name)
    texts: dict[str, str] = field(default_factory=dict)  # language -> every character the copies draw
    font_texts: dict[str, str] = field(default_factory=dict)  # the same with the source texts: what faces cover
    printed: dict[tuple[str, str], tuple[str, frozenset[str]]] = field(default_factory=dict)
    # (recipient, language) -> (digest of what the copy prints, the languages its texts are in)


@dataclass(frozen=True)
class BatchFonts:
    """The batch's faces: the letter's, and their own for recipients that name font families."""

    default: FontSet
    by_recipient: dict[str, FontSet] = field(default_factory=dict)

    def of(self, recipient_id: str) -> FontSet:
        return self.by_recipient.get(recipient_id, self.default)

    def checked(self, recipient_id: str) -> bool:
        """Whether the batch's preflight checked this recipient's characters against its faces: it
        checks every copy's composed text against the letter's faces, not a recipient's own."""
        return recipient_id not in self.by_recipient


def prepare_batch_fonts(project: Project, options: BuildOptions, survey: Survey) -> BatchFonts:
    default = prepare_project_fonts(project, options, survey)
    by_recipient = {}
    for recipient in project.recipients:
        if recipient.fonts:
            overrides = dict(project.fonts)
            for language, families in recipient.fonts:  # the recipient's families come first
                overrides[language] = tuple(families) + tuple(overrides.get(language, ()))
            by_recipient[recipient.id] = prepare_fonts(survey.font_texts, project_dir=project.root,
                                                       font_dirs=options.font_dirs, overrides=overrides,
                                                       cache_dir=options.cache_dir)
    return BatchFonts(default, by_recipient)


def prepare_project_fonts(project: Project, options: BuildOptions, survey: Survey | None = None) -> FontSet:
    """Faces for every copy the project can make (not just this batch's), so the cache is shared.

    The source texts are included too, so the coverage preflight can point at any character
    of the input (a language no recipient receives is still checked). A ``survey`` receives
    each recipient's address block and the composed text, from the same pass.
    """

    def surveyed(document: Document, pairs: tuple[tuple[str, str], ...]) -> None:
        if survey is not None:
            survey.addresses.setdefault(document.recipient_id, (document.address, document.layout_name))
            survey.printed[(document.recipient_id, document.language)] = printed_digest(document, pairs)

    composed = texts_by_language(compose_all(project, plan_copies(project)), surveyed)
    if survey is not None:
        survey.texts.update(composed)
    texts = dict(composed)
    for text, language, _, _ in source_texts(project):
        texts[language] = texts.get(language, "") + text
    font_texts = {language: "".join(sorted(set(text))) for language, text in texts.items()}
    if survey is not None:
        survey.font_texts.update(font_texts)
    return prepare_fonts(
        font_texts,
        project_dir=project.root,
        font_dirs=options.font_dirs,
        overrides=dict(project.fonts),
        cache_dir=options.cache_dir,
    )


def printed_digest(document: Document, pairs: tuple[tuple[str, str], ...] | None = None
                   ) -> tuple[str, frozenset[str]]:
    """A digest of every text a copy prints and where it goes (not where in the input it came
    from: a comment or a line moved in a YAML file changes nothing), and the languages of its
    texts (whose faces it embeds)."""
    digest = hashlib.sha256(f"{document.layout_name}\x00{document.letterhead.logo}".encode())
    for item in dataclasses.fields(document):  # the copy's settings (kashida: true, ...)
        value = getattr(document, item.name)
        if value is None or isinstance(value, (bool, int, float, str)):
            digest.update(f"\x00{item.name}={value!r}".encode())
    pairs = document.texts() if pairs is None else pairs
    digest.update("\x00".join([f"{language}\x01{text}" for language, text in pairs]).encode())
    digest.update("\x00".join([f"{entry.kind}\x01{entry.signature}" for entry in document.signatories]).encode())
    return digest.hexdigest(), frozenset(language for language, _ in pairs)


_TEXT_INPUTS = (".yaml", ".yml", ".md", ".csv", ".tsv", ".xlsx", ".ods")


def task_fingerprint(project: Project, task: "Task", fonts: FontSet, options: BuildOptions,
                     survey: Survey | None = None) -> str:
    """What determines a file's bytes, and nothing else: what the copy prints (its language's body,
    the shared texts, its recipient's printed fields, read from the composed copy), the images
    and faces it embeds, the options, and letterpress's code. A recipient's ``note``, a comment, or
    another language's body changes nothing."""
    digest = hashlib.sha256()
    key = options.signing_key
    digest.update(json.dumps([__version__, _code_stamp(), task.kind, task.recipient_id, task.languages,
                              str(project.date), options.show_windows, options.envelopes, options.sort_signatories,
                              getattr(key, "subject", None),
                              options.timestamp_url, options.signature_stamp]).encode())
    printed = [survey.printed.get((task.recipient_id, language)) for language in task.languages] \
        if survey is not None else [None]
    if any(entry is None for entry in printed):  # not surveyed: every input counts
        languages = None
        for item in project.inputs:
            digest.update(f"{item.path}={item.sha256}".encode())
    else:
        languages = set().union(*(entry[1] for entry in printed))
        bodies = {f"body/{language}.md" for language in task.languages}
        for entry in printed:
            digest.update(entry[0].encode())
        for item in project.inputs:  # styling lives in the body's markdown; images are bytes
            if item.path in bodies or not item.path.lower().endswith(_TEXT_INPUTS):
                digest.update(f"{item.path}={item.sha256}".encode())
    for (language, style), faces in sorted(fonts.chains.items()):
        if languages is None or language in languages:
            digest.update(f"{language}/{style}:{','.join(face.key for face in faces)}".encode())
    return digest.hexdigest()


@functools.cache
def _code_stamp() -> str:
    """letterpress's code as installed (each module's size and modification time: a stat each,
    not a read): an edited module rebuilds every copy."""
    stamps = []
    package = os.path.dirname(os.path.abspath(__file__))
    for root, folders, files in os.walk(package):
        folders[:] = [folder for folder in folders if folder != "__pycache__"]
        for name in files:
            if name.endswith((".py", ".yaml", ".json")):
                stat = os.stat(os.path.join(root, name))
                stamps.append(f"{os.path.relpath(root, package)}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(sorted(stamps)).encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Task:
    """One file to write: a letter copy, or a recipient's envelope or packet."""

    kind: str  # letter | envelope | packet
    recipient_id: str
    language: str  # the copy's language; for envelopes and packets, the recipient's first
    languages: tuple[str, ...]  # packets: every copy's language

    @property
    def file(self) -> str:
        if self.kind == "letter":
            return f"{self.recipient_id}.{self.language}.pdf"
        return f"{self.recipient_id}.{self.kind}.pdf"


def plan_tasks(project: Project, copies: tuple[Copy, ...], options: BuildOptions) -> list[Task]:
    tasks = [Task("letter", c.recipient_id, c.language, (c.language,)) for c in copies]
    recipients: dict[str, list[str]] = {}
    for copy in copies:
        recipients.setdefault(copy.recipient_id, []).append(copy.language)
    for recipient_id, languages in recipients.items():
        if options.envelopes:
            tasks.append(Task("envelope", recipient_id, languages[0], tuple(languages)))
        if options.packets:
            tasks.append(Task("packet", recipient_id, languages[0], tuple(languages)))
    return tasks


def build_copy(project: Project, copy: Copy, fonts: FontSet, *, show_windows: bool = False,
               sort_signatories: bool = False) -> tuple[bytes, int]:
    """One copy as PDF bytes, and its page count."""
    from .render import render_pdf

    typeset = _typeset_copy(project, copy, fonts, show_windows, sort_signatories, checked=False)
    return render_pdf(typeset), len(typeset.pages)


def _typeset_copy(project: Project, copy: Copy, fonts: FontSet, show_windows: bool, sort_signatories: bool,
                  checked: bool):
    """``checked``: the batch's preflight has already checked every character this copy draws
    (``generated_text_problems`` over every copy's composed text), so it is not checked again."""
    document = compose_copy(project, copy, sort_signatories=sort_signatories)
    if not checked:
        collect(document_problems(document, fonts))
    typeset = typeset_document(document, fonts, show_windows=show_windows)
    collect(tofu_problems(typeset, project, copy.language))  # placed in the input, before the PDF writer
    return typeset


def _typeset_envelope(project: Project, task: Task, fonts: FontSet, show_windows: bool):
    from .paper import load_layout
    from .typeset.envelope import typeset_envelope

    document = compose_copy(project, Copy(task.recipient_id, task.language))
    return typeset_envelope(document, fonts, load_layout(document.layout_name), show_windows=show_windows)


def build_task(project: Project, task: Task, batch_fonts: BatchFonts, options: BuildOptions) -> tuple[bytes, int]:
    # The renderer (reportlab, slow to import) is imported only when a copy is made: a re-run
    # that finds every copy unchanged never needs it.
    from .render import render_packet, render_pdf

    fonts = batch_fonts.of(task.recipient_id)
    checked = batch_fonts.checked(task.recipient_id)
    show = options.show_windows
    if task.kind == "letter":
        typeset = _typeset_copy(project, Copy(task.recipient_id, task.language), fonts, show,
                                options.sort_signatories, checked)
        return render_pdf(typeset), len(typeset.pages)
    if task.kind == "envelope":
        typeset = _typeset_envelope(project, task, fonts, show)
        return render_pdf(typeset), len(typeset.pages)
    parts = [_typeset_copy(project, Copy(task.recipient_id, language), fonts, show, options.sort_signatories,
                           checked) for language in task.languages]
    if options.envelopes:
        parts.append(_typeset_envelope(project, task, fonts, show))
    return render_packet(parts), sum(len(part.pages) for part in parts)


def write_task(project: Project, task: Task, fonts: BatchFonts, options: BuildOptions, fingerprint: str
               ) -> CopyResult:
    started = time.perf_counter()
    data, pages = build_task(project, task, fonts, options)
    data = _signed(data, project, task.file, options)
    language = task.language if task.kind == "letter" else ""
    record = FileRecord(task.file, task.recipient_id, language, pages, len(data), sha256(data), fingerprint,
                        task.kind)
    # journalled before it lands: a kill between the two leaves a record the disk does not match
    # (not reused), never a complete copy without its record
    journal(options.out_dir, record)
    write_output(options.out_dir / task.file, data)
    flush_caches()
    return CopyResult(record, skipped=False, seconds=time.perf_counter() - started)


def _signed(data: bytes, project: Project, file: str, options: BuildOptions) -> bytes:
    """``data`` signed when the build signs: every PDF it writes, so ``verify OUT/*.pdf`` meets none unsigned."""
    if options.signing_key is None:
        return data
    from .sign import sign_pdf, signing_time_from_environment

    return sign_pdf(data, options.signing_key, signing_time=signing_time_from_environment(),
                    timestamp_url=options.timestamp_url, stamp=options.signature_stamp,
                    reason=f"{project.id}: {file}")


def write_labels(project: Project, recipients: list[str], fonts: FontSet, options: BuildOptions) -> CopyResult:
    from .paper import load_layout
    from .render import render_pdf
    from .typeset.envelope import typeset_labels

    started = time.perf_counter()
    documents = [compose_copy(project, Copy(r, project.recipient(r).languages[0])) for r in recipients]
    papers = {load_layout(d.layout_name).paper for d in documents}
    paper = "Letter" if papers == {"Letter"} else "A4"
    typeset = typeset_labels(documents, fonts, paper)
    data = _signed(render_pdf(typeset), project, "labels.pdf", options)
    write_output(options.out_dir / "labels.pdf", data)
    record = FileRecord("labels.pdf", "", "", len(typeset.pages), len(data), sha256(data), "", "labels")
    return CopyResult(record, skipped=False, seconds=time.perf_counter() - started)


# --- worker processes -------------------------------------------------------------------------
# A worker builds copies for one batch; its (read-only) batch state is set once by the initializer
# and inherited through fork, so fonts are prepared once and never pickled per copy.
_batch: tuple[Project, BatchFonts, BuildOptions] | None = None


def _init_worker(project: Project, fonts: BatchFonts, options: BuildOptions) -> None:
    global _batch
    _batch = (project, fonts, options)
    _die_with_parent()


def _die_with_parent() -> None:
    """End this worker when the build that started it is gone (killed with SIGKILL, say, which no
    handler sees): a thread watches the parent's pid, so no worker lives on holding the caches."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="letterpress-parent-watch", daemon=True).start()


def _work(chunk: list[tuple[Task, str]]) -> list[CopyResult]:
    assert _batch is not None, "worker not initialised"
    project, fonts, options = _batch
    return [write_task(project, task, fonts, options, fingerprint)
            for task, fingerprint in chunk]


def _chunks(tasks: list[tuple[Task, str]], jobs: int) -> list[list[tuple[Task, str]]]:
    """Copies grouped by language, so each worker sets a language's paragraphs once and reuses them;
    groups are cut into chunks small enough to keep results streaming and the workers balanced."""
    by_language: dict[str, list[tuple[Task, str]]] = {}
    for item in tasks:
        by_language.setdefault(item[0].language, []).append(item)
    size = max(1, min(10, -(-len(tasks) // (jobs * 2))))
    return [group[i:i + size] for group in by_language.values() for i in range(0, len(group), size)]


def _jobs(requested: int, tasks: int) -> int:
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(requested or available, tasks))


@contextlib.contextmanager
def fewer_collections():
    """Run the cyclic garbage collector less often while a batch is built, then as before.

    Layout makes tens of thousands of small objects per letter (clusters, boxes, glyph runs),
    nearly all freed by reference counting; at CPython's default threshold (700 allocations) the
    collector ran so often that it took a large share of layout time (benchmarks/layout_paragraphs.py
    measures both thresholds). Cycles are still collected, every 50,000 allocations.
    """
    saved = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def build_project(project: Project, options: BuildOptions,
                  on_copy: Callable[[CopyResult], None] | None = None,
                  on_start: Callable[[int], None] | None = None,
                  on_wait: Callable[[str], None] | None = None) -> BuildReport:
    """Build the project's copies into ``options.out_dir``. One build at a time writes to a
    folder: another one waits (``on_wait`` is told which process it waits for)."""
    with fewer_collections(), OutputLock(ensure_output_dir(options.out_dir), on_wait=on_wait):
        return _build_project(project, options, on_copy, on_start)


def _build_project(project: Project, options: BuildOptions, on_copy: Callable[[CopyResult], None] | None,
                   on_start: Callable[[int], None] | None) -> BuildReport:
    started = time.perf_counter()
    copies = plan_copies(project, recipients=options.recipients, languages=options.languages)
    if options.shard is not None:
        copies = options.shard.select(copies)
    if not copies and options.shard is None:
        raise InputError("nothing to build: no recipient receives the languages asked for",
                         hint="check --recipient and --language against recipients.yaml")
    out_dir = ensure_output_dir(options.out_dir)
    remove_stale_temporaries(out_dir)
    survey = Survey()
    fonts = prepare_batch_fonts(project, options, survey)
    # Refuse before writing anything: tofu (in the input or in what letterpress adds: dates,
    # country names, page labels), and addresses that do not fit their windows.
    wanted = {copy.recipient_id for copy in copies}
    collect(text_problems(project) + once_per_script(coverage_problems(project, fonts.default)
                            + generated_text_problems(survey.texts, fonts.default))
            + address_problems({rid: a for rid, a in survey.addresses.items() if rid in wanted}, fonts.of))
    report = BuildReport()
    report.timings["prepare"] = time.perf_counter() - started
    if on_start is not None:
        on_start(len(copies))

    manifest_before = read_manifest(out_dir)
    previous = _still_valid(out_dir, manifest_before, read_journal(out_dir))
    records: dict[str, FileRecord] = dict(previous)
    tasks: list[tuple[Task, str]] = []
    for task in plan_tasks(project, copies, options):
        fingerprint = task_fingerprint(project, task, fonts.of(task.recipient_id), options, survey)
        earlier = previous.get(task.file)
        if not options.force and earlier is not None and earlier.inputs == fingerprint:
            result = CopyResult(earlier, skipped=True)
            report.results.append(result)
            if on_copy is not None:
                on_copy(result)
        else:
            records.pop(task.file, None)  # being rebuilt: not complete until written again
            tasks.append((task, fingerprint))

    def manifest() -> Manifest:
        return Manifest(letter=project.id, date=project.date.isoformat(),
                        inputs={item.path: item.sha256 for item in project.inputs}, files=tuple(records.values()))

    # The manifest never lists a file whose bytes differ: the entries of files about to be
    # replaced leave it before any is; each file that lands is journalled at once (a kill keeps it).
    if manifest_before is not None and {r.file for r in manifest_before.files} - set(records):
        write_manifest(out_dir, manifest())

    def done(result: CopyResult) -> None:
        records[result.record.file] = result.record
        report.results.append(result)
        if on_copy is not None:
            on_copy(result)

    try:
        options = replace(options, out_dir=out_dir)
        jobs = _jobs(options.jobs, len(tasks))
        if jobs == 1:
            for task, fingerprint in tasks:
                done(write_task(project, task, fonts, options, fingerprint))
        else:
            _run_pool(project, fonts, options, tasks, jobs, done)
        if options.labels:
            done(write_labels(project, list(dict.fromkeys(c.recipient_id for c in copies)), fonts.default, options))
        flush_caches()
    finally:
        # Even when interrupted, the manifest lists exactly the complete files.
        report.manifest = write_manifest(out_dir, manifest())
        remove_journal(out_dir)
        report.timings["total"] = time.perf_counter() - started
    return report


def _run_pool(project: Project, fonts: BatchFonts, options: BuildOptions, tasks: list[tuple[Task, str]], jobs: int,
              done: Callable[[CopyResult], None]) -> None:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    flush_caches()  # what the checks cached here is written once, not by every worker
    import letterpress.render  # noqa: F401  (imported once, here, and inherited by every worker)
    # What the workers inherit (project, fonts) lives for the whole batch: kept out of every
    # collection, so the collector neither scans it nor writes to (and so copies) its pages.
    gc.freeze()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(project, fonts, options))
    pending: set = set()
    try:
        # Keep a bounded number of chunks in flight: results stream, memory stays flat.
        for chunk in _chunks(tasks, jobs):
            pending.add(pool.submit(_work, chunk))
            if len(pending) >= jobs * 3:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    for result in future.result():
                        done(result)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                for result in future.result():
                    done(result)
    except BaseException:
        # Interrupted or failed: start nothing new, let running copies finish (each is written
        # atomically) and record those that did, so the manifest matches the folder.
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        for future in pending:
            if future.done() and not future.cancelled() and future.exception() is None:
                for result in future.result():
                    done(result)
        raise
    finally:
        pool.shutdown(wait=True)
        gc.unfreeze()


def _still_valid(out_dir: Path, manifest: Manifest | None, journalled: Iterable[FileRecord] = ()
                 ) -> dict[str, FileRecord]:
    """Records of an earlier build whose files are still there, unchanged: from its manifest, and
    from the journal of a build that was killed before it could write one (the later record wins)."""
    valid = {}
    for record in [*(manifest.files if manifest is not None else ()), *journalled]:
        path = out_dir / record.file
        try:
            if path.stat().st_size == record.bytes and sha256(path.read_bytes()) == record.sha256:
                valid[record.file] = record
        except OSError:
            continue
    return valid


__all__ = ["BuildOptions", "BuildReport", "CopyResult", "Shard", "Task", "build_project", "build_copy",
           "prepare_project_fonts"]
