"""A paragraph that fits on one line is the same at every measure it fits (left to right, not
right-aligned): a run that reads it from the line store at one measure sets it at the others from
that, as the run that set it did, without reading (or writing) the store again."""
from __future__ import annotations


import pytest

from letterpress.cache.context import CacheContext
from letterpress.cache.memo import evict
from letterpress.fonts.face import FontSet
from letterpress.layout import diskcache, set_paragraph
from letterpress.text import Run


@pytest.fixture(scope="module")
def fonts(fixed_fonts) -> FontSet:
    return fixed_fonts


def drawn(lines) -> list[tuple]:
    return [(line.text, line.width, line.last, line.key, [(run.x, run.glyphs, run.advances) for run in line.runs])
            for line in lines]


def test_a_stored_one_line_paragraph_serves_its_other_measures(monkeypatch, tmp_path, fonts):
    monkeypatch.delenv("LETTERPRESS_LAYOUT_CACHE", raising=False)
    cache = CacheContext(tmp_path)
    runs = (Run("Amnesty International", "en"),)
    measures = (1e6, 300.0, 250.0)  # unbroken (as the signatory block measures an entry), then columns
    evict()
    cold = [drawn(set_paragraph(runs, fonts, size=9.0, width=width, align="start", cache=cache))
            for width in measures]
    diskcache.flush()

    evict()  # the next run: only the store is left
    loads = []
    real_load = diskcache.load
    monkeypatch.setattr(diskcache, "load", lambda *args, **kwargs: loads.append(args[0]) or real_load(*args, **kwargs))
    warm = [drawn(set_paragraph(runs, fonts, size=9.0, width=width, align="start", cache=cache))
            for width in measures]
    assert warm == cold
    assert len(loads) == 1  # the unbroken setting; the columns' are the same lines
    assert not diskcache._pending  # nothing written again


def test_a_measure_too_narrow_is_read_or_set_on_its_own(monkeypatch, tmp_path, fonts):
    monkeypatch.delenv("LETTERPRESS_LAYOUT_CACHE", raising=False)
    cache = CacheContext(tmp_path)
    runs = (Run("Asian Federation Against Involuntary Disappearances", "en"),)
    measures = (1e6, 120.0)
    evict()
    cold = [drawn(set_paragraph(runs, fonts, size=9.0, width=width, align="start", cache=cache))
            for width in measures]
    assert len(cold[1]) > 1
    diskcache.flush()
    evict()
    warm = [drawn(set_paragraph(runs, fonts, size=9.0, width=width, align="start", cache=cache))
            for width in measures]
    assert warm == cold
