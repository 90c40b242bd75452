"""Writing a file so that it is either absent, the old file, or complete: never half-written."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


def _umask() -> int:
    # os.umask can only be read by setting it: set it back at once (once, at import, before any thread)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what open() would give a new file: a shared print folder can read the PDFs


def atomic_write(path: Path, data: bytes) -> None:
    """Write under a temporary name in the same folder (``.<name>.<pid>-<random>.part``), then rename.

    A crash or signal leaves at most a ``.part`` file, which a later run removes once the process
    named in it is gone (:func:`remove_temporaries`); readers never see a partial file, because a
    rename within one file system is atomic. The file gets the mode the umask gives new files
    (``mkstemp`` alone would make it 0600).
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            if hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), _MODE)
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


_OWNER = re.compile(r"\.(\d+)-[^.]*\.part$")


def remove_temporaries(folder: Path) -> None:
    """Remove the ``.part`` files left in ``folder`` by processes that were killed (SIGKILL cannot
    be caught). A file of a process still running is its own, and left alone."""
    for leftover in folder.glob(".*.part"):
        found = _OWNER.search(leftover.name)
        if found and _running(int(found.group(1))):
            continue
        try:
            leftover.unlink()
        except OSError:
            pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: alive
    return True
