"""Page rules 26–35 (docs/rules.md §10): one validator for every page, placed by hand or automatically.

`page_faults(page, fits, limits)` judges a `PlacedPage` — a built page, a page read back from
layout.json, or a candidate page of automatic makeup (composed `fits_only`: blocks, pictures and the
fixed blocks' lines, no flowed text) — against the page rules and returns its faults. Errors are hard
rules (the build refuses the page); warnings are scored faults (the makeup search weighs them, `layout
check --warnings` lists them). Only arithmetic on the placed model: no fonts, no files, no Pillow, so
it runs on hundreds of candidates.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..model.model import BlockKind
from ..model.style import Template
from ..model.units import Rect
from .geometry import ASCENT
from .placed import DecorKind, Fit, FitPart, LineKind, Picture, PlacedBlock, PlacedPage, SetLine

__all__ = ["PageLimits", "Fault", "page_faults", "RULES", "OVERLAP", "GRID", "OVERSET", "RESOLUTION", "CROP",
           "CAPTION", "CAPTION_AWAY", "TRAPPED", "SHORT_COLUMN", "TOMBSTONE"]

OVERLAP = 26          # blocks overlap (a block wholly inside a text block excepted)               error
GRID = 27             # a block off whole columns and grid lines, or outside the type area        error
OVERSET = 28          # a story, chronicle, headline, note or caption does not fit                error
RESOLUTION = 29       # a photo's effective resolution below min_ppi (error) or warn_ppi (warning)
CROP = 30             # a photo cropped beyond max_crop to fill its frame                         error
CAPTION = 31          # caption lines not under their picture inside the photo's block            error
CAPTION_AWAY = 32     # empty grid lines between a picture and its caption                        warning
TRAPPED = 33          # enclosed empty grid cells, 2 lines or more, not open to the page's foot   warning
SHORT_COLUMN = 34     # a column segment of a story shorter than min_column_lines (not its last)  warning
TOMBSTONE = 35        # two headlines side by side on the same lines                              warning
RULES = {OVERLAP: "overlapping blocks", GRID: "blocks on the grid", OVERSET: "overset",
         RESOLUTION: "photo resolution", CROP: "photo crop", CAPTION: "caption under its picture",
         CAPTION_AWAY: "caption away from its photo", TRAPPED: "trapped white space",
         SHORT_COLUMN: "short column", TOMBSTONE: "tombstoned headlines"}

TOL = 0.05                       # pt: positions in layout.json are rounded to 0.01
COLUMN_KINDS = frozenset({LineKind.BODY, LineKind.BYLINE, LineKind.SUBHEADING, LineKind.JUMP})   # a story's
FLOWED = COLUMN_KINDS | {LineKind.ITEM}                   # lines in its columns; none on a candidate page
_PART_BLOCK = {FitPart.TEXT: BlockKind.TEXT, FitPart.HEADLINE: BlockKind.HEADLINE, FitPart.NOTE: BlockKind.NOTE,
               FitPart.CAPTION: BlockKind.PHOTO, FitPart.CHRONICLE: BlockKind.CHRONICLE}


@dataclass(frozen=True)
class PageLimits:
    """The numbers the page rules judge by: the template's `output:` and `makeup:` settings."""
    min_ppi: float = 150.0           # rule 29 error below (output.min_ppi)
    warn_ppi: float = 200.0          # rule 29 warning below (output.warn_ppi)
    max_crop: float = 0.5            # rule 30: most of a photo's pixel area cropping may cut away (makeup.max_crop)
    min_column_lines: int = 5        # rule 34 (makeup.min_column_lines)
    wrap_gap: int = 1                # grid lines of air round a block inside a text block (decor.wrap_gap)

    @classmethod
    def of(cls, template: Template) -> PageLimits:
        out, mk = template.output, template.makeup
        return cls(out.min_ppi, out.warn_ppi, mk.max_crop, mk.min_column_lines, template.decor.wrap_gap)


