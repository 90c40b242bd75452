"""The CLDR values letterpress reads through Babel, kept on disk between runs.

Babel reads a locale's whole CLDR data and merges it with its parent locales' the first time
any value of it is asked for, in every build, to name a few countries.
What letterpress asks for (country names in a language, a date written in a language) is kept
here, one entry per value in the ``cldr`` store of the cache (:mod:`letterpress.cache`), and read
back for a fraction of that (benchmarks/design_costs.py measures both). Babel stays the source: an
entry is only ever what Babel answered, and a new Babel version starts a new store. One entry per
value, added and never rewritten, so concurrent workers and builds each add what they asked and
none loses another's (a single file rewritten whole by every worker kept the last writer's only).
"""
from __future__ import annotations

import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

if TYPE_CHECKING:
    from babel import Locale

    from .cache.context import CacheContext

from .cache.memo import Memo, memoized

V = TypeVar("V")

CLDR_FORMAT = 2  # the entries' shape: 1, one marshal file of every value; 2, one store entry per value
_MISSING = object()
# values already read or asked in this process, shared by every build in it (a batch asks a few hundred)
_values: Memo[tuple, object] = Memo("CLDR values", 4096)


def _store(cache: "CacheContext | None"):
    """The cldr store of ``cache``; None: the build's active context, else the environment's
    (:func:`letterpress.cache.current`), for the memoized lookups no caller passes one to
    (:func:`letterpress.text.script_of`)."""
    from .cache import MARSHAL, current

    context = cache if cache is not None else current()
    return context.store("cldr", f"{CLDR_FORMAT}-babel{_babel_version()}-{MARSHAL}")


@memoized(maxsize=1)
def _babel_version() -> str:
    """Babel's version, read from its package's ``__init__.py`` rather than by importing it: a
    build that finds every value here then never imports Babel. Should the file ever
    not say, Babel is imported and asked."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("babel")
    try:
        source = Path(spec.origin).read_text("utf-8") if spec and spec.origin else ""
    except OSError:
        source = ""
    found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", source, re.MULTILINE)
    if found:
        return found.group(1)
    import babel

    return babel.__version__


def remembered(key: tuple, compute: Callable[[], V], cache: "CacheContext | None" = None) -> V:
    """``compute()``, asked of Babel once and then read from ``cache``'s cldr store (written at
    the next :func:`letterpress.cache.flush`)."""
    value = _values.get(key, _MISSING)
    if value is not _MISSING:
        return value  # type: ignore[return-value]
    store = _store(cache)
    entry = repr(key)
    stored = store.get(entry)
    if stored is not None:
        try:
            return _values.put(key, marshal.loads(stored))  # type: ignore[return-value]
        except (ValueError, EOFError, TypeError):
            pass  # not ours: asked of Babel again, and replaced
    value = compute()
    try:
        store.put_later(entry, marshal.dumps(value))
    except ValueError:
        pass  # not plain values: asked of Babel again next time
    return _values.put(key, value)  # type: ignore[return-value]


def territory_names(language: str, cache: "CacheContext | None" = None) -> dict[str, str]:
    """Country and region names in ``language`` (CLDR territories), by code; kept in ``cache``."""
    return remembered(("territories", language), lambda: dict(babel_locale(language).territories), cache)


@memoized(maxsize=256)
def babel_locale(tag: str) -> "Locale":
    """The Babel locale for a BCP 47 tag (``zh-Hans`` -> ``zh_Hans``)."""
    # Babel is imported when a value is first asked of it: most builds read every value from
    # letterpress.cldr's cache, and importing Babel costs every process that does it.
    from babel import Locale

    return Locale.parse(tag.replace("-", "_"))
