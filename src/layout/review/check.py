"""`layout check`: the typesetting reference's testable rules 1–15 and the page rules 26–35, read
from layout.json.

It trusts nothing the composer believes: it recomputes every rule from the recorded lines
(text, cells, positions) and blocks, so a bug in composition shows up here as a finding. The page
rules are the build's own validator (`pages/pagerules.py`), run on the pages as the file has them
with the limits it records.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ..model.model import BlockKind
from ..output.layout_json import LayoutDoc
from ..output.layout_read import load_layout
from ..pages.pagerules import Fault, page_faults
from ..pages.placed import LineKind, PlacedBlock, PlacedPage, SetLine
from ..text.cjk import (
    ADDRESS_BREAKS,
    COMMAS,
    FULLWIDTH_CLOSE,
    FULLWIDTH_OPEN,
    POSTFIX,
    PREFIX,
    STOPS,
    C,
    char_class,
    may_end,
    may_start,
)
from ..text.items import LOOSE

TOL = 0.05                       # pt: flush, indent, grid
JUSTIFIED = frozenset({LineKind.BODY, LineKind.ITEM, LineKind.CAPTION, LineKind.NOTE})
GRID_KINDS = frozenset({LineKind.BODY, LineKind.BYLINE, LineKind.SUBHEADING, LineKind.ITEM, LineKind.CAPTION})
KEEP_KINDS = frozenset({LineKind.BODY, LineKind.SUBHEADING, LineKind.BYLINE})      # 背题 and balancing
HEAD_KINDS = frozenset({LineKind.FOLIO, LineKind.HEADLINE, LineKind.KICKER, LineKind.SUBHEAD, LineKind.TITLE})
MARKS = set(FULLWIDTH_OPEN + FULLWIDTH_CLOSE + COMMAS + STOPS)
LINE_END_MARKS = set(FULLWIDTH_CLOSE + COMMAS + STOPS)
UNITS_AFTER_NUMBERS = "年月日亿万元"
_HAN = {C.HAN, C.ITER, C.LEADER}


@dataclass(frozen=True)
class Finding:
    rule: int
    severity: str                # error | warning
    page: int
    column: int                  # 1-based, 0 when not on a column
    line: int                    # 1-based grid line, 0 when off the grid
    story: str
    para: int
    text: str
    message: str

    def __str__(self) -> str:
        where = f"page {self.page}" + (f", column {self.column}" if self.column else "") + \
                (f", line {self.line}" if self.line else "")
        who = f"{self.story}" + (f" ¶{self.para + 1}" if self.para >= 0 else "") if self.story else "page"
        return f"{where} ({who}) rule {self.rule} {self.severity}: {self.message} «{self.text}»"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    lines: int = 0
    flush: int = 0
    justified: int = 0
    max_extra: float = 0.0
    orphans: int = 0
    page_faults: int = 0         # findings of the page rules 26–35, errors and warnings

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def summary(self) -> dict[str, Any]:
        share = self.flush / self.justified if self.justified else 1.0
        return {"lines_checked": self.lines, "flush_share": round(share, 4), "justified_lines": self.justified,
                "largest_extra_em": round(self.max_extra, 3), "orphans": self.orphans,
                "page_faults": self.page_faults, "errors": self.errors, "warnings": self.warnings}

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "findings": [asdict(f) for f in self.findings]}


class _Checker:
    def __init__(self, doc: LayoutDoc):
        comp = doc.composition
        self.level = comp.get("level", "gb")
        self.hang = comp.get("hang", False)
        self.digit_gap = comp.get("digit_gap", 0.0)
        self.report = Report()

    def add(self, rule: int, severity: str, page: int, ln: SetLine | None, message: str,
            text: str | None = None) -> None:
        col = (ln.column + 1) if ln and ln.column >= 0 else 0
        line = (ln.grid_line + 1) if ln and ln.grid_line >= 0 else 0
        self.report.findings.append(Finding(rule, severity, page, col, line, ln.story if ln else "",
                                            ln.para if ln else -1,
                                            (text if text is not None else ln.text if ln else "")[:40], message))

    # -- one line -------------------------------------------------------------------------------
    def line(self, page: PlacedPage, ln: SetLine) -> None:
        n = page.number
        cells = ln.cells
        self.report.lines += 1
        if not cells:
            return
        em = ln.size
        first, last = cells[0].text, cells[-1].text
        if not may_start(first, self.level) and not _address_part(first):
            self.add(1, "error", n, ln, f"line starts with {first[0]!r}")
        if not may_end(last, self.level) and not _address_part(last):
            self.add(2, "error", n, ln, f"line ends with {last[-1]!r}")
        for (t1, x1, w1), (t2, x2, w2) in zip(cells, cells[1:], strict=False):
            if t1 in MARKS and t2 in MARKS and w1 + w2 > 1.5 * em + TOL:
                self.add(4, "error", n, ln, f"{t1}{t2} take {(w1 + w2) / em:.2f} em, more than 1.5")
            self._gap(n, ln, t1, x1, w1, t2, x2, em)
        if last in LINE_END_MARKS and cells[-1].width > 0.5 * em + TOL and not self.hang:
            self.add(4, "error", n, ln, f"line-end {last} is {cells[-1].width / em:.2f} em wide, not half")
        extra = ln.max_extra
        self.report.max_extra = max(self.report.max_extra, extra)
        if extra > 0.5 + 1e-6:
            self.add(9, "error", n, ln, f"{extra:.2f} em extra between characters (limit 0.5)")
        elif extra > LOOSE + 1e-6:
            self.add(9, "warning", n, ln, f"{extra:.2f} em extra between characters")
        if ln.kind in JUSTIFIED:
            self._justified(n, ln)
        if re.search(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]) +(?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])",
                     ln.text):
            self.add(10, "error", n, ln, "ASCII space between Chinese characters")

    def _gap(self, n: int, ln: SetLine, t1: str, x1: float, w1: float, t2: str, x2: float, em: float) -> None:
        gap = x2 - (x1 + w1)
        k1, k2 = _kind(t1, last=True), _kind(t2, last=False)
        pair = {k1, k2}
        if pair == {"han", "latin"}:
            if not (0.125 * em - TOL <= gap <= 0.5 * em + TOL):
                self.add(10, "error", n, ln, f"Han–Latin gap {gap / em:.3f} em (allowed 1/8–1/2)", t1 + t2)
        elif _kind(t1, last=False) in _LATINISH and k2 in _LATINISH and gap > 0.5 * em + TOL:   # (「2016,」)
            self.add(9, "warning", n, ln, f"word space {gap / em:.2f} em, past 1/2 (a line of Latin words justified "
                                          "on its spaces)", t1 + " " + t2)
        elif pair == {"han", "digit"}:
            extra = ln.max_extra * em
            want = self.digit_gap * em
            if abs(gap - want) > TOL and abs(gap - want - extra) > TOL:
                self.add(10, "error", n, ln, f"Han–digit gap {gap / em:.3f} em, house style {self.digit_gap} em",
                         t1 + t2)

    def _justified(self, n: int, ln: SetLine) -> None:
        end = ln.indent + ln.set_width
        if not ln.last:
            self.report.justified += 1
            if abs(end - ln.width) <= TOL or (self.hang and end > ln.width):
                self.report.flush += 1
            elif end < ln.width and _rigid(ln.cells):
                self.add(5, "warning", n, ln, f"left short by {ln.width - end:.2f} pt: nothing in it may take space "
                                              "(an address or a word longer than the column's rest)")
            else:
                self.add(5, "error", n, ln, f"not flush: ends {ln.width - end:+.2f} pt from the column edge")
        else:
            if end > ln.width + TOL and not self.hang:
                self.add(6, "error", n, ln, f"last line runs {end - ln.width:.2f} pt past the column edge")
            if ln.max_extra > 1e-6:
                self.add(6, "error", n, ln, "last line is spread (a last line keeps natural spacing)")

    # -- paragraphs -----------------------------------------------------------------------------
    def paragraph(self, lines: list[tuple[int, SetLine]]) -> None:
        page, first = lines[0]
        if first.kind == LineKind.BODY and first.char_start == 0 and abs(first.indent - 2 * first.size) > TOL:
            self.add(7, "error", page, first, f"first-line indent {first.indent / first.size:.2f} em, not 2")
        text = "".join(ln.text for _, ln in lines)
        last_page, last = lines[-1]
        if last.kind in JUSTIFIED and _counted(text) >= 2 and _counted(last.text) < 2:
            self.report.orphans += 1
            self.add(8, "error", last_page, last, "孤字: the last line has fewer than 2 characters")
        for (_, a), (p2, b) in zip(lines, lines[1:], strict=False):
            if b.char_start > a.char_end:
                continue                               # a break at a space between words
            self._across(p2, b, a.cells[-1].text if a.cells else "", b.cells[0].text if b.cells else "")
        self._punctuation(page, first, text)

    def _across(self, page: int, ln: SetLine, end: str, start: str) -> None:
        if not end or not start or _address_part(start) or _address_part(end):
            return                                     # an address breaks between its parts (§1.3)
        a, b = end[-1], start[0]
        split = ((a.isascii() and a.isalnum() and b.isascii() and b.isalnum())
                 or (a == b and a in "—…⋯") or (a in PREFIX and b.isdigit()) or (a.isdigit() and b in POSTFIX)
                 or (a in "？！?!" and b in "？！?!")
                 or (a.isdigit() and b in ".,:/-") or (a in ".,:/-" and b.isdigit() and end[:-1][-1:].isdigit()))
        if split:
            self.add(3, "error", page, ln, f"break inside a unit: {end[-4:]}｜{start[:4]}")
        elif a.isdigit() and b in UNITS_AFTER_NUMBERS:
            self.add(3, "warning", page, ln, f"number separated from its unit: {end[-4:]}｜{start[:2]}")

    def _punctuation(self, page: int, ln: SetLine, text: str) -> None:
        cjk = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
        for m in re.finditer(rf"(?<={cjk})[,;:?!()]|[,;:?!()](?={cjk})", text):
            ch, i = m.group(), m.start()
            if ch == "," and text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit():
                continue
            self.add(11, "error", page, ln, f"ASCII {ch!r} next to Chinese", text[max(0, i - 6):i + 6])
        for bad, what in (("...", "three dots"), ("--", "double hyphen"), ('"', "straight double quote"),
                          ("'", "straight single quote")):
            if bad in text:
                i = text.index(bad)
                self.add(11, "error", page, ln, f"{what} instead of Chinese punctuation", text[max(0, i - 6):i + 6])

    # -- pages ----------------------------------------------------------------------------------
    def page(self, page: PlacedPage) -> None:
        n = page.number
        grid = page.grid
        pitch, y0 = grid.pitch, grid.first_baseline
        gap = pitch - grid.body_size
        ta = page.type_area
        for ln in page.lines:
            if ln.kind in GRID_KINDS:
                k = (ln.y - y0) / pitch
                if abs(k - round(k)) * pitch > TOL:
                    self.add(12, "error", n, ln, f"baseline {ln.y} is off the {pitch} pt grid")
            if ln.kind == LineKind.BODY and ln.column >= 0:
                cx = grid.columns[ln.column][0]
                if abs(ln.x - cx) > TOL:
                    self.add(5, "error", n, ln, f"starts {ln.x - cx:+.2f} pt from the column edge")
            if ln.kind == LineKind.FOLIO:
                inside = (0 <= ln.x and ln.x + ln.indent + ln.set_width <= page.width and 0 <= ln.y <= page.height)
            else:
                inside = (ta.x - TOL <= ln.x and ln.x + ln.indent + ln.set_width <= ta.right + TOL
                          and ta.y - TOL <= ln.y - 0.88 * ln.size and ln.y <= ta.bottom + TOL)
            if not inside:
                self.add(15, "error", n, ln, "text outside the type area")
        for b in page.blocks:
            r = b.rect
            lines = round((r.h + gap) / pitch)
            if abs(r.h - (lines * pitch - gap)) > 0.1 or lines != b.lines:
                self._block(n, b, f"{b.kind} block is {r.h:.2f} pt tall, not {b.lines} grid lines")
            if not (ta.x - TOL <= r.x and r.right <= ta.right + TOL and ta.y - TOL <= r.y
                    and r.bottom <= ta.bottom + TOL):
                self._block(n, b, f"{b.kind} block outside the type area", 15)
        for pic in page.pictures:
            block = next((b for b in page.blocks if b.kind == BlockKind.PHOTO and b.ref == pic.ref), None)
            if block and not pic.bleed and abs(pic.frame.w - block.rect.w) > TOL:
                self._block(n, block, f"photo {pic.ref!r} is {pic.frame.w:.2f} pt wide, not its column span")
        self._keeps(n, page)

    def fault(self, page: PlacedPage, f: Fault) -> None:
        """A page rule's fault as a finding: at the column and grid line where its rectangle starts."""
        grid = page.grid
        column = next((i + 1 for i, (x, w) in enumerate(grid.columns) if x - TOL <= f.rect.x < x + w), 0)
        k = (f.rect.y - page.type_area.y) / grid.pitch
        line = round(k) + 1 if 0 <= round(k) < grid.lines and abs(k - round(k)) * grid.pitch <= 1.0 else 0
        ref = next((b.ref for b in page.blocks if f.blocks and b.id == f.blocks[0]), "")
        self.report.page_faults += 1
        self.report.findings.append(Finding(f.rule, f.severity, f.page, column, line, ref, -1, ", ".join(f.blocks),
                                            f"{f.subject}: {f.detail}"))

    def _block(self, page: int, b: PlacedBlock, message: str, rule: int = 13) -> None:
        self.report.findings.append(Finding(rule, "error", page, b.column + 1, b.line + 1, b.ref, -1, b.id, message))

    def _keeps(self, n: int, page: PlacedPage) -> None:
        body = [ln for ln in page.lines if ln.kind in KEEP_KINDS and ln.column >= 0]
        for i, sub in enumerate(body):
            if sub.kind != LineKind.SUBHEADING:
                continue
            after = [ln for ln in body[i + 1:] if ln.story == sub.story and ln.column == sub.column
                     and ln.kind == LineKind.BODY]
            more = [ln for ln in body[i + 1:] if ln.story == sub.story]
            if len(after) < 2 and len(more) > len(after):
                self.add(14, "error", n, sub, "背题: subheading with fewer than 2 lines of its text below it")
        ends: dict[str, dict[int, int]] = {}           # last grid line used, per block and column
        for ln in body:
            cols = ends.setdefault(ln.block, {})
            cols[ln.column] = max(cols.get(ln.column, -1), ln.grid_line)
        for block, cols in ends.items():
            last = [cols[c] for c in sorted(cols)]
            b = next((x for x in page.blocks if x.id == block), None)
            if b is None or any(_inside(o, b) for o in page.blocks if o is not b):
                continue                               # text wrapping round a photo: columns differ by design
            if len(last) > 1 and (len(set(last[:-1])) > 1 or last[-1] > last[0]):
                self._block(n, b, f"the story's columns end on grid lines {[e + 1 for e in last]}: "
                                  "only the last column may end higher", 14)


