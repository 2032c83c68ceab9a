"""Automatic placement searches candidate pages: each composed for its fits only (no flowed lines,
nothing painted, paragraphs shared), scored by the documented terms, never worse than the baseline."""
from __future__ import annotations

import copy
from pathlib import Path

from layout.model.manifest import load_edition
from layout.pages import compose as C
from layout.pages.makeup import FINALISTS, WEIGHTS
from layout.text.sources import load_fonts

from .test_pages import AUTO, PARA

PHOTOS = {"photos/p1.jpg": (3200, 2400), "photos/p2.jpg": (2400, 3200)}
MIXED = [PARA[:23], {"subheading": "工作开展"}, PARA[:41]]


def _two_stories() -> dict:
    m = copy.deepcopy(AUTO)
    m["stories"]["main"]["body"] = [PARA[:30], {"subheading": "工作开展"}, PARA[:50]] * 4
    m["stories"]["second"] = {"headline": "汲取奋进力量", "body": MIXED * 3}
    m["pages"][0]["auto"]["stories"] = ["main", "second"]
    return m


def test_search_is_never_worse_than_the_baseline(edition_factory):
    for name, m in (("one", AUTO), ("two", _two_stories())):
        ed = load_edition(str(edition_factory(m, photos=PHOTOS, name=name)))
        fonts = load_fonts(ed)
        page = ed.pages[0]
        baseline = C.page_variants(ed, page, fonts, budget=1)[0]
        best = C.page_variants(ed, page, fonts, n=3)
        assert best[0].score <= baseline.score, name
        assert [v.score for v in best] == sorted(v.score for v in best)
        assert len({v.blocks for v in best}) == len(best)                  # distinct variants
        for v in best:                                                    # the score is its documented terms
            assert abs(v.score - sum(WEIGHTS[k] * x for k, x in v.terms)) < 1e-6


def test_candidates_are_composed_for_fits_only(edition_factory, monkeypatch):
    ed = load_edition(str(edition_factory(_two_stories(), photos=PHOTOS)))
    fonts = load_fonts(ed)
    calls: list[tuple[bool, int]] = []
    real = C._compose

    def counted(e, f, shared=None, fits_only=False):
        calls.append((fits_only, id(shared)))
        return real(e, f, shared, fits_only)
    monkeypatch.setattr(C, "_compose", counted)
    C.compose(ed, fonts)
    quick = [c for c in calls if c[0]]
    full = [c for c in calls if not c[0]]
    assert len(quick) > 10                               # many candidates, each for its fits only
    assert len(full) <= FINALISTS + 2                    # the front runners and the baseline in full, and the page
    assert len({shared for _, shared in calls}) == 1     # one store of measured and broken paragraphs


def test_balance_term_weighs_photos_left_and_right(edition_factory):
    """The imbalance term: a photo at one edge of the page pulls its weight off centre by the same
    amount on either side; two photos mirrored balance out; body text weighs less than a photo."""
    from dataclasses import replace

    from layout.model.model import BlockKind
    from layout.model.units import Rect
    from layout.pages.makeup import imbalance
    from layout.pages.placed import PlacedBlock

    ed = load_edition(str(edition_factory(AUTO, photos=PHOTOS, name="bal")))
    page = C.compose(ed, load_fonts(ed)).pages[0]
    a = page.type_area

    def photo(x: float, k: int) -> PlacedBlock:
        return PlacedBlock(f"ph{k}", BlockKind.PHOTO, f"ph{k}", Rect(x, a.y, a.w / 6, a.h / 4), 0, 0, 1, 10)

    text = PlacedBlock("t", BlockKind.TEXT, "t", Rect(a.x, a.y, a.w, a.h), 0, 0, 6, 100)
    left = imbalance(replace(page, blocks=(photo(a.x, 1),)))
    right = imbalance(replace(page, blocks=(photo(a.right - a.w / 6, 1),)))
    assert left == right == round((0.5 - 1 / 12) * 20)
    assert imbalance(replace(page, blocks=(photo(a.x, 1), photo(a.right - a.w / 6, 2)))) == 0
    damped = imbalance(replace(page, blocks=(text, photo(a.x, 1))))   # the photo sits inside the text block
    assert 0 < damped < left
    big = PlacedBlock("big", BlockKind.PHOTO, "big", Rect(a.x, a.y, a.w * 5 / 6, a.h), 0, 0, 5, 100)
    photo_w, text_w = 5 / 6, 0.15 * (1 - 5 / 6)         # a wrapped photo's area is not counted as text as well
    expect = round(photo_w * (1 / 2 - 5 / 12) / (photo_w + text_w) * 20)
    assert imbalance(replace(page, blocks=(text, big))) == expect == 2


