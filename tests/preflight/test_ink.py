"""Total ink on the composited page (Ghostscript): where objects overprint, what the per-object pass cannot see."""
from __future__ import annotations

import pikepdf
import pytest
from PIL import Image

from layout.output.preflight import ink, preflight

from ..pdf.test_preflight import assets, build  # noqa: F401 — assets: the fixture the builder uses
from .faults import photo_under_k

MM = 25.4 / 72
TRIM_LEFT, TRIM_TOP = 10.0, 390.0              # the test page's TrimBox (10, 10, 290, 390)


def test_k_overprinting_a_photo_is_measured_where_it_is(tmp_path, assets):  # noqa: F811
    """A 200 % photo (100 pt square at 150, 150) under a 100 % K square (50 pt at 160, 160) set to overprint."""
    pdf = str(build(tmp_path / "op.pdf", assets, fix=photo_under_k(True)))
    quick = preflight(pdf, composite=False)
    assert quick.errors == 0 and quick.warnings == 0, [str(f) for f in quick.findings]   # each object is fine
    report = preflight(pdf)
    [f] = [f for f in report.findings if f.severity == "error"]
    assert (f.check, f.page, f.rule, f.object) == ("ink.composite", 1, 23, "composited page")
    worst = report.ink["worst"]
    assert worst["page"] == 1 and worst["level"] == "error"
    assert worst["peak"] == pytest.approx(100 + 3 * 128 / 255 * 100, abs=1.0)       # 250.6 %: C M Y 50 + K 100
    side = 50 * MM                                                                  # 17.6 mm
    assert worst["area_mm2"] == pytest.approx(side * side, rel=0.12)
    for got, want in zip(worst["x_mm"], (150 * MM, 200 * MM), strict=True):         # from the trim's left
        assert got == pytest.approx(want, abs=1.0)
    for got, want in zip(worst["y_mm"], ((TRIM_TOP - 210) * MM, (TRIM_TOP - 160) * MM), strict=True):   # its top
        assert got == pytest.approx(want, abs=1.0)
    x0, y0, x1, y1 = f.bbox
    assert (x0, y0, x1, y1) == pytest.approx((160, 160, 210, 210), abs=2.5)
    assert f"total ink {worst['peak']:.0f} % over {worst['area_mm2']:.0f} mm²" in f.message


def test_knocked_out_k_adds_no_ink(tmp_path, assets):  # noqa: F811
    report = preflight(str(build(tmp_path / "ko.pdf", assets, fix=photo_under_k(False))))
    assert report.errors == 0 and "worst" not in report.ink
    assert report.ink["max"] == pytest.approx(3 * 128 / 255 * 100 + 100 * 128 / 255, abs=1.0)  # the photo: 200.8 %


def test_small_specks_are_not_areas(tmp_path, assets):  # noqa: F811
    """A 1 mm square of 400 % is under the 4 mm² an area needs: the object pass flags it, the composite not."""
    def speck(c):
        c.setFillColorCMYK(1, 1, 1, 1)
        c.rect(200, 300, 3, 3, fill=1, stroke=0)
    report = preflight(str(build(tmp_path / "speck.pdf", assets, speck)))
    assert [f.check for f in report.findings if f.severity == "error"] == ["ink.object"]
    assert report.ink["max"] > 390


def test_without_ghostscript_the_composite_is_a_warning(tmp_path, assets, monkeypatch):  # noqa: F811
    monkeypatch.setattr(ink, "gs_path", lambda: None)
    report = preflight(str(build(tmp_path / "op.pdf", assets, fix=photo_under_k(True))))
    assert report.errors == 0
    assert [(f.check, f.severity) for f in report.findings] == [("ink.composite", "warning")]
    assert "Ghostscript (gs) is not installed" in report.findings[0].message


def test_large_jpegs_are_reduced_for_the_render_with_their_ink(tmp_path, assets):  # noqa: F811
    """Ghostscript renders a copy with JPEGs over 1000 px reduced; the samples keep their meaning (Pillow's Adobe
    inversion undone, /Decode kept): a 1500 px 78/4/4/39 % photo composites at its own ink, not inverted."""
    big = tmp_path / "big.jpg"
    Image.new("CMYK", (1500, 1500), (200, 10, 10, 100)).save(big, quality=95)
    pdf = build(tmp_path / "big.pdf", assets, lambda c: c.drawImage(str(big), 150, 150, 120, 120))
    light = tmp_path / "light.pdf"
    assert ink.light_copy(str(pdf), light)
    with pikepdf.open(light) as copy:
        sizes = sorted((int(x.Width), "DCT" in str(x.get("/Filter"))) for x in copy.pages[0].Resources.XObject.values())
    assert sizes == [(250, True), (1000, False)]                     # the small photo stays a JPEG, the large is Flate
    report = preflight(str(pdf))
    assert report.errors == 0 and report.ink["max"] == pytest.approx(320 / 255 * 100, abs=3)
