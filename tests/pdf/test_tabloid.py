"""The second edition: 四开 pages, a story that jumps, an automatically placed page (real fonts)."""
from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest

from layout.build import build
from layout.review.check import check

from ..conftest import REPO, real_fonts_available

TABLOID = REPO / "issues" / "2021-year-end-tabloid"
pytestmark = pytest.mark.realfont


@pytest.fixture(scope="module")
def tabloid(tmp_path_factory):
    if not real_fonts_available() or not (TABLOID / "photos").is_dir():
        pytest.skip("fonts or stand-in photos missing: run `make fonts standins`")
    res = build(str(TABLOID), str(tmp_path_factory.mktemp("tabloid")))
    return res, json.loads(Path(res.json).read_text(encoding="utf-8"))


def test_tabloid_pages(tabloid):
    res, data = tabloid
    assert [p["number"] for p in data["pages"]] == [1, 2, 3]
    with pikepdf.open(res.pdf) as pdf:
        for page in pdf.pages:
            w, h = float(page.TrimBox[2]), float(page.TrimBox[3])
            assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (273, 390)
    assert all(p["grid"]["lines"] == 73 and len(p["grid"]["columns"]) == 5 for p in data["pages"])


def test_story_jumps_with_real_page_numbers(tabloid):
    _, data = tabloid
    jumps = [(p["number"], ln["text"]) for p in data["pages"] for ln in p["lines"] if ln["kind"] == "jump"]
    assert jumps == [(1, "（下转第2版）"), (2, "（上接第1版）")]
    main = [ln for p in data["pages"] for ln in p["lines"] if ln["story"] == "main" and ln["kind"] == "body"]
    assert {ln["block"][:2] for ln in main} == {"p1", "p2"}


def test_auto_page_is_placed_and_clean(tabloid):
    _, data = tabloid
    page3 = data["pages"][2]
    kinds = {(b["kind"], b["ref"]) for b in page3["blocks"]}
    assert {("headline", "review"), ("text", "review"), ("photo", "wuchang")} <= kinds
    report = check(data)
    assert report.errors == 0, [str(f) for f in report.findings]
    assert all(f["overset_chars"] == 0 for f in data["fits"])
