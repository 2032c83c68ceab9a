"""Page geometry on the grid, and the emitter that turns set lines into display items."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model.model import Block
from ..model.style import Template, TextStyle
from ..model.units import Rect, r2
from ..text.fonts import FontSet
from ..text.items import GlyphRun, Line
from .page import CMYK, BoxItem, Grid, ImageItem, LineRecord, RuleItem, TextItem

ASCENT = 0.88
"""Baseline below the top of the CJK em box (ideographic em box 880/−120 in 1000)."""


@dataclass(frozen=True)
class PageGeometry:
    template: Template
    number: int

    @property
    def type_area(self) -> Rect:
        return self.template.type_area(self.number)

    @property
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

    def grid_line_at(self, baseline: float) -> int:
        k = (baseline - self.baseline(0)) / self.pitch
        return round(k) if abs(k - round(k)) * self.pitch < 0.05 and 0 <= round(k) < self.template.grid.lines else -1


@dataclass
class Emitter:
    """Collects one page's display items and line records."""
    fonts: FontSet
    geo: PageGeometry
    items: list = field(default_factory=list)
    records: list = field(default_factory=list)

    def color(self, name: str) -> CMYK:
        return self.geo.template.palette[name]

    def runs(self, runs: tuple[GlyphRun, ...], x: float, baseline: float) -> None:
        for run in runs:
            face = self.fonts.faces[run.face]
            self.items.append(TextItem(face.key.path, face.key.index, run.size, baseline, run.gids,
                                       tuple(x + gx for gx in run.xs), run.pieces, self.color(run.fill)))

    def line(self, ln: Line, x: float, baseline: float, *, story: str, kind: str, para: int, block: str,
             style_name: str, style: TextStyle, offset: int = 0, label: tuple[GlyphRun, ...] = (),
             column: int | None = None) -> None:
        if label:
            self.runs(label, x, baseline)        # before the text, so extraction reads "1. 根据…"
        self.runs(ln.runs, x, baseline)
        self.records.append(LineRecord(
            story=story, kind=kind, para=para, char_start=offset + ln.char_start, char_end=offset + ln.char_end,
            block=block, column=self.geo.column_at(x) if column is None else column, grid_line=self.geo.grid_line_at(baseline),
            x=r2(x), y=r2(baseline), width=r2(ln.width + ln.x),
            indent=r2(ln.cluster_x[0] if ln.cluster_x else ln.x), set_width=r2(ln.set_width),
            style=style_name, role=style.role, size=style.size, text=ln.text, last=ln.last,
            max_extra=round(ln.max_extra, 4),
            cells=tuple((t, r2(cx), r2(cw)) for t, cx, cw in zip(ln.cluster_t, ln.cluster_x, ln.cluster_w))))

    def box(self, rect: Rect, fill: str | None = None, stroke: str | None = None, width: float = 0.0) -> None:
        self.items.append(BoxItem(rect, self.color(fill) if fill else None, self.color(stroke) if stroke else None, width))

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float, color: str = "rule") -> None:
        self.items.append(RuleItem(x0, y0, x1, y1, width, self.color(color)))

    def image(self, item: ImageItem) -> None:
        self.items.append(item)
