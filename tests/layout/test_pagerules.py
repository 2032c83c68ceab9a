"""Page rules 26–35 (pages/pagerules.py) on small hand-made pages: each rule fires on a page built to
break it, and not on a clean one — a built page (set lines) or a candidate page (no flowed text)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from layout.build import PageRuleError, ResolutionError, build
from layout.cli import main
from layout.model.model import BlockKind, Where
from layout.model.templates import load_template
from layout.model.units import Rect
from layout.pages.pagerules import (
    CAPTION,
    CAPTION_AWAY,
    CROP,
    GRID,
    OVERLAP,
    OVERSET,
    RESOLUTION,
    SHORT_COLUMN,
    TOMBSTONE,
    TRAPPED,
    Fault,
    PageLimits,
    page_faults,
)
from layout.pages.placed import (
    Decoration,
    DecorKind,
    Fit,
    FitPart,
    Grid,
    LineKind,
    Picture,
    PlacedBlock,
    PlacedPage,
    SetLine,
)

from .test_compose import MANIFEST

X0, Y0, COL, GUT, PITCH, BODY, LINES = 50.0, 80.0, 117.0, 9.0, 13.5, 9.0, 20
COLUMNS = 4
LIMITS = PageLimits()
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "layout" / "templates"


def cells(column: int, line: int, span: int, lines: int) -> Rect:
    return Rect(X0 + column * (COL + GUT), Y0 + line * PITCH, span * COL + (span - 1) * GUT,
                lines * PITCH - (PITCH - BODY))


def block(bid: str, kind: str, ref: str, column: int, line: int, span: int, lines: int) -> PlacedBlock:
    return PlacedBlock(bid, BlockKind(kind), ref, cells(column, line, span, lines), column, line, span, lines)


def baseline(line: int) -> float:
    return Y0 + line * PITCH + 0.88 * BODY


def set_line(story: str, kind: LineKind, bid: str, column: int, line: int, width: float = COL,
             text: str = "这一年衡阳成功纳入试点城市") -> SetLine:
    return SetLine(story, kind, 0, 0, len(text), bid, column, line, X0 + column * (COL + GUT), baseline(line), width,
                   0.0, width, kind.value, "body", BODY, text, False, 0.0, ())


def photo(bid: str, ref: str, column: int, line: int, span: int, lines: int, caption: int = 1,
          pixels: tuple[int, int] | None = None, gap: int = 0) -> tuple[PlacedBlock, Picture, list[SetLine]]:
    """A photo block, its picture filling all but the caption's lines (exactly its aspect unless `pixels`
    says otherwise: then cropped to fill, centred), the caption `gap` lines under it."""
    b = block(bid, "photo", ref, column, line, span, lines)
    frame = cells(column, line, span, lines - caption - gap)
    w, h = pixels or (round(frame.w / 72 * 300), round(frame.w / 72 * 300 * frame.h / frame.w))
    if w / h > frame.w / frame.h:
        cw, ch = h * frame.w / frame.h, float(h)
    else:
        cw, ch = float(w), w * frame.h / frame.w
    crop = ((w - cw) / 2, (h - ch) / 2, (w + cw) / 2, (h + ch) / 2)
    caps = [set_line(ref, LineKind.CAPTION, bid, column, line + lines - caption + k, b.rect.w, "屋场恳谈会现场。")
            for k in range(caption)]
    return b, Picture(ref, "", frame, crop, (w, h)), caps


def page(blocks, lines=(), pictures=(), decorations=(), number: int = 3) -> PlacedPage:
    grid = Grid(PITCH, baseline(0), LINES, tuple((X0 + c * (COL + GUT), COL) for c in range(COLUMNS)), BODY)
    return PlacedPage(number, "", 700.0, 500.0, Rect(0, 0, 700.0, 500.0), cells(0, 0, COLUMNS, LINES), 0.0, grid,
                      (("text", (0.0, 0.0, 0.0, 1.0)),), tuple(blocks), tuple(lines), tuple(pictures),
                      tuple(decorations))


def body(story: str, bid: str, column: int, first: int, count: int) -> list[SetLine]:
    return [set_line(story, LineKind.BODY, bid, column, first + k) for k in range(count)]


def clean(candidate: bool = False, q: tuple[int, int, int, int] = (0, 14, 2, 6), **photo_kw) -> PlacedPage:
    """Headline over four columns; a photo (two columns) over another (`q`: column, line, span, lines), beside
    the story's text in two columns, the first full, the last shorter. Every grid cell covered."""
    head = block("p3-1", "headline", "a", 0, 0, 4, 4)
    p, pic, caps = photo("p3-2", "p", 0, 4, 2, 10, **photo_kw)
    text = block("p3-3", "text", "a", 2, 4, 2, 16)
    q, qpic, qcaps = photo("p3-4", "q", *q)
    lines = [set_line("a", LineKind.HEADLINE, "p3-1", -1, -1, 400.0, "赓续精神血脉")] + caps + qcaps
    if not candidate:
        lines += body("a", "p3-3", 2, 4, 16) + body("a", "p3-3", 3, 4, 7)
    return page([head, p, text, q], lines, [pic, qpic])


