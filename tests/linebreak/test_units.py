"""A number stays with its unit (2021年, 3500亿元) unless keeping it costs a loose line: the unit_split cost
against the expansion cost, on the sample's real paragraphs at every measure from 9 to 21 characters."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from layout.build import load_fonts
from layout.model.manifest import load_edition
from layout.model.style import Costs
from layout.pages.typeset import Typesetter

from ..conftest import SAMPLE, real_fonts_available

pytestmark = pytest.mark.skipif(not real_fonts_available(), reason="CJK fonts not installed: run `make fonts`")


def _paragraphs() -> list[str]:
    data = yaml.safe_load((Path(SAMPLE) / "edition.yaml").read_text(encoding="utf-8"))
    out = [p for s in data["stories"].values() for p in s.get("body", []) if isinstance(p, str)]
    return out + [i if isinstance(i, str) else i["text"] for c in data["chronicles"].values() for i in c["items"]]


def _set_all(unit_split: float) -> tuple[int, float]:
    """(number–unit splits, the loosest non-last line's extra space in em) over all paragraphs and measures."""
    ed = load_edition(str(SAMPLE))
    tpl = ed.template
    tpl = replace(tpl, composition=replace(tpl.composition, costs=replace(tpl.composition.costs,
                                                                          unit_split=unit_split)))
    ts, body, units = Typesetter(load_fonts(ed), tpl), tpl.style("body"), tpl.composition.unit_chars
    splits, loosest = 0, 0.0
    for chars in range(9, 22):
        for text in _paragraphs():
            lines = ts.lines([ts.span(text, body)], chars * body.size, "test", "justify", 2 * body.size)[1]
            splits += sum(1 for a, b in zip(lines, lines[1:], strict=False)
                          if a.text[-1:].isdigit() and b.text[:1] in units)
            loosest = max([loosest] + [ln.max_extra for ln in lines if not ln.last])
    return splits, loosest


def test_numbers_keep_their_units_without_loosening_lines():
    low_splits, low_loosest = _set_all(80.0)            # the cost before: 6 splits in these settings
    splits, loosest = _set_all(Costs().unit_split)
    assert low_splits > 0                               # the corpus does test something
    assert splits == 0
    assert loosest <= max(low_loosest, 0.25) + 1e-9     # not bought with a looser line than rule 9 allows
