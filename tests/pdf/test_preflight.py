"""Preflight (rules 16–25) on a good PDF/X-1a file built here, and on one deliberately broken variant per rule.

The good file is made independently of our writer: ReportLab canvas (PDF 1.3, CMYK vector,
a 250 ppi CMYK JPEG, 9 pt K-only overprinting text in an embedded TrueType), then pikepdf
adds the output intent and the PDF/X Info keys. Each broken variant must produce exactly the
expected error(s) and no other error.
"""
from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageCms
from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from layout.output.preflight import Finding, PreflightError, PreflightReport
from layout.output.preflight import preflight as full_preflight

from ..squarefont import build_square_font

FONT = "PreflightSquare"
W, H = 300.0, 400.0
TRIM = (10.0, 10.0, 290.0, 390.0)          # 98.8 × 134.1 mm
BLEED = (5.0, 5.0, 295.0, 395.0)


@pytest.fixture(scope="module")
def assets(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("preflight")
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, build_square_font(str(folder / "square.ttf"), "新闻报")))
    Image.new("CMYK", (250, 250), (40, 30, 20, 100)).save(folder / "photo.jpg", quality=90)
    Image.new("CMYK", (100, 100), (40, 30, 20, 100)).save(folder / "lowres.jpg", quality=90)
    Image.new("CMYK", (250, 250), (255, 255, 255, 255)).save(folder / "heavy.jpg", quality=95)
    Image.new("RGB", (250, 250), (200, 40, 40)).save(folder / "rgb.jpg", quality=90)
    return folder


def build(path: Path, assets: Path, extra: Callable[[canvas.Canvas], None] | None = None,
          fix: Callable[[pikepdf.Pdf], None] | None = None, pages: int = 1, **save) -> Path:
    """A good PDF/X-1a:2001 file of `pages` pages, plus whatever `extra` draws on each and `fix` changes."""
    raw = path.with_suffix(".raw.pdf")
    c = canvas.Canvas(str(raw), pagesize=(W, H), pdfVersion=(1, 3), initialFontName=FONT, invariant=1)
    for _ in range(pages):
        c.setTrimBox(TRIM)
        c.setBleedBox(BLEED)
        c.setFillColorCMYK(0.2, 0.3, 0.4, 0.1)
        c.rect(20, 20, 100, 50, fill=1, stroke=0)
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.setStrokeOverprint(True)
        c.setOverprintMask(True)
        c.setLineWidth(0.5)
        c.line(20, 100, 200, 100)
        c.drawImage(str(assets / "photo.jpg"), 20, 150, 72, 72)           # 250 px on 1 in
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFillOverprint(True)
        c.setFont(FONT, 9)
        c.drawString(20, 300, "PDF/X 新闻报")
        if extra:
            extra(c)
        c.showPage()
    c.save()
    with pikepdf.open(raw) as pdf:
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier="IFRA26",
            OutputCondition="ISO 12647-3 coldset newsprint", Info="ISOnewspaper26v4",
            RegistryName="http://www.color.org")]))
        info = pdf.docinfo
        info.Title = "Preflight test page"
        info.GTS_PDFXVersion = "PDF/X-1:2001"
        info.GTS_PDFXConformance = "PDF/X-1a:2001"
        info.Trapped = pikepdf.Name("/False")
        if fix:
            fix(pdf)
        pdf.save(path, force_version=save.pop("force_version", "1.3"), **save)
    return path


def append(pdf: pikepdf.Pdf, content: bytes, **xobjects: pikepdf.Stream) -> None:
    """Add raw content (and image XObjects) to page 1: for what ReportLab cannot write."""
    page = pdf.pages[0]
    for name, xobject in xobjects.items():
        page.Resources.XObject[f"/{name}"] = xobject
    page.contents_add(pdf.make_stream(content))


