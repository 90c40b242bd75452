"""Where letterpress keeps what is expensive to recompute: the font index, prepared faces,
parsed hyphenation patterns, set lines and CLDR values.

``LETTERPRESS_CACHE_DIR`` wins; otherwise the platform's user cache folder
(``$XDG_CACHE_HOME/letterpress`` on Linux).  Every entry is written under a
temporary name and renamed, so concurrent builds never read half a file.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .atomic import atomic_write


def cache_dir() -> Path:
    explicit = os.environ.get("LETTERPRESS_CACHE_DIR")
    if explicit:
        path = Path(explicit)
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Caches" / "letterpress"
    elif os.name == "nt":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "letterpress" / "Cache"
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "letterpress"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
