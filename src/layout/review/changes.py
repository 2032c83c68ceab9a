"""One named difference between two revisions, worded in Chinese and in English.

A change carries where it is (版/栏/行: page, column, grid line, 1-based), what it is about (the
story by its headline, a photo by its caption, a chronicle by its title — not manifest ids), the
text inserted and deleted, and the boxes the diff PDF marks: characters on the new page, characters
on the old page, deletion points on the new page and (lightly) lines that only moved.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

Box = tuple[int, float, float, float, float]     # (page, x, y, w, h): points from the page's top-left

KINDS = ("page", "template", "folio", "edit", "head", "chronicle", "overset", "photo", "block", "hole", "fit",
         "reflow")
"""Every kind of change, in report order within a page."""

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Change:
    kind: str          # one of KINDS
    ref: str           # story, photo or chronicle id ("" for pages)
    page: int          # page of the change in the new revision (old when removed)
    message: str       # English wording, without the locator
    inserted: str = ""
    deleted: str = ""
    lines: tuple[Box, ...] = ()          # marks on the new page (changed characters)
    old_lines: tuple[Box, ...] = ()      # marks on the old page (deleted characters, text that left)
    zh: str = ""                         # Chinese wording, without the locator
    points: tuple[Box, ...] = ()         # where deleted text was, on the new page
    moved: tuple[Box, ...] = ()          # lines that only moved (reflow), marked lightly
    column: int = 0                      # 1-based column on the page (0: the whole page)
    line: int = 0                        # 1-based grid line (0: not on the grid)
    detail: tuple[tuple[str, Any], ...] = ()   # structured facts for JSON (old/new positions, sizes)
    located: bool = False                # the wording names its place itself (a PDF's page and line)

    def text(self, lang: str = "zh") -> str:
        """The change with its locator, one line: 「第8版 第5栏第14行 …」 / "page 8 col 5 line 14: …"."""
        if self.located:
            return self.message if lang == "en" else (self.zh or self.message)
        if lang == "en":
            where = f"page {self.page}" if self.page else "edition"
            if self.column:
                where += f" col {self.column}"
            if self.line:
                where += f" line {self.line}"
            return f"{where}: {self.message}"
        where = f"第{self.page}版" if self.page else "全版"
        if self.column:
            where += f" 第{self.column}栏"
            if self.line:
                where += f"第{self.line}行"
        return f"{where}：{self.zh or self.message}"

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["detail"] = dict(self.detail)
        return d


def sort_key(c: Change) -> tuple:
    return (c.page, KINDS.index(c.kind) if c.kind in KINDS else len(KINDS), c.column, c.line)


def q(text: str) -> str:
    """Quoted for the Chinese wording."""
    return f"「{text}」"


def g(text: str) -> str:
    """Quoted for the English wording."""
    return f"«{text}»"


def edit_words(label: tuple[str, str], deleted: str, inserted: str, before: str | None) -> tuple[str, str]:
    """An edit in words (Chinese, English) after its place's label: inserted, deleted or replaced, and after
    what (`before`, the visible text just ahead of it; None at the start). Texts are given as shown."""
    zl, el = label
    zpos = f"（在{q(before)}之后）" if before is not None else "（在开头）"
    epos = f"after {g(before)}" if before is not None else "at the start"
    if not deleted:
        return f"{zl}：插入{q(inserted)}{zpos}", f"{el}: inserted {g(inserted)} {epos}"
    if not inserted:
        return f"{zl}：删除{q(deleted)}{zpos}", f"{el}: deleted {g(deleted)} {epos}"
    return f"{zl}：{q(deleted)}改为{q(inserted)}{zpos}", f"{el}: {g(deleted)} → {g(inserted)} {epos}"


def grid(column: int, line: int, span: int, lines: int, lang: str) -> str:
    """A block's place: column and line of its top-left, columns × lines (1-based)."""
    if lang == "en":
        return f"col {column + 1} line {line + 1}, {span}×{lines}"
    return f"第{column + 1}栏第{line + 1}行 {span}栏×{lines}行"


def xywh(r: Any) -> tuple[float, float, float, float]:
    """A Rect as (x, y, w, h)."""
    return (r.x, r.y, r.w, r.h)
