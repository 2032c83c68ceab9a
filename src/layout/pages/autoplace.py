"""Automatic placement: a page that lists its content without coordinates gets a modular layout.

The shape a layout desk would sketch for a first proof: a chronicle as a sidebar at the outer
columns (with a photo under it if one is left), the main story's headline over the other
columns, its editor's note under that, the lead photo at the top right of the text with the
text wrapping round it, the remaining photos in a row at the foot, and each further story in
a band of its own above them. Heights start from estimates and are corrected by `adjust`
(lines each story was over or under in the previous try), which compose feeds back.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..model.model import AutoSpec, Block, BlockKind, Edition, Photo, Story
from ..model.style import Template
from .assets import pixel_size


@dataclass(frozen=True)
class _Area:
    column: int
    span: int
    line: int
    lines: int


def place(spec: AutoSpec, ed: Edition, tpl: Template, adjust: dict[str, int]) -> tuple[Block, ...]:
    g = tpl.grid
    stories = [ed.stories[s] for s in spec.stories]
    photos = [ed.photos[p] for p in spec.photos]
    chronicles = [ed.chronicles[c] for c in spec.chronicles]
    blocks: list[Block] = []
    side = 0
    if chronicles:                                     # the narrowest sidebar the chronicles fit in
        side = 2 if g.columns >= 6 else 1
        while (side < g.columns // 2
               and sum(_chronicle_lines(ed, c.id, tpl, side, adjust) for c in chronicles) > g.lines):
            side += 1
    span = g.columns - side
    if chronicles:
        blocks.extend(_sidebar(chronicles, photos, ed, tpl, side, adjust))
        if any(b.kind is BlockKind.PHOTO for b in blocks):
            photos = photos[:-1]
    lead, row = (photos[:1], photos[1:]) if stories else ([], photos)
    rows = math.ceil(len(row) / min(len(row), max(1, span // 2))) if row else 0
    bands = [_band_lines(s, span, tpl, adjust) for s in stories[1:]]
    limit = g.lines - (rows * tpl.makeup.min_photo_lines + 1 if row else 0) - sum(bands)
    y = 0
    if stories:
        blocks.extend(_story_blocks(stories[0], _Area(0, span, 0, limit), lead, tpl, adjust,
                                    fill=not row and not bands))
        y = _end(blocks, stories[0].id)
    for s, h in zip(stories[1:], bands, strict=True):
        blocks.extend(_story_blocks(s, _Area(0, span, y, h), [], tpl, adjust, fill=False))
        y = _end(blocks, s.id)
    if row:
        top = y + 1 if stories else 0
        blocks.extend(_row(row, span, top, g.lines - top))
    return tuple(blocks)


def _end(blocks: list[Block], ref: str) -> int:
    return max(b.line + (b.lines or 0) for b in blocks if b.ref == ref)


def _sidebar(chronicles, photos: list[Photo], ed: Edition, tpl: Template, side: int,
             adjust: dict[str, int]) -> list[Block]:
    """Chronicles down the outer columns; a photo under them when one is left and there is room."""
    g = tpl.grid
    col = g.columns - side
    heights = [_chronicle_lines(ed, c.id, tpl, side, adjust) for c in chronicles]
    out = []
    free = max(0, g.lines - sum(heights))
    if len(photos) >= 2 and free >= tpl.makeup.min_photo_lines:
        out.append(Block(BlockKind.PHOTO, photos[-1].id, col, sum(heights), side, free))
    else:
        heights[-1] += max(0, free)
    line = 0
    for c, h in zip(chronicles, heights, strict=True):
        out.append(Block(BlockKind.CHRONICLE, c.id, col, line, side, min(h, g.lines - line)))
        line += h
    return out


def _story_blocks(s: Story, area: _Area, lead: list[Photo], tpl: Template, adjust: dict[str, int],
                  fill: bool) -> list[Block]:
    """Headline over the story's columns, note under it, text below with the lead photo inside.
    With `fill`, the text takes the area to its foot and the lead photo grows to take up the slack."""
    out = []
    mk = tpl.makeup
    line = area.line
    if s.headline or s.kicker or s.subhead:
        h = head_lines(s, tpl)
        out.append(Block(BlockKind.HEADLINE, s.id, area.column, line, area.span, h))
        line += h
    if s.note:
        h = note_lines(s, area.span, tpl)
        out.append(Block(BlockKind.NOTE, s.id, area.column, line, area.span, h))
        line += h + 1
    room = area.line + area.lines - line
    need = _text_lines(s, tpl) + adjust.get(s.id, 0) + area.span          # slack: keeps, balancing
    ph = span = 0
    if lead:
        span = max(2, round(area.span * mk.lead_photo_share)) if area.span >= 3 else area.span
        ph = photo_lines(lead[0], span, tpl, max_lines=int(room * mk.lead_photo_max))
    gap = tpl.decor.wrap_gap
    wrap = span * (ph + gap) if lead else 0
    height = max(1, min(math.ceil((need + wrap) / area.span), room))
    if fill:                                           # the photo takes what the text leaves, widening if it must
        height = room
        if lead:
            cap = int(room * mk.fill_photo_max)
            for width in range(span, area.span + 1):
                span, ph = width, (area.span * room - need) // width - gap
                if ph <= cap:
                    break
            ph = max(mk.min_photo_lines, min(ph, cap))
    if lead:
        out.append(Block(BlockKind.PHOTO, lead[0].id, area.column + area.span - span, line, span, ph))
    out.append(Block(BlockKind.TEXT, s.id, area.column, line, area.span, height))
    return out


def _row(photos: list[Photo], span: int, line: int, lines: int) -> list[Block]:
    """Photos side by side across `span` columns, whole columns each, the leftover to the first."""
    n = min(len(photos), max(1, span // 2))
    out = []
    col = 0
    base, rem = divmod(span, n)
    per_row = math.ceil(len(photos) / n)
    height = lines // per_row
    for i, ph in enumerate(photos):
        k, r = divmod(i, n)
        w = base + (1 if r < rem else 0)
        col = sum(base + (1 if j < rem else 0) for j in range(r))
        h = height if k < per_row - 1 else lines - height * (per_row - 1)
        out.append(Block(BlockKind.PHOTO, ph.id, col, line + k * height, w, h))
    return out


def _picture(p: Photo, span: int, tpl: Template) -> tuple[float, int]:
    """A photo at this width: the picture's natural height (pt) and its caption's lines."""
    g = tpl.grid
    w, h = pixel_size(p.image)
    caption = len(p.caption) + len(p.credit) + 2
    return g.span_width(span) * h / w, math.ceil(caption / (span * g.column_chars + span - 1))


def photo_lines(p: Photo, span: int, tpl: Template, max_lines: int) -> int:
    g = tpl.grid
    height, caption_lines = _picture(p, span, tpl)
    lines = round((height + g.line_gap) / g.pitch) + caption_lines
    least = tpl.makeup.min_photo_lines
    return max(least, min(lines, max(least, max_lines)))


def crop_floor(p: Photo, span: int, tpl: Template) -> int:
    """The fewest lines a photo's frame at this width may have (caption included) before the picture is cropped
    past `makeup.max_crop` (page rule 30: a frame shorter than the picture loses its top and bottom)."""
    g = tpl.grid
    height, caption_lines = _picture(p, span, tpl)
    return math.ceil((height * (1.0 - tpl.makeup.max_crop) + g.line_gap) / g.pitch) + caption_lines


def _text_lines(s: Story, tpl: Template) -> int:
    cpl = tpl.grid.column_chars
    lines = 1 if s.byline else 0
    for p in s.paragraphs:
        lines += math.ceil((len(p.text) + (2 if p.kind == "body" else 0)) / cpl) + (1 if p.kind != "body" else 0)
    return lines


def note_lines(s: Story, span: int, tpl: Template) -> int:
    g, d = tpl.grid, tpl.decor
    st = tpl.style("note")
    width = g.span_width(span) - 2 * d.note_inset * g.body_size
    lines = math.ceil((len(s.note) + len(s.note_label)) / max(1, int(width // st.size)))
    height = lines * (st.size + (st.leading or g.line_gap)) + 2 * d.note_inset * g.body_size
    return math.ceil((height + g.line_gap) / g.pitch)


def _band_lines(s: Story, span: int, tpl: Template, adjust: dict[str, int]) -> int:
    head = head_lines(s, tpl) if s.headline else 0
    return head + math.ceil((_text_lines(s, tpl) + adjust.get(s.id, 0) + span) / span)


def _chronicle_lines(ed: Edition, cid: str, tpl: Template, side: int, adjust: dict[str, int]) -> int:
    g, d = tpl.grid, tpl.decor
    c = ed.chronicles[cid]
    cpl = g.column_chars - 2 * d.chronicle_inset - 1.5
    lines = sum(math.ceil((len(i.date) + len(i.text)) / cpl) for i in c.items) + adjust.get(cid, 0)
    frame = d.chronicle_bar_lines + d.chronicle_gap_lines + 2 * d.chronicle_pad_lines
    return math.ceil(lines / side) + frame + 1


def head_lines(s: Story, tpl: Template, lead: bool = True) -> int:
    """The first estimate of a headline block: the template's makeup settings; a story after the
    lead gets the smaller secondary block, so its headline comes out smaller than the lead's."""
    mk = tpl.makeup
    first = (mk.stacked_head_lines if (s.kicker or s.subhead) else mk.head_lines) if lead else mk.secondary_head_lines
    return first + mk.head_lines_per_line * (s.headline_lines - 1)
