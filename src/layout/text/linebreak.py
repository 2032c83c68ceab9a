"""Choose line breaks from numbers only: first-fit and total-fit (Knuth–Plass style).

A line from cluster a to b (exclusive) has a natural width, a shrink capacity (blank halves
of punctuation, Latin spaces, Han–Latin gaps), a stretch capacity (spaces and gaps) and a
number of junctions that may take extra inter-character space (a *push*). Costs are named
in `style.Costs`. The breaker never looks at characters: the arrays of `Measured` say all.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import Sequence

from ..model.style import Costs
from .items import INF, Break, Measured

EPS = 0.005          # pt: "flush" tolerance inside the breaker (the checker allows 0.05)
HOPELESS = 1e7       # cost of an emergency line (overfull or over-expanded)


class Prefix:
    """Prefix sums over clusters and junctions, so a line's numbers cost O(1)."""
    __slots__ = ("n", "pw", "pb", "pg", "pgs", "pgt", "psl", "pc", "pen", "et", "st", "el", "hang", "em", "key")

    def __init__(self, m: Measured, hang: bool = False):
        cl = m.clusters
        n = self.n = len(cl)
        pw = list(accumulate((c[3] for c in cl), initial=0.0))
        pb = list(accumulate((c[10] + c[11] for c in cl), initial=0.0))
        pc = list(accumulate((c[13] for c in cl), initial=0))
        # junction j lies before cluster j; junction 0 does not exist (its entries are 0)
        pg = list(accumulate(m.gap)) or [0.0]
        pgs = list(accumulate(m.gap_shrink)) or [0.0]
        pgt = list(accumulate(m.gap_stretch)) or [0.0]
        psl = list(accumulate(m.slot)) or [0]
        self.pw, self.pb, self.pc = pw, pb, pc
        self.pg, self.pgs, self.pgt, self.psl = pg, pgs, pgt, psl
        self.pen, self.et, self.st = m.penalty, m.end_trim, m.start_trim
        self.el = tuple(c.blank_right for c in cl)
        # hanging punctuation: a line-end mark's glyph half may sit outside the measure
        self.hang = tuple((c.width - c.blank_right) if (hang and c.cls in (5, 6)) else 0.0 for c in cl)
        self.em = m.em
        # key[b] − key-base(a) is the narrowest a line a..b can be (all shrink used): nondecreasing in b
        self.key = [0.0] + [pw[b] - pb[b] + pg[b - 1] - pgs[b - 1] for b in range(1, n + 1)]

    def base(self, a: int) -> float:
        return self.pw[a] - self.pb[a] + self.pg[a] - self.pgs[a]

    def natural(self, a: int, b: int) -> float:
        return self.pw[b] - self.pw[a] + self.pg[b - 1] - self.pg[a] - self.st[a] - self.et[b - 1]

    def shrink(self, a: int, b: int) -> float:
        return self.pb[b] - self.pb[a] - self.st[a] - self.el[b - 1] + self.pgs[b - 1] - self.pgs[a]

    def stretch(self, a: int, b: int) -> float:
        return self.pgt[b - 1] - self.pgt[a]

    def slots(self, a: int, b: int) -> int:
        return self.psl[b - 1] - self.psl[a]

    def chars(self, a: int, b: int) -> int:
        return self.pc[b] - self.pc[a]


