"""letterpress reads Pyphen's dictionaries itself (each pattern parsed when a word first meets it):
its hyphenation points must be Pyphen's own, for every dictionary it reads, and a dictionary it
does not read must go to Pyphen."""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pyphen

from letterpress.layout import hyphenate

WORDS = ["representation", "international", "humanitarian", "organizations", "unfettered", "incontrovertible",
         "représentatives", "humanitaires", "organizaciones", "circulación", "правозащитных", "Überwachung",
         "KOREA", "Démocratique"]


def test_points_are_pyphens_for_every_dictionary_read_here():
    read, declined = [], []
    for name, path in sorted(pyphen.LANGUAGES.items()):
        ours = hyphenate.read_patterns(Path(path), 2, 2)
        if ours is None:
            declined.append(name)
            continue
        read.append(name)
        reference = pyphen.Pyphen(filename=path, left=2, right=2)
        # real words, and words of the dictionary's own letters (which meet many of its patterns)
        letters = sorted({char for key in ours.table for char in key} - {"."})
        rng = random.Random(name)
        words = WORDS + ["".join(rng.choice(letters) for _ in range(rng.randint(5, 16))) for _ in range(40)]
        for word in words:
            assert ours.positions(word) == reference.positions(word), (name, word)
    assert {"en_GB", "en_US", "fr", "es", "ru_RU", "it_IT", "pt_PT", "nl_NL"} <= set(read)
    assert "de_DE" in declined


def test_a_dictionary_only_pyphen_reads_is_left_to_it():
    # de_DE has values of two digits, which Pyphen reads as two positions
    assert hyphenate.read_patterns(Path(pyphen.LANGUAGES["de_DE"]), 2, 2) is None
    assert isinstance(hyphenate._dictionary("de"), pyphen.Pyphen)
    assert hyphenate.hyphenation_points("Menschenrechtsorganisationen", "de") == tuple(
        pyphen.Pyphen(lang="de_DE", left=2, right=2).positions("Menschenrechtsorganisationen"))


def test_each_language_uses_its_own_minimum_fragments():
    # English keeps three letters after a break (en 2/3), Spanish two
    assert hyphenate.hyphenation_points("representation", "en") == (3, 6, 9, 10)
    assert all(point <= len("organizaciones") - 2 for point in hyphenate.hyphenation_points("organizaciones", "es"))
    assert hyphenate.hyphenation_points("KOREA", "en") == ()  # capitals (an acronym) are not broken


def test_dictionaries_are_found_as_pyphen_lists_them_without_importing_it():
    assert hyphenate._pyphen_languages() == {name: Path(path) for name, path in pyphen.LANGUAGES.items()}
    # a build that hyphenates only languages read here never imports Pyphen (nor what its import brings)
    code = ("import sys; from letterpress.layout import hyphenate as h; "
            "assert h.hyphenation_points('representation', 'en') == (3, 6, 9, 10); "
            "assert h.hyphenation_points('правозащитных', 'ru'); "
            "assert 'pyphen' not in sys.modules, 'pyphen imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_dictionary_keys_its_patterns_by_their_letters_alone():
    table = hyphenate.read_patterns(Path(pyphen.LANGUAGES["ru_RU"]), 2, 2).table
    assert table and all(not any(char.isdigit() for char in key) for key in table)
    # non-ASCII letters (Cyrillic, read from cp1251) come through the removal of the digits whole
    assert all(key.replace(".", "").isalpha() for key in table)
