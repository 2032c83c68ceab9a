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


# -- rules 3, 7 and 10: each one must be able to fail -----------------------------------------------

MIXED = ("2021年，衡阳市地区生产总值突破3500亿元，市场主体总量433884户，其中新增市场主体52439户。",
         "这一年，衡阳成功入选Smart City试点城市行列，5个项目列入国家特色基地名单，总量增长3.5个百分点。")


@pytest.fixture
def mixed_json(edition_factory, tmp_path) -> dict:
    """The square-font edition with numbers, units and a Latin phrase in its body: what rules 3 and 10 read."""
    manifest = copy.deepcopy(MANIFEST)
    manifest["stories"]["main"]["body"] = [MIXED[0] + MIXED[1], {"subheading": "党史学习教育"}, MIXED[1], MIXED[0]]
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "out"))
    return json.loads(Path(res.json).read_text(encoding="utf-8"))


def findings_of(data: dict, rule: int, severity: str = "error") -> list[str]:
    return [str(f) for f in check(data).findings if f.rule == rule and f.severity == severity]


def cell_index(ln: dict, text: str) -> int:
    return next(i for i, c in enumerate(ln["cells"]) if c[0] == text)


def test_clean_files_break_no_unit_indent_or_spacing_rule(square_json, mixed_json):
    for data in (square_json, mixed_json):
        report = check(data)
        assert report.errors == 0, [str(f) for f in report.findings]
        assert not [str(f) for f in report.findings if f.rule in (3, 7, 10)]
    cells = {c[0] for ln in body_lines(mixed_json) for c in ln["cells"]}
    assert {"2021", "433884", "3.5", "Smart", "City"} <= cells           # there is something to check


@pytest.mark.parametrize("end,start", [("20", "21"), ("Sma", "rt"), ("—", "—"), ("…", "…"), ("￥", "5"),
                                       ("5", "％"), ("3.", "5"), ("？", "！")])
def test_unit_split_across_lines(mixed_json, end, start):
    def f(d):
        a, b = body_lines(d)[0], body_lines(d)[1]                      # one paragraph, no space between
        assert a["para"] == b["para"] and a["chars"][1] == b["chars"][0]
        a["cells"][-1][0] = end
        b["cells"][0][0] = start
    broken = _mutated(mixed_json, f)
    assert len(findings_of(broken, 3)) == 1, check(broken).findings
    assert "break inside a unit" in findings_of(broken, 3)[0]


def test_number_parted_from_its_unit_is_a_rule_3_warning(mixed_json):
    def f(d):
        a, b = body_lines(d)[0], body_lines(d)[1]
        a["cells"][-1][0] = "2021"
        b["cells"][0][0] = "年"
    broken = _mutated(mixed_json, f)
    assert findings_of(broken, 3) == [] and len(findings_of(broken, 3, "warning")) == 1


@pytest.mark.parametrize("indent_em", [0.0, 1.0, 3.0])
def test_first_line_indent_not_two_em(mixed_json, indent_em):
    def f(d):
        ln = next(x for x in body_lines(d) if x["chars"][0] == 0 and x["para"] == 2)
        end = ln["indent"] + ln["set_width"]
        ln["indent"] = indent_em * ln["size"]
        ln["set_width"] = end - ln["indent"]                            # still flush: only the indent is wrong
    broken = _mutated(mixed_json, f)
    assert rules_broken(broken) == {7}
    assert len(findings_of(broken, 7)) == 1 and "first-line indent" in findings_of(broken, 7)[0]


def test_ascii_space_between_chinese_characters(square_json):
    def f(d):
        ln = next(x for x in body_lines(d) if not x["last"])
        ln["text"] = ln["text"][:3] + " " + ln["text"][3:]
    broken = _mutated(square_json, f)
    assert rules_broken(broken) == {10}
    assert "ASCII space between Chinese characters" in findings_of(broken, 10)[0]


@pytest.mark.parametrize("gap_em", [0.0, 0.05, 0.75])
def test_han_latin_gap_outside_an_eighth_to_a_half_em(mixed_json, gap_em):
    def f(d):
        ln = next(x for x in body_lines(d) if any(c[0] == "Smart" for c in x["cells"]))
        i = cell_index(ln, "Smart")
        han = ln["cells"][i - 1]
        ln["cells"][i][1] = han[1] + han[2] + gap_em * ln["size"]
    broken = _mutated(mixed_json, f)
    assert rules_broken(broken) == {10}
    assert any("Han–Latin gap" in s for s in findings_of(broken, 10))


def test_han_digit_gap_against_house_style(mixed_json):
    def f(d):
        ln = body_lines(d)[0]
        i = cell_index(ln, "年")
        assert ln["cells"][i - 1][0] == "2021" and ln["max_extra"] == 0
        num = ln["cells"][i - 1]
        ln["cells"][i][1] = num[1] + num[2] + 0.25 * ln["size"]          # house style: digits set tight
    broken = _mutated(mixed_json, f)
    assert rules_broken(broken) == {10}
    assert any("Han–digit gap" in s for s in findings_of(broken, 10))
