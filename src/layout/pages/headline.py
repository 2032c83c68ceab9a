"""Headline lines (§6.3): the largest size that fits the span in the lines asked for, broken at
word boundaries (punctuation, spaces), the upper line never shorter than the one below."""
from __future__ import annotations

from itertools import combinations, pairwise

from ..text.cjk import C
from ..text.items import INF, Break, Line, Measured, Span
from ..text.linebreak import EPS, Prefix
from ..text.setline import set_lines
from .typeset import Typesetter

_SOFT = frozenset({C.COMMA, C.STOP, C.IDSPACE, C.CLOSE})


def split(m: Measured, lines: int, measure: float) -> list[int] | None:
    """Ends of each line: fits the measure, upper lines not shorter, balanced, word boundaries first."""
    n = len(m.clusters)
    _width = Prefix(m).natural
    if lines <= 1 or n < 2:
        return [n] if _width(0, n) <= measure + EPS else None
    allowed = [i for i in range(1, n) if m.penalty[i - 1] != INF]
    best: tuple | None = None
    for cut in combinations(allowed, lines - 1):
        ends = list(cut) + [n]
        starts = [0] + list(cut)
        widths = [_width(a, b) for a, b in zip(starts, ends, strict=True)]
        if max(widths) > measure + EPS or any(u < v - EPS for u, v in pairwise(widths)):
            continue
        soft = sum(0 if m.clusters[e - 1].cls in _SOFT else 1 for e in cut)
        key = (soft, max(widths) - min(widths))
        if best is None or key < best[0]:
            best = (key, ends)
    return best[1] if best else None


def headline_lines(ts: Typesetter, text: str, style_name: str, size: float, measure: float, lines: int,
                   where: str) -> list[Line] | None:
    st = ts.template.style(style_name)
    spans = [Span(text, st.role, size, fill=st.fill)]
    m = ts.measure(spans, where, em=size)
    if not m.clusters:
        return []
    ends = split(m, lines, measure)
    if ends is None:
        return None
    starts = [0] + ends[:-1]
    natural = Prefix(m).natural
    out = []
    for a, b in zip(starts, ends, strict=True):
        w = natural(a, b)
        out.extend(set_lines(m, [Break(start=a, end=b, adjust=0.0, cost=0.0)], [w], [0.0], spans, "left"))
    return [ln._replace(last=True) for ln in out]
