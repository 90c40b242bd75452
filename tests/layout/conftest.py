"""Fixtures of the layout tests."""
from __future__ import annotations

import io

import pytest

from fontmaker import fixed_advance_font
from letterpress.fonts.face import FontSet, face_from_sfnt


@pytest.fixture(scope="module")
def fixed_fonts() -> FontSet:
    """English set in one fixed-advance face (tests/fontmaker.py)."""
    data = io.BytesIO()
    fixed_advance_font().save(data)
    return FontSet({("en", "regular"): (face_from_sfnt(data.getvalue()),)})
