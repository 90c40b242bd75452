"""Render's bounded memos, until letterpress.cache.Memo lands (same interface: get, put)."""
from __future__ import annotations

from collections import OrderedDict
from typing import Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A bounded table of values by key: the least recently used entry goes when it is full."""

    def __init__(self, name: str, maxsize: int):
        self.name = name
        self.maxsize = maxsize
        self._table: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value kept under ``key`` (now the most recently used), or None."""
        value = self._table.get(key)
        if value is not None:
            self._table.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key``, forgetting the least recently used entry when full."""
        self._table[key] = value
        if len(self._table) > self.maxsize:
            self._table.popitem(last=False)
        return value
