"""Proofs per revision and revision diffs on the sample edition (real fonts)."""
from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest

from layout.cli import main
from layout.output.layout_read import load_layout
from layout.review.diff import diff
from layout.review.proof import list_revs, make_proof
from layout.review.raster import page_texts

from ..conftest import SAMPLE, real_fonts_available

pytestmark = pytest.mark.realfont

P3 = "成功入选国家智能社会治理城市管理和社区治理特色基地。"


@pytest.fixture
def work(tmp_path):
    if not real_fonts_available() or not (SAMPLE / "photos").is_dir():
        pytest.skip("fonts or stand-in photos missing")
    ed = tmp_path / "2021-year-end"
    shutil.copytree(SAMPLE, ed)
    return ed, tmp_path / "build"


def _edit(ed: Path, old: str, new: str) -> None:
    m = ed / "edition.yaml"
    text = m.read_text(encoding="utf-8")
    assert old in text
    m.write_text(text.replace(old, new, 1), encoding="utf-8")


def _proof(ed, root, rev, when=None):
    return make_proof(str(ed), rev=rev, dpi=60, root=str(root), now=when)


def test_proof_set_per_revision(work):
    ed, root = work
    res = _proof(ed, root, "r1", datetime(2021, 12, 30, 22, 0, tzinfo=UTC))
    assert res.folder == root / "2021-year-end" / "revs" / "r1"
    for f in (res.pdf, res.json, res.contact, *res.pngs, res.folder / "meta.json"):
        assert f.is_file() and f.stat().st_size > 0
    assert [p.name for p in res.pngs] == ["page-08.png"]
    with pikepdf.open(res.pdf) as pdf:
        page = pdf.pages[0]
        assert float(page.TrimBox[1]) > float(page.MediaBox[1])          # the slug strip below the trim
        xobjects = [x for _, x in page.Resources.XObject.items()]
        assert all(x.ColorSpace == "/DeviceRGB" for x in xobjects)        # proofs may stay RGB
    auto = _proof(ed, root, None)
    assert auto.rev == load_layout(auto.json).edition.content_hash[:10]
    assert [m["rev"] for m in list_revs(root, "2021-year-end")] == sorted([auto.rev, "r1"], key=lambda r: r != "r1")