def line_cost(p: Prefix, a: int, b: int, width: float, last: bool, costs: Costs) -> float | None:
    """Cost of a line a..b at `width`, or None when it cannot be set (overfull, too loose)."""
    em = p.em
    nat = p.natural(a, b) - p.hang[b - 1]
    adj = width - nat
    if adj < -EPS:
        s = -adj
        if s > p.shrink(a, b) + EPS:
            return None
        cost = costs.line + costs.shrink * (s / em) ** 2
    elif adj > EPS and not last:
        t = p.stretch(a, b)
        used = adj if adj < t else t
        rem = adj - used
        cost = costs.line + costs.stretch * (used / em) ** 2
        if rem > EPS:
            slots = p.slots(a, b)
            if slots == 0:
                return None
            per = rem / slots / em
            if per > costs.max_expand + 1e-9:
                return None
            cost += costs.push + costs.expand * per * per * slots
    else:
        cost = costs.line
    if b < p.n:
        cost += p.pen[b - 1]
    elif p.pc[p.n] >= 2 and p.chars(a, b) < 2:
        cost += costs.orphan            # 孤字: a last line with one character (or none)
    return cost


def _width(widths: Sequence[float], k: int) -> float:
    return widths[k] if k < len(widths) else widths[-1]


SEARCH_WINDOW = 100.0
"""Candidates for one line costing more than the best one by this much are not explored."""


def _candidates(p: Prefix, a: int, width: float, costs: Costs) -> list[tuple[int, float]]:
    """Feasible ends b for a line starting at a, with costs; an emergency end if none is.

    Longest first: squeezed lines (shrink), then the natural fit, then pushes (expansion),
    so squeezing is tried before pushing (§2.5). Inlined: this is the breaker's hot loop.
    """
    n, em = p.n, p.em
    pw, pb, pg, pgs, pgt, psl = p.pw, p.pb, p.pg, p.pgs, p.pgt, p.psl
    st, et, el, hang, pen, key = p.st, p.et, p.el, p.hang, p.pen, p.key
    limit = width + EPS + p.base(a)
    hi = bisect_right(key, limit, a + 1) - 1
    while hi < n and key[hi + 1] + el[hi] - et[hi] - hang[hi] <= limit:
        hi += 1                                        # a trailing trim can make one more fit
    if hi <= a:
        hi = a
    line, c_shrink, c_stretch, c_expand, c_push = costs.line, costs.shrink, costs.stretch, costs.expand, costs.push
    max_expand = costs.max_expand + 1e-9
    sta = st[a]
    out: list[tuple[int, float]] = []
    best = INF
    b = hi
    while b > a:
        b1 = b - 1
        if b < n and pen[b1] == INF:
            b -= 1
            continue
        nat = pw[b] - pw[a] + pg[b1] - pg[a] - sta - et[b1] - hang[b1]
        adj = width - nat
        if adj < -EPS:
            s = -adj
            if s > pb[b] - pb[a] - sta - el[b1] + pgs[b1] - pgs[a] + EPS:
                b -= 1
                continue
            cost = line + c_shrink * (s / em) ** 2
        elif adj > EPS and b < n:
            t = pgt[b1] - pgt[a]
            used = adj if adj < t else t
            rem = adj - used
            cost = line + c_stretch * (used / em) ** 2
            if rem > EPS:
                slots = psl[b1] - psl[a]
                if slots == 0:
                    b -= 1
                    continue
                per = rem / slots / em
                if per > max_expand:
                    break                              # shorter lines only need more
                cost += c_push + c_expand * per * per * slots
            if cost > best + SEARCH_WINDOW:
                break
        else:
            cost = line
        if b < n:
            cost += pen[b1]
        elif p.pc[n] >= 2 and p.pc[b] - p.pc[a] < 2:
            cost += costs.orphan                       # 孤字: a last line with one character
        if cost < best:
            best = cost
        out.append((b, cost))
        b -= 1
    if not out:
        out.append(_emergency(p, a, hi, width))
    return out


def _emergency(p: Prefix, a: int, hi: int, width: float) -> tuple[int, float]:
    """No feasible line: take the nearest allowed break after the longest fitting prefix."""
    n = p.n
    for b in range(max(hi, a + 1), n + 1):
        if b == n or p.pen[b - 1] != INF:
            return b, HOPELESS + abs(width - p.natural(a, b))
    return n, HOPELESS