def test_cropping_term_counts_what_each_photo_loses(edition_factory):
    """The cropping term: per photo, the share of its pixels cut away to fill the frame, in tenths (a 3200 × 2400
    picture shown from a 1600 × 2400 window has lost half: 5)."""
    from dataclasses import replace

    from layout.model.model import AutoSpec
    from layout.pages.makeup import score_terms
    from layout.pages.placed import Picture

    ed = load_edition(str(edition_factory(AUTO, photos=PHOTOS, name="crop")))
    composed = C.compose(ed, load_fonts(ed))
    page = composed.pages[0]
    a = page.type_area
    whole = Picture("p1", "photos/p1.jpg", a, (0.0, 0.0, 3200.0, 2400.0), (3200, 2400))
    half = whole._replace(crop=(800.0, 0.0, 2400.0, 2400.0))
    tenth = whole._replace(crop=(0.0, 0.0, 3200.0, 2160.0))
    tpl = ed.template

    def cropping(*pics: Picture) -> float:
        return dict(score_terms(replace(page, pictures=pics), composed.fits, AutoSpec(), tpl))["cropping"]
    assert (cropping(whole), cropping(half), cropping(tenth), cropping(half, tenth)) == (0, 5, 1, 6)


def test_a_tall_photo_in_the_foot_band_may_grow_past_the_row_limit(edition_factory):
    """Short copy with an upright picture across the foot: the band is also tried at the tallest photo's natural
    height (up to makeup.fill_photo_max of the page), not only up to row_photo_max — the score decides."""
    from layout.pages.autoplace import photo_lines
    from layout.pages.modules import _band_heights

    ed = load_edition(str(edition_factory(AUTO, photos=PHOTOS, name="band")))
    tpl = ed.template
    L, most = tpl.grid.lines, int(tpl.grid.lines * tpl.makeup.row_photo_max)
    upright = next(p for p in ed.photos.values() if Path(p.image).name == "p2.jpg")
    width = tpl.grid.columns - 2
    tall = _band_heights(ed, [upright.id], width, tpl)
    natural = photo_lines(upright, width, tpl, int(L * tpl.makeup.fill_photo_max))
    assert natural > most and tall == sorted({most, natural})


def test_an_automatic_page_that_cannot_keep_the_rules_says_what_to_do(edition_factory, tmp_path):
    """A photo no frame of the page can show within max_crop (a sliver 1:40): the search takes the least bad
    page, and the build's page-rule error says the page was placed automatically and what the user can change —
    the fault's own advice (make the block taller) names blocks the user never wrote."""
    import pytest

    from layout.build import PageRuleError, build
    m = copy.deepcopy(AUTO)
    ed = edition_factory(m, photos={"photos/p1.jpg": (3200, 2400), "photos/p2.jpg": (300, 12000)})
    with pytest.raises(PageRuleError) as got:
        build(str(ed), str(tmp_path / "out"), pdfx="none")
    text = str(got.value)
    assert "rule 30" in text and "page 2 is placed automatically" in text
    assert f"layout place {ed} --page 2" in text and "makeup.max_crop" in text


def test_an_upright_photo_under_the_chronicle_is_never_cut_past_max_crop(edition_factory):
    """The side module's photo took at most half the side's height: an upright picture (1:6) needs more to lose no
    more than max_crop, so it gets what it needs when the room is there, and is not put there at all when not."""
    from layout.pages.autoplace import crop_floor
    from layout.pages.modules import Area, chronicle_blocks
    m = copy.deepcopy(AUTO)
    ed = load_edition(str(edition_factory(m, photos={"photos/p1.jpg": (3200, 2400), "photos/p2.jpg": (1000, 6000)})))
    tpl = ed.template
    side = Area(tpl.grid.columns - 2, 2, 0, tpl.grid.lines)
    floor = crop_floor(ed.photos["p2"], 2, tpl)
    assert floor > side.lines // 2                       # the case: half the side would crop it too far
    blocks = chronicle_blocks(ed, ed.pages[0].auto, side, [side.lines - floor - 2], "p2", tpl)
    photo = next(b for b in blocks if b.ref == "p2")
    assert photo.lines >= floor
