"""Photos as the PDF gets them: cropped to the frame, resampled to at most `max_ppi`, JPEG.

Results are cached by content (source bytes, crop, size), so a rebuild re-encodes nothing.
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from PIL import Image

from ..model.units import Rect

MAX_PPI = 300.0
QUALITY = 90


def _key(path: str, crop, size: tuple[int, int], mode: str) -> str:
    """By content, not by path: a copied edition or a touched file reuses the cached result."""
    h = hashlib.sha256(Path(path).read_bytes())
    h.update(f":{crop}:{size}:{mode}:{QUALITY}".encode())
    return h.hexdigest()[:24]


def prepare(path: str, crop: tuple[float, float, float, float], frame: Rect, cache_dir: str,
            mode: str = "RGB") -> tuple[str, tuple[int, int]]:
    """A JPEG of the cropped photo at ≤ MAX_PPI for the frame; returns its path and pixel size."""
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    max_w = int(round(frame.w / 72.0 * MAX_PPI))
    scale = min(1.0, max_w / cw)
    size = (max(1, int(round(cw * scale))), max(1, int(round(ch * scale))))
    out = Path(cache_dir) / f"{_key(path, crop, size, mode)}.jpg"
    if out.is_file():
        return str(out), size
    with Image.open(path) as im:
        im = im.convert(mode) if im.mode != mode else im
        box = tuple(int(round(v)) for v in crop)
        im = im.resize(size, Image.LANCZOS, box=box)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=QUALITY, optimize=False, progressive=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, out)
    return str(out), size
