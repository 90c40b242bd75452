"""The one caching step of a batch of values: the memo, then the store in one query, then made.

A caller that needs many values at once (a PDF's pages, its faces' font objects) asks
:func:`kept_or_made` for all of them: each is looked up in a bounded :class:`~.memo.Memo`; those
not there are asked of a :class:`~.store.Store` in one query (one query each costs more than the
entry); those still missing are made in one call, each key once, and kept in both. A key of None
stands for a value that cannot be kept by one: it is always made, and kept nowhere.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Hashable, Sequence, TypeVar

from .memo import Memo

if TYPE_CHECKING:
    from .store import Store

__all__ = ["kept_or_made"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MISSING = object()


def _as_is(value):
    return value


def kept_or_made(keys: Sequence[K | None], make: Callable[[list[int]], Sequence[V]], memo: Memo[K, V],
                 store: Callable[[], Store], *, stored_as: Callable[[K], str] = str,
                 encode: Callable[[V], bytes] = _as_is, decode: Callable[[bytes], V | None] = _as_is) -> list[V]:
    """The value of each of ``keys``: from ``memo``, else from ``store()`` (asked once, for every
    key the memo misses, under ``stored_as(key)``, read back by ``decode``: None there is a miss),
    else made by ``make(indexes)``, which gets the indexes into ``keys`` of what it must make, in
    order, and gives their values in that order. A key is made once however often it is asked for,
    then kept in the memo and written to the store (``encode``). A None key is made every time and
    kept nowhere. The store is asked for nothing, and not even opened, when the memo has it all."""
    out: list = [_MISSING] * len(keys)
    wanted: dict[K, list[int]] = {}  # the keys the memo misses, with where each stands in ``keys``
    unkept: list[int] = []
    for index, key in enumerate(keys):
        if key is None:
            unkept.append(index)
            continue
        value = memo.get(key, _MISSING)  # type: ignore[arg-type]
        if value is _MISSING:
            wanted.setdefault(key, []).append(index)
        else:
            out[index] = value
    kept = store() if wanted else None
    names = {key: stored_as(key) for key in wanted}
    stored = kept.get_many(names.values()) if kept is not None else {}
    made_keys = []
    for key, name in names.items():
        data = stored.get(name)
        value = None if data is None else decode(data)
        if value is None:
            made_keys.append(key)
            continue
        for index in wanted[key]:
            out[index] = value
        memo.put(key, value)
    # each key made once (at its first place), in the order of ``keys``
    to_make = sorted([wanted[key][0] for key in made_keys] + unkept)
    if to_make:
        for index, value in zip(to_make, make(to_make), strict=True):
            key = keys[index]
            if key is None:
                out[index] = value
                continue
            for place in wanted[key]:
                out[place] = value
            memo.put(key, value)
            kept.put_later(names[key], encode(value))  # type: ignore[union-attr]
    return out
