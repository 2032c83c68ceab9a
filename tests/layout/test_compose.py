"""Page geometry read back from layout.json: columns, grid baselines, blocks, overset."""
from __future__ import annotations

import json

import pytest

from layout.build import OversetError, build
from layout.model.model import BlockKind
from layout.output.layout_json import LayoutDoc
from layout.output.layout_read import load_layout
from layout.pages.placed import FitPart, LineKind
from layout.pages.typeset import CoverageError

PARA = "这一年，衡阳成功纳入试点城市行列，成功入选国家特色基地。" * 3

MANIFEST = {
    "edition": {"paper": "衡阳日报", "date": "2021-12-31", "title": "年终特别报道", "template": "square.yaml"},
    "stories": {"main": {"headline": "赓续精神血脉", "byline": "■本报记者 胡建军",
                         "body": [PARA, {"subheading": "党史学习教育"}, PARA, PARA]}},
    "photos": {"p1": {"image": "photos/p1.jpg", "caption": "屋场恳谈会现场。", "credit": "■金明达 摄"}},
    "pages": [{"page": 3, "blocks": [
        {"headline": "main", "column": 1, "line": 1, "span": 8, "lines": 8},
        {"photo": "p1", "column": 1, "line": 9, "span": 3, "lines": 20},
        {"text": "main", "column": 4, "line": 9, "span": 3, "lines": 20},
    ]}],
}


def _build(edition_factory, tmp_path, manifest=MANIFEST, **kw) -> tuple:
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "out"), **kw)
    return res, load_layout(res.json)


def test_body_lines_sit_on_the_grid_in_their_columns(edition_factory, tmp_path):
    res, doc = _build(edition_factory, tmp_path)
    page = doc.pages[0]
    grid = page.grid
    cols = dict(enumerate(grid.columns))
    body = [ln for ln in page.lines if ln.story == "main"
            and ln.kind in (LineKind.BODY, LineKind.BYLINE, LineKind.SUBHEADING)]
    assert body, "no body lines"
    for ln in body:
        k = (ln.y - grid.first_baseline) / grid.pitch
        assert abs(k - round(k)) * grid.pitch < 0.05, ln
        assert ln.column in (3, 4, 5)
        assert ln.x == pytest.approx(cols[ln.column][0], abs=0.01)
    # column 4 (index 3) starts at grid line 8 (0-based) with the byline, on its own line
    first = min(body, key=lambda ln: (ln.column, ln.y))
    assert first.kind == LineKind.BYLINE and first.grid_line == 8 and first.text.startswith("■本报记者")


def test_square_font_widths_are_exact(edition_factory, tmp_path):
    _, doc = _build(edition_factory, tmp_path)
    lines = [ln for ln in doc.pages[0].lines if ln.kind == LineKind.BODY]
    first = lines[0]
    assert first.indent == pytest.approx(18.0)          # 2 em at 9 pt
    assert first.text.startswith("这一年，衡阳成功纳")       # 11 cells: 2-em indent in 13
    for ln in lines:
        if not ln.last:
            assert ln.indent + ln.set_width == pytest.approx(117.0, abs=0.05), ln.text


def test_blocks_inside_type_area_and_not_overlapping(edition_factory, tmp_path):
    _, doc = _build(edition_factory, tmp_path)
    page = doc.pages[0]
    rects = [b.rect for b in page.blocks]
    for r in rects:
        assert page.type_area.contains(r, tol=0.01)
        assert (r.h + 4.5) / 13.5 == pytest.approx(round((r.h + 4.5) / 13.5), abs=1e-6)   # whole grid lines
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.overlaps(b, tol=0.0)


def test_caption_directly_under_photo_with_credit_whole(edition_factory, tmp_path):
    _, doc = _build(edition_factory, tmp_path)
    page = doc.pages[0]
    frame = page.pictures[0].frame
    caps = [ln for ln in page.lines if ln.story == "p1"]
    assert len(caps) == 1 and caps[0].kind == LineKind.CAPTION and caps[0].text.endswith("■金明达\u3000摄")
    assert caps[0].y - 0.88 * 9 == pytest.approx(frame.bottom + 4.5, abs=0.01)   # next grid line under the photo
    block = next(b for b in page.blocks if b.kind == BlockKind.PHOTO)
    assert frame.bottom + 13.5 == pytest.approx(block.rect.bottom, abs=0.01)


