"""Where a build keeps its caches: one :class:`CacheContext`, made from the build's options.

Modelled on WeasyPrint's ``LayoutContext``: one object made by the build and handed to the
stages that cache, instead of each cache reading the environment on its own. Its folder is
``BuildOptions.cache_dir`` when given, else ``LETTERPRESS_CACHE_DIR``, else the platform's user
cache folder (``$XDG_CACHE_HOME/letterpress`` on Linux). Deleting the folder only costs speed.

A context opens named, versioned stores (:meth:`CacheContext.store`): each cache declares its own
version, in the module that shapes its entries, and a new version starts a new file (the old
one is deleted). A folder that cannot be used (read-only, full, a file where the folder belongs)
is no cache for this run, with one warning: never an error, and the output bytes are the same.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Callable, Iterator

from .seal import unusable


def default_folder() -> Path:
    """``LETTERPRESS_CACHE_DIR``, else the platform's user cache folder for letterpress."""
    explicit = os.environ.get("LETTERPRESS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "letterpress"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "letterpress" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "letterpress"


class CacheContext:
    """The caches of one build: one folder, and the stores opened in it.

    Made once by the build (``CacheContext(options.cache_dir)``) and passed explicitly to the
    stages that cache, as WeasyPrint passes its ``LayoutContext``: project loading, compose
    (CLDR values), fonts, typeset (its ``Typesetter`` carries it to ``layout.set_paragraph``, the
    line store, and to the signatories store) and render (the drawn, pdf-fonts and pdf-parts
    stores). Worker processes receive it with the
    batch, and each opens its own connections. A stage called without one uses the environment's
    (:func:`given`).

    The build also makes it the active one (:meth:`active`), for the only lookups left
    (:func:`current`): memoized functions reached from a language or a name alone, whose memo
    serves every build of the process, so no caller has a context to pass: the packaged YAML
    (``paper.load_layout``, ``compose.letterform.letter_form``, ``fonts.yaml``), a language's
    likely script (``text.script_of``, asked from every stage), and the field checks of project
    loading (a language tag CLDR knows, the country codes).
    """

    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()
        self._created = False
        self._stores: dict[str, object] = {}

    def __repr__(self) -> str:
        return f"CacheContext({str(self.folder)!r})"

    def __getstate__(self) -> dict:
        # sent to worker processes that are not forked: the folder only (each process opens its own stores)
        return {"folder": self.folder, "_created": False, "_stores": {}}

    def ensure(self) -> Path:
        """The folder, created if missing (once; a folder that cannot be made is warned about,
        and every read then misses and every write is dropped)."""
        if not self._created:
            self._created = True
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                unusable(self.folder, exc)
        return self.folder

    def store(self, name: str, version: str | int):
        """The SQLite store ``<name>-<version>.sqlite`` of this folder (what other versions of it
        left is deleted when it is first opened). ``version`` is the cache's own, bumped by hand
        when the code that shapes its entries changes; add the version of a library whose output
        it keeps (HarfBuzz, Babel, Python's marshal format)."""
        key = f"{name}-{version}"
        found = self._stores.get(key)
        if found is None:
            from .store import Store

            # other versions' files, and what older forms of the cache left (a marshal file
            # "<name>-...", a folder of files named after the cache)
            found = self._stores[key] = Store(f"{key}.sqlite", stale=(f"{name}-*", name), folder=self.folder)
        return found

    def flush(self) -> None:
        """Write what the caches of this process have kept back (see :func:`flush`)."""
        flush()

    def close(self) -> None:
        """Write what is kept back and close this process's stores in this folder, as a build does
        when it ends: each store is then one file, without a write-ahead log beside it."""
        flush()
        store = sys.modules.get(f"{__package__}.store")  # no store was opened if it was never imported
        if store is not None:
            store.close_stores(self.folder)

    @contextlib.contextmanager
    def active(self) -> Iterator["CacheContext"]:
        """Make this the context :func:`current` answers while the block runs (for the memoized
        lookups no caller passes a context to: see the class's notes)."""
        before = _active
        self.activate()
        try:
            yield self
        finally:
            _activate(before)

    def activate(self) -> None:
        """Make this the context :func:`current` answers from now on in this process (a worker
        process, for the rest of its life)."""
        _activate(self)


def _activate(context: CacheContext | None) -> None:
    global _active
    _active = context


_active: CacheContext | None = None  # a module global, not a ContextVar: forked workers inherit it
_defaults: dict[str, CacheContext] = {}  # the context of each LETTERPRESS_CACHE_DIR (tests change it)


def default_context() -> CacheContext:
    """The context of the environment (``LETTERPRESS_CACHE_DIR``, else the user cache folder): what
    a stage function called without a ``cache`` (by a library user, by a test) keeps its entries in."""
    key = os.environ.get("LETTERPRESS_CACHE_DIR") or ""
    found = _defaults.get(key)
    if found is None:
        found = _defaults[key] = CacheContext()
    return found


def given(cache: CacheContext | None) -> CacheContext:
    """``cache``, or the environment's context when the caller has none (no build: a library user
    calling a stage function directly, a test)."""
    return cache if cache is not None else default_context()


def current() -> CacheContext:
    """The context the build made active, else the one of the environment: only for the lookups no
    caller can pass a context to (see :meth:`CacheContext.active`)."""
    if _active is not None:
        return _active
    return default_context()


_flushes: list[Callable[[], None]] = []  # what flush() writes: entries kept back by each cache


def at_flush(write: Callable[[], None]) -> None:
    """Have :func:`flush` call ``write`` (once per registration)."""
    if write not in _flushes:
        _flushes.append(write)


def flush() -> None:
    """Write what the caches of this process have kept back.

    Caches gather their new entries and write them together, once a copy is written (and before
    worker processes are forked, so no worker writes the parent's entries again): one write per
    copy instead of one per entry, which in a cold build had cost more than the entries saved.
    """
    for write in _flushes:
        write()
