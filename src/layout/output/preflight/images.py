"""Images: rules 18 (colour space), 19 (soft mask), 23 (ink per pixel), 25 (resolution) and their encoding.

An image whose data cannot be decoded is an error, not a note: both pdfium and poppler print a
grey block or nothing where it sits. JPEG 2000 and 16-bit samples need PDF 1.5, so not X-1a.
"""
from __future__ import annotations

from typing import Any

from pikepdf import Array, Name, Stream

from ..pdfread import UndecodableImage, image_ink_max
from ..pdfwalk import Event, Space, objnum, x_len, y_len
from .colour import check_space
from .model import Run

EPS = 1e-3


def _filters(d: Any) -> list[str]:
    f = d.get("/Filter")
    return [str(f)] if isinstance(f, Name) else [str(x) for x in f] if isinstance(f, Array) else []


def on_image(run: Run, ev: Event, intent: str | None) -> None:
    inline = ev.name == "inline image"
    d = ev.obj.obj if inline else ev.obj
    label = "inline image" if inline else f"image {ev.name} (obj {objnum(d)})"
    label += "" if ev.where == "content stream" else f" in {ev.where}"
    mask = bool(d.get("/ImageMask", False))
    if not mask:
        check_space(run, ev.space, label, "image", intent, bbox=ev.bbox)
    if run.x1a and (isinstance(d.get("/SMask"), Stream) or int(d.get("/SMaskInData", 0) or 0)):
        run.add(19, "error", label, "soft mask (SMask): transparency", check="transparency.smask",
                fix="flatten transparency on export (PDF/X-1a)", bbox=ev.bbox)
    _encoding(run, ev, d, label)
    if not mask and ev.space is not None:
        _ink(run, ev, d, label, None if inline else d.objgen)
    resolution(run, ev, d, label, mask)


def _encoding(run: Run, ev: Event, d: Any, label: str) -> None:
    filters = _filters(d)
    if "/JPXDecode" in filters and run.x1a:
        run.add(16, "error", label, f"JPEG 2000 image (JPXDecode) in {run.std}: JPEG 2000 needs PDF 1.5, a "
                "PDF 1.3 RIP cannot read it", check="image.jpx", fix="save the image as JPEG or ZIP and export again",
                bbox=ev.bbox)
    bits = int(d.get("/BitsPerComponent", 8) or 8)
    if bits == 16 and (run.x1a or run.profile.gwg):
        run.add(16, "error", label, "16-bit image: PDF/X-1a (PDF 1.3) and GWG allow at most 8 bits per sample",
                check="image.16bit", fix="convert the image to 8 bits per channel", bbox=ev.bbox)


def _ink(run: Run, ev: Event, d: Any, label: str, key: Any) -> None:
    assert ev.space is not None
    tac = _image_tac(run, ev, ev.space, d, key)
    lim = run.profile
    if isinstance(tac, str):
        run.add(23, "error", label, f"image data cannot be decoded ({tac}): RIPs print a grey block or nothing "
                "there", check="image.damaged", fix="place the picture again from its original and export again",
                bbox=ev.bbox)
    elif tac is not None and tac > lim.tac + EPS:
        run.add(23, "error", label, f"image ink up to {tac:.0f} % exceeds TAC {lim.tac:g} %", check="ink.image",
                fix=f"separate the picture with the press profile (at most {lim.tac:g} % ink)", bbox=ev.bbox)
    elif tac is not None and tac > lim.tac_warn + EPS:
        run.add(23, "warning", label, f"image ink up to {tac:.0f} % above {lim.tac_warn:g} %", check="ink.image",
                fix=f"separate the picture with the press profile (at most {lim.tac:g} % ink)", bbox=ev.bbox)


def _image_tac(run: Run, ev: Event, space: Space, d: Any, key: Any) -> float | str | None:
    """Max ink % of an image (cached per object: a photo may recur), None if not CMYK, a str if undecodable."""
    if key is None or key not in run.tac_cache:
        try:
            tac: float | str | None = image_ink_max(ev.obj, d, space)
        except UndecodableImage as exc:
            tac = str(exc)
        if key is None:
            return tac
        run.tac_cache[key] = tac
    return run.tac_cache[key]


def ppi_text(ppi: float, limit: float) -> str:
    """A resolution as the message shows it: whole ppi, unless rounding would make it equal to its limit."""
    return f"{ppi:.0f}" if round(ppi) != round(limit) else f"{ppi:.1f}"


def resolution(run: Run, ev: Event, d: Any, label: str, mask: bool) -> None:
    """Rule 25: pixels over placed size, the placed size being the CTM's unit vectors at the Do operator."""
    w_pt, h_pt = x_len(ev.gs.ctm), y_len(ev.gs.ctm)
    if w_pt < EPS or h_pt < EPS:
        return
    ppi = min(int(d.get("/Width", 0)) * 72 / w_pt, int(d.get("/Height", 0)) * 72 / h_pt)
    lim = run.profile
    if mask or int(d.get("/BitsPerComponent", 8) or 8) == 1:
        if ppi < lim.bitmap_ppi - EPS:
            run.add(25, "warning", label, f"1-bit image at {ppi_text(ppi, lim.bitmap_ppi)} ppi (line art needs "
                    f"{lim.bitmap_ppi:g})", check="image.resolution", fix="scan or save line art at 600 ppi or more",
                    bbox=ev.bbox)
    elif ppi < lim.min_ppi - EPS:
        run.add(25, "error", label, f"effective resolution {ppi_text(ppi, lim.min_ppi)} ppi (minimum "
                f"{lim.min_ppi:g})", check="image.resolution",
                fix=f"use a larger original or place it smaller (≥ {lim.min_ppi:g} ppi at its size)", bbox=ev.bbox)
    elif ppi < lim.warn_ppi - EPS:
        run.add(25, "warning", label, f"effective resolution {ppi_text(ppi, lim.warn_ppi)} ppi (target "
                f"{lim.warn_ppi:g})", check="image.resolution",
                fix=f"use a larger original or place it smaller ({lim.warn_ppi:g} ppi at its size)", bbox=ev.bbox)
    elif ppi > lim.max_ppi + EPS:
        run.add(25, "note", label, f"effective resolution {ppi_text(ppi, lim.max_ppi)} ppi (above {lim.max_ppi:g}; "
                "could be downsampled)", check="image.resolution", fix="downsample to save size", bbox=ev.bbox)
