"""Newspaper pages with the square font: wraps, boxes, headlines, jumps, copyfit, auto placement."""
from __future__ import annotations

import copy

import pytest

from layout.build import OversetError, build
from layout.model.model import BlockKind
from layout.output.layout_read import load_layout
from layout.pages.placed import DecorKind, FitPart, LineKind
from layout.review.check import check

from .test_compose import MANIFEST, PARA


def _build(edition_factory, tmp_path, manifest, **kw) -> tuple:
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (3200, 2400), "photos/p2.jpg": (2400, 3200)})
    res = build(str(folder), str(tmp_path / "out"), **kw)
    return res, load_layout(res.json)


def _m(**changes) -> dict:
    m = copy.deepcopy(MANIFEST)
    m.update(changes)
    return m


def test_text_wraps_round_a_photo_inside_its_columns(edition_factory, tmp_path):
    m = _m()
    m["stories"]["main"]["body"] = [PARA] * 11
    m["pages"][0]["blocks"] = [
        {"headline": "main", "column": 1, "line": 1, "span": 8, "lines": 8},
        {"text": "main", "column": 1, "line": 9, "span": 3, "lines": 40},
        {"photo": "p1", "column": 2, "line": 15, "span": 2, "lines": 12},
    ]
    _, doc = _build(edition_factory, tmp_path, m)
    page = doc.pages[0]
    photo = next(b for b in page.blocks if b.kind == BlockKind.PHOTO).rect
    body = [ln for ln in page.lines if ln.story == "main" and ln.kind in (LineKind.BODY, LineKind.BYLINE)]
    assert {ln.column for ln in body} == {0, 1, 2}
    for ln in body:
        if ln.column in (1, 2):
            top = ln.y - 0.88 * 9
            assert not (photo.y - 13.5 < top + 9 and top < photo.bottom + 13.5), ln.text   # a line of air round it
    below = [ln for ln in body if ln.column == 1 and ln.y > photo.bottom]
    above = [ln for ln in body if ln.column == 1 and ln.y < photo.y]
    assert above and below                                      # column 2 continues under the photo
    assert check(doc).errors == 0, [str(f) for f in check(doc).findings]


def test_boxed_and_tinted_text_block(edition_factory, tmp_path):
    m = _m()
    m["pages"][0]["blocks"][2].update({"box": True, "tint": "tint"})
    _, doc = _build(edition_factory, tmp_path, m)
    page = doc.pages[0]
    block = next(b for b in page.blocks if b.kind == BlockKind.TEXT)
    r = block.rect
    body = [ln for ln in page.lines if ln.story == "main" and ln.kind == LineKind.BODY]
    assert min(ln.x for ln in body) == pytest.approx(r.x + 9, abs=0.01)          # 1 字 inside the rule
    assert min(ln.y for ln in body) - 0.88 * 9 >= r.y + 13.5 - 0.01               # a line of air on top
    mine = {d.kind: d for d in page.decorations if d.block == block.id}
    tint, box = mine[DecorKind.TINT], mine[DecorKind.BOX]
    assert tint.rect == r and tint.color == "tint"                 # the 底纹 under the block
    assert box.rect == r and box.width > 0                         # and the rule round it


def test_two_line_headline_breaks_at_the_comma_upper_line_not_shorter(edition_factory, tmp_path):
    m = _m()
    m["stories"]["main"]["headline"] = "赓续精神血脉，汲取奋进力量"
    m["stories"]["main"]["headline_lines"] = 2
    m["pages"][0]["blocks"][0].update({"span": 3, "lines": 8})
    _, doc = _build(edition_factory, tmp_path, m)
    heads = [ln for ln in doc.pages[0].lines if ln.kind == LineKind.HEADLINE]
    assert [ln.text for ln in heads] == ["赓续精神血脉，", "汲取奋进力量"]
    assert heads[0].set_width >= heads[1].set_width
    r = doc.pages[0].blocks[0].rect
    assert all(r.x <= ln.x + ln.indent and ln.x + ln.indent + ln.set_width <= r.right for ln in heads)


def _two_pages(paragraphs: int) -> dict:
    m = _m()
    m["stories"]["main"]["body"] = [PARA] * paragraphs
    m["pages"] = [
        {"page": 1, "blocks": [{"headline": "main", "column": 1, "line": 1, "span": 8, "lines": 8},
                               {"text": "main", "column": 1, "line": 9, "span": 2, "lines": 10},
                               {"photo": "p1", "column": 3, "line": 9, "span": 3, "lines": 20}]},
        {"page": 3, "blocks": [{"text": "main", "column": 1, "line": 1, "span": 2, "lines": 40}]},
    ]
    return m


