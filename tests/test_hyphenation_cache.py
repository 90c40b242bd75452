"""The parsed hyphenation patterns kept in the cache give the same hyphenation as Pyphen's own parse."""
from __future__ import annotations

from pathlib import Path

import pyphen

from letterpress.layout import hyphenate

WORDS = ["representation", "international", "humanitarian", "organizations", "unfettered", "incontrovertible",
         "représentatives", "humanitaires", "organizaciones", "circulación"]


def test_cached_patterns_hyphenate_like_pyphen(monkeypatch, tmp_path):
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path))
    for name, language in (("en_GB", "en"), ("fr", "fr"), ("es", "es")):
        path = pyphen.LANGUAGES[name]
        reference = pyphen.HyphDict(Path(path))
        monkeypatch.delitem(pyphen.hdcache, path, raising=False)
        hyphenate._load_patterns(name)  # parses and writes the cache
        monkeypatch.delitem(pyphen.hdcache, path, raising=False)
        hyphenate._load_patterns(name)  # reads the cache
        cached = pyphen.hdcache[path]
        assert cached is not reference and cached.patterns == reference.patterns
        for word in WORDS:
            assert cached.positions(word) == reference.positions(word), (language, word)
    assert len(list(tmp_path.glob("hyphenation-*.marshal"))) == 3
