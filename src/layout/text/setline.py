"""Breaks → positioned glyphs. Justification follows clreq's shrink and expand orders (§4).

Shrink: (1) line-end mark half width [already a trim], (2) Latin word spaces to 1/4 em,
(3) brackets to half, (4) ，、；： to half, (5) Han–Latin gaps to 1/8 em, (6) 。？！ to half.
Expand: (1) Latin word spaces to 1/2 em, (2) Han–Latin gaps to the cap, (3) equal extra
space at every junction that may take it — never inside a word, a number, —— or ……
"""
from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from .items import (
    CAPPED,
    GAP_DIGIT,
    GAP_LATIN,
    GAP_WORD,
    SLOT_PLAIN,
    Break,
    Cluster,
    GlyphRun,
    Line,
    Measured,
    ShrinkStep,
    Span,
    spread,
)

EPS = 0.005
_new = tuple.__new__
"""Line and GlyphRun from their fields in order, without the keyword parsing of the NamedTuple's Python-level
__new__ (a line each, 5,500 lines for 32 pages: set_lines of 32 pages' distinct copy 62.9 → 57.6 ms)."""
_WIDTH, _TEXT, _LEFT, _RIGHT = map(attrgetter, ("width", "text", "blank_left", "blank_right"))
SHRINK_ORDER = (ShrinkStep.LATIN_SPACE, ShrinkStep.BRACKET, ShrinkStep.COMMA, ShrinkStep.HAN_LATIN_GAP, ShrinkStep.STOP)
"""The steps `_shrink` applies, in order (ShrinkStep.LINE_END is the breaker's end trim)."""
_SHRINK_GAPS = {ShrinkStep.LATIN_SPACE: (GAP_WORD,), ShrinkStep.HAN_LATIN_GAP: (GAP_LATIN, GAP_DIGIT)}
"""Steps that shrink junction gaps (of these kinds); the others shrink the blanks of clusters at that level."""
EXPAND_GAPS = ((GAP_WORD,), (GAP_LATIN, GAP_DIGIT))
"""Expand steps 1 and 2: the gap kinds each stretches; step 3 is extra space at the slots."""


def set_line(m: Measured, br: Break, width: float, indent: float, last: bool, spans: Sequence[Span],
             align: str = "justify") -> Line:
    cl = m.clusters
    a, b = br.start, br.end
    seg = cl[a:b]
    n = b - a
    widths: list[float] = list(map(_WIDTH, seg))     # declared: compiled (layout/native.py), machine numbers
    gaps = list(m.gap[a:b])
    gaps[0] = 0.0
    cut_left: list[float] | None = None            # how much each cluster lost on its left
    if m.start_trim[a]:
        widths[0] -= m.start_trim[a]
        cut_left = [m.start_trim[a]] + [0.0] * (n - 1)
    widths[-1] -= m.end_trim[b - 1]
    natural = sum(widths, 0.0) + sum(gaps, 0.0)     # a float start: mypyc (native.py) miscompiles int | float sums
    hang_w = widths[-1] if br.hang else 0.0
    adj = width - (natural - hang_w)
    extra = 0.0
    if adj < -EPS:
        lefts: list[float] = list(map(_LEFT, seg))   # adjustable blanks, reduced by _shrink
        rights: list[float] = list(map(_RIGHT, seg))
        if cut_left is not None:
            lefts[0] = 0.0
        rights[-1] = 0.0
        cut_left = cut_left or [0.0] * n
        _shrink(m, cl, a, b, -adj, lefts, rights, widths, cut_left, gaps)
    elif adj > EPS and align in ("justify", "spread") and (not last or align == "spread"):
        extra = _expand(m, a, b, adj, gaps)
    xs_cluster: list[float] = []
    x = indent
    if align in ("center", "right"):
        used = sum(widths, 0.0) + sum(gaps, 0.0)
        x += (width - used) / (2 if align == "center" else 1)
    runs: list = []                                # (face, size, fill, gids, xs, pieces) of each glyph run
    run_gids: list[int] = []                       # the current run's lists, extended in place
    run_xs: list[float] = []
    run_pieces: list[str] = []
    cur_face = cur_size = cur_fill = cur_span = None
    slot = m.slot
    cap = m.slot_cap
    for k, c in enumerate(seg):
        if k:
            x += gaps[k]
            if extra:
                s_ = slot[a + k]
                if s_:
                    x += extra if s_ != CAPPED else min(extra, cap)
        xs_cluster.append(x)
        gids = c.gids
        if gids:
            if c.span != cur_span or c.face != cur_face or c.size != cur_size:   # in one span, one fill
                fill = spans[c.span].fill
                cur_span = c.span
                if c.face != cur_face or c.size != cur_size or fill != cur_fill:
                    cur_face, cur_size, cur_fill = c.face, c.size, fill
                    run_gids, run_xs, run_pieces = [], [], []
                    runs.append((cur_face, cur_size, fill, run_gids, run_xs, run_pieces))
            off = x - cut_left[k] if cut_left is not None else x
            offs = c.offsets
            run_gids.extend(gids)
            if len(offs) == 1:
                o = offs[0]
                run_xs.append(off + o if o or not off else off)    # off + 0.0 is off: no new float
            else:
                run_xs.extend([off + o for o in offs])
            run_pieces.extend(c.pieces)
        x += widths[k]
    glyph_runs = tuple([_new(GlyphRun, (face, size, tuple(g), tuple(xs), tuple(p), fill))   # GlyphRun's fields
                        for face, size, fill, g, xs, p in runs])
    char_start = cl[a].start
    char_end = cl[b - 1].start + len(cl[b - 1].text)
    return _new(Line, (a, b, indent, width, natural, x - (xs_cluster[0] if xs_cluster else indent), last,   # Line's
                       glyph_runs, tuple(xs_cluster), tuple(widths), tuple(map(_TEXT, seg)),             # fields
                       extra / m.em if m.em else 0.0, char_start, char_end, m.text[char_start:char_end]))


