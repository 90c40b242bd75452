"""Dictionary hyphenation for Latin-script languages, with the minimum fragments each language uses.

Liang's patterns, from the LibreOffice dictionaries Pyphen ships, applied as Pyphen applies them,
but read here so that each pattern's values are worked out the first time a word meets the
pattern, not all of the file's thousands before the first word (what Pyphen's parser does). A
letter hyphenates a few hundred words a language and meets a few thousand patterns: reading a
dictionary this way costs less than reading back a fully parsed copy kept in the cache did
(benchmarks/design_costs.py), so none is kept. A dictionary with what only Pyphen reads (hex
escapes, nonstandard alternatives, values of two digits) is left to Pyphen.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache.memo import memoized
from ..text import base_language, for_language

if TYPE_CHECKING:
    import pyphen

# (language -> Pyphen dictionary, left minimum, right minimum); cjk-line-layout.md: en 2/3, fr and es 2/2.
_DICTIONARIES = {"en": ("en_GB", 2, 3), "en-US": ("en_US", 2, 3), "fr": ("fr", 2, 2), "es": ("es", 2, 2),
                 "de": ("de_DE", 2, 2), "it": ("it_IT", 2, 2), "pt": ("pt_PT", 2, 3), "nl": ("nl_NL", 2, 2)}
_MIN_WORD = 5


@memoized(maxsize=64)
def _dictionary(language: str) -> Patterns | pyphen.Pyphen | None:
    entry = for_language(_DICTIONARIES, language)
    languages = _pyphen_languages()
    if entry is None:
        base = base_language(language)
        if base not in languages:
            return None
        entry = (base, 2, 2)
    name, left, right = entry
    path = languages.get(name)
    patterns = read_patterns(path, left, right) if path is not None else None
    if patterns is not None:
        return patterns
    import pyphen  # here, not at the top: only for a dictionary read_patterns leaves to it

    return pyphen.Pyphen(lang=name, left=left, right=right)


@memoized(maxsize=1)
def _pyphen_languages() -> dict[str, Path]:
    """Pyphen's ``LANGUAGES`` (a dictionary's name, and its language's alone for the first of that
    language, -> its file), made as Pyphen makes it but without importing Pyphen, whose import
    brings in importlib.resources to list the same folder, for every worker that hyphenates."""
    spec = importlib.util.find_spec("pyphen")
    folder = Path(spec.submodule_search_locations[0]) / "dictionaries" if spec is not None else None
    languages: dict[str, Path] = {}
    for path in sorted(folder.iterdir()) if folder is not None and folder.is_dir() else ():
        if path.suffix == ".dic":
            name = path.name[5:-4]
            languages[name] = path
            languages.setdefault(name.split("_")[0], path)
    return languages


_IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
_NO_DIGITS = str.maketrans("", "", "0123456789")
_DIGITS = b"0123456789"
_HAS_VALUE = re.compile("[1-9]").search  # a pattern of zeros only weighs nothing
_ONLY_PYPHEN = re.compile(r"\^\^|/|\d\d").search


class Patterns:
    """The patterns of a LibreOffice ``hyph_*.dic``: each pattern's letters (its key) -> the pattern
    as written, replaced by (offset, values) as Pyphen's HyphDict holds it once a word meets it."""

    __slots__ = ("table", "longest", "left", "right")

    def __init__(self, table: dict[str, str | tuple[int, tuple[int, ...]]], left: int, right: int):
        self.table = table
        self.longest = max(map(len, table))
        self.left, self.right = left, right

    def positions(self, word: str) -> list[int]:
        """Offsets inside ``word`` after which it may be hyphenated: Pyphen's ``Pyphen.positions``
        (Liang's algorithm, then the left and right minimum fragments)."""
        pointed = f".{word.lower()}."
        length = len(pointed)
        weights = [0] * (length + 1)
        table, longest = self.table, self.longest
        for i in range(length - 1):
            for j in range(i + 1, min(i + longest, length) + 1):
                pattern = table.get(pointed[i:j])
                if pattern is None:
                    continue
                if type(pattern) is str:
                    pattern = table[pointed[i:j]] = _values(pattern)
                offset, values = pattern
                start = i + offset
                end = start + len(values)
                weights[start:end] = map(max, values, weights[start:end])
        right = len(word) - self.right
        return [i - 1 for i, weight in enumerate(weights) if weight % 2 and self.left <= i - 1 <= right]


def read_patterns(path: Path, left: int, right: int) -> Patterns | None:
    """The dictionary's patterns, keyed but not yet parsed; None for one only Pyphen reads."""
    with path.open("rb") as stream:
        encoding = stream.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    lines = [line for line in map(str.strip, path.read_text(encoding).split("\n")[1:])
             if line and not line.startswith(_IGNORED)]
    kept = [line for line in lines if _HAS_VALUE(line)]
    if not kept or _ONLY_PYPHEN("\n".join(lines)):
        return None
    # a key written twice keeps its last pattern, as in Pyphen. The digits go in one pass over the
    # UTF-8 bytes of all the patterns (UTF-8 has no ASCII byte inside another character; str.translate
    # deleting them line by line took longer than the rest of the reading)
    keys = "\n".join(kept).encode("utf-8").translate(None, _DIGITS).decode("utf-8").split("\n")
    return Patterns(dict(zip(keys, kept)), left, right)


def _values(pattern: str) -> tuple[int, tuple[int, ...]]:
    """(offset, values) of one pattern as Pyphen's HyphDict holds it: values[i] weighs the gap
    before the key's letter offset + i (the digit written there), zeros at either end left out."""
    values = [0] * (len(pattern.translate(_NO_DIGITS)) + 1)
    position = 0
    for char in pattern:
        if char.isdigit():
            values[position] = int(char)
        else:
            position += 1
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, tuple(values[start:end])


@memoized(maxsize=65536)
def hyphenation_points(word: str, language: str) -> tuple[int, ...]:
    """Offsets inside ``word`` after which it may be hyphenated."""
    if len(word) < _MIN_WORD or word.isupper():
        return ()
    dictionary = _dictionary(language)
    if dictionary is None:
        return ()
    return tuple(dictionary.positions(word))
