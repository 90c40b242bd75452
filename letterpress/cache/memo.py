"""The one in-memory memo mechanism: bounded least-recently-used tables, all registered.

Two forms of one thing, after Typst's ``comemo`` (one ``memoize`` attribute, one ``evict``) and
fontTools' ``tableCache`` (a table handed to whoever may share it):

- :func:`memoized` for a pure function of hashable arguments. It is ``functools.lru_cache`` with a
  bound that must be given: lru_cache is written in C, and the hot memos of layout (hyphenation
  points, items, breaks) are asked hundreds of thousands of times a batch.
- :class:`Memo` for a table a module fills itself: values derived from an object without writing
  into it (a frozen dataclass stays frozen), or entries set and read in separate steps.

Every memo is bounded, so memory stays flat however many letters a process sets, and every one is
registered, so :func:`evict` empties them all at once (a long-lived process between batches, a test
that changes what a memo was computed from).
"""
from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
F = TypeVar("F", bound=Callable)

_MISSING = object()
_memos: list["Memo"] = []  # every Memo made in this process
_functions: list = []  # every function wrapped by memoized


class Memo(Generic[K, V]):
    """A bounded table of values by key: the least recently used entry goes when it is full."""

    __slots__ = ("name", "maxsize", "_table")

    def __init__(self, name: str, maxsize: int):
        if maxsize < 1:
            raise ValueError("a memo needs a bound of at least one entry")
        self.name = name  # what it holds, for a reader of benchmarks and tests
        self.maxsize = maxsize
        self._table: OrderedDict[K, V] = OrderedDict()
        _memos.append(self)

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value kept under ``key`` (now the most recently used), or ``default``."""
        value = self._table.get(key, _MISSING)
        if value is _MISSING:
            return default
        self._table.move_to_end(key)
        return value  # type: ignore[return-value]

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key``, forgetting the least recently used entry when full."""
        self._table[key] = value
        self._table.move_to_end(key)
        if len(self._table) > self.maxsize:
            self._table.popitem(last=False)
        return value

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        """The value kept under ``key``, or ``compute()`` kept there."""
        value = self._table.get(key, _MISSING)
        if value is _MISSING:
            return self.put(key, compute())
        self._table.move_to_end(key)
        return value  # type: ignore[return-value]

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __len__(self) -> int:
        return len(self._table)

    def clear(self) -> None:
        """Forget every entry."""
        self._table.clear()


def memoized(maxsize: int) -> Callable[[F], F]:
    """Remember a pure function's results by its (hashable) arguments, at most ``maxsize`` of them.

    The wrapped function keeps ``cache_clear`` and ``cache_info`` (it is ``functools.lru_cache``),
    and :func:`evict` clears it with every other memo.
    """
    if not isinstance(maxsize, int) or maxsize < 1:
        raise ValueError("memoized needs a bound: memory must stay flat however many letters a process sets")

    def decorate(function: F) -> F:
        wrapped = functools.lru_cache(maxsize=maxsize)(function)
        _functions.append(wrapped)
        return wrapped  # type: ignore[return-value]

    return decorate


def evict() -> None:
    """Empty every memo of this process (what is on disk stays)."""
    for memo in _memos:
        memo.clear()
    for function in _functions:
        function.cache_clear()
