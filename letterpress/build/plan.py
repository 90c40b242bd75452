"""Planning a build: which copies (``Shard``), which files (products), and what each file's bytes
depend on (its fingerprint), so that an unchanged file is not made again."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .. import __version__
from ..cache.code import code_digest
from ..compose import Copy
from ..errors import UsageError
from ..model import Project
from .options import BuildOptions
from .products import Batch, Envelope, LabelSheet, LetterCopy, Packet, Product


@dataclass(frozen=True)
class Shard:
    """The K-th of N deterministic shares of a batch (1-based), for splitting a campaign across CI jobs."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
        """``K/N`` as given to ``--shard``; a :class:`UsageError` saying how to write it otherwise."""
        try:
            index, count = (int(part) for part in text.split("/"))
        except ValueError:
            raise UsageError(f"--shard {text!r}: write K/N, e.g. 2/4") from None
        if not (count >= 1 and 1 <= index <= count):
            raise UsageError(f"--shard {text!r}: K must be between 1 and N")
        return cls(index, count)

    def select(self, copies: tuple[Copy, ...]) -> tuple[Copy, ...]:
        """This share of ``copies``."""
        # Round-robin over the roster order: even shares, the same for every run of the same roster.
        return tuple(copy for i, copy in enumerate(copies) if i % self.count == self.index - 1)


def plan_products(project: Project, copies: tuple[Copy, ...], options: BuildOptions) -> list[Product]:
    """Every file the build makes of ``copies`` (the copies asked for): the letters, each recipient's
    envelope and packet, then the label sheet.

    With ``options.shard``, this shard's share: its letters (:meth:`Shard.select`), the envelope and
    packet of each recipient whose first copy is among them (of all the recipient's copies), and the
    label sheet in the first shard (of every recipient). So each file is made by one shard, whole,
    and the shards' files together are an unsharded build's."""
    shard = options.shard
    mine = shard.select(copies) if shard is not None else copies
    products: list[Product] = [LetterCopy(copy) for copy in mine]
    recipients: dict[str, list[str]] = {}
    for copy in copies:
        recipients.setdefault(copy.recipient_id, []).append(copy.language)
    shard_copies = set(mine)  # (asked of every recipient: a set, not the tuple)
    for recipient_id, languages in recipients.items():
        if shard is not None and Copy(recipient_id, languages[0]) not in shard_copies:
            continue  # another shard's recipient
        if options.envelopes:
            products.append(Envelope(recipient_id, tuple(languages)))
        if options.packets:
            products.append(Packet(recipient_id, tuple(languages)))
    if options.labels and (shard is None or shard.index == 1):
        # each label as its recipient's first copy (a language whose body is missing has none)
        products.append(LabelSheet(tuple(next(Copy(r, language) for language in project.recipient(r).languages
                                              if project.has_body(language)) for r in recipients)))
    return products


_TEXT_INPUTS = (".yaml", ".yml", ".md", ".csv", ".tsv", ".xlsx", ".ods")


def fingerprint(batch: Batch, product: Product) -> str:
    """What determines a file's bytes, and nothing else: what its copies print (their language's
    body, the shared texts, the recipient's printed fields, read from the composed copies), the
    images and faces it embeds, the options, and letterpress's code. A recipient's ``note``, a
    comment, or another language's body changes nothing."""
    project, options = batch.project, batch.options
    digest = hashlib.sha256()
    key = options.signing_key
    digest.update(json.dumps([__version__, code_digest(), product.kind, product.file,
                              [copy.stem for copy in product.copies],
                              str(project.date), options.show_windows, options.envelopes, options.sort_signatories,
                              getattr(key, "subject", None),
                              options.timestamp_url, options.signature_stamp]).encode())
    printed = product.printed(batch)
    for text_digest, _ in printed:
        digest.update(text_digest.encode())
    bodies = set(product.bodies)
    for item in project.inputs:  # styling lives in the body's markdown; images are bytes
        if item.path in bodies or not item.path.lower().endswith(_TEXT_INPUTS):
            digest.update(f"{item.path}={item.sha256}".encode())
    languages = set().union(*(drawn for _, drawn in printed))
    for (language, style), faces in sorted(product.faces(batch).chains.items()):
        if language in languages:
            digest.update(f"{language}/{style}:{','.join(face.key for face in faces)}".encode())
    return digest.hexdigest()


