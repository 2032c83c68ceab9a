"""`layout variants` (the n best placements of an automatic page, drawn), the `variant: k` pin, and `layout place`
(the chosen placement written into edition.yaml as blocks, comments kept) — on the square test font."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pikepdf
import pytest
import yaml
from PIL import Image

from layout.build import build
from layout.cli import main
from layout.model import yamlio
from layout.model.manifest import load_edition
from layout.pages.compose import page_variants
from layout.review.variants import make_variants, variant_labels
from layout.text.sources import load_fonts

from ..conftest import REPO, real_fonts_available
from ..layout.test_pages import AUTO, PARA

PHOTOS = {"photos/p1.jpg": (3200, 2400), "photos/p2.jpg": (2400, 3200)}
TABLOID = REPO / "issues" / "2021-year-end-tabloid"

# AUTO's content, a page placed by hand before it, and comments everywhere `layout place` must keep them.
COMMENTED = f"""\
# yaml-language-server: $schema=../schema.json
# an edition with one page placed by hand and one placed automatically
style_version: 1
edition: {{paper: 衡阳日报, date: 2021-12-31, title: 年终特别报道, template: square.yaml}}
stories:
  side:
    headline: 赓续精神血脉      # a short one for page 1
    body:
      - {PARA}
  main:
    kicker: 特别报道
    headline: 赓续精神血脉，汲取奋进力量
    byline: ■本报记者 胡建军
    note: {PARA}
    body: [{", ".join([PARA] * 6)}]
photos:
  p1: {{image: photos/p1.jpg, caption: 屋场恳谈会现场。, credit: ■金明达 摄}}
  p2: {{image: photos/p2.jpg, caption: 党史学习教育。, credit: ■罗盟 摄}}
  p3: {{image: photos/p1.jpg, caption: 衡阳市。}}
chronicles:
  c:
    title: 大事记
    items:
{"".join(f"      - {{date: 4月1日, text: {PARA}}}{chr(10)}" for _ in range(6))}\
pages:
  - page: 1
    blocks:
      - {{headline: side, column: 1, line: 1, span: 8, lines: 8}}    # by hand
      - {{text: side, column: 1, line: 9, span: 4, lines: 4}}
  - page: 2
    section: 年终特别报道   # the section
    auto:        # placed for us
      stories: [main]     # the lead story
      # the photos, lead first
      photos: [p1, p2, p3]
      chronicles: [c]{{pin}}
  # the end of the pages
