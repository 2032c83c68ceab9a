"""Where two renderings of a page differ, as boxes, with a noise tolerance.

Anti-aliasing differs between renders by a few levels; a per-channel threshold removes it,
and changed pixels are pooled into cells so one edited character gives one region, not a
speckle. Only the trim is compared: the proof slug (build time) never shows as a change.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

THRESHOLD = 48          # per-channel difference (0–255) below which a pixel is noise
CELL = 6                # pixels pooled per cell side
MIN_CELLS = 2           # a region needs at least this many changed cells


@dataclass(frozen=True)
class Region:
    x: float             # points, from the trim's top-left
    y: float
    w: float
    h: float
    cells: int
    kind: str = ""       # what explains it (the classifier's answer), "" when not classified

    def overlaps(self, x: float, y: float, w: float, h: float, pad: float = 2.0) -> bool:
        return self.x < x + w + pad and x < self.x + self.w + pad and self.y < y + h + pad and y < self.y + self.h + pad


def regions(old: Image.Image, new: Image.Image, dpi: float, trim_pt: tuple[float, float],
            threshold: int = THRESHOLD, min_cells: int = MIN_CELLS,
            classify: Callable[[float, float, float, float], str] | None = None, blur: float = 0.0) -> list[Region]:
    """Changed regions inside the trim of two renders at the same dpi (points). With `classify` (a cell's
    x, y, w, h → what explains it), each cell is sorted first and regions join only cells of one kind, so
    an unexplained change next to a reflowed paragraph is not swallowed by it."""
    scale = dpi / 72.0
    box = (0, 0, int(round(trim_pt[0] * scale)), int(round(trim_pt[1] * scale)))
    a, b = old.crop(box), new.crop(box)
    if blur:                         # renders of two files whose glyph edges fall differently: compare shapes
        a, b = a.filter(ImageFilter.GaussianBlur(blur)), b.filter(ImageFilter.GaussianBlur(blur))
    if a.size != b.size:
        return [Region(0, 0, trim_pt[0], trim_pt[1], 1 << 30)]
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > threshold else 0)
    if diff.getbbox() is None:
        return []
    w, h = diff.size
    cw, ch = (w + CELL - 1) // CELL, (h + CELL - 1) // CELL
    pooled = diff.resize((cw, ch), Image.Resampling.BOX).point(lambda v: 255 if v > 0 else 0)
    mask = pooled.load()
    assert mask is not None
    k = CELL / scale
    kinds: dict[tuple[int, int], str] = {}
    if classify is not None:
        for cy in range(ch):
            for cx in range(cw):
                if mask[cx, cy]:
                    kinds[(cx, cy)] = classify(cx * k, cy * k, k, k)
    seen = set()
    out = []
    for cy in range(ch):
        for cx in range(cw):
            if not mask[cx, cy] or (cx, cy) in seen:
                continue
            stack = [(cx, cy)]
            seen.add((cx, cy))
            x0 = x1 = cx
            y0 = y1 = cy
            n = 0
            while stack:
                px, py = stack.pop()
                n += 1
                x0, x1, y0, y1 = min(x0, px), max(x1, px), min(y0, py), max(y1, py)
                for nx, ny in ((px + 1, py), (px - 1, py), (px, py + 1), (px, py - 1), (px + 1, py + 1),
                               (px - 1, py - 1), (px + 1, py - 1), (px - 1, py + 1)):
                    if 0 <= nx < cw and 0 <= ny < ch and mask[nx, ny] and (nx, ny) not in seen \
                            and kinds.get((nx, ny)) == kinds.get((cx, cy)):
                        seen.add((nx, ny))
                        stack.append((nx, ny))
            if n >= min_cells:
                out.append(Region(x0 * k, y0 * k, (x1 - x0 + 1) * k, (y1 - y0 + 1) * k, n, kinds.get((cx, cy), "")))
    return out