def test_subheading_and_balanced_columns(edition_factory, tmp_path):
    _, doc = _build(edition_factory, tmp_path)
    lines = [ln for ln in doc.pages[0].lines if ln.story == "main" and ln.kind != LineKind.HEADLINE]
    per_col: dict[int, int] = {}
    for ln in lines:
        per_col[ln.column] = per_col.get(ln.column, 0) + 1
    counts = [per_col[c] for c in sorted(per_col)]
    assert max(counts) - min(counts) <= 1 and counts == sorted(counts, reverse=True)
    sub = next(ln for ln in lines if ln.kind == LineKind.SUBHEADING)
    after = [ln for ln in lines if ln.column == sub.column and ln.y > sub.y]
    assert len(after) >= 2                                   # 背题: never alone at a column foot


def test_overset_is_reported_and_nothing_written(edition_factory, tmp_path):
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["pages"][0]["blocks"][2]["lines"] = 5
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    out = tmp_path / "out"
    with pytest.raises(OversetError) as exc:
        build(str(folder), str(out))
    fit = exc.value.fits[0]
    assert fit.ref == "main" and fit.part == FitPart.TEXT
    total = len(PARA) * 3 + len("党史学习教育") + len("■本报记者 胡建军")
    assert 0 < fit.overset_chars < total and fit.overset_lines > 0
    assert not out.exists()
    res = build(str(folder), str(out), allow_overset=True)
    doc: LayoutDoc = load_layout(res.json)
    placed = sum(ln.char_end - ln.char_start for ln in doc.pages[0].lines
                 if ln.story == "main" and ln.kind == LineKind.BODY)
    assert placed + fit.overset_chars == len(PARA) * 3     # every character is either placed or counted
    assert fit in doc.fits                                 # the report the build raised is the one it wrote


def test_character_missing_from_every_font_names_it(edition_factory, tmp_path):
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["stories"]["main"]["body"][2] = PARA + "𪚥"
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    with pytest.raises(CoverageError) as exc:
        build(str(folder), str(tmp_path / "out"))
    msg = str(exc.value)
    assert "'𪚥' (U+2A6A5)" in msg and "story 'main', paragraph 3" in msg and "LayoutSquare" in msg


@pytest.mark.parametrize("title, one_line", [("衡阳成功入选国家特色基地", True),
                                             ("这一年衡阳成功纳入试点城市行列成功入选国家特色基地大事记", False)])
def test_a_chronicle_title_too_wide_for_its_bar_is_set_smaller_never_cut(edition_factory, tmp_path, title, one_line):
    """A one-column panel: the title bar took only the first of the title's lines (「…大」 without 「事记」). Now a
    smaller Chinese size (down to the body's) that holds it on one line, else every line in a taller bar."""
    m = json.loads(json.dumps(MANIFEST))
    m["chronicles"] = {"c": {"title": title, "items": [{"date": "4月1日", "text": PARA}]}}
    m["pages"][0]["blocks"].append({"chronicle": "c", "column": 7, "line": 9, "span": 1, "lines": 60})
    res, doc = _build(edition_factory, tmp_path, m)
    lines = [ln for ln in res.composed.pages[0].lines if ln.kind is LineKind.TITLE]
    assert "".join(ln.text for ln in lines) == title                    # nothing cut
    style = res.edition.template.style("chronicle_title").size
    assert (len(lines) == 1) == one_line and all(ln.size <= style for ln in lines)
    assert one_line or all(ln.size == res.edition.template.grid.body_size for ln in lines)
    items = [ln for ln in res.composed.pages[0].lines if ln.kind is LineKind.ITEM]
    assert items and min(ln.y for ln in items) > max(ln.y for ln in lines)   # under the bar
