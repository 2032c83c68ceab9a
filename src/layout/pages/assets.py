"""Photo files: pixel size and the crop that fills a frame (the only Pillow use in pages/), and
what a photo whose file is missing needs: its placeholder on a proof and the list of them."""
from __future__ import annotations

import hashlib
import json
import math
import os
from functools import cache
from typing import NamedTuple

from PIL import Image, UnidentifiedImageError

from ..cachedir import cache_dir, keep
from ..model.model import BlockKind, Edition, Photo, Where
from ..model.units import Rect
from .placed import Decoration, DecorKind, PlacedEdition, PlacedPage

MAX_PIXELS = 80_000_000
"""Largest photo read (a 50-megapixel camera gives 8688 × 5792): beyond, decoding alone needs gigabytes."""


class AssetError(Exception):
    """An image that cannot be read."""


class Pixels(tuple[int, int]):
    """A photo's size in pixels, (width, height): it unpacks like a pair. `missing` says there is no file."""
    __slots__ = ()
    missing = False

    def __new__(cls, w: int, h: int) -> Pixels:
        return super().__new__(cls, (w, h))

    def __getnewargs__(self) -> tuple[int, int]:    # pickled (pages composed in another process): (w, h) again
        return self[0], self[1]


class _MissingPixels(Pixels):
    __slots__ = ()
    missing = True


MISSING = _MissingPixels(30000, 20000)
"""The size `pixel_size` gives for a missing file: 3:2 landscape (the aspect assumed for a photo still to
come), and more pixels than any page needs, so automatic placement never narrows a photo for lack of them.
Only its aspect means anything; test `.missing`."""


def pixel_size(path: str) -> Pixels:
    """The file's size in pixels; `MISSING` (`.missing` true, 3:2 landscape) when there is no file."""
    try:
        st = os.stat(path)
    except OSError:
        return MISSING
    if os.path.isdir(path):
        raise AssetError(f"{path}: is a folder, not an image file")
    if not os.path.isfile(path):
        return MISSING
    return _read_size(path, st.st_mtime_ns, st.st_size)


@cache
def _read_size(path: str, mtime: int, size: int) -> Pixels:
    """Cached by path, time and size, in this process and in $LAYOUT_CACHE/pixels for the next build (Pillow's
    first open loads its format plugins, ~5 ms of a build's start): a file supplied or replaced later is read
    afresh."""
    file = cache_dir("pixels") / (hashlib.sha256(f"{os.path.abspath(path)}:{size}:{mtime}".encode()).hexdigest()[:32]
                                  + ".json")
    try:
        w, h = json.loads(file.read_text(encoding="utf-8"))
        if type(w) is type(h) is int and 0 < w * h <= MAX_PIXELS:
            return Pixels(w, h)
    except (OSError, ValueError, TypeError):
        pass
    got = _open_size(path)
    keep(file, json.dumps(list(got)).encode("utf-8"))
    return got


def _open_size(path: str) -> Pixels:
    """The size Pillow reads from the file's header; a file that is no image or too large is an AssetError."""
    try:
        with Image.open(path) as im:
            w, h = im.size
    except Image.DecompressionBombError:
        raise AssetError(f"{path}: more pixels than the limit of {MAX_PIXELS / 1e6:.0f} million: a decompression "
                         "bomb or a scan at far too high a resolution; scale it down (3000–6000 px wide is plenty "
                         "for a newspaper page)") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise AssetError(f"{path}: not an image Pillow can read ({exc})") from None
    if w * h > MAX_PIXELS:
        raise AssetError(f"{path}: {w} × {h} pixels is more than the limit of {MAX_PIXELS / 1e6:.0f} million pixels "
                         "(it would take gigabytes to decode); scale it down (3000–6000 px wide is plenty for a "
                         "newspaper page)")
    return Pixels(w, h)


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


# -- missing photos --------------------------------------------------------------------------------

def pixels_needed(frame: Rect, ppi: float) -> tuple[int, int]:
    """The least pixels (width, height) that fill the frame at `ppi`: any image at least this wide and this
    tall does, whatever its aspect (it is cropped to fill)."""
    return (math.ceil(frame.w / 72.0 * ppi - 1e-6), math.ceil(frame.h / 72.0 * ppi - 1e-6))