def test_identical_builds_at_different_times_have_no_differences(work, capsys):
    ed, root = work
    _proof(ed, root, "a", datetime(2021, 12, 30, 20, 0, tzinfo=UTC))
    _proof(ed, root, "b", datetime(2021, 12, 31, 9, 30, tzinfo=UTC))
    res = diff("a", "b", root)
    assert res.changes == [] and not res.changed
    assert res.compared == 0 and res.visual == []                          # equal layout: nothing rendered
    assert main(["diff", "a", "b", "--root", str(root)]) == 0
    assert capsys.readouterr().out.splitlines() == ["无差异"]
    assert main(["diff", "a", "b", "--root", str(root), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == ["no differences"]


def test_one_sentence_edited_in_paragraph_3(work):
    ed, root = work
    _proof(ed, root, "a")
    _edit(ed, P3, "成功入选国家特色基地。")
    _proof(ed, root, "b")
    res = diff("a", "b", root)
    edits = [c for c in res.changes if c.kind == "edit"]
    assert {c.ref for c in res.changes} == {"main"}
    assert len(edits) == 1 and "¶3" in edits[0].message
    assert edits[0].deleted == "智能社会治理城市管理和社区治理" and edits[0].inserted == ""
    reflow = [c for c in res.changes if c.kind == "reflow"]
    assert len(reflow) == 1 and "lines reflowed or moved, text unchanged" in reflow[0].message
    page = res.visual[0]
    assert page.edits and page.reflow and not page.other                  # moved lines are not changes
    assert res.visual_lines("en") == [f"visual: 1 page(s) compared, all {len(page.edits) + len(page.reflow)} "
                                      "changed region(s) explained above"]


def test_one_character_edit_gives_a_region_on_that_line(work):
    ed, root = work
    _proof(ed, root, "a")
    _edit(ed, "我市广大党员干部把党史", "我市广大党员干部将党史")
    _proof(ed, root, "b")
    res = diff("a", "b", root)
    (edit,) = [c for c in res.changes if c.kind == "edit"]
    assert (edit.deleted, edit.inserted) == ("把", "将")
    (line,) = edit.lines
    regions = res.visual[0].edits
    assert len(regions) >= 1 and not res.visual[0].other
    assert any(r.overlaps(*line[1:]) for r in regions)


def test_photo_credit_changed(work):
    ed, root = work
    _proof(ed, root, "a")
    _edit(ed, "credit: ■金明达 摄", "credit: ■罗盟 摄")
    _proof(ed, root, "b")
    res = diff("a", "b", root)
    assert len(res.changes) == 1
    (c,) = res.changes
    assert c.ref == "wuchang" and "credit" in c.message and "金明达" in c.deleted and "罗盟" in c.inserted


def test_chronicle_item_removed_and_renumbered(work):
    ed, root = work
    _proof(ed, root, "a")
    text = (ed / "edition.yaml").read_text(encoding="utf-8")
    start = text.index("      - date: 6月25日")
    end = text.index("      - date: 6月29日上午")
    (ed / "edition.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    _proof(ed, root, "b")
    res = diff("a", "b", root, visual=False)
    messages = [c.message for c in res.changes if c.ref == "dashiji"]
    assert any("item 5 removed" in m and "衡阳党史百年展" in m for m in messages)
    assert any("items 6–10 renumbered 5–9" in m for m in messages)
    assert not [c for c in res.changes if c.kind == "overset"]


def test_pdfs_without_layout_json_fall_back_to_text(work, tmp_path):
    ed, root = work
    a = _proof(ed, root, "a")
    _edit(ed, "我市广大党员干部把党史", "我市广大党员干部将党史")
    b = _proof(ed, root, "b")
    pa, pb = tmp_path / "old.pdf", tmp_path / "new.pdf"
    shutil.copy(a.pdf, pa)
    shutil.copy(b.pdf, pb)
    res = diff(str(pa), str(pb), root)
    assert res.changed and any(c.inserted == "将" and c.deleted == "把" for c in res.changes)


def test_diff_pdf_and_json_and_errors(work, tmp_path, capsys):
    ed, root = work
    _proof(ed, root, "a")
    _edit(ed, "我市广大党员干部把党史", "我市广大党员干部将党史")
    _proof(ed, root, "b")
    out = tmp_path / "diff.pdf"
    assert main(["diff", "a", "b", "--root", str(root), "--pdf", str(out), "--json"]) == 1
    raw = capsys.readouterr().out
    assert "赓续精神血脉" in raw and "\\u" not in raw                       # UTF-8, not escaped
    data = json.loads(raw)
    assert data["changed"] and data["changes"][0]["ref"] == "main" and data["lang"] == "zh"
    assert [c["text"] for c in data["changes"]] == data["lines"][:1] == [
        "第8版 第5栏第26行：「赓续精神血脉，汲取奋进力量」第2段：「把」改为「将」（在「我市广大党员干部」之后）"]
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 3                                        # list, page 8 old | new, excerpts
        annots = pdf.pages[0].get("/Annots")
        assert annots is not None and len(annots) >= 1                    # change list links to its excerpt
        for k in (1, 2):                                                  # the proofs' pages as vector forms
            forms = [x for _, x in pdf.pages[k].Resources.XObject.items()]
            assert forms and all(x.Subtype == "/Form" for x in forms)
    text = page_texts(out)
    listed = text[0].replace("\r\n", "").replace(" ", "")
    numbered = [f"{k + 1}.{c['text']}" for k, c in enumerate(data["changes"])] + data["lines"][len(data["changes"]):]
    assert all(line.replace(" ", "") in listed for line in numbered)       # text, JSON and PDF agree
    both = text[1].replace("\r\n", "")
    assert "我市广大党员干部将党史" in both and "我市广大党员干部把党史" in both
    assert main(["diff", "a", "nope", "--root", str(root)]) == 2


def test_revisions_listed_in_the_order_they_were_made(work):
    """A counter, not the minute: a revision made second is listed second, whatever its name or clock."""
    ed, root = work
    same_minute = datetime(2021, 12, 30, 22, 0, tzinfo=UTC)
    _proof(ed, root, "zz", same_minute)
    _edit(ed, "我市广大党员干部把党史", "我市广大党员干部将党史")
    _proof(ed, root, "aa", same_minute)
    revs = list_revs(root, "2021-year-end")
    assert [(m["rev"], m["seq"]) for m in revs] == [("zz", 1), ("aa", 2)]
    assert revs[0]["created"] == "2021-12-30T22:00:00+00:00"


def test_same_content_is_the_same_revision_never_overwritten(work, capsys):
    ed, root = work
    first = _proof(ed, root, None)
    stamp = first.pdf.stat().st_mtime_ns
    assert main(["proof", str(ed), "--root", str(root), "--dpi", "60"]) == 0
    assert capsys.readouterr().out.startswith(f"unchanged: the content is revision {first.rev} ")
    assert first.pdf.stat().st_mtime_ns == stamp and len(list_revs(root, "2021-year-end")) == 1
    _edit(ed, "我市广大党员干部把党史", "我市广大党员干部将党史")
    assert main(["proof", str(ed), "--root", str(root), "--rev", first.rev]) == 1       # other content, same name
    assert "never overwritten" in capsys.readouterr().err
    assert first.pdf.stat().st_mtime_ns == stamp


def test_contact_sheet_labels_in_a_chinese_face(work):
    """第8版 in the edition's face, not Pillow's default font (tofu)."""
    from PIL import Image, ImageChops

    from layout.review.raster import contact_sheet
    ed, root = work
    res = _proof(ed, root, "r1")
    sheet = Image.open(res.contact).convert("RGB")
    page = Image.open(res.pngs[0]).convert("RGB")
    tofu = contact_sheet([page], ["第8版"])                               # what the default font draws
    label = (0, sheet.height - 50, sheet.width // 4, sheet.height)
    assert ImageChops.difference(sheet.crop(label), tofu.crop(label).resize((label[2], 50))).getbbox() is not None
    ink = sheet.crop(label).convert("L").point(lambda v: 255 if v < 100 else 0).getbbox()
    assert ink is not None and ink[3] - ink[1] >= 18                     # a 28 px face, not 11 px bitmap boxes


def test_proof_and_print_file_of_one_manifest_compare_equal(work, tmp_path, capsys):
    from layout.build import build
    ed, root = work
    _proof(ed, root, "a")
    build(str(ed), str(tmp_path / "print"))
    assert main(["diff", "a", str(tmp_path / "print"), "--root", str(root)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "无差异", "注：校样与印刷文件相比，不比较校样的页脚说明条（slug）和色彩空间（RGB／CMYK）"]
    _edit(ed, "我市广大党员干部把党史", "我市广大党员干部将党史")
    build(str(ed), str(tmp_path / "print2"))
    res = diff("a", str(tmp_path / "print2"), root)
    assert [c.kind for c in res.changes] == ["edit"] and res.visual[0].edits and not res.visual[0].other


def test_visual_diff_reports_only_what_nothing_explains(work):
    """A mark on the new page that no layout change accounts for (drawn into its render) is reported as such,
    at its place; the edit and its reflow on the same page are not."""
    from PIL import Image, ImageDraw
    ed, root = work
    _proof(ed, root, "a")
    _edit(ed, P3, "成功入选国家特色基地。")
    b = _proof(ed, root, "b")
    im = Image.open(b.pngs[0]).convert("RGB")
    s = 60 / 72
    ImageDraw.Draw(im).rectangle([round(300 * s), round(1300 * s), round(340 * s), round(1320 * s)], fill="black")
    im.save(b.pngs[0])
    res = diff("a", "b", root)
    (v,) = res.visual
    assert v.edits and v.reflow and len(v.other) == 1
    r = v.other[0]
    assert 290 <= r.x <= 300 and 1290 <= r.y <= 1300 and r.w < 60 and r.h < 40
    assert res.lines("en")[-1].startswith("page 8: visual: 1 changed region(s) no change above explains (at 2")


def _ink(png, colour) -> tuple[int, int]:
    """Pixels of a mark colour in the left and right halves of a rendered diff page."""
    from PIL import Image, ImageChops
    r, g, b = Image.open(png).convert("RGB").split()
    if colour == "red":
        mask = ImageChops.multiply(ImageChops.multiply(r.point(lambda v: 255 if v > 200 else 0),
                                                       g.point(lambda v: 255 if v < 80 else 0)),
                                   b.point(lambda v: 255 if v < 80 else 0))
    else:
        mask = ImageChops.multiply(g.point(lambda v: 255 if v > 120 else 0), r.point(lambda v: 255 if v < 80 else 0))
    half = mask.width // 2
    return (mask.crop((0, 0, half, mask.height)).histogram()[255],
            mask.crop((half, 0, mask.width, mask.height)).histogram()[255])


def test_diff_pdf_marks_characters_and_deletion_points(work, tmp_path):
    """The excerpt of a deletion: red boxes round the deleted characters on the old side, a red caret on the new
    side and nothing green; of an insertion: green on the new side, nothing red on the old."""
    from layout.review.diffpdf import write_diff_pdf
    from layout.review.raster import render
    ed, root = work
    _proof(ed, root, "a")
    _edit(ed, P3, "成功入选国家特色基地。")
    _proof(ed, root, "b")
    out = write_diff_pdf(diff("a", "b", root), tmp_path / "del.pdf")
    png = tmp_path / "del.png"
    render(out, 72, [2])[0].save(png)
    red, green = _ink(png, "red"), _ink(png, "green")
    assert red[0] > 100 and 0 < red[1] < red[0] / 4 and green == (0, 0)
    _edit(ed, "坚定历史自信、掌握历史主动。", "坚定历史自信、掌握历史主动，开创美好未来。")
    _proof(ed, root, "c")
    out = write_diff_pdf(diff("b", "c", root), tmp_path / "ins.pdf")
    render(out, 72, [2])[0].save(png)
    red, green = _ink(png, "red"), _ink(png, "green")
    assert green[1] > 100 and green[0] == 0 and red == (0, 0)


def test_check_marks_on_a_proof_have_a_legend(work):
    """Each 「规则N」 mark on a proof page is explained under the slug, in the edition's face."""
    from layout.model.manifest import load_edition
    from layout.pages.compose import compose
    from layout.pages.typeset import Typesetter
    from layout.review.check import Finding
    from layout.review.proof import decorate
    from layout.text.sources import load_fonts
    ed_dir, _ = work
    ed = load_edition(str(ed_dir))
    fonts = load_fonts(ed)
    page = compose(ed, fonts).pages[0]
    hit = next(ln for ln in page.lines if ln.story == "main" and ln.kind == "body")
    finding = Finding(11, "error", page.number, hit.column + 1, hit.grid_line + 1, "main", hit.para, hit.text,
                      "lone last character (孤字)")
    proofed = decorate(page, Typesetter(fonts, ed.template), "第8版　slug", [finding], True)
    added = [ln.text for ln in proofed.lines[len(page.lines):]]
    assert "规则11" in added and "红框：规则11 lone last character (孤字)" in added
    assert all(ln.y > page.height for ln in proofed.lines[len(page.lines):] if ln.text.startswith("红框"))
