"""The diff PDF for editors: the list of changes (each linked to its excerpt), then each changed page
old | new side by side as the proofs' own vector pages, then an enlarged old | new excerpt per change.

Marks, by colour (the legend on the first page says so): deleted characters red on the old page,
inserted characters green on the new, a red caret on the new page where text was deleted, blue on
the old page for text pushed into overset, thin grey for lines that only moved (reflow) and for
blocks and photos that moved, orange for what the visual diff found and nothing explains. Each mark
carries its change's number. The report's own text is set with the edition's fonts; characters the
fonts lack (control characters from a foreign PDF) are shown as \\xNN, never a crash.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..atomic import write_atomic
from ..cachedir import cache_root
from ..model.model import NOWHERE
from ..model.paths import REPO
from ..model.style import Template
from ..model.templates import load_template
from ..model.units import Rect, mm
from ..output.paint import paint
from ..output.pdfx import PrintSpec
from ..output.render_pdf import render_pdf
from ..pages.geometry import ASCENT, place_line
from ..pages.parts import Parts, box, join, mark, rule
from ..pages.placed import CMYK, Decoration, DecorKind, FontRef, Grid, LineKind, PlacedPage
from ..pages.typeset import Typesetter
from ..text.fonts import FontSet
from ..text.sources import font_search_dirs
from .changes import Box, Change
from .diff import DiffResult, Side
from .pdfplace import Frame, Origin, origins, place

PALETTE: tuple[tuple[str, CMYK], ...] = (
    ("text", (0.0, 0.0, 0.0, 1.0)), ("frame", (0.0, 0.0, 0.0, 0.5)),
    ("deleted", (0.0, 1.0, 1.0, 0.0)), ("inserted", (0.9, 0.0, 1.0, 0.0)), ("unexplained", (0.0, 0.55, 1.0, 0.0)),
    ("overset", (1.0, 0.45, 0.0, 0.0)), ("moved", (0.0, 0.0, 0.0, 0.35)))
"""The diff document's own colours."""
LEGEND = {
    "zh": ("红框：删去的字（旧版）；红色竖线：删除处（新版）；绿框：新增或改动的字（新版）；"
           "蓝框：挤入溢出的文字（旧版，未删除）；灰框：只移动未改动的行、块和图片；"
           "橙框：图像比对发现、无法由改动解释的变化。框旁数字为改动编号。"),
    "en": ("Red: deleted characters (old page); red bar: where text was deleted (new page); green: inserted or "
           "changed characters (new page); blue: text pushed into overset (old page, not deleted); grey: lines, "
           "blocks and photos that only moved; orange: visual changes nothing above explains. Numbers are the "
           "change numbers of the list."),
}
A3 = (mm(420), mm(297))          # landscape: the change list and the excerpts
MARGIN = mm(12)
EXCERPT_MAX_SCALE = 3.0


def _template(result: DiffResult) -> Template:
    """The edition's template (its styles and fonts set the report), else the broadsheet."""
    for side in (result.new, result.old):
        name = side.layout.edition.template if side.layout else None
        if name:
            try:
                return load_template(str(name), REPO, NOWHERE)
            except Exception:           # a template of another edition folder: fall back to the house default
                continue
    return load_template("broadsheet", REPO, NOWHERE)


