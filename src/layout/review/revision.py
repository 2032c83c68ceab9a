"""One revision's layout.json indexed for comparison: its text by paragraph, the names editors know
things by (a story by its headline, a photo by its caption, a chronicle by its title), and boxes
round single characters, so a diff can mark the character that changed rather than its line."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model.model import BlockKind
from ..output.layout_json import LayoutDoc
from ..pages.geometry import ASCENT
from ..pages.placed import LineKind, PlacedBlock, SetLine
from .changes import Box

BODY = frozenset({LineKind.BYLINE, LineKind.BODY, LineKind.SUBHEADING})
HEADS = (LineKind.KICKER, LineKind.HEADLINE, LineKind.SUBHEAD)
IGNORED = frozenset({LineKind.FOLIO, LineKind.JUMP, LineKind.OVERSET, LineKind.SLUG, LineKind.TITLE})

Key = tuple[str, LineKind, int]           # (ref, group, para): a paragraph, item, caption or headline
PLine = tuple[int, SetLine]               # (page number, line)


def line_key(ln: SetLine) -> Key:
    """(ref, group, para): a story's byline, body and subheadings are one group, LineKind.BODY."""
    kind = ln.kind
    if kind in BODY:
        return (ln.story, LineKind.BODY, ln.para if kind != LineKind.BYLINE else -1)
    if kind in HEADS:
        return (ln.story, kind, 0)
    return (ln.story, kind, ln.para)


@dataclass
class Revision:
    """What one layout.json holds, indexed by paragraph and by name."""
    doc: LayoutDoc
    lines: dict[Key, list[PLine]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)       # ref → headline, caption or title
    kinds: dict[str, str] = field(default_factory=dict)       # ref → story | photo | chronicle

    def __post_init__(self) -> None:
        for page in self.doc.pages:
            for b in page.blocks:
                kind = {BlockKind.PHOTO: "photo", BlockKind.CHRONICLE: "chronicle"}.get(b.kind, "story")
                self.kinds.setdefault(b.ref, kind)
            for ln in page.lines:
                if ln.kind == LineKind.TITLE and ln.story:
                    self.names.setdefault(ln.story, ln.text)
                if ln.kind in IGNORED or not ln.story:
                    continue
                self.lines.setdefault(line_key(ln), []).append((page.number, ln))
        for v in self.lines.values():
            v.sort(key=lambda pl: pl[1].char_start)
        for (ref, group, _), found in self.lines.items():
            if group == LineKind.HEADLINE:
                self.names.setdefault(ref, "".join(ln.text for _, ln in found))
        for (ref, group, _), found in sorted(self.lines.items(), key=lambda kv: kv[0][2]):
            if group == LineKind.CAPTION:
                text = "".join(ln.text for _, ln in found).split("■")[0].strip("　 。")
                self.names.setdefault(ref, text if len(text) <= 14 else text[:13] + "…")

    def text(self, key: Key) -> str:
        return "".join(ln.text for _, ln in self.lines.get(key, []))

    def keys(self, ref: str, group: LineKind) -> list[Key]:
        return sorted((k for k in self.lines if k[0] == ref and k[1] == group), key=lambda k: k[2])

    def refs(self) -> set[tuple[str, LineKind]]:
        return {(k[0], k[1]) for k in self.lines}

    def blocks(self) -> dict[tuple[BlockKind, str, int], tuple[int, PlacedBlock]]:
        """Blocks by (kind, ref, n-th of that kind and ref), with their page."""
        out: dict[tuple[BlockKind, str, int], tuple[int, PlacedBlock]] = {}
        for p in self.doc.pages:
            for b in p.blocks:
                k = 0
                while (b.kind, b.ref, k) in out:
                    k += 1
                out[(b.kind, b.ref, k)] = (p.number, b)
        return out


def where(lines: list[PLine]) -> tuple[int, int]:
    """1-based column and grid line of the first of `lines` (0, 0 when off the grid)."""
    for _, ln in lines:
        if ln.column >= 0:
            return ln.column + 1, (ln.grid_line + 1 if ln.grid_line >= 0 else 0)
    return 0, 0


def line_box(page: int, ln: SetLine) -> Box:
    return (page, ln.x + ln.indent, ln.y - ASCENT * ln.size, max(ln.set_width, ln.size), ln.size)


def char_boxes(lines: list[PLine], start: int, end: int) -> tuple[Box, ...]:
    """Boxes round the characters start..end (offsets into the paragraph), one per line they touch."""
    out: list[Box] = []
    if end <= start:
        return ()
    for page, ln in lines:
        if ln.char_end <= start or ln.char_start >= end:
            continue
        k = ln.char_start
        x0 = x1 = None
        for cell in ln.cells:
            n = len(cell.text)
            if k < end and k + n > start:
                x0 = cell.x if x0 is None else x0
                x1 = cell.x + cell.width
            k += n
        if x0 is None or x1 is None:
            out.append(line_box(page, ln))
        else:
            out.append((page, ln.x + x0, ln.y - ASCENT * ln.size, x1 - x0, ln.size))
    return tuple(out)


def point_box(lines: list[PLine], at: int) -> tuple[Box, ...]:
    """A zero-width box where offset `at` falls: where deleted text was, on the new page."""
    for page, ln in lines:
        if ln.char_start <= at < ln.char_end or (at == ln.char_end and ln.last):
            k = ln.char_start
            x = ln.indent
            for cell in ln.cells:
                if k >= at:
                    x = cell.x
                    break
                x = cell.x + cell.width
                k += len(cell.text)
            return ((page, ln.x + x, ln.y - ASCENT * ln.size, 0.0, ln.size),)
    if lines:
        page, ln = lines[-1]
        return ((page, ln.x + ln.indent + ln.set_width, ln.y - ASCENT * ln.size, 0.0, ln.size),)
    return ()


def lines_touching(lines: list[PLine], start: int, end: int) -> list[PLine]:
    return [(p, ln) for p, ln in lines if ln.char_start < max(end, start + 1) and ln.char_end > start]
