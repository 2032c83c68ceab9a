"""Rule 23 on the composited page: total ink where objects overlap, rendered by Ghostscript's CMYK device.

The per-object pass (`content.tac_vector`, `images`) cannot see 100 % K overprinted on a 200 %
photo: the press lays both down. Ghostscript renders each page to CMYK (`bitcmyk`, 8 bits per ink,
overprint honoured as a separation device does) at `DPI`; C+M+Y+K is summed per pixel and the
pixels over the limit are grouped into connected areas. Areas under the profile's `tac_area` mm²
are noise (a few pixels of an anti-aliased edge); the worst area is reported with its place on the
page in mm from the trim's top-left corner, its size in mm² and its peak ink.

Ghostscript starts in the background (`start`) while the per-object pass runs, split into two
processes by page range on a multi-core machine, and `finish` reads its pages. It renders a copy of
the file whose JPEG pictures are reduced to `LIGHT_SIDE` pixels (nearest neighbour, samples and
/Decode kept): at 36 dpi a page never uses more, and decoding full-size photos on every page was
most of Ghostscript's time (32 broadsheet pages: 5.6 s → 3.3 s of CPU).
"""
from __future__ import annotations

import array
import io
import os
import shutil
import subprocess
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Name
from PIL import Image, ImageMath

from .model import Box

DPI = 36.0                  # 0.71 mm pixels: 1 px ≈ 0.5 mm²; a 390 × 546 mm page is 553 × 774 px
_MM = 25.4 / DPI
LIGHT_SIDE = 1000           # px: JPEG pictures are reduced to this for the render (a 390 mm photo: 65 ppi ≥ 36 dpi)
_INVERT = bytes(range(255, -1, -1))
TIMEOUT = 300.0             # s per Ghostscript process: a file that takes longer is reported, not waited for


@dataclass
class Render:
    folder: str
    procs: list[tuple[subprocess.Popen, int, int]] = field(default_factory=list)   # (process, first page, last)
    error: str = ""


@dataclass(frozen=True)
class Area:
    page: int
    peak: float             # % ink at the worst pixel
    area: float             # mm²
    box: Box                # PDF points on the page
    x_mm: tuple[float, float]   # from the trim's left edge
    y_mm: tuple[float, float]   # from the trim's top edge


def gs_path() -> str | None:
    return shutil.which("gs")


def light_copy(path: str, target: Path) -> bool:
    """Write the file with its larger JPEG images reduced to LIGHT_SIDE px; False if there was nothing to reduce.
    A file of its own: the open one the per-object pass reads stays as it is."""
    with pikepdf.open(path) as pdf:
        return _lighten(pdf, target)


def _lighten(pdf: pikepdf.Pdf, target: Path) -> bool:
    changed = False
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != "/Image":
            continue
        filters = obj.get("/Filter")
        if not (filters == Name.DCTDecode or isinstance(filters, pikepdf.Array) and list(filters) == [Name.DCTDecode]):
            continue
        try:
            w, h = int(obj.Width), int(obj.Height)
            if max(w, h) <= LIGHT_SIDE:
                continue
            src = Image.open(io.BytesIO(obj.read_raw_bytes()))
            if src.mode not in ("CMYK", "RGB", "L"):
                continue
            scale = LIGHT_SIDE / max(w, h)
            im = src.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.NEAREST)
        except (OSError, ValueError, TypeError, Image.DecompressionBombError):
            continue                  # left as it is: Ghostscript meets it as the plant's RIP would
        data = im.tobytes()
        if im.mode == "CMYK":         # Pillow reads every CMYK JPEG inverted (Adobe): back to the file's samples
            data = data.translate(_INVERT)
        obj.write(zlib.compress(data, 1), filter=Name.FlateDecode)
        obj.Width, obj.Height = im.size
        changed = True
    if changed:
        pdf.save(target)
    return changed


def start(path: str, pages: int) -> Render:
    """Launch Ghostscript on every page (two processes when there are two cores and enough pages)."""
    folder = tempfile.mkdtemp(prefix="layout-ink-")
    gs = gs_path()
    render = Render(folder)
    if gs is None:
        render.error = "Ghostscript (gs) is not installed"
        return render
    light = Path(folder) / "light.pdf"
    try:
        path = str(light) if light_copy(path, light) else path
    except (pikepdf.PdfError, OSError, ValueError):
        pass                          # render the file itself
    parts = 2 if pages >= 4 and (os.cpu_count() or 1) > 1 else 1
    cut = [1 + pages * i // parts for i in range(parts + 1)]
    for first, nxt in zip(cut, cut[1:], strict=False):
        last = nxt - 1
        out = Path(folder) / f"{first:05d}-%05d.raw"
        cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=bitcmyk", "-dGrayValues=256",
               f"-r{DPI:g}", f"-dFirstPage={first}", f"-dLastPage={last}", f"-sOutputFile={out}", path]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        render.procs.append((proc, first, last))
    return render


