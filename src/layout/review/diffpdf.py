"""The diff PDF for editors: a first page listing every change with links, then each changed
page old | new side by side — deletions boxed red on the old, insertions green on the new,
unexplained visual changes orange, reflow left unmarked (it is not an edit)."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..atomic import write_atomic
from ..cachedir import cache_root
from ..model.manifest import load_template
from ..model.model import NOWHERE
from ..model.paths import REPO
from ..model.style import Template
from ..model.units import Rect, mm
from ..output.paint import paint
from ..output.pdfx import PrintSpec
from ..output.render_pdf import render_pdf
from ..pages.geometry import ASCENT, place_line
from ..pages.parts import Parts, box, join, mark
from ..pages.placed import CMYK, Decoration, DecorKind, FontRef, Grid, LineKind, Picture, PlacedPage
from ..pages.typeset import Typesetter
from ..text.fonts import FontSet
from ..text.sources import font_search_dirs
from .diff import DiffResult, images_of

PALETTE: tuple[tuple[str, CMYK], ...] = (
    ("text", (0.0, 0.0, 0.0, 1.0)), ("frame", (0.0, 0.0, 0.0, 0.5)),
    ("deleted", (0.0, 1.0, 1.0, 0.0)), ("inserted", (0.9, 0.0, 1.0, 0.0)), ("unexplained", (0.0, 0.55, 1.0, 0.0)))
"""The diff document's own colours: red deletions, green insertions, orange unexplained changes."""
A3 = (mm(420), mm(297))          # landscape, two pages side by side
MARGIN = mm(12)


def _template(result: DiffResult) -> Template:
    """The edition's template (its styles and fonts set the report), else the broadsheet."""
    for side in (result.new, result.old):
        lay = side.layout
        if isinstance(lay, dict):                    # a parsed layout.json
            name = lay.get("edition", {}).get("template")
        else:
            name = getattr(getattr(lay, "edition", None), "template", None)
        if name:
            try:
                return load_template(str(name), REPO, NOWHERE)
            except Exception:           # a template of another edition folder: fall back to the house default
                continue
    return load_template("broadsheet", REPO, NOWHERE)


def _typesetter(tpl: Template) -> tuple[Typesetter, FontSet]:
    fonts = FontSet.from_sources({k: list(v) for k, v in tpl.fonts.items()}, font_search_dirs(REPO))
    return Typesetter(fonts, tpl), fonts


def _page(number: int, parts: Parts, body_size: float) -> PlacedPage:
    w, h = A3
    grid = Grid(body_size * 1.5, MARGIN, 0, (), body_size)
    return PlacedPage(number=number, section="diff", width=w, height=h, trim=Rect(0, 0, w, h),
                      type_area=Rect(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN), bleed=0.0, grid=grid,
                      palette=PALETTE, blocks=(), lines=parts.lines, pictures=parts.pictures,
                      decorations=parts.decorations)


def write_diff_pdf(result: DiffResult, path: str | Path, cache: str | Path | None = None) -> Path:
    tpl = _template(result)
    ts, fonts = _typesetter(tpl)
    cache = Path(cache) if cache is not None else cache_root()
    body = replace(tpl.style("body"), size=tpl.style("note").size, indent=0.0)
    head = tpl.style("subhead")
    changed_pages = sorted({c.page for c in result.changes} | {v.number for v in result.visual if v.other or v.edits})
    pages = _summary(ts, result, changed_pages, body, head)
    dpi = 72.0
    if result.old.pdf and result.new.pdf and changed_pages:
        common = [n for n in changed_pages if n in result.old.numbers() and n in result.new.numbers()]
        old_im, new_im = images_of(result.old, common, dpi), images_of(result.new, common, dpi)
        for k, n in enumerate(common):
            pages.append(_side_by_side(ts, result, n, old_im[n], new_im[n], dpi, cache, body, k))
    spec = PrintSpec(output=replace(tpl.output, pdfx="none"), title=f"diff {result.old.label} → {result.new.label}",
                     author="layout diff", subject="revision diff", issued="2000-01-01",
                     content_hash=hashlib.sha256("\n".join(result.lines()).encode()).hexdigest(), profile=None)
    faces = tuple(FontRef(f.key.path, f.key.index) for f in fonts.faces)
    pdf = render_pdf(paint(pages, faces), spec, str(cache / "images"))
    out = Path(path)
    write_atomic(out, pdf)
    return out


