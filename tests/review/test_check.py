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


# -- page rules 26–35: the build's validator, run on the file with the limits it records -------------

def page_rules(data: dict, severity: str = "error") -> set[int]:
    return {f.rule for f in check(data).findings if f.rule >= 26 and f.severity == severity}


def block_of(d: dict, bid: str) -> dict:
    return next(b for b in d["pages"][0]["blocks"] if b["id"] == bid)


def placed(d: dict, bid: str, kind: str, ref: str, column: int, line: int, span: int, lines: int) -> dict:
    """A block on the page's grid, its rectangle computed from the file's grid as the composer does."""
    p = d["pages"][0]
    g = p["grid"]
    cols = g["columns"]
    x = cols[column][0]
    rect = [x, round(p["type_area"][1] + line * g["pitch"], 2), round(cols[column + span - 1][0] + cols[0][1] - x, 2),
            round(lines * g["pitch"] - (g["pitch"] - g["body_size"]), 2)]
    b = {"id": bid, "kind": kind, "ref": ref, "column": column, "line": line, "span": span, "lines": lines,
         "rect": rect}
    p["blocks"] = [x for x in p["blocks"] if x["id"] != bid] + [b]
    return b


def test_clean_file_breaks_no_page_rule_and_records_its_limits(square_json):
    assert page_rules(square_json) == set() and page_rules(square_json, "warning") == set()
    assert square_json["limits"] == [{"page": 3, "min_ppi": 150.0, "warn_ppi": 200.0, "max_crop": 0.5,
                                      "min_column_lines": 5, "wrap_gap": 1}]
    assert check(square_json).summary()["page_faults"] == 0


def test_overlapping_blocks_but_not_a_block_inside_a_text_block(square_json):
    broken = _mutated(square_json, lambda d: placed(d, "p3-9", "note", "main", 5, 20, 2, 4))     # half over
    assert page_rules(broken) == {26}
    f = next(f for f in check(broken).findings if f.rule == 26)
    assert str(f).startswith("page 3, column 6, line 21 (main) rule 26 error: note 'main': columns 6–7, lines 21–24 "
                             "overlap text 'main' (columns 4–6, lines 9–28)")
    inside = _mutated(square_json, lambda d: placed(d, "p3-9", "note", "main", 3, 12, 2, 4))
    assert page_rules(inside) == set()


def test_block_off_the_grid(square_json):
    broken = _mutated(square_json, lambda d: block_of(d, "p3-3")["rect"].__setitem__(0, block_of(d, "p3-3")["rect"][0]
                                                                                        + 3.0))
    assert page_rules(broken) == {27}
    assert any("not on whole columns and grid lines" in s for s in findings_of(broken, 27))
    narrow = _mutated(square_json, lambda d: d["pages"][0]["type_area"].__setitem__(2, 800.0))   # 8 columns: 999 pt
    assert page_rules(narrow) == {27} and 15 in rules_broken(narrow)
    assert findings_of(narrow, 27) == ["page 3, column 1, line 1 (main) rule 27 error: headline 'main': columns 1–8, "
                                       "lines 1–8 runs outside the type area «p3-1»"]


def test_overset_in_the_fit_report(square_json):
    def f(d):
        fit = next(x for x in d["fits"] if x["part"] == "text")
        fit.update(overset_chars=12, overset_lines=2, underset_lines=0, hint="cut 12 characters")
    broken = _mutated(square_json, f)
    assert page_rules(broken) == {28}
    assert findings_of(broken, 28) == ["page 3, column 4, line 9 (main) rule 28 error: text 'main': 12 characters / "
                                       "2 lines over — cut 12 characters «p3-3»"]


@pytest.mark.parametrize("width, severity", [(400, "error"), (950, "warning")])
def test_photo_resolution(square_json, width, severity):
    def f(d):
        im = d["pages"][0]["images"][0]
        im["pixels"] = [width, round(width * 0.75)]
        im["crop"] = [0, 0, width, width * im["frame"][3] / im["frame"][2]]
    broken = _mutated(square_json, f)
    assert page_rules(broken, severity) == {29} and page_rules(broken, "warning" if severity == "error" else "error") \
        == set()
    assert "ppi at its placed size" in findings_of(broken, 29, severity)[0]


