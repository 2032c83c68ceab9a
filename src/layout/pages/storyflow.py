"""A story's text through its chain of regions: frames, wraps, jumps, balancing, fit report.

Frames come from the story's text blocks (column by column, less what sits inside them);
where the chain crosses to another page, the last line before and the first line after are
kept for 「（下转第X版）」 and 「（上接第X版）」 with the real page numbers. What does not fit
comes back as a Fit with a copyfit hint that names a photo to resize where one would help.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence

from ..model.model import Block, BlockKind
from ..model.style import Composition, TextStyle
from ..model.units import Rect
from ..text.items import LOOSE
from .flow import FlowPara, FlowResult, Frame, Placed, flow
from .geometry import ASCENT, place_line
from .parts import Parts, box, join, mark, tint
from .placed import Decoration, Fit, FitPart, LineKind, SetLine
from .state import EditionState, block_id


def text_decor(st: EditionState, pi: int, k: int, b: Block) -> tuple[Decoration, ...]:
    """A text block's 底纹 and ruled box, if it has them."""
    geo, d = st.geos[pi], st.templates[pi].decor
    bid = block_id(st.ed.pages[pi].number, k)
    rect = geo.block_rect(b)
    return ((tint(rect, b.tint, bid),) if b.tint else ()) + ((box(rect, "rule", d.box_rule, bid),) if b.box else ())


def text_frames(st: EditionState, pi: int, k: int, b: Block) -> list[Frame]:
    """The columns of a text block, less what blocks placed inside it take (the text wraps round
    them, `wrap_gap` grid lines of air above and below), less the inset of a box."""
    page, geo, tpl = st.ed.pages[pi], st.geos[pi], st.templates[pi]
    d, g = tpl.decor, tpl.grid
    bid = block_id(page.number, k)
    top, bottom = b.line, b.line + (b.lines or 1)
    inset = 0.0
    if b.box or b.tint:
        inset = d.box_inset * g.body_size
        top, bottom = top + 1, bottom - 1
    inside = [o for o in page.blocks if o is not b and o.kind is not BlockKind.TEXT and o.column < b.column + b.span
              and b.column < o.column + o.span and o.line < bottom and b.line < o.line + (o.lines or 1)]
    frames = []
    for c in range(b.column, b.column + b.span):
        free = [True] * (bottom - top)
        for o in inside:
            if o.column <= c < o.column + o.span:
                for line in range(max(top, o.line - d.wrap_gap), min(bottom, o.line + (o.lines or 1) + d.wrap_gap)):
                    free[line - top] = False
        x = geo.col_x(c) + (inset if c == b.column else 0.0)
        w = g.column_width - (inset if c == b.column else 0.0) - (inset if c == b.column + b.span - 1 else 0.0)
        run = None
        for i, ok in enumerate(free + [False]):
            if ok and run is None:
                run = i
            elif not ok and run is not None:
                frames.append(Frame(pi, bid, c, x, w, top + run, i - run))
                run = None
    return frames


def _reserve(frames: list[Frame], jumps: set[int]) -> list[Frame]:
    """Keep the last line before and the first line after each page crossing for the jump lines."""
    out = list(frames)
    for i in sorted(jumps):
        a, b = out[i - 1], out[i]
        out[i - 1] = a._replace(lines=max(0, a.lines - 1))
        out[i] = b._replace(first_line=b.first_line + 1, lines=max(0, b.lines - 1))
    return out