def finish(render: Render, media: list[Box], trims: list[Box | None], limit: float, warn: float,
           min_area: float) -> tuple[list[Area], list[Area], dict[int, float], str]:
    """Wait for Ghostscript; per page the areas over `limit` and over `warn` (≥ min_area mm²) and the page peak."""
    errors, warns, peaks, problem = [], [], {}, render.error
    try:
        for proc, first, last in render.procs:
            try:
                _out, err = proc.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                problem = f"Ghostscript took longer than {TIMEOUT:g} s"
                continue
            if proc.returncode:
                problem = f"Ghostscript failed ({err.decode('latin1', 'replace').strip()[:200]})"
            for n in range(first, last + 1):
                raw = Path(render.folder) / f"{first:05d}-{n - first + 1:05d}.raw"
                if not raw.is_file() or n > len(media):
                    continue
                page_errors, page_warns, peaks[n] = _page(n, raw, media[n - 1], trims[n - 1], limit, warn, min_area)
                errors += page_errors
                warns += page_warns
    finally:
        shutil.rmtree(render.folder, ignore_errors=True)
    return errors, warns, peaks, problem


def cancel(render: Render) -> None:
    for proc, _first, _last in render.procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    shutil.rmtree(render.folder, ignore_errors=True)


def _page(n: int, raw: Path, media: Box, trim: Box | None, limit: float, warn: float,
          min_area: float) -> tuple[list[Area], list[Area], float]:
    w = max(1, round((media[2] - media[0]) / 72 * DPI))
    data = raw.read_bytes()
    h = len(data) // (4 * w)
    if h == 0:
        return [], [], 0.0
    im = Image.frombytes("CMYK", (w, h), data[:w * h * 4])
    c, m, y, k = im.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    peak = total.getextrema()[1] / 255 * 100
    origin = trim or media
    geo = (media, origin)
    errors = _areas(n, total, limit, min_area, geo) if peak > limit else []
    warns = _areas(n, total, warn, min_area, geo) if peak > warn and not errors else []
    return errors, warns, peak


def _areas(n: int, total: Image.Image, limit: float, min_area: float, geo: tuple[Box, Box]) -> list[Area]:
    """Connected areas (4-neighbour) of pixels over `limit` %, at least `min_area` mm², worst first."""
    thr = limit * 255 / 100
    mask = ImageMath.lambda_eval(lambda a: a["t"] > thr, t=total).convert("L")
    bbox = mask.getbbox()
    if bbox is None:
        return []
    x0, y0, x1, y1 = bbox
    w = x1 - x0
    over = mask.crop(bbox).tobytes()
    values = array.array("i", total.crop(bbox).tobytes())      # mode I: native 32-bit ints
    seen = bytearray(len(over))
    found = []
    for start, flag in enumerate(over):
        if not flag or seen[start]:
            continue
        stack, pixels, peak = [start], 0, 0
        seen[start] = 1
        bx0 = by0 = 10 ** 9
        bx1 = by1 = -1
        while stack:
            i = stack.pop()
            pixels += 1
            peak = max(peak, values[i])
            py, px = divmod(i, w)
            bx0, bx1, by0, by1 = min(bx0, px), max(bx1, px), min(by0, py), max(by1, py)
            for j in (i - w, i + w, i - 1 if px else -1, i + 1 if px + 1 < w else -1):
                if 0 <= j < len(over) and over[j] and not seen[j]:
                    seen[j] = 1
                    stack.append(j)
        area = pixels * _MM * _MM
        if area >= min_area:
            found.append(_area(n, peak / 255 * 100, area, (x0 + bx0, y0 + by0, x0 + bx1 + 1, y0 + by1 + 1), geo))
    return sorted(found, key=lambda a: (-a.peak, -a.area))


def _area(n: int, peak: float, area: float, px: tuple[int, int, int, int], geo: tuple[Box, Box]) -> Area:
    media, origin = geo
    step = 72 / DPI
    box = (media[0] + px[0] * step, media[3] - px[3] * step, media[0] + px[2] * step, media[3] - px[1] * step)
    to_mm = 25.4 / 72
    x_mm = ((box[0] - origin[0]) * to_mm, (box[2] - origin[0]) * to_mm)
    y_mm = ((origin[3] - box[3]) * to_mm, (origin[3] - box[1]) * to_mm)
    return Area(n, peak, area, box, x_mm, y_mm)
