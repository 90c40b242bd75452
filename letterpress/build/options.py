"""What a build is asked to do: ``BuildOptions``, as the CLI and the API fill it in."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .plan import Shard


@dataclass(frozen=True)
class BuildOptions:
    """Every choice of one build: where it writes, which copies and products, fonts, signing."""

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
