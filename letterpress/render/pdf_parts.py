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

from ..cache import MARSHAL, CacheContext, Memo, given, kept_or_made, memoized
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
    return kept_or_made([_key(content) for content in contents],
                        lambda indexes: [flate(contents[index]) for index in indexes],
                        _PAGES, lambda: parts_store(cache))


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
