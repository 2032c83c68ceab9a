"""Export writes an edition's text in the delivered shape; importing it again changes nothing."""
from __future__ import annotations

from layout.intake import export_copy, import_copy
from layout.model import yamlio

from ..conftest import SAMPLE


def test_import_export_import_is_idempotent():
    first = import_copy((SAMPLE / "copy.txt").read_text(encoding="utf-8"))
    text = export_copy(first.manifest)
    second = import_copy(text)
    assert second.manifest == first.manifest
    assert second.changes == ()
    assert export_copy(second.manifest) == text


def test_export_has_the_copy_shape():
    first = import_copy((SAMPLE / "copy.txt").read_text(encoding="utf-8"))
    blocks = export_copy(first.manifest).split("\n\n")
    assert blocks[0].startswith("编者按：时至岁末")
    assert blocks[1:3] == ["## 赓续精神血脉，汲取奋进力量", "■本报记者 胡建军"]
    i = blocks.index("首场党史学习教育省委宣讲团宣讲报告会现场。")
    assert blocks[i + 1] == "■罗盟 摄"
    j = blocks.index("### 大事记：")
    assert blocks[j + 2].startswith("2. 5月7日报道，近日") and blocks[-1].startswith("10. 12月14日上午，")


def test_the_hand_made_sample_round_trips():
    _, sample, _ = yamlio.load(SAMPLE / "edition.yaml")
    result = import_copy(export_copy(sample))
    assert result.changes == ()
    assert result.manifest["stories"]["main"] == sample["stories"]["main"]    # kicker included
    texts = [(p["caption"], p["credit"]) for p in result.manifest["photos"].values()]
    assert texts == [(p["caption"], p["credit"]) for p in sample["photos"].values()]
    assert result.manifest["chronicles"]["c1"]["items"] == sample["chronicles"]["dashiji"]["items"]


def test_subheadings_and_circled_numbers_round_trip():
    manifest = {"stories": {"s": {"headline": "标题", "body": ["第一段。", {"subheading": "小标题"}, "第二段。"]}},
                "chronicles": {"c": {"title": "回眸", "numbering": "①",
                                     "items": [{"date": "1月2日", "text": "，开幕。"}, {"text": "闭幕。"}]}}}
    text = export_copy(manifest)
    assert "## 小标题" in text and "① 1月2日，开幕。" in text and "② 闭幕。" in text
    m = import_copy(text).manifest
    assert m["stories"]["main"]["body"] == manifest["stories"]["s"]["body"]
    assert m["chronicles"]["c1"] == {"title": "回眸", "numbering": "①", "items": manifest["chronicles"]["c"]["items"]}
