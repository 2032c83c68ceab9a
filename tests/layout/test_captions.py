"""Caption and credit (「■金明达 摄」) set together: the credit kept whole after U+3000, or on a line of its own
with the caption ending as a paragraph ends — never a caption line spread to the measure because a credit
followed it."""
from __future__ import annotations

import pytest

from layout.build import load_fonts
from layout.model.manifest import load_edition
from layout.model.model import Photo
from layout.pages.blocks import caption_lines
from layout.pages.typeset import Typesetter

from ..conftest import SAMPLE, real_fonts_available

pytestmark = pytest.mark.skipif(not real_fonts_available(), reason="CJK fonts not installed: run `make fonts`")


@pytest.fixture(scope="module")
def ts() -> Typesetter:
    ed = load_edition(str(SAMPLE))
    return Typesetter(load_fonts(ed), ed.template)


def _lines(ts: Typesetter, caption: str, chars: int):
    size = ts.template.style("caption").size
    return caption_lines(ts, Photo("p", "p.jpg", caption, "■金明达 摄"), chars * size)


def test_a_credit_that_does_not_fit_takes_its_own_line_and_the_caption_is_not_spread(ts):
    lines = _lines(ts, "屋场恳谈会现场。", 12)          # 8 characters + U+3000 + 6 do not fit in 12
    assert [ln.text for ln in lines] == ["屋场恳谈会现场。", "■金明达\u3000摄"]
    assert lines[0].last and lines[0].max_extra == 0.0     # ends as a paragraph ends
    assert lines[0].set_width < 9 * ts.template.style("caption").size


def test_a_credit_that_fits_stays_after_the_caption(ts):
    lines = _lines(ts, "屋场恳谈会现场。", 20)
    assert [ln.text for ln in lines] == ["屋场恳谈会现场。\u3000■金明达\u3000摄"]


def test_a_long_caption_runs_on_and_the_credit_follows_its_last_words(ts):
    caption = "衡阳市庆祝中国共产党成立100周年文艺晚会现场，演员们载歌载舞。"
    lines = _lines(ts, caption, 14)
    assert "".join(ln.text for ln in lines).replace("\u3000", "") == caption + "■金明达摄"
    assert all(ln.max_extra <= 0.25 for ln in lines)        # no line loosened for the credit
    assert lines[-1].text.endswith("■金明达\u3000摄")


def test_a_headline_with_a_subhead_takes_a_size_its_block_holds(ts):
    """The size of the 主题 is chosen with the gap before the 副题 counted, as the block is then checked: a stacked
    headline that fits at a smaller size is set at it, not refused (an automatic page with a 副题 had failed to
    build, "kicker, headline and subhead are taller than the block")."""
    from layout.model.model import Story
    from layout.model.units import Rect
    from layout.pages.blocks import headline
    from layout.pages.geometry import PageGeometry

    tpl = ts.template
    geo = PageGeometry(tpl, 1)
    g = tpl.grid
    rect = Rect(0.0, 0.0, 6 * g.column_width + 5 * g.gutter, tpl.makeup.stacked_head_lines * g.pitch)
    story = Story(id="s", headline="一条老街的新生", subhead="——石鼓区中山北路改造纪实")
    parts, fit = headline(ts, geo, story, rect, "b", 1)
    assert fit.overset_lines == 0 and fit.overset_chars == 0
    assert all(rect.y <= ln.y <= rect.bottom for ln in parts.lines)
    assert [ln.kind.value for ln in parts.lines] == ["headline", "subhead"]


def test_a_byline_breaks_between_names_not_inside_them(ts):
    body = ts.template.style("byline")
    spans = ts.name_spans("■本报记者 周晓梅 见习记者 陈思远", body)
    lines = ts.lines(list(spans), 12 * body.size, "byline", "left")[1]
    assert [ln.text.rstrip("\u3000") for ln in lines] == ["■本报记者\u3000周晓梅", "见习记者\u3000陈思远"]
    for chars in range(6, 20):                         # at any measure a line starts with a title or a name
        lines = ts.lines(list(spans), chars * body.size, "byline", "left")[1]
        assert all(ln.text.startswith(("■本报记者", "周晓梅", "见习记者", "陈思远")) for ln in lines)


def test_a_two_character_name_spaced_out_is_one_name_in_a_byline(ts):
    """「李 娜」: a two-character name spaced out to line up with three-character ones is kept as one name; the
    byline breaks before it, never between its characters (it had split into 「李」｜「娜」)."""
    body = ts.template.style("byline")
    spans = ts.name_spans("■本报记者 王晓东 实习生 李 娜", body)
    assert [s.text for s in spans] == ["■本报记者\u3000", "王晓东\u3000", "实习生\u3000", "李\u3000娜"]
    for chars in range(4, 20):
        lines = ts.lines(list(spans), chars * body.size, "byline", "left")[1]
        assert all(ln.text.startswith(("■本报记者", "王晓东", "实习生", "李\u3000娜")) for ln in lines), chars
    assert [s.text for s in ts.name_spans("■罗 盟 摄", body)] == ["■罗\u3000盟\u3000", "摄"]    # the mark aside
