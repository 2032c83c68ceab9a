"""The display list: what the PDF writer draws, in points from the top-left of the trim.

Made by the painter (`paint.py`) from the placed model; proofs and the diff PDF add their
own placed lines and marks before painting. The writer knows nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..model.units import Rect

CMYK = tuple[float, float, float, float]


class TextItem(NamedTuple):
    font_path: str
    font_index: int
    size: float
    y: float                      # baseline
    gids: tuple[int, ...]
    xs: tuple[float, ...]         # absolute x of each glyph origin
    pieces: tuple[str, ...]       # the text each glyph stands for
    fill: CMYK


class ImageItem(NamedTuple):
    path: str
    frame: Rect                   # where the picture shows on the page
    crop: tuple[float, float, float, float]   # source pixels shown: left, top, right, bottom
    pixels: tuple[int, int]       # source size
    ref: str                      # photo id
    bleed: bool = False           # runs off the trim into the bleed


class RuleItem(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: CMYK


class BoxItem(NamedTuple):
    rect: Rect
    fill: CMYK | None
    stroke: CMYK | None
    width: float


class LinkItem(NamedTuple):
    """A link to a named place in the same document (diff reports: change → page)."""
    rect: Rect
    target: str


class AnchorItem(NamedTuple):
    """A named place: the top of the page it is on."""
    name: str


Item = TextItem | ImageItem | RuleItem | BoxItem | LinkItem | AnchorItem


@dataclass(frozen=True)
class DisplayPage:
    number: int
    width: float
    height: float
    trim: Rect
    bleed: float
    items: tuple[Item, ...]
