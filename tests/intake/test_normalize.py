"""Each text rule of docs/rules.md §3.2–§3.4: what it changes, what it leaves alone, what it records."""
from __future__ import annotations

import pytest

from layout.intake import Change, format_changes, normalize
from layout.intake.normalize import RULES, TEXT_RULES


def only(rule: str, text: str, kind: str = "text") -> tuple[str, list[Change]]:
    return normalize(text, "story main, paragraph 1", rules={rule}, kind=kind)


def test_rule_names_are_the_documented_ones():
    assert set(RULES) == {"halfwidth", "fullwidth", "quotes", "ellipsis", "dash", "spaces", "period", "rejoin"}
    assert "rejoin" not in TEXT_RULES


def test_unknown_rule_is_an_error_with_a_suggestion():
    with pytest.raises(ValueError, match="did you mean 'fullwidth'"):
        normalize("中文", "x", rules={"fulwidth"})


@pytest.mark.parametrize("src, out", [
    ("２０２１年，全市ＧＤＰ达到４０８９．７亿元，增长８．５％。", "2021年，全市GDP达到4089.7亿元，增长8.5%。"),
    ("８：３０开会", "8:30开会"), ("第１，２项", "第1，2项"),          # a comma between digits is the text's
    ("％的人", "％的人"), ("ｉＰｈｏｎｅ手机", "iPhone手机"),
])
def test_halfwidth_sets_digits_and_latin_letters_half_width(src, out):
    assert only("halfwidth", src)[0] == out


@pytest.mark.parametrize("src, out", [
    ("赓续精神血脉,汲取奋进力量", "赓续精神血脉，汲取奋进力量"),
    ("报道:日前", "报道：日前"),
    ("是吗?是的!", "是吗？是的！"),
    ("一是;二是", "一是；二是"),
    ("奋斗!!", "奋斗！！"),
    ("安排,4月1日", "安排，4月1日"),           # a digit on one side, Chinese on the other
    ("2021 年,在", "2021 年，在"),             # the neighbour is found across a space
    ("中国(China)", "中国（China）"),          # a Chinese neighbour
    ("(注)见上", "（注）见上"),                 # Chinese inside
    ("（注)见上", "（注）见上"),                # a mixed pair
    ("优良率85.5%,PM2.5浓度", "优良率85.5%，PM2.5浓度"),   # Latin and signs between, no space: Chinese text
    ("选择A,B两个方案", "选择A，B两个方案"),
])
def test_fullwidth_changes(src, out):
    assert only("fullwidth", src)[0] == out


@pytest.mark.parametrize("src", [
    "共1,000人", "8:30开会", "The page, as printed.", "访问http://www.example.com/a?b=1,2查看",
    "see (page 3) here", "Hello, world!", "Hello,world", "写信至a@b.com,c@d.com", "比分3:1"
])
def test_fullwidth_leaves_alone(src):
    assert only("fullwidth", src) == (src, [])


def test_fullwidth_records_rule_before_after_and_where():
    text, changes = only("fullwidth", "赓续精神血脉,汲取奋进力量")
    assert changes == [Change("fullwidth", "赓续精神血脉,汲取奋进力量", "赓续精神血脉，汲取奋进力量",
                              "story main, paragraph 1", "赓续精神血脉,汲取奋进力量")]
    assert format_changes(changes) == ("fullwidth  story main, paragraph 1: "
                                       "«赓续精神血脉,汲取奋进力量» → «赓续精神血脉，汲取奋进力量»")


def test_changes_show_only_the_text_around_them():
    text = "这一年衡阳成功纳入试点城市行列,成功入选国家智能社会治理城市管理特色基地。"
    _, [c] = only("fullwidth", text)
    assert (c.before, c.after) == ("试点城市行列,成功入选国家", "试点城市行列，成功入选国家")
    assert c.before in c.context and len(c.context) > len(c.before)


@pytest.mark.parametrize("src, out", [
    ('他说"好"。', "他说“好”。"),
    ("“百千万'艺术童伴'”", "“百千万‘艺术童伴’”"),
    ('"科创中国”试点', "“科创中国”试点"),       # one straight, one curly
    ('纳入"科创中国"试点', "纳入“科创中国”试点"),
    ('他说"OK"了', "他说“OK”了"),               # Latin inside, Chinese outside
    ('"开头', "“开头"),                          # unpaired: direction by position
])
def test_quotes_changes(src, out):
    assert only("quotes", src)[0] == out


@pytest.mark.parametrize("src", ['He said "yes" twice.', "don't", "it's the page"])
def test_quotes_leave_latin_alone(src):
    assert only("quotes", src) == (src, [])


def test_a_quote_pair_is_one_change():
    _, changes = only("quotes", '纳入"科创中国"试点')
    assert [(c.before, c.after) for c in changes] == [('纳入"科创中国"试点', "纳入“科创中国”试点")]


