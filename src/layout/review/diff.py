"""`layout diff OLD NEW`: content diff from layout.json, visual diff from renders, one report.

Each side is a revision id (build/<edition>/revs/<rev>/), a build folder, or any PDF. With
layout.json on both sides the changes are named by story and paragraph, geometry in words, and
reflow and overset told apart from edits; with bare PDFs the text is compared as one flow
(`flowdiff.py`). The visual diff renders only pages whose layout differs (a proof and the print
file of one manifest are equal apart from the slug and the colour space) and reports only what no
named change explains. Never re-runs layout: it reads what proofs and builds stored.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PIL import Image

from ..output.layout_json import LayoutDoc, LayoutFormatError
from ..output.layout_read import load_layout
from ..pages.placed import DecorKind, LineKind, PlacedPage
from .changes import LANGS, Box, Change, sort_key, xywh
from .contentdiff import diff_layouts
from .flowdiff import _lines, flow_changes
from .raster import PageText, page_chars, page_texts, render
from .visualdiff import THRESHOLD, Region, regions

RENDER_DPI = 60.0
MIXED_DPI = 150.0           # a proof against a print file: rendered finer and blurred (`_visual`)
MIXED_THRESHOLD = 70
HAN = re.compile(r"[\u4e00-\u9fff]")

__all__ = ["DiffError", "Side", "resolve", "PageVisual", "DiffResult", "diff", "images_of", "page_texts"]


class DiffError(Exception):
    """A side that is not a revision, a build folder or a PDF."""


@dataclass
class Side:
    label: str
    pdf: Path | None
    layout: LayoutDoc | None
    pngs: dict[int, Path] = field(default_factory=dict)
    dpi: float | None = None
    proof: bool = False                           # a proof set (slug, RGB), not a build
    _chars: list[PageText] | None = None

    def numbers(self) -> list[int]:
        if self.layout:
            return [p.number for p in self.layout.pages]
        return list(range(1, len(self.chars()) + 1)) if self.pdf else []

    def chars(self) -> list[PageText]:
        if self._chars is None:
            self._chars = page_chars(_pdf(self))
        return self._chars

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
        return Side(arg, p, layout, proof=(p.parent / "meta.json").is_file() and layout is not None)
    if p.is_file():
        raise DiffError(f"{arg}: not a PDF (give a .pdf file, a build folder with layout.json or a revision id)")
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
    return Side(label, pdf, layout, pngs, dpi, proof=meta.is_file())


@dataclass
class PageVisual:
    number: int
    edits: list[Region]          # changed regions at a named edit
    reflow: list[Region]         # at something else that is named: moved lines, blocks, photos, heads
    other: list[Region]          # explained by nothing: a change of its own


@dataclass
class DiffResult:
    old: Side
    new: Side
    changes: list[Change]
    visual: list[PageVisual]
    lang: str = "zh"
    notes: list[str] = field(default_factory=list)
    compared: int = 0            # pages rendered and compared

    @property
    def changed(self) -> bool:
        return bool(self.changes) or any(v.other for v in self.visual)

    def visual_lines(self, lang: str | None = None) -> list[str]:
        """One line per page with regions nothing explains, or one line saying everything was explained."""
        en = (lang or self.lang) == "en"
        out = []
        for v in self.visual:
            if v.other:
                where = "；".join(f"{r.x:.0f},{r.y:.0f} {r.w:.0f}×{r.h:.0f}pt" for r in v.other[:4])
                out.append(f"page {v.number}: visual: {len(v.other)} changed region(s) no change above explains "
                           f"(at {where}); {len(v.edits)} at edits, {len(v.reflow)} at other named changes" if en else
                           f"第{v.number}版：图像比对发现{len(v.other)}处变化无法由上述改动解释（位于 {where}），"
                           f"另有{len(v.edits)}处在改动处、{len(v.reflow)}处在其他已列出的变化处")
        if self.compared and not out:
            n = sum(len(v.edits) + len(v.reflow) for v in self.visual)
            unit = "个版面" if self.new.layout else "页"
            out.append(f"visual: {self.compared} page(s) compared, all {n} changed region(s) explained above" if en
                       else f"图像比对：比对{self.compared}{unit}，{n}处变化均已由上述改动解释")
        return out

    def lines(self, lang: str | None = None) -> list[str]:
        """The terminal summary: stable wording, one line per change (no line breaks inside a line)."""
        lang = lang or self.lang
        out = [c.text(lang) for c in self.changes]
        if not out and not any(v.other for v in self.visual):
            return ["no differences" if lang == "en" else "无差异"] + self.notes_in(lang)
        return out + self.visual_lines(lang) + self.notes_in(lang)

    def notes_in(self, lang: str) -> list[str]:
        return [n.split("|")[0 if lang == "zh" else 1] for n in self.notes]

    def as_dict(self, lang: str | None = None) -> dict:
        lang = lang or self.lang

        def reg(r: Region) -> list[float]:
            return [round(r.x, 2), round(r.y, 2), round(r.w, 2), round(r.h, 2)]
        return {"old": self.old.label, "new": self.new.label, "changed": self.changed, "lang": lang,
                "changes": [{**c.as_dict(), "text": c.text(lang)} for c in self.changes],
                "lines": self.lines(lang),
                "visual": [{"page": v.number, "edits": [reg(r) for r in v.edits], "reflow": [reg(r) for r in v.reflow],
                            "other": [reg(r) for r in v.other]} for v in self.visual]}


def diff(old_arg: str, new_arg: str, root: str | Path = "build", visual: bool = True,
         lang: str | None = None) -> DiffResult:
    """Compare two sides; `lang` zh or en (default: zh for a Chinese edition or Chinese text)."""
    if lang is not None and lang not in LANGS:
        raise DiffError(f"--lang {lang!r}: expected one of {', '.join(LANGS)}")
    a, b = resolve(old_arg, root), resolve(new_arg, root)
    notes = []
    if a.layout and b.layout:
        changes = diff_layouts(a.layout, b.layout)
        text = a.layout.edition.paper + a.layout.edition.title + "".join(
            ln.text for _, ln in list(b.layout.lines())[:50])
        if a.proof != b.proof:
            notes.append("注：校样与印刷文件相比，不比较校样的页脚说明条（slug）和色彩空间（RGB／CMYK）"
                         "|note: a proof against a print file: the proof's slug and the colour space (RGB / CMYK) "
                         "are not compared")
    else:
        changes = sorted(flow_changes(a.chars(), b.chars()), key=sort_key)
        text = "".join(pt.text for pt in b.chars()[:3])
    if lang is None:
        lang = "zh" if HAN.search(text) else "en"
    res = DiffResult(a, b, changes, [], lang, notes)
    if visual:
        _visual(res)
    return res


def _pdf(side: Side) -> Path:
    if side.pdf is None:
        raise DiffError(f"{side.label}: no PDF to compare (the folder has a layout.json but no PDF)")
    return side.pdf


def images_of(side: Side, numbers: list[int], dpi: float) -> dict[int, Image.Image]:
    """Renders of the given pages (stored proof PNGs when they are at this dpi), whole pages."""
    if side.pngs and side.dpi == dpi and all(n in side.pngs for n in numbers):
        return {n: Image.open(side.pngs[n]).convert("RGB") for n in numbers}
    order = side.numbers()
    rendered = render(_pdf(side), dpi, [order.index(n) for n in numbers])
    return dict(zip(numbers, rendered, strict=True))


def _trim_px(side: Side, n: int, im: Image.Image, dpi: float) -> Image.Image:
    """The trim of a render (a proof's slug and a print file's bleed and marks cut away)."""
    if side.pngs and side.dpi == dpi and n in side.pngs and side.layout:
        t = side.layout.page(n).trim
        return im.crop((0, 0, round(t.w * dpi / 72), round(t.h * dpi / 72)))
    tx, ty, tw, th = side.chars()[side.numbers().index(n)].trim
    s = dpi / 72
    return im.crop((round(tx * s), round(ty * s), round((tx + tw) * s), round((ty + th) * s)))


def _signature(p: PlacedPage) -> tuple:
    """What a page shows, from layout.json: equal signatures render equal (proof slugs left out)."""
    return (p.width, p.height, xywh(p.trim), p.section,
            tuple(sorted((ln.kind.value, ln.story, ln.text, round(ln.x, 2), round(ln.y, 2), ln.size, ln.style,
                          ln.role, ln.cells) for ln in p.lines if ln.kind != LineKind.SLUG)),
            tuple(sorted((pic.ref, xywh(pic.frame), pic.crop, pic.sha, pic.pixels) for pic in p.pictures)),
            tuple(sorted((d.kind.value, xywh(d.rect), d.color, d.width) for d in p.decorations)))


def _layout_differences(pa: PlacedPage, pb: PlacedPage) -> list[Box]:
    """Boxes of everything on the page that is not the same on both sides: these changes are named."""
    out: list[Box] = []
    for p, other in ((pa, pb), (pb, pa)):
        lines = {(ln.text, round(ln.x, 1), round(ln.y, 1), ln.size) for ln in other.lines}
        out += [(p.number, ln.x, ln.y - 0.9 * ln.size, ln.width, ln.size * 1.1) for ln in p.lines
                if ln.kind != LineKind.SLUG and (ln.text, round(ln.x, 1), round(ln.y, 1), ln.size) not in lines]
        pics = {(pic.frame, pic.crop, pic.sha) for pic in other.pictures}
        out += [(p.number, *xywh(pic.frame)) for pic in p.pictures if (pic.frame, pic.crop, pic.sha) not in pics]
        decs = {(d.kind, d.rect, d.color) for d in other.decorations}
        out += [(p.number, *xywh(d.rect)) for d in p.decorations if (d.kind, d.rect, d.color) not in decs]
    return out


def _text_differences(pa: PageText, pb: PageText, n: int) -> list[Box]:
    """For PDFs without layout.json: the lines that are not the same on both pages."""
    out: list[Box] = []
    for p, other in ((pa, pb), (pb, pa)):
        def sig(pt: PageText, idx: list[int]) -> tuple:
            xs = [pt.boxes[i] for i in idx if pt.boxes[i][2] or pt.boxes[i][3]]
            if not xs:
                return ()
            return (round(min(b[0] for b in xs)), round(min(b[1] for b in xs)),
                    round(max(b[0] + b[2] for b in xs)), round(max(b[1] + b[3] for b in xs)))
        theirs = {(t, sig(other, idx)) for t, idx in _lines(other)}
        for t, idx in _lines(p):
            s = sig(p, idx)
            if s and (t, s) not in theirs:
                out.append((n, s[0], s[1], s[2] - s[0], s[3] - s[1]))
    return out


def _pages_to_compare(a: Side, b: Side) -> list[int]:
    common = [n for n in b.numbers() if n in a.numbers()]
    if a.layout and b.layout:
        return [n for n in common if _signature(a.layout.page(n)) != _signature(b.layout.page(n))]
    return common


def _classify(offset: tuple[float, float], edits: list, named: list, x: float, y: float, w: float, h: float) -> str:
    """What explains a changed cell (trim coordinates): an edit, another named change, or nothing."""
    probe = Region(x + offset[0], y + offset[1], w, h, 1)
    if any(probe.overlaps(*bx) for bx in edits):
        return "edit"
    return "named" if any(probe.overlaps(*bx) for bx in named) else "other"


def _visual(res: DiffResult) -> None:
    a, b = res.old, res.new
    if not a.pdf or not b.pdf:
        return
    pages = _pages_to_compare(a, b)
    dpi = a.dpi if (a.dpi and a.dpi == b.dpi and a.pngs and b.pngs) else \
        (MIXED_DPI if a.proof != b.proof else RENDER_DPI)
    for n in pages:                                    # a page at a time: 32 broadsheet pages do not fit twice
        ia = _trim_px(a, n, images_of(a, [n], dpi)[n], dpi)
        ib = _trim_px(b, n, images_of(b, [n], dpi)[n], dpi)
        trim = (ib.width * 72 / dpi, ib.height * 72 / dpi)
        if a.layout and b.layout:
            t = b.layout.page(n).trim
            dx, dy = t.x, t.y
            named = _layout_differences(a.layout.page(n), b.layout.page(n))
        else:
            dx, dy = b.chars()[b.numbers().index(n)].trim[:2]
            named = _text_differences(a.chars()[a.numbers().index(n)], b.chars()[b.numbers().index(n)], n)
        if a.layout and b.layout and a.proof != b.proof:     # RGB proof against CMYK print: colours differ
            pb = b.layout.page(n)
            named += [(n, *xywh(pic.frame)) for pic in pb.pictures]
            named += [(n, *xywh(d.rect)) for d in pb.decorations if d.kind == DecorKind.TINT]
        edit_boxes = [bx[1:] for c in res.changes if c.kind in ("edit", "chronicle", "folio")
                      for bx in (*c.lines, *c.old_lines, *c.points) if bx[0] == n]
        named += [bx for c in res.changes for bx in (*c.lines, *c.old_lines, *c.points, *c.moved) if bx[0] == n]
        classify = partial(_classify, (dx, dy), edit_boxes, [bx[1:] for bx in named])
        # a proof against a print file: other colour space, and a page of another height rasterised on another
        # pixel grid, so glyph edges differ by up to ~70 levels; a changed glyph differs by ~255
        mixed = a.proof != b.proof
        found = [Region(r.x + dx, r.y + dy, r.w, r.h, r.cells, r.kind)
                 for r in regions(ia, ib, dpi, trim, threshold=MIXED_THRESHOLD if mixed else THRESHOLD,
                                  classify=classify, blur=1.5 if mixed else 0.0)]
        pv = PageVisual(n, [r for r in found if r.kind == "edit"], [r for r in found if r.kind == "named"],
                        [r for r in found if r.kind == "other"])
        res.visual.append(pv)
    res.compared = len(pages)
