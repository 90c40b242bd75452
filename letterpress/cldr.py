"""The CLDR values letterpress reads through Babel, kept on disk between runs.

Babel reads a locale's whole CLDR data and merges it with its parent locales' the first time
any value of it is asked for, in every build, to name a few countries.
What letterpress asks for (country names in a language, a date written in a language) is kept
here, in ``cldr-babel<version>.marshal`` in the cache folder, and read back for a fraction of
that (benchmarks/design_costs.py measures both). Babel stays the source: an entry is only ever what Babel answered, and a new Babel
version starts a new file.
"""
from __future__ import annotations

import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from .cache.memo import memoized

if TYPE_CHECKING:
    from babel import Locale

V = TypeVar("V")

_values: dict | None = None  # pure values, shared by every build in this process
_unsaved = False  # values asked of Babel since the file was last written


def _path() -> Path:
    from .cache import cache_dir

    return cache_dir() / f"cldr-babel{_babel_version()}.marshal"


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


def _load() -> dict:
    global _values
    if _values is None:
        from .cache import read_entry

        data = read_entry(_path())
        try:
            loaded = marshal.loads(data) if data is not None else {}
            _values = loaded if isinstance(loaded, dict) else {}
        except (ValueError, EOFError, TypeError):
            _values = {}
    return _values


def remembered(key: tuple, compute: Callable[[], V]) -> V:
    """``compute()``, asked of Babel once and then read from the cache (written at the next
    :func:`letterpress.cache.flush`)."""
    values = _load()
    if key in values:
        return values[key]
    global _unsaved
    value = compute()
    values[key] = value
    _unsaved = True
    from .cache import at_flush

    at_flush(_save)
    return value


def _save() -> None:
    global _unsaved
    if not _unsaved or _values is None:
        return
    from .cache import write_entry

    try:
        write_entry(_path(), marshal.dumps(_values))  # an unwritable cache only costs speed
    except ValueError:
        pass  # not plain values: asked of Babel again next time
    _unsaved = False


def territory_names(language: str) -> dict[str, str]:
    """Country and region names in ``language`` (CLDR territories), by code."""
    return remembered(("territories", language), lambda: dict(babel_locale(language).territories))


@memoized(maxsize=256)
def babel_locale(tag: str) -> "Locale":
    """The Babel locale for a BCP 47 tag (``zh-Hans`` -> ``zh_Hans``)."""
    # Babel is imported when a value is first asked of it: most builds read every value from
    # letterpress.cldr's cache, and importing Babel costs every process that does it.
    from babel import Locale

    return Locale.parse(tag.replace("-", "_"))
