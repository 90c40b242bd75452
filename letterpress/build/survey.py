"""The survey: one pass over every copy the project can make, before anything is written.

It composes each copy and returns what the batch learns from them, as data: the characters
each language draws (what fonts are prepared for and the preflight checks), every recipient's
address block (checked against its window), and a digest of what each copy prints (what its
fingerprint is made of).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..compose import compose_copy, plan_copies
from ..compose.document import AddressBlock, Document
from ..model import Project
from ..preflight import source_texts
from .plan import printed_digest

Printed = tuple[str, frozenset[str]]  # a digest of what a copy prints, and the languages its texts are in


@dataclass(frozen=True)
class Survey:
    """What the pass over every copy of the project learned (read-only once made)."""

    texts: dict[str, str]  # language -> every character the composed copies draw
    font_texts: dict[str, str]  # the same with the source texts: what the faces must cover
    addresses: dict[str, tuple[AddressBlock, str]]  # recipient -> (its address block, its page layout's name)
    printed: dict[tuple[str, str], Printed]  # (recipient, language) -> what that copy prints


def survey_project(project: Project) -> Survey:
    """Every copy the project can make (not just this batch's, so the prepared faces are shared
    by every build of it), composed once, and what it draws.

    The source texts count too, so the coverage preflight can point at any character of the
    input (a language no recipient receives is still checked).
    """
    chars: dict[str, set[str]] = {}
    addresses: dict[str, tuple[AddressBlock, str]] = {}
    printed: dict[tuple[str, str], Printed] = {}
    for copy in plan_copies(project):
        document: Document = compose_copy(project, copy)
        pairs = document.texts()
        addresses.setdefault(document.recipient_id, (document.address, document.layout_name))
        printed[(document.recipient_id, document.language)] = printed_digest(document, pairs)
        for language, text in pairs:
            chars.setdefault(language, set()).update(text)
    texts = {language: "".join(sorted(found)) for language, found in sorted(chars.items())}
    with_sources = dict(texts)
    for text, language, _, _ in source_texts(project):
        with_sources[language] = with_sources.get(language, "") + text
    font_texts = {language: "".join(sorted(set(text))) for language, text in with_sources.items()}
    return Survey(texts, font_texts, addresses, printed)
