"""The print file: PDF/X-1a and X-4 identification, CMYK photos through the ICC profile, ink
limit, image modes, resolution limits, bleed and marks."""
from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageCms

from layout.build import REPO, ResolutionError, build
from layout.model.style import Output
from layout.model.units import Rect
from layout.output.colour import INTENTS, find_profile, ink_limit, max_ink, separate
from layout.output.images import prepare
from layout.output.layout_read import load_layout

from ..layout.test_compose import MANIFEST

ICC_DIRS = (str(REPO / ".cache" / "icc"),)


@pytest.fixture(scope="module")
def newsprint() -> str:
    try:
        return find_profile("ISOnewspaper26v4.icc", ICC_DIRS)
    except Exception:
        pytest.skip("ISOnewspaper26v4.icc not fetched: run `make icc`")


def _edition(edition_factory, photos=None, **page):
    m = json.loads(json.dumps(MANIFEST))
    m["pages"][0].update(page)
    # white title on a bar
    m["chronicles"] = {"c": {"title": "大事记", "items": ["这一年，衡阳成功纳入试点城市行列。"]}}
    m["pages"][0]["blocks"].append({"chronicle": "c", "column": 7, "line": 9, "span": 2, "lines": 12})
    return edition_factory(m, photos=photos or {"photos/p1.jpg": (1800, 1350)})


def _content_operators(pdf: pikepdf.Pdf) -> set[str]:
    ops = set()
    for page in pdf.pages:
        for _operands, op in pikepdf.parse_content_stream(page):
            ops.add(str(op))
    return ops


def test_pdfx1a_identification_boxes_and_cmyk_only(edition_factory, tmp_path, newsprint):
    res = build(str(_edition(edition_factory)), str(tmp_path / "out"))
    with pikepdf.open(res.pdf) as pdf:
        assert pdf.pdf_version == "1.3"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "IFRA26"
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001" and str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
        assert info.Trapped == "/False" and str(info.CreationDate) == "D:20211231000000+08'00'"
        assert "/ID" in pdf.trailer
        for page in pdf.pages:
            assert [float(v) for v in page.TrimBox] == [float(v) for v in page.BleedBox] == \
                   [float(v) for v in page.MediaBox]
            for _name, xo in page.Resources.XObject.items():
                assert xo.ColorSpace in ("/DeviceCMYK", "/DeviceGray")
            for _name, gs in page.Resources.ExtGState.items():
                assert "/ca" not in gs and "/CA" not in gs and "/SMask" not in gs
        ops = _content_operators(pdf)
        assert not ops & {"rg", "RG", "sc", "scn", "SC", "SCN", "cs", "CS"}
        assert "k" in ops and "gs" in ops                 # CMYK fills, an overprint graphics state


def test_black_text_overprints_and_white_text_does_not(edition_factory, tmp_path, newsprint):
    res = build(str(_edition(edition_factory)), str(tmp_path / "out"))
    with pikepdf.open(res.pdf) as pdf:
        page = pdf.pages[0]
        states = {str(k): v for k, v in page.Resources.ExtGState.items()}
        overprint = [False]                            # a stack, following q/Q
        seen = {"black": 0, "other": 0}
        fill = None
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "q":
                overprint.append(overprint[-1])
            elif op == "Q":
                overprint.pop()
            elif op == "gs" and "/op" in states[str(operands[0])]:
                overprint[-1] = bool(states[str(operands[0])].op)
            elif op == "k":
                fill = [float(v) for v in operands]
            elif op == "TJ":
                if fill == [0, 0, 0, 1]:
                    assert overprint[-1], "100 % K text must overprint"
                    seen["black"] += 1
                else:
                    assert not overprint[-1], f"text in {fill} must knock out"
                    seen["other"] += 1
        assert seen["black"] > 20 and seen["other"] == 1


def test_pdfx4_has_xmp_and_an_embedded_profile(edition_factory, tmp_path, newsprint):
    res = build(str(_edition(edition_factory)), str(tmp_path / "out"), pdfx="4")
    with pikepdf.open(res.pdf) as pdf:
        assert pdf.pdf_version == "1.6"
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        profile = pdf.Root.OutputIntents[0].DestOutputProfile
        assert int(profile.N) == 4 and profile.read_bytes() == Path(newsprint).read_bytes()
    again = build(str(_edition(edition_factory)), str(tmp_path / "again"), pdfx="4")
    assert Path(again.pdf).read_bytes() == Path(res.pdf).read_bytes()


def test_known_srgb_patch_matches_littlecms(newsprint):
    out = Output()
    patch = Image.new("RGB", (8, 8), (200, 30, 40))
    ours = separate(patch, out, newsprint).getpixel((0, 0))
    direct = ImageCms.applyTransform(patch, ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(newsprint), "RGB", "CMYK",
        INTENTS["relative"], flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)).getpixel((0, 0))
    assert ours == direct
    perceptual = separate(patch, Output(intent="perceptual"), newsprint).getpixel((0, 0))
    assert perceptual != ours                              # the intent is honoured


