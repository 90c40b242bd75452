"""Writing a file so that it is either absent, the old file, or complete: never half-written."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write under a temporary name in the same folder (``.<name>.<random>.part``), then rename.

    A crash or signal leaves at most a ``.part`` file, which the next run removes; readers never see
    a partial file, because a rename within one file system is atomic.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
