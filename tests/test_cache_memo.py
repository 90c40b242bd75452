"""The one memo mechanism: every memo is bounded, and evict() empties them all."""
from __future__ import annotations

import pytest

from letterpress.cache import Memo, evict, memoized


def test_a_memo_forgets_its_least_recently_used_entry_when_full():
    memo = Memo("test", 2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # now the most recently used
    memo.put("c", 3)
    assert "b" not in memo and memo.get("a") == 1 and memo.get("c") == 3 and len(memo) == 2
    assert memo.get_or_compute("d", lambda: 4) == 4 and memo.get_or_compute("d", lambda: 5) == 4


def test_evict_empties_every_memo_and_memoized_function():
    calls = []

    @memoized(maxsize=4)
    def square(n: int) -> int:
        calls.append(n)
        return n * n

    memo = Memo("test", 4)
    memo.put("key", "value")
    assert square(3) == square(3) == 9 and calls == [3]
    evict()
    assert "key" not in memo and square(3) == 9 and calls == [3, 3]


@pytest.mark.parametrize("bound", [None, 0])
def test_a_memo_without_a_bound_is_refused(bound):
    with pytest.raises((ValueError, TypeError)):
        memoized(maxsize=bound)
    with pytest.raises((ValueError, TypeError)):
        Memo("unbounded", bound)


def test_setting_text_writes_nothing_into_faces_or_font_sets(tmp_path, monkeypatch):
    """What is derived from a face or a font set (its key, HarfBuzz objects, the characters of its
    glyphs, the line cache's table of faces) is made with it or kept in a memo, never written into it."""
    import dataclasses
    import io
    import pickle

    from fontmaker import fixed_advance_font
    from letterpress.fonts.face import FontSet, face_from_sfnt
    from letterpress.layout import Run, set_paragraph

    monkeypatch.setenv("LETTERPRESS_CACHE_DIR", str(tmp_path))
    data = io.BytesIO()
    fixed_advance_font().save(data)
    face = face_from_sfnt(data.getvalue())
    fonts = FontSet({("en", "regular"): (face,)})
    own = [set(vars(item)) for item in (face, fonts)]
    assert own == [{field.name for field in dataclasses.fields(item)} for item in (face, fonts)]
    evict()  # lines set here, not read from another test's memo
    assert set_paragraph([Run("Human rights coalitions deliver one letter " * 4, "en")], fonts, size=10, width=120)
    assert [set(vars(item)) for item in (face, fonts)] == own
    again = pickle.loads(pickle.dumps(face))  # as a worker process started without fork receives it
    assert again.key == face.key and again.hb_font.scale == face.hb_font.scale