def first_fit(m: Measured, widths: Sequence[float], costs: Costs, hang: bool = False) -> list[Break]:
    """Greedy: fill each line as far as it goes naturally; at a forbidden break, squeeze, else push."""
    p = Prefix(m, hang)
    n = p.n
    out: list[Break] = []
    a, k = 0, 0
    while a < n:
        w = _width(widths, k)
        cands = _candidates(p, a, w, costs)
        natural_fit = [bc for bc in cands if p.natural(a, bc[0]) - p.hang[bc[0] - 1] <= w + EPS]
        b, c = max(natural_fit)[0:2] if natural_fit else min(cands, key=lambda bc: bc[0])
        out.append(Break(a, b, w - p.natural(a, b) + p.hang[b - 1], c))
        a, k = b, k + 1
    return out


def total_fit(m: Measured, widths: Sequence[float], costs: Costs, hang: bool = False,
              looseness: int = 0) -> list[Break]:
    """Best breaks for the whole paragraph. Nodes are positions; (position, line count)
    pairs when the widths vary past the first line or a line count is asked for."""
    p = Prefix(m, hang)
    n = p.n
    if n == 0:
        return []
    if looseness == 0 and len(set(widths[1:])) <= 1:
        cost = [INF] * (n + 1)
        prev = [-1] * (n + 1)
        lines = [0] * (n + 1)
        cost[0] = 0.0
        floor: dict[int, float] = {}                   # cheapest node seen per line count
        for a in range(n):
            ca = cost[a]
            if ca == INF:
                continue
            k1 = lines[a] + 1
            f = floor.get(k1)
            if f is None or ca < f:
                floor[k1] = ca
            elif ca > f + SEARCH_WINDOW:
                continue                               # far worse than a rival with as many lines
            for b, c in _candidates(p, a, _width(widths, k1 - 1), costs):
                t = ca + c
                if t < cost[b]:
                    cost[b], prev[b], lines[b] = t, a, k1
        chain = [n]
        while chain[-1] > 0:
            chain.append(prev[chain[-1]])
        chain.reverse()
        return _breaks(p, chain, widths, [cost[i] for i in chain])
    table: list[dict[int, tuple[float, int]]] = [dict() for _ in range(n + 1)]
    table[0][0] = (0.0, -1)
    for a in range(n):
        seen: dict[float, list] = {}
        for k, (ca, _) in list(table[a].items()):
            w = _width(widths, k)
            cands = seen.get(w)
            if cands is None:
                cands = seen[w] = _candidates(p, a, w, costs)
            for b, c in cands:
                t = ca + c
                got = table[b].get(k + 1)
                if got is None or t < got[0]:
                    table[b][k + 1] = (t, a)
    finals = table[n]
    natural_lines = min(finals, key=lambda k: finals[k][0])
    target = natural_lines + looseness
    k = min(finals, key=lambda k: (abs(k - target), finals[k][0]))
    chain, costs_at = [n], [finals[k][0]]
    pos = n
    while k > 0:
        pos_prev = table[pos][k][1]
        k -= 1
        pos = pos_prev
        chain.append(pos)
        costs_at.append(table[pos][k][0])
    chain.reverse()
    costs_at.reverse()
    return _breaks(p, chain, widths, costs_at)


def _breaks(p: Prefix, chain: list[int], widths: Sequence[float], totals: list[float]) -> list[Break]:
    out: list[Break] = []
    for k in range(1, len(chain)):
        a, b = chain[k - 1], chain[k]
        w = _width(widths, k - 1)
        out.append(Break(a, b, w - p.natural(a, b) + p.hang[b - 1], totals[k] - totals[k - 1]))
    return out


def break_lines(m: Measured, widths: Sequence[float], costs: Costs, mode: str = "total",
                hang: bool = False, looseness: int = 0) -> list[Break]:
    if mode == "first":
        return first_fit(m, widths, costs, hang)
    return total_fit(m, widths, costs, hang, looseness)