def image_name(ph: Photo) -> str:
    """The photo's file as the manifest names it: relative to the edition folder."""
    if ph.where.file and ph.where.line:
        return os.path.relpath(ph.image, os.path.dirname(ph.where.file)).replace(os.sep, "/")
    return ph.image


def placeholder_labels(ph: Photo, need: tuple[int, int]) -> tuple[str, str]:
    """What a placeholder says, in Chinese and in Latin."""
    w, h = need
    name = image_name(ph)
    return f"缺图 {ph.id} {name}：需 {w}×{h} 像素", f"missing photo {ph.id} {name}: needs {w}×{h} px"


def placeholder(frame: Rect, visible: Rect, block: str, colour: str) -> tuple[Decoration, ...]:
    """A missing photo's frame: tinted over the whole frame, the visible part (inside the trim) boxed and
    crossed corner to corner in `colour`. The tint comes first: `missing_photos` reads the frame from it."""
    v = visible
    return (Decoration(DecorKind.TINT, frame, "tint", 0.0, block),
            Decoration(DecorKind.MARK, v, colour, 0.8, block),
            Decoration(DecorKind.RULE, v, colour, 0.5, block),                            # top-left → bottom-right
            Decoration(DecorKind.RULE, Rect(v.x, v.bottom, v.w, -v.h), colour, 0.5, block))  # bottom-left → top-right


def placeholder_frame(page: PlacedPage, block: str) -> Rect | None:
    """The frame of a missing photo's placeholder in this block (its tint), None when the block has none."""
    return next((d.rect for d in page.decorations if d.block == block and d.kind is DecorKind.TINT), None)


class MissingPhoto(NamedTuple):
    """A placed photo whose file is missing: a placeholder on proofs, and no print file until it is supplied."""
    id: str
    file: str                     # as the manifest names it (relative to the edition folder)
    path: str                     # where the file is looked for
    where: Where                  # the photo in the manifest
    page: int
    need: tuple[int, int]         # pixels (width, height) that fill its frame at `ppi`
    ppi: float                    # the template's warn_ppi

    def __str__(self) -> str:
        w, h = self.need
        key = f"{self.where.key}.image" if self.where.key else f"photos.{self.id}.image"
        return (f"photo {self.id!r} (page {self.page}): {self.path} not found ({self.where.file}:{self.where.line}: "
                f"{key}) — needs at least {w}×{h} pixels")


def missing_photos(ed: Edition, composed: PlacedEdition) -> list[MissingPhoto]:
    """Every placed photo without its file, in page order, with the pixels its frame needs."""
    out = []
    tpl_of = {spec.number: spec.template or ed.template for spec in ed.pages}
    for page in composed.pages:
        shown = {p.ref for p in page.pictures}
        ppi = tpl_of.get(page.number, ed.template).output.warn_ppi
        for b in page.blocks:
            ph = ed.photos.get(b.ref)
            if b.kind != BlockKind.PHOTO or ph is None or b.ref in shown:
                continue
            frame = placeholder_frame(page, b.id)
            if frame is None:
                continue                          # the caption took the whole block: no frame to fill
            out.append(MissingPhoto(ph.id, image_name(ph), ph.image, ph.where, page.number,
                                    pixels_needed(frame, ppi), ppi))
    return out


def format_missing(missing: list[MissingPhoto]) -> str:
    """One indented line per missing photo: id, page, file, where in the manifest, pixels needed."""
    return "\n".join(f"  {m}" for m in missing)


def supply_hint(missing: list[MissingPhoto]) -> str:
    """How to supply them."""
    ppi = " / ".join(sorted({f"{m.ppi:g}" for m in missing}))
    return ("to supply them, put each image file at the path shown (or point the photo's `image:` at another "
            f"file), at least the pixels given: that fills its frame at {ppi} ppi (an image of another shape is "
            "cropped to fill, so it must be at least that wide and that tall)")


def missing_warning(missing: list[MissingPhoto]) -> str:
    """The warning `layout proof` and `layout build --pdfx none` print."""
    n = len(missing)
    return (f"warning: {n} photo{'s' if n != 1 else ''} missing, set as marked placeholders (缺图); "
            f"a print file is refused until {'they are' if n != 1 else 'it is'} supplied:\n"
            + format_missing(missing) + "\n  " + supply_hint(missing))