def _inside(o: PlacedBlock, b: PlacedBlock) -> bool:
    """Does block o sit inside the columns and lines of block b?"""
    return (o.column < b.column + b.span and b.column < o.column + o.span
            and o.line < b.line + b.lines and b.line < o.line + o.lines)


def _address_part(cell: str) -> bool:
    """A part of a web or e-mail address as measure splits one («https://», «/quantum-2021»): its / ? # & @ may
    end or open a line (§1.3). A lone / is a solidus of Chinese text and keeps its rule."""
    return len(cell) > 1 and cell.isascii() and (cell[0] in ADDRESS_BREAKS or cell.endswith("://"))


def _rigid(cells: tuple) -> bool:
    """A line in which no junction may take extra space: Latin and digits only, set solid (an address's parts, a
    word): justification has nowhere to put what the line is short of."""
    return all(_address_part(c.text) or _kind(c.text, last=False) in _LATINISH for c in cells) and all(
        b.x - (a.x + a.width) <= TOL for a, b in zip(cells, cells[1:], strict=False))


_LATINISH = ("latin", "digit")


def _kind(cell: str, last: bool) -> str:
    ch = cell[-1] if last else cell[0]
    cls = char_class(ch)
    if cls in _HAN:
        return "han"
    if cls == C.LATIN or (ch.isascii() and ch.isalpha()):
        return "latin"
    if ch.isdigit() or cls in (C.PREFIX, C.POSTFIX):
        return "digit" if all(not t.isalpha() for t in cell) else "latin"
    return "other"