def _summary(ts, result: DiffResult, changed_pages: list[int], body, head) -> list[PlacedPage]:
    """The change list, one line per change, each linked to its page; as many pages as it takes."""
    w, h = A3
    pages: list[PlacedPage] = []
    parts: list[Parts] = []
    y = MARGIN
    for ln in ts.lines([ts.span(f"修订对比　{result.old.label} → {result.new.label}", head)], w - 2 * MARGIN,
                       "diff title", "left")[1]:
        parts.append(Parts((place_line(ln, MARGIN, y + ASCENT * head.size, None, story="", kind=LineKind.SLUG,
                                       para=-1, block="", style_name="subhead", style=head),)))
        y += head.size * 1.6
    pitch = body.size * 1.5
    for text in result.lines():
        page = int(text.split(":")[0].split()[1]) if text.startswith("page ") else 0
        for ln in ts.lines([ts.span(text, body)], w - 2 * MARGIN, "diff line", "left")[1]:
            if y + pitch > h - MARGIN:                 # the list goes on over the next page
                pages.append(_page(0, join(parts), body.size))
                parts = []
                y = MARGIN
            parts.append(Parts((place_line(ln, MARGIN, y + ASCENT * body.size, None, story="", kind=LineKind.SLUG,
                                           para=-1, block="", style_name="body", style=body),)))
            if page in changed_pages:
                link = Decoration(DecorKind.LINK, Rect(MARGIN, y, ln.set_width, body.size), target=f"page-{page}")
                parts.append(Parts(decorations=(link,)))
            y += pitch
    pages.append(_page(0, join(parts), body.size))
    return pages


def _side_by_side(ts, result: DiffResult, n: int, old, new, dpi: float, cache: Path, body,
                  index: int) -> PlacedPage:
    w, h = A3
    parts = [Parts(decorations=(Decoration(DecorKind.ANCHOR, Rect(0, 0, 0, 0), target=f"page-{n}"),))]
    for ln in ts.lines([ts.span(f"第{n}版　旧 {result.old.label}　｜　新 {result.new.label}", body)], w - 2 * MARGIN,
                       "diff page title", "left")[1]:
        parts.append(Parts((place_line(ln, MARGIN, MARGIN + ASCENT * body.size, None, story="", kind=LineKind.SLUG,
                                       para=-1, block="", style_name="body", style=body),)))
    top = MARGIN + body.size * 2
    avail_w, avail_h = (w - 3 * MARGIN) / 2, h - top - MARGIN
    scale = min(avail_w / (old.width * 72 / dpi), avail_h / (old.height * 72 / dpi))
    frames = []
    for k, im in enumerate((old, new)):
        fw, fh = im.width * 72 / dpi * scale, im.height * 72 / dpi * scale
        frame = Rect(MARGIN + k * (avail_w + MARGIN), top, fw, fh)
        digest = hashlib.sha256(im.tobytes()[:4096] + bytes(str(im.size), 'ascii')).hexdigest()[:16]
        png = cache / "diff" / f"{digest}-{index}-{k}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        im.save(png)
        parts.append(Parts(decorations=(box(frame, "frame", 0.5),),
                           pictures=(Picture(f"page{n}-{k}", str(png), frame, (0, 0, im.width, im.height), im.size),)))
        frames.append(frame)
    marks = []
    for c in result.changes:
        for where in c.old_lines:
            if where[0] == n:
                marks.append(_mark(frames[0], where[1:], scale, "deleted"))
        for where in c.lines:
            if where[0] == n and c.kind != "reflow":
                marks.append(_mark(frames[1], where[1:], scale, "inserted"))
    for v in result.visual:
        if v.number == n:
            for r in v.other:
                marks.append(_mark(frames[1], (r.x, r.y, r.w, r.h), scale, "unexplained"))
    parts.append(Parts(decorations=tuple(marks)))
    return _page(n, join(parts), body.size)


def _mark(frame: Rect, where: tuple, scale: float, colour: str) -> Decoration:
    x, y, bw, bh = where
    return mark(Rect(frame.x + x * scale - 1, frame.y + y * scale - 1, bw * scale + 2, bh * scale + 2), colour, 1.2)
