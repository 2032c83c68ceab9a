"""The content diff on realistic revision rounds of the sample edition: each scenario's exact list of
changes (nothing missed, nothing false), in English and Chinese, and the boxes the diff PDF marks.

Layout is composed in-process (no PDF) so each scenario costs a few hundredths of a second."""
from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

from layout.model.manifest import load_edition
from layout.output.layout_json import LayoutDoc, layout_json
from layout.output.layout_read import load_layout
from layout.pages.compose import compose
from layout.review.contentdiff import diff_layouts
from layout.review.tokens import runs, visible
from layout.text.sources import load_fonts

from ..conftest import SAMPLE, real_fonts_available

pytestmark = pytest.mark.realfont

MAIN = "«赓续精神血脉，汲取奋进力量»"
NEWHEAD = "«赓续精神血脉，汲取奋进力量，开创美好未来新篇章»"
DROP = "\0drop"                 # (DROP, prefix): the manifest line starting with prefix is deleted
CHRON = "chronicle «大事记»"

SCENARIOS: dict[str, list[tuple[str, str]]] = {
    "char": [("我市广大党员干部把党史", "我市广大党员干部将党史")],
    "number": [("9837场", "9873场")],
    "caption+credit": [("caption: 屋场恳谈会现场。\n    credit: ■金明达 摄",
                        "caption: 屋场恳谈会现场一角。\n    credit: ■罗盟 摄")],
    "credit": [("credit: ■金明达 摄", "credit: ■罗盟 摄")],
    "headline": [("headline: 赓续精神血脉，汲取奋进力量", "headline: 赓续精神血脉，汲取奋进力量，开创美好未来新篇章")],
    "date+section": [("date: 2021-12-31", "date: 2021-12-30"), ("section: 年终特别报道", "section: 年终盘点")],
    "photo taller": [("{chronicle: dashiji, column: 7, line: 1, span: 2, lines: 50}",
                      "{chronicle: dashiji, column: 7, line: 1, span: 2, lines: 46}"),
                     ("{photo: hongxiang, column: 7, line: 51, span: 2, lines: 54}",
                      "{photo: hongxiang, column: 7, line: 47, span: 2, lines: 58}")],
    "item added": [("      - date: 6月25日\n",
                    "      - date: 6月24日\n        text: ，衡阳市举行党史学习教育专题报告会，"
                    "市委理论学习中心组成员参加。\n      - date: 6月25日\n")],
    "paragraph deleted": [(DROP, "      - 同时，把开展党史学习教育与做好中心工作结合起来")],
    "sentence added": [("坚定历史自信、掌握历史主动。", "坚定历史自信、掌握历史主动，开创美好未来。")],
    "photo swapped and resized": [("image: photos/04-wuchang.jpg", "image: photos/05-hongxiang.jpg"),
                                  ("{photo: wuchang, column: 4, line: 50, span: 3, lines: 28}",
                                   "{photo: wuchang, column: 4, line: 50, span: 3, lines: 27}")],
    "item removed": [(DROP, "      - date: 6月25日"), (DROP, "        text: ，《衡阳党史百年展》首展")],
    "text block shortened": [("{text: main, column: 5, line: 14, span: 2, lines: 36}",
                     "{text: main, column: 5, line: 14, span: 2, lines: 35}")],
}

