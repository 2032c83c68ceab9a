"""Rewriting single scalars in a YAML file: every style, comments kept, a fallback when plain breaks."""
from __future__ import annotations

import pytest

from layout.model import yamlio

pytestmark = pytest.mark.usefixtures("yaml_loader")   # every case under libyaml and the pure loader

SOURCE = """\
# a comment that must stay
stories:
  main:
    headline: 赓续精神血脉,汲取奋进力量   # trailing comment
    note: "时至岁末,本报"
    byline: '■本报记者 胡建军'
    body:
      - |
        2021 年,在中国共产党
      - >-
        回望历史来路,
        汲取历史智慧
      - {subheading: 小标题,}
photos:
  p1: {image: a.jpg, caption: "屋场 现场。", credit: ■罗盟 摄}
"""


def test_each_style_is_rewritten_in_place():
    edits = {("stories", "main", "headline"): "赓续精神血脉，汲取奋进力量",
             ("stories", "main", "note"): "时至岁末，本报",
             ("stories", "main", "byline"): "■本报记者 胡建军'",
             ("stories", "main", "body", 0): "2021年，在中国共产党\n",
             ("stories", "main", "body", 1): "回望历史来路，汲取历史智慧",
             ("photos", "p1", "caption"): "屋场现场。"}
    out = yamlio.replace_scalars(SOURCE, edits)
    assert out == SOURCE.replace("赓续精神血脉,汲取", "赓续精神血脉，汲取") \
        .replace('"时至岁末,本报"', '"时至岁末，本报"') \
        .replace("'■本报记者 胡建军'", "'■本报记者 胡建军'''") \
        .replace("        2021 年,在中国共产党", "        2021年，在中国共产党") \
        .replace("        回望历史来路,\n        汲取历史智慧", "        回望历史来路，汲取历史智慧") \
        .replace('"屋场 现场。"', '"屋场现场。"')
    data, _ = yamlio.parse(out)
    assert data["stories"]["main"]["body"][1] == "回望历史来路，汲取历史智慧"


def test_a_plain_scalar_that_would_break_is_double_quoted():
    out = yamlio.replace_scalars(SOURCE, {("stories", "main", "headline"): "主题: 副题 #1"})
    assert 'headline: "主题: 副题 #1"   # trailing comment' in out
    assert yamlio.parse(out)[0]["stories"]["main"]["headline"] == "主题: 副题 #1"


def test_a_flow_scalar_that_would_break_is_double_quoted():
    out = yamlio.replace_scalars(SOURCE, {("photos", "p1", "credit"): "■罗盟, 摄"})
    assert 'credit: "■罗盟, 摄"}' in out


def test_not_a_string_is_an_error():
    with pytest.raises(ValueError):
        yamlio.replace_scalars(SOURCE, {("stories", "main", "body"): "x"})


def test_scalar_line_points_at_the_text():
    _, node = yamlio.parse(SOURCE)
    assert yamlio.scalar_line(node, ("stories", "main", "headline")) == 4
    assert yamlio.scalar_line(node, ("stories", "main", "body", 0)) == 9       # the line after |
    assert yamlio.scalar_line(node, ("photos", "p1", "caption")) == 15


def test_dump_keeps_order_and_long_lines():
    text = yamlio.dump({"b": "长" * 200, "a": "2021-12-31"})
    assert text.splitlines()[0] == "b: " + "长" * 200 and yamlio.parse(text)[0] == {"b": "长" * 200, "a": "2021-12-31"}


def test_windows_line_endings_are_kept():
    source = SOURCE.replace("\n", "\r\n")
    out = yamlio.replace_scalars(source, {("stories", "main", "body", 1): "回望历史来路，\n汲取历史智慧",
                                          ("stories", "main", "headline"): "赓续"})
    assert "\n" not in out.replace("\r\n", "")
    assert yamlio.parse(out)[0]["stories"]["main"]["body"][1] == "回望历史来路，\n汲取历史智慧"
