"""Photos as the PDF gets them: cropped to the frame, resampled to at most `max_ppi`, separated
into the output condition (or kept RGB for a proof), JPEG.

Results are cached by content (source bytes, crop, size, separation), so a rebuild re-encodes nothing.
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..filedigest import digest
from ..model.style import Output
from ..model.units import Rect
from .colour import ColourError, flatten, separate

QUALITY = 90


class ImageError(Exception):
    """A photo that cannot go into the file."""


def _key(path: str, crop, size: tuple[int, int], how: str) -> str:
    """By content, not by path: a copied edition or a touched file reuses the cached result."""
    return hashlib.sha256(f"{digest(path)}:{crop}:{size}:{how}:{QUALITY}".encode()).hexdigest()[:24]


def prepare(path: str, crop: tuple[float, float, float, float], frame: Rect, cache_dir: str,
            output: Output, profile: str | None) -> tuple[str, tuple[int, int]]:
    """A JPEG of the cropped photo at ≤ max_ppi for the frame, in the output condition when a
    profile is given (CMYK or grayscale), else RGB; returns its path and pixel size."""
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    max_w = int(round(frame.w / 72.0 * output.max_ppi))
    scale = min(1.0, max_w / cw)
    size = (max(1, int(round(cw * scale))), max(1, int(round(ch * scale))))
    how = f"{profile and os.path.basename(profile)}:{output.intent}:{output.black_point}:{output.tac}" if profile \
        else "rgb"
    name = os.path.join(cache_dir, f"{_key(path, crop, size, how)}.jpg")
    if os.path.isfile(name):        # (os.path, not pathlib: the writer asks this of every photo, 160 in 32 pages)
        return name, size
    out = Path(name)
    try:
        with Image.open(path) as opened:
            im: Image.Image = ImageOps.exif_transpose(opened) if opened.mode not in ("CMYK",) else opened
            icc = im.info.get("icc_profile")
            left, top, right, bottom = (int(round(v)) for v in crop)
            im = flatten(im)
            im = im.resize(size, Image.Resampling.LANCZOS,
                           box=(left, top, right, bottom))       # before separating: fewer pixels to convert
            if icc:
                im.info["icc_profile"] = icc
            im = separate(im, output, profile) if profile else (im if im.mode in ("RGB", "L") else im.convert("RGB"))
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=QUALITY, optimize=False, progressive=False)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ImageError(f"{path}: cannot read this image ({exc})") from None
    except ColourError as exc:
        raise ImageError(f"{path}: {exc}") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, out)
    return str(out), size
