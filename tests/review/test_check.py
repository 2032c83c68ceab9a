"""`layout check`: zero errors on our editions; each broken rule caught on a doctored layout.json."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from layout.build import build
from layout.cli import main
from layout.review.check import check
from layout.text.cjk import may_end, may_start

from ..layout.test_compose import MANIFEST
from ..mixedcopy import mixed_edition


@pytest.fixture
def square_json(edition_factory, tmp_path) -> dict:
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "out"))
    return json.loads(Path(res.json).read_text(encoding="utf-8"))


def rules_broken(data: dict) -> set[int]:
    return {f.rule for f in check(data).findings if f.severity == "error"}


def body_lines(data: dict) -> list[dict]:
    return [ln for ln in data["pages"][0]["lines"] if ln["kind"] == "body"]


def test_clean_build_has_no_errors(square_json):
    report = check(square_json)
    assert report.errors == 0, [str(f) for f in report.findings]
    s = report.summary()
    assert s["flush_share"] == 1.0 and s["orphans"] == 0 and s["lines_checked"] > 20


def _mutated(data: dict, fn) -> dict:
    d = copy.deepcopy(data)
    fn(d)
    return d


def test_line_starting_with_a_comma(square_json):
    def f(d):
        ln = body_lines(d)[1]
        ln["cells"][0][0] = "，"
    assert rules_broken(_mutated(square_json, f)) == {1}


def test_line_ending_with_an_opening_quote(square_json):
    def f(d):
        ln = body_lines(d)[1]
        ln["cells"][-1][0] = "“"
    assert 2 in rules_broken(_mutated(square_json, f))


def test_ragged_line(square_json):
    def f(d):
        ln = next(x for x in body_lines(d) if not x["last"])
        ln["set_width"] -= 4.5
    assert rules_broken(_mutated(square_json, f)) == {5}


def test_lone_last_character(square_json):
    def f(d):
        ln = next(x for x in body_lines(d) if x["last"])
        ln["text"] = "报。"
    assert 8 in rules_broken(_mutated(square_json, f))


def test_off_grid_baseline(square_json):
    def f(d):
        body_lines(d)[3]["y"] += 1.0
    assert 12 in rules_broken(_mutated(square_json, f))


def test_too_much_extra_space(square_json):
    def f(d):
        body_lines(d)[2]["max_extra"] = 0.6
    assert 9 in rules_broken(_mutated(square_json, f))


def test_ascii_comma_in_chinese(square_json):
    def f(d):
        ln = body_lines(d)[0]
        ln["text"] = ln["text"][:4] + "," + ln["text"][5:]
    assert 11 in rules_broken(_mutated(square_json, f))


def test_wide_punctuation_pair(square_json):
    def f(d):
        ln = body_lines(d)[0]
        ln["cells"][2:4] = [["，", ln["cells"][2][1], 9.0], ["“", ln["cells"][3][1], 9.0]]
    assert 4 in rules_broken(_mutated(square_json, f))


def test_block_not_whole_grid_lines(square_json):
    def f(d):
        d["pages"][0]["blocks"][1]["rect"][3] += 3.0
    assert 13 in rules_broken(_mutated(square_json, f))


def test_text_outside_type_area(square_json):
    def f(d):
        body_lines(d)[0]["x"] -= 600
    assert 15 in rules_broken(_mutated(square_json, f))


def test_cli_exit_status(square_json, tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(square_json), encoding="utf-8")
    assert main(["check", str(good)]) == 0
    bad = tmp_path / "bad.json"
    broken = _mutated(square_json, lambda d: body_lines(d)[1]["cells"][0].__setitem__(0, "，"))
    bad.write_text(json.dumps(broken), encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "rule 1 error: line starts with '，'" in out and "1 errors" in out
    assert main(["check", str(tmp_path / "missing")]) == 1


def pdf_lines(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return [ln.replace(" ", "") for ln in text.replace("\r", "").split("\n") if ln.strip()]


@pytest.mark.realfont
def test_sample_has_zero_rule_errors_and_its_pdf_shows_it(sample_build):
    data = json.loads(Path(sample_build.json).read_text(encoding="utf-8"))
    report = check(data)
    assert report.errors == 0, [str(f) for f in report.findings]
    _pdf_lines_obey(sample_build.pdf)


@pytest.mark.realfont
def test_mixed_copy_edition_has_zero_rule_errors(tmp_path, sample_build):
    folder = mixed_edition(tmp_path / "mixed")
    res = build(str(folder), str(tmp_path / "out"))
    data = json.loads(Path(res.json).read_text(encoding="utf-8"))
    report = check(data)
    assert report.errors == 0, [str(f) for f in report.findings if f.severity == "error"]
    text = "".join(ln["text"] for p in data["pages"] for ln in p["lines"])
    for unit in ("3.5%", "GDP", "《", "——", "……", "‘"):
        assert unit in text
    _pdf_lines_obey(res.pdf)


def _pdf_lines_obey(pdf: Path) -> None:
    lines = pdf_lines(pdf)
    assert len(lines) > 50
    for ln in lines:
        first = ln[:2] if ln[:2] in ("——", "……") else ln[0]
        assert may_start(first), f"PDF line starts with {first!r}: {ln}"
        assert may_end(ln[-1]), f"PDF line ends with {ln[-1]!r}: {ln}"
