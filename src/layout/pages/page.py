"""The display list: what a page holds, in points from the top-left of the trim.

Renderers draw it and know nothing else; tests, checks and diffs read its records.
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


class LineRecord(NamedTuple):
    """One set line with where it came from: the contract tests, checks and diffs read."""
    story: str                    # story / photo / chronicle id
    kind: str                     # body, byline, subheading, caption, item, headline, kicker, subhead, note, folio
    para: int                     # paragraph (or item) index, -1 for bylines and furniture
    char_start: int
    char_end: int
    block: str                    # block id
    column: int                   # 0-based grid column of the line's left edge (-1 outside the grid)
    grid_line: int                # 0-based grid line (-1 when not on the body grid)
    x: float                      # left edge of the line's measure (column edge)
    y: float                      # baseline
    width: float                  # the measure (full column width for body text)
    indent: float                 # where the text starts, from x
    set_width: float              # from the text start to the end of the last glyph
    style: str
    role: str
    size: float
    text: str
    last: bool                    # a paragraph's last line
    max_extra: float              # largest extra inter-character space, em
    cells: tuple[tuple[str, float, float], ...]   # per cluster: its text, x from the measure's left, set width


class BlockRecord(NamedTuple):
    id: str
    kind: str
    ref: str
    rect: Rect
    column: int
    line: int
    span: int
    lines: int


@dataclass(frozen=True)
class Grid:
    """Where the body grid of a page lies: the checker and tests need nothing else."""
    pitch: float
    first_baseline: float
    lines: int
    columns: tuple[tuple[float, float], ...]   # (x, width)
    body_size: float


@dataclass(frozen=True)
class Page:
    number: int
    section: str
    width: float
    height: float
    trim: Rect
    type_area: Rect
    bleed: float
    grid: Grid
    items: tuple
    lines: tuple[LineRecord, ...]
    blocks: tuple[BlockRecord, ...]
