"""`layout preflight` as a printer runs it: exit 0 accepted, 1 rejected, 2 could not check; --json always JSON;
--report writes a file a printer can keep (HTML or PDF) with every check and the failures marked on the page."""
from __future__ import annotations

import json
import re

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from layout.cli import main
from layout.output.preflight.catalogue import CHECKS

from ..pdf.test_preflight import assets, build  # noqa: F401 — assets: the fixture the builder uses
from .faults import notdef, photo_under_k


@pytest.fixture()
def good(tmp_path, assets):  # noqa: F811
    return str(build(tmp_path / "good.pdf", assets))


@pytest.fixture()
def bad(tmp_path, assets):  # noqa: F811
    return str(build(tmp_path / "bad.pdf", assets, fix=photo_under_k(True)))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["preflight", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_exit_status_and_text(capsys, good, bad):
    code, out, _ = run(capsys, good)
    assert code == 0 and out.strip().endswith("0 errors, 0 warnings — accepted")
    code, out, _ = run(capsys, bad)
    assert code == 1 and "ink.composite" not in out and "total ink 251 % over" in out
    assert out.strip().endswith("1 errors, 0 warnings — REJECTED")


def test_json_always(capsys, good, tmp_path):
    code, out, _ = run(capsys, good, "--json", "--profile", "gwg-news")
    data = json.loads(out)
    assert code == 0 and data["verdict"] == "accepted" and data["profile"].startswith("GWG 2015")
    assert data["standard"] == "PDF/X-1a:2001" and data["findings"] == [] and data["ink"]["max"] == 100.0
    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF at all")
    code, out, err = run(capsys, str(text), "--json")
    data = json.loads(out)
    assert code == 2 and err == "" and data["verdict"] == "not checked" and data["damaged"] is True
    assert "damaged (or not a PDF)" in data["error"]
    code, out, _ = run(capsys, str(tmp_path / "missing.pdf"), "--json")
    assert code == 2 and json.loads(out)["error"].endswith("no such file")
    code, out, _ = run(capsys, good, "--json", "--profile", "x5")
    assert code == 2 and "unknown profile 'x5'" in json.loads(out)["error"]
    with pytest.raises(SystemExit) as stop:                # a bad flag value: argparse's refusal, as JSON too
        run(capsys, good, "--json", "--trim", "390x")
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert stop.value.code == 2 and err == "" and data["verdict"] == "not checked" and data["file"] == good
    assert "--trim" in data["error"] and "390x" in data["error"]


def test_truncated_and_repaired_files_are_named_damaged(capsys, good, tmp_path):
    data = open(good, "rb").read()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    code, out, err = run(capsys, str(cut))        # qpdf recovers page 1, but the trailer (Info, /ID) is gone
    assert code == 1 and "Title missing" not in out and "/ID" not in out
    assert "rule 16 error: the file is damaged: no %%EOF at the end: the file is truncated" in out
    assert out.strip().endswith("REJECTED (damaged)")
    moved = tmp_path / "xref.pdf"
    i = data.rindex(b"startxref")
    moved.write_bytes(data[:i] + b"startxref\n12345\n%%EOF\n")
    code, out, _ = run(capsys, str(moved), "--json")
    report = json.loads(out)
    assert code == 1 and report["damaged"] is True and report["verdict"] == "rejected"
    assert [f["check"] for f in report["findings"]] == ["document.damaged"]
    assert "xref not found" in report["findings"][0]["message"]


def test_an_object_qpdf_has_to_guess_at_is_damage(capsys, good, tmp_path):
    """Bytes of the same length in the font descriptor, so the cross-reference table still fits: qpdf warns only
    when the font check reads that object, after the file opened cleanly."""
    data = open(good, "rb").read()
    assert data.count(b"/ItalicAngle 0 ") == 1
    broken = tmp_path / "token.pdf"
    broken.write_bytes(data.replace(b"/ItalicAngle 0 ", b"/ItalicAngle } "))
    code, out, _ = run(capsys, str(broken), "--json")
    report = json.loads(out)
    assert code == 1 and report["damaged"] and report["verdict"] == "rejected"
    assert [f["check"] for f in report["findings"]] == ["document.damaged"]
    assert "unexpected brace token" in report["findings"][0]["message"]


def test_html_report(capsys, bad, tmp_path):
    target = tmp_path / "report.html"
    code, _, _ = run(capsys, bad, "--report", str(target))
    html = target.read_text(encoding="utf-8")
    assert code == 1 and "REJECTED" in html
    assert html.count("<tr class=") == len(CHECKS)                       # every check with its result
    assert '<tr class="failed"><td>23</td><td><code>ink.composite</code>' in html
    na = re.findall(r'<tr class="not"><td>\d+</td><td><code>([a-z_.0-9]+)</code>.*?not applicable', html)
    assert sorted(na) == ["colour.spot", "ident.xmp", "page.count"]        # an X-1a file under the x1a profile
    assert html.count('<tr class="passed">') == len(CHECKS) - 1 - len(na)
    assert html.count("data:image/png;base64,") == 1                      # page 1, marked
    again = tmp_path / "again.html"
    run(capsys, bad, "--report", str(again))
    assert again.read_bytes() == target.read_bytes()                     # nothing of the run in it


def test_pdf_report_marks_the_place(capsys, tmp_path, assets):  # noqa: F811
    pdf = str(build(tmp_path / "g.pdf", assets, fix=notdef))
    target = tmp_path / "report.pdf"
    code, _, _ = run(capsys, pdf, "--report", str(target), "--no-ink")
    assert code == 1
    with pikepdf.open(target) as rep:
        assert len(rep.pages) >= 1
    doc = pdfium.PdfDocument(str(target))
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "font.notdef" in text and "failed" in text and "2 character code(s)" in text
    img = doc[0].render(scale=1).to_pil().convert("RGB")
    raw = img.tobytes()
    red = sum(1 for i in range(0, len(raw), 3) if raw[i] > 180 and raw[i + 1] < 60 and raw[i + 2] < 60)
    assert red > 20                                                      # the red box round the text
    doc.close()
    assert isinstance(img, Image.Image)


def test_thumbnail_marks_the_finding_where_it_is(tmp_path, assets):  # noqa: F811
    from layout.output.preflight import preflight
    from layout.output.preflight.report import THUMB_W, thumbnails
    pdf = str(build(tmp_path / "g.pdf", assets, fix=photo_under_k(True)))
    report = preflight(pdf)
    [f] = report.findings
    im = thumbnails(report, pdf)[1]
    scale = THUMB_W / 300                                          # the test page is 300 × 400 pt
    x0, y0, x1, y1 = f.bbox
    left, top, bottom = round((x0 * scale) - 2), round((400 - y1) * scale - 2), round((400 - y0) * scale + 2)
    edge = [im.getpixel((left + dx, y)) for y in range(top + 4, bottom - 4) for dx in (0, 1)]
    assert all(px[0] > 180 and px[1] < 60 and px[2] < 60 for px in edge)           # a red line down its left side
    inside = im.getpixel((round((x0 + x1) / 2 * scale), round((800 - y0 - y1) / 2 * scale)))
    assert inside[0] < 120                                                         # the dark overprint, unpainted