@dataclass(frozen=True)
class Fault:
    """A broken page rule. `subject` names what is at fault («photo 'wuchang'», «white space»), `detail`
    says what is wrong and what to do; `message` is both with the page, as the build prints it."""
    rule: int
    severity: str                    # error | warning
    page: int
    subject: str
    detail: str
    blocks: tuple[str, ...]          # the block ids it concerns, the subject's first
    rect: Rect                       # where on the page, points

    @property
    def message(self) -> str:
        return f"{self.subject} (page {self.page}): {self.detail}"

    def __str__(self) -> str:
        return f"{self.message} (rule {self.rule} {self.severity})"


def page_faults(page: PlacedPage, fits: Sequence[Fit], limits: PageLimits) -> tuple[Fault, ...]:
    """Every page rule the page breaks, errors and warnings, in rule order."""
    p = _Page(page, limits)
    out = [*p.overlaps(), *p.grid_places(), *p.overset(fits), *p.photos(), *p.trapped(), *p.short_columns(),
           *p.tombstones()]
    return tuple(sorted(out, key=lambda f: (f.rule, f.rect.y, f.rect.x)))


def _label(b: PlacedBlock) -> str:
    return f"{b.kind} {b.ref!r}"


def _span(first: int, count: int) -> str:
    return f"{first + 1}" if count <= 1 else f"{first + 1}–{first + count}"


def _where(b: PlacedBlock) -> str:
    return f"column{'s' if b.span > 1 else ''} {_span(b.column, b.span)}, line{'s' if b.lines > 1 else ''} " \
           f"{_span(b.line, b.lines)}"


def _union(rects: Sequence[Rect]) -> Rect:
    x, y = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(x, y, max(r.right for r in rects) - x, max(r.bottom for r in rects) - y)


def _intersection(a: Rect, b: Rect) -> Rect:
    x, y = max(a.x, b.x), max(a.y, b.y)
    return Rect(x, y, min(a.right, b.right) - x, min(a.bottom, b.bottom) - y)