def rules(pg: PlacedPage, fits=(), limits: PageLimits = LIMITS, severity: str | None = None) -> list[int]:
    return [f.rule for f in page_faults(pg, fits, limits) if severity in (None, f.severity)]


def only(pg: PlacedPage, rule: int, fits=(), limits: PageLimits = LIMITS) -> Fault:
    got = page_faults(pg, fits, limits)
    assert [f.rule for f in got] == [rule], [str(f) for f in got]
    return got[0]


def with_block(pg: PlacedPage, bid: str, **kw) -> PlacedPage:
    """The page with block `bid` moved (its rectangle follows its grid place unless `rect` is given)."""
    out = []
    for b in pg.blocks:
        if b.id == bid:
            b = b._replace(**kw)
            if "rect" not in kw:
                b = b._replace(rect=cells(b.column, b.line, b.span, b.lines))
        out.append(b)
    return replace(pg, blocks=tuple(out))


# -- clean pages ------------------------------------------------------------------------------------

def test_a_clean_page_and_its_candidate_have_no_faults():
    assert page_faults(clean(), (), LIMITS) == ()
    assert page_faults(clean(candidate=True), (), LIMITS) == ()


def test_limits_come_from_the_template():
    tpl = load_template("broadsheet", TEMPLATES, Where("test", 1, "template"))
    assert PageLimits.of(tpl) == PageLimits(150.0, 200.0, 0.5, 5, 1)
    custom = replace(tpl, makeup=replace(tpl.makeup, max_crop=0.3, min_column_lines=8),
                     output=replace(tpl.output, min_ppi=100.0, warn_ppi=120.0))
    assert PageLimits.of(custom) == PageLimits(100.0, 120.0, 0.3, 8, 1)


# -- rule 26: overlaps ------------------------------------------------------------------------------

def test_a_photo_half_over_the_text_is_an_overlap():
    f = only(clean(q=(1, 14, 2, 6)), OVERLAP)
    assert f.severity == "error" and f.blocks == ("p3-4", "p3-3") and f.page == 3
    assert f.message.startswith("photo 'q' (page 3): columns 2–3, lines 15–20 overlap text 'a' (columns 3–4")
    assert f.rect == Rect(cells(2, 14, 1, 6).x, cells(2, 14, 1, 6).y, COL, 6 * PITCH - 4.5)


def test_a_block_wholly_inside_a_text_block_is_a_wrap_not_an_overlap():
    pg = clean()
    inside, pic, caps = photo("p3-5", "r", 3, 12, 1, 5)
    pg = replace(pg, blocks=pg.blocks + (inside,), pictures=pg.pictures + (pic,), lines=pg.lines + tuple(caps))
    assert OVERLAP not in rules(pg)
    two = replace(pg, blocks=pg.blocks + (block("p3-6", "text", "b", 3, 10, 1, 4),))   # two texts: no wrap
    assert rules(two).count(OVERLAP) == 2                                              # the text and the photo
    assert rules(with_block(clean(), "p3-1", lines=5)).count(OVERLAP) == 2             # headline into both


