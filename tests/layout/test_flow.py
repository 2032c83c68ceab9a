"""Flow through chained frames: keeps (寡行, 背题) and overset, with the square font."""
from __future__ import annotations

from layout.model.style import Composition
from layout.pages.flow import FlowPara, Frame, flow
from layout.text.items import Span
from layout.text.measure import measure

EM = 9.0
H = "党史学习教育衡阳市本报记者编按主题群众工作开展建设社会发展新闻事件特别道"


def para(fonts, text, kind="body", index=0, keep_next=0):
    spans = (Span(text, "body", EM),)
    indent = 2 * EM if kind == "body" else 0.0
    return FlowPara(measure(spans, fonts, Composition()), spans, indent, 0.0, "justify", kind, index, keep_next)


def frames(n_cols: int, lines: int) -> list[Frame]:
    return [Frame(0, "b", c, c * 126.0, 117.0, 0, lines) for c in range(n_cols)]


def test_short_last_line_not_alone_at_the_top_of_a_column(square_fonts):
    # 11 + 13*4 = 63 cells make 5 full lines; 6 more characters make a short 6th line that
    # would open column 2 alone: the paragraph is set one line looser or tighter instead
    text = (H * 3)[:63 + 6]
    res = flow([para(square_fonts, text), para(square_fonts, H[:20], index=1)], frames(2, 5), Composition())
    first_para = [p for p in res.placed if p.para == 0]
    in_col2 = [p for p in first_para if p.frame == 1]
    assert len(first_para) == 7 and len(in_col2) == 2             # one line looser: two lines open column 2


def test_subheading_moves_with_its_text(square_fonts):
    body = para(square_fonts, H[:11 + 13 * 3], index=0)              # 4 lines
    sub = para(square_fonts, "特别报道", kind="subheading", index=1, keep_next=2)
    after = para(square_fonts, (H * 2)[:40], index=2)
    res = flow([body, sub, after], frames(2, 5), Composition())
    sub_placed = next(p for p in res.placed if p.para == 1)
    assert (sub_placed.frame, sub_placed.slot) == (1, 0)               # not alone at the foot of column 1
    assert sum(1 for p in res.placed if p.para == 2 and p.frame == 1) >= 2


def test_overset_counts_what_does_not_fit(square_fonts):
    text = (H * 4)[:11 + 13 * 9]                                       # 10 lines into 2 × 3 slots
    res = flow([para(square_fonts, text)], frames(2, 3), Composition())
    assert len(res.placed) == 6 and res.overset_lines == 4
    placed = sum(len(p.line.text) for p in res.placed)
    assert placed + res.overset_chars == len(text)


def test_balancing_finds_the_lowest_common_end_line_in_few_flows(square_fonts, monkeypatch):
    """storyflow.balanced: the columns end on the lowest grid line that still holds every line (checked against
    trying every end line), found by starting where the region's slots first hold what the full flow used —
    two or three flows, not a bisection of the whole region."""
    import layout.pages.storyflow as sf
    calls = []
    real = sf.flow

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)
    monkeypatch.setattr(sf, "flow", counted)
    for n, cols, lines in ((70, 3, 20), (150, 4, 30), (31, 2, 12), (260, 3, 40)):
        paras = [para(square_fonts, (H * 20)[k * 29:k * 29 + n // 3 + 7], index=k) for k in range(3)]
        fr = frames(cols, lines)
        calls.clear()
        got, trial = sf.balanced(paras, fr, Composition())
        used = len(calls)
        end = max(f.first_line + f.lines for f in trial)
        lowest = next(e for e in range(1, lines + 1)
                      if not (r := real(paras, [f._replace(lines=min(f.lines, e)) for f in fr], Composition()))
                      .overset_lines and r.placed[-1].frame <= len(fr) - 1)
        assert end == lowest, (n, cols, lines)
        assert used <= 4, (n, used)


def test_balancing_copy_too_short_for_every_column_fills_the_first_ones_to_a_segment(square_fonts):
    """12 lines of copy over 6 columns: not two lines a column (page rule 34's short segments) but the first columns
    filled to `min_lines` (5, 5, then the story's last column 2), the others left empty."""
    import layout.pages.storyflow as sf
    text = (H * 5)[:11 + 13 * 11]                                      # 12 lines
    got, trial = sf.balanced([para(square_fonts, text)], frames(6, 30), Composition(), min_lines=5)
    per_column = [sum(1 for p in got.placed if p.frame == c) for c in range(6)]
    assert per_column == [5, 5, 2, 0, 0, 0]
    got1, _ = sf.balanced([para(square_fonts, text)], frames(6, 30), Composition())       # no minimum: 2 a column
    assert [sum(1 for p in got1.placed if p.frame == c) for c in range(6)] == [2] * 6


def test_balancing_goes_a_line_deeper_rather_than_set_a_paragraph_loose(square_fonts):
    """The lowest common end can make flow set a paragraph loose so its last line does not open a column alone
    (寡行); balancing then ends the columns a line deeper, where the paragraph sets solid."""
    import layout.pages.storyflow as sf
    paras = [para(square_fonts, (H * 5)[:40]), para(square_fonts, H[:3], index=1)]     # 4 lines (the last 3
    fr = frames(2, 12)                                                                   # characters), then 1
    lowest = [f._replace(lines=3) for f in fr]                         # 5 lines in 2 columns: 3 + 2, but …
    assert any(p.line.max_extra > sf.LOOSE for p in flow(paras, lowest, Composition()).placed)   # … set loose
    got, trial = sf.balanced(paras, fr, Composition())
    assert all(p.line.max_extra <= sf.LOOSE for p in got.placed)
    assert max(f.lines for f in trial) == 4
