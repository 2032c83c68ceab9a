"""Pour paragraphs into a chain of frames on the baseline grid.

A frame is one column of a text region: a width and a run of grid lines. Lines go down a
frame, then on to the next (column by column, region by region, page by page). What does
not fit is returned as overset, never dropped. Keeps: a subheading takes at least two lines
of its text along (背题), a paragraph's last line does not stand alone at the top of a
column (寡行) when re-breaking the paragraph one line tighter or looser avoids it.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import NamedTuple

from ..model.style import Composition
from ..text.items import Line, Measured, Span
from ..text.linebreak import break_lines
from ..text.setline import set_lines
from .placed import LineKind


class Frame(NamedTuple):
    page: int                 # page index in the edition
    block: str                # block id
    column: int               # grid column
    x: float
    width: float
    first_line: int           # grid line of the first slot
    lines: int                # slots


class FlowPara(NamedTuple):
    m: Measured
    spans: tuple[Span, ...]
    first_indent: float       # pt, line 0
    rest_indent: float        # pt, lines ≥ 1
    align: str
    kind: LineKind            # body, byline, subheading, item
    index: int                # type: ignore[assignment]  # paragraph / item index in its story (-1: byline)
    keep_next: int = 0        # lines of the next paragraph that must share this frame
    label: tuple = ()         # extra glyph runs drawn at line 0 (chronicle numbers)


class Placed(NamedTuple):
    frame: int
    slot: int
    line: Line
    para: int                 # index into the paras given to flow()


_placed = partial(tuple.__new__, Placed)
"""Placed from (frame, slot, line, para) without the NamedTuple's Python-level __new__: balancing a story flows it
some eight times, 50,000 placed lines for 32 pages."""


class FlowResult(NamedTuple):
    placed: tuple[Placed, ...]
    overset_lines: int
    overset_chars: int
    used: tuple[int, ...]      # slots used per frame


def _slot_frames(frames: Sequence[Frame], f: int, s: int, count: int) -> list[int]:
    """The frame of each of the next `count` slots from (f, s)."""
    out: list[int] = []
    while len(out) < count and f < len(frames):
        room = frames[f].lines - s
        if room > 0:
            out.extend([f] * min(room, count - len(out)))
        f, s = f + 1, 0
    return out


def _slot_widths(frames: Sequence[Frame], f: int, s: int, count: int) -> list[float]:
    """The measure of each of the next `count` slots, shortened to two when all are alike (the
    common case): the breaker repeats the last width."""
    if count >= 2 and f < len(frames) and frames[f].lines - s >= 2:
        w = frames[f].width                          # room for two here, and every frame after as wide: the rest
        if all(fr.width == w for fr in frames[f + 1:]):   # would repeat [w, w] after its runs
            return [w, w]
    runs: list[tuple[float, int]] = []
    total = 0
    while total < count and f < len(frames):
        room = frames[f].lines - s
        if room > 0:
            k = min(room, count - total)
            runs.append((frames[f].width, k))
            total += k
        f, s = f + 1, 0
    if not runs:
        runs = [(frames[-1].width, 1)]
        total = 1
    if all(w == runs[0][0] for w, _ in runs):
        return [runs[0][0]] * min(2, total)
    return [w for w, k in runs for _ in range(k)]


def _set(p: FlowPara, frames: Sequence[Frame], f: int, s: int, rules: Composition, looseness: int = 0,
         memo: dict | None = None) -> list[Line]:
    """Break and set a paragraph for the frames it will land in from (f, s). `memo` keeps the
    result per paragraph and widths: balancing re-flows a story many times over the same columns,
    and automatic placement flows the same copy into many candidate pages."""
    est = int(p.m.clusters[-1].start / 8) + 8 if p.m.clusters else 1
    fw = _slot_widths(frames, f, s, est)
    widths = [fw[k] - (p.first_indent if k == 0 else p.rest_indent) for k in range(len(fw))]
    key = (id(p.m), p.first_indent, p.rest_indent, p.align, tuple(widths), looseness)
    got = memo.get(key) if memo is not None else None
    if got is not None and got[0] is p.m:          # the id is only trusted while the paragraph lives
        return got[1]
    indents = [p.first_indent, p.rest_indent]
    brs = break_lines(p.m, widths, rules.costs, rules.breaker, rules.hang, looseness)
    lines = set_lines(p.m, brs, widths, indents, p.spans, p.align)
    if memo is not None:
        memo[key] = (p.m, lines)
    return lines


def flow(paras: Sequence[FlowPara], frames: Sequence[Frame], rules: Composition,
         start: tuple[int, int] = (0, 0), memo: dict | None = None) -> FlowResult:
    placed: list[Placed] = []
    used = [0] * len(frames)
    over_lines = over_chars = 0
    f, s = start
    nf = len(frames)
    for pi, p in enumerate(paras):
        if not p.m.clusters:
            continue
        if f >= nf:
            lines = _set(p, frames or [Frame(0, "", 0, 0, 100, 0, 1)], max(nf - 1, 0), 0, rules, memo=memo)
            over_lines += len(lines)
            over_chars += sum(len(ln.text) for ln in lines)
            continue
        if f < nf and s >= frames[f].lines:
            f, s = f + 1, 0
            if f >= nf:
                lines = _set(p, frames, nf - 1, 0, rules, memo=memo)
                over_lines += len(lines)
                over_chars += sum(len(ln.text) for ln in lines)
                continue
        lines = _set(p, frames, f, s, rules, memo=memo)
        if p.keep_next and s > 0 and f + 1 < nf:
            need = len(lines) + p.keep_next
            if frames[f].lines - s < need:
                f, s = f + 1, 0                       # 背题: take the subheading to the next column
                lines = _set(p, frames, f, s, rules, memo=memo)
        lines = _avoid_widow(p, frames, f, s, lines, rules, memo)
        for ln in lines:
            while f < nf and s >= frames[f].lines:
                f, s = f + 1, 0
            if f >= nf:
                over_lines += 1
                over_chars += len(ln.text)
                continue
            placed.append(_placed((f, s, ln, pi)))
            used[f] = s + 1
            s += 1
    return FlowResult(tuple(placed), over_lines, over_chars, tuple(used))


def _lands_alone(frames: Sequence[Frame], f: int, s: int, n: int) -> bool:
    """Would the last of n lines placed from (f, s) be alone at the top of a later frame?"""
    if n < 2:
        return False
    where = _slot_frames(frames, f, s, n)
    return len(where) == n and where[-1] != where[-2]


def _avoid_widow(p: FlowPara, frames: Sequence[Frame], f: int, s: int, lines: list[Line],
                 rules: Composition, memo: dict | None = None) -> list[Line]:
    if p.kind != LineKind.BODY or not _lands_alone(frames, f, s, len(lines)):
        return lines
    if lines[-1].set_width >= lines[-1].width - p.m.em:
        return lines                                  # a full last line is no 寡行
    for loose in (-1, 1):
        alt = _set(p, frames, f, s, rules, looseness=loose, memo=memo)
        if len(alt) == len(lines) + loose and not _lands_alone(frames, f, s, len(alt)):
            if all(ln.max_extra <= rules.costs.max_expand for ln in alt):
                return alt
    return lines
