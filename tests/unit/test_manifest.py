"""Manifest validation: every mistake names file, line, key, what was expected, and a suggestion."""
from __future__ import annotations

import pytest

from layout.model.manifest import load_edition
from layout.model.validate import ManifestError

pytestmark = pytest.mark.usefixtures("yaml_loader")   # every case under libyaml and the pure loader

GOOD = """\
edition:
  paper: 衡阳日报
  date: 2021-12-31
  title: 年终特别报道
  template: square.yaml
stories:
  main:
    headline: 赓续精神血脉
    body:
      - 这一年，衡阳成功纳入试点城市行列。
pages:
  - page: 1
    blocks:
      - {headline: main, column: 1, line: 1, span: 8, lines: 6}
      - {text: main, column: 1, line: 7, span: 2, lines: 10}
"""


def _problems(edition_factory, text: str):
    folder = edition_factory(text)
    with pytest.raises(ManifestError) as exc:
        load_edition(str(folder))
    return exc.value.problems, str(exc.value)


def test_good_manifest_loads(edition_factory):
    ed = load_edition(str(edition_factory(GOOD)))
    assert ed.paper == "衡阳日报" and ed.date == "2021-12-31"
    assert ed.stories["main"].paragraphs[0].text.startswith("这一年")
    b = ed.pages[0].blocks[1]
    assert (b.kind, b.ref, b.column, b.line, b.span, b.lines) == ("text", "main", 0, 6, 2, 10)


def test_unknown_key_names_line_and_suggests(edition_factory):
    problems, text = _problems(edition_factory, GOOD.replace("span: 2, lines: 10", "spam: 2, lines: 10"))
    msgs = [p.message for p in problems]
    assert any("unknown key 'spam'" in m and "did you mean 'span'" in m for m in msgs), msgs
    bad = next(p for p in problems if "spam" in p.message)
    assert bad.line == 15 and bad.path == "pages[0].blocks[1].spam"
    assert "edition.yaml:15:" in text


def test_missing_required_and_wrong_type(edition_factory):
    problems, _ = _problems(edition_factory, GOOD.replace("  paper: 衡阳日报\n", "").replace("page: 1", "page: one"))
    msgs = {p.path: p.message for p in problems}
    assert "missing required key 'paper'" in msgs["edition"]
    assert "expected integer, got string" in msgs["pages[0].page"]


def test_reference_to_unknown_story_suggests(edition_factory):
    problems, _ = _problems(edition_factory, GOOD.replace("{text: main", "{text: mian"))
    p = next(p for p in problems if "mian" in p.message)
    assert "did you mean 'main'" in p.message and p.line == 15


def test_overlapping_blocks_name_both(edition_factory):
    text = GOOD.replace("      - {text: main, column: 1, line: 7, span: 2, lines: 10}\n",
                        "      - {text: main, column: 1, line: 7, span: 2, lines: 10}\n"
                        "      - {text: main, column: 2, line: 12, span: 2, lines: 10}\n")
    problems, _ = _problems(edition_factory, text)
    p = next(p for p in problems if "overlaps" in p.message)
    assert "text 'main' (column 2, line 12)" in p.message and "text 'main' (column 1, line 7)" in p.message
    assert p.line == 16


def test_a_block_inside_a_text_block_is_a_wrap_not_an_error(edition_factory):
    text = GOOD.replace("stories:", "photos:\n  p: {image: p.jpg}\nstories:").replace(
        "      - {text: main, column: 1, line: 7, span: 2, lines: 10}\n",
        "      - {text: main, column: 1, line: 7, span: 2, lines: 10}\n"
        "      - {photo: p, column: 2, line: 9, span: 1, lines: 4}\n")
    folder = edition_factory(text, photos={"p.jpg": (400, 300)})
    ed = load_edition(str(folder))
    assert [b.kind for b in ed.pages[0].blocks] == ["headline", "text", "photo"]


def test_block_outside_grid(edition_factory):
    problems, _ = _problems(edition_factory, GOOD.replace("column: 1, line: 7, span: 2", "column: 8, line: 7, span: 2"))
    assert any("run past the 8 columns" in p.message for p in problems)


def test_yaml_syntax_error_has_line(edition_factory):
    problems, _ = _problems(edition_factory, GOOD.replace("    headline: 赓续精神血脉", "    headline: [赓续"))
    assert problems[0].line > 0 and "YAML syntax" in problems[0].message


def test_duplicate_key_is_an_error(edition_factory):
    problems, _ = _problems(edition_factory,
                            GOOD.replace("  title: 年终特别报道\n", "  title: 年终特别报道\n  title: 又一个\n"))
    assert any("appears twice" in p.message and p.line == 5 for p in problems)


def test_unplaced_content_is_an_error(edition_factory):
    problems, _ = _problems(edition_factory,
                            GOOD.replace("      - {text: main, column: 1, line: 7, span: 2, lines: 10}\n", ""))
    assert any("has body text but no text block" in p.message for p in problems)


def test_unknown_template_suggests(edition_factory):
    problems, _ = _problems(edition_factory, GOOD.replace("template: square.yaml", "template: broadshet"))
    assert "did you mean 'broadsheet'" in problems[0].message


def test_enum_value_suggests(edition_factory):
    problems, _ = _problems(edition_factory, GOOD + "composition: {level: stict}\n")
    assert any("expected one of basic, gb, strict" in p.message and "did you mean 'strict'" in p.message
               for p in problems)


def test_edition_id_is_the_folder_name_even_for_relative_paths(edition_factory, monkeypatch):
    folder = edition_factory(GOOD, name="2021-year-end")
    monkeypatch.chdir(folder)
    for path in (".", "edition.yaml", "./", f"../{folder.name}"):
        assert load_edition(path).id == "2021-year-end", path
