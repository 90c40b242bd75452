"""Fixtures of the render tests."""
from __future__ import annotations

import io

import pytest

from fontmaker import fixed_advance_font
from letterpress.cache import evict
from letterpress.fonts.face import face_from_sfnt


@pytest.fixture
def face(tmp_path, monkeypatch):
    """A fixed-advance face (tests/fontmaker.py), with a cache folder and memos of its own."""
    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1323302400")
    evict()
    data = io.BytesIO()
    fixed_advance_font().save(data)
    yield face_from_sfnt(data.getvalue())
    evict()
