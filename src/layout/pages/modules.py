"""Modular makeup: an automatic page as rectangles on the grid.

Each story is a module: its headline across the full width of its text, its editor's note under
that, its photos side by side at the top right of its text (the text wraps round them), the text
below. The chronicle is a side module at the outer columns, with a spare photo under it when
there is room and, when the last story is short, that story as a brief under the chronicle;
photos no story takes go in a band at the foot. Modules stack or sit side by side.
`candidates` enumerates pages from module shapes (which photos a story takes, how wide each is,
within what its pixels allow) and arrangements (stacked, lead beside the rest, lead over the
rest); the heights come from `need`, which the search measures by composing a module alone.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..model.model import AutoSpec, Block, BlockKind, Edition
from ..model.style import Template
from .assets import pixel_size
from .autoplace import crop_floor, head_lines, note_lines, photo_lines


@dataclass(frozen=True)
class Area:
    """A rectangle of the grid: columns and lines, 0-based."""
    column: int
    span: int
    line: int
    lines: int


@dataclass(frozen=True)
class Shape:
    """What a story module holds at its width: its photos (id, columns) left to right."""
    story: str
    photos: tuple[tuple[str, int], ...] = ()
    grow: float = 1.0             # photos taller than their shape by this factor (cropped at the sides)


Need = Callable[[Shape, int], int]
"""Grid lines a story module of this shape needs at this many columns (measured by composing it)."""


def story_blocks(ed: Edition, shape: Shape, area: Area, tpl: Template, lead: bool = True) -> list[Block]:
    s = ed.stories[shape.story]
    out = []
    line, bottom = area.line, area.line + area.lines
    if s.headline or s.kicker or s.subhead:
        h = min(head_lines(s, tpl, lead), area.lines)
        out.append(Block(BlockKind.HEADLINE, s.id, area.column, line, area.span, h))
        line += h
    if s.note:
        h = note_lines(s, area.span, tpl)
        out.append(Block(BlockKind.NOTE, s.id, area.column, line, area.span, h))
        line += h + tpl.decor.wrap_gap
    col = area.column + area.span
    for pid, span in reversed(shape.photos):
        col -= span
        h = min(round(photo_lines(ed.photos[pid], span, tpl, max_lines=bottom - line) * shape.grow), bottom - line)
        out.append(Block(BlockKind.PHOTO, pid, col, line, span, max(1, h)))
    out.append(Block(BlockKind.TEXT, s.id, area.column, line, area.span, max(1, bottom - line)))
    return out


def chronicle_blocks(ed: Edition, spec: AutoSpec, area: Area, heights: list[int], under: str | None,
                     tpl: Template, briefs: Sequence[tuple[Shape, int]] = (), grow: float = 1.0) -> list[Block]:
    """The side module: chronicles down the side area at the heights asked, then the short stories put
    there (a brief under the chronicle, each at the height asked), then a photo at the foot if one is
    given (its natural height, taller by `grow` when the side has room). The last of the chronicles and
    stories runs down to the photo or to the foot."""
    photo_h = 0
    if under is not None:                    # its natural height, at most half the side unless an upright
        photo = ed.photos[under]            # picture needs more to stay within max_crop (rule 30)
        most = max(area.lines // 2, crop_floor(photo, area.span, tpl))
        photo_h = photo_lines(photo, area.span, tpl, most)
        photo_h = min(round(photo_h * grow), area.lines - sum(heights) - sum(h for _, h in briefs))
    items: list[tuple[str | Shape, int]] = [*zip(spec.chronicles, heights, strict=True), *briefs]
    out = []
    line = area.line
    for k, (item, h) in enumerate(items):
        if k == len(items) - 1:
            h = area.line + area.lines - photo_h - line
        if isinstance(item, Shape):
            out += story_blocks(ed, item, Area(area.column, area.span, line, max(1, h)), tpl, lead=False)
        else:
            out.append(Block(BlockKind.CHRONICLE, item, area.column, line, area.span, max(1, h)))
        line += h
    if under is not None:
        out.append(Block(BlockKind.PHOTO, under, area.column, line, area.span, photo_h))
    return out


def band_spans(ed: Edition, photos: list[str], span: int) -> list[int]:
    """Whole columns for photos side by side, in proportion to their widths at one height (a
    panorama gets more columns than an upright), each at least one."""
    return _apportion([w / h for w, h in (pixel_size(ed.photos[p].image) for p in photos)], span)


def _apportion(weights: Sequence[float], span: int) -> list[int]:
    """`span` whole columns shared in proportion to the weights, each at least one."""
    spans = [1] * len(weights)
    for _ in range(span - len(weights)):          # each further column to the one most short of its share
        k = max(range(len(weights)), key=lambda i: weights[i] / sum(weights) * span - spans[i])
        spans[k] += 1
    return spans


def band_blocks(ed: Edition, photos: list[str], area: Area) -> list[Block]:
    """Photos side by side across the area, columns in proportion to their shapes."""
    out, col = [], area.column
    for pid, w in zip(photos, band_spans(ed, photos, area.span), strict=True):
        out.append(Block(BlockKind.PHOTO, pid, col, area.line, w, area.lines))
        col += w
    return out


def max_span(ed: Edition, pid: str, width: int, tpl: Template, ppi: float | None = None) -> int:
    """The widest a photo may be placed: its pixels at the template's warning resolution, or at `ppi`
    (at least one column)."""
    px = pixel_size(ed.photos[pid].image)[0]
    most = px / (ppi or tpl.output.warn_ppi) * 72.0
    fits = [k for k in range(1, width + 1) if tpl.grid.span_width(k) <= most + 0.01]
    return max(fits) if fits else 1


def shapes(ed: Edition, story: str, photos: list[str], width: int, tpl: Template) -> list[Shape]:
    """A few sensible photo widths for a story module: the lead photo wide, half or three-fifths
    of the text; further photos sharing the width with it. Never wider than the pixels allow."""
    if not photos:
        return [Shape(story)]
    out: list[Shape] = []
    if len(photos) == 1:
        top = max_span(ed, photos[0], width, tpl)
        for want in {width, math.ceil(width * tpl.makeup.lead_photo_share), math.ceil(width / 2)}:
            out.append(Shape(story, ((photos[0], max(1, min(want, top))),)))
    else:
        k = min(len(photos), width)
        for total in {width, max(k, math.ceil(width * tpl.makeup.lead_photo_share))}:
            base, rem = divmod(total, k)
            spans = [base + (1 if i < rem else 0) for i in range(k)]
            out.append(Shape(story, tuple((p, min(s, max_span(ed, p, s, tpl)))
                                          for p, s in zip(photos[:k], spans, strict=True))))
    grown = [Shape(s.story, s.photos, g) for s in out for g in GROW]
    return sorted(set(out + grown), key=lambda s: ([w for _, w in s.photos], -s.grow), reverse=True)


GROW = (1.25, 1.5)
"""Copyfit by the page: when the copy is short a photo may grow taller than its own shape, the sides
cropped (a third at most; the page rules hold crops to the template's `makeup.max_crop`)."""


def assignments(spec: AutoSpec, side: int) -> Iterator[tuple[dict[str, list[str]], list[str], str | None]]:
    """Which photos go where: (per story, the band at the foot, the one under the chronicle).
    Photos are in order of importance; so are stories. The lead story takes the first photos."""
    stories, photos = list(spec.stories), list(spec.photos)
    if not stories:
        yield {}, photos, None
        return
    seen = set()
    for per_other in (1, 0):
        for lead_takes in (2, 1):
            for under_chronicle in ((False, True) if side and photos else (False,)):
                left = list(photos)
                under = left.pop() if under_chronicle and len(left) > 1 else None
                got: dict[str, list[str]] = {s: [] for s in stories}
                for s in stories[1:]:
                    if per_other and len(left) > 1:
                        got[s].append(left.pop(1))
                got[stories[0]] = left[:lead_takes]
                band = left[lead_takes:]
                key = (tuple((k, tuple(v)) for k, v in got.items()), tuple(band), under)
                if key not in seen:
                    seen.add(key)
                    yield got, band, under


def arrangements(n: int, width: int) -> Iterator[list[tuple[int, int, list[int], bool]]]:
    """Column groups (column, span, stories stacked top to bottom, whether the lead story sits over
    the rest). Stacked: every story across the width. Beside: the lead story in the left columns,
    the rest stacked to its right. Over: the lead across the width, the rest side by side under it."""
    yield [(0, width, list(range(n)), False)]
    if n >= 2 and width >= 4:
        for lead in sorted({math.ceil(width * 0.6), width - 2, math.ceil(width / 2)}):
            if 2 <= lead <= width - 2:
                yield [(0, lead, [0], False), (lead, width - lead, list(range(1, n)), False)]
    if n >= 3 and width >= 2 * (n - 1):
        yield [(0, width, [0], True)]


def candidates(spec: AutoSpec, ed: Edition, tpl: Template, need: Need,
               chronicle_need: Callable[[int], list[int]]) -> Iterator[tuple[Block, ...]]:
    """Candidate pages: every side width × photo assignment × arrangement × photo shapes."""
    g = tpl.grid
    L = g.lines
    base_side = 2 if g.columns >= 6 else 1
    sides = [0] if not spec.chronicles else sorted({base_side, min(base_side + 1, g.columns // 2)})
    for side in sides:
        width = g.columns - side
        side_area = Area(width, side, 0, L)
        for per_story, band, under in assignments(spec, side):
            for stories, side_blocks in _side_modules(spec, ed, tpl, need, chronicle_need, side_area,
                                                      per_story, under):
                if not stories:
                    yield tuple(side_blocks + band_blocks(ed, band, Area(0, width, 0, L)))
                    continue
                main_spec = replace(spec, stories=stories)
                for band_h in _band_heights(ed, band, width, tpl):
                    main = L - (band_h + tpl.decor.wrap_gap if band else 0)
                    for groups in arrangements(len(stories), width):
                        for page in _fill(main_spec, ed, tpl, need, groups, per_story, main):
                            extra = (band_blocks(ed, band, Area(0, width, main + tpl.decor.wrap_gap, band_h))
                                     if band else [])
                            yield tuple(page + side_blocks + extra)


def _side_modules(spec: AutoSpec, ed: Edition, tpl: Template, need: Need,
                  chronicle_need: Callable[[int], list[int]], area: Area, per_story: dict[str, list[str]],
                  under: str | None) -> Iterator[tuple[tuple[str, ...], list[Block]]]:
    """The side module's options: (the stories left for the main area, the side's blocks). Without a
    side, all stories stay. With one: the chronicles, and the photo under them at its natural height or
    grown; and, when the last story is short (no photo of its own, it fits the room under the
    chronicles), that story under the chronicles as a brief, which keeps a short story from spreading
    two lines deep across the page (rule 34) and fills the side's foot."""
    if not area.span:
        yield spec.stories, []
        return
    heights = chronicle_need(area.span)
    room = area.lines - sum(heights)
    if under is not None and (room < max(tpl.makeup.min_photo_lines, crop_floor(ed.photos[under], area.span, tpl))
                              or max_span(ed, under, area.span, tpl, tpl.output.min_ppi) < area.span):
        return                  # no room (an upright picture cropped past max_crop), or wider than its pixels
    grows = (1.0,) + (GROW if under is not None else ())
    for g in grows:
        yield spec.stories, chronicle_blocks(ed, spec, area, heights, under, tpl, grow=g)
    if len(spec.stories) < 2 or per_story.get(spec.stories[-1]):
        return
    brief = Shape(spec.stories[-1])
    h = need(brief, area.span) + 1
    photo = photo_lines(ed.photos[under], area.span, tpl, area.lines // 2) if under is not None else 0
    if h + photo > room:
        return
    for g in grows:
        yield spec.stories[:-1], chronicle_blocks(ed, spec, area, heights, under, tpl, ((brief, h),), grow=g)


def _band_heights(ed: Edition, band: list[str], width: int, tpl: Template) -> list[int]:
    """Heights to try for the photo band: the shortest photo's natural height (the others cropped
    to it), the tallest's, and the most a band may take; none without a band. When the tallest
    photo's natural height passes that most (an upright picture across the width, say), also that
    height up to `makeup.fill_photo_max` of the page, for copy too short to fill the rest (the score
    decides)."""
    if not band:
        return [0]
    most = int(tpl.grid.lines * tpl.makeup.row_photo_max)
    fill = int(tpl.grid.lines * tpl.makeup.fill_photo_max)
    spans = band_spans(ed, band, width)
    natural = [photo_lines(ed.photos[p], w, tpl, most) for p, w in zip(band, spans, strict=True)]
    tallest = max(photo_lines(ed.photos[p], w, tpl, fill) for p, w in zip(band, spans, strict=True))
    return sorted({min(natural), max(natural), most} | ({tallest} if tallest > most else set()))


def _fill(spec: AutoSpec, ed: Edition, tpl: Template, need: Need, groups, per_story: dict[str, list[str]],
          lines: int) -> Iterator[list[Block]]:
    """Story modules in their groups, each as tall as it needs, the last of a stack to the foot;
    one page per choice of photo shape (all stories take their n-th shape together)."""
    widths = {}
    for _col, span, members, over in groups:
        if over:                                  # the rest side by side, columns by the length of their copy
            rest = list(range(1, len(spec.stories)))
            widths[0] = span
            copy = [sum(len(p.text) for p in ed.stories[spec.stories[i]].paragraphs) + 1 for i in rest]
            for i, w in zip(rest, _apportion(copy, span), strict=True):
                widths[i] = w
        else:
            for i in members:
                widths[i] = span
    options = {i: shapes(ed, s, per_story.get(s, []), widths[i], tpl) for i, s in enumerate(spec.stories)}
    for choice in range(max(len(o) for o in options.values())):
        chosen = {i: o[min(choice, len(o) - 1)] for i, o in options.items()}
        blocks: list[Block] = []
        for col, span, members, over in groups:
            if over:
                top = min(need(chosen[0], span), lines - tpl.makeup.min_photo_lines)
                blocks += story_blocks(ed, chosen[0], Area(col, span, 0, top), tpl)
                c = col
                for i in range(1, len(spec.stories)):
                    blocks += story_blocks(ed, chosen[i], Area(c, widths[i], top, lines - top), tpl, lead=False)
                    c += widths[i]
                continue
            line = 0
            for k, i in enumerate(members):
                last = k == len(members) - 1
                h = lines - line if last else min(need(chosen[i], span), lines - line - 1)
                blocks += story_blocks(ed, chosen[i], Area(col, span, line, max(1, h)), tpl, lead=i == 0)
                line += h
        yield blocks
