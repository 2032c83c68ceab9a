"""Between clusters: pair compression of adjacent marks, then each junction's gap, slot, break penalty and
trims (docs/rules.md §1–§3), for the measured paragraph `measure.py` hands over. Split from measure.py, which
makes the clusters; here is what depends on neighbours."""
from __future__ import annotations

from collections.abc import Sequence

from ..model.style import Composition
from .cjk import LONG_UNITS, C, is_cjk_char, not_end, not_start
from .items import (
    CAPPED,
    GAP_DIGIT,
    GAP_LATIN,
    GAP_NONE,
    GAP_WORD,
    INF,
    SLOT_NONE,
    SLOT_PLAIN,
    Cluster,
    Measured,
    Span,
)

_HANLIKE = frozenset({C.HAN, C.ITER, C.LEADER})
_LATINISH = frozenset({C.LATIN, C.DIGIT})
_NO_SLOT = frozenset({C.CONNECT, C.SOLIDUS})
_DIGIT, _LATIN, _IDSPACE = int(C.DIGIT), int(C.LATIN), int(C.IDSPACE)
_MARKISH = bytes(c for c in C if c != C.HAN and c not in _LATINISH and c not in _NO_SLOT)
"""Classes that take no gap and leave a slot plain next to Han: their runs need only their penalties."""


def compress_pairs(clusters: list[Cluster], odd: list[tuple[int, int]]) -> None:
    """Each adjacent pair of adjustable marks loses 0.5 em from the blanks facing each other (§2.3)."""
    marks = [k for a, b in odd if b - a > 1 for k in range(a, b)        # a pair stands in a run of non-Han
             if clusters[k].blank_left or clusters[k].blank_right]
    for k in (k for j, k in enumerate(marks) if j and marks[j - 1] == k - 1):
        prev, cur = clusters[k - 1], clusters[k]
        if prev.blank_right:
            cut = min(prev.blank_right, 0.5 * prev.size)
            clusters[k - 1] = prev._replace(width=prev.width - cut, blank_right=prev.blank_right - cut)
        elif cur.blank_left:
            cut = min(cur.blank_left, 0.5 * cur.size)
            clusters[k] = cur._replace(width=cur.width - cut, blank_left=cur.blank_left - cut,
                                       offsets=tuple(o - cut for o in cur.offsets))