def _shrink(m: Measured, cl: Sequence[Cluster], a: int, b: int, need: float, lefts: list[float],
            rights: list[float], widths: list[float], cut_left: list[float], gaps: list[float]) -> None:
    """Apply the shrink steps in order; each step to all its spots at once, in proportion."""
    gap_room = any(m.gap_shrink[a + 1:b])
    blanks = [k for k in range(b - a) if lefts[k] or rights[k]]     # the same at every step
    for step in SHRINK_ORDER:
        if need <= EPS:
            return
        kinds = _SHRINK_GAPS.get(step)
        if kinds is not None:
            if not gap_room:                           # no gap of the line shrinks (Han set solid)
                continue
            spots = [k for k in range(1, b - a) if m.gap_kind[a + k] in kinds and m.gap_shrink[a + k] > 0]
            total = sum(m.gap_shrink[a + k] for k in spots)
            if total <= 0:
                continue
            use = min(need, total)
            for k in spots:
                gaps[k] -= use * m.gap_shrink[a + k] / total
        else:
            spots = [k for k in blanks if cl[a + k].level == step]
            total = sum(lefts[k] + rights[k] for k in spots)
            if total <= 0:
                continue
            use = min(need, total)
            for k in spots:
                r = use * (lefts[k] + rights[k]) / total
                widths[k] -= r
                if lefts[k]:
                    cut_left[k] += r
        need -= use


def _expand(m: Measured, a: int, b: int, need: float, gaps: list[float]) -> float:
    """Expand steps 1 and 2 on gaps; the rest as equal extra space per slot (returned). Steps 1 and 2 looked
    for only in a line with a gap that stretches, the slots counted in C: most lines are Han set solid."""
    for kinds in EXPAND_GAPS if any(m.gap_stretch[a + 1:b]) else ():
        spots = [k for k in range(1, b - a) if m.gap_kind[a + k] in kinds and m.gap_stretch[a + k] > 0]
        total = sum(m.gap_stretch[a + k] for k in spots)
        if total > 0 and need > EPS:
            use = min(need, total)
            for k in spots:
                gaps[k] += use * m.gap_stretch[a + k] / total
            need -= use
    if need <= EPS:
        return 0.0
    slots = m.slot[a + 1:b]
    plain, capped = slots.count(SLOT_PLAIN), slots.count(CAPPED)
    if not plain + capped:                # no junction takes extra space (Latin text, an address's parts):
        words = [k for k in range(1, b - a) if m.gap_kind[a + k] == GAP_WORD]
        for k in words:                   # word spaces take the rest, as a justified column of English does;
            gaps[k] += need / len(words)  # with none (an address's parts alone) the line is left short
        return 0.0
    e = spread(need, plain, capped, m.slot_cap)
    if e is None:                         # nowhere lawful: spread over everything (an emergency line)
        e = need / (plain + capped)
    return e


def set_lines(m: Measured, breaks: Sequence[Break], widths: Sequence[float], indents: Sequence[float],
              spans: Sequence[Span], align: str = "justify") -> list[Line]:
    """widths/indents per line index; the last entry repeats."""
    out = []
    last_k = len(breaks) - 1
    for k, br in enumerate(breaks):
        w = widths[k] if k < len(widths) else widths[-1]
        ind = indents[k] if k < len(indents) else indents[-1]
        out.append(set_line(m, br, w, ind, k == last_k, spans, align))
    return out
