"""Cleaning delivered copy: the docs/rules.md §3.2–§3.4 as named, switchable rules.

Copy comes out of editorial systems and old PDFs with ASCII punctuation inside Chinese,
spaces round digits and straight quotes. Each rule here finds what it would change and
`normalize` records every change (see `changes.py`), so an editor approves the result
instead of trusting it. A rule acts only where Chinese is next to the mark (or inside the
brackets or quotes), so numbers (1,000  3.5%), URLs and Latin sentences are left alone.
`rejoin` (paragraphs split by column breaks) works on lists of paragraphs: `rejoin.py`.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from ..text.cjk import C, char_class, is_cjk_char
from .changes import Change, Edit, apply_edits

TEXT_RULES = ("halfwidth", "fullwidth", "quotes", "ellipsis", "dash", "period", "spaces")
"""Rules over one string, in the order they run (halfwidth first: the others see ASCII digits; spaces last: it
sees the full-width marks)."""
RULES = ("rejoin",) + TEXT_RULES
NAME_KINDS = frozenset({"name"})
"""Bylines and credits: 「■罗盟 摄」 — the space is meant, so `spaces` skips them."""
HEAD_KINDS = frozenset({"head"})
"""Kickers, headlines and subheads: a space between two Chinese characters there parts the headline
(「稳中向好 全年生产总值突破4000亿元」), so `spaces` makes it the 1 em U+3000 instead of removing it."""
DATELINE = re.compile(r"^(?:本报讯|(?:本报|新华社|中新社|人民日报)[^\s，。：:]{0,16}(?:讯|电)"
                      r"|[^\s，。：:]{0,16}\d{1,2}日电)(?=[ \t]+\S)")
"""The dateline (电头) a news paragraph opens with: 本报讯, 新华社北京12月1日电. The space after it is meant
and becomes U+3000 (「本报讯　记者从…」), not removed."""
REPORTERS = re.compile(r"[（(](?:本报|特约)?(?:记者|通讯员|实习生)[^（）()\n]{1,40}[）)]")
"""The reporters after a dateline, 「（记者 李明 王芳）」: the spaces part the names, so they become U+3000."""

Groups = list[list[Edit]]
_BLANK = " \t"
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_NOT_LATIN = set(",.;:?!\"'()[]{}-/\\<>")


class RuleError(ValueError):
    """An unknown rule name (a user's typo in --rules)."""


def check_rules(rules: Iterable[str] | None) -> frozenset[str]:
    """The rule set to run (all when None); an unknown name is an error with a suggestion."""
    if rules is None:
        return frozenset(RULES)
    chosen = frozenset(rules)
    for name in sorted(chosen - set(RULES)):
        close = difflib.get_close_matches(name, RULES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise RuleError(f"--rules: unknown rule {name!r}{hint}; rules are {', '.join(RULES)}")
    return chosen


def normalize(text: str, where: str, *, rules: Iterable[str] | None = None,
              kind: str = "text") -> tuple[str, list[Change]]:
    """Run the chosen text rules over one string; return the new text and what changed."""
    chosen = check_rules(rules)
    changes: list[Change] = []
    for name in TEXT_RULES:
        if name not in chosen or (name == "spaces" and kind in NAME_KINDS):
            continue
        finder = find_head_spaces if name == "spaces" and kind in HEAD_KINDS else FINDERS[name]
        text, found = apply_edits(text, finder(text), name, where)
        changes.extend(found)
    return text, changes


def _cjk(ch: str | None) -> bool:
    return ch is not None and is_cjk_char(ch)


def _prev(text: str, i: int) -> str | None:
    """The nearest character before i that is not an ASCII space or tab."""
    while i > 0:
        i -= 1
        if text[i] not in _BLANK:
            return text[i]
    return None


def _next(text: str, i: int) -> str | None:
    while i < len(text):
        if text[i] not in _BLANK:
            return text[i]
        i += 1
    return None


def _near_cjk(text: str, start: int, end: int) -> bool:
    return _cjk(_prev(text, start)) or _cjk(_next(text, end))


def _digit(ch: str | None) -> bool:
    return ch is not None and ch.isascii() and ch.isdigit()


# --- halfwidth: full-width digits and Latin letters ------------------------------------------

_FW_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+(?:[．：／][０-９]+)*(?<=[０-９])％?|[Ａ-Ｚａ-ｚ]+")


def find_halfwidth(text: str) -> Groups:
    """Full-width digits and Latin letters (２０２１年, ＧＤＰ, as some input methods type them) → ASCII: numbers and
    Latin are set half-width (GB/T 15835). A full-width point, colon or slash between such digits (８．５, ８：３０)
    and a percent sign after them (１２．８％) go with them; the full-width marks of the Chinese text stay."""
    return [[Edit(m.start() + k, m.start() + k + 1, chr(ord(ch) - 0xFEE0)) for k, ch in enumerate(m.group())]
            for m in _FW_ALNUM.finditer(text)]


# --- fullwidth: , ; : ? ! and ( ) ---------------------------------------------------------

def find_fullwidth(text: str) -> Groups:
    """ASCII , ; : ? ! in Chinese text → ，；：？！ (not between digits: 1,000 8:30); ( ) → （ ）.
    In Chinese text: next to Chinese, or inside a run of Latin, digits and signs that touches Chinese with no
    space between (「优良率85.5%,PM2.5浓度」: an English comma would have a space after it). A run that looks
    like an address (://, www., @) is left alone."""
    groups: Groups = []
    for m in re.finditer(r"[,;:?!]+", text):
        s, e = m.span()
        if e - s == 1 and _digit(text[s - 1] if s else None) and _digit(text[e] if e < len(text) else None):
            continue
        if _near_cjk(text, s, e) or _in_chinese_run(text, s, e):
            groups.append([Edit(s + k, s + k + 1, _FULL[ch]) for k, ch in enumerate(m.group())])
    return groups + _brackets(text)


def _in_chinese_run(text: str, start: int, end: int) -> bool:
    """Is text[start:end] inside an unbroken run of non-Chinese, non-blank characters that meets a Chinese
    character on either side (and does not look like a URL or an e-mail address)?"""
    a = start
    while a > 0 and not text[a - 1].isspace() and not _cjk(text[a - 1]):
        a -= 1
    b = end
    while b < len(text) and not text[b].isspace() and not _cjk(text[b]):
        b += 1
    touches = (a > 0 and _cjk(text[a - 1])) or (b < len(text) and _cjk(text[b]))
    return touches and end < len(text) and not text[end].isspace() and not _URLISH.search(text[a:b])


def _brackets(text: str) -> Groups:
    """Pairs where either side is ASCII; converted when the content or a neighbour is Chinese."""
    groups: Groups = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            j = stack.pop()
            if text[j] == "（" and ch == "）":
                continue
            if _quoted(text, j, i):
                groups.append([Edit(k, k + 1, "（" if k == j else "）") for k in (j, i) if text[k] in "()"])
    return groups


# --- quotes: "…" '…' → “…” ‘…’ -------------------------------------------------------------

def find_quotes(text: str) -> Groups:
    """Straight quotes round or next to Chinese → curly, direction by position (GB: double first)."""
    return _quote_pairs(text, '"', "“", "”") + _quote_pairs(text, "'", "‘", "’")


def _quote_pairs(text: str, straight: str, opening: str, closing: str) -> Groups:
    groups: Groups = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == opening:
            open_at = i
        elif ch == closing:
            if open_at is not None and text[open_at] == straight and _quoted(text, open_at, i):
                groups.append([Edit(open_at, open_at + 1, opening)])
            open_at = None
        elif ch == straight:
            if straight == "'" and _apostrophe(text, i):
                continue
            if open_at is None:
                open_at = i
                continue
            j, open_at = open_at, None
            if _quoted(text, j, i):
                groups.append([Edit(k, k + 1, opening if k == j else closing) for k in (j, i) if text[k] == straight])
    if open_at is not None and text[open_at] == straight and _near_cjk(text, open_at, open_at + 1):
        after = text[open_at + 1] if open_at + 1 < len(text) else None
        mark = opening if after is not None and after not in _BLANK else closing
        groups.append([Edit(open_at, open_at + 1, mark)])
    return groups


def _quoted(text: str, j: int, i: int) -> bool:
    """Is the pair at j…i Chinese: Chinese inside, or Chinese just outside?"""
    return any(_cjk(c) for c in text[j + 1:i]) or _cjk(_prev(text, j)) or _cjk(_next(text, i + 1))


def _apostrophe(text: str, i: int) -> bool:
    """don't, it's: a ' between Latin letters is an apostrophe, not a quote."""
    a = text[i - 1] if i else ""
    b = text[i + 1] if i + 1 < len(text) else ""
    return bool(a and b and char_class(a) == C.LATIN and char_class(b) == C.LATIN)


# --- ellipsis and dash -------------------------------------------------------------------

def find_ellipsis(text: str) -> Groups:
    """... (three or more dots), 。。。 and a single … next to Chinese → ……."""
    return [[Edit(*m.span(), "……")] for m in re.finditer(r"\.{3,}|。{3,}|(?<!…)…(?!…)", text)
            if _near_cjk(text, *m.span())]


def find_dash(text: str) -> Groups:
    """-- and a single — used as a dash next to Chinese → ——; ranges between digits stay."""
    groups: Groups = []
    for m in re.finditer(r"(?<!-)--(?!-)|(?<!—)—(?!—)", text):
        s, e = m.span()
        if _digit(_prev(text, s)) and _digit(_next(text, e)):
            continue
        if _near_cjk(text, s, e):
            groups.append([Edit(s, e, "——")])
    return groups


# --- period: . ending a Chinese sentence ---------------------------------------------------

_URLISH = re.compile(r"://|^www\.|@", re.IGNORECASE)


def find_period(text: str) -> Groups:
    """. ending a Chinese sentence → 。; never inside numbers (3.5%), URLs or Latin text."""
    groups: Groups = []
    for m in re.finditer(r"(?<!\.)\.(?!\.)", text):
        i = m.start()
        after = text[i + 1] if i + 1 < len(text) else None
        if after is not None and not (after in " \t\n" or _cjk(after)):
            continue
        before = text[i - 1] if i else None
        if before is None or before in _BLANK:
            continue
        if not _cjk(before):
            token_start = i
            while token_start > 0 and not _cjk(text[token_start - 1]) and text[token_start - 1] not in " \t\n":
                token_start -= 1
            token = text[token_start:i]
            if _URLISH.search(token) or token_start == 0 or not _cjk(text[token_start - 1]):
                continue
        groups.append([Edit(i, i + 1, "。")])
    return groups


# --- spaces ------------------------------------------------------------------------------

def find_spaces(text: str) -> Groups:
    """ASCII spaces next to Chinese (between Chinese, or Chinese and Latin/digits) are removed:
    the layout adds the Han–Latin gap itself. Latin word spaces and U+3000 stay; the space after a
    paragraph's dateline (DATELINE) and those between reporters' names (REPORTERS) become U+3000."""
    groups: Groups = []
    dateline = DATELINE.match(text)
    names = [m.span() for m in REPORTERS.finditer(text)]
    for m in re.finditer(r"[ \t]+", text):
        s, e = m.span()
        if s == 0 or e == len(text):
            continue
        if (dateline is not None and s == dateline.end()) or any(a < s and e < b - 1 for a, b in names):
            groups.append([Edit(s, e, "\u3000")])
            continue
        a, b = text[s - 1], text[e]
        if (_cjk(a) and _joins(b)) or (_cjk(b) and _joins(a)):
            groups.append([Edit(s, e, "")])
    return groups


def find_head_spaces(text: str) -> Groups:
    """`spaces` in a headline: as everywhere, except that a space between two Chinese characters parts the
    headline and becomes one U+3000."""
    groups: Groups = []
    for group in find_spaces(text):
        (edit,) = group
        s, e = edit.start, edit.end
        between = char_class(text[s - 1]) is C.HAN and char_class(text[e]) is C.HAN
        groups.append([Edit(s, e, "\u3000")] if between else group)
    return groups


def _joins(ch: str) -> bool:
    """A neighbour a space next to Chinese may be removed against: Chinese, Latin, digits, symbols."""
    return not ch.isspace() and ch not in _NOT_LATIN


FINDERS: dict[str, Callable[[str], Groups]] = {
    "halfwidth": find_halfwidth, "fullwidth": find_fullwidth, "quotes": find_quotes, "ellipsis": find_ellipsis,
    "dash": find_dash, "period": find_period, "spaces": find_spaces,
}
