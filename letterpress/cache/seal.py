"""Sealed entries: every cache entry is stored with a checksum of its bytes, checked on every read.

An entry that fails the check (flipped bits, a truncated file, another program's bytes) is dropped
and computed again, with a one-line warning: a damaged cache must never change what is printed,
nor be blamed on the user's input. Cache trouble is a warning on stderr, never an error.
"""
from __future__ import annotations

import marshal
import mmap
import sys
import zlib
from pathlib import Path

_MAGIC = b"LPc2"  # entries written before entries were sealed lack it: a silent miss, not damage
_SEAL = 8  # a CRC-32 and the length of the data after the magic: a damaged entry is found, not used
# Part of the version of every store whose values are in ``marshal`` form, which is tied to the
# Python version: a new Python starts new stores instead of misreading old entries.
MARSHAL = f"py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}"
_KINDS = ("damaged", "unusable")
# Which kinds of trouble were told, in memory shared with the build's forked workers (an anonymous
# shared mapping survives fork): the workers find the same damaged store at once, and the build
# warns once, not once per process.
_told = mmap.mmap(-1, len(_KINDS))


def warn(kind: str, message: str) -> None:
    """Print a cache warning once per ``kind`` in this process and the workers it forks: caches only
    cost speed, so their trouble is a warning on stderr, never an error."""
    index = _KINDS.index(kind)
    if _told[index]:
        return
    _told[index] = 1
    try:
        print(f"warning: {message}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def seal(data: bytes) -> bytes:
    """``data`` with its checksum and length in front, as every cache entry is stored.

    CRC-32 rather than a cryptographic hash: the cache is the user's own, and what it must catch
    is damage (flipped bits, a torn write, a truncated file), which CRC-32 misses once in 4 billion;
    it is several times cheaper than BLAKE2b, and a warm build reads a thousand entries.
    """
    return _MAGIC + zlib.crc32(data).to_bytes(4, "big") + len(data).to_bytes(4, "big") + data


def unseal(stored: bytes | None, where: str = "cache") -> bytes | None:
    """The data of a sealed entry, or None (with a warning) when the entry is damaged."""
    if stored is None or not stored.startswith(_MAGIC):
        return None
    start = len(_MAGIC) + _SEAL
    data = stored[start:]
    if (len(stored) < start or int.from_bytes(stored[start - 4:start], "big") != len(data)
            or zlib.crc32(data) != int.from_bytes(stored[len(_MAGIC):start - 4], "big")):
        damaged(where)
        return None
    return data


def damaged(where: str) -> None:
    """Warn (once) that damaged entries were found and dropped."""
    warn("damaged", f"damaged cache entries (first: {where}) were dropped and will be rebuilt")


def unusable(path: Path, exc: BaseException) -> None:
    """Warn (once) that the cache cannot be used this run."""
    reason = getattr(exc, "strerror", None) or str(exc)
    warn("unusable", f"the cache cannot be used ({path}: {reason}); building without it (slower, same "
                     "output). Fix: make the folder writable, or set LETTERPRESS_CACHE_DIR to another folder")
