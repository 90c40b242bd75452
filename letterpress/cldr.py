"""The CLDR values letterpress reads through Babel, kept on disk between runs.

Babel reads a locale's whole CLDR data and merges it with its parent locales' the first time
any value of it is asked for, in every build, to name a few countries.
What letterpress asks for (country names in a language, a date written in a language) is kept
here, one entry per value in the ``cldr`` store of the cache (:mod:`letterpress.cache`), and read
back for a fraction of that (benchmarks/design_costs.py measures both). Babel stays the source: an
entry is only ever what Babel answered, and a new Babel version starts a new store. One entry per
value, added and never rewritten, so concurrent workers and builds each add what they asked and
none loses another's (a single file rewritten whole by every worker kept the last writer's only).

With nothing kept yet, a project's loading starts asking Babel for its languages' values at once,
in a forked process (:func:`ask_ahead`), while it goes on reading the project on the other core;
each value is taken from there when first asked.
"""
from __future__ import annotations

import datetime as dt
import marshal
import os
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Sequence, TypeVar

if TYPE_CHECKING:
    from babel import Locale

    from .cache.context import CacheContext

from .cache.memo import Memo, memoized

V = TypeVar("V")
Key = tuple[object, ...]
Job = tuple[Key, Callable[[], object]]  # a value's key, and how to ask Babel for it

CLDR_FORMAT = 3  # 1, one marshal file of every value; 2, one store entry per value; 3, dates in native digits
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
    value = _asked_ahead(key)
    if value is _MISSING:
        value = compute()
    try:
        store.put_later(entry, marshal.dumps(value))
    except ValueError:
        pass  # not plain values: asked of Babel again next time
    return _values.put(key, value)  # type: ignore[return-value]


def territory_names(language: str, cache: "CacheContext | None" = None) -> dict[str, str]:
    """Country and region names in ``language`` (CLDR territories), by code; kept in ``cache``."""
    return remembered(*_territories(language), cache)


