"""The newspaper: an Edition → Pages with every block placed and every story flowed.

Order (typst's composer, speedata's areas): fixed blocks first (headline, note, photo),
then each story's text through its chain of text regions, then chronicles through their
panels, then furniture. What does not fit is counted in `fits`, never dropped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ..model.model import Block, Chronicle, Edition, PageSpec, Story
from ..model.style import Composition, Template
from ..model.units import Rect
from ..text.cjk import CIRCLED
from ..text.fonts import FontSet
from . import blocks as B
from .flow import FlowPara, FlowResult, Frame, flow
from .furniture import column_rules, page_head
from .geometry import Emitter, PageGeometry
from .page import BlockRecord, BoxItem, ImageItem, Page, RuleItem, TextItem
from .typeset import Typesetter, name_text


@dataclass(frozen=True)
class Composed:
    pages: tuple[Page, ...]
    fits: tuple[B.Fit, ...]

    @property
    def overset(self) -> tuple[B.Fit, ...]:
        return tuple(f for f in self.fits if f.overset_chars or f.overset_lines)


def block_id(page: PageSpec, k: int) -> str:
    return f"p{page.number}-{k + 1}"


class _Edition:
    """State of one compose run: geometry, emitters and typesetters per page."""

    def __init__(self, ed: Edition, fonts: FontSet):
        self.ed = ed
        self.fonts = fonts
        self.templates = [p.template or ed.template for p in ed.pages]
        self.geos = [PageGeometry(t, p.number) for t, p in zip(self.templates, ed.pages)]
        self.emitters = [Emitter(fonts, g) for g in self.geos]
        self._ts: dict[int, Typesetter] = {}
        self.fits: list[B.Fit] = []

    def ts(self, page_index: int) -> Typesetter:
        tpl = self.templates[page_index]
        key = id(tpl)
        if key not in self._ts:
            self._ts[key] = Typesetter(self.fonts, tpl)
        return self._ts[key]

    def blocks(self, kind: str, ref: str) -> list[tuple[int, int, Block]]:
        return [(pi, k, b) for pi, p in enumerate(self.ed.pages) for k, b in enumerate(p.blocks)
                if b.kind == kind and b.ref == ref]


def compose(ed: Edition, fonts: FontSet) -> Composed:
    st = _Edition(ed, fonts)
    for pi, page in enumerate(ed.pages):
        ts, em, geo = st.ts(pi), st.emitters[pi], st.geos[pi]
        for k, b in enumerate(page.blocks):
            bid = block_id(page, k)
            if b.kind == "headline":
                st.fits.append(B.headline(ts, em, ed.stories[b.ref], geo.block_rect(b), bid, page.number))
            elif b.kind == "note":
                st.fits.append(B.note(ts, em, ed.stories[b.ref], geo.block_rect(b), bid, page.number))
            elif b.kind == "photo":
                st.fits.append(B.photo(ts, em, geo, ed.photos[b.ref], b, bid, page.number))
    for story in ed.stories.values():
        if story.paragraphs or story.byline:
            _story(st, story)
    for ch in ed.chronicles.values():
        _chronicle(st, ch)
    pages = []
    for pi, page in enumerate(ed.pages):
        ts, em, geo = st.ts(pi), st.emitters[pi], st.geos[pi]
        page_head(ts, em, geo, ed.paper, ed.date, page.section)
        column_rules(em, geo, list(page.blocks), st.templates[pi].column_rules)
        pages.append(_page(page, geo, em, st.templates[pi]))
    for ts in st._ts.values():
        ts.check()
    return Composed(tuple(pages), tuple(st.fits))


def _page(page: PageSpec, geo: PageGeometry, em: Emitter, tpl: Template) -> Page:
    recs = tuple(BlockRecord(block_id(page, k), b.kind, b.ref, geo.block_rect(b), b.column, b.line, b.span,
                             b.lines or 1) for k, b in enumerate(page.blocks))
    items = sorted(em.items, key=_paint_order)
    return Page(number=page.number, section=page.section, width=tpl.trim_w, height=tpl.trim_h,
                trim=Rect(0, 0, tpl.trim_w, tpl.trim_h), type_area=geo.type_area, bleed=tpl.bleed,
                grid=geo.grid(), items=tuple(items), lines=tuple(em.records), blocks=recs)


def _paint_order(item) -> int:
    if isinstance(item, BoxItem):
        return 0 if item.fill is not None else 2
    if isinstance(item, ImageItem):
        return 1
    if isinstance(item, RuleItem):
        return 2
    return 3 if isinstance(item, TextItem) else 4


def _story(st: _Edition, story: Story) -> None:
    placements = st.blocks("text", story.id)
    frames: list[Frame] = []
    for pi, k, b in placements:
        geo = st.geos[pi]
        bid = block_id(st.ed.pages[pi], k)
        for c in range(b.column, b.column + b.span):
            frames.append(Frame(pi, bid, c, geo.col_x(c), st.templates[pi].grid.column_width, b.line, b.lines or 1))
    pi0 = placements[0][0]
    ts = st.ts(pi0)
    tpl = st.templates[pi0]
    paras: list[FlowPara] = []
    if story.byline:
        sty = tpl.style("byline")
        spans = (ts.span(name_text(story.byline), sty, keep=False),)
        paras.append(FlowPara(ts.measure(spans, f"story {story.id!r}, byline"), spans, 0.0, 0.0, sty.align,
                              "byline", -1))
    for i, p in enumerate(story.paragraphs):
        name = "subheading" if p.kind == "subheading" else "body"
        sty = tpl.style(name)
        spans = (ts.span(p.text, sty),)
        m = ts.measure(spans, f"story {story.id!r}, paragraph {i + 1}")
        indent = sty.indent * sty.size
        paras.append(FlowPara(m, spans, indent, sty.hang * sty.size, sty.align, name, i,
                              keep_next=2 if name == "subheading" else 0))
    _run_flow(st, story.id, paras, frames, ts.rules, {"byline": "byline", "subheading": "subheading"})


def _chronicle(st: _Edition, ch: Chronicle) -> None:
    placements = st.blocks("chronicle", ch.id)
    frames: list[Frame] = []
    for n, (pi, k, b) in enumerate(placements):
        bid = block_id(st.ed.pages[pi], k)
        for f in B.chronicle_panel(st.ts(pi), st.emitters[pi], st.geos[pi], ch, b, bid, first=n == 0):
            frames.append(Frame(pi, bid, f.column, f.x, f.width, f.first_line, f.lines))
    pi0 = placements[0][0]
    ts, tpl = st.ts(pi0), st.templates[pi0]
    num, date, text = tpl.style("chronicle_number"), tpl.style("chronicle_date"), tpl.style("chronicle_text")
    labels = [(CIRCLED[i] if ch.numbering == "①" and i < len(CIRCLED) else f"{i + 1}.") for i in range(len(ch.items))]
    label_w = max(ts.natural_width([ts.span(lab, num)], f"chronicle {ch.id!r}") for lab in labels)
    hang = math.ceil((label_w + 0.25 * num.size) / (0.5 * num.size)) * 0.5 * num.size
    paras = []
    for i, item in enumerate(ch.items):
        spans = []
        if item.date:
            spans.append(ts.span(item.date, date, keep_after=True))
        spans.append(ts.span(item.text, text))
        m = ts.measure(spans, f"chronicle {ch.id!r}, item {i + 1}")
        label = ts.lines([ts.span(labels[i], num)], hang, f"chronicle {ch.id!r}", "left")[1]
        paras.append(FlowPara(m, tuple(spans), hang, hang, "justify", "item", i, 0, label[0].runs if label else ()))
    _run_flow(st, ch.id, paras, frames, ts.rules, {"item": "chronicle_text"}, part="chronicle")


def _run_flow(st: _Edition, ref: str, paras: Sequence[FlowPara], frames: list[Frame], rules: Composition,
              style_of: dict[str, str], part: str = "text") -> None:
    capacity = sum(f.lines for f in frames)
    result, frames = _balanced(paras, frames, rules)
    last_page = st.ed.pages[frames[-1].page].number if frames else 0
    for pl in result.placed:
        fr = frames[pl.frame]
        p = paras[pl.para]
        geo = st.geos[fr.page]
        name = style_of.get(p.kind, "body")
        st.emitters[fr.page].line(pl.line, fr.x, geo.baseline(fr.first_line + pl.slot), story=ref, kind=p.kind,
                                  para=p.index, block=fr.block, style_name=name, style=st.templates[fr.page].style(name),
                                  label=p.label if pl.line.start == 0 else (), column=fr.column)
    empty = capacity - len(result.placed)
    if result.placed:                                  # balanced columns end ragged by up to k−1 lines
        last_block = frames[result.placed[-1].frame].block
        empty = max(0, empty - (sum(1 for f in frames if f.block == last_block) - 1))
    if result.overset_lines:
        hint = f"cut {result.overset_chars} characters, or give the text {result.overset_lines} more lines"
        st.fits.append(B.Fit(ref, part, last_page, result.overset_chars, result.overset_lines, 0, hint))
    else:
        hint = f"{empty} empty lines at the end: add copy or enlarge a photo by {empty} lines" if empty else ""
        st.fits.append(B.Fit(ref, part, last_page, 0, 0, empty, hint))


def _balanced(paras: Sequence[FlowPara], frames: list[Frame], rules: Composition) -> tuple[FlowResult, list[Frame]]:
    """Give the columns of the story's last region equal line counts, the last column shorter (§4)."""
    res = flow(paras, frames, rules)
    if res.overset_lines or not res.placed:
        return res, frames
    last = frames[res.placed[-1].frame]
    group = [i for i, f in enumerate(frames) if f.block == last.block and f.page == last.page]
    if len(group) < 2:
        return res, frames
    total = sum(res.used[i] for i in group)
    cap = math.ceil(total / len(group))
    limit = max(frames[i].lines for i in group)
    while cap < limit:
        trial = [f._replace(lines=min(f.lines, cap)) if i in group else f for i, f in enumerate(frames)]
        got = flow(paras, trial, rules)
        if not got.overset_lines:
            return got, trial
        cap += 1
    return res, frames