def cmyk_image(pdf: pikepdf.Pdf, value: int, decode: list[int] | None = None) -> pikepdf.Stream:
    """A 300 × 300 Flate CMYK image whose every sample is `value`."""
    image = pdf.make_stream(zlib.compress(bytes([value]) * (300 * 300 * 4)), Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Image, Width=300, Height=300, BitsPerComponent=8,
                            ColorSpace=pikepdf.Name.DeviceCMYK, Filter=pikepdf.Name.FlateDecode)
    if decode:
        image.Decode = pikepdf.Array(decode)
    return image


def preflight(path: str, *args, **kw) -> PreflightReport:
    """The per-object checks only: these cases test one object each (test_preflight_ink.py composites)."""
    return full_preflight(path, *args, composite=False, **kw)


def errors(report: PreflightReport) -> list[Finding]:
    return [f for f in report.findings if f.severity == "error"]


def only_error(report: PreflightReport, rule: int) -> Finding:
    errs = errors(report)
    assert len(errs) == 1 and errs[0].rule == rule, [str(f) for f in report.findings]
    return errs[0]


def test_good_file_has_no_errors(tmp_path, assets):
    report = preflight(str(build(tmp_path / "good.pdf", assets)))
    assert report.standard == "PDF/X-1a:2001" and report.pages == 1
    assert report.errors == 0 and report.warnings == 0, [str(f) for f in report.findings]
    d = report.as_dict()
    assert (d["verdict"], d["errors"], d["warnings"], d["findings"], d["damaged"]) == ("accepted", 0, 0, [], False)


def test_rgb_image(tmp_path, assets):
    pdf = build(tmp_path / "f.pdf", assets, lambda c: c.drawImage(str(assets / "rgb.jpg"), 150, 150, 72, 72))
    f = only_error(preflight(str(pdf)), 18)
    assert f.page == 1 and f.object.startswith("image /") and "DeviceRGB" in f.message


def test_unembedded_font(tmp_path, assets):
    def helvetica(c):
        c.setFont("Helvetica", 14)
        c.drawString(20, 330, "Headline")
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, helvetica))), 17)
    assert f.page == 1 and "Helvetica" in f.object and "not embedded" in f.message


def test_unembedded_cid_font(tmp_path, assets):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def song(c):
        c.setFont("STSong-Light", 14)
        c.drawString(20, 330, "新闻")
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, song))), 17)
    assert "STSong-Light" in f.object                    # a Type0 font: its descendant has no FontFile


def test_transparency(tmp_path, assets):
    def alpha(c):
        c.setFillAlpha(0.5)
        c.rect(150, 20, 50, 50, fill=1, stroke=0)
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, alpha))), 19)
    assert f.page == 1 and f.object.startswith("ExtGState") and "ca 0.5" in f.message


def test_missing_trimbox(tmp_path, assets):
    def drop(pdf):
        del pdf.pages[0].obj["/TrimBox"]
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, fix=drop))), 22)
    assert f.page == 1 and "TrimBox" in f.message


def test_missing_output_intent(tmp_path, assets):
    def drop(pdf):
        del pdf.Root["/OutputIntents"]
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, fix=drop))), 20)
    assert f.page == 0 and f.object == "OutputIntents"


def test_low_resolution_photo(tmp_path, assets):
    pdf = build(tmp_path / "f.pdf", assets, lambda c: c.drawImage(str(assets / "lowres.jpg"), 150, 150, 72, 72))
    f = only_error(preflight(str(pdf)), 25)
    assert f.page == 1 and f.object.startswith("image /") and "100 ppi" in f.message
    assert str(f).startswith("page 1, image /")
    assert str(f).endswith("rule 25 error: effective resolution 100 ppi (minimum 150) — use a larger original or "
                           "place it smaller (≥ 150 ppi at its size)")
    assert f.bbox == (150.0, 150.0, 222.0, 222.0) and f.check == "image.resolution"


def test_rich_black_small_text(tmp_path, assets):
    def rich(c):
        c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        c.setFont(FONT, 9)
        c.drawString(20, 330, "新闻")
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, rich))), 24)
    assert f.page == 1 and "rich black text" in f.message and "LayoutSquare" in f.object


