"""A digest of letterpress's own code: what must change whenever the code does.

One mechanism for both users: the line cache's version (the digest of layout's modules, so a
changed line-setting rule never reads lines the old code set) and every output file's
fingerprint (the digest of the whole package, so an upgrade rebuilds every copy once).

The files' contents, not their modification times or sizes: two checkouts or installs of one
version give the same digest, so a CI build's manifest is the same on every machine, and a
``touch`` rebuilds nothing.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .memo import memoized

PACKAGE = Path(__file__).resolve().parent.parent  # letterpress/
_SOURCES = (".py", ".yaml", ".json")  # code and the packaged data that shapes output (forms, layouts)


@memoized(maxsize=8)
def code_digest(folder: Path = PACKAGE, recursive: bool = True) -> str:
    """A digest of the code under ``folder`` (a folder of letterpress): every ``.py``, ``.yaml`` and
    ``.json`` file's path and bytes, in sorted order; ``recursive``: its subfolders' too."""
    digest = hashlib.sha256()
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__") if recursive else []
        for name in sorted(files):
            if name.endswith(_SOURCES):
                path = os.path.join(root, name)
                digest.update(f"{os.path.relpath(path, folder)}\x00".encode())
                with open(path, "rb") as source:
                    digest.update(source.read())
                digest.update(b"\x00")
    return digest.hexdigest()[:16]
