"""Page furniture: the 报眉 above the type area and the column rules (docs/rules.md §6.4)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..model.model import Block
from .geometry import ASCENT, PageGeometry, place_line
from .parts import Parts, rule
from .placed import Decoration, LineKind
from .typeset import Typesetter

WEEKDAYS = "一二三四五六日"


def chinese_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日\u3000星期{WEEKDAYS[d.weekday()]}"


def page_head(ts: Typesetter, geo: PageGeometry, paper: str, date: str, section: str) -> Parts:
    """版次 at the outer edge, then 版名; paper and date towards the inner edge; a rule under all.
    Distances are the template's `decor.head_*` settings, in units of the folio size."""
    tpl = ts.template
    ta = geo.type_area
    rule_y = ta.y - tpl.head_rule
    d = tpl.decor
    rules = [rule(ta.x, rule_y, ta.right, rule_y, d.head_rule, block="head")]
    if d.head_second_rule:
        rules.append(rule(ta.x, rule_y + d.head_rule_gap, ta.right, rule_y + d.head_rule_gap, d.head_second_rule,
                          block="head"))
    big, small = tpl.style("folio_number"), tpl.style("folio")
    base = rule_y - d.head_text_drop * small.size - (1 - ASCENT) * small.size
    right_hand = geo.number % 2 == 1 or not tpl.mirror
    number = ts.lines([ts.span(f"{geo.number:02d}", big)], ta.w, "page head", "left")[1]
    sect = ts.lines([ts.span(section, small)], ta.w, "page head", "left")[1]
    info = ts.lines([ts.span(f"{paper}\u3000{chinese_date(date)}", small)], ta.w, "page head", "left")[1]
    if not (number and sect and info):
        return Parts(decorations=tuple(rules))
    num_w, sect_w, info_w = number[0].set_width, sect[0].set_width, info[0].set_width
    gap = d.head_section_gap * small.size
    if right_hand:
        x_num = ta.right - num_w
        x_sect = x_num - gap - sect_w
        x_info = ta.x
    else:
        x_num = ta.x
        x_sect = x_num + num_w + gap
        x_info = ta.right - info_w
    big_base = rule_y - d.head_number_drop * small.size
    lines = (place_line(number[0], x_num, big_base, geo, story="", kind=LineKind.FOLIO, para=-1, block="head",
                        style_name="folio_number", style=big),
             place_line(sect[0], x_sect, base, geo, story="", kind=LineKind.FOLIO, para=-1, block="head",
                        style_name="folio", style=small),
             place_line(info[0], x_info, base, geo, story="", kind=LineKind.FOLIO, para=-1, block="head",
                        style_name="folio", style=small))
    return Parts(lines, tuple(rules))


def column_rules(geo: PageGeometry, blocks: list[Block], width: float) -> tuple[Decoration, ...]:
    """A rule in each gutter wherever both columns hold something and no block spans the gutter."""
    if width <= 0:
        return ()
    g = geo.template.grid
    out = []
    for gutter in range(g.columns - 1):
        x = geo.col_x(gutter + 1) - g.gutter / 2
        for start, end in _runs(_ruled_lines(blocks, gutter, gutter + 1, g.lines)):
            out.append(rule(x, geo.line_top(start), x, geo.line_top(end) - g.line_gap, width))
    return tuple(out)


def _ruled_lines(blocks: list[Block], left: int, right: int, lines: int) -> int:
    """The grid lines where the gutter between `left` and `right` gets a rule — a block in each column and none
    across the gutter — as a bit mask (bit i: line i). Block by block over line ranges, and the rules read from
    the mask's runs, not line by line (100 lines × 7 gutters a page): column_rules of 32 pages 2.9 → 1.0 ms."""
    across = in_left = in_right = 0
    for b in blocks:
        lo, hi = max(b.line, 0), min(b.line + (b.lines or 1), lines)
        if lo >= hi:
            continue
        first, last = b.column, b.column + b.span - 1
        rows = ((1 << (hi - lo)) - 1) << lo
        if first <= left and last >= right:
            across |= rows
        if first <= left <= last:
            in_left |= rows
        if first <= right <= last:
            in_right |= rows
    return in_left & in_right & ~across


def _runs(mask: int) -> Iterator[tuple[int, int]]:
    """The runs of set bits in a mask, low to high, as (first bit, one past the last)."""
    while mask:
        start = (mask & -mask).bit_length() - 1       # the lowest set bit
        t = mask >> start                              # t ^ (t + 1): as many ones as t's trailing ones, plus one
        end = start + (t ^ (t + 1)).bit_length() - 1
        yield start, end
        mask &= -1 << end