# -- rule 27: the grid ------------------------------------------------------------------------------

def test_a_block_off_the_grid_or_outside_the_type_area():
    pg = clean()
    moved = with_block(pg, "p3-3", rect=replace(pg.blocks[2].rect, x=pg.blocks[2].rect.x + 3.0))
    assert "its rectangle is 3.00 pt off columns 3–4, lines 5–20" in only(moved, GRID).detail
    past = with_block(pg, "p3-4", lines=8)
    assert "off the grid of 4 columns and 20 lines" in only(past, GRID).detail
    narrow = replace(pg, type_area=replace(pg.type_area, w=pg.type_area.w - 20))
    assert [f.blocks for f in page_faults(narrow, (), LIMITS)] == [("p3-1",), ("p3-3",)]
    assert all(f.detail.endswith("runs outside the type area") for f in page_faults(narrow, (), LIMITS))


# -- rule 28: overset -------------------------------------------------------------------------------

def test_overset_on_this_page_is_an_error():
    over = Fit("a", FitPart.TEXT, 3, 212, 17, 0, "cut 212 characters")
    f = only(clean(), OVERSET, fits=(over,))
    assert f.message == "text 'a' (page 3): 212 characters / 17 lines over — cut 212 characters"
    assert f.blocks == ("p3-3",) and f.severity == "error"
    assert rules(clean(), fits=(over._replace(page=4),)) == []                       # another page's
    assert rules(clean(), fits=(Fit("a", FitPart.TEXT, 3, 0, 0, 12, "add"),)) == []    # underset is not
    head = only(clean(candidate=True), OVERSET, fits=(Fit("a", FitPart.HEADLINE, 3, 6, 1, 0, ""),))
    assert head.blocks == ("p3-1",) and head.message == "headline 'a' (page 3): 6 characters / 1 lines over"


# -- rule 29: resolution ----------------------------------------------------------------------------

def test_a_soft_photo_is_an_error_below_min_ppi_and_a_warning_below_warn_ppi():
    frame = cells(0, 4, 2, 9)
    w = round(frame.w / 72 * 120)
    f = only(clean(pixels=(w, round(w * frame.h / frame.w))), RESOLUTION)
    assert f.severity == "error" and f.blocks == ("p3-2",)
    assert f.message.startswith("photo 'p' (page 3): 120 ppi at its placed size, below the minimum 150: supply an "
                                "image at least 50")
    w = round(frame.w / 72 * 180)
    warn = only(clean(pixels=(w, round(w * frame.h / frame.w))), RESOLUTION)
    assert warn.severity == "warning" and warn.detail == "180 ppi at its placed size (below 200)"
    assert rules(clean(pixels=(w, round(w * frame.h / frame.w))), limits=PageLimits(warn_ppi=170)) == []


# -- rule 30: crop ----------------------------------------------------------------------------------

def test_a_photo_cropped_beyond_max_crop():
    frame = cells(0, 4, 2, 9)
    w, h = round(frame.w / 72 * 300), round(frame.w / 72 * 300 * frame.h / frame.w)
    assert rules(clean(pixels=(2 * w, h))) == []                                         # half cut away: allowed
    f = only(clean(pixels=(3 * w, h)), CROP)
    assert f.severity == "error" and f.detail.startswith("67% of the picture")
    assert f.detail.endswith("more than 50%: make the block wider or shorter")
    assert only(clean(pixels=(w, 3 * h)), CROP).detail.endswith("make the block narrower or taller")
    assert rules(clean(pixels=(3 * w, h)), limits=PageLimits(max_crop=0.7)) == []


# -- rules 31 and 32: captions ------------------------------------------------------------------------

def _moved_caption(pg: PlacedPage, ref: str, **kw) -> PlacedPage:
    return replace(pg, lines=tuple(ln._replace(**kw) if ln.story == ref and ln.kind is LineKind.CAPTION else ln
                                   for ln in pg.lines))


