"""What a block or a story puts on one page: lines, decorations, pictures — plain values.

Block functions return `Parts` (and a `Fit`) instead of drawing; compose joins them per page
in the order it placed them, and the painter decides what is drawn over what.
"""
from __future__ import annotations

from itertools import chain
from typing import NamedTuple

from ..model.units import Rect
from .placed import Decoration, DecorKind, Picture, SetLine


class Parts(NamedTuple):
    lines: tuple[SetLine, ...] = ()
    decorations: tuple[Decoration, ...] = ()
    pictures: tuple[Picture, ...] = ()


NO_PARTS = Parts()


def join(parts: list[Parts]) -> Parts:
    return Parts(tuple(chain.from_iterable(p.lines for p in parts)),
                 tuple(chain.from_iterable(p.decorations for p in parts)),
                 tuple(chain.from_iterable(p.pictures for p in parts)))


def tint(rect: Rect, color: str, block: str = "") -> Decoration:
    return Decoration(DecorKind.TINT, rect, color, 0.0, block)


def box(rect: Rect, color: str, width: float, block: str = "") -> Decoration:
    return Decoration(DecorKind.BOX, rect, color, width, block)


def rule(x0: float, y0: float, x1: float, y1: float, width: float, color: str = "rule", block: str = "") -> Decoration:
    return Decoration(DecorKind.RULE, Rect(x0, y0, x1 - x0, y1 - y0), color, width, block)


def mark(rect: Rect, color: str, width: float, block: str = "") -> Decoration:
    return Decoration(DecorKind.MARK, rect, color, width, block)
