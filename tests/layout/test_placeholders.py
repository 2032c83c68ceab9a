"""A photo whose file is missing: loaded and recorded, a marked placeholder on proofs and plain PDFs
(tint, box, diagonal cross, a label with id, file and the pixels the frame needs), a warning that
lists it, and a print file refused with the list; an imported edition proofs with no photo files."""
from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from layout.build import MissingPhotoError, build
from layout.cli import main
from layout.intake import import_copy
from layout.model.manifest import load_edition
from layout.output.layout_read import load_layout
from layout.pages.assets import MISSING, pixel_size
from layout.pages.placed import DecorKind, LineKind
from layout.review.check import check
from layout.review.proof import make_proof

from ..conftest import HAN, REPO, _sample_chars, real_fonts_available, write_edition
from ..squarefont import build_square_font
from .test_compose import MANIFEST

COPY = REPO / "issues" / "2021-year-end" / "copy.txt"
WARN_PPI = 200.0                                  # broadsheet.yaml output.warn_ppi (the square template extends it)


@pytest.fixture(scope="module")
def label_font(tmp_path_factory) -> str:
    """The square font with the placeholder label's characters too."""
    path = tmp_path_factory.mktemp("phfont") / "square-ph.ttf"
    return build_square_font(str(path), HAN + _sample_chars() + "缺图需像素×")


def _edition(tmp_path: Path, font: str, photo: tuple[int, int] | None = None, manifest: dict = MANIFEST) -> Path:
    """The test_compose page: photo 'p1' (photos/p1.jpg) in columns 1–3 beside the text; the file only if asked."""
    return write_edition(tmp_path / "ed", copy.deepcopy(manifest), font,
                         photos={"photos/p1.jpg": photo} if photo else None)


def _frame(page, block_id: str):
    return next(d.rect for d in page.decorations if d.block == block_id and d.kind == DecorKind.TINT)


def _need(rect) -> tuple[int, int]:
    return math.ceil(rect.w / 72 * WARN_PPI - 1e-6), math.ceil(rect.h / 72 * WARN_PPI - 1e-6)


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_a_missing_file_is_recorded_not_a_load_error(tmp_path, label_font):
    ed = load_edition(str(_edition(tmp_path, label_font)))
    assert ed.photos["p1"].missing and ed.photos["p1"].image.endswith("photos/p1.jpg")
    (tmp_path / "ed" / "photos").mkdir()
    Image.new("RGB", (300, 200)).save(tmp_path / "ed" / "photos" / "p1.jpg", "JPEG")
    assert not load_edition(str(tmp_path / "ed")).photos["p1"].missing


def test_pixel_size_says_missing_and_assumes_3_2_landscape(tmp_path):
    path = tmp_path / "later.jpg"
    got = pixel_size(str(path))
    assert got.missing and got is MISSING
    w, h = got                                        # unpacks like any (width, height)
    assert w / h == pytest.approx(1.5)
    Image.new("RGB", (640, 960)).save(path, "JPEG")   # supplied later in the same process: read afresh
    got = pixel_size(str(path))
    assert tuple(got) == (640, 960) and not got.missing
    Image.new("RGB", (1200, 800)).save(path, "JPEG")  # and replaced: its new size, not the cached one
    assert pixel_size(str(path)) == (1200, 800)


def test_proof_sets_a_marked_placeholder_with_its_label(tmp_path, label_font):
    folder = _edition(tmp_path, label_font)
    res = make_proof(str(folder), rev="r1", dpi=30, root=str(tmp_path / "proofs"))
    doc = load_layout(res.json)
    page = doc.pages[0]
    block = next(b for b in page.blocks if b.ref == "p1")
    assert not page.pictures                                          # nothing to paint a picture from
    mine = [d for d in page.decorations if d.block == block.id]
    kinds = [d.kind for d in mine]
    assert (kinds.count(DecorKind.TINT), kinds.count(DecorKind.MARK), kinds.count(DecorKind.RULE)) == (1, 1, 2)
    frame = _frame(page, block.id)
    mark = next(d for d in mine if d.kind == DecorKind.MARK)
    assert mark.color == "proof" and mark.rect == frame
    ends = sorted(tuple(round(v, 2) for v in (d.rect.x, d.rect.y, d.rect.right, d.rect.bottom))
                  for d in mine if d.kind == DecorKind.RULE)
    corners = [(frame.x, frame.y, frame.right, frame.bottom), (frame.x, frame.bottom, frame.right, frame.y)]
    assert ends == sorted(tuple(round(v, 2) for v in c) for c in corners)   # corner to corner, both ways
    assert frame.x == block.rect.x and frame.y == block.rect.y and frame.w == block.rect.w
    captions = [ln for ln in page.lines if ln.block == block.id and ln.kind == LineKind.CAPTION]
    assert captions and "屋场恳谈会现场。" in captions[0].text                      # caption and credit as usual
    assert frame.bottom < min(ln.y for ln in captions) - 0.88 * captions[0].size + 0.01
    w, h = _need(frame)
    label = [ln for ln in page.lines if ln.block == block.id and ln.kind == LineKind.SLUG]
    assert "".join(ln.text for ln in label if ln.para == 0) == f"缺图 p1 photos/p1.jpg：需 {w}×{h} 像素"
    assert "".join(ln.text for ln in label if ln.para == 1) == f"missing photo p1 photos/p1.jpg: needs {w}×{h} px"
    assert all(frame.contains(type(frame)(ln.x, ln.y - ln.size, ln.width, ln.size)) for ln in label)
    assert [m.id for m in res.missing] == ["p1"] and res.missing[0].need == (w, h)
    assert json.loads((res.folder / "meta.json").read_text(encoding="utf-8"))["missing_photos"] == ["p1"]
    text = _pdf_text(res.pdf).replace(" ", "").replace("\r", "").replace("\n", "")
    assert f"缺图p1photos/p1.jpg：需{w}×{h}像素" in text                        # drawn on the proof
    assert not [f for f in check(doc).findings if f.story == "p1"]


