"""A batch's faces: the letter's, and their own for recipients that name font families first."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from .face import FontSet

if TYPE_CHECKING:
    from ..cache import CacheContext
    from .index import FontIndex
    from ..model import Project, Recipient


@dataclass(frozen=True)
class BatchFonts:
    """The batch's faces: the letter's, and their own for recipients that name font families."""

    default: FontSet
    by_recipient: dict[str, FontSet] = field(default_factory=dict)

    def of(self, recipient_id: str) -> FontSet:
        """The faces this recipient's copies are set in."""
        return self.by_recipient.get(recipient_id, self.default)

    def checked(self, recipient_id: str) -> bool:
        """Whether the batch's preflight checked this recipient's characters against its faces: it
        checks every copy's composed text against the letter's faces, not a recipient's own."""
        return recipient_id not in self.by_recipient


def font_overrides(project: Project, recipient: Recipient | None = None) -> dict[str, tuple[str, ...]]:
    """The font families to try first, per language: the letter's, after the recipient's own."""
    overrides = {language: tuple(families) for language, families in project.fonts}
    for language, families in recipient.fonts if recipient is not None else ():
        overrides[language] = tuple(families) + overrides.get(language, ())
    return overrides


def prepare_batch_fonts(project: Project, texts: Mapping[str, str], *, font_dirs: Sequence[Path] = (),
                        cache: CacheContext | None = None, index: FontIndex | None = None) -> BatchFonts:
    """Faces for ``texts`` (language -> the characters drawn): the letter's, and a set of its own
    for every recipient that names font families. ``index``: the project's font index, read
    already (:func:`letterpress.fonts.font_index`), for the letter's faces; a recipient's own are
    chosen from an index of their own, as each would be in a build of that recipient alone."""
    from . import prepare_fonts

    def prepared(recipient: Recipient | None, index: FontIndex | None = None) -> FontSet:
        return prepare_fonts(texts, project_dir=project.root, font_dirs=font_dirs,
                             overrides=font_overrides(project, recipient), cache=cache, index=index)

    return BatchFonts(prepared(None, index), {recipient.id: prepared(recipient)
                                              for recipient in project.recipients if recipient.fonts})
