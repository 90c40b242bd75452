"""Planning a build: which copies (``Shard``), which files (``Task``), and what each file's bytes
depend on (its fingerprint), so that an unchanged file is not made again."""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import __version__
from ..compose import Copy
from ..compose.document import Document
from ..errors import UsageError
from ..fonts.face import FontSet
from ..model import Project
from .options import BuildOptions

if TYPE_CHECKING:
    from .survey import Survey


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


@dataclass(frozen=True)
class Task:
    """One file to write: a letter copy, or a recipient's envelope or packet."""

    kind: str  # letter | envelope | packet
    recipient_id: str
    language: str  # the copy's language; for envelopes and packets, the recipient's first
    languages: tuple[str, ...]  # packets: every copy's language

    @property
    def file(self) -> str:
        """The file's name in the output folder."""
        if self.kind == "letter":
            return f"{self.recipient_id}.{self.language}.pdf"
        return f"{self.recipient_id}.{self.kind}.pdf"


def plan_tasks(project: Project, copies: tuple[Copy, ...], options: BuildOptions) -> list[Task]:
    """Every file the build makes of ``copies``: the letters, then each recipient's envelope and packet."""
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


def task_fingerprint(project: Project, task: Task, fonts: FontSet, options: BuildOptions,
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
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # letterpress/, not letterpress/build/
    for root, folders, files in os.walk(package):
        folders[:] = [folder for folder in folders if folder != "__pycache__"]
        for name in files:
            if name.endswith((".py", ".yaml", ".json")):
                stat = os.stat(os.path.join(root, name))
                stamps.append(f"{os.path.relpath(root, package)}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(sorted(stamps)).encode())
    return digest.hexdigest()[:16]
