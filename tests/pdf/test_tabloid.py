"""The second edition: 四开 pages, a story that jumps, an automatically placed page (real fonts)."""
from __future__ import annotations

import pikepdf
import pytest

from layout.build import build
from layout.model.model import BlockKind
from layout.output.layout_read import load_layout
from layout.pages.placed import LineKind
from layout.review.check import check

from ..conftest import REPO, real_fonts_available

TABLOID = REPO / "issues" / "2021-year-end-tabloid"
pytestmark = pytest.mark.realfont


@pytest.fixture(scope="module")
def tabloid(tmp_path_factory):
    if not real_fonts_available() or not (TABLOID / "photos").is_dir():
        pytest.skip("fonts or stand-in photos missing: run `make fonts standins`")
    res = build(str(TABLOID), str(tmp_path_factory.mktemp("tabloid")))
    return res, load_layout(res.json)


def test_tabloid_pages(tabloid):
    res, doc = tabloid
    assert [p.number for p in doc.pages] == [1, 2, 3]
    with pikepdf.open(res.pdf) as pdf:
        for page in pdf.pages:
            w, h = float(page.TrimBox[2]), float(page.TrimBox[3])
            assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (273, 390)
    assert all(p.grid.lines == 73 and len(p.grid.columns) == 5 for p in doc.pages)


def test_story_jumps_with_real_page_numbers(tabloid):
    _, doc = tabloid
    jumps = [(p.number, ln.text) for p, ln in doc.lines() if ln.kind == LineKind.JUMP]
    assert jumps == [(1, "（下转第2版）"), (2, "（上接第1版）")]
    main = [ln for _, ln in doc.lines() if ln.story == "main" and ln.kind == LineKind.BODY]
    assert {ln.block[:2] for ln in main} == {"p1", "p2"}


def test_auto_page_is_placed_and_clean(tabloid):
    _, doc = tabloid
    kinds = {(b.kind, b.ref) for b in doc.page(3).blocks}
    assert {(BlockKind.HEADLINE, "review"), (BlockKind.TEXT, "review"), (BlockKind.PHOTO, "wuchang")} <= kinds
    report = check(doc)
    assert report.errors == 0, [str(f) for f in report.findings]
    assert all(f.overset_chars == 0 for f in doc.fits)
