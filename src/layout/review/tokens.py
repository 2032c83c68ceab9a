"""Text compared as an editor reads it: Han characters one by one, numbers and Latin words whole.

Chinese has no spaces, so a diff goes character by character; but 9837 → 9873 is one number
replaced, not "inserted 7, deleted 7", and a Latin word is one word. Runs that are split by a
character or two of common text are merged, so a reworded sentence is one change, not four.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from typing import NamedTuple

TOKEN = re.compile(r"[0-9０-９]+(?:[.,:：．][0-9０-９]+)*%?|[A-Za-zÀ-ɏ]+(?:['’-][A-Za-zÀ-ɏ]+)*|\s+|.", re.S)
MERGE_GAP = 2           # common tokens between two runs, at most, for them to read as one change


class Run(NamedTuple):
    """One change: old[i1:i2] became new[j1:j2] (character offsets)."""
    i1: int
    i2: int
    j1: int
    j2: int

    def op(self) -> str:
        if self.i1 == self.i2:
            return "insert"
        return "delete" if self.j1 == self.j2 else "replace"


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _offsets(toks: list[str]) -> list[int]:
    out, k = [0], 0
    for t in toks:
        k += len(t)
        out.append(k)
    return out


def runs(old: str, new: str, merge_gap: int = MERGE_GAP) -> list[Run]:
    """The changes from `old` to `new`, token by token, as character runs; short common gaps merged."""
    if old == new:
        return []
    ta, tb = tokens(old), tokens(new)
    oa, ob = _offsets(ta), _offsets(tb)
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    raw = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]
    merged: list[list[int]] = []
    for i1, i2, j1, j2 in raw:
        if merged and i1 - merged[-1][1] <= merge_gap and j1 - merged[-1][3] <= merge_gap \
                and _short_gap(ta[merged[-1][1]:i1]):
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    return [_slide(Run(oa[i1], oa[i2], ob[j1], ob[j2]), old, new) for i1, i2, j1, j2 in merged]


def _slide(r: Run, old: str, new: str) -> Run:
    """A pure insertion or deletion moved along repeated text to where a reader puts it: starting after a
    paragraph break or a full stop (「品格。⏎新增一段。」 rather than 「。⏎新增一段」 after 「品格」)."""
    text, a, b = (new, r.j1, r.j2) if r.i1 == r.i2 else (old, r.i1, r.i2) if r.j1 == r.j2 else ("", 0, 0)
    if not text:
        return r
    best = 0
    k = 0
    while b + k < len(text) and text[a + k] == text[b + k]:
        k += 1
        if text[a + k - 1] in "\n。！？；.!?;":
            best = k
    if not best:
        return r
    return Run(r.i1 + best, r.i2 + best, r.j1 + best, r.j2 + best) if r.i1 == r.i2 or r.j1 == r.j2 else r


def _short_gap(common: list[str]) -> bool:
    """Common text that is one or two characters of a sentence, not a number, word or punctuation mark
    that an editor would read as the boundary between two separate edits."""
    return sum(len(t) for t in common) <= MERGE_GAP and not any(t in "。！？；\n" for t in common)


def visible(text: str, limit: int = 0) -> str:
    """Text for a one-line report: line breaks as ⏎, other control characters as \\xNN, shortened with …"""
    out: list[str] = []
    for ch in text:
        if ch in "\r\n":
            if not out or out[-1] != "⏎":
                out.append("⏎")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn") and ch not in "\u200b":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    s = "".join(out)
    return s if not limit or len(s) <= limit else s[:limit] + "…"
