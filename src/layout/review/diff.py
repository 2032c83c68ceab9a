"""`layout diff OLD NEW`: content diff from layout.json, visual diff from renders, one report.

Each side is a revision id (build/<edition>/revs/<rev>/), a build folder, or any PDF. With
layout.json on both sides the changes are named by story and paragraph and reflow is told
apart from edits; with bare PDFs it falls back to the text of each page and the pictures.
Never re-runs layout: it reads what proofs and builds stored.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from ..model.model import BlockKind
from ..output.layout_json import LayoutDoc, LayoutFormatError, load_layout
from .contentdiff import Change, diff_layouts
from .raster import page_texts, render
from .visualdiff import Region, regions

RENDER_DPI = 60.0


class DiffError(Exception):
    """A side that is not a revision, a build folder or a PDF."""


@dataclass
class Side:
    label: str
    pdf: Path | None
    layout: LayoutDoc | None
    pngs: dict[int, Path] = field(default_factory=dict)
    dpi: float | None = None

    def numbers(self) -> list[int]:
        if self.layout:
            return [p.number for p in self.layout.pages]
        return list(range(1, len(page_texts(self.pdf)) + 1)) if self.pdf else []

    def trim(self, number: int) -> tuple[float, float] | None:
        if not self.layout:
            return None
        trim = self.layout.page(number).trim
        return (trim.w, trim.h)


def resolve(arg: str, root: str | Path = "build") -> Side:
    p = Path(arg)
    if p.is_file() and p.suffix.lower() == ".pdf":
        lj = p.parent / "layout.json"
        try:
            layout = load_layout(lj) if lj.is_file() else None
        except LayoutFormatError:
            layout = None                              # not ours, or old: compare the PDFs as any PDFs
        if layout and layout.edition.pdf != p.name:
            layout = None
        return Side(arg, p, layout)
    if p.is_dir() and (p / "layout.json").is_file():
        return _folder(arg, p)
    found = sorted(Path(root).glob(f"*/revs/{arg}"))
    if len(found) == 1:
        return _folder(arg, found[0])
    if len(found) > 1:
        raise DiffError(f"revision {arg!r} is in several editions: {', '.join(str(f) for f in found)}; give the folder")
    raise DiffError(f"{arg!r} is not a revision under {root}/*/revs, a build folder with layout.json, or a PDF")


def _layout(path: Path) -> LayoutDoc:
    try:
        return load_layout(path)
    except LayoutFormatError as exc:
        raise DiffError(f"{exc}; or compare the PDFs themselves (layout diff OLD.pdf NEW.pdf)") from None


def _meta(path: Path) -> dict:
    """A proof's meta.json (review/proof.py writes it)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DiffError(f"{path}: not a proof's meta.json ({exc})") from None
    return meta if isinstance(meta, dict) else {}


def _folder(label: str, folder: Path) -> Side:
    layout = _layout(folder / "layout.json")
    named = folder / layout.edition.pdf
    pdfs = [named] if layout.edition.pdf and named.is_file() else sorted(folder.glob("*.pdf"))
    pdf = pdfs[0] if pdfs else None
    meta = folder / "meta.json"
    dpi = _meta(meta).get("dpi") if meta.is_file() else None
    pngs = {int(f.stem.split("-")[1]): f for f in folder.glob("page-*.png")} if dpi else {}
    return Side(label, pdf, layout, pngs, dpi)


@dataclass
class PageVisual:
    number: int
    edits: list[Region]
    reflow: list[Region]
    other: list[Region]


@dataclass
class DiffResult:
    old: Side
    new: Side
    changes: list[Change]
    visual: list[PageVisual]

    @property
    def changed(self) -> bool:
        return bool(self.changes) or any(v.other for v in self.visual)

    def lines(self) -> list[str]:
        """The terminal summary: stable wording, one line per change."""
        out = [f"page {c.page}: {c.message}" for c in sorted(self.changes, key=lambda c: (c.page, c.kind != "edit"))]
        for v in self.visual:
            if v.edits or v.reflow or v.other:
                out.append(f"page {v.number}: visual: {len(v.edits)} region(s) at edits, {len(v.reflow)} from reflow, "
                           f"{len(v.other)} elsewhere")
        return out or ["no differences"]

    def as_dict(self) -> dict:
        def reg(r: Region) -> list[float]:
            return [round(r.x, 2), round(r.y, 2), round(r.w, 2), round(r.h, 2)]
        return {"old": self.old.label, "new": self.new.label, "changed": self.changed,
                "changes": [c.as_dict() for c in self.changes],
                "visual": [{"page": v.number, "edits": [reg(r) for r in v.edits], "reflow": [reg(r) for r in v.reflow],
                            "other": [reg(r) for r in v.other]} for v in self.visual]}


