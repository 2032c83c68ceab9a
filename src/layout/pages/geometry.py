"""Page geometry on the grid, and set lines placed on it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial
from itertools import repeat

from ..model.model import Block
from ..model.style import Template, TextStyle
from ..model.units import Rect, r2
from ..text.items import GlyphRun, Line
from .placed import Cell, Grid, LineKind, SetLine

ASCENT = 0.88
"""Baseline below the top of the CJK em box (ideographic em box 880/−120 in 1000)."""


@dataclass(frozen=True)
class PageGeometry:
    template: Template
    number: int

    @cached_property
    def type_area(self) -> Rect:
        return self.template.type_area(self.number)

    @cached_property
    def pitch(self) -> float:
        return self.template.grid.pitch

    def col_x(self, c: int) -> float:
        g = self.template.grid
        return self.type_area.x + c * (g.column_width + g.gutter)

    def line_top(self, line: int) -> float:
        return self.type_area.y + line * self.pitch

    def baseline(self, line: int) -> float:
        return self.line_top(line) + ASCENT * self.template.grid.body_size

    def rect(self, column: int, line: int, span: int, lines: int) -> Rect:
        g = self.template.grid
        return Rect(self.col_x(column), self.line_top(line), g.span_width(span), lines * g.pitch - g.line_gap)

    def block_rect(self, b: Block) -> Rect:
        return self.rect(b.column, b.line, b.span, b.lines or 1)

    def grid(self) -> Grid:
        g = self.template.grid
        cols = tuple((r2(self.col_x(c)), r2(g.column_width)) for c in range(g.columns))
        return Grid(pitch=g.pitch, first_baseline=r2(self.baseline(0)), lines=g.lines, columns=cols,
                    body_size=g.body_size)

    def column_at(self, x: float) -> int:
        g = self.template.grid
        c = round((x - self.type_area.x) / (g.column_width + g.gutter))
        return c if 0 <= c < g.columns and abs(self.col_x(c) - x) < 0.5 * g.body_size else -1

    @cached_property
    def _first_baseline(self) -> float:
        return self.baseline(0)

    def grid_line_at(self, baseline: float) -> int:
        k = (baseline - self._first_baseline) / self.pitch
        line = round(k)
        return line if abs(k - line) * self.pitch < 0.05 and 0 <= line < self.template.grid.lines else -1


_new, _CELL = tuple.__new__, repeat(Cell)
"""(text, x, width) → Cell by tuple.__new__(Cell, …) without the NamedTuple's Python-level __new__ (a 32-page edition
has 70,000 cells); mapped with the class repeated, so no partial call a cell (set_line gives the three alike long)."""


def place_line(ln: Line, x: float, baseline: float, geo: PageGeometry | None, *, story: str, kind: LineKind, para: int,
               block: str, style_name: str, style: TextStyle, offset: int = 0, label: tuple[GlyphRun, ...] = (),
               column: int | None = None, grid_line: int | None = None) -> SetLine:
    """A set line at its place on the page, with where its text came from. A label (a chronicle
    number) goes before the text's runs, so extraction reads "1. 根据…". Without a page geometry
    (proof slugs, diff reports) the line is off the grid. A flowed line knows its grid line
    (`grid_line`, within the grid); others have it found from the baseline."""
    if column is None:
        column = geo.column_at(x) if geo is not None else -1
    if grid_line is None:
        grid_line = geo.grid_line_at(baseline) if geo is not None else -1
    return _set_line((    # SetLine's fields in order
        story, kind, para, offset + ln.char_start, offset + ln.char_end, block, column,
        grid_line, x, baseline, ln.width + ln.x,
        ln.cluster_x[0] if ln.cluster_x else ln.x, ln.set_width, style_name, style.role, style.size, ln.text,
        ln.last, ln.max_extra, tuple(map(_new, _CELL, zip(ln.cluster_t, ln.cluster_x, ln.cluster_w, strict=False))),
        label + ln.runs))


_set_line = partial(tuple.__new__, SetLine)
"""SetLine from its 21 fields in order, without the keyword parsing of the NamedTuple's __new__ (a line each)."""