EXPECTED_EN: dict[str, list[str]] = {
    "char": [f"page 8 col 5 line 26: story {MAIN} ¶2: «把» → «将» after «我市广大党员干部»"],
    "number": [f"page 8 col 6 line 14: story {MAIN} ¶4: «9837» → «9873» after «展各类屋场恳谈会»"],
    "caption+credit": [
        "page 8 col 4 line 77: photo «屋场恳谈会现场一角» caption: inserted «一角» after «屋场恳谈会现场»",
        "page 8 col 4 line 77: photo «屋场恳谈会现场一角» credit: «金明达» → «罗盟» after «会现场一角。　■»"],
    "credit": ["page 8 col 4 line 77: photo «屋场恳谈会现场» credit: «金明达» → «罗盟» after «恳谈会现场。　■»"],
    "headline": [
        f"page 8 col 4 line 7: story {NEWHEAD} headline: inserted «，开创美好未来新篇章» after «脉，汲取奋进力量»",
        f"page 8 col 1 line 7: story {NEWHEAD} headline: size 42 → 24 pt",
        f"page 8 col 2 line 4: story {NEWHEAD} kicker: moved (re-centred or re-placed), text unchanged"],
    "date+section": [
        "page 8: page head section: «年终特别报道» → «年终盘点»",
        "page 8: page head date line: «衡阳日报　2021年12月31日　星期五» → «衡阳日报　2021年12月30日　星期四»"],
    "photo taller": [
        f"page 8 col 8 line 45: {CHRON} from item 10: 71 characters moved to overset (not deleted; overset 0 → 71) "
        "«泛、参与人数最多的微党课宣讲活动…»",
        "page 8 col 7 line 47: photo «红湘党群教育微展馆» moved and resized: col 7 line 51, 2×54 → col 7 line 47, 2×58",
        "page 8 col 7 line 1: chronicle block «大事记» resized: col 7 line 1, 2×50 → col 7 line 1, 2×46",
        f"page 8 col 8 line 4: {CHRON}: 7 lines shorter (91 → 84), now ends on page 8 col 8 line 45; 42 lines "
        "reflowed or moved, text unchanged"],
    "item added": [
        f"page 8 col 7 line 37: {CHRON} item 5 added «6月24日，衡阳市举行党史学习教育专题报告会，市…»",
        f"page 8 col 7 line 41: {CHRON}: items 5–10 renumbered 6–11",
        f"page 8 col 8 line 49: {CHRON} from item 11: 29 characters moved to overset (not deleted; overset 0 → 29) "
        "«受众达300万人次，推动了党的创…»",
        f"page 8 col 7 line 42: {CHRON}: 1 line longer (91 → 92), now ends on page 8 col 8 line 49; 49 lines "
        "reflowed or moved, text unchanged"],
    "paragraph deleted": [
        f"page 8 col 6 line 21: story {MAIN} ¶5 deleted «同时，把开展党史学习教育与做好中心工作结合起来，…»",
        f"page 8 col 5 line 45: text block {MAIN} cols 5–6: 0 → 5 empty lines at the foot",
        f"page 8: text {MAIN}: underset 0 → 10 lines",
        f"page 8 col 6 line 14: story {MAIN}: 10 lines shorter (71 → 61), now ends on page 8 col 6 line 43; 30 lines "
        "reflowed or moved, text unchanged"],
    "sentence added": [
        f"page 8 col 5 line 26: story {MAIN} ¶2: inserted «，开创美好未来» after «信、掌握历史主动»",
        f"page 8 col 5 line 27: story {MAIN}: 1 line longer (71 → 72), now ends on page 8 col 6 line 49; 59 lines "
        "reflowed or moved, text unchanged"],
    "photo swapped and resized": [
        "page 8 col 4 line 50: photo «屋场恳谈会现场» replaced (another picture)",
        "page 8 col 4 line 50: photo «屋场恳谈会现场» resized: col 4 line 50, 3×28 → col 4 line 50, 3×27"],
    "item removed": [
        f"page 8 col 7 line 35: {CHRON} item 5 removed «6月25日，《衡阳党史百年展》首展和党风党纪百年…»",
        f"page 8 col 7 line 36: {CHRON}: items 6–10 renumbered 5–9",
        "page 8 col 7 line 43: chronicle block «大事记» cols 7–8: 1 → 8 empty lines at the foot",
        f"page 8: {CHRON}: underset 0 → 14 lines",
        f"page 8 col 7 line 6: {CHRON}: 14 lines shorter (91 → 77), now ends on page 8 col 8 line 41; 70 lines "
        "reflowed or moved, text unchanged"],
    "text block shortened": [
        f"page 8 col 6 line 48: story {MAIN}: 7 characters moved to overset (not deleted; overset 0 → 7) "
        "«化而努力奋斗！»",
        f"page 8 col 5 line 14: text block {MAIN} resized: col 5 line 14, 2×36 → col 5 line 14, 2×35",
        f"page 8 col 6 line 14: story {MAIN}: 1 line shorter (71 → 70), now ends on page 8 col 6 line 48; 35 lines "
        "reflowed or moved, text unchanged"],
}


@cache
def _fonts_ok() -> bool:
    return real_fonts_available() and (SAMPLE / "photos").is_dir()