class _Writer:
    """Report pages as placed pages (text, marks, links), and the frames the source pages go into."""

    def __init__(self, result: DiffResult, lang: str):
        self.result, self.lang = result, lang
        tpl = _template(result)
        self.fonts = FontSet.from_sources({k: list(v) for k, v in tpl.fonts.items()}, font_search_dirs(REPO))
        self.ts = Typesetter(self.fonts, tpl)
        self.body = replace(tpl.style("body"), size=tpl.style("note").size, indent=0.0)
        self.small = replace(self.body, size=7.0)
        self.head = tpl.style("subhead")
        self.pages: list[PlacedPage] = []
        self.parts: list[Parts] = []
        self.frames: list[Frame] = []
        self.y = MARGIN
        self.size = A3                 # the page being made; a side-by-side page is as big as its two pages

    def safe(self, text: str, style) -> str:
        """Characters the report's font lacks, written as \\xNN: a foreign PDF's text may hold anything."""
        return "".join(c if c.isspace() or self.fonts.glyph(style.role, c) else
                       "".join(x if self.fonts.glyph(style.role, x) else "?" for x in f"\\x{ord(c):02x}")
                       for c in text)

    def text(self, text: str, x: float, width: float, style, link: str = "") -> float:
        """Set text at the cursor (wrapping), return the height used."""
        used = 0.0
        pitch = style.size * 1.45
        for ln in self.ts.lines([self.ts.span(self.safe(text, style), style)], width, "diff report", "left")[1]:
            if self.y + pitch > self.size[1] - MARGIN:
                self.new_page()
            self.parts.append(Parts((place_line(ln, x, self.y + ASCENT * style.size, None, story="", kind=LineKind.SLUG,
                                                para=-1, block="", style_name="body", style=style),)))
            if link:
                self.parts.append(Parts(decorations=(Decoration(DecorKind.LINK, Rect(x, self.y, ln.set_width,
                                                                                     style.size), target=link),)))
            self.y += pitch
            used += pitch
        return used

    def label(self, text: str, x: float, y: float) -> None:
        """A change number beside a mark."""
        for ln in self.ts.lines([self.ts.span(text, self.small)], 40, "diff mark", "left")[1][:1]:
            self.parts.append(Parts((place_line(ln, x, y, None, story="", kind=LineKind.SLUG, para=-1, block="",
                                                style_name="body", style=self.small),)))

    def anchor(self, name: str) -> None:
        self.parts.append(Parts(decorations=(Decoration(DecorKind.ANCHOR, Rect(0, 0, 0, 0), target=name),)))

    def new_page(self, size: tuple[float, float] = A3) -> None:
        if self.parts:
            self.pages.append(_page(len(self.pages), join(self.parts), self.body.size, self.size))
        self.parts, self.y, self.size = [], MARGIN, size

    def done(self) -> list[PlacedPage]:
        self.new_page()
        return self.pages


def _page(number: int, parts: Parts, body_size: float, size: tuple[float, float] = A3) -> PlacedPage:
    w, h = size
    grid = Grid(body_size * 1.5, MARGIN, 0, (), body_size)
    return PlacedPage(number=number, section="diff", width=w, height=h, trim=Rect(0, 0, w, h),
                      type_area=Rect(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN), bleed=0.0, grid=grid,
                      palette=PALETTE, blocks=(), lines=parts.lines, pictures=parts.pictures,
                      decorations=parts.decorations)


def _origins(side: Side) -> list[Origin]:
    if side.pdf is None:
        return []
    trims = {k: (p.trim.x, p.trim.y) for k, p in enumerate(side.layout.pages)} if side.layout else None
    return origins(side.pdf, trims)


def changed_pages(result: DiffResult) -> list[int]:
    """Pages with a named change or a visual change nothing explains: only these are shown."""
    pages = {c.page for c in result.changes if c.page}
    pages |= {bx[0] for c in result.changes for bx in (*c.lines, *c.old_lines, *c.points)}
    pages |= {v.number for v in result.visual if v.other}
    return sorted(pages)


def write_diff_pdf(result: DiffResult, path: str | Path, cache: str | Path | None = None,
                   lang: str | None = None) -> Path:
    """The diff PDF (`cache` is unused: pages are placed as vectors, nothing is rendered)."""
    lang = lang or result.lang
    w = _Writer(result, lang)
    changes = result.changes
    pages = changed_pages(result)
    orig = (_origins(result.old), _origins(result.new))
    excerpted = [k for k, c in enumerate(changes) if (c.lines or c.old_lines or c.points) and c.kind != "reflow"]
    _summary(w, result, lang, excerpted, pages)
    for n in pages:
        _side_by_side(w, result, n, orig)
    if excerpted:
        w.new_page()
        w.text("改动放大（旧｜新）" if lang == "zh" else "Excerpts, enlarged (old | new)", MARGIN, A3[0] - 2 * MARGIN,
               w.head)
        for k in excerpted:
            _excerpt(w, result, k, changes[k], orig)
    report = w.done()
    spec = PrintSpec(output=replace(w.ts.template.output, pdfx="none"),
                     title=f"diff {result.old.label} → {result.new.label}", author="layout diff",
                     subject="revision diff", issued="2000-01-01",
                     content_hash=hashlib.sha256("\n".join(result.lines(lang)).encode()).hexdigest(), profile=None)
    faces = tuple(FontRef(f.key.path, f.key.index) for f in w.fonts.faces)
    pdf = render_pdf(paint(report, faces), spec, str(Path(cache or cache_root()) / "images"))
    pdf = place(pdf, (result.old.pdf, result.new.pdf), orig, w.frames)
    out = Path(path)
    write_atomic(out, pdf)
    return out


