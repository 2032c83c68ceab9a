"""lint reports the text rules' findings with YAML lines; fix applies them and changes nothing else."""
from __future__ import annotations

import shutil

import pytest

from layout.intake import fix_edition, format_findings, lint_edition
from layout.intake.lint import LintFinding

from ..conftest import SAMPLE

DOCTORED = [("赓续精神血脉，汲取奋进力量", "赓续精神血脉,汲取奋进力量"),
            ("- 2021年，在中国共产党", "- 2021 年，在中国共产党"),
            ("纳入“科创中国”试点", '纳入"科创中国"试点')]


@pytest.fixture
def doctored(tmp_path):
    folder = tmp_path / "ed"
    shutil.copytree(SAMPLE, folder)
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    for good, bad in DOCTORED:
        assert text.count(good) == 1
        text = text.replace(good, bad)
    (folder / "edition.yaml").write_text(text, encoding="utf-8")
    return folder


def line_of(folder, needle: str) -> int:
    lines = (folder / "edition.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if needle in ln)


def test_the_hand_made_sample_is_clean():
    assert lint_edition(str(SAMPLE)) == []


def test_lint_finds_exactly_what_was_put_in(doctored):
    before = (doctored / "edition.yaml").read_bytes()
    findings = lint_edition(str(doctored))
    assert [(f.rule, f.key, f.line) for f in findings] == [
        ("fullwidth", "stories.main.headline", line_of(doctored, "headline: 赓续")),
        ("spaces", "stories.main.body[0]", line_of(doctored, "- 2021 年")),
        ("quotes", "stories.main.body[2]", line_of(doctored, '"科创中国"')),
    ]
    head, spaces, quotes = findings
    assert (head.owner, head.owner_id, head.number) == ("story", "main", None)
    assert (spaces.owner, spaces.number, spaces.change.where) == ("story", 1, "story main, paragraph 1")
    assert (quotes.change.before, quotes.change.after) == ('衡阳成功纳入"科创中国"试点城市行列',
                                                           "衡阳成功纳入“科创中国”试点城市行列")
    assert (doctored / "edition.yaml").read_bytes() == before          # lint does not write
    assert format_findings(findings).splitlines()[0] == (
        f"{doctored / 'edition.yaml'}:{head.line}: story main, headline: fullwidth "
        "«赓续精神血脉,汲取奋进力量» → «赓续精神血脉，汲取奋进力量»")


def test_lint_rules_are_switchable(doctored):
    assert [f.rule for f in lint_edition(str(doctored), rules={"spaces"})] == ["spaces"]
    assert lint_edition(str(doctored), rules={"rejoin"}) == []          # rejoin is for copy, not manifests


def test_fix_restores_the_file_byte_for_byte(doctored):
    changes = fix_edition(str(doctored))
    assert [c.rule for c in changes] == ["fullwidth", "spaces", "quotes"]
    assert (doctored / "edition.yaml").read_bytes() == (SAMPLE / "edition.yaml").read_bytes()
    assert lint_edition(str(doctored)) == [] and fix_edition(str(doctored)) == []
    assert not [p for p in doctored.iterdir() if p.name.endswith(".tmp")]


def test_findings_in_photos_and_chronicles_name_their_ids(doctored):
    path = doctored / "edition.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("caption: 屋场恳谈会现场。", "caption: 屋场恳谈会 现场.")
    item = "，衡阳市庆祝中国共产党成立100周年文艺晚会《永远跟党走》盛大举行。"
    text = text.replace(f"text: {item}", f'text: "{item.replace("100", "100 ")}"')
    path.write_text(text, encoding="utf-8")
    found = {(f.owner, f.owner_id, f.number, f.rule) for f in lint_edition(str(doctored))}
    assert {("photo", "wuchang", None, "period"), ("photo", "wuchang", None, "spaces"),
            ("chronicle", "dashiji", 7, "spaces")} <= found
    fix_edition(str(doctored))
    fixed = path.read_text(encoding="utf-8")
    assert "caption: 屋场恳谈会现场。" in fixed and f'text: "{item}"' in fixed      # quoted stays quoted


def test_finding_is_a_frozen_record(doctored):
    finding = lint_edition(str(doctored))[0]
    assert isinstance(finding, LintFinding)
    with pytest.raises(AttributeError):
        finding.line = 1                                                # type: ignore[misc]