@pytest.mark.parametrize("src, out", [("等等...", "等等……"), ("等等…", "等等……"), ("等等......", "等等……"),
                                      ("等等。。。", "等等……")])
def test_ellipsis_changes(src, out):
    assert only("ellipsis", src)[0] == out


@pytest.mark.parametrize("src", ["等等……", "Wait...", "Wait… then"])
def test_ellipsis_leaves_alone(src):
    assert only("ellipsis", src) == (src, [])


@pytest.mark.parametrize("src, out", [("光辉--典范", "光辉——典范"), ("光辉—典范", "光辉——典范"),
                                      ("光辉 -- 典范", "光辉 —— 典范")])
def test_dash_changes(src, out):
    assert only("dash", src)[0] == out


@pytest.mark.parametrize("src", ["2020—2021年", "2020--2021年", "a -- b", "光辉——典范", "page—as", "3-5天"])
def test_dash_leaves_ranges_latin_and_proper_dashes_alone(src):
    assert only("dash", src) == (src, [])


@pytest.mark.parametrize("src, out", [
    ("2021 年", "2021年"), ("突破 3500 亿元", "突破3500亿元"), ("中文 中文", "中文中文"),
    ("中文 ，中文", "中文，中文"), ("用 GDP 衡量", "用GDP衡量"), ("iPhone 13 发布", "iPhone 13发布"),
])
def test_spaces_changes(src, out):
    assert only("spaces", src)[0] == out


@pytest.mark.parametrize("src", ["The page, as printed.", "中文\u3000中文", "中文 ", " 中文", "100 %"])
def test_spaces_leave_latin_words_and_ideographic_space_alone(src):
    assert only("spaces", src) == (src, [])


def test_spaces_in_a_number_and_its_unit_are_one_change():
    _, changes = only("spaces", "回顾本市在 2021 年发生的新闻事件")
    assert [(c.before, c.after) for c in changes] == [("回顾本市在 2021 年发生的新闻", "回顾本市在2021年发生的新闻")]


@pytest.mark.parametrize("src, out", [
    ("本报讯 记者从市统计局获悉", "本报讯\u3000记者从市统计局获悉"),
    ("新华社北京12月1日电 记者从", "新华社北京12月1日电\u3000记者从"),
    ("本报衡阳12月1日讯 （记者 李明 王芳） 昨日", "本报衡阳12月1日讯\u3000（记者\u3000李明\u3000王芳）昨日"),
    ("发电 机组 运行", "发电机组运行"),                  # not a dateline
])
def test_spaces_of_a_dateline_and_reporters_names_are_meant(src, out):
    assert only("spaces", src)[0] == out


def test_a_headline_keeps_the_space_between_its_parts_as_one_em():
    text, changes = normalize("稳中向好 全年生产总值突破 4000 亿元", "story main, headline", kind="head")
    assert text == "稳中向好\u3000全年生产总值突破4000亿元"
    assert [c.rule for c in changes] == ["spaces", "spaces"]
    assert normalize("中文 ，中文", "h", kind="head")[0] == "中文，中文"      # next to a mark: removed as in text


def test_bylines_and_credits_keep_their_space():
    for name in ("■罗盟 摄", "■本报记者 胡建军"):
        assert normalize(name, "photo p1 credit", kind="name") == (name, [])
    assert normalize("■罗盟 摄", "x", kind="text")[0] == "■罗盟摄"     # the kind is what protects it


@pytest.mark.parametrize("src, out", [("中文.", "中文。"), ("增长3.5%.", "增长3.5%。"), ("他说“好”.", "他说“好”。"),
                                      ("中文. 下一句", "中文。 下一句")])
def test_period_changes(src, out):
    assert only("period", src)[0] == out


@pytest.mark.parametrize("src", ["增长3.5%。", "1.13万余件", "The page, as printed.", "访问www.example.com.",
                                 "见http://example.com/a.html.", "他说The page, as printed.", "1. 根据", "3.5"])
def test_period_leaves_numbers_urls_and_latin_alone(src):
    assert only("period", src) == (src, [])


def test_all_rules_together_on_a_delivered_line():
    src = '编辑"部"说:2021 年的 GDP 增长 3.5%,好...'
    text, changes = normalize(src, "x")
    assert text == "编辑“部”说：2021年的GDP增长3.5%，好……"
    assert {c.rule for c in changes} == {"quotes", "fullwidth", "spaces", "ellipsis"}


def test_rules_are_switchable():
    src = "赓续精神血脉,汲取 2021 年..."
    assert normalize(src, "x", rules={"spaces"})[0] == "赓续精神血脉,汲取2021年..."
    assert normalize(src, "x", rules=set())[0] == src


def test_clean_text_records_nothing():
    clean = "同时，把开展党史学习教育与做好中心工作结合起来，先后推出了“周末不打烊，为爱服务”等举措，惠及1.3万余人。"
    assert normalize(clean, "x") == (clean, [])