def _summary(w: _Writer, result: DiffResult, lang: str, excerpted: list[int], pages: list[int]) -> None:
    """Title, legend, and the change list: one numbered line per change, linked to its excerpt or page."""
    title = f"修订对比　{result.old.label} → {result.new.label}" if lang == "zh" else \
        f"Revision diff　{result.old.label} → {result.new.label}"
    width = A3[0] - 2 * MARGIN
    w.text(title, MARGIN, width, w.head)
    w.text(LEGEND[lang], MARGIN, width, w.small)
    w.y += w.body.size * 0.5
    for k, c in enumerate(result.changes):
        target = f"chg-{k}" if k in excerpted else (f"page-{c.page}" if c.page in pages else "")
        w.text(f"{k + 1}. {c.text(lang)}", MARGIN, width, w.body, target)
    for line in result.visual_lines(lang) + result.notes_in(lang):
        page = next((v.number for v in result.visual if v.other and line.startswith((f"第{v.number}版",
                                                                                       f"page {v.number}"))), 0)
        w.text(line, MARGIN, width, w.body, f"page-{page}" if page else "")
    if not result.changes and not any(v.other for v in result.visual):
        w.text("无差异" if lang == "zh" else "no differences", MARGIN, width, w.body)


def _colour_marks(c: Change, side: int) -> list[tuple[Box, str, float]]:
    """(box, colour, stroke) of a change on the old (0) or new (1) page."""
    if side == 0:
        colour = "overset" if c.kind == "overset" else ("moved" if c.kind in ("block", "photo") else "deleted")
        return [(bx, colour, 1.0) for bx in c.old_lines]
    out = [(bx, "moved", 0.5) for bx in c.moved]
    out += [(bx, "inserted", 1.0) for bx in c.lines]
    out += [(bx, "overset" if c.kind == "overset" else "deleted", 1.6) for bx in c.points]
    return out


def _draw(w: _Writer, f: Frame, marks: list[tuple[Box, str, float]], number: str = "") -> None:
    """Marks of one frame, clipped to it; the change number beside the first."""
    first = True
    for (_, x, y, bw, bh), colour, stroke in marks:
        x0, y0 = f.at(x, y)
        x1, y1 = f.at(x + bw, y + bh)
        if x1 < f.fx or y1 < f.fy or x0 > f.fx + f.w or y0 > f.fy + f.h:
            continue
        if bw == 0:                                 # a deletion point: a caret
            w.parts.append(Parts(decorations=(rule(x0, y0 - 1, x0, y1 + 1, stroke, colour),
                                              rule(x0 - 2, y1 + 1.5, x0 + 2, y1 + 1.5, stroke, colour))))
        else:
            w.parts.append(Parts(decorations=(mark(Rect(x0 - 0.8, y0 - 0.8, x1 - x0 + 1.6, y1 - y0 + 1.6), colour,
                                                   stroke),)))
        if first and number:
            w.label(number, x1 + 1.5, y0 + 5)
            first = False


