"""The named constants of the text engine: shrink steps in the order of docs/rules.md §4, slot codes."""
from __future__ import annotations

import pytest

from layout.model.style import Composition
from layout.text.cjk import C
from layout.text.items import (
    CAPPED,
    CAPPED_SHIFT,
    CLUSTER_SHAPE,
    PLAIN_MASK,
    SLOT_NONE,
    SLOT_PLAIN,
    Break,
    Cluster,
    ShrinkStep,
    Span,
    slot_counts,
)
from layout.text.linebreak import Prefix
from layout.text.measure import measure
from layout.text.setline import SHRINK_ORDER, set_line

SIZE = 10.0


def test_shrink_steps_follow_the_reference():
    # §4: (1) the line-end mark, (2) Latin spaces, (3) brackets, (4) ，、；：, (5) Han–Latin gaps, (6) 。？！
    assert [s.name for s in sorted(ShrinkStep)] == ["NONE", "LINE_END", "LATIN_SPACE", "BRACKET", "COMMA",
                                                    "HAN_LATIN_GAP", "STOP"]
    assert list(SHRINK_ORDER) == sorted(SHRINK_ORDER)
    assert SHRINK_ORDER == (ShrinkStep.LATIN_SPACE, ShrinkStep.BRACKET, ShrinkStep.COMMA,
                            ShrinkStep.HAN_LATIN_GAP, ShrinkStep.STOP)


def test_slot_codes_count_plain_and_capped_junctions_in_one_sum():
    assert CAPPED == 1 << CAPPED_SHIFT and PLAIN_MASK == CAPPED - 1
    assert SLOT_NONE == 0 and SLOT_PLAIN == 1
    assert slot_counts(3 * CAPPED + 5 * SLOT_PLAIN) == (5, 3)
    assert slot_counts(0) == (0, 0)


def test_a_cluster_is_its_place_and_its_shape():
    assert Cluster._fields[:2] == ("start", "span")
    assert "start" not in Cluster._fields[CLUSTER_SHAPE] and "span" not in Cluster._fields[CLUSTER_SHAPE]
    assert len(Cluster._fields[CLUSTER_SHAPE]) == len(Cluster._fields) - 2


def test_memoised_clusters_are_placed_where_they_stand(square_fonts):
    spans = [Span("国，国", "body", SIZE), Span("国“国”", "body", SIZE)]
    m = measure(spans, square_fonts, Composition())
    again = measure(spans, square_fonts, Composition())        # every cluster from the memo now
    assert again == m
    assert [(c.start, c.span, c.text) for c in m.clusters] == [
        (0, 0, "国"), (1, 0, "，"), (2, 0, "国"), (3, 1, "国"), (4, 1, "“"), (5, 1, "国"), (6, 1, "”")]


def test_marks_get_their_shrink_step(square_fonts):
    m = measure([Span("国“国”国，国。国", "body", SIZE)], square_fonts, Composition())
    levels = {c.text: c.level for c in m.clusters}
    assert levels == {"国": ShrinkStep.NONE, "“": ShrinkStep.BRACKET, "”": ShrinkStep.BRACKET,
                      "，": ShrinkStep.COMMA, "。": ShrinkStep.STOP}
    assert {c.text: c.cls for c in m.clusters}["，"] == C.COMMA


@pytest.mark.parametrize("squeeze,lost", [
    (1.0, {"“": 0.5, "”": 0.5, "，": 0.0, "。": 0.0}),      # brackets first
    (12.0, {"“": 5.0, "”": 5.0, "，": 2.0, "。": 0.0}),     # then commas
    (17.0, {"“": 5.0, "”": 5.0, "，": 5.0, "。": 2.0}),     # stops last
])
def test_setline_shrinks_in_that_order(square_fonts, squeeze, lost):
    spans = [Span("国“国”国，国。国", "body", SIZE)]
    m = measure(spans, square_fonts, Composition())
    n = len(m.clusters)
    natural = Prefix(m).natural(0, n)
    line = set_line(m, Break(start=0, end=n, adjust=-squeeze, cost=0.0), natural - squeeze, 0.0, False, spans)
    shrunk = zip(line.cluster_t, m.clusters, line.cluster_w, strict=True)
    got = {t: round(c.width - w, 6) for t, c, w in shrunk if t in lost}
    assert got == lost
    assert abs(line.set_width - (natural - squeeze)) < 1e-6
