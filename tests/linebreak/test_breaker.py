"""The breaker on hand-made item lists: numbers in, breaks out, no fonts (SILE's break_spec)."""
from __future__ import annotations

from layout.model.style import Costs
from layout.text.cjk import C
from layout.text.items import GAP_NONE, INF, SLOT_NONE, SLOT_PLAIN, Cluster, Measured, ShrinkStep
from layout.text.linebreak import HOPELESS, first_fit, total_fit

EM = 10.0


def measured(spec: str) -> Measured:
    """H: a Han character (1 em); ,: a comma (1 em, right half blank, may not start a line);
    (: an opening bracket (left half blank, may not end a line); W: a 6-em unbreakable word."""
    clusters, pen = [], []
    for i, ch in enumerate(spec):
        width = 6 * EM if ch == "W" else EM
        left = EM / 2 if ch == "(" else 0.0
        right = EM / 2 if ch == "," else 0.0
        level = ShrinkStep.COMMA if ch == "," else ShrinkStep.BRACKET if ch == "(" else ShrinkStep.NONE
        chars = 0 if ch in ",(" else 1
        clusters.append(Cluster(text=ch, start=i, cls=C.HAN, width=width, face=0, gids=(1,), offsets=(0.0,),
                                pieces=(ch,), size=EM, span=0, blank_left=left, blank_right=right, level=level,
                                chars=chars))
    n = len(spec)
    for i in range(n):
        nxt = spec[i + 1] if i + 1 < n else ""
        pen.append(INF if nxt == "," or spec[i] == "(" else 0.0)
    pen[-1] = 0.0
    slot = tuple(SLOT_NONE if i == 0 else SLOT_PLAIN for i in range(n))
    zeros = tuple(0.0 for _ in range(n))
    return Measured(clusters=tuple(clusters), text=spec, gap=zeros, gap_kind=tuple(GAP_NONE for _ in range(n)),
                    gap_shrink=zeros, gap_stretch=zeros, slot=slot, penalty=tuple(pen),
                    end_trim=tuple(c.blank_right for c in clusters), start_trim=tuple(c.blank_left for c in clusters),
                    em=EM)


def ends(breaks):
    return [b.end for b in breaks]


def test_pure_han_fills_lines_exactly():
    m = measured("H" * 26)
    for fit in (first_fit, total_fit):
        brs = fit(m, [13 * EM], Costs())
        assert ends(brs) == [13, 26] and all(abs(b.adjust) < 1e-9 for b in brs)


def test_comma_that_cannot_start_a_line_is_squeezed_in():
    # 13 Han, then a comma: the comma joins line 1; a comma earlier in the line gives the room
    m = measured("HHHH,HHHHHHHH" + ",HHHHH")
    brs = total_fit(m, [13 * EM], Costs())
    assert ends(brs)[0] == 14
    assert brs[0].adjust < 0                      # shrunk, not pushed
    assert ends(first_fit(m, [13 * EM], Costs()))[0] == 14


def test_without_room_to_squeeze_the_last_character_is_pushed_down():
    m = measured("H" * 13 + ",HHHHH")             # no blank to squeeze in line 1
    for fit in (first_fit, total_fit):
        brs = fit(m, [13 * EM], Costs())
        assert ends(brs)[0] == 12 and brs[0].adjust == EM   # 12 characters spread over 11 gaps


def test_opening_bracket_never_ends_a_line():
    m = measured("H" * 12 + "(HHHHH")
    brs = total_fit(m, [13 * EM], Costs())
    assert m.text[brs[0].end - 1] != "("


def test_no_lone_last_character():
    m = measured("H" * 14)
    assert ends(total_fit(m, [13 * EM], Costs())) == [12, 14]
    assert ends(first_fit(m, [13 * EM], Costs())) == [12, 14]


def test_first_line_indent_width():
    m = measured("H" * 24)
    assert ends(total_fit(m, [11 * EM, 13 * EM], Costs())) == [11, 24]


def test_unbreakable_word_longer_than_the_measure_is_an_emergency_not_a_crash():
    m = measured("HHW" + "H" * 5 + "W")
    brs = total_fit(m, [5 * EM], Costs())
    assert ends(brs)[-1] == len(m.text)
    assert any(b.cost >= HOPELESS for b in brs)


def test_looseness_asks_for_one_more_line():
    m = measured("H" * 40)
    normal = total_fit(m, [13 * EM], Costs())
    loose = total_fit(m, [13 * EM], Costs(), looseness=1)
    assert len(loose) == len(normal) + 1 and ends(loose)[-1] == 40


def test_total_fit_costs_no_more_than_first_fit():
    m = measured("HHH,HHHHHHHHH,HHHH(HHHHH,HHHHHHHHHHH,HHHH,HHHHHHHH")
    tf = sum(b.cost for b in total_fit(m, [13 * EM], Costs()))
    ff = sum(b.cost for b in first_fit(m, [13 * EM], Costs()))
    assert tf <= ff