def junctions(clusters: list[Cluster], codes: bytes, odd: list[tuple[int, int]], spaced: set[int], soft: set[int],
               starts: list[int], spans: Sequence[Span], spaces: list[float], rules: Composition, text: str,
               em: float) -> Measured:
    """Gaps, slots, penalties and trims. `codes` holds each cluster's class, `odd` the runs [a, b) of clusters
    that are not Han, `spaced` the clusters after a space, `soft` those after a place the copy itself marks for a
    break (inside an address, after a compound's hyphen: parts set solid, no gap, no extra space), `starts` each
    span's first cluster.

    Han next to Han in one span that is not kept together is the common case (3 junctions in 4): no gap, a
    plain slot, no penalty, no trims, as the arrays start. Only the runs of non-Han clusters are looked at: a run
    of marks and numbers between Han in one span with no space (most of them) for its penalties alone; any other
    run, a span's start and a kept span junction by junction, by every rule. Junction i writes only its own
    entries and pen[i - 1], from the clusters alone: the order they are visited in does not matter. Measuring
    32 pages' distinct copy: _junctions ~24 → ~10 ms, measure ~46 → ~31 ms (in-process, min of 25; the
    gap arrays made only where a gap is set: ~1 ms of that)."""
    n = len(clusters)
    level = rules.level
    ns, ne = not_start(level), not_end(level)
    strict = level == "strict"
    units = rules.unit_chars
    gap: list[float] | None = None                   # made at the first junction that may take a gap
    kind: list[int] = []
    gshr: list[float] = []
    gstr: list[float] = []
    slot = [SLOT_PLAIN] * n
    pen = [0.0] * n
    end_trim = [0.0] * n
    start_trim = [0.0] * n
    trim_opening = rules.trim_opening
    keeps = [sp.keep for sp in spans]
    todo: set[int] = set()                           # the other junctions (a set: a kept span's start is in three)
    # a run of marks (and of numbers, where Han next to digits takes no gap) in one span with no space: no gap,
    # plain slots (as the arrays start); a penalty where a mark may not end or start a line (Han may do both) and
    # where a number meets its unit
    plain = _MARKISH if rules.digit_gap else _MARKISH + bytes((_DIGIT,))
    unit_split = rules.costs.unit_split
    for a, b in odd:
        last = clusters[b if b < n else b - 1][1]
        quick = (not codes[a:b].strip(plain) and clusters[a - 1 if a else 0][1] == last and not keeps[last]
                 and (not spaced or spaced.isdisjoint(range(a, b + 1))))
        if not quick:
            todo.update(range(a or 1, b + 1 if b < n else n))
        for k in range(a, b):
            c = clusters[k]
            end_trim[k] = c[4] if codes[k] == _IDSPACE else c[11]      # width or blank_right
            if trim_opening:
                start_trim[k] = c[10]                                 # blank_left
            if quick:
                t = c[2]
                if t[-1] in ne:
                    pen[k] = INF
                elif codes[k] == _DIGIT and k + 1 < n:
                    if codes[k + 1] == _DIGIT:
                        pen[k] = INF
                    elif clusters[k + 1][2][0] in units:
                        pen[k] = unit_split
                if t[0] in ns and (strict or t not in LONG_UNITS):
                    pen[k - 1] = INF                          # (pen[-1] at k = 0: the last, reset below)
    if n:
        pen[n - 1] = 0.0                                      # no junction after the last cluster
    if n < 2:
        return _measured(clusters, text, gap, kind, gshr, gstr, [SLOT_NONE] * n, pen, end_trim, start_trim, rules,
                         em)
    slot[0] = SLOT_NONE
    after = [sp.keep_after for sp in spans]
    todo.update(starts)
    todo.discard(0)
    todo.discard(n)
    for si, keep in enumerate(keeps):
        if keep:
            todo.update(range(starts[si] or 1, starts[si + 1] if si + 1 < len(starts) else n))
    for i in todo:
        prev = clusters[i - 1]
        cl = clusters[i]
        pc, cc = codes[i - 1], codes[i]
        ps, cs = prev[1], cl[1]
        if pc == 0 and cc == 0 and ps == cs and not keeps[cs]:
            continue                                    # Han next to Han: a plain slot, as the arrays start
        pt, ct = prev[2], cl[2]
        lat_p, lat_c = pc in _LATINISH, cc in _LATINISH
        k = GAP_NONE
        if lat_p or lat_c or i in spaced:
            size = cl.size if cl.size >= prev.size else prev.size
            if i in spaced and not (is_cjk_char(pt[-1]) or is_cjk_char(ct[0])):
                natural = spaces[cs] * size             # a space in Latin text: the font's word space, 1/4–1/2 em
                k, got = GAP_WORD, (natural, natural - 0.25 * size, 0.5 * size - natural)
            elif lat_p and lat_c:
                pass                                    # no space: one unit (the tokenizer joins them)
            elif (pc in _HANLIKE and lat_c) or (lat_p and cc in _HANLIKE):
                if _DIGIT in (pc, cc) and _LATIN not in (pc, cc):
                    g = rules.digit_gap                 # 0 (set solid): the zeros the arrays start with
                    if g:
                        k, got = GAP_DIGIT, (g * size, g * size / 2, max(0.0, rules.latin_gap_max - g) * size)
                else:
                    k, got = GAP_LATIN, (rules.latin_gap * size, (rules.latin_gap - rules.latin_gap_min) * size,
                                         max(0.0, rules.latin_gap_max - rules.latin_gap) * size)
            if k != GAP_NONE:
                if gap is None:
                    gap, kind, gshr, gstr = [0.0] * n, [GAP_NONE] * n, [0.0] * n, [0.0] * n
                gap[i], gshr[i], gstr[i] = got
                kind[i] = k
        # extra inter-character space (expand step 3) goes between all characters, never next to a
        # connector or solidus (—— and …… are dashes, not connectors: they may take it)
        if (pc in _NO_SLOT and len(pt) == 1) or (cc in _NO_SLOT and len(ct) == 1):
            slot[i] = SLOT_NONE
        elif k != GAP_NONE:                             # a Han–Latin gap may take some, up to 1/2 em in all
            slot[i] = CAPPED if k != GAP_WORD else SLOT_NONE
        # break between prev and cl: cost of a break after cluster i-1
        if i in soft:                                   # an address's / ? # & @, a compound's hyphen (§1.3)
            slot[i] = SLOT_NONE
            pen[i - 1] = rules.costs.soft_split
        elif (pt[-1] in ne or (ct[0] in ns and (strict or ct not in LONG_UNITS))
                or (keeps[cs] if ps == cs else after[ps])          # inside a kept span, after a keep_after one
                or (lat_p and lat_c and i not in spaced)):
            pen[i - 1] = INF
        elif pc == _DIGIT and ct[0] in units:
            pen[i - 1] = unit_split
    return _measured(clusters, text, gap, kind, gshr, gstr, slot, pen, end_trim, start_trim, rules, em)


def _measured(clusters: list[Cluster], text: str, gap: list[float] | None, kind: list[int], gshr: list[float],
              gstr: list[float], slot: list[int], pen: list[float], end_trim: list[float], start_trim: list[float],
              rules: Composition, em: float) -> Measured:
    """The Measured, made from its fields in order (not by the keyword __new__); a paragraph with no gap (gap is
    None) shares one tuple of zeros for its gaps, shrinks and stretches (most of them: Han next to digits is set
    solid)."""
    n = len(clusters)
    if gap is None:
        zero = (0.0,) * n
        gaps = (zero, (GAP_NONE,) * n, zero, zero)
    else:
        gaps = (tuple(gap), tuple(kind), tuple(gshr), tuple(gstr))
    return tuple.__new__(Measured, (tuple(clusters), text, *gaps, tuple(slot), tuple(pen), tuple(end_trim),
                                    tuple(start_trim), em, max(0.0, 0.5 - rules.latin_gap_max) * em))
