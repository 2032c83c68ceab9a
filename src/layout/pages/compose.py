"""The newspaper: an Edition → a PlacedEdition with every block placed and every story flowed.

Order (typst's composer, speedata's areas): fixed blocks first (headline, note, photo),
then each story's text through its chain of text regions, then chronicles through their
panels, then furniture. What does not fit is counted in `fits`, never dropped. Nothing
here draws: each step returns plain `Parts` that are joined per page.
"""
from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model.model import Block, BlockKind, Chronicle, Edition, PageSpec, Story
from ..model.style import Template
from ..model.units import Rect
from ..text.cjk import CIRCLED
from ..text.fonts import FontSet
from . import blocks as B
from .flow import FlowPara, Frame
from .furniture import column_rules, page_head
from .geometry import PageGeometry
from .parts import Parts, join
from .placed import Fit, FitPart, FontRef, LineKind, PlacedBlock, PlacedEdition, PlacedPage
from .state import EditionState, Shared, block_id
from .storyflow import run_flow, text_decor, text_frames
from .typeset import Typesetter

if TYPE_CHECKING:
    from .makeup import Variant

Composed = PlacedEdition
"""What compose returns (the name build and tests have used)."""


def compose(ed: Edition, fonts: FontSet, shared: Shared | None = None) -> PlacedEdition:
    """`shared` carries measured and broken paragraphs over from earlier runs on the same fonts (a Rebuilder's)."""
    shared = shared or Shared()
    return _compose(place_auto_pages(ed, fonts, shared=shared), fonts, shared)


def place_auto_pages(ed: Edition, fonts: FontSet, shared: Shared | None = None, budget: int = 120) -> Edition:
    """Give pages that list their content (auto) their blocks: the variant the page pins (`auto:
    variant: k`, the k-th best), else the best that the makeup search finds (pages/makeup.py)."""
    shared = shared or Shared()
    pages = list(ed.pages)
    for i, page in enumerate(pages):
        if page.auto is not None:
            found = page_variants(ed, page, fonts, page.auto.variant, shared, budget)
            pages[i] = replace(page, blocks=found[min(page.auto.variant, len(found)) - 1].blocks, auto=None)
    return replace(ed, pages=tuple(pages))


def page_variants(ed: Edition, page: PageSpec, fonts: FontSet, n: int = 1, shared: Shared | None = None,
                  budget: int = 120) -> list[Variant]:
    """The n best distinct placements of an auto page, best first, each with its score terms."""
    a = page.auto
    assert a is not None
    shared = shared or Shared()

    def evaluate(blocks: tuple[Block, ...], full: bool = False) -> tuple[PlacedPage, tuple[Fit, ...]]:
        """Compose the blocks alone on the page (only the content they place), for the fit report
        (or, `full`, with every line set)."""
        refs = {k: {b.ref for b in blocks if b.kind in kinds} for k, kinds in (
            ("stories", (BlockKind.TEXT, BlockKind.HEADLINE, BlockKind.NOTE)), ("photos", (BlockKind.PHOTO,)),
            ("chronicles", (BlockKind.CHRONICLE,)))}
        mini = replace(ed, stories={k: v for k, v in ed.stories.items() if k in refs["stories"]},
                       photos={k: v for k, v in ed.photos.items() if k in refs["photos"]},
                       chronicles={k: v for k, v in ed.chronicles.items() if k in refs["chronicles"]},
                       pages=(replace(page, blocks=blocks, auto=None),))
        got = _compose(mini, fonts, shared, fits_only=not full)
        return got.pages[0], got.fits

    return _makeup().search(a, ed, page.template or ed.template, evaluate, n, budget)


def _makeup() -> Any:
    """pages/makeup.py (the placement search, its modules and scoring), imported when a page is placed
    automatically: a build of pages placed by hand does without it (~4 ms of every start-up)."""
    return importlib.import_module(".makeup", __package__)


def _compose(ed: Edition, fonts: FontSet, shared: Shared | None = None, fits_only: bool = False) -> PlacedEdition:
    """With `fits_only` (a candidate page) the pages carry their blocks, pictures and fixed blocks' lines but
    no flowed text, page head or column rules: enough to score a candidate and check its page rules."""
    st = EditionState(ed, fonts, shared, fits_only)
    parts: list[list[Parts]] = [[] for _ in ed.pages]
    fits: list[Fit] = []
    for pi, page in enumerate(ed.pages):
        ts, geo = st.ts(pi), st.geos[pi]
        for k, b in enumerate(page.blocks):
            bid = block_id(page.number, k)
            if b.kind is BlockKind.HEADLINE:
                got = B.headline(ts, geo, ed.stories[b.ref], geo.block_rect(b), bid, page.number)
            elif b.kind is BlockKind.NOTE:
                got = B.note(ts, geo, ed.stories[b.ref], geo.block_rect(b), bid, page.number)
            elif b.kind is BlockKind.PHOTO:
                got = B.photo(ts, geo, ed.photos[b.ref], b, bid, page.number)
            else:
                continue
            parts[pi].append(got[0])
            fits.append(got[1])
    for story in ed.stories.values():
        if story.paragraphs or story.byline or st.blocks(BlockKind.TEXT, story.id):
            fits.append(_flowed_once(st, BlockKind.TEXT, story, parts, _story))   # no text: all underset, said
    for ch in ed.chronicles.values():
        fits.append(_flowed_once(st, BlockKind.CHRONICLE, ch, parts, _chronicle))
    st.check()
    pages = []
    for pi, page in enumerate(ed.pages):
        ts, geo = st.ts(pi), st.geos[pi]
        if not fits_only:
            parts[pi].extend(_furniture(st, pi, ts, geo))
        pages.append(_page(page, geo, join(parts[pi]), st.templates[pi]))
    faces = tuple(FontRef(f.key.path, f.key.index) for f in fonts.faces)
    return PlacedEdition(tuple(pages), tuple(fits), faces)


