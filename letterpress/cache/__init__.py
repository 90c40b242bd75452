"""Where letterpress keeps what is expensive to recompute, on disk and in memory.

    seal         sealed entries: a checksum on every entry, damage dropped with one warning
    store        the one store interface: :class:`Store`, a key -> bytes table in one SQLite file
    context      :class:`CacheContext`: the build's one cache folder, its named, versioned stores, flush
    memo         the one in-memory memo: :func:`memoized` and :class:`Memo`, bounded, all cleared by :func:`evict`
    kept         :func:`kept_or_made`: many values at once from a memo, then a store in one query, then made and kept in both
    parsed_yaml  parsed YAML kept by the hash of its text
    code         a digest of letterpress's own code, by content: the line cache's version, every file's fingerprint

On disk: the font index, prepared faces, parsed YAML, set lines, CLDR values, drawn lines and PDF
font programs. Deleting the folder only costs speed; a damaged or unusable cache
never changes what is printed.
"""
from __future__ import annotations

from .context import CacheContext, at_flush, current, default_context, default_folder, flush, given
from .kept import kept_or_made
from .memo import Memo, evict, memoized
from .seal import MARSHAL, seal, unseal, unusable, warn


def __getattr__(name: str):
    # the store (and sqlite3) is imported when first used: a module that only memoizes pays nothing for it
    if name == "Store":
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MARSHAL", "CacheContext", "Memo", "Store", "at_flush", "current", "default_context", "default_folder", "evict", "flush",
           "given", "kept_or_made", "memoized", "seal", "unseal", "unusable", "warn"]
