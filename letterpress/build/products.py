"""The files a build makes, one type per kind, and the one path that writes every one of them.

    LetterCopy  OUT/<recipient>.<language>.pdf   one copy of the letter
    Envelope    OUT/<recipient>.envelope.pdf     the recipient's envelope (--envelopes)
    Packet      OUT/<recipient>.packet.pdf       its copies (and envelope) in one file (--packet)
    LabelSheet  OUT/labels.pdf                   one address label per recipient (--labels)

Each product says which composed copies it draws from (what its fingerprint reads), which faces
it embeds, and typesets itself from the batch; ``write_product`` renders, signs, journals and
writes any of them and returns its record.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from ..cache import CacheContext
from ..cache import flush as flush_caches
from ..compose import Copy
from ..compose.document import Document
from ..errors import InputError, collect
from ..fonts.batch import BatchFonts
from ..fonts.face import FontSet
from ..model import Project
from ..preflight import document_problems, tofu_problems
from ..record import FileRecord, journal, sha256, write_output
from ..typeset import typeset_document
from .options import BuildOptions
from .survey import Printed, Survey, address_digest, envelope_digest


@dataclass(frozen=True)
class CopyResult:
    """One file of the build: its record, and whether it was left as it was."""

    record: FileRecord
    skipped: bool  # unchanged since the last build: not rebuilt
    seconds: float = 0.0


@dataclass(frozen=True)
class Batch:
    """What every product of one build is made from: read-only, and inherited by forked workers."""

    project: Project
    fonts: BatchFonts
    options: BuildOptions
    survey: Survey
    cache: CacheContext  # the build's caches, passed to typeset and render (a worker gets it with the batch)

    def document(self, copy: Copy) -> Document:
        """The composed copy, as the survey composed it: each copy is composed once per build."""
        return self.survey.documents[copy]


class _PrintsCopies:
    """A product that prints its recipient's copies (a letter, an envelope, a packet)."""

    recipient: str
    copies: tuple[Copy, ...]

    def printed(self, batch: Batch) -> tuple[Printed, ...]:
        """What it prints, per copy it draws from."""
        return tuple(batch.survey.printed[copy] for copy in self.copies)

    @property
    def bodies(self) -> tuple[str, ...]:
        """The body files whose bytes count as a whole (the styling in their markdown)."""
        return tuple(f"body/{copy.language}.md" for copy in self.copies)

    def faces(self, batch: Batch) -> FontSet:
        """The faces it embeds: its recipient's."""
        return batch.fonts.of(self.recipient)

    def problems(self, batch: Batch) -> list[InputError]:
        """What would stop it beyond what every copy is checked for before a build writes (its text,
        its address in the letter's window): none, for a letter or a packet; see Envelope."""
        return []


@dataclass(frozen=True)
class LetterCopy(_PrintsCopies):
    """One copy of the letter, for one recipient in one of its languages."""

    copy: Copy
    kind: ClassVar[str] = "letter"

    @property
    def file(self) -> str:
        """The file's name in the output folder."""
        return f"{self.copy.stem}.pdf"

    @property
    def recipient(self) -> str:
        """The recipient it is for ("" for a file about every recipient)."""
        return self.copy.recipient_id

    @property
    def language(self) -> str:
        """Its language ("" for a file in several)."""
        return self.copy.language

    @property
    def copies(self) -> tuple[Copy, ...]:
        """The composed copies it prints from."""
        return (self.copy,)

    def typeset(self, batch: Batch) -> tuple:
        """Its pages, typeset: one TypesetDocument per part."""
        return (_typeset_copy(batch, self.copy),)


@dataclass(frozen=True)
class _RecipientFile(_PrintsCopies):
    """A file for one recipient in all the languages of its copies: ``<recipient>.<kind>.pdf``."""

    recipient: str
    languages: tuple[str, ...]  # its copies' languages in this build; the first addresses its envelope
    kind: ClassVar[str]
    language: ClassVar[str] = ""

    @property
    def file(self) -> str:
        """The file's name in the output folder."""
        return f"{self.recipient}.{self.kind}.pdf"

    @property
    def copies(self) -> tuple[Copy, ...]:
        """The recipient's composed copies (an envelope's fingerprint reads them all, to be safe)."""
        return tuple(Copy(self.recipient, language) for language in self.languages)


@dataclass(frozen=True)
class Envelope(_RecipientFile):
    """A recipient's envelope, addressed as its first copy is."""

    kind: ClassVar[str] = "envelope"
    bodies: ClassVar[tuple[str, ...]] = ()  # an envelope prints no body

    def printed(self, batch: Batch) -> tuple[Printed, ...]:
        """What it prints: its first copy's address, return address and document information."""
        return (envelope_digest(batch.document(self.copies[0])),)

    def typeset(self, batch: Batch) -> tuple:
        """Its one page, typeset."""
        return (_typeset_envelope(batch, self.copies[0]),)

    def problems(self, batch: Batch) -> list[InputError]:
        """Its address not fitting the envelope's window, its return address finding no room."""
        from ..typeset import page_layout
        from ..typeset.envelope import envelope_problems

        document = batch.document(self.copies[0])
        return envelope_problems(document, batch.fonts.of(self.recipient), page_layout(document), batch.cache)