def country_codes(cache: "CacheContext | None" = None) -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes: the two-letter territories CLDR names (in English); kept in ``cache``."""
    return remembered(("country codes",), _country_codes, cache)


def _country_codes() -> frozenset[str]:
    # The codes of Babel's Locale("en").territories, read by hand from the two files Babel merges
    # for en (root's, then en's own: babel.localedata.load): Babel would first merge every other
    # value of en's with root's, and the project's loading would wait for that while ask_ahead's
    # process loads the same locale whole. tests/locale/test_cldr_ahead.py checks they are Babel's;
    # a Babel without resolve_locale_filename is asked as before.
    import pickle

    from babel import localedata

    if not hasattr(localedata, "resolve_locale_filename"):
        return frozenset(code for code in territory_names("en") if len(code) == 2 and code.isalpha())
    names: dict[str, str] = {}
    for locale in ("root", "en"):
        with open(localedata.resolve_locale_filename(locale), "rb") as data:
            names.update((code, name) for code, name in pickle.load(data).get("territories", {}).items()
                         if name is not None)
    return frozenset(code for code in names if len(code) == 2 and code.isalpha())


def _territories(language: str) -> tuple[Key, Callable[[], dict[str, str]]]:
    return ("territories", language), lambda: dict(babel_locale(language).territories)


# The region whose long date a bare language tag means.  English defaults to the
# British order ("23 November 2026", as the UN and most missions write it); the
# script tags Babel cannot use alone get the region that writes that script.
_DEFAULT_REGION = {"en": "GB", "zh-Hans": "CN", "zh-Hant": "TW", "zh": "CN", "pt": "PT"}


@memoized(maxsize=256)
def babel_date_locale(language: str, region: str | None = None) -> "Locale":
    """``zh-Hans`` -> zh_Hans_CN, ``zh-Hant`` -> zh_Hant_TW, ``en`` -> en_GB, ``en`` + US -> en_US."""
    from babel import Locale, UnknownLocaleError  # on a cache miss only

    parts = language.replace("_", "-").split("-")
    has_region = any(len(part) == 2 or part.isdigit() for part in parts[1:])
    if region is None and not has_region:
        region = _default_region("-".join(parts))
    if region and not has_region:
        parts.append(region.upper())
    try:
        return Locale.parse("_".join(parts))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(parts[0])  # e.g. a region CLDR has no data for: the language's own default


def _default_region(tag: str) -> str | None:
    # The tag's entry, else its language's: what letterpress.text.for_language finds for a tag
    # without a region (text asks this module for likely scripts: it cannot be imported here).
    return _DEFAULT_REGION.get(tag) or _DEFAULT_REGION.get(tag.split("-")[0])


def long_date(date: dt.date, language: str, region: str | None = None, cache: "CacheContext | None" = None) -> str:
    """The date written out as CLDR's long form has it in ``language`` (``region``: a regional
    style); kept in ``cache``. See :func:`letterpress.locale.dates.format_long_date`."""
    return remembered(*_long_date(date, language, region), cache)


def _long_date(date: dt.date, language: str, region: str | None) -> tuple[Key, Callable[[], str]]:
    return ("long date", date.isoformat(), language, region), lambda: _format_long_date(date, language, region)


def _format_long_date(date: dt.date, language: str, region: str | None) -> str:
    from babel.dates import format_date

    locale = babel_date_locale(language, region)
    if locale.language == "th":
        return _buddhist_date(date)
    text = format_date(date, "long", locale=locale)
    if locale.language == "fr" and date.day == 1 and text.startswith("1 "):
        # French writes the first of the month as an ordinal, "1er mars" (Imprimerie
        # nationale, Office québécois); CLDR's "d MMMM y" pattern has no ordinal day.
        text = "1er" + text[1:]
    if locale.default_numbering_system != "latn":
        text = _in_native_digits(text, str(locale))
    return text


def _in_native_digits(text: str, locale: str) -> str:
    """``text`` with the digits of the locale's own numbering system (Persian ۱۴۰۵, Bengali ২০২৬,
    Burmese ၂၀၂၆, as its body is written): Babel writes dates in Latin digits whatever CLDR's default
    numbering system is; ICU knows each system's digits."""
    import icu

    digits = icu.NumberingSystem.createInstance(icu.Locale(locale)).getDescription()
    if len(digits) != 10:  # an algorithmic system (Hebrew, Ethiopic numerals): dates keep Latin digits
        return text
    return text.translate(str.maketrans("0123456789", digits))


def _buddhist_date(date: dt.date) -> str:
    """A Thai long date in the Buddhist era, as Thai letters are dated ("8 ธันวาคม 2554"): CLDR's
    preferred calendar for Thailand, which Babel does not implement and ICU does."""
    import icu

    formatter = icu.DateFormat.createDateInstance(icu.DateFormat.LONG, icu.Locale("th_TH@calendar=buddhist"))
    formatter.setTimeZone(icu.TimeZone.getGMT())
    noon = dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.timezone.utc)  # the day, in any zone
    return formatter.format(noon.timestamp())


def _letter_jobs(languages: Sequence[str], date: dt.date) -> dict[Key, Callable[[], object]]:
    """What a build of a letter in ``languages`` dated ``date`` asks, in the order it asks it:
    each language's country names and long date; English and French country names too (the
    country line of an international address)."""
    jobs: dict[Key, Callable[[], object]] = {}
    for language in dict.fromkeys(["en", *languages, "fr"]):
        jobs.update([_territories(language)])
        if language in languages:
            jobs.update([_long_date(date, language, None)])
    return jobs


