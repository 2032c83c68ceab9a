"""Character classes and line-start/line-end prohibitions (禁则) as data.

The sets are docs/rules.md §1.1; levels are §1.2; which side of a
full-width mark is blank (§2.1) is checked against the font in `fonts.py`, the class here
only says what the rule expects. Tables are plain frozensets so they test without fonts.
"""
from __future__ import annotations

import unicodedata
from enum import IntEnum
from typing import NamedTuple


class C(IntEnum):
    """Character classes. Ints, because measure looks one up per character."""
    HAN = 0        # ideographs, kana, full-width forms, circled numbers: 1 em cells
    LATIN = 1      # letters of Latin, Greek, Cyrillic scripts
    DIGIT = 2      # European digits 0-9
    OPEN = 3       # opening brackets and quotes
    CLOSE = 4      # closing brackets and quotes
    COMMA = 5      # ，、；：  (点号 that may shrink earlier, §4 step 4)
    STOP = 6       # 。？！．  (点号 that shrink last, §4 step 6)
    CONNECT = 7    # – — ～ ~ ‐
    MIDDOT = 8     # ·
    SOLIDUS = 9    # / ／
    POSTFIX = 10   # % ％ ‰ ℃ ° ′ ″
    PREFIX = 11    # ￥ ¥ $ ＄ £ ￡ € №
    LEADER = 12    # ■ □ ● ◆ ▲ ★
    ITER = 13      # 々 〃
    ELLIPSIS = 14  # … ⋯ (paired into LONG units by the tokenizer)
    SPACE = 15     # ASCII and other breaking spaces
    IDSPACE = 16   # U+3000
    OTHER = 17     # ASCII symbols and the rest: proportional, no special rule
    HALFPUNCT = 18  # ASCII , . ; : ? ! ( ) " ' inside Latin text


# docs/rules.md §1.1 (with code points there).
PAUSE = "、。，．：；！？‼⁇⁈⁉"
CLOSE = "”’）》〉】〗〕］｝」』)]}"
CONNECT = "–—～~‐"
MIDDOT = "·・‧"
SOLIDUS = "/／"
ADDRESS_BREAKS = "/?#&@"
"""Where a web or e-mail address may break, before the mark (text/measure.py cuts its parts there, §1.3); in an
address a / may then open a line, which the solidus rule keeps a Chinese / from doing."""
POSTFIX = "%％‰℃°′″"
ITER = "々〃"
OPEN = "“‘（《〈【〖〔［｛「『([{"
PREFIX = "￥¥$＄£￡€№"
LEADER = "■□●◆▲★"
LONG_UNITS = ("——", "⸺", "……", "⋯⋯")

COMMAS = "，、；：‼⁇⁈⁉"
STOPS = "。．！？"
FULLWIDTH_OPEN = "“‘（《〈【〖〔［｛「『"
FULLWIDTH_CLOSE = "”’）》〉】〗〕］｝」』"
ASCII_OPEN = "([{"
ASCII_CLOSE = ")]}"

LEVELS = ("basic", "gb", "strict")


class Prohibited(NamedTuple):
    """The characters one level of 禁则 keeps from either end of a line."""
    start: frozenset[str]    # may not open a line
    end: frozenset[str]      # may not close a line


def _level_sets() -> dict[str, Prohibited]:
    basic_start = frozenset(PAUSE + CLOSE + CONNECT + MIDDOT + SOLIDUS)
    basic_end = frozenset(OPEN)
    gb_start = basic_start | frozenset(POSTFIX)
    gb_end = basic_end | frozenset(SOLIDUS + PREFIX + LEADER)
    # strict: —— and …… (their first characters) and iteration marks may not start a line.
    strict_start = gb_start | frozenset("—⸺…⋯" + ITER)
    return {"basic": Prohibited(start=basic_start, end=basic_end), "gb": Prohibited(start=gb_start, end=gb_end),
            "strict": Prohibited(start=strict_start, end=gb_end)}


_SETS = _level_sets()


def may_start(unit: str, level: str = "gb") -> bool:
    """May this unbreakable unit open a line? —— and …… may, except at the strict level (§1.2)."""
    if unit in LONG_UNITS:
        return level != "strict"
    return unit[:1] not in _SETS[level].start


def may_end(unit: str, level: str = "gb") -> bool:
    """May this unit close a line?"""
    return unit[-1:] not in _SETS[level].end


def not_start(level: str = "gb") -> frozenset[str]:
    """Characters that may not open a line at this level (§1.2)."""
    return _SETS[level].start


def not_end(level: str = "gb") -> frozenset[str]:
    """Characters that may not close a line at this level (§1.2)."""
    return _SETS[level].end


_EXPLICIT: dict[str, C] = {}
for _chars, _cls in ((COMMAS, C.COMMA), (STOPS, C.STOP), (FULLWIDTH_OPEN, C.OPEN),
                     (FULLWIDTH_CLOSE, C.CLOSE), (CONNECT, C.CONNECT), (MIDDOT, C.MIDDOT),
                     (SOLIDUS, C.SOLIDUS), (POSTFIX, C.POSTFIX), (PREFIX, C.PREFIX),
                     (LEADER, C.LEADER), (ITER, C.ITER), ("…⋯", C.ELLIPSIS),
                     ("⸺", C.CONNECT), (ASCII_OPEN, C.OPEN), (ASCII_CLOSE, C.CLOSE),
                     (",.;:?!\"'", C.HALFPUNCT)):
    for _ch in _chars:
        _EXPLICIT[_ch] = _cls
_EXPLICIT["\u3000"] = C.IDSPACE
for _ch in " \t\u00a0\u2002\u2003\u2009":
    _EXPLICIT[_ch] = C.SPACE

_CACHE: dict[str, C] = {}


def char_class(ch: str) -> C:
    """Class of one character; cached because measure asks for every character."""
    cls = _CACHE.get(ch)
    if cls is None:
        cls = _EXPLICIT.get(ch)
        if cls is None:
            cls = _classify(ch)
        _CACHE[ch] = cls
    return cls


def _classify(ch: str) -> C:
    if "0" <= ch <= "9":
        return C.DIGIT
    cat = unicodedata.category(ch)
    if cat.startswith("L") or cat.startswith("N") or cat == "So":
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            return C.HAN
        if cat.startswith("L"):
            return C.LATIN
        return C.OTHER if cat == "So" else C.DIGIT if cat == "Nd" else C.HAN
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return C.HAN
    return C.OTHER


PUNCT_CLASSES = frozenset({C.OPEN, C.CLOSE, C.COMMA, C.STOP, C.CONNECT, C.MIDDOT, C.SOLIDUS,
                           C.ELLIPSIS, C.HALFPUNCT, C.IDSPACE, C.SPACE})
"""Classes that do not count as characters for the 孤字 rule (§4)."""

CJK_SIDE = frozenset({C.HAN, C.OPEN, C.CLOSE, C.COMMA, C.STOP, C.ITER, C.LEADER, C.IDSPACE,
                      C.ELLIPSIS, C.CONNECT, C.MIDDOT})
"""Classes that count as Chinese for spacing decisions (§3.2)."""


def is_cjk_char(ch: str) -> bool:
    return char_class(ch) in CJK_SIDE and ch not in "()[]{}~"


def is_punct(ch: str) -> bool:
    return char_class(ch) in PUNCT_CLASSES or ch in "\u3000 "


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