"""


def _commented(pin: int | None = None) -> str:
    return COMMENTED.replace("{pin}", f"\n      variant: {pin}" if pin else "")


def _pages(folder: Path, out: Path) -> list:
    res = build(str(folder), str(out), allow_overset=True)
    return json.loads(res.json.read_text(encoding="utf-8"))["pages"]


def _model_blocks(blocks) -> list[tuple]:
    return [(str(b.kind), b.ref, b.column, b.line, b.span, b.lines) for b in blocks]


def _variants(folder: Path, n: int):
    ed = load_edition(str(folder))
    page = next(p for p in ed.pages if p.auto is not None)
    return page_variants(ed, page, load_fonts(ed), n)


def test_variants_are_distinct_ranked_and_written(edition_factory, tmp_path):
    folder = edition_factory(AUTO, photos=PHOTOS)
    out = tmp_path / "v"
    out.mkdir()
    (out / "page-02-v9.pdf").write_bytes(b"from an earlier run with -n 9")
    (out / "page-03-v9.pdf").write_bytes(b"another page's: kept")
    res = make_variants(str(folder), n=4, out=out, dpi=20)
    [pv] = res.pages
    assert pv.page == 2 and pv.pinned == 1
    found = pv.variants
    assert 3 <= len(found) <= 4, "the test edition should have several placements"
    assert len({v.blocks for v in found}) == len(found)                       # distinct
    assert [v.score for v in found] == sorted(v.score for v in found)        # best first
    assert [v.blocks for v in found] == [v.blocks for v in _variants(folder, 4)]
    for k, (pdf, png) in enumerate(zip(pv.pdfs, pv.pngs, strict=True), 1):
        assert pdf == out / f"page-02-v{k}.pdf" and png == out / f"page-02-v{k}.png"
        with pikepdf.open(pdf) as doc:
            assert len(doc.pages) == 1
            assert "/OutputIntents" not in doc.Root                            # a plain proof, not PDF/X
        with Image.open(png) as im:
            assert im.width == pytest.approx(390 / 25.4 * 20, abs=2)           # the 对开 page at 20 dpi
    assert pv.sheet == out / "page-02-variants.png" and pv.sheet.is_file()
    assert not (out / "page-02-v9.pdf").exists()                             # stale: removed
    assert (out / "page-03-v9.pdf").exists()


def test_variants_command_prints_a_line_per_variant_and_the_pin_hint(edition_factory, tmp_path, capsys):
    folder = edition_factory(AUTO, photos=PHOTOS)
    out = tmp_path / "v"
    assert main(["variants", str(folder), "-n", "3", "-o", str(out), "--dpi", "20"]) == 0
    text = capsys.readouterr().out
    rows = [ln for ln in text.splitlines() if ln.lstrip().split("  ")[0].isdigit()]
    assert [r.split()[0] for r in rows] == ["1", "2", "3"]
    found = _variants(folder, 3)
    for row, v in zip(rows, found, strict=True):
        assert f"score {v.score:g} " in row
        assert all(f"{name} {value:g}" in row for name, value in v.terms if value)
        assert ("empty lines" in row) == any(f.underset_lines for f in v.fits)
    assert "the build uses this one" in rows[0] and "the build uses" not in rows[1]
    assert "`variant: K` under page 2's auto:" in text
    assert f"layout place {folder} --page 2 --variant K" in text
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"page-02-v{k}.{ext}" for k in (1, 2, 3) for ext in ("pdf", "png")] + ["page-02-variants.png"])


def test_build_with_variants_writes_them_beside_the_build(edition_factory, tmp_path, capsys):
    folder = edition_factory(AUTO, photos=PHOTOS)
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--variants", "2"]) == 0
    assert (out / "ed.pdf").is_file() and (out / "layout.json").is_file()
    assert (out / "variants" / "page-02-v2.pdf").is_file() and (out / "variants" / "page-02-variants.png").is_file()
    assert not (out / "variants" / "page-02-v3.pdf").exists()
    assert "page 2: 2 distinct placement(s)" in capsys.readouterr().out


def test_the_pin_builds_that_variant(edition_factory, tmp_path):
    found = _variants(edition_factory(AUTO, photos=PHOTOS, name="unpinned"), 3)
    assert len(found) == 3 and found[2].blocks != found[0].blocks
    m = copy.deepcopy(AUTO)
    m["pages"][0]["auto"]["variant"] = 3
    folder = edition_factory(m, photos=PHOTOS, name="pinned")
    [page] = _pages(folder, tmp_path / "out")
    got = [(b["kind"], b["ref"], b["column"], b["line"], b["span"], b["lines"]) for b in page["blocks"]]
    assert got == _model_blocks(found[2].blocks)


def test_place_writes_the_built_page_as_blocks_keeping_comments(edition_factory, tmp_path, capsys):
    folder = edition_factory(_commented(pin=2), photos=PHOTOS)
    manifest = folder / "edition.yaml"
    before = manifest.read_text(encoding="utf-8")
    automatic = _pages(folder, tmp_path / "auto")
    found = _variants(folder, 2)
    assert main(["place", str(folder), "--page", "2"]) == 0
    assert f"page 2: variant 2 (score {found[1].score:g}) written to {manifest}" in capsys.readouterr().out
    after = manifest.read_text(encoding="utf-8")
    head, tail = before.split("    auto:")[0], before.split("chronicles: [c]\n      variant: 2")[1]
    assert after.startswith(head + "    blocks:  # layout place: variant 2 of auto: "
                                   "{stories: [main], photos: [p1, p2, p3], chronicles: [c]}\n")
    assert after.endswith(tail)                                              # the rest byte for byte
    for comment in ("# placed for us", "# the lead story", "# the photos, lead first"):
        assert f"      {comment}\n" in after                                 # kept, under blocks:
    rows = after[len(head):-len(tail)].splitlines()[4:]
    assert rows and all(r.startswith("      - {") and r.endswith("}") for r in rows)   # page 1's style
    items = yaml.safe_load(after)["pages"][1]["blocks"]
    assert all(list(item)[1:] == ["column", "line", "span", "lines"] for item in items)
    ed = load_edition(str(folder))
    assert ed.pages[1].auto is None
    assert _model_blocks(ed.pages[1].blocks) == _model_blocks(found[1].blocks)
    assert _pages(folder, tmp_path / "placed") == automatic                  # the same page, built by hand


def test_place_follows_a_block_style_file_and_its_line_endings(edition_factory, tmp_path, capsys):
    m = copy.deepcopy(AUTO)
    m["stories"]["side"] = {"headline": "赓续精神血脉", "body": [PARA]}
    m["pages"].insert(0, {"page": 1, "blocks": [{"headline": "side", "column": 1, "line": 1, "span": 8, "lines": 8},
                                               {"text": "side", "column": 1, "line": 9, "span": 4, "lines": 4}]})
    folder = edition_factory(m, photos=PHOTOS)
    manifest = folder / "edition.yaml"
    manifest.write_bytes(yamlio.dump(m).replace("\n", "\r\n").encode("utf-8"))   # PyYAML's block style, CRLF
    found = _variants(folder, 3)
    assert main(["place", str(folder), "--page", "2", "--variant", "3"]) == 0
    raw = manifest.read_bytes().decode("utf-8")
    assert "\n" not in raw.replace("\r\n", "")
    lines = raw.split("\r\n")
    start = lines.index("  blocks:  # layout place: variant 3 of auto: {stories: [main], photos: [p1, p2, p3], "
                        "chronicles: [c]}")
    b = found[2].blocks[0]
    assert lines[start + 1:start + 6] == [f"  - {b.kind}: {b.ref}", f"    column: {b.column + 1}",
                                          f"    line: {b.line + 1}", f"    span: {b.span}", f"    lines: {b.lines}"]
    pinned = copy.deepcopy(m)
    pinned["pages"][1]["auto"]["variant"] = 3
    expected = _pages(edition_factory(pinned, photos=PHOTOS, name="pinned"), tmp_path / "pinned")
    assert _pages(folder, tmp_path / "placed") == expected


def test_place_inside_a_flow_page(edition_factory, tmp_path):
    folder = edition_factory(AUTO, photos=PHOTOS)
    manifest = folder / "edition.yaml"
    text = manifest.read_text(encoding="utf-8")
    page = ("- page: 2\n  auto:\n    stories:\n    - main\n    photos:\n    - p1\n    - p2\n    - p3\n"
            "    chronicles:\n    - c\n")
    assert page in text
    manifest.write_text(text.replace(page, "- {page: 2, auto: {stories: [main], photos: [p1, p2, p3], "
                                           "chronicles: [c]}}   # all on one line\n"), encoding="utf-8")
    found = _variants(folder, 1)
    assert main(["place", str(folder)] + ["--page", "2"]) == 0
    after = manifest.read_text(encoding="utf-8")
    assert after.count("- {page: 2, blocks: [{") == 1 and after.endswith("}]}   # all on one line\n")
    assert _model_blocks(load_edition(str(folder)).pages[0].blocks) == _model_blocks(found[0].blocks)


@pytest.mark.parametrize("argv, message", [
    (["place", "{f}", "--page", "1"], "page 1 is placed by hand (`blocks:`), not automatically"),
    (["place", "{f}", "--page", "7"], "there is no page 7; pages: 1, 2; placed automatically: 2"),
    (["variants", "{f}", "--page", "1"], "page 1 is placed by hand"),
    (["place", "{f}", "--page", "2", "--variant", "0"], "expected a whole number from 1 to 50"),
    (["variants", "{f}", "-n", "x"], "expected a whole number from 1 to 50"),
])
def test_usage_errors_exit_2_and_change_nothing(edition_factory, tmp_path, capsys, argv, message):
    folder = edition_factory(_commented(), photos=PHOTOS)
    before = (folder / "edition.yaml").read_bytes()
    args = [a.replace("{f}", str(folder)) for a in argv]
    try:
        rc = main(args)
    except SystemExit as exc:                                             # argparse's own usage errors
        rc = exc.code
    got = capsys.readouterr()
    assert rc == 2
    assert message in got.err and "Traceback" not in got.err + got.out
    assert (folder / "edition.yaml").read_bytes() == before
    assert not (tmp_path / "build").exists()


def test_a_variant_out_of_range(edition_factory, tmp_path, capsys):
    m = {"edition": AUTO["edition"], "stories": {"main": {"headline": "赓续精神血脉", "body": [PARA]}},
         "pages": [{"page": 1, "auto": {"stories": ["main"]}}]}
    folder = edition_factory(m)
    manifest = folder / "edition.yaml"
    before = manifest.read_bytes()
    count = len(_variants(folder, 50))
    assert 1 <= count < 50
    assert main(["place", str(folder), "--page", "1", "--variant", str(count + 1)]) == 2
    err = capsys.readouterr().err
    assert f"page 1 has {count} distinct placement(s): variant {count + 1} is out of range (1–{count})" in err
    assert manifest.read_bytes() == before
    m["pages"][0]["auto"]["variant"] = count + 1                 # a pin past the end: the build takes the last
    folder = edition_factory(m, name="pinned")
    built = _pages(folder, tmp_path / "auto")
    assert main(["place", str(folder), "--page", "1"]) == 0
    out = capsys.readouterr().out
    assert f"pins variant {count + 1} but the search finds {count}: the build uses variant {count}" in out
    assert _pages(folder, tmp_path / "placed") == built
    assert main(["place", str(folder), "--page", "1"]) == 2     # placed now: no longer automatic
    assert "page 1 is placed by hand" in capsys.readouterr().err


def test_an_edition_without_automatic_pages(edition_factory, tmp_path, capsys):
    m = copy.deepcopy(AUTO)
    m["pages"] = [{"page": 2, "blocks": [
        {"headline": "main", "column": 1, "line": 1, "span": 6, "lines": 8},
        {"note": "main", "column": 1, "line": 9, "span": 6, "lines": 6},
        {"text": "main", "column": 1, "line": 15, "span": 6, "lines": 40},
        {"chronicle": "c", "column": 7, "line": 1, "span": 2, "lines": 80},
        {"photo": "p1", "column": 1, "line": 56, "span": 2, "lines": 20},
        {"photo": "p2", "column": 3, "line": 56, "span": 2, "lines": 20},
        {"photo": "p3", "column": 5, "line": 56, "span": 2, "lines": 20}]}]
    folder = edition_factory(m, photos=PHOTOS)
    assert main(["variants", str(folder), "-o", str(tmp_path / "v")]) == 2
    assert "no page is placed automatically" in capsys.readouterr().err
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--variants", "3", "--allow-overset"]) == 0
    assert "no variants to write" in capsys.readouterr().out
    assert not (tmp_path / "out" / "variants").exists()


def test_yamlio_replace_entry_refuses_what_it_cannot_keep():
    text = "pages:\n- page: 2\n  auto: {stories: [a]}\n"
    with pytest.raises(ValueError, match="no 'auto'"):
        yamlio.replace_entry(text, ("pages", 0, "nothing"), "auto", "blocks", [])
    with pytest.raises(ValueError, match="no 'bleed'"):
        yamlio.replace_entry(text, ("pages", 0), "bleed", "blocks", [])
    with pytest.raises(ValueError, match="is there already"):
        yamlio.replace_entry(text, ("pages", 0), "auto", "page", [])
    with pytest.raises(ValueError, match="comments inside a flow mapping"):
        yamlio.replace_entry("- {page: 2, auto: {stories: [a],  # x\n  }}\n", (0,), "auto", "blocks", [])
    out = yamlio.replace_entry(text, ("pages", 0), "auto", "blocks",
                               [{"photo": "2021-12-31", "column": 1}, {"text": "a: b #c", "column": 2, "box": True}])
    assert out == ("pages:\n- page: 2\n  blocks:\n    - {photo: \"2021-12-31\", column: 1}\n"
                   "    - {text: \"a: b #c\", column: 2, box: true}\n")


def test_labels_are_chinese_in_a_face_that_has_them(square_fonts):
    labels, font = variant_labels([3.0, 1003.0], square_fonts)             # the square font has no 案
    assert labels == ["variant 1  score 3", "variant 2  score 1003"]
    if not real_fonts_available():
        pytest.skip("CJK fonts not installed: run `make fonts`")
    labels, font = variant_labels([3.0, 1003.0], load_fonts(load_edition(str(TABLOID))))
    assert labels == ["方案1 分数3", "方案2 分数1003"]
    assert "Noto" in Path(font.path).name or "WenKai" in Path(font.path).name


def test_tabloid_variants_take_well_under_three_seconds_besides_rendering(tmp_path):
    if not real_fonts_available() or not (TABLOID / "photos").is_dir():
        pytest.skip("CJK fonts or stand-in photos missing: run `make fonts standins`")
    res = make_variants(str(TABLOID), n=5, out=tmp_path, dpi=10)
    assert res.pages[0].page == 3 and res.pages[0].variants
    assert res.timings["search"] + res.timings["compose"] < 1.5, res.timings