def test_jump_lines_carry_the_real_page_numbers(edition_factory, tmp_path):
    _, doc = _build(edition_factory, tmp_path, _two_pages(8))
    p1, p3 = doc.pages
    down = [ln for ln in p1.lines if ln.kind == LineKind.JUMP]
    up = [ln for ln in p3.lines if ln.kind == LineKind.JUMP]
    assert [ln.text for ln in down] == ["（下转第3版）"] and [ln.text for ln in up] == ["（上接第1版）"]
    body1 = [ln for ln in p1.lines if ln.kind in (LineKind.BODY, LineKind.BYLINE)]
    assert down[0].column == 1 and down[0].y > max(ln.y for ln in body1 if ln.column == 1)
    assert down[0].indent + down[0].set_width == pytest.approx(down[0].width, abs=0.05)   # flush right
    body3 = [ln for ln in p3.lines if ln.kind == LineKind.BODY and ln.column == up[0].column]
    assert up[0].y < min(ln.y for ln in body3)
    assert check(doc).errors == 0, [str(f) for f in check(doc).findings]


def test_no_jump_line_when_the_story_ends_on_its_first_page(edition_factory, tmp_path):
    _, doc = _build(edition_factory, tmp_path, _two_pages(1))
    assert not [ln for _, ln in doc.lines() if ln.kind == LineKind.JUMP]
    fit = next(f for f in doc.fits if f.ref == "main" and f.part == FitPart.TEXT)
    assert fit.underset_lines > 30 and "add about" in fit.hint


def test_overset_hint_names_a_photo_and_the_proof_marks_it(edition_factory, tmp_path):
    m = _two_pages(8)
    m["pages"] = m["pages"][:1]
    m["pages"][0]["blocks"][1]["span"] = 4
    m["pages"][0]["blocks"][2]["column"] = 5
    m["pages"][0]["blocks"][1]["lines"] = 10
    m["pages"][0]["blocks"].append({"photo": "p2", "column": 1, "line": 19, "span": 4, "lines": 30})
    m["photos"]["p2"] = {"image": "photos/p2.jpg", "caption": "屋场恳谈会现场。"}
    folder = edition_factory(m, photos={"photos/p1.jpg": (1600, 1200), "photos/p2.jpg": (1200, 1600)})
    with pytest.raises(OversetError) as exc:
        build(str(folder), str(tmp_path / "out"))
    fit = exc.value.fits[0]
    assert fit.hint.startswith(f"cut {fit.overset_chars} characters, or shrink photo 'p2' by ")
    res = build(str(folder), str(tmp_path / "out"), allow_overset=True)
    doc = load_layout(res.json)
    mark = [ln for ln in doc.pages[0].lines if ln.kind == LineKind.OVERSET]
    assert mark and f"超出{fit.overset_chars}字" in mark[0].text


AUTO = {
    "edition": {"paper": "衡阳日报", "date": "2021-12-31", "title": "年终特别报道", "template": "square.yaml"},
    "stories": {"main": {"kicker": "特别报道", "headline": "赓续精神血脉，汲取奋进力量", "byline": "■本报记者 胡建军",
                         "note": PARA, "body": [PARA] * 6}},
    "photos": {"p1": {"image": "photos/p1.jpg", "caption": "屋场恳谈会现场。", "credit": "■金明达 摄"},
               "p2": {"image": "photos/p2.jpg", "caption": "党史学习教育。", "credit": "■罗盟 摄"},
               "p3": {"image": "photos/p1.jpg", "caption": "衡阳市。"}},
    "chronicles": {"c": {"title": "大事记", "items": [{"date": "4月1日", "text": PARA}] * 6}},
    "pages": [{"page": 2, "auto": {"stories": ["main"], "photos": ["p1", "p2", "p3"], "chronicles": ["c"]}}],
}


def test_automatic_placement_needs_no_coordinates(edition_factory, tmp_path):
    _, doc = _build(edition_factory, tmp_path, AUTO)
    page = doc.pages[0]
    kinds = sorted((b.kind, b.ref) for b in page.blocks)
    K = BlockKind
    assert kinds == sorted([(K.HEADLINE, "main"), (K.NOTE, "main"), (K.TEXT, "main"), (K.CHRONICLE, "c"),
                            (K.PHOTO, "p1"), (K.PHOTO, "p2"), (K.PHOTO, "p3")])
    blocks = {(b.kind, b.ref): b for b in page.blocks}
    head, text, chron = blocks[(K.HEADLINE, "main")], blocks[(K.TEXT, "main")], blocks[(K.CHRONICLE, "c")]
    assert head.column == text.column and head.span == text.span      # headline over its columns
    assert head.line == 0 and text.line > head.line
    assert chron.column + chron.span == 8                             # chronicle at the side
    lead = blocks[(K.PHOTO, "p1")]
    assert lead.line == text.line and text.column <= lead.column      # lead photo at the top
    for a in page.blocks:
        for b in page.blocks:
            if a is not b and (a.kind == K.TEXT) == (b.kind == K.TEXT):
                assert not a.rect.overlaps(b.rect), (a.id, b.id)
    assert all(f.overset_chars == 0 for f in doc.fits)
    assert check(doc).errors == 0, [str(f) for f in check(doc).findings]