def test_two_ink_small_text(tmp_path, assets):
    def two(c):
        c.setFillColorCMYK(0.5, 0.5, 0, 0)
        c.setFont(FONT, 8)
        c.drawString(20, 330, "报")
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, two))), 24)
    assert "four-colour text" in f.message and "2 inks" in f.message


def test_black_text_without_overprint_is_a_warning(tmp_path, assets):
    def knockout(c):
        c.setFillOverprint(False)
        c.drawString(20, 330, "报")
    report = preflight(str(build(tmp_path / "f.pdf", assets, knockout)))
    assert report.errors == 0
    assert [(f.rule, f.severity) for f in report.findings] == [(24, "warning")]
    assert "does not overprint" in report.findings[0].message


def test_hairline(tmp_path, assets):
    def thin(c):
        c.setLineWidth(0.1)
        c.line(20, 120, 200, 120)
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, thin))), 25)
    assert f.page == 1 and f.object == "content stream" and "0.1 pt" in f.message


def test_rgb_vector_fill(tmp_path, assets):
    def red(c):
        c.setFillColorRGB(1, 0, 0)
        c.rect(150, 20, 50, 50, fill=1, stroke=0)
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, red))), 18)
    assert f.page == 1 and f.object == "content stream" and "DeviceRGB" in f.message


def test_encrypted(tmp_path, assets):
    rc4 = pikepdf.Encryption(owner="plant", user="", R=2, aes=False, metadata=False)   # R2 is valid in PDF 1.3
    pdf = build(tmp_path / "f.pdf", assets, encryption=rc4)
    f = only_error(preflight(str(pdf)), 16)
    assert "encrypted" in f.message


def test_tac_400_fill(tmp_path, assets):
    def heavy(c):
        c.setFillColorCMYK(1, 1, 1, 1)
        c.rect(150, 20, 50, 50, fill=1, stroke=0)
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, heavy))), 23)
    assert f.page == 1 and "400 %" in f.message


def test_tac_image(tmp_path, assets):
    pdf = build(tmp_path / "f.pdf", assets, lambda c: c.drawImage(str(assets / "heavy.jpg"), 150, 150, 72, 72))
    f = only_error(preflight(str(pdf)), 23)
    assert f.object.startswith("image /") and "exceeds TAC 240" in f.message
    assert preflight(str(pdf), tac=420).errors == 0      # ≈ 400 %: the Decode-inverted JPEG is read right


def test_tac_flate_image_and_decode_array(tmp_path, assets):
    place = b"q 72 0 0 72 150 150 cm /Heavy Do Q"                    # 300 px on 1 in: 300 ppi
    heavy = build(tmp_path / "heavy.pdf", assets, fix=lambda pdf: append(pdf, place, Heavy=cmyk_image(pdf, 255)))
    f = only_error(preflight(str(heavy)), 23)
    assert f.object.startswith("image /Heavy") and "400 %" in f.message
    inverted = build(tmp_path / "inv.pdf", assets,
                     fix=lambda pdf: append(pdf, place, Heavy=cmyk_image(pdf, 255, [1, 0] * 4)))
    assert preflight(str(inverted)).errors == 0                      # /Decode turns full samples into no ink


def test_rgb_inline_image(tmp_path, assets):
    inline = b"q 1 0 0 1 200 200 cm BI /W 4 /H 4 /CS /RGB /BPC 8 ID " + bytes(48) + b" EI Q"
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, fix=lambda pdf: append(pdf, inline)))), 18)
    assert f.object == "inline image" and "DeviceRGB" in f.message


def test_registration_colour(tmp_path, assets):
    def registration(c):
        c.setFillColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))
        c.rect(150, 20, 10, 10, fill=1, stroke=0)
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, registration))), 24)
    assert "registration" in f.message and "/All" in f.message