def ask_ahead(languages: Sequence[str], date: dt.date, cache: "CacheContext | None" = None) -> None:
    """Start asking Babel, in a forked process, for the values a letter in ``languages`` dated
    ``date`` will ask (:func:`_letter_jobs`) and that ``cache`` does not hold yet: the project's other
    files are read and checked meanwhile, on the other core. :func:`remembered` takes each value
    from there when it is asked, or asks Babel itself when that process has failed; either way it
    is what Babel answers, so the output is the same.

    Babel reads a locale's whole CLDR data and merges it with its parents' to give one value: a
    cold build spent most of its CLDR time so, on one core, before a file was written. Not done
    with a single core, without fork, or with other threads running (a forked child could wait
    forever on a lock one of them held)."""
    global _ahead
    settle()
    jobs = {key: compute for key, compute in _letter_jobs(languages, date).items() if key not in _values}
    if jobs:
        stored = _store(cache).get_many(repr(key) for key in jobs)
        jobs = {key: compute for key, compute in jobs.items() if repr(key) not in stored}
    if jobs and _can_fork():
        import babel.dates  # noqa: F401  (what reading any locale's data imports: here once, not in each process)

        from .cache.context import at_flush

        _ahead = _Ahead(list(jobs.items()))
        at_flush(settle)  # the build flushes before it forks its workers: none inherits the pipe


def _can_fork() -> bool:
    import threading

    # the CPUs this process may run on (a container or taskset may allow one of many), as the build's pool counts them
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return hasattr(os, "fork") and usable > 1 and threading.active_count() == 1


class _Ahead:
    """A forked process asking Babel for values, and what it has sent back so far."""

    def __init__(self, jobs: list[Job]):
        read, write = os.pipe()
        try:  # room for every value, so the child never waits for this process to read
            import fcntl

            fcntl.fcntl(write, getattr(fcntl, "F_SETPIPE_SZ"), 1 << 20)
        except (ImportError, AttributeError, OSError):
            pass
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read)
            _answer(jobs, write)
        os.close(write)
        self.wanted = {key for key, _ in jobs}
        self.sent: dict[Key, object] = {}
        self.pipe: BinaryIO | None = os.fdopen(read, "rb")

    def take(self, key: Key) -> object:
        """The value of ``key`` the child sent (waiting for it), or _MISSING."""
        if key not in self.wanted:
            return _MISSING
        while key not in self.sent and self.pipe is not None:
            try:
                sent, ok, value = marshal.load(self.pipe)
            except (EOFError, ValueError, TypeError, OSError):  # the child failed: asked here
                self.close()
                break
            if ok:
                self.sent[sent] = value
        self.wanted.discard(key)
        if not self.wanted:
            self.close()
        return self.sent.pop(key, _MISSING)

    def close(self) -> None:
        """Stop reading, and wait for the child to end."""
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None
            os.waitpid(self.pid, 0)


def _answer(jobs: list[Job], pipe: int) -> None:
    """In the forked child: each job's value, down ``pipe``, as soon as Babel gives it; then exit
    without running anything of the parent's (atexit handlers, buffered output, stores)."""
    try:
        with os.fdopen(pipe, "wb") as out:
            for key, compute in jobs:
                try:
                    message = marshal.dumps((key, True, compute()))  # type: ignore[arg-type]
                except Exception:  # asked again by the parent, which reports what is wrong
                    message = marshal.dumps((key, False, None))  # type: ignore[arg-type]
                out.write(message)
                out.flush()
    finally:
        os._exit(0)


_ahead: _Ahead | None = None


def _asked_ahead(key: Key) -> object:
    return _ahead.take(key) if _ahead is not None else _MISSING


def settle() -> None:
    """Stop taking values from the process :func:`ask_ahead` started, and wait for it to end."""
    global _ahead
    if _ahead is not None:
        _ahead.close()
        _ahead = None


@memoized(maxsize=256)
def babel_locale(tag: str) -> "Locale":
    """The Babel locale for a BCP 47 tag (``zh-Hans`` -> ``zh_Hans``)."""
    # Babel is imported when a value is first asked of it: most builds read every value from
    # letterpress.cldr's cache, and importing Babel costs every process that does it.
    from babel import Locale

    return Locale.parse(tag.replace("-", "_"))