class _Page:
    def __init__(self, page: PlacedPage, limits: PageLimits):
        self.page, self.limits = page, limits
        g = page.grid
        self.n = page.number
        self.pitch, self.gap = g.pitch, g.pitch - g.body_size
        self.columns, self.lines = len(g.columns), g.lines
        self.blocks = page.blocks

    def fault(self, rule: int, severity: str, subject: str, detail: str, blocks: Sequence[PlacedBlock],
              rect: Rect) -> Fault:
        return Fault(rule, severity, self.n, subject, detail, tuple(b.id for b in blocks), rect)

    # -- grid geometry ----------------------------------------------------------------------------
    def cells(self, column: int, line: int, span: int, lines: int) -> Rect:
        """The rectangle of whole columns and grid lines (columns clipped to the grid)."""
        cols = self.page.grid.columns
        c0, c1 = max(0, min(column, self.columns - 1)), max(0, min(column + span - 1, self.columns - 1))
        x = cols[c0][0]
        return Rect(x, self.page.type_area.y + line * self.pitch, cols[c1][0] + cols[c1][1] - x,
                    lines * self.pitch - self.gap)

    # -- rule 26 ----------------------------------------------------------------------------------
    def overlaps(self) -> Iterator[Fault]:
        for i, a in enumerate(self.blocks):
            for b in self.blocks[i + 1:]:
                if not a.rect.overlaps(b.rect, tol=TOL):
                    continue
                text, other = (a, b) if a.kind is BlockKind.TEXT else (b, a)
                if text.kind is BlockKind.TEXT and other.kind is not BlockKind.TEXT \
                        and text.rect.contains(other.rect, tol=TOL):
                    continue                               # inside a text block: the text wraps round it
                yield self.fault(OVERLAP, "error", _label(b),
                                 f"{_where(b)} overlap {_label(a)} ({_where(a)}); blocks may not overlap, except "
                                 "a block wholly inside a text block (the text wraps round it)",
                                 (b, a), _intersection(a.rect, b.rect))

    # -- rule 27 ----------------------------------------------------------------------------------
    def grid_places(self) -> Iterator[Fault]:
        ta = self.page.type_area
        for b in self.blocks:
            if b.column < 0 or b.span < 1 or b.column + b.span > self.columns or b.line < 0 or b.lines < 1 \
                    or b.line + b.lines > self.lines:
                yield self.fault(GRID, "error", _label(b),
                                 f"{_where(b)} is off the grid of {self.columns} columns and {self.lines} lines",
                                 (b,), b.rect)
                continue
            want = self.cells(b.column, b.line, b.span, b.lines)
            r = b.rect
            off = max(abs(r.x - want.x), abs(r.y - want.y), abs(r.right - want.right), abs(r.bottom - want.bottom))
            if off > TOL:
                yield self.fault(GRID, "error", _label(b),
                                 f"not on whole columns and grid lines: its rectangle is {off:.2f} pt off "
                                 f"{_where(b)}", (b,), r)
            elif not ta.contains(r, tol=TOL):
                yield self.fault(GRID, "error", _label(b), f"{_where(b)} runs outside the type area", (b,), r)

    # -- rule 28 ----------------------------------------------------------------------------------
    def overset(self, fits: Sequence[Fit]) -> Iterator[Fault]:
        for f in fits:
            if f.page != self.n or not (f.overset_chars or f.overset_lines):
                continue
            kind = _PART_BLOCK[FitPart(f.part)]
            mine = [b for b in self.blocks if b.ref == f.ref and b.kind is kind]
            amount = " / ".join(x for x in (f"{f.overset_chars} characters" if f.overset_chars else "",
                                           f"{f.overset_lines} lines" if f.overset_lines else "") if x)
            yield self.fault(OVERSET, "error", f"{f.part} {f.ref!r}",
                             f"{amount} over" + (f" — {f.hint}" if f.hint else ""), mine,
                             mine[-1].rect if mine else self.page.type_area)

    # -- rules 29–32 ------------------------------------------------------------------------------
    def photos(self) -> Iterator[Fault]:
        pictures = list(self.page.pictures)
        for b in self.blocks:
            if b.kind is not BlockKind.PHOTO:
                continue
            pic = next((p for p in pictures if p.ref == b.ref and p.frame.overlaps(b.rect)), None)
            if pic is not None:
                pictures.remove(pic)
                yield from self.picture(b, pic)
            yield from self.caption(b, pic)

    def picture(self, b: PlacedBlock, pic: Picture) -> Iterator[Fault]:
        left, top, right, bottom = pic.crop
        cw, ch = right - left, bottom - top
        w, h = pic.pixels
        if cw <= 0 or ch <= 0 or w <= 0 or h <= 0 or pic.frame.w <= 0:
            return
        ppi = cw / (pic.frame.w / 72.0)                    # as pages/assets.effective_ppi
        lim = self.limits
        if ppi < lim.min_ppi:
            need = int(pic.frame.w / 72 * lim.min_ppi * (w / cw))
            yield self.fault(RESOLUTION, "error", f"photo {b.ref!r}",
                             f"{ppi:.0f} ppi at its placed size, below the minimum {lim.min_ppi:.0f}: supply an "
                             f"image at least {need} px wide, or make the block smaller", (b,), pic.frame)
        elif ppi < lim.warn_ppi:
            yield self.fault(RESOLUTION, "warning", f"photo {b.ref!r}",
                             f"{ppi:.0f} ppi at its placed size (below {lim.warn_ppi:.0f})", (b,), pic.frame)
        cut = crop_share(pic)
        if cut > lim.max_crop + 1e-6:
            how = "wider or shorter" if cw < w - 0.5 else "narrower or taller"
            yield self.fault(CROP, "error", f"photo {b.ref!r}",
                             f"{cut:.0%} of the picture ({w} × {h} px) is cropped away to fill its frame, more than "
                             f"{lim.max_crop:.0%}: make the block {how}", (b,), pic.frame)

    def caption(self, b: PlacedBlock, pic: Picture | None) -> Iterator[Fault]:
        """Caption lines under the picture, inside the block, on consecutive grid lines (31); directly
        under it, not grid lines lower (32)."""
        lines = sorted((ln for ln in self.page.lines if ln.kind is LineKind.CAPTION and ln.story == b.ref),
                       key=lambda ln: ln.y)
        if pic is not None and not pic.bleed and not b.rect.contains(pic.frame, tol=TOL):
            yield self.fault(CAPTION, "error", f"photo {b.ref!r}", "the picture runs outside its block", (b,),
                             pic.frame)
        mine = [ln for ln in lines if ln.block == b.id]
        for ln in lines:
            box = _text_rect(ln)
            bad = ("is in another block" if ln.block != b.id else
                   "runs outside the photo's block" if not b.rect.contains(box, tol=TOL) else
                   "overlaps the picture" if pic is not None and box.y < pic.frame.bottom - TOL else "")
            if bad:
                yield self.fault(CAPTION, "error", f"photo {b.ref!r}",
                                 f"caption line «{ln.text[:12]}» {bad}: a caption sits on the block's last grid "
                                 "lines, directly under its picture", (b,), box)
        apart = next(((a, z) for a, z in zip(mine, mine[1:], strict=False) if abs(z.y - a.y - self.pitch) > TOL),
                     None)
        if apart:
            prev, ln = apart
            yield self.fault(CAPTION, "error", f"photo {b.ref!r}",
                             f"caption lines «{prev.text[:6]}…» and «{ln.text[:6]}…» are not on consecutive grid "
                             "lines", (b,), _union([_text_rect(prev), _text_rect(ln)]))
        if pic is not None and mine:
            first = _text_rect(mine[0])
            away = round((first.y - pic.frame.bottom - self.gap) / self.pitch)
            if away >= 1 and first.y >= pic.frame.bottom - TOL:
                yield self.fault(CAPTION_AWAY, "warning", f"photo {b.ref!r}",
                                 f"its caption starts {away} grid line{'s' if away > 1 else ''} below the picture: "
                                 "set it directly under", (b,),
                                 Rect(b.rect.x, pic.frame.bottom, b.rect.w, first.y - pic.frame.bottom))

    # -- rule 33 ----------------------------------------------------------------------------------
    def cover(self) -> list[list[PlacedBlock | None]]:
        """Which block covers each grid cell, [column][line] (the first one placed)."""
        grid: list[list[PlacedBlock | None]] = [[None] * self.lines for _ in range(self.columns)]
        for b in self.blocks:
            for c in range(max(0, b.column), min(self.columns, b.column + b.span)):
                col = grid[c]
                for line in range(max(0, b.line), min(self.lines, b.line + b.lines)):
                    if col[line] is None:
                        col[line] = b
        return grid

    def trapped(self) -> Iterator[Fault]:
        grid = self.cover()
        runs: dict[tuple[int, int], list[int]] = {}        # (first line, count) → columns
        for c, col in enumerate(grid):
            line = 0
            while line < self.lines:
                if col[line] is not None:
                    line += 1
                    continue
                start = line
                while line < self.lines and col[line] is None:
                    line += 1
                if line < self.lines and line - start >= 2:   # open to the foot: not trapped
                    runs.setdefault((start, line - start), []).append(c)
        for (start, count), cols in sorted(runs.items()):
            group: list[int] = []
            for c in cols + [-2]:
                if group and c != group[-1] + 1:
                    yield self._trapped(grid, start, count, group)
                    group = []
                if c >= 0:
                    group.append(c)

    def _trapped(self, grid: list[list[PlacedBlock | None]], start: int, count: int, cols: list[int]) -> Fault:
        above = [grid[c][start - 1] for c in cols if start > 0]
        below = [grid[c][start + count] for c in cols]
        around: list[PlacedBlock] = []
        for b in above + below:
            if b is not None and b not in around:
                around.append(b)
        up = ", ".join(_label(b) for b in dict.fromkeys(x for x in above if x)) or "the head of the type area"
        down = ", ".join(_label(b) for b in dict.fromkeys(x for x in below if x))
        cells = count * len(cols)
        return self.fault(TRAPPED, "warning", "white space",
                          f"column{'s' if len(cols) > 1 else ''} {_span(cols[0], len(cols))}, lines "
                          f"{_span(start, count)}: {cells} empty grid cells between {up} and {down}, not open to "
                          "the foot of the page: fill them or close the gap", around,
                          self.cells(cols[0], start, len(cols), count))

    # -- rule 34 ----------------------------------------------------------------------------------
    def frames(self, b: PlacedBlock) -> list[tuple[int, int, int]]:
        """The text block's column segments (column, first line, lines), as the flow gets them: less what
        sits inside it (wrap_gap lines of air round it), less a line at head and foot of a box or tint."""
        top, bottom = b.line, b.line + b.lines
        if any(d.block == b.id and d.kind in (DecorKind.BOX, DecorKind.TINT) for d in self.page.decorations):
            top, bottom = top + 1, bottom - 1
        gap = self.limits.wrap_gap
        inside = [o for o in self.blocks if o is not b and o.kind is not BlockKind.TEXT
                  and o.column < b.column + b.span and b.column < o.column + o.span
                  and o.line < bottom and b.line < o.line + o.lines]
        out = []
        for c in range(b.column, b.column + b.span):
            free = [True] * max(0, bottom - top)
            for o in inside:
                if o.column <= c < o.column + o.span:
                    for line in range(max(top, o.line - gap), min(bottom, o.line + o.lines + gap)):
                        free[line - top] = False
            run = None
            for i, ok in enumerate(free + [False]):
                if ok and run is None:
                    run = i
                elif not ok and run is not None:
                    out.append((c, top + run, i - run))
                    run = None
        return out

    def short_columns(self) -> Iterator[Fault]:
        flowed = any(ln.kind in FLOWED for ln in self.page.lines)       # else a candidate: judge the frames
        stories: dict[str, list[tuple[PlacedBlock, int, int, int]]] = {}   # ref → segments with their text
        for b in self.blocks:
            if b.kind is not BlockKind.TEXT:
                continue
            for c, first, n in self.frames(b):
                held = n
                if flowed:                                 # a jump line is one of the column's lines too
                    got = [ln.grid_line for ln in self.page.lines if ln.kind in COLUMN_KINDS and ln.block == b.id
                           and ln.column == c and first <= ln.grid_line < first + n]
                    first, held = min(got, default=first), len(got)
                if held:
                    stories.setdefault(b.ref, []).append((b, c, first, held))
        for ref, segments in stories.items():
            jumps = any(ln.kind is LineKind.JUMP and ln.story == ref and "下转" in ln.text for ln in self.page.lines)
            judged = segments if jumps else segments[:-1]        # the story's last column may be short
            for b, c, first, held in judged:
                if held < self.limits.min_column_lines:
                    yield self.fault(SHORT_COLUMN, "warning", f"text {ref!r}",
                                     f"column {c + 1} holds {held} line{'s' if held > 1 else ''} of the story "
                                     f"(lines {_span(first, held)}) before it moves on; a column segment needs "
                                     f"{self.limits.min_column_lines} lines, only the story's last may be "
                                     "shorter", (b,), self.cells(c, first, 1, held))

    # -- rule 35 ----------------------------------------------------------------------------------
    def tombstones(self) -> Iterator[Fault]:
        heads = sorted((b for b in self.blocks if b.kind is BlockKind.HEADLINE), key=lambda b: b.column)
        for i, a in enumerate(heads):
            for b in heads[i + 1:]:
                lo, hi = max(a.line, b.line), min(a.line + a.lines, b.line + b.lines)
                if hi <= lo or b.column < a.column + a.span:
                    continue
                between = [o for o in self.blocks if o is not a and o is not b
                           and o.column < b.column and a.column + a.span < o.column + o.span
                           and o.line < hi and lo < o.line + o.lines]
                if between:
                    continue                                # a photo or text between them parts them
                yield self.fault(TOMBSTONE, "warning", _label(a),
                                 f"side by side with {_label(b)} on lines {_span(lo, hi - lo)}: the two headlines "
                                 "read as one (tombstoned); stagger them or put something between",
                                 (a, b), _union([a.rect, b.rect]))


def _text_rect(ln: SetLine) -> Rect:
    """The em box of a set line's measure: from the top of its em to its baseline's descent."""
    top = ln.y - ASCENT * ln.size
    return Rect(ln.x, top, ln.width, ln.size)


def crop_share(pic: Picture) -> float:
    """The share of a photo's pixel area that cropping cuts away to fill its frame (rule 30)."""
    w, h = pic.pixels
    x0, y0, x1, y1 = pic.crop
    return max(0.0, 1.0 - ((x1 - x0) * (y1 - y0)) / (w * h)) if w and h else 0.0