def test_a_caption_over_its_picture_outside_its_block_or_in_another_block():
    pg = clean()
    up = only(_moved_caption(pg, "p", y=baseline(10), grid_line=10), CAPTION)
    assert up.severity == "error" and "caption line «屋场恳谈会现场。» overlaps the picture" in up.detail
    out = only(_moved_caption(pg, "p", x=X0 + 2 * (COL + GUT)), CAPTION)
    assert "runs outside the photo's block" in out.detail
    other = only(_moved_caption(pg, "p", block="p3-3"), CAPTION)
    assert "is in another block" in other.detail


def test_caption_lines_on_consecutive_grid_lines():
    b, pic, caps = photo("p3-2", "p", 0, 4, 2, 10, caption=3)
    pg = clean()
    pg = replace(pg, pictures=(pic, pg.pictures[1]), lines=tuple(ln for ln in pg.lines if ln.story != "p")
                 + (caps[0], caps[1], caps[2]))
    assert rules(pg) == []
    apart = replace(pg, lines=pg.lines[:-2] + (caps[1]._replace(y=caps[1].y + 4.0), caps[2]))
    assert "not on consecutive grid lines" in only(apart, CAPTION).detail


def test_a_caption_lines_below_its_picture_is_away_from_it():
    f = only(clean(gap=2), CAPTION_AWAY)
    assert f.severity == "warning" and f.detail == "its caption starts 2 grid lines below the picture: set it " \
                                                   "directly under"


def test_a_picture_outside_its_block():
    pg = clean()
    pic = pg.pictures[0]._replace(frame=replace(pg.pictures[0].frame, x=pg.pictures[0].frame.x - 20))
    f = only(replace(pg, pictures=(pic, pg.pictures[1])), CAPTION)
    assert f.detail == "the picture runs outside its block"


# -- rule 33: trapped white space -------------------------------------------------------------------

def test_empty_cells_enclosed_by_blocks_are_trapped():
    f = only(clean(q=(0, 17, 2, 3)), TRAPPED)
    assert f.severity == "warning" and f.blocks == ("p3-2", "p3-4")
    assert f.message == "white space (page 3): columns 1–2, lines 15–17: 6 empty grid cells between photo 'p' and " \
                        "photo 'q', not open to the foot of the page: fill them or close the gap"
    assert f.rect == cells(0, 14, 2, 3)
    assert rules(clean(q=(0, 15, 2, 5))) == []                                        # one line: air
    pg = clean()
    assert rules(replace(pg, blocks=pg.blocks[:3], pictures=pg.pictures[:1],          # open to the foot
                         lines=tuple(ln for ln in pg.lines if ln.story != "q"))) == []
    top = with_block(clean(), "p3-1", line=2, lines=2)
    assert "between the head of the type area and headline 'a'" in only(top, TRAPPED).detail


# -- rule 34: short columns -------------------------------------------------------------------------

def test_a_short_column_before_the_story_moves_on():
    pg = clean()
    lines = tuple(ln for ln in pg.lines if ln.kind is not LineKind.BODY) + tuple(body("a", "p3-3", 2, 4, 3)
                                                                                + body("a", "p3-3", 3, 4, 16))
    f = only(replace(pg, lines=lines), SHORT_COLUMN)
    assert f.severity == "warning" and f.blocks == ("p3-3",) and f.rect == cells(2, 4, 1, 3)
    assert f.message.startswith("text 'a' (page 3): column 3 holds 3 lines of the story (lines 5–7) before it moves "
                                "on; a column segment needs 5 lines")
    assert rules(replace(pg, lines=lines), limits=PageLimits(min_column_lines=3)) == []
    last = tuple(ln for ln in pg.lines if ln.kind is not LineKind.BODY) + tuple(body("a", "p3-3", 2, 4, 16)
                                                                               + body("a", "p3-3", 3, 4, 2))
    assert rules(replace(pg, lines=last)) == []                                        # the last may be short
    jump = set_line("a", LineKind.JUMP, "p3-3", 3, 6, COL, "（下转第4版）")
    assert only(replace(pg, lines=last + (jump,)), SHORT_COLUMN).detail.startswith("column 4 holds 3 lines")


