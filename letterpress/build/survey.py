"""The survey: one pass over every copy the project can make, before anything is written.

It composes each copy, once per build, and returns the composed copies with what the batch
learns from them, as data: the characters each language draws (what fonts are prepared for and
the preflight checks), every recipient's address block (checked against its window), and a
digest of what each copy prints (what its fingerprint is made of). The workers typeset the
survey's composed copies: they inherit them, and compose nothing again.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from ..cache.context import CacheContext
from ..compose import Copy, compose_copy, plan_copies
from ..compose.document import AddressBlock, Document
from ..errors import InputError, attempt
from ..model import Project
from ..preflight import source_texts
from ..typeset import page_layout

Printed = tuple[str, frozenset[str]]  # a digest of what a copy prints, and the languages its texts are in


@dataclass(frozen=True)
class Survey:
    """What the pass over every copy of the project learned (read-only once made)."""

    documents: dict[Copy, Document]  # every copy the project makes, composed, in roster order
    texts: dict[str, str]  # language -> every character the composed copies draw
    font_texts: dict[str, str]  # the same with the source texts: what the faces must cover
    addresses: dict[str, tuple[AddressBlock, str]]  # recipient -> (its address block, its page layout's name)
    printed: dict[Copy, Printed]  # what each copy prints


def survey_project(project: Project, *, sort_signatories: bool = False, cache: CacheContext | None = None,
                   problems: list[InputError] | None = None) -> Survey:
    """Every copy the project can make (not just this batch's, so the prepared faces are shared
    by every build of it), composed once, and what it draws. ``sort_signatories``: as the build
    composes its copies (signatories in the copy language's collation order).

    The source texts count too, so the coverage preflight can point at any character of the
    input (a language no recipient receives is still checked). ``cache``: the build's caches,
    passed to compose (None: the environment's). ``problems``: where a copy that cannot be composed
    (an address its post refuses) puts its mistake, left out of the survey, so that every copy's is
    found in one pass (None: the first one raises).
    """
    documents: dict[Copy, Document] = {}
    drawn: dict[str, set[str]] = {}  # language -> every distinct text drawn in it
    addresses: dict[str, tuple[AddressBlock, str]] = {}
    printed: dict[Copy, Printed] = {}
    shared: dict = {}
    composing: dict = {}  # what compose_copy shares between the copies of a language
    for copy in plan_copies(project):
        compose = lambda: compose_copy(project, copy, sort_signatories=sort_signatories,  # noqa: E731
                                       cache=cache, shared=composing)
        composed = compose() if problems is None else attempt(problems, compose)
        if composed is None:
            continue
        document = documents[copy] = _sharing(composed, shared)
        pairs = document.texts()
        layout = page_layout(document).name
        addresses.setdefault(document.recipient_id, (document.address, layout))
        printed[copy] = printed_digest(document, pairs, layout)
        for language, text in pairs:
            # each text's characters once: the copies of a language repeat its body and signatories
            drawn.setdefault(language, set()).add(text)
    texts = {language: "".join(sorted(set("".join(found)))) for language, found in sorted(drawn.items())}
    with_sources = dict(texts)
    for text, language, _, _ in source_texts(project):
        with_sources[language] = with_sources.get(language, "") + text
    font_texts = {language: "".join(sorted(set(text))) for language, text in with_sources.items()}
    return Survey(documents, texts, font_texts, addresses, printed)


# The parts of a copy that every copy in its language repeats (the body is most of a copy's size).
_REPEATED = ("letterhead", "subject", "salutation", "body", "closing", "closing_lines", "after_closing",
             "signatories_heading", "signatories", "enclosures", "cc", "form")


def _sharing(document: Document, shared: dict) -> Document:
    """``document`` with the parts an earlier copy had equal (its language's body, the signatories)
    replaced by that copy's: the survey keeps every composed copy for the workers, and a batch of
    a thousand letters then holds each language's body once, not a thousand times."""
    parts = {name: shared.setdefault(value, value) for name in _REPEATED
             if (value := getattr(document, name)) is not None}
    return dataclasses.replace(document, **parts)


def printed_digest(document: Document, pairs: tuple[tuple[str, str], ...] | None = None,
                   layout: str | None = None) -> Printed:
    """A digest of every text a copy prints and where it goes (not where in the input it came
    from: a comment or a line moved in a YAML file changes nothing), and the languages of its
    texts (whose faces it embeds). ``pairs``, ``layout``: the copy's texts and page layout's name,
    when the caller has them."""
    layout = page_layout(document).name if layout is None else layout
    digest = hashlib.sha256(f"{layout}\x00{document.letterhead.logo}".encode())
    for item in dataclasses.fields(document):  # the copy's settings (kashida: true, ...)
        value = getattr(document, item.name)
        if value is None or isinstance(value, (bool, int, float, str)):
            digest.update(f"\x00{item.name}={value!r}".encode())
    pairs = document.texts() if pairs is None else pairs
    digest.update("\x00".join([f"{language}\x01{text}" for language, text in pairs]).encode())
    digest.update("\x00".join([f"{entry.kind}\x01{entry.signature}" for entry in document.signatories]).encode())
    return digest.hexdigest(), frozenset(language for language, _ in pairs)


def envelope_digest(document: Document) -> Printed:
    """A digest of what an envelope prints of a copy: the address in its window (the addressee's
    titles too, when they fit), the return address, and what its PDF says about itself; and the
    address's language (whose faces it embeds). Not the body: a word changed in a letter leaves its
    envelope as it is."""
    address, info = document.address, document.metadata
    digest = hashlib.sha256("\x00".join([
        page_layout(document).name, document.recipient_id, address.language, address.return_line,
        *address.return_forms, "\x01", *address.lines, "\x01", *address.optional_lines, str(address.optional_after),
        info.author, info.subject, info.keywords]).encode())
    return digest.hexdigest(), frozenset({address.language})


def address_digest(document: Document) -> Printed:
    """A digest of what an address label prints of a copy: its address lines, their language, and
    the page layout whose rules size them; and that language (whose faces it embeds)."""
    address = document.address
    digest = hashlib.sha256("\x00".join([page_layout(document).name, address.language, *address.lines]).encode())
    return digest.hexdigest(), frozenset({address.language})
