"""Signatory blocks kept on disk between runs: a warm build reads each block for a column measure in
one entry instead of each of its entries' paragraphs in one entry each (key, query and decoding
repeated some fifty times per block, for lines of a few glyphs).

A block (how many columns, their width, each entry's lines and height) is a pure function of the
entries' texts, the font set's content, the size, the leading and the text width, and of the code
that sets and measures them: the key names the first, the store's version the rest (typeset's
modules and the line store's version, by content, and ICU's, which sets right-to-left names).
Its lines are kept in the line store's form (:func:`letterpress.layout.diskcache.encoded`), each
with its content key. A missing, damaged or foreign entry is simply set again.
"""
from __future__ import annotations

import dataclasses
import hashlib
import marshal
import operator
from pathlib import Path

from ..cache.code import code_digest
from ..cache.context import CacheContext, given
from ..cache.memo import memoized
from ..compose.document import SignatoryEntry
from ..fonts.face import FontSet
from ..layout import diskcache
from ..layout.bidi import icu_version
from ..layout.types import Line

_FORMAT = 1

Block = tuple[int, float, tuple[tuple[tuple[Line, ...], float, bool], ...]]  # columns, width, (lines, height, signed)


@memoized(maxsize=1)
def _version() -> str:
    code = f"{code_digest(Path(__file__).parent, recursive=False)}-{diskcache.version()}-{icu_version()}"
    return f"{_FORMAT}-{hashlib.sha256(code.encode()).hexdigest()[:16]}"


def _store(cache: CacheContext | None):
    return given(cache).store("signatories", _version()) if diskcache.enabled() else None


# every field of a signatory but its signature image, read at once (dataclasses.fields is slow to ask per entry)
_PLAIN_FIELDS = operator.attrgetter(*(field.name for field in dataclasses.fields(SignatoryEntry)
                                      if field.name != "signature"))


def entry(signatories: tuple[SignatoryEntry, ...], fonts: FontSet, size: float, leading: float,
          width: float) -> str | None:
    """The entry of a block: every field of every signatory (of a signature image, whether there is
    one: its height is set aside, the image is placed from the copy's own entry), the font set's
    key and the measures. None for a signatory with a field that is not plain data."""
    described = tuple((_PLAIN_FIELDS(signatory), signatory.signature is not None) for signatory in signatories)
    try:
        payload = marshal.dumps((described, fonts.key, size, leading, width))
    except ValueError:
        return None
    return hashlib.sha256(payload).hexdigest()[:32]


def load(key: str, fonts: FontSet, count: int, cache: CacheContext | None = None) -> Block | None:
    """The block of ``count`` entries kept under ``key``, or None."""
    store = _store(cache)
    value = store.get(key) if store is not None else None
    if value is None:
        return None
    try:
        columns, column_width, entries = marshal.loads(value)
        if len(entries) != count:
            return None
        return columns, column_width, tuple((diskcache.decoded(lines, fonts), height, signed)
                                            for lines, height, signed in entries)
    except (ValueError, KeyError, IndexError, TypeError, EOFError):
        return None


def store(key: str, block: Block, cache: CacheContext | None = None) -> None:
    """Keep the block for the next run (written at :func:`letterpress.cache.flush`)."""
    kept = _store(cache)
    if kept is None:
        return
    columns, column_width, entries = block
    try:
        value = marshal.dumps((columns, column_width, tuple((diskcache.encoded(lines), height, signed)
                                                            for lines, height, signed in entries)))
    except ValueError:  # not plain values: not kept
        return
    kept.put_later(key, value)
