"""total_fit's common case finds its lines inside its own loop (linebreak._fit) for speed; the lines, their
costs and so the breaks must stay those of _candidates, the enumeration first-fit and the line-count search
use. The oracle here is the plain paragraph loop over _candidates that _fit replaced."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.model.style import Composition, Costs
from layout.text.items import INF, Break, Span
from layout.text.linebreak import SEARCH_WINDOW, Prefix, _breaks, _candidates, _width, total_fit
from layout.text.measure import measure

from .test_properties import PROPERTY, SIZE, paragraphs


def _oracle(m, widths: list[float], costs: Costs, hang: bool) -> list[Break]:
    p = Prefix(m, hang)
    n = p.n
    cost, prev, lines, hung = [INF] * (n + 1), [-1] * (n + 1), [0] * (n + 1), [False] * (n + 1)
    cost[0] = 0.0
    floor: dict[int, float] = {}
    for a in range(n):
        ca = cost[a]
        if ca == INF:
            continue
        k1 = lines[a] + 1
        f = floor.get(k1)
        if f is None or ca < f:
            floor[k1] = ca
        elif ca > f + SEARCH_WINDOW:
            continue
        for b, c, h in _candidates(p, a, _width(widths, k1 - 1), costs):
            if ca + c < cost[b]:
                cost[b], prev[b], lines[b], hung[b] = ca + c, a, k1, h
    chain = [n]
    while chain[-1] > 0:
        chain.append(prev[chain[-1]])
    chain.reverse()
    return _breaks(p, chain, widths, [cost[i] for i in chain], [hung[i] for i in chain])


RULES = [Composition(), replace(Composition(), digit_gap=0.25, hang=True),
         replace(Composition(), punctuation="kaiming", level="strict", trim_opening=False)]


@settings(PROPERTY, max_examples=150)
@given(text=paragraphs, rules=st.sampled_from(RULES), chars=st.integers(4, 24), indent=st.sampled_from([0, 1, 2]))
def test_fit_breaks_as_the_candidates_loop(square_fonts, text, rules, chars, indent):
    m = measure([Span(text, "body", SIZE)], square_fonts, rules)
    widths = [(chars - indent) * SIZE, chars * SIZE]
    got = total_fit(m, widths, rules.costs, rules.hang)
    # repr: the same floats to the last bit, as layout.json and the PDF would see them
    assert repr(got) == repr(_oracle(m, widths, rules.costs, rules.hang)), text
