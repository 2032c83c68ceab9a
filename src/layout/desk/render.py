"""Page images for the browser: a PDF page cropped to its trim, rendered by pypdfium2 at the scale the browser
asks for (1 = one pixel a point), as PNG (text stays sharp; compression level 1 because the bytes only cross
the loopback). A small bounded cache: the desk asks for the same page again on every zoom step and every
client, and 200 saves must not grow memory."""
from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable

import pypdfium2 as pdfium

SCALES = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
"""The scales the desk renders at (others are rounded to the nearest): 1 fits a broadsheet page to a laptop's
height, 2–3 read body text (小五, 9 pt) at 18–27 screen pixels."""


PDFIUM = threading.RLock()
"""pdfium is not thread-safe, not even across documents: every use of it in the desk's threads (page images,
the diff's renders, a proof's PNGs) holds this lock."""


class RenderError(Exception):
    """A page the PDF does not have, or bytes pdfium cannot open."""


def nearest_scale(scale: float) -> float:
    return min(SCALES, key=lambda s: abs(s - scale))


def render_png(pdf: bytes, index: int, scale: float) -> bytes:
    """Page `index` (0-based) of the PDF in memory, cropped to its TrimBox, as PNG bytes."""
    with PDFIUM:
        return _render_png(pdf, index, scale)


def _render_png(pdf: bytes, index: int, scale: float) -> bytes:
    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise RenderError(f"cannot open the PDF ({exc})") from None
    try:
        if not 0 <= index < len(doc):
            raise RenderError(f"no page {index + 1} (the PDF has {len(doc)})")
        page = doc[index]
        try:
            ml, mb, mr, mt = page.get_mediabox()
            tl, tb, tr, tt = page.get_trimbox()
            bitmap = page.render(scale=scale, crop=(tl - ml, tb - mb, mr - tr, mt - tt))
            try:
                image = bitmap.to_pil()
                out = io.BytesIO()
                image.save(out, "PNG", compress_level=1)
                return out.getvalue()
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        doc.close()


class ImageCache:
    """PNG bytes by key (what was rendered, at which scale), least recently used out first, bounded in bytes."""

    def __init__(self, limit_bytes: int = 64 << 20):
        self.limit = limit_bytes
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, pdf: bytes, index: int, scale: float) -> bytes:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        png = render_png(pdf, index, scale)
        with self._lock:
            if key not in self._items:
                self._items[key] = png
                self._size += len(png)
            while self._size > self.limit and len(self._items) > 1:
                _, old = self._items.popitem(last=False)
                self._size -= len(old)
        return png

    def drop(self, stale: Callable[[tuple], bool]) -> None:
        """Forget every image whose key is stale (a generation of the page no one shows any more)."""
        with self._lock:
            for key in [k for k in self._items if stale(k)]:
                self._size -= len(self._items.pop(key))

    def keys(self) -> list[tuple]:
        with self._lock:
            return list(self._items)

    @property
    def size(self) -> int:
        return self._size
