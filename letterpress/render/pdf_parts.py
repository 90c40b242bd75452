"""Parts of PDFs that come out the same again, kept by what they are made of: compressed page
streams, and each face's font objects (:mod:`.pdffont`).

A build writes every copy's pages again (``--force``, or a letter edited in one place), and most
of them are byte for byte the pages of the last build; compressing a page's content stream is the
largest part of writing a PDF. So render keeps each page's compressed stream by the digest of its
bytes: in a bounded memo, and on disk in the ``pdf-parts`` store. The bytes are reportlab's own
compression of them (:func:`.reportlab_adapter.flate`), so a kept stream is what reportlab would
write. The font objects are kept there too, as reportlab formats them: by face, glyphs and texts,
and by face and the lines drawn.
"""
from __future__ import annotations

import hashlib
import zlib
from typing import TYPE_CHECKING

from reportlab import Version as _REPORTLAB_VERSION

from ..cache import MARSHAL, CacheContext, Memo, given, memoized
from .reportlab_adapter import flate

if TYPE_CHECKING:
    from ..cache.store import Store

__all__ = ["compressed_pages", "parts_store"]

# The version of what the pdf-parts store keeps: bump it when what is stored for a key changes
# (here, or in pdffont's font objects). 2: with font objects.
_FORMAT = 2


def compressed_pages(contents: list[bytes], cache: CacheContext | None = None) -> list[bytes]:
    """Each page content stream of ``contents`` compressed, as reportlab compresses it: from the
    memo, from ``cache``'s pdf-parts store (the environment's when None), or compressed now (and
    then kept). One store query for all of them."""
    keys = [_key(content) for content in contents]
    found = {key: _PAGES.get(key) for key in keys}
    missing = [key for key, value in found.items() if value is None]
    store = parts_store(cache) if missing else None
    if store is not None:
        found.update(store.get_many(missing))
    out = []
    for key, content in zip(keys, contents):
        compressed = found.get(key)
        if compressed is None:
            compressed = found[key] = flate(content)
            store.put_later(key, compressed)
        _PAGES.put(key, compressed)
        out.append(compressed)
    return out


def parts_store(cache: CacheContext | None) -> Store:
    """The pdf-parts store of ``cache`` (the environment's when None)."""
    return given(cache).store("pdf-parts", _store_version())


def _key(content: bytes) -> str:
    return "page:" + hashlib.sha256(content).hexdigest()[:32]


# the pages of a few copies' worth of languages (a page compresses to a few kilobytes)
_PAGES: Memo[str, bytes] = Memo("compressed page streams by the digest of their bytes", 256)


@memoized(maxsize=1)
def _store_version() -> str:
    """What shapes the stored bytes: their format, reportlab (which compresses and formats), zlib
    and Python's marshal format (the font objects' entries)."""
    return hashlib.sha256(f"{_FORMAT}/{_REPORTLAB_VERSION}/{zlib.ZLIB_RUNTIME_VERSION}/{MARSHAL}".encode()).hexdigest()[:12]
