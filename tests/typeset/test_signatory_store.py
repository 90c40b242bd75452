"""Signatory blocks kept between runs (:mod:`letterpress.typeset.blockstore`): a run that finds its
block reads it whole and sets no paragraph; a block is keyed by everything it depends on."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from fontmaker import fixed_advance_font
from letterpress.cache.context import CacheContext
from letterpress.cache.memo import evict
from letterpress.compose.document import SignatoryEntry
from letterpress.fonts.face import FontSet, face_from_sfnt
from letterpress.typeset import Typesetter
from letterpress.typeset import signatories as module

NAMES = ["Advocates International Global Council", "Amnesty International", "Asia Justice and Rights",
         "Asian Federation Against Involuntary Disappearances", "Burma Partnership", "Conectas"]


def _fonts(family: str) -> FontSet:
    data = io.BytesIO()
    fixed_advance_font(family).save(data)
    face = face_from_sfnt(data.getvalue())
    return FontSet({("en", style): (face,) for style in ("regular", "bold")})


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return _fonts("Fixed Block")


@pytest.fixture(autouse=True)
def _line_cache_on(monkeypatch):
    monkeypatch.delenv("LETTERPRESS_LAYOUT_CACHE", raising=False)


def block(signature: Path | None = None, first: str = NAMES[0]) -> tuple[SignatoryEntry, ...]:
    names = [first] + NAMES[1:]
    return tuple(SignatoryEntry(name, "Korea" if index % 2 else None, "person" if index == 1 else "organisation",
                                "en", signature if index == 2 else None) for index, name in enumerate(names))


def measure(entries, setter):
    measured = module.measure(entries, setter, 9.0, 12.15, 300.0)
    return (measured.columns, measured.column_width,
            [([(line.text, line.width, line.key) for line in entry.lines], entry.height, entry.signature)
             for entry in measured.entries])


@pytest.fixture
def set_paragraphs(monkeypatch):
    """The paragraphs set from here on (the block's entries, when it is not read whole)."""
    import letterpress.typeset as typeset

    asked = []
    real = typeset.set_paragraph
    monkeypatch.setattr(typeset, "set_paragraph", lambda runs, *a, **k: asked.append(runs) or real(runs, *a, **k))
    return asked


def test_a_kept_block_is_read_whole(tmp_path, fonts, set_paragraphs):
    setter = Typesetter(fonts, CacheContext(tmp_path))
    evict()
    cold = measure(block(), setter)
    assert set_paragraphs and cold[0] == 2  # long names: two columns, and every entry set
    setter.cache.flush()
    evict()  # the next run: only the stores are left
    set_paragraphs.clear()
    assert measure(block(), setter) == cold
    assert set_paragraphs == []


def test_a_block_is_keyed_by_its_entries_and_fonts(tmp_path, fonts, set_paragraphs):
    cache = CacheContext(tmp_path)
    evict()
    measure(block(), Typesetter(fonts, cache))
    cache.flush()
    for entries, setter in [(block(first="Christian Solidarity Worldwide"), Typesetter(fonts, cache)),
                            (block(signature=tmp_path / "sign.png"), Typesetter(fonts, cache)),  # a taller entry
                            (block(), Typesetter(_fonts("Fixed Other"), cache))]:
        evict()
        set_paragraphs.clear()
        fresh = measure(entries, setter)
        assert set_paragraphs, entries
        evict()
        assert fresh == measure(entries, Typesetter(setter.fonts, CacheContext(tmp_path / "empty")))


def test_a_signature_is_placed_from_the_copy_s_own_entry(tmp_path, fonts, set_paragraphs):
    setter = Typesetter(fonts, CacheContext(tmp_path))
    evict()
    measure(block(signature=tmp_path / "one.png"), setter)
    setter.cache.flush()
    evict()
    set_paragraphs.clear()
    columns, width, entries = measure(block(signature=tmp_path / "other.png"), setter)
    assert set_paragraphs == []  # the same block: only where the image is differs
    assert entries[2][2].signature == tmp_path / "other.png"


def test_nothing_is_kept_with_the_line_cache_off(tmp_path, fonts, monkeypatch, set_paragraphs):
    monkeypatch.setenv("LETTERPRESS_LAYOUT_CACHE", "0")
    setter = Typesetter(fonts, CacheContext(tmp_path))
    evict()
    measure(block(), setter)
    setter.cache.flush()
    evict()
    set_paragraphs.clear()
    measure(block(), setter)
    assert set_paragraphs
