"""Character classes and the 禁则 tables, without fonts (docs/rules.md §1.1–§1.2)."""
from __future__ import annotations

import pytest

from layout.text.cjk import C, char_class, may_end, may_start, not_end, not_start


@pytest.mark.parametrize("ch,cls", [("国", C.HAN), ("，", C.COMMA), ("。", C.STOP), ("“", C.OPEN), ("》", C.CLOSE),
                                    ("A", C.LATIN), ("7", C.DIGIT), ("％", C.POSTFIX), ("￥", C.PREFIX),
                                    ("■", C.LEADER), ("·", C.MIDDOT), ("/", C.SOLIDUS), ("\u3000", C.IDSPACE),
                                    ("①", C.HAN), ("—", C.CONNECT), ("…", C.ELLIPSIS)])
def test_classes(ch, cls):
    assert char_class(ch) == cls


def test_levels_nest():
    assert not_start("basic") < not_start("gb") < not_start("strict")
    assert not_end("basic") < not_end("gb") == not_end("strict")


@pytest.mark.parametrize("unit,level,ok", [
    ("，", "basic", False), ("”", "basic", False), ("·", "basic", False), ("/", "basic", False),
    ("%", "basic", True), ("%", "gb", False), ("℃", "gb", False),          # POSTFIX: GB level and up
    ("——", "gb", True), ("——", "strict", False), ("……", "gb", True), ("……", "strict", False),
    ("—", "basic", False), ("々", "gb", True), ("々", "strict", False), ("国", "strict", True),
])
def test_may_start(unit, level, ok):
    assert may_start(unit, level) is ok


@pytest.mark.parametrize("unit,level,ok", [
    ("“", "basic", False), ("《", "basic", False), ("/", "basic", True), ("/", "gb", False),
    ("￥", "gb", False), ("■", "gb", False), ("■", "basic", True), ("。", "gb", True),
])
def test_may_end(unit, level, ok):
    assert may_end(unit, level) is ok
