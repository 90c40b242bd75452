"""kept_or_made: the memo, then the store in one query, then made once and kept in both."""
from __future__ import annotations

import pytest

from letterpress.cache import CacheContext, Memo, evict, flush, kept_or_made


class _Store:
    """A store that records what it is asked (the Store methods kept_or_made uses)."""

    def __init__(self, entries: dict[str, bytes] | None = None):
        self.entries = dict(entries or {})
        self.asked: list[list[str]] = []
        self.written: list[tuple[str, bytes]] = []

    def get_many(self, names):
        names = list(names)
        self.asked.append(names)
        return {name: self.entries[name] for name in names if name in self.entries}

    def put_later(self, name: str, value: bytes) -> None:
        self.written.append((name, value))
        self.entries[name] = value


class _Maker:
    def __init__(self, values):
        self.values = values
        self.calls: list[list[int]] = []

    def __call__(self, indexes: list[int]) -> list[bytes]:
        self.calls.append(list(indexes))
        return [self.values[index] for index in indexes]


def _opened(store):
    opened = []

    def open_store():
        opened.append(True)
        return store

    return open_store, opened


def test_what_the_memo_has_asks_neither_the_store_nor_the_maker():
    memo: Memo[str, bytes] = Memo("test", 8)
    memo.put("a", b"A")
    store = _Store({"a": b"stale"})
    open_store, opened = _opened(store)
    make = _Maker([b"no"])
    assert kept_or_made(["a"], make, memo, open_store) == [b"A"]
    assert not opened and not store.asked and not make.calls


def test_what_the_store_has_is_read_in_one_query_and_kept_in_the_memo():
    memo: Memo[str, bytes] = Memo("test", 8)
    store = _Store({"s:a": b"A", "s:b": b"B"})
    make = _Maker([b"no", b"no", b"no"])
    got = kept_or_made(["a", "b", "a"], make, memo, lambda: store, stored_as=lambda key: "s:" + key)
    assert got == [b"A", b"B", b"A"]
    assert store.asked == [["s:a", "s:b"]] and not make.calls and not store.written
    assert memo.get("a") == b"A" and memo.get("b") == b"B"


def test_a_miss_is_made_once_in_one_call_and_kept_in_both():
    memo: Memo[str, bytes] = Memo("test", 8)
    store = _Store({"b": b"B"})
    make = _Maker([b"A0", b"B", b"C2", b"A3", b"C4"])
    got = kept_or_made(["a", "b", "c", "a", "c"], make, memo, lambda: store)
    assert got == [b"A0", b"B", b"C2", b"A0", b"C2"]  # a key's later places take what its first made
    assert make.calls == [[0, 2]]
    assert store.written == [("a", b"A0"), ("c", b"C2")]
    assert memo.get("a") == b"A0" and memo.get("c") == b"C2"


def test_nothing_is_asked_of_the_store_twice_for_the_same_key():
    memo: Memo[str, bytes] = Memo("test", 8)
    store = _Store({"b": b"B"})
    make = _Maker([b"A", b"B"])
    for _ in range(3):
        assert kept_or_made(["a", "b"], make, memo, lambda: store) == [b"A", b"B"]
    asked = [name for query in store.asked for name in query]
    assert sorted(asked) == ["a", "b"] and make.calls == [[0]]


def test_a_key_of_none_is_made_every_time_and_kept_nowhere():
    memo: Memo[str, bytes] = Memo("test", 8)
    store = _Store()
    make = _Maker([b"X", b"A", b"Y"])
    assert kept_or_made([None, "a", None], make, memo, lambda: store) == [b"X", b"A", b"Y"]
    assert kept_or_made([None, "a", None], make, memo, lambda: store) == [b"X", b"A", b"Y"]
    assert make.calls == [[0, 1, 2], [0, 2]]
    assert store.written == [("a", b"A")] and len(memo) == 1 and store.asked == [["a"]]


def test_a_stored_entry_that_does_not_decode_is_made_again():
    memo: Memo[str, int] = Memo("test", 8)
    store = _Store({"a": b"not a number", "b": b"2"})
    make = _Maker([1, 0])
    got = kept_or_made(["a", "b"], make, memo, lambda: store, encode=lambda value: str(value).encode(),
                       decode=lambda data: int(data) if data.isdigit() else None)
    assert got == [1, 2] and make.calls == [[0]] and store.written == [("a", b"1")]


def test_a_value_made_is_read_back_from_a_real_store_in_a_new_process(tmp_path):
    memo: Memo[str, bytes] = Memo("test", 8)
    context = CacheContext(tmp_path / "cache")
    make = _Maker([b"A"])
    with context.active():
        assert kept_or_made(["a"], make, memo, lambda: context.store("kept-test", 1)) == [b"A"]
        flush()
        evict()  # what a new process has: the store, not the memo
        assert kept_or_made(["a"], _Maker([b"other"]), memo, lambda: context.store("kept-test", 1)) == [b"A"]
    assert make.calls == [[0]]


def test_the_maker_must_give_a_value_for_each_index():
    with pytest.raises(ValueError):
        kept_or_made(["a", "b"], lambda indexes: [b"only one"], Memo("test", 8), lambda: _Store())
