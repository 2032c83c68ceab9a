"""Composition rules with the square font (exact widths): docs/rules.md §1–§4, one rule a test."""
from __future__ import annotations

from dataclasses import replace

import pytest

from layout.build import font_search_dirs
from layout.model.style import Composition, Costs
from layout.text.faceinfo import face_info
from layout.text.fonts import FontSet, resolve_source
from layout.text.items import Span
from layout.text.linebreak import break_lines
from layout.text.measure import measure
from layout.text.setline import set_lines

from ..conftest import SAMPLE, real_fonts_available
from ..squarefont import build_square_font

EM = 10.0
H = "党史学习教育衡阳市本报记者编按主题群众工作开展建设社会发展新闻事件特别道"


def setp(fonts, text: str, rules: Composition | None = None, width: int = 13, indent: int = 0):
    rules = rules or Composition()
    spans = [Span(text, "body", EM)]
    m = measure(spans, fonts, rules)
    widths = [(width - indent) * EM, width * EM]
    brs = break_lines(m, widths, rules.costs, rules.breaker, rules.hang)
    return set_lines(m, brs, widths, [indent * EM, 0.0], spans)


def cells(line):
    xs = [round(x / EM, 3) for x in line.cluster_x]
    ws = [round(w / EM, 3) for w in line.cluster_w]
    return list(zip(line.cluster_t, xs, ws, strict=True))


def width_of(line, unit: str) -> float:
    return next(w for t, _, w in cells(line) if t == unit)


def test_adjacent_marks_lose_half_an_em(square_fonts):
    (line,) = setp(square_fonts, "党史。”学习“《教育》”，衡阳")
    c = cells(line)
    assert [w for t, _, w in c if t in "。”"][:2] == [0.5, 1.0]          # 。” = 1.5 em
    assert [w for t, _, w in c if t in "“《"] == [1.0, 0.5]              # “《 = 1.5 em: the inner blank goes
    tail = [w for t, _, w in c[-6:-2]]
    assert c[-5][0] + c[-4][0] + c[-3][0] == "》”，" and tail[1:] == [0.5, 0.5, 1.0]   # 》”， = 2 em


def test_full_width_mark_ending_a_line_is_half_width(square_fonts):
    lines = setp(square_fonts, H[:12] + "，" + H[12:20])
    assert lines[0].cluster_t[-1] == "，" and width_of(lines[0], "，") == 0.5
    assert abs(lines[0].set_width - lines[0].width) < 0.05                # justified after the trim
    lines = setp(square_fonts, H[:12] + "。”" + H[12:20])
    assert lines[0].cluster_t[-2:] == ("。", "”") and cells(lines[0])[-1][2] + cells(lines[0])[-2][2] == 1.0


def test_opening_bracket_starting_a_line_is_trimmed(square_fonts):
    lines = setp(square_fonts, H[:13] + "“" + H[13:20] + "”")
    assert lines[1].cluster_t[0] == "“"
    assert cells(lines[1])[0][1:] == (0.0, 0.5)
    kept = setp(square_fonts, H[:13] + "“" + H[13:20] + "”", replace(Composition(), trim_opening=False))
    assert cells(kept[1])[0][2] == 1.0


def test_kaiming_sets_pauses_half_width_and_stops_full(square_fonts):
    (line,) = setp(square_fonts, "党史，学习。教育", replace(Composition(), punctuation="kaiming"))
    assert width_of(line, "，") == 0.5 and width_of(line, "。") == 1.0


def test_han_latin_gap_quarter_em_and_digits_tight(square_fonts):
    (line,) = setp(square_fonts, "党史GDP学习2021年")
    c = cells(line)
    gdp = next(i for i, (t, _, _) in enumerate(c) if t == "GDP")
    assert c[gdp][1] - (c[gdp - 1][1] + c[gdp - 1][2]) == 0.25
    year = next(i for i, (t, _, _) in enumerate(c) if t == "2021")
    assert c[year][2] == 2.0 and c[year][1] == c[year - 1][1] + c[year - 1][2]   # half-width digits, no gap
    (gapped,) = setp(square_fonts, "学习2021年", replace(Composition(), digit_gap=0.25))
    g = cells(gapped)
    assert g[2][1] - (g[1][1] + g[1][2]) == 0.25


def test_ascii_spaces_between_chinese_go_and_never_add_to_the_gap(square_fonts):
    (a,) = setp(square_fonts, "党史 学习 2021 年 GDP 增长")
    (b,) = setp(square_fonts, "党史学习2021年GDP增长")
    assert cells(a) == cells(b)


def test_units_never_split(square_fonts):
    text = H[:10] + "3500亿元，" + H[:6] + "5G" + H[:7] + "——" + H[:8] + "……" + H[:9] + "3.5%" + H[:10] + "？！"
    for w in range(9, 16):
        for line in setp(square_fonts, text * 2, width=w):
            for unit in ("3500", "5G", "——", "……", "3.5%", "？！"):
                if unit[0] in line.text[-1:] and unit not in line.text:
                    pytest.fail(f"{unit} split at width {w}: {line.text}")
            assert "？！" not in line.cluster_t[0:1]