def _doc(folder: Path) -> LayoutDoc:
    ed = load_edition(str(folder))
    fonts = load_fonts(ed)
    return load_layout(layout_json(ed, compose(ed, fonts), fonts, "x.pdf"))


@pytest.fixture(scope="module")
def base():
    if not _fonts_ok():
        pytest.skip("fonts or stand-in photos missing")
    return _doc(SAMPLE)


def revise(tmp_path: Path, edits: list[tuple[str, str]]) -> LayoutDoc:
    ed = tmp_path / "2021-year-end"
    shutil.copytree(SAMPLE, ed)
    m = ed / "edition.yaml"
    text = m.read_text(encoding="utf-8")
    for old, new in edits:
        if old == DROP:
            start = text.index("\n" + new) + 1
            text = text[:start] + text[text.index("\n", start) + 1:]
            continue
        assert old in text, old
        text = text.replace(old, new, 1)
    m.write_text(text, encoding="utf-8")
    return _doc(ed)


def test_nothing_changed(base):
    assert diff_layouts(base, base) == []


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_exact_changes(base, tmp_path, name):
    """Precision and recall: the exact list, in report order."""
    new = revise(tmp_path, SCENARIOS[name])
    changes = diff_layouts(base, new)
    assert sorted(c.text("en") for c in changes) == sorted(EXPECTED_EN[name])
    grid = new.pages[0].grid
    for c in changes:                          # an edit's 栏/行 is where its first changed character is
        if c.kind in ("edit", "chronicle") and c.lines and c.inserted and c.lines[0][4] < 12:    # body text
            _, x, y, w, h = c.lines[0]
            col = next(k for k, (gx, gw) in enumerate(grid.columns) if gx - 1 <= x + w / 2 <= gx + gw + 1) + 1
            assert (c.column, c.line) == (col, round((y + 0.88 * h - grid.first_baseline) / grid.pitch) + 1), c


def test_overset_is_never_a_deletion(base, tmp_path):
    changes = diff_layouts(base, revise(tmp_path, SCENARIOS["photo taller"]))
    assert not [c for c in changes if c.deleted and c.kind != "overset"]
    (moved,) = [c for c in changes if c.kind == "overset"]
    assert moved.deleted.startswith("泛、参与人数最多的微党课宣讲活动") and moved.deleted.endswith("深入人心。")
    assert len(moved.deleted) == 71 and moved.old_lines and not moved.lines       # marked on the old page only
    assert moved.zh == ("「大事记」第10条起：71字被挤出版面，移入溢出（未删除；溢出0→71字）"
                        "「泛、参与人数最多的微党课宣讲活动…」")


def test_renumbering_is_complete(base, tmp_path):
    changes = diff_layouts(base, revise(tmp_path, SCENARIOS["item added"]))
    (ren,) = [c for c in changes if "renumbered" in c.message]
    assert dict(ren.detail)["renumbered"] == [[5, 6], [6, 7], [7, 8], [8, 9], [9, 10], [10, 11]]
    assert len(ren.lines) == 6                                        # each new number is marked


def test_an_edited_item_is_renumbered_too(base, tmp_path):
    """An item both edited and moved down by an insertion keeps its place in the renumbering."""
    edits = SCENARIOS["item added"] + [("在夏明翰故居举行", "在夏明翰故居隆重举行")]
    changes = diff_layouts(base, revise(tmp_path, edits))
    (ren,) = [c for c in changes if "renumbered" in c.message]
    assert ren.message == f"{CHRON}: items 5–10 renumbered 6–11"
    assert [c.message for c in changes if c.inserted == "隆重"] == [
        f"{CHRON} item 10: inserted «隆重» after «仪式在夏明翰故居»"]


def test_numbers_and_latin_words_are_units():
    assert [(r.i1, r.i2, r.j1, r.j2) for r in runs("恳谈会9837场", "恳谈会9873场")] == [(3, 7, 3, 7)]
    assert [(r.i1, r.i2, r.j1, r.j2) for r in runs("用 Typst 排版", "用 LaTeX 排版")] == [(2, 7, 2, 7)]
    assert [tuple(r) for r in runs("我市广大党员干部把党史", "我市广大党员干部将党史")] == [(8, 9, 8, 9)]
    assert runs("同一句话", "同一句话") == []