@dataclass(frozen=True)
class Packet(_RecipientFile):
    """Every copy of one recipient in one file, then its envelope when the build makes envelopes."""

    kind: ClassVar[str] = "packet"

    def typeset(self, batch: Batch) -> tuple:
        """Each copy's pages, then the envelope's."""
        parts = tuple(_typeset_copy(batch, copy) for copy in self.copies)
        if batch.options.envelopes:
            parts += (_typeset_envelope(batch, self.copies[0]),)
        return parts


@dataclass(frozen=True)
class LabelSheet:
    """One address label per recipient, each addressed as the recipient's first copy."""

    labels: tuple[Copy, ...]  # per recipient, in roster order: its first copy (in a language with a body)
    kind: ClassVar[str] = "labels"
    file: ClassVar[str] = "labels.pdf"
    recipient: ClassVar[str] = ""
    language: ClassVar[str] = ""
    bodies: ClassVar[tuple[str, ...]] = ()  # a label prints no body

    @property
    def copies(self) -> tuple[Copy, ...]:
        """The composed copies whose addresses it prints."""
        return self.labels

    def printed(self, batch: Batch) -> tuple[Printed, ...]:
        """What each label prints: its copy's address (a copy's other texts change no label)."""
        return tuple(address_digest(batch.document(copy)) for copy in self.labels)

    def faces(self, batch: Batch) -> FontSet:
        """The letter's faces (a recipient's own are not used for its label)."""
        return batch.fonts.default

    def typeset(self, batch: Batch) -> tuple:
        """Its pages of labels."""
        from ..typeset.envelope import typeset_labels

        documents = self._documents(batch)
        return (typeset_labels(documents, batch.fonts.default, _label_paper(documents), batch.cache),)

    def problems(self, batch: Batch) -> list[InputError]:
        """Every address that does not fit its label."""
        from ..typeset.envelope import label_problems

        documents = self._documents(batch)
        return label_problems(documents, batch.fonts.default, _label_paper(documents), batch.cache)

    def _documents(self, batch: Batch) -> list[Document]:
        return [batch.document(copy) for copy in self.labels]


def _label_paper(documents: list[Document]) -> str:
    """Letter when every address is for a Letter layout, else A4."""
    from ..typeset import page_layout

    return "Letter" if {page_layout(document).paper for document in documents} == {"Letter"} else "A4"


Product = LetterCopy | Envelope | Packet | LabelSheet


def write_product(batch: Batch, product: Product, fingerprint: str) -> CopyResult:
    """Make ``product``, sign it when the build signs, journal its record, write it; its result.

    Every file a build writes goes through here, so every one is signed, fingerprinted,
    journalled and recorded alike."""
    # The renderer (reportlab, slow to import) is imported only when a file is made: a re-run
    # that finds every file unchanged never needs it.
    from ..render import render_packet

    started = time.perf_counter()
    parts = product.typeset(batch)
    data = _signed(render_packet(parts, batch.cache), batch, product.file)
    record = FileRecord(product.file, product.recipient, product.language, sum(len(part.pages) for part in parts),
                        len(data), sha256(data), fingerprint, product.kind)
    out_dir = batch.options.out_dir
    # journalled before it lands: a kill between the two leaves a record the disk does not match
    # (not reused), never a complete file without its record
    journal(out_dir, record)
    write_output(out_dir / product.file, data)
    flush_caches()
    return CopyResult(record, skipped=False, seconds=time.perf_counter() - started)


def build_copy(project: Project, document: Document, fonts: FontSet, *, show_windows: bool = False,
               cache: CacheContext | None = None) -> tuple[bytes, int]:
    """One composed copy as PDF bytes, and its page count; checked, nothing written. ``cache``:
    the caches to use (None: the environment's)."""
    from ..render import render_pdf

    typeset = _typeset(project, document, fonts, show_windows, checked=False, cache=cache)
    return render_pdf(typeset, cache), len(typeset.pages)


def _typeset_copy(batch: Batch, copy: Copy):
    return _typeset(batch.project, batch.document(copy), batch.fonts.of(copy.recipient_id),
                    batch.options.show_windows, batch.fonts.checked(copy.recipient_id), batch.cache)


def _typeset(project: Project, document: Document, fonts: FontSet, show_windows: bool, checked: bool,
             cache: CacheContext | None):
    """``checked``: the batch's preflight has already checked every character this copy draws
    (``generated_text_problems`` over every copy's composed text), so it is not checked again."""
    if not checked:
        collect(document_problems(document, fonts))
    typeset = typeset_document(document, fonts, show_windows=show_windows, cache=cache)
    collect(tofu_problems(typeset, project, document.language))  # placed in the input, before the PDF writer
    return typeset


def _typeset_envelope(batch: Batch, copy: Copy):
    from ..typeset import page_layout
    from ..typeset.envelope import typeset_envelope

    document = batch.document(copy)
    return typeset_envelope(document, batch.fonts.of(copy.recipient_id), page_layout(document),
                            show_windows=batch.options.show_windows, cache=batch.cache)


def _signed(data: bytes, batch: Batch, file: str) -> bytes:
    """``data`` signed when the build signs: every PDF it writes, so ``verify OUT/*.pdf`` meets none unsigned."""
    options = batch.options
    if options.signing_key is None:
        return data
    from ..sign import sign_pdf, signing_time_from_environment

    return sign_pdf(data, options.signing_key, signing_time=signing_time_from_environment(),
                    timestamp_url=options.timestamp_url, stamp=options.signature_stamp,
                    reason=f"{batch.project.id}: {file}")


__all__ = ["Batch", "CopyResult", "Envelope", "LabelSheet", "LetterCopy", "Packet", "Product", "build_copy",
           "write_product"]