def test_info_without_trapped(tmp_path, assets):
    def untrapped(pdf):
        del pdf.docinfo["/Trapped"]
    f = only_error(preflight(str(build(tmp_path / "f.pdf", assets, fix=untrapped))), 21)
    assert f.page == 0 and f.object == "Info" and "Trapped" in f.message


def test_form_xobject_is_entered(tmp_path, assets):
    def form(c):
        c.beginForm("logo")
        c.setFillColorRGB(0, 0, 1)
        c.rect(0, 0, 10, 10, fill=1, stroke=0)
        c.drawImage(str(assets / "lowres.jpg"), 0, 0, 72, 72)
        c.endForm()
        c.doForm("logo")
    report = preflight(str(build(tmp_path / "f.pdf", assets, form)))
    assert sorted(f.rule for f in errors(report)) == [18, 25], [str(f) for f in report.findings]
    assert all("form " in f.object for f in errors(report))


def test_trim_size_and_pages(tmp_path, assets):
    pdf = str(build(tmp_path / "f.pdf", assets, pages=3))
    assert preflight(pdf, trim_mm=(98.8, 134.1)).errors == 0
    report = preflight(pdf, trim_mm=(390, 546))
    assert report.pages == 3 and [(f.rule, f.page) for f in errors(report)] == [(22, 1), (22, 2), (22, 3)]


XMP_X4 = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" pdfxid:GTS_PDFXVersion="PDF/X-4"/>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def press_profile() -> bytes:
    """The newsprint press profile `make icc` fetches (a CMYK output profile, device class prtr)."""
    from layout.model.paths import ICC_DIR
    return (Path(ICC_DIR) / "ISOnewspaper26v4.icc").read_bytes()


def make_x4(pdf: pikepdf.Pdf, profile: bytes | None = None, n: int = 4) -> None:
    """Turn the good X-1a file into a PDF/X-4 one: XMP identification and an embedded output profile."""
    pdf.Root.OutputIntents[0].DestOutputProfile = pdf.make_stream(profile or press_profile(), N=n)
    pdf.Root.Metadata = pdf.make_stream(XMP_X4, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    pdf.docinfo.GTS_PDFXVersion = "PDF/X-4"
    del pdf.docinfo["/GTS_PDFXConformance"]


def test_x4_file_allows_icc_rgb_and_transparency(tmp_path, assets):
    def icc_rgb(pdf):
        make_x4(pdf)
        srgb = pdf.make_stream(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(), N=3)
        pdf.pages[0].Resources.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, srgb]))
        pdf.pages[0].Resources.ExtGState = pikepdf.Dictionary(A=pikepdf.Dictionary(ca=0.5))
        append(pdf, b"q /A gs /CS0 cs 1 0 0 sc 150 20 50 50 re f Q")
    pdf = str(build(tmp_path / "x4.pdf", assets, fix=icc_rgb, force_version="1.6"))
    report = preflight(pdf)
    assert report.standard == "PDF/X-4" and report.errors == 0, [str(f) for f in report.findings]
    assert {f.rule for f in errors(preflight(pdf, "x1a"))} >= {16, 18, 19}   # 1.6, RGB, alpha: not X-1a
    gwg = errors(preflight(pdf, "gwg-news"))                                 # CMYK-only delivery: ICC RGB is not
    assert [(f.check, f.page) for f in gwg] == [("colour.rgb", 1)], [str(f) for f in gwg]
    assert "ICCBased (N=3)" in gwg[0].message and "CMYK-only" in gwg[0].message


def test_not_a_pdf(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("this is not a PDF")
    with pytest.raises(PreflightError):
        preflight(str(bad))
    with pytest.raises(PreflightError):
        preflight(str(tmp_path / "missing.pdf"))


def test_x4_needs_profile(tmp_path, assets):
    report = preflight(str(build(tmp_path / "good.pdf", assets)), "x4")
    assert report.standard == "PDF/X-4"
    assert {f.rule for f in errors(report)} == {20}, [str(f) for f in report.findings]
    assert any("DestOutputProfile" in f.message for f in errors(report))
