"""Photo files: pixel size and the crop that fills a frame (the only Pillow use in pages/)."""
from __future__ import annotations

from functools import cache

from PIL import Image, UnidentifiedImageError

from ..model.units import Rect


class AssetError(Exception):
    """An image that cannot be read."""


@cache
def pixel_size(path: str) -> tuple[int, int]:
    try:
        with Image.open(path) as im:
            return im.size
    except FileNotFoundError:
        raise AssetError(f"image file not found: {path}") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise AssetError(f"{path}: not an image Pillow can read ({exc})") from None


def fill_crop(pixels: tuple[int, int], frame: Rect, focus: tuple[float, float]) -> tuple[float, float, float, float]:
    """Source rectangle (left, top, right, bottom) with the frame's aspect, placed at the focus."""
    w, h = pixels
    aspect = frame.w / frame.h
    if w / h > aspect:                       # too wide: crop the sides
        cw, ch = h * aspect, float(h)
    else:                                    # too tall: crop top and bottom
        cw, ch = float(w), w / aspect
    left = min(max(focus[0] * w - cw / 2, 0.0), w - cw)
    top = min(max(focus[1] * h - ch / 2, 0.0), h - ch)
    return (left, top, left + cw, top + ch)


def effective_ppi(crop: tuple[float, float, float, float], frame: Rect) -> float:
    """Pixels per inch of the placed image: the resolution the press actually gets."""
    return (crop[2] - crop[0]) / (frame.w / 72.0)
