"""The diff PDF for editors: a first page listing every change with links, then each changed
page old | new side by side — deletions boxed red on the old, insertions green on the new,
unexplained visual changes orange, reflow left unmarked (it is not an edit)."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..build import REPO, font_search_dirs, write_atomic
from ..model.manifest import load_template
from ..model.model import NOWHERE
from ..model.units import Rect, mm
from ..output.pdfx import PrintSpec
from ..output.render_pdf import render_pdf
from ..pages.geometry import ASCENT, Emitter, PageGeometry
from ..pages.page import AnchorItem, BoxItem, Grid, ImageItem, LinkItem, Page
from ..pages.typeset import Typesetter
from ..text.fonts import FontSet
from .diff import DiffResult, images_of

RED, GREEN, ORANGE = (0.0, 1.0, 1.0, 0.0), (0.9, 0.0, 1.0, 0.0), (0.0, 0.55, 1.0, 0.0)
A3 = (mm(420), mm(297))          # landscape, two pages side by side
MARGIN = mm(12)


def _typesetter() -> tuple[Typesetter, FontSet]:
    tpl = load_template("broadsheet", REPO, NOWHERE)
    fonts = FontSet.from_sources({k: list(v) for k, v in tpl.fonts.items()}, font_search_dirs(REPO))
    return Typesetter(fonts, tpl), fonts


def _page(number: int, items: list, size: tuple[float, float]) -> Page:
    w, h = size
    grid = Grid(13.5, 0.0, 1, (), 9.0)
    return Page(number=number, section="diff", width=w, height=h, trim=Rect(0, 0, w, h), type_area=Rect(0, 0, w, h),
                bleed=0.0, grid=grid, items=tuple(items), lines=(), blocks=())


def write_diff_pdf(result: DiffResult, path: str | Path, cache: str | Path = "build/.cache") -> Path:
    ts, fonts = _typesetter()
    tpl = ts.template
    body = replace(tpl.style("body"), size=10.5, indent=0.0)
    head = replace(tpl.style("subhead"), size=16.0)
    changed_pages = sorted({c.page for c in result.changes} | {v.number for v in result.visual if v.other or v.edits})
    pages = _summary(ts, fonts, result, changed_pages, body, head)
    dpi = 72.0
    if result.old.pdf and result.new.pdf and changed_pages:
        common = [n for n in changed_pages if n in result.old.numbers() and n in result.new.numbers()]
        old_im, new_im = images_of(result.old, common, dpi), images_of(result.new, common, dpi)
        for k, n in enumerate(common):
            pages.append(_side_by_side(ts, fonts, result, n, old_im[n], new_im[n], dpi, Path(cache), body, k))
    spec = PrintSpec(output=replace(tpl.output, pdfx="none"), title=f"diff {result.old.label} → {result.new.label}",
                     author="layout diff", subject="revision diff", issued="2000-01-01",
                     content_hash=hashlib.sha256("\n".join(result.lines()).encode()).hexdigest(), profile=None)
    pdf = render_pdf(pages, spec, str(Path(cache) / "images"))
    out = Path(path)
    write_atomic(out, pdf)
    return out


def _summary(ts, fonts, result: DiffResult, changed_pages: list[int], body, head) -> list[Page]:
    """The change list, one line per change, each linked to its page; as many pages as it takes."""
    w, h = A3
    pages: list[Page] = []
    em = Emitter(fonts, PageGeometry(ts.template, 1))
    y = MARGIN
    for ln in ts.lines([ts.span(f"修订对比　{result.old.label} → {result.new.label}", head)], w - 2 * MARGIN,
                       "diff title", "left")[1]:
        em.line(ln, MARGIN, y + ASCENT * head.size, story="", kind="slug", para=-1, block="", style_name="subhead",
                style=head)
        y += head.size * 1.6
    pitch = body.size * 1.5
    for text in result.lines():
        page = int(text.split(":")[0].split()[1]) if text.startswith("page ") else 0
        for ln in ts.lines([ts.span(text, body)], w - 2 * MARGIN, "diff line", "left")[1]:
            if y + pitch > h - MARGIN:                 # the list goes on over the next page
                pages.append(_page(0, em.items, A3))
                em = Emitter(fonts, PageGeometry(ts.template, 1))
                y = MARGIN
            em.line(ln, MARGIN, y + ASCENT * body.size, story="", kind="slug", para=-1, block="", style_name="body",
                    style=body)
            if page in changed_pages:
                em.items.append(LinkItem(Rect(MARGIN, y, ln.set_width, body.size), f"page-{page}"))
            y += pitch
    pages.append(_page(0, em.items, A3))
    return pages


def _side_by_side(ts, fonts, result: DiffResult, n: int, old, new, dpi: float, cache: Path, body,
                  index: int) -> Page:
    w, h = A3
    em = Emitter(fonts, PageGeometry(ts.template, 1))
    em.items.append(AnchorItem(f"page-{n}"))
    for ln in ts.lines([ts.span(f"第{n}版　旧 {result.old.label}　｜　新 {result.new.label}", body)], w - 2 * MARGIN,
                       "diff page title", "left")[1]:
        em.line(ln, MARGIN, MARGIN + ASCENT * body.size, story="", kind="slug", para=-1, block="", style_name="body",
                style=body)
    top = MARGIN + body.size * 2
    avail_w, avail_h = (w - 3 * MARGIN) / 2, h - top - MARGIN
    scale = min(avail_w / (old.width * 72 / dpi), avail_h / (old.height * 72 / dpi))
    frames = []
    for k, im in enumerate((old, new)):
        fw, fh = im.width * 72 / dpi * scale, im.height * 72 / dpi * scale
        frame = Rect(MARGIN + k * (avail_w + MARGIN), top, fw, fh)
        png = cache / "diff" / f"{hashlib.sha256(im.tobytes()[:4096] + bytes(str(im.size), 'ascii')).hexdigest()[:16]}-{index}-{k}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        im.save(png)
        em.items.append(ImageItem(str(png), frame, (0, 0, im.width, im.height), im.size, f"page{n}-{k}"))
        em.items.append(BoxItem(frame, None, (0, 0, 0, 0.5), 0.5))
        frames.append(frame)
    for c in result.changes:
        for box in c.old_lines:
            if box[0] == n:
                em.items.append(_mark(frames[0], box[1:], scale, RED))
        for box in c.lines:
            if box[0] == n and c.kind != "reflow":
                em.items.append(_mark(frames[1], box[1:], scale, GREEN))
    for v in result.visual:
        if v.number == n:
            for r in v.other:
                em.items.append(_mark(frames[1], (r.x, r.y, r.w, r.h), scale, ORANGE))
    return _page(n, em.items, A3)


def _mark(frame: Rect, box: tuple, scale: float, colour) -> BoxItem:
    x, y, bw, bh = box
    return BoxItem(Rect(frame.x + x * scale - 1, frame.y + y * scale - 1, bw * scale + 2, bh * scale + 2), None,
                   colour, 1.2)