def _counted(text: str) -> int:
    return sum(1 for ch in text if char_class(ch) in (C.HAN, C.LATIN, C.DIGIT, C.ITER, C.LEADER, C.OTHER))


def _paragraphs(pages: tuple[PlacedPage, ...]) -> Iterable[list[tuple[int, SetLine]]]:
    groups: dict[tuple, list[tuple[int, SetLine]]] = {}
    for page in pages:
        for ln in page.lines:
            if ln.kind in HEAD_KINDS:
                continue
            groups.setdefault((ln.story, ln.kind, ln.para), []).append((page.number, ln))
    return groups.values()


def check(layout: LayoutDoc | Mapping[str, Any] | str | os.PathLike | bytes) -> Report:
    """Every finding in a layout.json: a LayoutDoc, or anything `load_layout` reads (a path, bytes,
    a parsed dict — tests doctor dicts). Raises LayoutFormatError for what is not layout.json/2."""
    doc = layout if isinstance(layout, LayoutDoc) else load_layout(layout)
    c = _Checker(doc)
    for page in doc.pages:
        for ln in page.lines:
            c.line(page, ln)
        c.page(page)
        for f in page_faults(page, doc.fits, doc.page_limits(page.number)):
            c.fault(page, f)
    for para in _paragraphs(doc.pages):
        c.paragraph(para)
    c.report.findings.sort(key=lambda f: (f.page, f.column, f.line, f.rule))
    return c.report