def test_a_reworded_sentence_is_one_change():
    """Two edits a character apart read as one replacement, not fragments."""
    assert len(runs("今天我们去公园散步了。", "昨天他们去公园跑步了。")) == 2
    assert len(runs("今天我们去了公园。", "昨天他们去了公园。")) == 1


def test_char_edit_marks_the_character_not_the_line(base, tmp_path):
    (c,) = diff_layouts(base, revise(tmp_path, SCENARIOS["char"]))
    ((page, x, y, w, h),) = c.lines
    ((opage, ox, oy, ow, oh),) = c.old_lines
    assert page == opage == 8 and (x, y) == (ox, oy)
    assert w == pytest.approx(9.0, abs=0.5) and h == 9.0                   # one character of 小五 body, not a line
    assert c.points == ()                                                  # a replacement: no deletion point


def test_deletion_point_on_the_new_page(base, tmp_path):
    edit = ("成功入选国家智能社会治理城市管理和社区治理特色基地", "成功入选国家特色基地")
    (c,) = diff_layouts(base, revise(tmp_path, [edit]))[:1]
    assert c.deleted == "智能社会治理城市管理和社区治理" and c.inserted == "" and not c.lines
    ((page, x, y, w, h),) = c.points
    assert page == 8 and w == 0.0 and h == 9.0
    assert c.old_lines and all(b[3] < 130 for b in c.old_lines)             # the characters, line by line


def test_chinese_wording_with_locators(base, tmp_path):
    changes = diff_layouts(base, revise(tmp_path, SCENARIOS["caption+credit"]))
    assert [c.text("zh") for c in changes] == [
        "第8版 第4栏第77行：图片「屋场恳谈会现场一角」图说：插入「一角」（在「屋场恳谈会现场」之后）",
        "第8版 第4栏第77行：图片「屋场恳谈会现场一角」摄影署名：「金明达」改为「罗盟」（在「会现场一角。　■」之后）"]
    changes = diff_layouts(base, revise(tmp_path / "b", SCENARIOS["date+section"]))
    assert [c.text("zh") for c in changes] == [
        "第8版：报眉栏目：「年终特别报道」改为「年终盘点」",
        "第8版：报眉报头日期：「衡阳日报　2021年12月31日　星期五」改为「衡阳日报　2021年12月30日　星期四」"]


def test_visible_text_is_one_line():
    assert visible("一段\r\n二段\x07") == "一段⏎二段\\x07"
    assert visible("很长的一段文字" * 5, 10) == "很长的一段文字很长的…"


def test_page_head_marks_the_changed_characters(base, tmp_path):
    section, date = diff_layouts(base, revise(tmp_path, SCENARIOS["date+section"]))
    assert [round(b[3]) for b in section.lines] == [18] and [round(b[3]) for b in section.old_lines] == [36]
    assert [(round(b[1]), round(b[3])) for b in date.lines] == [(1000, 9), (1045, 9)]     # 31 → 30, 五 → 四


def test_pages_and_template(base):
    """A page added or removed, and a template change, each named once (the doc changed by hand)."""
    from dataclasses import replace
    page9 = replace(base.pages[0], number=9, lines=(), blocks=(), pictures=(), decorations=())
    two = replace(base, pages=(base.pages[0], page9))
    assert [c.text("en") for c in diff_layouts(base, two)] == ["page 9: page 9 added"]
    assert [c.text("zh") for c in diff_layouts(two, base)] == ["第9版：删去第9版"]
    other = replace(base, edition=replace(base.edition, template="tabloid"))
    assert [c.text("en") for c in diff_layouts(base, other)] == ["edition: template broadsheet → tabloid"]


def test_photo_cropped(base):
    """The same picture in the same frame showing another part of it (the stand-ins fill their frames exactly,
    so the crop is changed by hand)."""
    from dataclasses import replace
    p = base.pages[0]
    pics = tuple(pic._replace(crop=(0.0, 0.0, 1500.0, 1690.0)) if pic.ref == "xuanjiang" else pic
                 for pic in p.pictures)
    new = replace(base, pages=(replace(p, pictures=pics),))
    assert [c.text("en") for c in diff_layouts(base, new)] == [
        "page 8 col 1 line 14: photo «首场党史学习教育省委宣讲团…» cropped differently"]