def _furniture(st: EditionState, pi: int, ts: Typesetter, geo: PageGeometry) -> tuple[Parts, Parts]:
    """The page head and the column rules, as last time for a page with the same blocks, number, section and
    template in the same edition (paper, date): a rebuild's unchanged pages."""
    page, tpl = st.ed.pages[pi], st.templates[pi]
    key = (page.number, page.section, page.blocks, tpl, st.ed.paper, st.ed.date)
    got = st.flowed.get(("furniture", pi))
    if got is not None and got[0] == key:
        return got[1]
    missing = st.missing()
    made = (page_head(ts, geo, st.ed.paper, st.ed.date, page.section),
            Parts(decorations=column_rules(geo, list(page.blocks), tpl.column_rules)))
    if st.missing() == missing:                  # a head with a character no font has is reported every time
        st.flowed[("furniture", pi)] = (key, made)
    return made


def _flowed_once(st: EditionState, kind: BlockKind, item: Story | Chronicle, parts: list[list[Parts]],
                 flow: Callable[[EditionState, Any, list[list[Parts]]], Fit]) -> Fit:
    """A story (or chronicle) flowed as last time when nothing it is flowed from changed: its copy, and the
    pages it is on (index, number, every block: text wraps round them, template). Else flowed and remembered,
    unless it met a coverage problem (the next run must meet it again to report it)."""
    pages = sorted({pi for pi, _, _ in st.blocks(kind, item.id)})
    key = (item, st.fits_only, tuple((pi, st.ed.pages[pi].number, st.ed.pages[pi].blocks, st.templates[pi])
                                     for pi in pages))
    got = st.flowed.get((kind, item.id))
    if got is not None and got[0] == key:
        for pi, made in got[1]:
            parts[pi].extend(made)
        return got[2]
    missing = st.missing()
    mine: list[list[Parts]] = [[] for _ in parts]
    fit = flow(st, item, mine)
    for pi, made in enumerate(mine):
        parts[pi].extend(made)
    if st.missing() == missing:
        st.flowed[(kind, item.id)] = (key, [(pi, made) for pi, made in enumerate(mine) if made], fit)
    return fit


def _page(page: PageSpec, geo: PageGeometry, parts: Parts, tpl: Template) -> PlacedPage:
    blocks = tuple(PlacedBlock(block_id(page.number, k), b.kind, b.ref, geo.block_rect(b), b.column, b.line, b.span,
                               b.lines or 1) for k, b in enumerate(page.blocks))
    return PlacedPage(number=page.number, section=page.section, width=tpl.trim_w, height=tpl.trim_h,
                      trim=Rect(0, 0, tpl.trim_w, tpl.trim_h), type_area=geo.type_area,
                      bleed=tpl.output.bleed if page.bleed else tpl.bleed, grid=geo.grid(),
                      palette=tuple(sorted(tpl.palette.items())), blocks=blocks, lines=parts.lines,
                      pictures=parts.pictures, decorations=parts.decorations)


def _story(st: EditionState, story: Story, parts: list[list[Parts]]) -> Fit:
    placements = st.blocks(BlockKind.TEXT, story.id)
    frames: list[Frame] = []
    for pi, k, b in placements:
        parts[pi].append(Parts(decorations=text_decor(st, pi, k, b)))
        frames.extend(text_frames(st, pi, k, b))
    pi0 = placements[0][0]
    ts = st.ts(pi0)
    tpl = st.templates[pi0]
    paras: list[FlowPara] = []
    if story.byline:
        sty = tpl.style("byline")
        spans = ts.name_spans(story.byline, sty)
        paras.append(FlowPara(ts.measure(spans, f"story {story.id!r}, byline"), spans, 0.0, 0.0, sty.align,
                              LineKind.BYLINE, -1))
    for i, p in enumerate(story.paragraphs):
        name = LineKind.SUBHEADING if p.kind == "subheading" else LineKind.BODY
        sty = tpl.style(name.value)
        spans = (ts.span(p.text, sty),)
        m = ts.measure(spans, f"story {story.id!r}, paragraph {i + 1}")
        indent = sty.indent * sty.size
        paras.append(FlowPara(m, spans, indent, sty.hang * sty.size, sty.align, name, i,
                              keep_next=2 if name is LineKind.SUBHEADING else 0))
    return _flowed(parts, *run_flow(st, story.id, paras, frames, ts.rules,
                                    {LineKind.BYLINE: "byline", LineKind.SUBHEADING: "subheading"}))


def _flowed(parts: list[list[Parts]], by_page: dict[int, Parts], fit: Fit) -> Fit:
    for pi, got in by_page.items():
        parts[pi].append(got)
    return fit


def _chronicle(st: EditionState, ch: Chronicle, parts: list[list[Parts]]) -> Fit:
    placements = st.blocks(BlockKind.CHRONICLE, ch.id)
    frames: list[Frame] = []
    for n, (pi, k, b) in enumerate(placements):
        bid = block_id(st.ed.pages[pi].number, k)
        panel, columns = B.chronicle_panel(st.ts(pi), st.geos[pi], ch, b, bid, first=n == 0)
        parts[pi].append(panel)
        for f in columns:
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
        paras.append(FlowPara(m, tuple(spans), hang, hang, "justify", LineKind.ITEM, i, 0,
                              label[0].runs if label else ()))
    return _flowed(parts, *run_flow(st, ch.id, paras, frames, ts.rules, {LineKind.ITEM: "chronicle_text"},
                                    part=FitPart.CHRONICLE))
