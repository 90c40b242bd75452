"""The files a build makes (letter copies, envelopes, packets, the label sheet), and writing them."""
from __future__ import annotations

import time
from dataclasses import dataclass

from ..cache import flush as flush_caches
from ..compose import Copy, compose_copy
from ..errors import collect
from ..fonts.batch import BatchFonts
from ..fonts.face import FontSet
from ..model import Project
from ..preflight import document_problems, tofu_problems
from ..record import FileRecord, journal, sha256, write_output
from ..typeset import typeset_document
from .options import BuildOptions
from .plan import Task


@dataclass(frozen=True)
class CopyResult:
    """One file of the build: its record, and whether it was left as it was."""

    record: FileRecord
    skipped: bool  # unchanged since the last build: not rebuilt
    seconds: float = 0.0


def build_copy(project: Project, copy: Copy, fonts: FontSet, *, show_windows: bool = False,
               sort_signatories: bool = False) -> tuple[bytes, int]:
    """One copy as PDF bytes, and its page count."""
    from ..render import render_pdf

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
    from ..paper import load_layout
    from ..typeset.envelope import typeset_envelope

    document = compose_copy(project, Copy(task.recipient_id, task.language))
    return typeset_envelope(document, fonts, load_layout(document.layout_name), show_windows=show_windows)


def build_task(project: Project, task: Task, batch_fonts: BatchFonts, options: BuildOptions) -> tuple[bytes, int]:
    """A task's PDF bytes and page count."""
    # The renderer (reportlab, slow to import) is imported only when a copy is made: a re-run
    # that finds every copy unchanged never needs it.
    from ..render import render_packet, render_pdf

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
    """Make, sign, journal and write one task's file; its record."""
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
    from ..sign import sign_pdf, signing_time_from_environment

    return sign_pdf(data, options.signing_key, signing_time=signing_time_from_environment(),
                    timestamp_url=options.timestamp_url, stamp=options.signature_stamp,
                    reason=f"{project.id}: {file}")


def write_labels(project: Project, recipients: list[str], fonts: FontSet, options: BuildOptions) -> CopyResult:
    """The label sheet: one address label per recipient."""
    from ..paper import load_layout
    from ..render import render_pdf
    from ..typeset.envelope import typeset_labels

    started = time.perf_counter()
    documents = [compose_copy(project, Copy(r, project.recipient(r).languages[0])) for r in recipients]
    papers = {load_layout(d.layout_name).paper for d in documents}
    paper = "Letter" if papers == {"Letter"} else "A4"
    typeset = typeset_labels(documents, fonts, paper)
    data = _signed(render_pdf(typeset), project, "labels.pdf", options)
    write_output(options.out_dir / "labels.pdf", data)
    record = FileRecord("labels.pdf", "", "", len(typeset.pages), len(data), sha256(data), "", "labels")
    return CopyResult(record, skipped=False, seconds=time.perf_counter() - started)
