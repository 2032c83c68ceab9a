"""Automatic makeup on real copy and fonts: the sample copy on one broadsheet page, and a three-story
page made from the editions' copy. Each must build, pass `layout check`, lose nothing, and keep
every photo within its pixels."""
from __future__ import annotations

import copy
import shutil

import pytest
import yaml

from layout.build import build
from layout.model.model import BlockKind
from layout.output.layout_read import load_layout
from layout.pages.assets import effective_ppi
from layout.pages.placed import LineKind
from layout.review.check import check

from ..conftest import REPO, SAMPLE, real_fonts_available

pytestmark = pytest.mark.realfont


def _edition(tmp_path, name: str, change) -> str:
    if not real_fonts_available() or not (SAMPLE / "photos").is_dir():
        pytest.skip("fonts or stand-in photos missing: run `make fonts standins`")
    folder = tmp_path / name
    folder.mkdir()
    shutil.copytree(SAMPLE / "photos", folder / "photos")
    data = yaml.safe_load((SAMPLE / "edition.yaml").read_text(encoding="utf-8"))
    change(data)
    (folder / "edition.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(folder)


def _all_on_one_page(data: dict) -> None:
    data["pages"] = [{"page": 8, "section": "年终特别报道",
                      "auto": {"stories": list(data["stories"]), "photos": list(data["photos"]),
                               "chronicles": list(data["chronicles"])}}]


def _three_stories(data: dict) -> None:
    main = data["stories"]["main"]
    body = [p for p in main["body"] if isinstance(p, str)]
    data["stories"]["second"] = {"headline": "屋场恳谈会走进千家万户", "byline": "■本报记者 罗盟",
                                 "body": copy.deepcopy(body[2:6])}
    data["stories"]["brief"] = {"headline": "党史学习教育走深走实", "body": copy.deepcopy(body[6:8])}
    data["pages"] = [{"page": 8, "section": "年终特别报道",
                      "auto": {"stories": ["main", "second", "brief"], "photos": ["xuanjiang", "wanhui", "shuikoushan"],
                               "chronicles": ["dashiji"]}}]
    for pid in ("wuchang", "hongxiang"):
        del data["photos"][pid]


@pytest.mark.parametrize("name,change", [("one-page", _all_on_one_page), ("three-stories", _three_stories)])
def test_automatic_page_builds_clean(tmp_path, name, change):
    folder = _edition(tmp_path, name, change)
    res = build(folder, str(tmp_path / "out"))
    doc = load_layout(res.json)
    report = check(doc)
    assert report.errors == 0, [str(f) for f in report.findings if f.severity == "error"]
    page_faults = [str(f) for f in report.findings if 26 <= f.rule <= 35]     # docs/rules.md §10, warnings too
    assert not page_faults, page_faults
    page = doc.pages[0]
    ed = res.edition
    for a in page.blocks:                                     # modules never overlap, all in the type area
        assert page.type_area.contains(a.rect), a.id
        for b in page.blocks:
            if a is not b and BlockKind.TEXT not in (a.kind, b.kind):
                assert not a.rect.overlaps(b.rect), (a.id, b.id)
    out = ed.template.output
    for pic in page.pictures:                                 # within what the pixels allow
        assert effective_ppi(pic.crop, pic.frame) >= out.min_ppi, pic.ref
    assert {p.ref for p in page.pictures} == set(ed.photos)
    assert not any(f.overset_chars or f.overset_lines for f in doc.fits)
    for sid, story in ed.stories.items():                     # nothing lost: the body comes back whole
        got = "".join(ln.text for ln in page.lines if ln.story == sid and ln.kind in (LineKind.BODY,
                                                                                     LineKind.SUBHEADING))
        assert got == "".join(p.text for p in story.paragraphs), sid
    heads = [b for b in page.blocks if b.kind is BlockKind.HEADLINE]
    for i, a in enumerate(heads):                             # no tombstones: heads side by side on one band
        for b in heads[i + 1:]:
            assert not (a.line < b.line + b.lines and b.line < a.line + a.lines), (a.ref, b.ref)
    assert REPO.is_dir()


def test_a_short_last_story_goes_under_the_chronicle(tmp_path):
    """The brief of the three-story page stands in the side column under the chronicle, at the side's
    width, not two lines deep across the main columns (rule 34)."""
    res = build(_edition(tmp_path, "three-stories", _three_stories), str(tmp_path / "out"))
    blocks = {(b.kind, b.ref): b for b in load_layout(res.json).pages[0].blocks}
    chron, brief = blocks[(BlockKind.CHRONICLE, "dashiji")], blocks[(BlockKind.TEXT, "brief")]
    assert (brief.column, brief.span) == (chron.column, chron.span)
    assert brief.line > chron.line
