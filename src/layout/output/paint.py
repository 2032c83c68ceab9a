"""The painter: placed pages → display lists. The one place that decides paint order.

Paint order, bottom to top: tints (filled areas: 底纹, chronicle panels, title bars), then
pictures, then strokes (boxes, rules, proof marks), then text, then anchors and links.
Within a layer, things keep the order compose placed them in. Text comes last so nothing
covers a glyph; tints come first so a picture or rule on a panel shows.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from itertools import repeat
from operator import add

from ..pages.placed import DecorKind, FontRef, PlacedPage
from .display import AnchorItem, BoxItem, DisplayPage, ImageItem, Item, LinkItem, RuleItem, TextItem

_STROKES = (DecorKind.BOX, DecorKind.RULE, DecorKind.MARK)
_text_item = partial(tuple.__new__, TextItem)
"""TextItem from its fields in order, without the NamedTuple's Python-level __new__ (6,000 runs in 32 pages)."""


def paint(pages: Sequence[PlacedPage], faces: Sequence[FontRef], height: float | None = None) -> list[DisplayPage]:
    """`height` overrides the page height (a proof adds a slug strip under the trim)."""
    return [paint_page(p, faces, height) for p in pages]


def paint_page(page: PlacedPage, faces: Sequence[FontRef], height: float | None = None) -> DisplayPage:
    color = dict(page.palette)
    tints: list[Item] = []
    strokes: list[Item] = []
    links: list[Item] = []
    for d in page.decorations:
        r = d.rect
        if d.kind is DecorKind.TINT:
            tints.append(BoxItem(r, color[d.color], None, 0.0))
        elif d.kind is DecorKind.RULE:
            strokes.append(RuleItem(r.x, r.y, r.right, r.bottom, d.width, color[d.color]))
        elif d.kind in _STROKES:
            strokes.append(BoxItem(r, None, color[d.color], d.width))
        elif d.kind is DecorKind.ANCHOR:
            links.append(AnchorItem(d.target))
        else:
            links.append(LinkItem(r, d.target))
    pictures: list[Item] = [ImageItem(p.path, p.frame, p.crop, p.pixels, p.ref, p.bleed) for p in page.pictures]
    text: list[Item] = []
    for ln in page.lines:
        for run in ln.runs:
            face = faces[run.face]
            text.append(_text_item((face.path, face.index, run.size, ln.y, run.gids,
                                    tuple(map(add, repeat(ln.x), run.xs)), run.pieces, color[run.fill])))
    return DisplayPage(number=page.number, width=page.width, height=page.height if height is None else height,
                       trim=page.trim, bleed=page.bleed, items=tuple(tints + pictures + strokes + text + links))
