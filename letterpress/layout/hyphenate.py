"""Dictionary hyphenation for Latin-script languages, with the minimum fragments each language uses."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..cache.memo import memoized

if TYPE_CHECKING:
    import pyphen

# (language -> Pyphen dictionary, left minimum, right minimum); cjk-line-layout.md: en 2/3, fr and es 2/2.
_DICTIONARIES = {"en": ("en_GB", 2, 3), "en-US": ("en_US", 2, 3), "fr": ("fr", 2, 2), "es": ("es", 2, 2),
                 "de": ("de_DE", 2, 2), "it": ("it_IT", 2, 2), "pt": ("pt_PT", 2, 3), "nl": ("nl_NL", 2, 2)}
_MIN_WORD = 5
# The shape of the parsed patterns kept in the cache (bump when _parse_patterns or what is stored changes):
# 1, a marshal file per dictionary; 2, an entry per dictionary in the hyphenation store
HYPHENATION_FORMAT = 2


@memoized(maxsize=64)
def _dictionary(language: str) -> pyphen.Pyphen | None:
    import pyphen  # here, not at the top: a build whose lines all come from the cache never hyphenates

    entry = _DICTIONARIES.get(language) or _DICTIONARIES.get(language.split("-")[0])
    if entry is None:
        base = language.split("-")[0]
        if base not in pyphen.LANGUAGES:
            return None
        entry = (base, 2, 2)
    name, left, right = entry
    _load_patterns(name)
    return pyphen.Pyphen(lang=name, left=left, right=right)


def _load_patterns(name: str) -> None:
    """Put the dictionary's parsed patterns in Pyphen's own cache, from our cache when we have them.

    Pyphen parses the LibreOffice pattern file on every start; the parsed table, kept in
    ``marshal`` form in the ``hyphenation`` store, loads in a fraction of that time, and faster than
    JSON (benchmarks/design_costs.py measures all three). Not pickle: marshal builds plain values and cannot run code, as with Python's own
    bytecode caches. One entry per dictionary, keyed by the pattern file's path, size and time.
    """
    import marshal

    import pyphen

    from ..cache import MARSHAL, current

    path = pyphen.LANGUAGES.get(name)
    if path is None or path in pyphen.hdcache:
        return
    store = current().store("hyphenation", f"{HYPHENATION_FORMAT}-pyphen{getattr(pyphen, 'VERSION', '')}-{MARSHAL}")
    stat = Path(path).stat()
    entry = f"{name}:{path}:{stat.st_size}:{stat.st_mtime_ns}"
    stored = store.get(entry)
    try:
        if stored is None:
            raise ValueError("missing")
        maxlen, patterns = marshal.loads(stored)
        table = object.__new__(pyphen.HyphDict)
        table.maxlen, table.patterns, table.cache = maxlen, patterns, {}
        pyphen.hdcache[path] = table
        return
    except (ValueError, EOFError, TypeError):
        pass
    parsed = _parse_patterns(Path(path))
    if parsed is None:
        table = pyphen.HyphDict(Path(path))
    else:
        table = object.__new__(pyphen.HyphDict)
        table.maxlen, table.patterns, table.cache = parsed[0], parsed[1], {}
    pyphen.hdcache[path] = table
    try:
        payload = marshal.dumps((table.maxlen, table.patterns))
    except ValueError:  # a Pyphen whose tables are not plain values: keep parsing each time
        return
    store.put([(entry, payload)])  # a read-only cache only costs speed


_IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
_NO_DIGITS = str.maketrans("", "", "0123456789")


def _parse_patterns(path: Path) -> tuple[int, dict[str, tuple[int, tuple[int, ...]]]] | None:
    """(longest pattern, patterns) of a LibreOffice ``hyph_*.dic``, as Pyphen's HyphDict holds them.

    Written here because it is faster than Pyphen's parser (benchmarks/design_costs.py), a cost
    a build with an empty cache pays for every language it hyphenates. Returns None for
    what only Pyphen reads: hex escapes (^^hh), nonstandard alternatives (/...=), and two
    digits in a row (which Pyphen reads as two positions).
    """
    import re

    two_digits = re.compile(r"\d\d").search
    with path.open("rb") as stream:
        encoding = stream.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    for line in path.read_text(encoding).split("\n")[1:]:
        pattern = line.strip()
        if not pattern or pattern.startswith(_IGNORED):
            continue
        if "^^" in pattern or "/" in pattern or two_digits(pattern):
            return None
        key = pattern.translate(_NO_DIGITS)
        if len(key) == len(pattern):
            continue  # no digits: no hyphenation value anywhere
        # values[i] weighs the gap before key[i] (the digit written there in the pattern)
        values = [0] * (len(key) + 1)
        position = 0
        for char in pattern:
            if char.isdigit():
                values[position] = int(char)
            else:
                position += 1
        if not any(values):
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns[key] = (start, tuple(values[start:end]))
    if not patterns:
        return None
    return max(len(key) for key in patterns), patterns


@memoized(maxsize=65536)
def hyphenation_points(word: str, language: str) -> tuple[int, ...]:
    """Offsets inside ``word`` after which it may be hyphenated."""
    if len(word) < _MIN_WORD or word.isupper():
        return ()
    dictionary = _dictionary(language)
    if dictionary is None:
        return ()
    return tuple(dictionary.positions(word))
