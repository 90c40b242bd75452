"""The parsed hyphenation patterns kept in the cache give the same hyphenation as Pyphen's own parse."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pyphen
import pytest

from letterpress.layout import hyphenate

WORDS = ["representation", "international", "humanitarian", "organizations", "unfettered", "incontrovertible",
         "représentatives", "humanitaires", "organizaciones", "circulación"]


def test_cached_patterns_hyphenate_like_pyphen(monkeypatch, tmp_path):
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path))
    for name, language in (("en_GB", "en"), ("fr", "fr"), ("es", "es")):
        path = pyphen.LANGUAGES[name]
        reference = pyphen.HyphDict(Path(path))
        monkeypatch.delitem(pyphen.hdcache, path, raising=False)
        hyphenate._load_patterns(name)  # parses (with letterpress's parser) and writes the cache
        parsed = pyphen.hdcache[path]
        assert parsed is not reference and parsed.patterns == reference.patterns
        assert parsed.maxlen == reference.maxlen
        monkeypatch.delitem(pyphen.hdcache, path, raising=False)
        with monkeypatch.context() as reading:
            reading.setattr(hyphenate, "_parse_patterns", lambda path: pytest.fail("parsed again"))
            hyphenate._load_patterns(name)  # reads the cache
        cached = pyphen.hdcache[path]
        assert cached is not reference and cached.patterns == reference.patterns
        for word in WORDS:
            assert cached.positions(word) == reference.positions(word), (language, word)
    (store,) = tmp_path.glob("hyphenation-*.sqlite")
    with sqlite3.connect(store) as database:
        assert database.execute("SELECT count(*) FROM entries").fetchone() == (3,)  # one per dictionary


def test_letterpress_parser_reads_patterns_as_pyphen_does_or_leaves_them_to_it():
    from letterpress.layout.hyphenate import _DICTIONARIES, _parse_patterns

    declined = []
    for name in sorted({entry[0] for entry in _DICTIONARIES.values()}):
        path = Path(pyphen.LANGUAGES[name])
        ours = _parse_patterns(path)
        if ours is None:
            declined.append(name)
            continue
        reference = pyphen.HyphDict(path)
        assert ours == (reference.maxlen, reference.patterns), name
    # de_DE has two-digit values, which Pyphen reads as two positions: left to Pyphen
    assert declined == ["de_DE"]