def test_a_short_segment_over_a_block_inside_the_text_on_a_candidate_page():
    pg = clean(candidate=True)
    inside, pic, caps = photo("p3-5", "r", 2, 8, 1, 6)               # 4 lines free above, less the wrap gap: 3
    pg = replace(pg, blocks=pg.blocks + (inside,), pictures=pg.pictures + (pic,), lines=pg.lines + tuple(caps))
    f = only(pg, SHORT_COLUMN)
    assert f.detail.startswith("column 3 holds 3 lines of the story (lines 5–7)")
    assert rules(pg, limits=PageLimits(wrap_gap=0)) == [SHORT_COLUMN]                  # 4 lines: still short
    assert rules(pg, limits=PageLimits(wrap_gap=0, min_column_lines=4)) == []
    boxed = replace(pg, decorations=(Decoration(DecorKind.BOX, pg.blocks[2].rect, "rule", 0.5, "p3-3"),))
    got = [f.detail[:22] for f in page_faults(boxed, (), LIMITS)]                  # a box takes a line at
    assert got == ["column 3 holds 2 lines", "column 3 holds 4 lines"]               # head and foot


# -- rule 35: tombstones ----------------------------------------------------------------------------

def test_headlines_side_by_side_are_tombstoned():
    pg = with_block(clean(), "p3-1", span=2)
    two = replace(pg, blocks=pg.blocks + (block("p3-5", "headline", "b", 2, 1, 2, 3),))
    f = only(two, TOMBSTONE)
    assert f.severity == "warning" and f.blocks == ("p3-1", "p3-5")
    assert f.message.startswith("headline 'a' (page 3): side by side with headline 'b' on lines 2–4")
    short = with_block(pg, "p3-1", lines=2)
    staggered = replace(short, blocks=short.blocks + (block("p3-5", "headline", "b", 2, 2, 2, 2),))
    assert TOMBSTONE not in rules(staggered)                                         # lines 1–2 and 3–4
    narrow = with_block(clean(), "p3-1", span=1)
    parted = replace(narrow, blocks=narrow.blocks + (block("p3-5", "photo", "x", 1, 0, 1, 4),
                                                     block("p3-6", "headline", "b", 2, 0, 2, 4)))
    assert TOMBSTONE not in rules(parted)                                            # a block between them
    gap = replace(narrow, blocks=narrow.blocks + (block("p3-6", "headline", "b", 2, 0, 2, 4),))
    assert TOMBSTONE in rules(gap)                                                   # only white space between


def test_faults_read_as_the_build_prints_them():
    f = only(clean(q=(1, 14, 2, 6)), OVERLAP)
    assert str(f) == f"{f.message} (rule 26 error)"


# -- the build ----------------------------------------------------------------------------------------

def test_a_hand_placed_page_breaking_a_hard_rule_fails_the_build(edition_factory, tmp_path, capsys):
    """The build judges every page by the same rules: a photo cropped to a sliver is refused, nothing written."""
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1200, 3600)})
    with pytest.raises(PageRuleError) as exc:
        build(str(folder), str(tmp_path / "out"))
    assert isinstance(exc.value, ResolutionError)                  # the CLI reports it as it reports a soft photo
    assert str(exc.value).startswith("photo 'p1' (page 3): ") and "cropped away to fill its frame" in str(exc.value)
    assert str(exc.value).endswith("make the block narrower or taller (rule 30)")
    assert not (tmp_path / "out").exists()
    assert main(["build", str(folder), "-o", str(tmp_path / "cli")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: photo 'p1' (page 3): ") and "Traceback" not in err


def test_warnings_come_back_from_the_build(edition_factory, tmp_path):
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1000, 750)})
    res = build(str(folder), str(tmp_path / "out"))
    assert [w for w in res.warnings if "rule 29" in w] == \
        ["warning: photo 'p1' (page 3): 195 ppi at its placed size (below 200) (rule 29)"]
