"""Pages → PDF bytes through ReportLab's canvas. The only place where y flips.

The writer draws the display list and nothing else: no measuring, no decisions. Text goes
out as raw TJ operators with our Type0 fonts, one text object per glyph run, so every glyph
lands exactly where setline put it.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Sequence

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas

from ..pages.page import BoxItem, ImageItem, Page, RuleItem, TextItem
from .images import prepare
from .type0 import Type0Font


class _NoInitialFont:
    """Registered as the canvas' initial font so no unembedded Helvetica lands in the resources."""
    _dynamicFont = 1
    _multiByte = 0
    fontName = "LayoutNoInitialFont"

    class face:
        name = "LayoutNoInitialFont"


pdfmetrics.registerFont(_NoInitialFont())
rl_config.useA85 = 0      # binary streams: ASCII85 costs 25 % size and, in pure Python, 0.1 s per photo


@dataclass(frozen=True)
class PdfMeta:
    title: str
    author: str
    subject: str
    creator: str = "layout"


def _n(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def collect_fonts(pages: Sequence[Page]) -> dict[tuple[str, int], Type0Font]:
    fonts: dict[tuple[str, int], Type0Font] = {}
    for page in pages:
        for it in page.items:
            if isinstance(it, TextItem):
                key = (it.font_path, it.font_index)
                f = fonts.get(key)
                if f is None:
                    f = fonts[key] = Type0Font(it.font_path, it.font_index, f"FL{len(fonts) + 1}")
                for gid, piece in zip(it.gids, it.pieces):
                    f.use(gid, piece)
    return fonts


def render_pdf(pages: Sequence[Page], meta: PdfMeta, image_cache: str) -> bytes:
    fonts = collect_fonts(pages)
    buf = io.BytesIO()
    first = pages[0]
    c = rl_canvas.Canvas(buf, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                         initialFontName=_NoInitialFont.fontName)
    c.setTitle(meta.title)
    c.setAuthor(meta.author)
    c.setSubject(meta.subject)
    c.setCreator(meta.creator)
    doc = c._doc
    font_dict = doc.idToObject["BasicFonts"].dict
    for f in fonts.values():
        font_dict[f.resource] = doc.Reference(f.objects(doc), f"Font:{f.resource}")
    for page in pages:
        _page(c, page, fonts, image_cache)
    c.save()
    return buf.getvalue()


def _page(c: rl_canvas.Canvas, page: Page, fonts: dict, image_cache: str) -> None:
    H = page.height
    c.setPageSize((page.width, page.height))
    trim = page.trim
    box = (trim.x, H - trim.bottom, trim.right, H - trim.y)
    c.setTrimBox(box)
    c.setBleedBox(box if not page.bleed else (trim.x - page.bleed, H - trim.bottom - page.bleed,
                                             trim.right + page.bleed, H - trim.y + page.bleed))
    text: list[str] = []
    for it in page.items:
        if isinstance(it, TextItem):
            text.append(_text(it, fonts[(it.font_path, it.font_index)], H))
        elif isinstance(it, BoxItem):
            r = it.rect
            if it.fill is not None:
                c.setFillColorCMYK(*it.fill)
            if it.stroke is not None:
                c.setStrokeColorCMYK(*it.stroke)
                c.setLineWidth(it.width)
            c.rect(r.x, H - r.bottom, r.w, r.h, stroke=1 if it.stroke else 0, fill=1 if it.fill else 0)
        elif isinstance(it, RuleItem):
            c.setStrokeColorCMYK(*it.color)
            c.setLineWidth(it.width)
            c.line(it.x0, H - it.y0, it.x1, H - it.y1)
        elif isinstance(it, ImageItem):
            path, _size = prepare(it.path, it.crop, it.frame, image_cache)
            f = it.frame
            c.drawImage(path, f.x, H - f.bottom, f.w, f.h)
    if text:
        c._code.append("q\n" + "\n".join(text) + "\nQ")
    c.showPage()


def _text(it: TextItem, font: Type0Font, H: float) -> str:
    size = it.size
    parts: list[str] = []
    run: list[str] = []
    pen = it.xs[0]
    for gid, x in zip(it.gids, it.xs):
        shift = x - pen
        if abs(shift) > 0.0005:
            if run:
                parts.append("<" + "".join(run) + ">")
                run = []
            parts.append(_n(-shift * 1000.0 / size))
        run.append(f"{font.code(gid):04X}")
        pen = x + font.advance(gid) * size / 1000.0
    if run:
        parts.append("<" + "".join(run) + ">")
    k = " ".join(_n(v) for v in it.fill)
    return (f"BT /{font.resource} {_n(size)} Tf {k} k 1 0 0 1 {_n(it.xs[0])} {_n(H - it.y)} Tm "
            f"[{' '.join(parts)}] TJ ET")
