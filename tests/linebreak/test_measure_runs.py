"""Measure looks only at the junctions next to non-Han clusters, span starts and kept spans: what it
leaves as the arrays start (no gap, a plain slot, no penalty) must be what the rules give there."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from layout.model.style import Composition
from layout.text.cjk import LEVELS, C, char_class, not_end, not_start
from layout.text.items import INF, SLOT_PLAIN, Span
from layout.text.measure import measure

from .test_properties import SIZE, paragraphs

_PLAIN = "，。、；：“”‘’《》（）"


def test_no_han_character_is_kept_from_a_line_end_or_start():
    for level in LEVELS:
        for ch in not_start(level) | not_end(level):
            assert char_class(ch) != C.HAN, (level, ch)


@given(paragraphs, st.lists(st.integers(1, 400), max_size=4), st.sampled_from(LEVELS))
def test_a_paragraph_split_into_spans_of_one_style_measures_the_same(square_fonts, text, cuts, level):
    """A span start is looked at on its own; a plain span boundary must change nothing but the span index."""
    ok = [k for k in range(1, len(text)) if text[k - 1] not in "…—" and text[k] not in "…—"
          and all(ch in _PLAIN or char_class(ch) == C.HAN for ch in text[k - 1:k + 1])]
    at = sorted({ok[c % len(ok)] for c in cuts}) if ok else []
    rules = Composition(level=level)
    whole = measure([Span(text, "body", SIZE)], square_fonts, rules)
    pieces = [text[a:b] for a, b in zip([0, *at], [*at, len(text)], strict=True)]
    split = measure([Span(p, "body", SIZE) for p in pieces], square_fonts, rules)
    assert [c._replace(span=0) for c in split.clusters] == list(whole.clusters)
    assert split._replace(clusters=whole.clusters) == whole


def test_marks_between_han_and_a_kept_span(square_fonts):
    spans = [Span("国“国”，国", "body", SIZE), Span("■国 国", "body", SIZE, keep=True), Span("国（", "body", SIZE)]
    m = measure(spans, square_fonts, Composition())
    texts = [c.text for c in m.clusters]
    assert texts == ["国", "“", "国", "”", "，", "国", "■", "国", "国", "国", "（"]
    # no break after “ or ■, nor before ” or ，, nor inside the kept span; one at its ends
    assert [p == INF for p in m.penalty] == [False, True, True, True, False, False, True, True, False, False, False]
    assert m.slot[1:6] == (SLOT_PLAIN,) * 5
    assert m.end_trim[4] > 0 and m.start_trim[1] > 0 and m.end_trim[0] == 0.0
