"""PDF pages → Pillow images through pypdfium2: in-process, no external program, and the proof
shows exactly what the file holds (print-tooling notes: ~0.2 s an A3 page at 150 dpi)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2 as pdfium
from PIL import Image, ImageDraw


class RasterError(Exception):
    """A file pdfium cannot open."""


def _open(pdf_path: str | Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(pdf_path))
    except pdfium.PdfiumError as exc:
        raise RasterError(f"{pdf_path}: cannot open as PDF ({exc})") from None


def render(pdf_path: str | Path, dpi: float = 100.0, pages: list[int] | None = None) -> list[Image.Image]:
    """RGB images of the given pages (0-based; all when None) at `dpi`."""
    pdf = _open(pdf_path)
    try:
        out = []
        for i in (range(len(pdf)) if pages is None else pages):
            page = pdf[i]
            bitmap = page.render(scale=dpi / 72.0)
            out.append(bitmap.to_pil().convert("RGB"))
            bitmap.close()
            page.close()
        return out
    finally:
        pdf.close()


def render_each(pdf_path: str | Path, dpi: float = 100.0) -> Iterator[Image.Image]:
    """Each page's RGB image in turn, the document kept open: a 32-page proof never holds 32 renders."""
    pdf = _open(pdf_path)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            bitmap = page.render(scale=dpi / 72.0)
            im = bitmap.to_pil().convert("RGB")
            bitmap.close()
            page.close()
            yield im
    finally:
        pdf.close()


def thumb(im: Image.Image, width: int = 1600, per_row: int = 4) -> Image.Image:
    """The picture `contact_sheet` makes of a page, made early so the page itself can go."""
    t = im.copy()
    t.thumbnail((width // per_row - 20, 10_000))
    return t


def page_texts(pdf_path: str | Path) -> list[str]:
    """Text of each page in content order, for PDFs that come without a layout.json."""
    pdf = _open(pdf_path)
    try:
        out = []
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            out.append(tp.get_text_range())
            tp.close()
        return out
    finally:
        pdf.close()


class PageText(NamedTuple):
    """A page's text as pdfium extracts it (line breaks as \\r\\n) and a box per character: (x, y, w, h) in
    points from the MediaBox's top-left; the trim's top-left in the same frame; the page size."""
    text: str
    boxes: tuple[tuple[float, float, float, float], ...]
    trim: tuple[float, float, float, float]
    size: tuple[float, float]


def page_chars(pdf_path: str | Path) -> list[PageText]:
    """Every page's text with where each character is, for PDFs that come without a layout.json."""
    pdf = _open(pdf_path)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            x0, y0, x1, y1 = page.get_mediabox()
            tx0, ty0, tx1, ty1 = page.get_trimbox()
            tp = page.get_textpage()
            text = tp.get_text_range()
            boxes = []
            for k in range(min(len(text), tp.count_chars())):
                left, bottom, right, top = tp.get_charbox(k)
                boxes.append((left - x0, y1 - top, right - left, top - bottom))
            boxes += [(0.0, 0.0, 0.0, 0.0)] * (len(text) - len(boxes))
            tp.close()
            out.append(PageText(text, tuple(boxes), (tx0 - x0, y1 - ty1, tx1 - tx0, ty1 - ty0), (x1 - x0, y1 - y0)))
            page.close()
        return out
    finally:
        pdf.close()


def contact_sheet(images: list[Image.Image], labels: list[str], width: int = 1600, per_row: int = 4,
                  font: Any = None) -> Image.Image:
    """Pages side by side in reading (or rank) order, each labelled under it: a proof's pages, a
    page's variants. `font` (a Pillow font) for labels the default font cannot show (Chinese)."""
    if not images:
        return Image.new("RGB", (width, 100), "white")
    cell = width // per_row
    thumbs = []
    for im in images:
        t = im.copy()
        t.thumbnail((cell - 20, 10_000))
        thumbs.append(t)
    row_h = max(t.height for t in thumbs) + (40 if font is None else 56)
    rows = (len(thumbs) + per_row - 1) // per_row
    sheet = Image.new("RGB", (width, rows * row_h), (235, 235, 235))
    draw = ImageDraw.Draw(sheet)
    for k, (t, label) in enumerate(zip(thumbs, labels, strict=True)):
        x, y = (k % per_row) * cell + 10, (k // per_row) * row_h + 10
        sheet.paste(t, (x, y))
        draw.rectangle([x - 1, y - 1, x + t.width, y + t.height], outline=(120, 120, 120))
        draw.text((x, y + t.height + (6 if font is None else 8)), label, fill=(0, 0, 0), font=font)
    return sheet
