"""A dict that makes a missing value once: the writers' look-up tables (numbers as a content stream or ReportLab
writes them, colour operands, a glyph's code and pen step, lengths rounded for layout.json). A dict, so a run of
keys is looked up by `map` over its `__getitem__` at C speed; only the distinct keys reach Python."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Made(dict[K, V]):
    """key → make(key), made on first use and kept."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[K], V]):
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        value = self[key] = self.make(key)
        return value
