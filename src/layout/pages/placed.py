"""The placed-page model: what compose decided, as frozen data that draws nothing.

An edition comes out of `compose` as a `PlacedEdition`: pages with their blocks, every set
line (with its glyph runs and where its text came from), decorations (tints, boxes, rules,
proof marks, links) and pictures, plus the fit report. The painter (`output/paint.py`) turns
it into a display list; `output/layout_json.py` serialises it; `review/` reads it back.
Points from the top-left of the trim, y down. Colours are palette names; each page carries
its palette. Kinds are enums with string values, so they compare equal to the names that
`layout.json` stores.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from ..model.model import BlockKind
from ..model.units import Rect
from ..text.items import GlyphRun

CMYK = tuple[float, float, float, float]

__all__ = ["BlockKind", "LineKind", "FitPart", "DecorKind", "CMYK", "Cell", "SetLine", "Picture", "Decoration",
           "PlacedBlock", "Grid", "Fit", "PlacedPage", "PlacedEdition", "FontRef"]


class _Named(StrEnum):
    """A name in layout.json: str() and format() give the value."""


class LineKind(_Named):
    """What a set line is. Body-text kinds are set on the grid and justified; the rest are furniture."""
    BODY = "body"
    BYLINE = "byline"
    SUBHEADING = "subheading"
    ITEM = "item"                 # a chronicle item (大事记)
    CAPTION = "caption"           # a photo's caption with its credit
    KICKER = "kicker"             # 引题
    HEADLINE = "headline"         # 主题
    SUBHEAD = "subhead"           # 副题
    NOTE = "note"                 # the editor's note (编者按) text
    TITLE = "title"               # a chronicle's title bar
    JUMP = "jump"                 # 「（下转第X版）」 / 「（上接第X版）」
    OVERSET = "overset"           # the proof mark where overset text stops
    FOLIO = "folio"               # the page head (报眉)
    SLUG = "slug"                 # proof slug, stamp and check labels (proofs only)


class FitPart(_Named):
    """Which piece of content a fit report speaks of."""
    TEXT = "text"
    HEADLINE = "headline"
    NOTE = "note"
    CAPTION = "caption"
    CHRONICLE = "chronicle"


class DecorKind(_Named):
    """Page decoration. The painter's paint order is by kind: see `output/paint.py`."""
    TINT = "tint"                 # a filled area: 底纹 under text, a chronicle panel, a title bar
    BOX = "box"                   # a stroked rectangle: the note's box, a boxed text block
    RULE = "rule"                 # a line: the page head rules, column rules
    MARK = "mark"                 # a proof mark: overset, a check finding, a changed region
    LINK = "link"                 # a link to a named place in the same document (diff reports)
    ANCHOR = "anchor"             # a named place: the top of its page


class Cell(NamedTuple):
    """One cluster of a set line: its characters, x from the line's measure, set width."""
    text: str
    x: float
    width: float


class SetLine(NamedTuple):
    """A set line with where it came from: the unit checks, diffs and tests reason about."""
    story: str                    # story / photo / chronicle id ("" for page furniture)
    kind: LineKind
    para: int                     # paragraph (or item) index, -1 for bylines and furniture
    char_start: int               # offsets into the paragraph's text
    char_end: int
    block: str                    # block id
    column: int                   # 0-based grid column of the line's left edge (-1 off the grid)
    grid_line: int                # 0-based grid line (-1 when not on the body grid)
    x: float                      # left edge of the line's measure
    y: float                      # baseline
    width: float                  # the measure
    indent: float                 # where the text starts, from x
    set_width: float              # from the text start to the end of the last glyph
    style: str                    # template text style
    role: str                     # font role
    size: float
    text: str
    last: bool                    # a paragraph's last line
    max_extra: float              # largest extra inter-character space, em
    cells: tuple[Cell, ...]
    runs: tuple[GlyphRun, ...] = ()   # glyphs, x from `x`; not serialised (layout.json keeps cells)


class Picture(NamedTuple):
    """A photo placed in a frame, cropped from its source pixels."""
    ref: str                      # photo id
    path: str
    frame: Rect                   # where the picture shows on the page
    crop: tuple[float, float, float, float]   # source pixels shown: left, top, right, bottom
    pixels: tuple[int, int]       # source size
    bleed: bool = False           # runs off the trim into the bleed
    sha: str = ""                 # content digest of the file (tells a replaced photo from a moved one)


class Decoration(NamedTuple):
    """A tint, box, rule, mark, link or anchor. A rule runs from (rect.x, rect.y) to (rect.right, rect.bottom)."""
    kind: DecorKind
    rect: Rect
    color: str = ""               # palette name: fill for TINT, stroke for BOX/RULE/MARK
    width: float = 0.0            # stroke width, pt
    block: str = ""               # the block it belongs to ("" for page furniture)
    target: str = ""              # LINK: the anchor it points to; ANCHOR: its name


class PlacedBlock(NamedTuple):
    id: str
    kind: BlockKind
    ref: str
    rect: Rect
    column: int
    line: int
    span: int
    lines: int


class Fit(NamedTuple):
    """How a piece of content fits its space: overset (too much) and underset (room left)."""
    ref: str
    part: FitPart
    page: int
    overset_chars: int = 0
    overset_lines: int = 0
    underset_lines: int = 0
    hint: str = ""


@dataclass(frozen=True)
class Grid:
    """Where the body grid of a page lies: the checker and tests need nothing else."""
    pitch: float
    first_baseline: float
    lines: int
    columns: tuple[tuple[float, float], ...]   # (x, width)
    body_size: float


class FontRef(NamedTuple):
    """A face as the painter needs it: the file and the face index in a collection."""
    path: str
    index: int                 # type: ignore[assignment]  # a field named like tuple.index shadows the method


@dataclass(frozen=True)
class PlacedPage:
    number: int
    section: str
    width: float
    height: float
    trim: Rect
    type_area: Rect
    bleed: float
    grid: Grid
    palette: tuple[tuple[str, CMYK], ...]
    blocks: tuple[PlacedBlock, ...]
    lines: tuple[SetLine, ...]
    pictures: tuple[Picture, ...] = ()
    decorations: tuple[Decoration, ...] = ()

    def color(self, name: str) -> CMYK:
        for k, v in self.palette:
            if k == name:
                return v
        raise KeyError(f"colour {name!r} is not in the page's palette")


@dataclass(frozen=True)
class PlacedEdition:
    """Everything compose decided. `faces` maps a glyph run's face index to its font file."""
    pages: tuple[PlacedPage, ...]
    fits: tuple[Fit, ...]
    faces: tuple[FontRef, ...] = ()

    @property
    def overset(self) -> tuple[Fit, ...]:
        return tuple(f for f in self.fits if f.overset_chars or f.overset_lines)