def _side_by_side(w: _Writer, result: DiffResult, n: int, orig: tuple[list[Origin], list[Origin]]) -> None:
    """Old | new at full size: at 100 % zoom the page reads as it will print."""
    shown = [(side, s.numbers().index(n)) for side, s in ((0, result.old), (1, result.new))
             if n in s.numbers() and orig[side]]
    sizes = [orig[side][k].size for side, k in shown] or [A3]
    pw, ph = max(x for x, _ in sizes), max(y for _, y in sizes)
    top = MARGIN + w.body.size * 2
    w.new_page((2 * pw + 3 * MARGIN, top + ph + MARGIN))
    w.anchor(f"page-{n}")
    unit = "版" if result.new.layout or result.old.layout else "页"           # a foreign PDF has pages, not 版
    lab = (f"第{n}{unit}　旧 {result.old.label}　｜　新 {result.new.label}" if w.lang == "zh" else
           f"page {n}　old {result.old.label}　|　new {result.new.label}")
    w.text(lab, MARGIN, 2 * pw, w.body)
    for side in (0, 1):
        if side not in [x for x, _ in shown]:
            w.y = top
            w.text("（无此版）" if w.lang == "zh" else "(no such page)", MARGIN + side * (pw + MARGIN), pw, w.body)
    for side, k in shown:
        o = orig[side][k]
        x0, y0 = o.top_left
        f = Frame(len(w.pages), side, k, MARGIN + side * (pw + MARGIN), top, x0, y0, 1.0, o.size[0], o.size[1])
        w.frames.append(f)
        w.parts.append(Parts(decorations=(box(Rect(f.fx, f.fy, f.w, f.h), "frame", 0.5),)))
        for i, c in enumerate(result.changes):
            _draw(w, f, [m for m in _colour_marks(c, side) if m[0][0] == n], str(i + 1))
        if side == 1:
            for v in result.visual:
                if v.number == n:
                    _draw(w, f, [((n, r.x, r.y, r.w, r.h), "unexplained", 1.2) for r in v.other])


def _region(boxes: list[Box], pad: float) -> tuple[float, float, float, float] | None:
    if not boxes:
        return None
    x0, y0 = min(b[1] for b in boxes), min(b[2] for b in boxes)
    x1, y1 = max(b[1] + b[3] for b in boxes), max(b[2] + b[4] for b in boxes)
    grow = max(0.0, pad * 8 - (x1 - x0)) / 2             # about a column's width of context
    return (x0 - grow - pad / 2, y0 - pad, x1 - x0 + 2 * grow + pad, y1 - y0 + 2 * pad)


def _excerpt(w: _Writer, result: DiffResult, k: int, c: Change, orig: tuple[list[Origin], list[Origin]]) -> None:
    """The change's text, then old | new around it, enlarged, with the same marks."""
    new_boxes = [b for b in (*c.lines, *c.points) if b[0] == (c.lines or c.points or c.old_lines)[0][0]]
    old_boxes = [b for b in c.old_lines if b[0] == c.old_lines[0][0]] if c.old_lines else []
    size = max([b[4] for b in (*new_boxes, *old_boxes)] + [9.0])
    rn, ro = _region(new_boxes, size * 1.6), _region(old_boxes, size * 1.6)
    rn, ro = rn or ro, ro or rn
    assert rn is not None and ro is not None
    pages = (old_boxes[0][0] if old_boxes else (new_boxes[0][0]), new_boxes[0][0] if new_boxes else old_boxes[0][0])
    half = (A3[0] - 3 * MARGIN) / 2
    scale = min(EXCERPT_MAX_SCALE, half / max(rn[2], ro[2]), 160 / max(rn[3], ro[3]))
    h = max(rn[3], ro[3]) * scale
    if w.y + w.body.size * 3 + h > A3[1] - MARGIN:
        w.new_page()
    w.anchor(f"chg-{k}")
    w.text(f"{k + 1}. {c.text(w.lang)}", MARGIN, A3[0] - 2 * MARGIN, w.body, f"page-{c.page}")
    top = w.y + 2
    for side, s, r in ((0, result.old, ro), (1, result.new, rn)):
        nums = s.numbers()
        if pages[side] not in nums or not orig[side]:
            continue
        f = Frame(len(w.pages), side, nums.index(pages[side]), MARGIN + side * (half + MARGIN), top, r[0], r[1],
                  scale, r[2] * scale, r[3] * scale)
        w.frames.append(f)
        w.parts.append(Parts(decorations=(box(Rect(f.fx, f.fy, f.w, f.h), "frame", 0.4),)))
        _draw(w, f, [m for m in _colour_marks(c, side) if m[0][0] == pages[side]])
    w.y = top + h + w.body.size * 1.2