def test_stacked_marks_take_one_em(square_fonts):
    (line,) = setp(square_fonts, "党史？！学习")
    assert width_of(line, "？！") == 1.0


def test_strict_keeps_dashes_off_the_line_start(square_fonts):
    text = H[:13] + "——" + H[:20]
    gb = setp(square_fonts, text)
    assert gb[1].cluster_t[0] == "——"                       # GB allows it
    strict = setp(square_fonts, text, replace(Composition(), level="strict"))
    assert all(ln.cluster_t[0] != "——" for ln in strict)


def test_basic_level_lets_a_percent_start_a_line(square_fonts):
    text = H[:12] + "30%" + H[:10]
    basic = setp(square_fonts, text, replace(Composition(), level="basic"))
    assert "".join(ln.text for ln in basic).count("%") == 1


def test_number_stays_with_its_unit_when_it_costs_little(square_fonts):
    text = "党史，学习，教育衡阳市2021年" + H[:20]          # squeezing both commas keeps 2021年 together
    lines = setp(square_fonts, text)
    assert lines[0].text.endswith("2021年")
    pushed = setp(square_fonts, H[:11] + "2021年" + H[:20])   # a 2-em push: 0.2 em a gap, below rule 9's warning
    assert pushed[0].text == H[:11] and pushed[0].max_extra == pytest.approx(0.2)
    costly = setp(square_fonts, H[:10] + "123456年" + H[:20])  # a 3-em push (0.33 em a gap) costs more than the split
    assert costly[0].text.endswith("123456") and costly[1].text.startswith("年")


def test_hang_puts_the_mark_outside_only_when_asked(square_fonts):
    text = H[:13] + "，" + H[:10]
    plain = setp(square_fonts, text)
    assert all(ln.set_width <= ln.width + 0.05 for ln in plain)
    hung = setp(square_fonts, text, replace(Composition(), hang=True, costs=Costs(hang=1.0)))
    assert hung[0].cluster_t[-1] == "，" and hung[0].set_width == pytest.approx(hung[0].width + 0.5 * EM)


def test_last_line_natural_and_others_flush(square_fonts):
    lines = setp(square_fonts, (H + "，GDP增长3.5%。") * 3, indent=2)
    assert lines[0].x == 2 * EM
    for ln in lines[:-1]:
        assert ln.set_width == pytest.approx(ln.width, abs=0.05)
    assert lines[-1].max_extra == 0.0 and lines[-1].set_width <= lines[-1].width


def test_no_lone_last_character(square_fonts):
    lines = setp(square_fonts, H[:14])
    assert [len(ln.text) for ln in lines] == [12, 2]


def test_the_font_decides_which_half_of_a_mark_is_blank(tmp_path):
    path = build_square_font(str(tmp_path / "centred.ttf"), H, family="LayoutCentred", centred=True)
    fonts = FontSet.from_sources({"body": [path]}, (), ".")
    (line,) = setp(fonts, "党史。”学习")
    assert width_of(line, "。") == 1.0 and width_of(line, "”") == 1.0    # centred marks: nothing to squeeze


@pytest.mark.realfont
def test_noto_sc_marks_sit_where_the_rule_assumes():
    if not real_fonts_available():
        pytest.skip("CJK fonts not installed")
    key = resolve_source("NotoSerifCJK-Regular.ttc#Noto Serif CJK SC", font_search_dirs(SAMPLE))
    ink = face_info(key.path, key.index).punct
    for mark in "，。、；：？！”）》」』":
        assert ink[mark][2] <= 0.5, mark                    # SC: ink in the left half, right half blank
    for mark in "“（《「『":
        assert ink[mark][1] >= 0.5, mark                    # openers: ink in the right half


def test_shrink_gives_up_brackets_before_commas_and_commas_before_stops(square_fonts):
    # Justification's shrink order (§4): Latin spaces, brackets, ，、；：, Han–Latin gaps, 。？！.
    # 13.5 em on a 13-em line: the two brackets give up a quarter em each, the comma stays whole.
    lines = setp(square_fonts, "党史（学习）教育，衡阳5市本" + "报记者编按主题群众工作开展")
    first = lines[0]
    assert first.text == "党史（学习）教育，衡阳5市本"
    assert width_of(first, "（") == 0.75 and width_of(first, "）") == 0.75
    assert width_of(first, "，") == 1.0
    assert first.set_width == pytest.approx(13 * EM, abs=0.05)
    # No bracket on the line: the comma gives way (to half an em) before the full stop.
    lines = setp(square_fonts, "党史学习教育，衡阳。市5本报" + "记者编按主题群众工作开展")
    first = lines[0]
    assert first.text == "党史学习教育，衡阳。市5本报"
    assert width_of(first, "，") == 0.5 and width_of(first, "。") == 1.0
    assert first.set_width == pytest.approx(13 * EM, abs=0.05)
