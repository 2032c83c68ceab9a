"""Choose line breaks from numbers only: first-fit and total-fit (Knuth–Plass style).

A line from cluster a to b (exclusive) has a natural width, a shrink capacity (blank halves
of punctuation, Latin spaces, Han–Latin gaps), a stretch capacity (spaces and gaps) and a
number of junctions that may take extra inter-character space (a *push*). Costs are named
in `style.Costs`. The breaker never looks at characters: the arrays of `Measured` say all.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ..model.style import Costs
from .items import CAPPED, CAPPED_SHIFT, INF, PLAIN_MASK, Break, Measured, spread
from .prefix import Prefix

EPS = 0.005          # pt: "flush" tolerance inside the breaker (the checker allows 0.05)
HOPELESS = 1e7       # cost of an emergency line (overfull or over-expanded)
_new = tuple.__new__


def _width(widths: Sequence[float], k: int) -> float:
    return widths[k] if k < len(widths) else widths[-1]


SEARCH_WINDOW = 100.0
"""Candidates for one line costing more than the best one by this much are not explored."""


def _candidates(p: Prefix, a: int, width: float, costs: Costs,
                window: float = SEARCH_WINDOW) -> list[tuple[int, float, bool]]:
    """Feasible ends b for a line starting at a, with costs; an emergency end if none is.

    Longest first: squeezed lines (shrink), then the natural fit, then pushes (expansion),
    so squeezing is tried before pushing (§2.5). First-fit and the line-count search ask it; total_fit's
    common case finds the same lines inside its own loop (_fit): a change here is a change there
    (tests/linebreak/test_fit_oracle.py holds them together).
    """
    n, em = p.n, p.em
    pw, pb, pg, pgs, pgt, psl = p.pw, p.pb, p.pg, p.pgs, p.pgt, p.psl
    st, et, el, hang, pen, key = p.st, p.et, p.el, p.hang, p.pen, p.key
    cap = p.cap
    limit = width + EPS + p.base(a)
    hi = bisect_right(key, limit, a + 1) - 1
    while hi < n and key[hi + 1] + el[hi] - et[hi] - hang[hi] <= limit:
        hi += 1                                        # a trailing trim (or a hang) can make one more fit
    if hi <= a:
        hi = a
    line, c_shrink, c_stretch, c_expand, c_push = costs.line, costs.shrink, costs.stretch, costs.expand, costs.push
    max_expand = costs.max_expand + 1e-9
    sta = st[a]
    out: list[tuple[int, float, bool]] = []
    best = INF
    b = hi
    while b > a:
        b1 = b - 1
        if b < n and pen[b1] == INF:
            b -= 1
            continue
        nat = pw[b] - pw[a] + pg[b1] - pg[a] - sta - et[b1]
        adj = width - nat
        hung = False
        if adj < -EPS:
            s = -adj
            room = pb[b] - pb[a] - sta - el[b1] + pgs[b1] - pgs[a]
            if s > room + EPS:
                # cannot be squeezed: hang the closing mark outside the measure, if the style allows (§2.5)
                h = hang[b1]
                if not h or adj + h < -room - EPS or adj + h > pgt[b1] - pgt[a] + EPS:
                    b -= 1
                    continue
                adj += h
                hung = True
                cost = line + costs.hang + (c_shrink if adj < 0 else c_stretch) * (adj / em) ** 2
            else:
                cost = line + c_shrink * (s / em) ** 2
        elif adj > EPS and b < n:
            t = pgt[b1] - pgt[a]
            used = adj if adj < t else t
            rem = adj - used
            cost = line + c_stretch * (used / em) ** 2
            if rem > EPS:
                d = psl[b1] - psl[a]
                if d < CAPPED:                         # no Han–Latin junction: the common case
                    if d == 0:                         # no junction takes space: an address's parts alone are
                        if p.han[b] - p.han[a]:        # left short (setline), a last resort; Han never
                            b -= 1
                            continue
                        cost += costs.short
                        plain, capped, e = 0, 0, 0.0
                    else:
                        plain, capped, e = d, 0, rem / d
                else:
                    plain, capped = d & PLAIN_MASK, d >> CAPPED_SHIFT
                    spread_e = spread(rem, plain, capped, cap)
                    if spread_e is None:
                        b -= 1
                        continue
                    e = spread_e
                per = e / em
                if per > max_expand:
                    break                              # shorter lines only need more
                cost += c_push + c_expand * per * per * (plain + capped)
            if cost > best + window and n - b > b - a:
                break                                  # near the end, keep costly pushes: they avoid 孤字
        else:
            cost = line
        if b < n:
            cost += pen[b1]
        elif 0 < p.lone <= a:
            cost += costs.orphan                       # 孤字: a last line with one character
        if cost < best:
            best = cost
        out.append((b, cost, hung))
        b -= 1
    if not out:
        out.append(_emergency(p, a, hi, width))
    return out


def _emergency(p: Prefix, a: int, hi: int, width: float) -> tuple[int, float, bool]:
    """No feasible line (a unit wider than the measure, dense Latin between forbidden breaks):
    take the allowed break that breaks the rules least. A loose line (too much space, still
    flush) beats an overfull one (text past the column edge)."""
    n, em = p.n, p.em
    best_bad, best_end = INF, None
    for b in range(a + 1, min(n, hi + 8) + 1):
        if b < n and p.pen[b - 1] == INF:
            continue
        over = p.natural(a, b) - p.shrink(a, b) - width
        if over > EPS:
            bad = 100.0 * over / em
        elif b == n:
            bad = 0.0
        else:
            rem = width - p.natural(a, b) - p.stretch(a, b)
            e = spread(rem, *p.slots(a, b), p.cap)
            bad = (e / em) if e is not None else 50.0 * rem / em
        if best_end is None or bad < best_bad:
            best_bad, best_end = bad, b
    if best_end is None:
        return n, HOPELESS, False
    return best_end, HOPELESS + best_bad, False


def first_fit(m: Measured, widths: Sequence[float], costs: Costs, hang: bool = False) -> list[Break]:
    """Greedy: each line as long as it goes naturally; at a forbidden break squeeze the next
    unit in, else push the last one down (§2.5). A last line of one character is then fixed
    by pushing one more unit down from the line before."""
    p = Prefix(m, hang)
    n = p.n
    out: list[Break] = []
    a, k = 0, 0
    while a < n:
        w = _width(widths, k)
        b, c, hung = _greedy(p, a, w, costs)
        out.append(_break(p, a, b, w, c, hung))
        a, k = b, k + 1
    if len(out) >= 2 and 0 < p.lone <= out[-1].start:
        prev = out[-2]
        w = _width(widths, len(out) - 2)
        for b, c, hung in _candidates(p, prev.start, w, costs, INF):
            if (b < prev.end and c < HOPELESS and b < p.lone
                    and p.natural(b, n) <= _width(widths, len(out) - 1) + EPS):
                out[-2:] = [_break(p, prev.start, b, w, c, hung),
                            _break(p, b, n, _width(widths, len(out) - 1), 0.0, False)]
                return out
        return total_fit(m, widths, costs, hang)        # no local fix: let the whole paragraph decide
    if any(b.cost >= HOPELESS for b in out):
        return total_fit(m, widths, costs, hang)        # greedy painted itself into a corner
    return out


def _greedy(p: Prefix, a: int, w: float, costs: Costs) -> tuple[int, float, bool]:
    cands = _candidates(p, a, w, costs)
    nat_end = a
    while nat_end < p.n and p.natural(a, nat_end + 1) <= w + EPS:
        nat_end += 1
    allowed = {b: (b, c, h) for b, c, h in cands}
    if nat_end in allowed:
        return allowed[nat_end]
    squeezed = [(b, c, h) for b, c, h in cands if b > nat_end and c < HOPELESS]
    if squeezed:
        return min(squeezed)
    pushed = [(b, c, h) for b, c, h in cands if b < nat_end]
    return max(pushed) if pushed else min(cands)


def _break(p: Prefix, a: int, b: int, w: float, cost: float, hung: bool) -> Break:
    adjust = w - p.natural(a, b) + (p.hang[b - 1] if hung else 0.0)
    return _new(Break, (a, b, adjust, cost, hung))     # Break's fields in order, without keyword parsing


def total_fit(m: Measured, widths: Sequence[float], costs: Costs, hang: bool = False,
              looseness: int = 0) -> list[Break]:
    """Best breaks for the whole paragraph. Nodes are positions; (position, line count)
    pairs when the widths vary past the first line or a line count is asked for."""
    p = Prefix(m, hang)
    n = p.n
    if n == 0:
        return []
    if looseness == 0 and len(set(widths[1:])) <= 1:
        cost, prev, hung = _fit(p, _width(widths, 0), _width(widths, 1), costs)
        chain = [n]
        while chain[-1] > 0:
            chain.append(prev[chain[-1]])
        chain.reverse()
        return _breaks(p, chain, widths, [cost[i] for i in chain], [hung[i] for i in chain])
    # per position, by line count: the best total cost, where its last line starts, whether it hangs
    cost_at: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    prev_at: list[dict[int, int]] = [dict() for _ in range(n + 1)]
    hung_at: list[dict[int, bool]] = [dict() for _ in range(n + 1)]
    cost_at[0][0], prev_at[0][0], hung_at[0][0] = 0.0, -1, False
    for a in range(n):
        seen: dict[float, list] = {}
        for k, ca in list(cost_at[a].items()):
            w = _width(widths, k)
            cands = seen.get(w)
            if cands is None:
                # asked for a line count (looseness): every feasible line may be needed, so no window
                cands = seen[w] = _candidates(p, a, w, costs, INF if looseness else SEARCH_WINDOW)
            k1 = k + 1
            for b, c, h in cands:
                t = ca + c
                got = cost_at[b].get(k1)
                if got is None or t < got:
                    cost_at[b][k1], prev_at[b][k1], hung_at[b][k1] = t, a, h
    finals = cost_at[n]
    natural_lines = min(finals, key=finals.__getitem__)
    target = natural_lines + looseness
    k = min(finals, key=lambda k: (abs(k - target), finals[k]))
    chain, totals, hangs = [n], [finals[k]], [hung_at[n][k]]
    pos = n
    while k > 0:
        pos = prev_at[pos][k]
        k -= 1
        chain.append(pos)
        totals.append(cost_at[pos][k])
        hangs.append(hung_at[pos][k])
    chain.reverse()
    totals.reverse()
    hangs.reverse()
    return _breaks(p, chain, widths, totals, hangs)


def _fit(p: Prefix, first: float, rest: float, costs: Costs) -> tuple[list[float], list[int], list[bool]]:
    """total_fit's common case (one width after the first line, no line count asked): per position the best
    total cost, where its last line starts and whether that line hangs.

    The lines from each start are _candidates' lines, in the same order with the same arithmetic, but found
    inside this loop: the prefix arrays and costs are read once a paragraph (not once a line start, ~28,000
    starts in 32 pages' distinct copy) and each line's cost goes straight to its end, not through a list. A second
    copy of the line rules, kept for that speed (77 → 53 ms): tests/linebreak/test_fit_oracle.py holds the two
    equal bit for bit on random copy under three rule sets."""
    n, em = p.n, p.em
    pw, pb, pg, pgs, pgt, psl = p.pw, p.pb, p.pg, p.pgs, p.pgt, p.psl
    st, et, el, hang, pen, key, lone = p.st, p.et, p.el, p.hang, p.pen, p.key, p.lone
    cap, han = p.cap, p.han
    line, c_shrink, c_stretch, c_expand, c_push = costs.line, costs.shrink, costs.stretch, costs.expand, costs.push
    c_hang, c_orphan, c_short = costs.hang, costs.orphan, costs.short
    max_expand = costs.max_expand + 1e-9
    window = SEARCH_WINDOW
    inf, eps, neg_eps = INF, EPS, -EPS                 # locals, not globals (−EPS not negated a line)
    cost = [INF] * (n + 1)
    prev = [-1] * (n + 1)
    lines = [0] * (n + 1)
    hung = [False] * (n + 1)
    cost[0] = 0.0
    floor = [INF] * (n + 2)                            # cheapest node seen per line count
    first_e, rest_e = first + EPS, rest + EPS
    # No gap at any junction (every paragraph of 32 pages' distinct copy): the gap sums' terms (+ 0.0 − 0.0)
    # are left out, and a pushed line's stretch cost is that of no stretch: _fit 42.6 → 38.1 ms.
    solid = p.solid
    line_solid = line + c_stretch * (0.0 / em) ** 2
    allowed = pen if not n or pen[-1] != INF else pen[:-1] + (0.0,)   # a paragraph may always end
    for a in range(n):
        ca = cost[a]
        if ca == inf:
            continue
        k1 = lines[a] + 1
        f = floor[k1]
        if ca < f:
            floor[k1] = ca
        elif ca > f + window:
            continue                                   # far worse than a rival with as many lines
        pwa, pba, pga, pgsa = pw[a], pb[a], pg[a], pgs[a]
        if k1 == 1:
            width, limit = first, first_e + (pwa - pba + pga - pgsa)
        else:
            width, limit = rest, rest_e + (pwa - pba + pga - pgsa)
        hi = bisect_right(key, limit, a + 1) - 1
        while hi < n and key[hi + 1] + el[hi] - et[hi] - hang[hi] <= limit:
            hi += 1                                    # a trailing trim (or a hang) can make one more fit
        sta, pgta, psla = st[a], pgt[a], psl[a]
        best, found = inf, False
        for b in range(hi, a, -1):
            b1 = b - 1
            if allowed[b1] == inf:
                continue
            if solid:
                nat = pw[b] - pwa - sta - et[b1]
            else:
                nat = pw[b] - pwa + pg[b1] - pga - sta - et[b1]
            adj = width - nat
            h = False
            if adj < neg_eps:
                s = -adj
                if solid:
                    room = pb[b] - pba - sta - el[b1]
                else:
                    room = pb[b] - pba - sta - el[b1] + pgs[b1] - pgsa
                if s > room + eps:
                    hb = hang[b1]
                    if not hb or adj + hb < -room - eps or adj + hb > pgt[b1] - pgta + eps:
                        continue
                    adj += hb
                    h = True
                    c = line + c_hang + (c_shrink if adj < 0 else c_stretch) * (adj / em) ** 2
                else:
                    c = line + c_shrink * (s / em) ** 2
            elif adj > eps and b < n:
                if solid:
                    rem, c = adj, line_solid
                else:
                    t = pgt[b1] - pgta
                    used = adj if adj < t else t
                    rem = adj - used
                    c = line + c_stretch * (used / em) ** 2
                if rem > eps:
                    d = psl[b1] - psla
                    if d < CAPPED:
                        if d == 0:                     # left short, a last resort (as _candidates)
                            if han[b] - han[a]:
                                continue
                            c += c_short
                            plain, capped, e = 0, 0, 0.0
                        else:
                            plain, capped, e = d, 0, rem / d
                    else:
                        plain, capped = d & PLAIN_MASK, d >> CAPPED_SHIFT
                        spread_e = spread(rem, plain, capped, cap)
                        if spread_e is None:
                            continue
                        e = spread_e
                    per = e / em
                    if per > max_expand:
                        break
                    c += c_push + c_expand * per * per * (plain + capped)
                if c > best + window and n - b > b - a:
                    break
            else:
                c = line
            if b < n:
                c += pen[b1]
            elif 0 < lone <= a:
                c += c_orphan
            found = True
            if c < best:
                best = c
            t = ca + c
            if t < cost[b]:
                cost[b] = t
                prev[b] = a
                lines[b] = k1
                hung[b] = h
        if not found:                                  # no feasible line from a
            b, c, h = _emergency(p, a, hi, width)
            t = ca + c
            if t < cost[b]:
                cost[b], prev[b], lines[b], hung[b] = t, a, k1, h
    return cost, prev, hung


def _breaks(p: Prefix, chain: list[int], widths: Sequence[float], totals: list[float],
            hangs: list[bool]) -> list[Break]:
    return [_break(p, chain[k - 1], chain[k], _width(widths, k - 1), totals[k] - totals[k - 1], hangs[k])
            for k in range(1, len(chain))]


def break_lines(m: Measured, widths: Sequence[float], costs: Costs, mode: str = "total",
                hang: bool = False, looseness: int = 0) -> list[Break]:
    if mode == "first":
        return first_fit(m, widths, costs, hang)
    return total_fit(m, widths, costs, hang, looseness)
