"""Page geometry read back from layout.json: columns, grid baselines, blocks, overset."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from layout.build import OversetError, build
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


def _build(edition_factory, tmp_path, manifest=MANIFEST, **kw):
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "out"), **kw)
    return res, json.loads(Path(res.json).read_text(encoding="utf-8"))


def test_body_lines_sit_on_the_grid_in_their_columns(edition_factory, tmp_path):
    res, data = _build(edition_factory, tmp_path)
    page = data["pages"][0]
    grid = page["grid"]
    cols = {i: c for i, c in enumerate(grid["columns"])}
    body = [ln for ln in page["lines"] if ln["story"] == "main" and ln["kind"] in ("body", "byline", "subheading")]
    assert body, "no body lines"
    for ln in body:
        k = (ln["y"] - grid["first_baseline"]) / grid["pitch"]
        assert abs(k - round(k)) * grid["pitch"] < 0.05, ln
        assert ln["column"] in (3, 4, 5)
        assert ln["x"] == pytest.approx(cols[ln["column"]][0], abs=0.01)
    # column 4 (index 3) starts at grid line 8 (0-based) with the byline, on its own line
    first = min(body, key=lambda ln: (ln["column"], ln["y"]))
    assert first["kind"] == "byline" and first["grid_line"] == 8 and first["text"].startswith("■本报记者")


def test_square_font_widths_are_exact(edition_factory, tmp_path):
    _, data = _build(edition_factory, tmp_path)
    lines = [ln for ln in data["pages"][0]["lines"] if ln["kind"] == "body"]
    first = lines[0]
    assert first["indent"] == pytest.approx(18.0)          # 2 em at 9 pt
    assert first["text"].startswith("这一年，衡阳成功纳")       # 11 cells: 2-em indent in 13
    for ln in lines:
        if not ln["last"]:
            assert ln["indent"] + ln["set_width"] == pytest.approx(117.0, abs=0.05), ln["text"]


def test_blocks_inside_type_area_and_not_overlapping(edition_factory, tmp_path):
    _, data = _build(edition_factory, tmp_path)
    page = data["pages"][0]
    tx, ty, tw, th = page["type_area"]
    rects = [b["rect"] for b in page["blocks"]]
    for x, y, w, h in rects:
        assert tx - 0.01 <= x and x + w <= tx + tw + 0.01 and ty - 0.01 <= y and y + h <= ty + th + 0.01
        assert (h + 4.5) / 13.5 == pytest.approx(round((h + 4.5) / 13.5), abs=1e-6)   # whole grid lines
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not (a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3])


def test_caption_directly_under_photo_with_credit_whole(edition_factory, tmp_path):
    _, data = _build(edition_factory, tmp_path)
    page = data["pages"][0]
    img = page["images"][0]
    caps = [ln for ln in page["lines"] if ln["story"] == "p1"]
    assert len(caps) == 1 and caps[0]["text"].endswith("■金明达\u3000摄")
    fx, fy, fw, fh = img["frame"]
    assert caps[0]["y"] - 0.88 * 9 == pytest.approx(fy + fh + 4.5, abs=0.01)   # next grid line under the photo
    block = next(b for b in page["blocks"] if b["kind"] == "photo")
    assert fy + fh + 13.5 == pytest.approx(block["rect"][1] + block["rect"][3], abs=0.01)


def test_subheading_and_balanced_columns(edition_factory, tmp_path):
    _, data = _build(edition_factory, tmp_path)
    lines = [ln for ln in data["pages"][0]["lines"] if ln["story"] == "main" and ln["kind"] != "headline"]
    per_col = {}
    for ln in lines:
        per_col[ln["column"]] = per_col.get(ln["column"], 0) + 1
    counts = [per_col[c] for c in sorted(per_col)]
    assert max(counts) - min(counts) <= 1 and counts == sorted(counts, reverse=True)
    sub = next(ln for ln in lines if ln["kind"] == "subheading")
    after = [ln for ln in lines if ln["column"] == sub["column"] and ln["y"] > sub["y"]]
    assert len(after) >= 2                                   # 背题: never alone at a column foot


def test_overset_is_reported_and_nothing_written(edition_factory, tmp_path):
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["pages"][0]["blocks"][2]["lines"] = 5
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    out = tmp_path / "out"
    with pytest.raises(OversetError) as exc:
        build(str(folder), str(out))
    fit = exc.value.fits[0]
    assert fit.ref == "main" and fit.part == "text"
    total = len(PARA) * 3 + len("党史学习教育") + len("■本报记者 胡建军")
    assert 0 < fit.overset_chars < total and fit.overset_lines > 0
    assert not out.exists()
    res = build(str(folder), str(out), allow_overset=True)
    data = json.loads(Path(res.json).read_text(encoding="utf-8"))
    placed = sum(ln["chars"][1] - ln["chars"][0] for ln in data["pages"][0]["lines"]
                 if ln["story"] == "main" and ln["kind"] == "body")
    assert placed + fit.overset_chars == len(PARA) * 3     # every character is either placed or counted


def test_character_missing_from_every_font_names_it(edition_factory, tmp_path):
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["stories"]["main"]["body"][2] = PARA + "𪚥"
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    with pytest.raises(CoverageError) as exc:
        build(str(folder), str(tmp_path / "out"))
    msg = str(exc.value)
    assert "'𪚥' (U+2A6A5)" in msg and "story 'main', paragraph 3" in msg and "LayoutSquare" in msg
