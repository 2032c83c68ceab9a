"""Recorded changes: every edit the intake makes to copy is shown to an editor before it prints.

A rule proposes edits (offsets into the text and a replacement); `apply_edits` makes them and
records, per change, the text just around it before and after — short enough to read at a
glance, long enough to judge.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

AROUND = 6          # characters shown either side of a change
WIDE = 20           # characters either side in `context`
MERGE_GAP = 4       # edits of one rule this close together are one change ("2021 年" → one)


@dataclass(frozen=True)
class Change:
    """One normalisation: which rule, the text around it before and after, and where it was."""
    rule: str
    before: str
    after: str
    where: str           # "story main, paragraph 3", "photo p2 caption", …
    context: str = ""    # a wider excerpt of the original text

    def __str__(self) -> str:
        return f"{self.rule:<9}  {self.where}: «{self.before}» → «{self.after}»"


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def format_changes(changes: Iterable[Change]) -> str:
    """One line per change — `rule  where: «before» → «after»` — for an editor to approve."""
    return "\n".join(str(c) for c in changes)


def apply_edits(text: str, groups: Sequence[Sequence[Edit]], rule: str, where: str) -> tuple[str, list[Change]]:
    """Make non-overlapping edits; one Change per group (nearby groups merged)."""
    edits = sorted((e for g in groups for e in g), key=lambda e: e.start)
    if not edits:
        return text, []
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    new = "".join(out)
    changes = []
    for start, end in _spans(groups):
        a, b = max(0, start - AROUND), min(len(text), end + AROUND)
        wa, wb = max(0, start - WIDE), min(len(text), end + WIDE)
        changes.append(Change(rule, text[a:b], new[_map(edits, a):_map(edits, b, after=True)], where,
                              text[wa:wb]))
    return new, changes


def _spans(groups: Sequence[Sequence[Edit]]) -> list[tuple[int, int]]:
    spans = sorted((min(e.start for e in g), max(e.end for e in g)) for g in groups if g)
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s - merged[-1][1] <= MERGE_GAP:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _map(edits: Sequence[Edit], pos: int, after: bool = False) -> int:
    """An offset in the old text → the same place in the new one (an edit's far side if inside it)."""
    shift = 0
    for e in edits:
        if e.end <= pos and not (e.start == e.end == pos and not after):
            shift += len(e.text) - (e.end - e.start)
        elif e.start < pos < e.end:
            return e.start + shift + (len(e.text) if after else 0)
    return pos + shift
