"""Two PDFs from any tool, compared by their text as one flow.

A PDF without layout.json is a sequence of lines cut at the measure and at page breaks: lines
that run to the measure are re-joined into paragraphs (a space between Latin words, none between
Han characters), and the pages into one flow, so a paragraph inserted on page 1 that pushes text
over a page break is one change, not a deletion on one page and an insertion on the next. Every
character keeps its page and box, for the locator and the marks of the diff PDF.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .changes import Box, Change, edit_words
from .raster import PageText
from .tokens import runs, visible

CONTEXT = 8
LATIN = re.compile(r"[A-Za-z0-9À-ɏ]")


@dataclass
class Flow:
    """One PDF's text as paragraphs separated by \\n, with each character's page, line and box."""
    text: str = ""
    where: list[tuple[int, int, int]] = field(default_factory=list)   # (page 1-based, line 1-based, char index)
    pages: list[PageText] = field(default_factory=list)

    def box(self, k: int) -> Box | None:
        page, _, idx = self.where[k]
        if page <= 0:
            return None
        x, y, w, h = self.pages[page - 1].boxes[idx]
        return (page, x, y, w, h) if w or h else None


def _lines(pt: PageText) -> list[tuple[str, list[int]]]:
    """A page's lines with the index of each character in the page's text."""
    out: list[tuple[str, list[int]]] = []
    cur: list[int] = []
    for k, ch in enumerate(pt.text):
        if ch in "\r\n":
            if ch == "\n" or (k + 1 < len(pt.text) and pt.text[k + 1] != "\n") or k + 1 == len(pt.text):
                out.append(("".join(pt.text[i] for i in cur), cur))
                cur = []
            continue
        cur.append(k)
    if cur:
        out.append(("".join(pt.text[i] for i in cur), cur))
    return out


def _right(pt: PageText, idx: list[int]) -> float:
    return max((pt.boxes[i][0] + pt.boxes[i][2] for i in idx), default=0.0)


def flow(pages: list[PageText]) -> Flow:
    """Lines re-joined into paragraphs where they ran to the measure; pages joined the same way."""
    f = Flow(pages=pages)
    chars: list[str] = []
    pending_soft = False
    for pn, pt in enumerate(pages, 1):
        lines = [(t, idx) for t, idx in _lines(pt) if t.strip()]
        rights = sorted(_right(pt, idx) for _, idx in lines)
        measure = rights[int(len(rights) * 0.9)] if rights else 0.0
        em = _em(pt, lines)
        for ln_no, (text, idx) in enumerate(lines, 1):
            if chars:
                if pending_soft:
                    if LATIN.match(chars[-1]) and LATIN.match(text.lstrip()[:1] or " ") and chars[-1] != "-":
                        chars.append(" ")
                        f.where.append((0, 0, -1))
                else:
                    chars.append("\n")
                    f.where.append((0, 0, -1))
            start = len(text) - len(text.lstrip())
            for ch, i in list(zip(text, idx, strict=True))[start:]:
                chars.append(ch)
                f.where.append((pn, ln_no, i))
            while chars and chars[-1] == " ":
                chars.pop()
                f.where.pop()
            pending_soft = _right(pt, idx) >= measure - 1.5 * em
    f.text = "".join(chars)
    return f


def _em(pt: PageText, lines: list[tuple[str, list[int]]]) -> float:
    hs = sorted(pt.boxes[i][3] for _, idx in lines for i in idx if pt.boxes[i][3] > 0)
    return hs[len(hs) // 2] if hs else 10.0


def _boxes(f: Flow, start: int, end: int) -> tuple[Box, ...]:
    """One box per line the characters start..end touch."""
    out: dict[tuple[int, int], list[float]] = {}
    for k in range(start, end):
        page, line, _ = f.where[k]
        b = f.box(k)
        if b is None:
            continue
        cur = out.get((page, line))
        if cur is None:
            out[(page, line)] = [b[1], b[2], b[1] + b[3], b[2] + b[4]]
        else:
            cur[0], cur[1] = min(cur[0], b[1]), min(cur[1], b[2])
            cur[2], cur[3] = max(cur[2], b[1] + b[3]), max(cur[3], b[2] + b[4])
    return tuple((p, x0, y0, x1 - x0, y1 - y0) for (p, _), (x0, y0, x1, y1) in out.items())


def _at(f: Flow, k: int) -> tuple[int, int, Box | None]:
    """Page, line and a zero-width box at flow offset k (where deleted text was)."""
    for kk in list(range(k, len(f.where))) + list(range(k - 1, -1, -1)):
        page, line, _ = f.where[kk]
        b = f.box(kk)
        if page and b:
            x = b[1] if kk >= k else b[1] + b[3]
            return page, line, (page, x, b[2], 0.0, b[4])
    return 1, 0, None


def flow_changes(old: list[PageText], new: list[PageText]) -> list[Change]:
    """The text changes between two PDFs, one per run, located by page, line and paragraph."""
    a, b = flow(old), flow(new)
    out = []
    if len(old) != len(new):
        n = len(new) - len(old)
        out.append(Change("page", "", min(len(old), len(new)) + 1,
                          f"{abs(n)} page{'s' if abs(n) != 1 else ''} {'added' if n > 0 else 'removed'} "
                          f"({len(old)} → {len(new)})",
                          zh=f"{'增加' if n > 0 else '减少'}{abs(n)}页（{len(old)}→{len(new)}页）", located=True))
    for r in runs(a.text, b.text):
        deleted, inserted = a.text[r.i1:r.i2], b.text[r.j1:r.j2]
        if not deleted.strip() and not inserted.strip():
            continue
        page, line, point = _at(b, r.j1)
        para = b.text.count("\n", 0, r.j1) + 1
        before = visible(b.text[max(0, r.j1 - CONTEXT):r.j1]) if r.j1 else None
        zh, en = edit_words((f"第{page}页第{line}行（第{para}段）", f"page {page} line {line} (¶{para})"),
                            visible(deleted), visible(inserted), before)
        out.append(Change("edit", "", page, en, inserted, deleted, _boxes(b, r.j1, r.j2), _boxes(a, r.i1, r.i2), zh,
                          (point,) if point and not inserted else (), detail=(("paragraph", para), ("line", line)),
                          located=True))
    return out
