"""The `rejoin` rule: paragraphs that a column or page break split in two are put back together.

Text exported from a paged system or copied out of a PDF breaks a paragraph wherever a
column ended: 「…与做好中心」 / 「工作结合起来…」. A part is joined to the next when it ends
without sentence-ending punctuation, does not look like a heading (short, no pause marks),
and the next part does not start a paragraph (numbered, indented, a heading). A part that
starts with a mark no line may start with (，。、…) is always a continuation.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..text.cjk import CLOSE, PAUSE, C, char_class
from .changes import AROUND, WIDE, Change

ENDS = frozenset("。！？…；：!?.;:")
"""Marks that end a paragraph. A closing quote or 》 ends one only after one of these."""
CLOSERS = frozenset("”’」』\"'》〉")
BRACKETS = frozenset("）)】〗］]")
"""（完） and the like: a paragraph may end on a bracket."""
HEADING_MAX = 25
_PAUSES = frozenset("，、；,;。")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}[.．、](?!\d)"
                       r"|[①-⑳]|第.{1,3}[部章节篇])")
_NEVER_FIRST = frozenset(PAUSE + CLOSE + ",.;:?!")


@dataclass(frozen=True)
class Part:
    """A piece of copy as delivered: one line between blank lines."""
    text: str
    tag: str = ""          # what the paragraph is ("note", "item", "subheading", …): kept by a joined part
    new: bool = False      # certainly starts a paragraph (numbered, indented)
    barrier: bool = False  # a heading: never joined to anything


def ends_paragraph(text: str) -> bool:
    """Does the text end the way a paragraph ends (。！？…， a closing quote after one of them)?"""
    t = text.rstrip()
    if not t:
        return True
    if t[-1] in BRACKETS:
        return True
    core = t.rstrip("".join(CLOSERS))
    return bool(core) and core[-1] in ENDS


def looks_like_heading(text: str) -> bool:
    """A line that may end without punctuation: short and without pause marks, or numbered."""
    t = text.strip()
    return (len(t) <= HEADING_MAX and not any(ch in _PAUSES for ch in t)) or (
        len(t) <= 2 * HEADING_MAX and bool(_NUMBERED.match(t)) and not any(ch in "，," for ch in t))


def starts_paragraph(part: Part) -> bool:
    return part.new or part.barrier or bool(_NUMBERED.match(part.text)) or part.text[:1] in "■□◆●【"


def continues(first: Part, second: Part) -> bool:
    """Is `second` the rest of `first`, split by a column break?"""
    if first.barrier or second.barrier or not second.text:
        return False
    if second.text[0] in _NEVER_FIRST:
        return True
    return not ends_paragraph(first.text) and not looks_like_heading(first.text) and not starts_paragraph(second)


def rejoin(parts: Sequence[Part], where: Callable[[int, Part], str]) -> tuple[list[Part], list[Change]]:
    """Join split parts; return the paragraphs and one Change per join (`where(index, paragraph)`)."""
    out: list[Part] = []
    joins: list[tuple[int, str, str, str]] = []
    for part in parts:
        if out and continues(out[-1], part):
            prev = out[-1]
            glue = " " if _latin(prev.text[-1]) and _latin(part.text[0]) else ""
            joined = prev.text + glue + part.text
            before = f"{prev.text[-AROUND:]}¶{part.text[:AROUND]}"
            start = len(prev.text) - AROUND if len(prev.text) > AROUND else 0
            after = joined[start:len(prev.text) + len(glue) + AROUND]
            context = f"{prev.text[-WIDE:]}¶{part.text[:WIDE]}"
            joins.append((len(out) - 1, before, after, context))
            out[-1] = replace(prev, text=joined)
        else:
            out.append(part)
    return out, [Change("rejoin", b, a, where(i, out[i]), c) for i, b, a, c in joins]


def _latin(ch: str) -> bool:
    return char_class(ch) == C.LATIN