def run_flow(st: EditionState, ref: str, paras: Sequence[FlowPara], frames: list[Frame], rules: Composition,
             style_of: dict[str, str], part: FitPart = FitPart.TEXT) -> tuple[dict[int, Parts], Fit]:
    """Flow the paragraphs through the frames; the lines and marks per page index, and the fit."""
    crossings = {i for i in range(1, len(frames)) if frames[i].page != frames[i - 1].page}
    memo = st.flow_memo
    while True:
        chain = _reserve(frames, crossings)
        result, chain = balanced(paras, chain, rules, memo, st.templates[frames[0].page].makeup.min_column_lines
                                 if frames else 1)
        reached = {chain[p.frame].page for p in result.placed}
        unneeded = {i for i in crossings if frames[i].page not in reached}
        if not unneeded:
            break
        crossings -= unneeded                        # the text ends before the jump: no jump line
    placed = {} if st.fits_only else _place(st, ref, paras, chain, result.placed, style_of)
    out: dict[int, list[Parts]] = {page: [Parts(tuple(lines))] for page, lines in placed.items()}
    for i in () if st.fits_only else sorted(crossings):
        for page, lines in _jump_lines(st, ref, frames[i - 1], frames[i], chain[i - 1]):
            out.setdefault(page, []).append(lines)
    capacity = sum(f.lines for f in _reserve(frames, crossings))   # before balancing: its lines are white space too
    empty = capacity - len(result.placed)
    if result.placed:                                  # balanced columns end ragged by up to k−1 lines
        last_block = chain[result.placed[-1].frame].block
        empty = max(0, empty - (sum(1 for f in chain if f.block == last_block) - 1))
    last_page = st.ed.pages[chain[-1].page].number if chain else 0
    if result.overset_lines:
        hint = f"cut {result.overset_chars} characters" + _photo_hint(st, frames, result.overset_lines, "shrink")
        fit = Fit(ref, part, last_page, result.overset_chars, result.overset_lines, 0, hint)
        if result.placed and not st.fits_only:
            fr = chain[result.placed[-1].frame]
            out.setdefault(fr.page, []).append(_overset_mark(st, ref, fr, result.placed[-1].slot, result))
    else:
        per_line = int(frames[0].width // st.templates[frames[0].page].grid.body_size) if frames else 0
        hint = (f"add about {empty * per_line} characters" + _photo_hint(st, frames, empty, "enlarge")) if empty else ""
        fit = Fit(ref, part, last_page, 0, 0, empty, hint)
    return {page: join(parts) for page, parts in out.items()}, fit


def _place(st: EditionState, ref: str, paras: Sequence[FlowPara], chain: list[Frame], placed: Sequence[Placed],
           style_of: dict[str, str]) -> dict[int, list[SetLine]]:
    """The story's lines at their places, page by page, in order. A line's grid line is its frame's first line
    plus its slot (not searched back from the baseline), and its style is looked up once per page and kind."""
    out: dict[int, list[SetLine]] = {}
    styles: dict[tuple[int, LineKind], tuple[str, TextStyle]] = {}
    for pl in placed:
        fr = chain[pl.frame]
        p = paras[pl.para]
        got = styles.get((fr.page, p.kind))
        if got is None:
            name = style_of.get(p.kind, "body")
            got = styles[fr.page, p.kind] = (name, st.templates[fr.page].style(name))
        geo, line = st.geos[fr.page], fr.first_line + pl.slot
        out.setdefault(fr.page, []).append(place_line(
            pl.line, fr.x, geo.baseline(line), geo, story=ref, kind=p.kind, para=p.index, block=fr.block,
            style_name=got[0], style=got[1], label=p.label if pl.line.start == 0 else (), column=fr.column,
            grid_line=line if 0 <= line < geo.template.grid.lines else -1))
    return out


def _jump_lines(st: EditionState, ref: str, before: Frame, after: Frame, shortened: Frame) -> list[tuple[int, Parts]]:
    """「（下转第X版）」 on the last line before a page crossing, 「（上接第X版）」 on the first after it."""
    to_page, from_page = st.ed.pages[after.page].number, st.ed.pages[before.page].number
    out: list[tuple[int, Parts]] = []
    for fr, line, text in ((before, shortened.first_line + shortened.lines, f"（下转第{to_page}版）"),
                           (after, after.first_line, f"（上接第{from_page}版）")):
        ts = st.ts(fr.page)
        sty = ts.template.style("jump")
        lines = ts.lines([ts.span(text, sty)], fr.width, f"story {ref!r}, jump line", sty.align)[1]
        out.extend((fr.page, Parts((place_line(ln, fr.x, st.geos[fr.page].baseline(line), st.geos[fr.page],
                                               story=ref, kind=LineKind.JUMP, para=-1, block=fr.block,
                                               style_name="jump", style=sty, column=fr.column),)))
                   for ln in lines[:1])
    return out


def _photo_hint(st: EditionState, frames: list[Frame], lines: int, verb: str) -> str:
    """Name the photo sharing most columns with the story: resizing it moves lines into the text."""
    best = None
    for pi in sorted({f.page for f in frames}, reverse=True):     # the page where the story ends first
        cols = {f.column for f in frames if f.page == pi}
        for b in st.ed.pages[pi].blocks:
            if b.kind is BlockKind.PHOTO:
                shared = len(cols & set(range(b.column, b.column + b.span)))
                if shared and (best is None or (shared, b.lines or 0) > (best[0], best[1].lines or 0)):
                    best = (shared, b)
        if best is not None:
            break
    if best is None:
        return ""
    shared, b = best
    k = math.ceil(lines / shared) if verb == "shrink" else lines // shared
    if k <= 0 or (verb == "shrink" and k >= (b.lines or 0) - 3):
        return ""
    return f", or {verb} photo {b.ref!r} by {k} lines"


def _overset_mark(st: EditionState, ref: str, fr: Frame, slot: int, result: FlowResult) -> Parts:
    """A proof mark at the story's last line: how much did not fit (only written with --allow-overset)."""
    ts = st.ts(fr.page)
    geo = st.geos[fr.page]
    sty = ts.template.style("jump")
    label = f"【超出{result.overset_chars}字／{result.overset_lines}行】"
    span = ts.span(label, sty)._replace(fill="proof")
    lines = ts.lines([span], fr.width, f"story {ref!r}, overset mark", "right")[1]
    top = geo.line_top(fr.first_line + slot)
    frame = mark(Rect(fr.x, top - 1.0, fr.width, geo.template.grid.body_size + 2.0), "proof", 1.0, fr.block)
    out: tuple[SetLine, ...] = tuple(
        place_line(ln, fr.x, top + geo.template.grid.body_size + 1.0 + ASCENT * sty.size, geo, story=ref,
                   kind=LineKind.OVERSET, para=-1, block=fr.block, style_name="jump", style=sty, column=fr.column)
        for ln in lines[:1])
    return Parts(out, (frame,))


def balanced(paras: Sequence[FlowPara], frames: list[Frame], rules: Composition,
             memo: dict | None = None, min_lines: int = 1) -> tuple[FlowResult, list[Frame]]:
    """End the columns of the story's last region on one grid line, the last column shorter (§4).
    By end line, not count: a column that opens with a jump line still ends with the others. Never shallower
    than `min_lines` (page rule 34's column segment): copy too short to fill every column that deep fills the
    first ones to it and leaves the others empty, rather than spreading two lines a column."""
    res = flow(paras, frames, rules, memo=memo)
    if res.overset_lines or not res.placed:
        return res, frames
    last = frames[res.placed[-1].frame]
    group = [i for i, f in enumerate(frames) if f.block == last.block and f.page == last.page]
    if len(group) < 2 or len({frames[i].column for i in group}) != len(group):
        return res, frames                             # a wrap round a photo: columns differ, no balancing
    hi = max(frames[i].first_line + frames[i].lines for i in group)
    lo = min(min(frames[i].first_line for i in group) + max(1, min_lines), hi)
    tried: dict[int, tuple[FlowResult, list[Frame]] | None] = {}

    def holds(end: int) -> tuple[FlowResult, list[Frame]] | None:
        """The flow with the region's columns ending on `end`, if it holds everything (else None)."""
        if end not in tried:
            trial = [f._replace(lines=max(0, min(f.lines, end - f.first_line))) if i in group else f
                     for i, f in enumerate(frames)]
            got = flow(paras, trial, rules, memo=memo)
            tried[end] = None if got.overset_lines or got.placed[-1].frame > group[-1] else (got, trial)
        return tried[end]

    # The lowest common end line that holds everything. The region's slots must hold what the full flow used,
    # so the search starts where they first would, and confirms the line above fails: usually two flows where
    # bisecting the whole region took seven. Where the guess is off, bisection between what is known.
    need = sum(res.used[i] for i in group)

    def slots(end: int) -> int:
        """The region's slots with its columns ending on `end` (nondecreasing in `end`)."""
        return sum(max(0, min(frames[i].lines, end - frames[i].first_line)) for i in group)

    top = hi
    guess = lo + bisect_left(range(lo, hi), need, key=slots)    # the first end that holds `need` (else hi)
    best: int | None = None
    if holds(guess):
        best, hi = guess, guess - 1
        if hi >= lo and holds(hi):
            best, hi = hi, hi - 1
        else:
            hi = lo - 1                                # the line above fails: guess is the end
    else:
        lo = guess + 1
    while lo <= hi:
        end = (lo + hi) // 2
        if holds(end):
            best, hi = end, end - 1
        else:
            lo = end + 1                               # too low: text would spill past the region
    if best is None:
        return res, frames
    # The lowest end can leave a paragraph set loose to keep its last line from standing alone at a column's top
    # (flow's 寡行 rule): a line or two deeper usually sets it solid, and a loose line shows more than a column
    # a line longer than the others.
    for end in range(best, min(best + 2, top) + 1):
        got = tried[end] if end == best else holds(end)
        if got is not None and all(p.line.max_extra <= LOOSE for p in got[0].placed):
            return got
    return tried[best] or (res, frames)