def test_photo_cropped_too_far_and_the_limits_read_from_the_file(square_json):
    broken = _mutated(square_json, lambda d: d["pages"][0]["images"][0].__setitem__("pixels", [4800, 1200]))
    assert page_rules(broken) == {30} and "cropped away to fill its frame" in findings_of(broken, 30)[0]
    lenient = _mutated(broken, lambda d: d["limits"][0].__setitem__("max_crop", 0.7))
    assert page_rules(lenient) == set()
    strict = _mutated(square_json, lambda d: d["limits"][0].update(min_ppi=400.0, warn_ppi=500.0))
    assert page_rules(strict) == {29}
    assert page_rules(_mutated(strict, lambda d: d.pop("limits"))) == set()        # no limits: the defaults


def test_caption_over_its_picture_and_caption_away_from_it(square_json):
    def up(d):
        cap = next(ln for ln in d["pages"][0]["lines"] if ln["kind"] == "caption")
        cap["y"] = round(cap["y"] - 3 * d["pages"][0]["grid"]["pitch"], 2)
    broken = _mutated(square_json, up)
    assert page_rules(broken) == {31} and any("overlaps the picture" in s for s in findings_of(broken, 31))

    def away(d):
        frame = d["pages"][0]["images"][0]["frame"]
        frame[3] = round(frame[3] - 2 * d["pages"][0]["grid"]["pitch"], 2)
    broken = _mutated(square_json, away)
    assert page_rules(broken) == set() and page_rules(broken, "warning") == {32}
    assert "its caption starts 2 grid lines below the picture" in findings_of(broken, 32, "warning")[0]


def test_trapped_white_space(square_json):
    broken = _mutated(square_json, lambda d: placed(d, "p3-9", "note", "main", 6, 100, 2, 4))
    assert page_rules(broken) == set() and page_rules(broken, "warning") == {33}
    assert findings_of(broken, 33, "warning") == [
        "page 3, column 7, line 9 (main) rule 33 warning: white space: columns 7–8, lines 9–100: 184 empty grid "
        "cells between headline 'main' and note 'main', not open to the foot of the page: fill them or close the "
        "gap «p3-1, p3-9»"]


def test_short_column(square_json):
    def f(d):
        lines = d["pages"][0]["lines"]
        d["pages"][0]["lines"] = [ln for ln in lines if not (ln["block"] == "p3-3" and ln["column"] == 4
                                                             and ln["grid_line"] > 10)]
    broken = _mutated(square_json, f)
    assert page_rules(broken) == set() and page_rules(broken, "warning") == {34}
    assert "column 5 holds 3 lines of the story (lines 9–11)" in findings_of(broken, 34, "warning")[0]


def test_tombstoned_headlines(square_json):
    def f(d):
        placed(d, "p3-1", "headline", "main", 0, 0, 4, 8)
        placed(d, "p3-9", "headline", "main", 4, 0, 4, 8)
    broken = _mutated(square_json, f)
    assert page_rules(broken) == set() and page_rules(broken, "warning") == {35}
    assert "side by side with headline 'main' on lines 1–8" in findings_of(broken, 35, "warning")[0]


def test_page_rule_findings_count_in_the_summary_and_the_exit_status(square_json, tmp_path, capsys):
    broken = _mutated(square_json, lambda d: placed(d, "p3-9", "note", "main", 5, 20, 2, 4))
    s = check(broken).summary()
    assert s["page_faults"] == 2 and s["errors"] == 1 and s["warnings"] == 1          # the overlap, trapped space
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    assert main(["check", str(path), "--warnings"]) == 1
    out = capsys.readouterr().out
    assert "rule 26 error: note 'main'" in out and "rule 33 warning: white space" in out
    assert "1 errors, 1 warnings" in out
