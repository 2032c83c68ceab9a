"""The sample edition end to end with the real fonts: PDF, fonts, text, determinism, atomicity."""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from layout.build import build
from layout.cli import main
from layout.model.model import BlockKind
from layout.output.layout_read import load_layout
from layout.output.preflight import preflight
from layout.pages.placed import LineKind

from ..conftest import SAMPLE

pytestmark = pytest.mark.realfont


def copy_paragraphs() -> list[str]:
    """The sample copy, as delivered, split into the pieces that must come back from the PDF."""
    text = (SAMPLE / "copy.txt").read_text(encoding="utf-8")
    text = text.replace("做好中心\n\n工作", "做好中心工作").replace("光辉\n\n典范", "光辉典范")
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para or para.startswith("###"):
            continue
        para = re.sub(r"^## ", "", para)
        para = re.sub(r"^\d+\. ", "", para)
        out.append(squash(para))
    return out


def squash(text: str) -> str:
    text = text.translate(str.maketrans({",": "，", ":": "：", "!": "！"}))
    return "".join(ch for ch in text if not ch.isspace())


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_every_character_of_the_copy_comes_back_in_order(sample_build):
    text = squash(pdf_text(sample_build.pdf))
    paragraphs = copy_paragraphs()
    assert len(paragraphs) >= 27          # note, headline, byline, 7 body, 5 captions, 5 credits, 10 items
    for para in paragraphs:
        assert para in text, f"not found in reading order: {para[:30]}…"


def test_fonts_embedded_as_type0_subsets(sample_build):
    with pikepdf.open(sample_build.pdf) as pdf:
        fonts = {}
        for page in pdf.pages:
            for _name, font in page.Resources.Font.items():
                fonts[str(font.BaseFont)] = font
        assert len(fonts) == 4
        for base, font in fonts.items():
            assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H" and "/ToUnicode" in font
            assert re.match(r"^/[A-Z]{6}\+", base)
            desc = font.DescendantFonts[0].FontDescriptor
            assert ("/FontFile3" in desc) or ("/FontFile2" in desc)
        subtypes = sorted(str(f.DescendantFonts[0].Subtype) for f in fonts.values())
        assert subtypes == ["/CIDFontType0", "/CIDFontType0", "/CIDFontType0", "/CIDFontType2"]


def test_page_is_broadsheet_with_trim_box(sample_build):
    with pikepdf.open(sample_build.pdf) as pdf:
        page = pdf.pages[0]
        w, h = float(page.MediaBox[2]), float(page.MediaBox[3])
        assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (390, 546)
        assert [float(v) for v in page.TrimBox] == [0, 0, pytest.approx(w), pytest.approx(h)]


def test_layout_json_contract(sample_build):
    doc = load_layout(sample_build.json)
    assert doc.format == "layout.json/2" and doc.edition.pdf == Path(sample_build.pdf).name
    page = doc.pages[0]
    kinds = {(ln.story, ln.kind) for ln in page.lines}
    L = LineKind
    for need in [("main", L.HEADLINE), ("main", L.KICKER), ("main", L.NOTE), ("main", L.BYLINE), ("main", L.BODY),
                 ("dashiji", L.ITEM), ("xuanjiang", L.CAPTION)]:
        assert need in kinds
    assert {b.kind for b in page.blocks} == set(BlockKind)
    assert all(f.overset_chars == 0 for f in doc.fits)
    grid = page.grid
    for ln in page.lines:
        if ln.kind in (L.BODY, L.BYLINE, L.ITEM, L.CAPTION):
            k = (ln.y - grid.first_baseline) / grid.pitch
            assert abs(k - round(k)) * grid.pitch < 0.05, ln.text
    body = [ln for ln in page.lines if ln.kind == L.BODY]
    assert {ln.column for ln in body} == {4, 5}          # columns 5 and 6
    for d in page.decorations:                           # every colour a decoration names is on the page
        assert not d.color or page.color(d.color)


def test_rebuild_is_byte_identical(sample_build, tmp_path):
    again = build(str(SAMPLE), str(tmp_path))
    assert Path(again.pdf).read_bytes() == Path(sample_build.pdf).read_bytes()
    assert Path(again.json).read_bytes() == Path(sample_build.json).read_bytes()


def test_failed_build_leaves_previous_pdf_untouched(sample_copy, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(sample_copy), "-o", str(out)]) == 0
    before = (out / "2021-year-end.pdf").read_bytes()
    manifest = sample_copy / "edition.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "{text: main, column: 5, line: 14, span: 2, lines: 36}",
        "{text: main, column: 5, line: 14, span: 2, lines: 30}"),
        encoding="utf-8")
    assert main(["build", str(sample_copy), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "overset: text 'main'" in err and "characters" in err and "Traceback" not in err
    assert (out / "2021-year-end.pdf").read_bytes() == before
    assert not list(out.glob(".*.tmp"))


def test_stand_in_photos_have_at_least_200_ppi(sample_build):
    pictures = load_layout(sample_build.json).pages[0].pictures
    assert len(pictures) == 5
    for pic in pictures:
        left, top, right, bottom = pic.crop
        ppi = (right - left) / (pic.frame.w / 72)
        assert ppi >= 200, (pic.ref, ppi)


def test_a_font_dropped_into_fonts_overrides_its_role(sample_copy, square_font, tmp_path):
    (sample_copy / "fonts").mkdir()
    (sample_copy / "fonts" / "body.ttf").write_bytes(Path(square_font).read_bytes())
    res = build(str(sample_copy), str(tmp_path / "out"))
    assert dict(load_layout(res.json).fonts)["body"][0].startswith("LayoutSquare-Regular")
    with pikepdf.open(res.pdf) as pdf:
        names = {str(f.BaseFont) for f in pdf.pages[0].Resources.Font.values()}
    assert any(n.endswith("+LayoutSquare-Regular") for n in names)


def test_print_file_passes_preflight(sample_build, capsys):
    report = preflight(str(sample_build.pdf), trim_mm=(390, 546))
    assert report.standard == "PDF/X-1a:2001"
    assert report.errors == 0, [str(f) for f in report.findings]
    assert main(["preflight", str(sample_build.pdf)]) == 0
    assert "accepted" in capsys.readouterr().out


def test_only_cmyk_or_gray_images_and_no_rgb_operators(sample_build):
    with pikepdf.open(sample_build.pdf) as pdf:
        for page in pdf.pages:
            for _name, xo in page.Resources.XObject.items():
                assert xo.ColorSpace in ("/DeviceCMYK", "/DeviceGray")
            ops = {str(op) for _operands, op in pikepdf.parse_content_stream(page)}
            assert not ops & {"rg", "RG", "sc", "scn", "SC", "SCN"}
