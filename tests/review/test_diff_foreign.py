"""Two PDFs from another tool (made here with reportlab, wrapped by its own paragraph breaker over several
pages): compared as one flow, lines re-joined into paragraphs, any character survives, exit 1 / 2."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from layout.cli import main
from layout.review.diff import diff
from layout.review.flowdiff import flow
from layout.review.raster import page_chars

from ..conftest import real_fonts_available

SENTENCE = "衡阳市广大党员干部把党史学习教育内化于心、外化于行、实化于为，用党的历史经验启迪智慧、砥砺品格。"
PARAS = [f"第{i}段。" + SENTENCE * 3 for i in range(1, 9)]
NEW = "新增的一段：这一年，衡阳成功纳入“科创中国”试点城市行列，全市开展各类屋场恳谈会9837场。"


def make(path: Path, paras: list[str]) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("b", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK", spaceAfter=8)
    SimpleDocTemplate(str(path), pagesize=A5, invariant=1).build([Paragraph(p, style) for p in paras])
    return path


@pytest.fixture
def pdfs(tmp_path):
    return lambda name, paras: make(tmp_path / f"{name}.pdf", paras)


def test_lines_and_pages_rejoin_into_paragraphs(pdfs):
    pages = page_chars(pdfs("w1", PARAS))
    assert len(pages) == 3                                               # the copy runs over page breaks
    assert flow(pages).text.split("\n") == PARAS


def test_a_paragraph_inserted_before_a_page_break_is_one_change(pdfs):
    old, new = pdfs("w1", PARAS), pdfs("w4", PARAS[:2] + [NEW * 2] + PARAS[2:])
    res = diff(str(old), str(new), visual=False)
    assert [(c.kind, c.inserted, c.deleted) for c in res.changes] == [("edit", NEW * 2 + "\n", "")]
    assert res.lang == "zh" and res.changes[0].text("zh").startswith("第1页第15行（第3段）：插入「新增的一段")
    assert "\n" not in "".join(res.lines())                                # one line per change, always


def test_one_sentence_changed_across_a_line_break_is_one_change(pdfs):
    changed = PARAS[:4] + [PARAS[4].replace("启迪智慧、砥砺品格。衡阳", "启迪智慧、锤炼品格。衡阳", 1)] + PARAS[5:]
    res = diff(str(pdfs("w1", PARAS)), str(pdfs("w2", changed)), visual=False)
    assert [(c.deleted, c.inserted, c.page) for c in res.changes] == [("砥砺", "锤炼", 2)]
    (c,) = res.changes
    assert c.lines and c.old_lines and all(b[0] == 2 for b in c.lines)


def test_nothing_changed_exit_0(pdfs, capsys):
    a, b = pdfs("a", PARAS), pdfs("b", PARAS)
    assert main(["diff", str(a), str(b)]) == 0
    assert capsys.readouterr().out.splitlines() == ["无差异"]


def _control(path: Path, text: str) -> Path:
    c = canvas.Canvas(str(path), pagesize=A5, invariant=1)
    for k, line in enumerate(text.split("|")):
        c.drawString(40, 500 - 14 * k, line)
    c.save()
    return path


def test_control_characters_never_crash(tmp_path, capsys):
    if not real_fonts_available():
        pytest.skip("the diff PDF is set with the CJK fonts")
    a = _control(tmp_path / "a.pdf", "The first line of copy|and the second\x0d one ends here.")
    b = _control(tmp_path / "b.pdf", "The first line of copy|and the second\x07 one ends there.")
    out = tmp_path / "d.pdf"
    assert main(["diff", str(a), str(b), "--pdf", str(out), "--lang", "en"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert all("\r" not in x and "\x07" not in x for x in lines)
    assert any("«here» → «there»" in x for x in lines)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) >= 2


def test_any_character_in_the_text_survives(tmp_path, capsys, monkeypatch):
    """A tool's text layer may hold anything: NUL, ESC, a bare CR inside a changed passage."""
    if not real_fonts_available():
        pytest.skip("the diff PDF is set with the CJK fonts")
    a = _control(tmp_path / "a.pdf", "The first line of copy|and the second one ends here.")
    b = _control(tmp_path / "b.pdf", "The first line of copy|and the second one ends there.")
    real = page_chars

    def dirty(path):
        pages = real(path)
        if Path(path).name == "b.pdf":
            t = pages[0].text.replace("there", "th\x00e\x1br\re")
            pages = [pages[0]._replace(text=t, boxes=pages[0].boxes[:len(t)] + ((0.0, 0.0, 0.0, 0.0),) * 9)]
        return pages
    monkeypatch.setattr("layout.review.diff.page_chars", dirty)
    out = tmp_path / "d.pdf"
    assert main(["diff", str(a), str(b), "--pdf", str(out), "--lang", "en"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "page 1 line 2 (¶2): «here» → «th\\x00e\\x1br e» after «ne ends »" in lines
    assert out.is_file()


def test_errors_exit_2(tmp_path, capsys):
    text = tmp_path / "notes.txt"
    text.write_text("not a pdf", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    assert main(["diff", str(text), str(text)]) == 2
    assert main(["diff", str(broken), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("error:") == 2
