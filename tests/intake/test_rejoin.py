"""The rejoin rule: paragraphs split by a column break go back together; real paragraph ends stay."""
from __future__ import annotations

import pytest

from layout.intake.rejoin import Part, ends_paragraph, looks_like_heading, rejoin


def joined(*texts: str, new: tuple[int, ...] = ()) -> list[str]:
    parts = [Part(t, new=i in new) for i, t in enumerate(texts)]
    out, _ = rejoin(parts, lambda i, p: f"story main, paragraph {i + 1}")
    return [p.text for p in out]


def test_a_column_break_split_is_rejoined_and_recorded():
    parts = [Part("第一段。"), Part("同时,把开展党史学习教育与做好中心"), Part("工作结合起来,扎实开展活动。")]
    out, changes = rejoin(parts, lambda i, p: f"story main, paragraph {i + 1}")
    assert [p.text for p in out] == ["第一段。", "同时,把开展党史学习教育与做好中心工作结合起来,扎实开展活动。"]
    [c] = changes
    assert (c.rule, c.where) == ("rejoin", "story main, paragraph 2")
    assert c.before == "育与做好中心¶工作结合起来" and c.after == "育与做好中心工作结合起来"


def test_a_split_inside_quotes_is_rejoined():
    assert joined("陈展面积约3000平方米,分为“伟大斗争光辉", "典范——水口山工人运动史陈列”三个部分。") == [
        "陈展面积约3000平方米,分为“伟大斗争光辉典范——水口山工人运动史陈列”三个部分。"]


@pytest.mark.parametrize("first", ["有效解决了问题。", "敬请关注！", "是吗？", "他说：“好。”", "一是；", "（完）",
                                   "等等……", "如下："])
def test_a_paragraph_that_ends_stays(first):
    assert joined(first, "下一段开始了，内容很长。") == [first, "下一段开始了，内容很长。"]


def test_a_heading_without_punctuation_stays():
    assert joined("一、坚持党建引领", "2021年，我市坚持党建引领。") == ["一、坚持党建引领",
                                                                        "2021年，我市坚持党建引领。"]
    assert joined("红色是底色", "全市干部群众砥砺前行。") == ["红色是底色", "全市干部群众砥砺前行。"]


def test_a_part_starting_with_a_comma_always_continues():
    assert joined("红色是底色", "，全市干部群众砥砺前行。") == ["红色是底色，全市干部群众砥砺前行。"]


def test_a_numbered_or_indented_part_starts_a_paragraph():
    assert joined("据统计,全市开展各类活动", "2. 第二项内容。") == ["据统计,全市开展各类活动", "2. 第二项内容。"]
    assert joined("据统计,全市开展各类活动", "全市另有安排。", new=(1,)) == ["据统计,全市开展各类活动",
                                                                             "全市另有安排。"]


def test_a_quote_closing_mid_sentence_does_not_end_the_paragraph():
    assert ends_paragraph("他说：“好。”") and not ends_paragraph("先后推出了“周末不打烊，为爱服务”")
    assert joined("先后推出了“周末不打烊，为爱服务”", "“科长跑”代“群众跑”等举措。") == [
        "先后推出了“周末不打烊，为爱服务”“科长跑”代“群众跑”等举措。"]


def test_latin_words_rejoin_with_a_space():
    assert joined("The page, as it was", "printed on the day.") == ["The page, as it was printed on the day."]


def test_barriers_are_never_joined():
    parts = [Part("据统计,全市开展各类活动"), Part("小标题", "subheading", barrier=True), Part("继续。")]
    out, changes = rejoin(parts, lambda i, p: "x")
    assert [p.text for p in out] == ["据统计,全市开展各类活动", "小标题", "继续。"] and changes == []


def test_heading_test():
    assert looks_like_heading("一、坚持党建引领") and looks_like_heading("大事记")
    assert not looks_like_heading("同时,把开展党史学习教育与做好中心")