def test_a_short_frame_keeps_the_chinese_label_only(tmp_path, label_font):
    m = copy.deepcopy(MANIFEST)
    m["pages"][0]["blocks"][1].update({"span": 2, "lines": 3})          # a frame of 2 grid lines over the caption
    m["pages"][0]["blocks"][2].update({"column": 4})
    res = build(str(_edition(tmp_path, label_font, manifest=m)), str(tmp_path / "out"), pdfx="none")
    page = load_layout(res.json).pages[0]
    label = [ln for ln in page.lines if ln.story == "p1" and ln.kind == LineKind.SLUG]
    assert label and {ln.para for ln in label} == {0}                  # no room for the Latin line as well


def test_build_pdfx_none_succeeds_with_the_warning(tmp_path, label_font, capsys):
    folder = _edition(tmp_path, label_font)
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--pdfx", "none"]) == 0
    printed = capsys.readouterr().out
    page = load_layout(out / "layout.json").pages[0]
    block = next(b for b in page.blocks if b.ref == "p1")
    w, h = _need(_frame(page, block.id))
    assert printed.startswith("warning: 1 photo missing, set as marked placeholders (缺图)")
    assert (f"  photo 'p1' (page 3): {folder / 'photos' / 'p1.jpg'} not found ({folder / 'edition.yaml'}:"
            in printed)
    line = next(ln for ln in printed.splitlines() if "photo 'p1'" in ln)
    assert ": photos.p1.image)" in line and line.endswith(f"needs at least {w}×{h} pixels")
    assert "put each image file at the path shown" in printed
    assert any(ln.kind == LineKind.SLUG and ln.text.startswith("缺图 p1") for ln in page.lines)
    assert "缺图" in _pdf_text(out / "ed.pdf")


@pytest.mark.parametrize("pdfx", [None, "4"])
def test_the_print_file_is_refused_and_a_previous_one_left_alone(tmp_path, label_font, capsys, pdfx):
    folder = _edition(tmp_path, label_font, photo=(3000, 2000))
    out = tmp_path / "out"
    flag = ["--pdfx", pdfx] if pdfx else []
    assert main(["build", str(folder), "-o", str(out), *flag]) == 0          # with the photo: a print file
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) == {"ed.pdf", "layout.json"}
    (folder / "photos" / "p1.jpg").unlink()
    capsys.readouterr()
    assert main(["build", str(folder), "-o", str(out), *flag]) == 1
    err = capsys.readouterr().err
    standard = "PDF/X-4" if pdfx else "PDF/X-1a"
    assert err.startswith(f"error: 1 photo missing: a print file ({standard}) needs every photo; nothing was written")
    assert f"photo 'p1' (page 3): {folder / 'photos' / 'p1.jpg'} not found" in err and "needs at least" in err
    assert "put each image file at the path shown (or point the photo's `image:` at another file)" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before         # untouched, nothing added
    with pytest.raises(MissingPhotoError) as exc:
        build(str(folder), str(tmp_path / "fresh"), pdfx=pdfx)
    assert [m.id for m in exc.value.missing] == ["p1"]
    assert not (tmp_path / "fresh").exists()                                 # no PDF, no layout.json


def test_import_message_says_how_to_supply_photos():
    res = import_copy(COPY.read_text(encoding="utf-8"))
    [msg] = [w for w in res.warnings if "photo" in w]
    assert "p1 → photos/01.jpg" in msg and "p5 → photos/05.jpg" in msg
    assert "putting image files at those paths" in msg and "`image:`" in msg and "--photos" in msg
    assert "make " not in msg and "standins" not in msg


@pytest.mark.skipif(not real_fonts_available(), reason="CJK fonts not installed: run `make fonts`")
def test_import_then_proof_without_any_photo_files(tmp_path, capsys):
    ed = tmp_path / "ED"
    assert main(["import", str(COPY), "-o", str(ed)]) == 0
    assert not (ed / "photos").exists()
    capsys.readouterr()
    assert main(["proof", str(ed), "--root", str(tmp_path / "proofs"), "--dpi", "30"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("warning: 5 photos missing")
    assert all(f"photo 'p{n}' (page 1): {ed / 'photos' / f'0{n}.jpg'} not found" in printed for n in range(1, 6))
    [folder] = (tmp_path / "proofs" / "ED" / "revs").iterdir()
    page = load_layout(folder / "layout.json").pages[0]
    labels = {ln.story: ln.text for ln in page.lines if ln.kind == LineKind.SLUG and ln.para == 0
              and ln.text.startswith("缺图")}
    assert sorted(labels) == ["p1", "p2", "p3", "p4", "p5"]
    assert all(f"photos/0{pid[1]}.jpg" in text for pid, text in labels.items())
    assert sum(d.kind == DecorKind.MARK and d.color == "proof" for d in page.decorations) >= 5
    text = _pdf_text(folder / "ED.pdf").replace(" ", "")
    assert all(f"缺图p{n}photos/0{n}.jpg" in text.replace("\r", "").replace("\n", "") for n in range(1, 6))
    for m in re.finditer(r"needs at least (\d+)×(\d+) pixels", printed):   # each slot fits the 3:2 photo it
        w, h = int(m.group(1)), int(m.group(2))                           # waits for, cropped ≤ max_crop (½)
        assert 1 - min(w / h, h / w * 1.5 ** 2) / 1.5 <= 0.5 + 1e-3, (w, h)