def diff(old_arg: str, new_arg: str, root: str | Path = "build", visual: bool = True) -> DiffResult:
    a, b = resolve(old_arg, root), resolve(new_arg, root)
    if a.layout and b.layout:
        changes = diff_layouts(a.layout, b.layout)
    else:
        changes = _text_fallback(a, b)
    pages = _visual(a, b, changes) if visual else []
    return DiffResult(a, b, changes, pages)


def _pdf(side: Side) -> Path:
    if side.pdf is None:
        raise DiffError(f"{side.label}: no PDF to compare (the folder has a layout.json but no PDF)")
    return side.pdf


def _text_fallback(a: Side, b: Side) -> list[Change]:
    ta, tb = page_texts(_pdf(a)), page_texts(_pdf(b))
    out = []
    for n in range(max(len(ta), len(tb))):
        old, new = (ta[n] if n < len(ta) else ""), (tb[n] if n < len(tb) else "")
        if n >= len(ta) or n >= len(tb):
            out.append(Change("page", "", n + 1, f"page {n + 1} {'added' if n >= len(ta) else 'removed'}"))
            continue
        sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op != "equal" and (old[i1:i2].strip() or new[j1:j2].strip()):
                out.append(Change("edit", "", n + 1, f"text «{old[i1:i2].strip()}» → «{new[j1:j2].strip()}» after "
                                                     f"«{new[max(0, j1 - 8):j1].strip()}»", new[j1:j2], old[i1:i2]))
    return out


def images_of(side: Side, numbers: list[int], dpi: float) -> dict[int, Image.Image]:
    if side.pngs and side.dpi == dpi and all(n in side.pngs for n in numbers):
        return {n: Image.open(side.pngs[n]).convert("RGB") for n in numbers}
    order = side.numbers()
    rendered = render(_pdf(side), dpi, [order.index(n) for n in numbers])
    return dict(zip(numbers, rendered, strict=True))


def _visual(a: Side, b: Side, changes: list[Change]) -> list[PageVisual]:
    common = [n for n in b.numbers() if n in a.numbers()]
    if not common or not a.pdf or not b.pdf:
        return []
    dpi = a.dpi if (a.dpi and a.dpi == b.dpi and a.pngs and b.pngs) else RENDER_DPI
    out = []
    for n in common:                                   # a page at a time: 32 broadsheet pages do not fit twice
        ia, ib = images_of(a, [n], dpi)[n], images_of(b, [n], dpi)[n]
        trim = b.trim(n) or (ib.width * 72 / dpi, ib.height * 72 / dpi)
        found = regions(ia, ib, dpi, trim)
        edit_boxes = [bx[1:] for c in changes if c.kind != "reflow" for bx in (*c.lines, *c.old_lines) if bx[0] == n]
        reflow_boxes = [bx[1:] for c in changes if c.kind == "reflow" for bx in c.lines if bx[0] == n]
        reflow_boxes += _reflow_blocks(b, a, changes, n)
        pv = PageVisual(n, [], [], [])
        for r in found:
            if any(r.overlaps(*bx) for bx in edit_boxes):
                pv.edits.append(r)
            elif any(r.overlaps(*bx) for bx in reflow_boxes):
                pv.reflow.append(r)
            else:
                pv.other.append(r)
        out.append(pv)
    return out


def _reflow_blocks(b: Side, a: Side, changes: list[Change], n: int) -> list[tuple]:
    """Text regions of stories that reflowed: whatever moved inside them is reflow, not an edit."""
    refs = {c.ref for c in changes if c.kind in ("reflow", "edit", "chronicle")}
    out = []
    for side in (a, b):
        for p in side.layout.pages if side.layout else ():
            if p.number == n:
                out += [(blk.rect.x, blk.rect.y, blk.rect.w, blk.rect.h) for blk in p.blocks
                        if blk.ref in refs and blk.kind in (BlockKind.TEXT, BlockKind.CHRONICLE)]
    return out