def test_ink_limit_caps_every_pixel():
    im = Image.new("CMYK", (64, 64), (255, 255, 255, 255))         # 400 %
    im.paste((200, 180, 170, 120), (0, 0, 32, 64))                 # 263 %
    limited = ink_limit(im, 240.0)
    assert max_ink(limited) <= 240.0
    assert limited.getpixel((40, 10))[3] == 255                     # K kept
    assert ink_limit(Image.new("CMYK", (4, 4), (10, 20, 30, 40)), 240.0).getpixel((0, 0)) == (10, 20, 30, 40)


def test_converted_photo_stays_under_the_ink_limit(newsprint, tmp_path):
    src = tmp_path / "dark.jpg"
    Image.new("RGB", (600, 400), (3, 2, 8)).save(src)
    path, _ = prepare(str(src), (0, 0, 600, 400), Rect(0, 0, 200, 133), str(tmp_path / "c"), Output(tac=200.0),
                      newsprint)
    with Image.open(path) as im:
        assert im.mode == "CMYK" and max_ink(im) <= 201.0


@pytest.mark.parametrize("kind", ["cmyk-jpeg", "png16", "palette-transparent", "tiff", "gray"])
def test_image_modes_reach_the_press(kind, tmp_path, newsprint):
    src = tmp_path / f"in.{ 'png' if kind.startswith(('png', 'palette')) else 'tif' if kind == 'tiff' else 'jpg'}"
    if kind == "cmyk-jpeg":
        Image.new("CMYK", (300, 200), (200, 10, 0, 0)).save(src, "JPEG", quality=95)   # Adobe-inverted on disk
    elif kind == "png16":
        Image.new("I;16", (300, 200), 40000).save(src)
    elif kind == "palette-transparent":
        im = Image.new("P", (300, 200), 0)
        im.putpalette([255, 0, 0] + [0, 0, 0] * 255)
        im.info["transparency"] = 0
        im.save(src, transparency=0)
    elif kind == "tiff":
        Image.new("CMYK", (300, 200), (0, 200, 200, 0)).save(src, "TIFF", compression="tiff_lzw")
    else:
        Image.new("L", (300, 200), 128).save(src)
    path, _ = prepare(str(src), (0, 0, 300, 200), Rect(0, 0, 72, 48), str(tmp_path / "c"), Output(), newsprint)
    with Image.open(path) as im:
        assert im.mode in ("CMYK", "L")
        px = im.getpixel((150, 100))
    if kind == "cmyk-jpeg":
        assert abs(px[0] - 200) <= 4 and px[1] <= 14                  # untagged CMYK passes through, not inverted
    elif kind == "palette-transparent":
        assert px == (0, 0, 0, 0)                                      # transparent → paper white, no ink
    elif kind == "png16":
        assert im.mode == "L" and abs(px - 40000 / 257) <= 2
    elif kind == "gray":
        assert im.mode == "L" and abs(px - 128) <= 2


def test_low_resolution_photo_fails_the_build(edition_factory, tmp_path, newsprint):
    folder = _edition(edition_factory, photos={"photos/p1.jpg": (500, 375)})
    with pytest.raises(ResolutionError) as exc:
        build(str(folder), str(tmp_path / "out"))
    assert "photo 'p1' (page 3)" in str(exc.value) and "below the minimum 150" in str(exc.value)
    assert not (tmp_path / "out").exists()


def test_bleed_page_has_marks_outside_the_bleed_box(edition_factory, tmp_path, newsprint):
    m = json.loads(json.dumps(MANIFEST))
    m["pages"][0]["bleed"] = True
    m["pages"][0]["blocks"][1].update({"bleed": True, "column": 1, "line": 9})
    folder = edition_factory(m, photos={"photos/p1.jpg": (2400, 1800)})
    res = build(str(folder), str(tmp_path / "out"))
    with pikepdf.open(res.pdf) as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
        media = [float(v) for v in page.MediaBox]
        b = 3 / 25.4 * 72
        assert bleed == pytest.approx([trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b], abs=0.01)
        assert media[0] == 0 and media[2] > bleed[2] + 10 and media[3] > bleed[3] + 10
        assert trim[2] - trim[0] == pytest.approx(390 / 25.4 * 72, abs=0.01)
    doc = load_layout(res.json)
    picture = doc.pages[0].pictures[0]
    assert doc.pages[0].bleed == pytest.approx(b, abs=0.01) and picture.bleed
    assert picture.frame.x == pytest.approx(-b, abs=0.01)             # the photo runs off the left trim
