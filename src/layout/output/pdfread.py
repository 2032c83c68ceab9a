"""Readers for preflight: PDF objects as plain values — XMP properties, page boxes, font embedding, the inks of a
colour, the highest ink sum of an image's pixels. The content-stream walker is `pdfwalk`."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Stream
from PIL import Image, ImageMath

from .pdfwalk import GState, Space


class UndecodableImage(Exception):
    """An image whose pixels Pillow/pikepdf cannot produce: its ink cannot be measured."""


_PROCESS = {"Cyan": "C", "Magenta": "M", "Yellow": "Y", "Black": "K"}
_XMP_NS = {"http://www.npes.org/pdfx/ns/id/": "pdfxid", "http://purl.org/dc/elements/1.1/": "dc",
           "http://ns.adobe.com/xap/1.0/": "xmp", "http://ns.adobe.com/pdf/1.3/": "pdf"}
TAC_SAMPLE_WIDTH = 1000    # px: images are reduced to this width before the per-pixel ink sum


def read_xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    """The XMP properties preflight cares about, as {"prefix:name": text}, whatever prefixes the file uses."""
    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, Stream):
        return {}
    try:
        root = ET.fromstring(meta.read_bytes())
    except (ET.ParseError, pikepdf.PdfError, ValueError):
        return {}
    props: dict[str, str] = {}
    for el in root.iter():
        for name, value in [(el.tag, "".join(el.itertext()).strip()), *el.attrib.items()]:
            uri, _, local = name[1:].partition("}") if name.startswith("{") else ("", "", name)
            if uri in _XMP_NS:
                props.setdefault(f"{_XMP_NS[uri]}:{local}", value.strip())
    return props


def version_tuple(text: str) -> tuple[int, int]:
    try:
        major, minor = text.split(".")[:2]
        return int(major), int(minor)
    except ValueError:
        return (0, 0)


def read_box(obj: Any) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in obj)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def box_within(inner: tuple, outer: tuple, tol: float = 0.01) -> bool:
    return inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol and inner[2] <= outer[2] + tol \
        and inner[3] <= outer[3] + tol


def is_embedded(font: Dictionary) -> bool:
    """Rule 17: FontFile/2/3 in the descriptor (of the descendant, for Type0); Type3 glyphs are in the file."""
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        kids = font.get("/DescendantFonts")
        font = kids[0] if isinstance(kids, Array) and len(kids) and isinstance(kids[0], Dictionary) else Dictionary()
    desc = font.get("/FontDescriptor")
    return isinstance(desc, Dictionary) and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def colour_inks(space: Space, values: tuple[float, ...]) -> dict[str, float] | None:
    """Ink name → tint of a colour value (C, M, Y, K for process inks); None when not known (RGB, ICC …)."""
    if space.family == "DeviceCMYK" and len(values) == 4:
        return dict(zip("CMYK", values, strict=True))
    if space.family == "DeviceGray" and values:
        return {"K": 1.0 - values[0]}
    if space.family in ("Separation", "DeviceN") and len(values) >= len(space.names):
        return {_PROCESS.get(n, n): v for n, v in zip(space.names, values, strict=False) if n != "None"}
    return None


def black_only(inks: dict[str, float] | None) -> bool:
    """100 % K and no other ink: the colour black type and rules must be."""
    if not inks:
        return False
    return inks.get("K", 0.0) >= 0.999 and all(v <= 1e-3 for k, v in inks.items() if k != "K")


def overprints(gs: GState, which: str) -> bool:
    """Overprint on, and effective: in DeviceCMYK the zero C/M/Y still knock out unless OPM is 1."""
    on, space = (gs.op_fill, gs.fill_space) if which == "fill" else (gs.op_stroke, gs.stroke_space)
    return on and (space.family != "DeviceCMYK" or gs.opm == 1)


def image_ink_max(image: Any, d: Any, space: Space) -> float | None:
    """Highest C+M+Y+K of any pixel of a CMYK (or Indexed-on-CMYK) image, in percent; None if not CMYK.

    Ink is what the PDF paints: the raw samples through the image's /Decode array. Pillow
    inverts every CMYK JPEG it reads (Adobe convention), so for DCT images the samples are
    inverted back first. Images wider than TAC_SAMPLE_WIDTH are reduced before the sum —
    JPEGs by DCT draft scaling, then nearest-neighbour — which keeps the ink of any area a
    few pixels wide: TAC limits are about areas, not single pixels.
    """
    base = space.base if space.family == "Indexed" else space
    if base is None or base.n != 4 or base.family not in ("DeviceCMYK", "ICCBased", "CalCMYK"):
        return None
    try:
        pim = image if isinstance(image, pikepdf.PdfInlineImage) else pikepdf.PdfImage(image)
        raw_inline = isinstance(image, pikepdf.PdfInlineImage) and not pim.filters and space.family != "Indexed"
        try:
            if raw_inline and isinstance(pim, pikepdf.PdfInlineImage) and pim.bits_per_component == 8:
                # pikepdf cannot convert inline images < 3 px
                im = Image.frombytes("CMYK", (pim.width, pim.height), pim.read_raw_bytes()[:pim.width * pim.height * 4])
            else:
                im = pim.as_pil_image(apply_decode_array=False, apply_mask=False)
        except TypeError:             # pikepdf < 10 takes no options and does not apply /Decode anyway
            im = pim.as_pil_image()
        if space.family == "Indexed":
            used = [i for i, n in enumerate(im.histogram()[:256]) if n] if im.mode in ("P", "L") else range(256)
            sums = [sum(space.lookup[4 * i:4 * i + 4]) for i in used if len(space.lookup) >= 4 * i + 4]
            return max(sums, default=0) / 255 * 100
        if im.mode != "CMYK":
            return None
        if im.width > TAC_SAMPLE_WIDTH:
            im.draft("CMYK", (TAC_SAMPLE_WIDTH, max(1, im.height * TAC_SAMPLE_WIDTH // im.width)))
            if im.width > TAC_SAMPLE_WIDTH:
                im = im.resize((TAC_SAMPLE_WIDTH, max(1, round(im.height * TAC_SAMPLE_WIDTH / im.width))),
                               Image.Resampling.NEAREST)
        lut = _ink_lut([float(v) for v in d.get("/Decode", [])], "/DCTDecode" in pim.filters)
        if lut is not None:
            im = im.point(lut)
        c, m, y, k = im.split()
        if hasattr(ImageMath, "lambda_eval"):                         # Pillow ≥ 10.3
            total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
        else:
            total = ImageMath.eval("c + m + y + k", c=c, m=m, y=y, k=k)  # type: ignore[attr-defined]  # Pillow < 10.3
        return total.getextrema()[1] / 255 * 100
    except Exception as exc:     # noqa: BLE001 — whatever Pillow/pikepdf raise: this image, not the file, fails
        raise UndecodableImage(f"{type(exc).__name__}: {exc}"[:200]) from None


def _ink_lut(decode: list[float], inverted: bool) -> list[int] | None:
    """Per-band lookup from Pillow's value to ink (0–255): undo Pillow's JPEG inversion, apply /Decode."""
    pairs = [(decode[2 * i], decode[2 * i + 1]) for i in range(4)] if len(decode) == 8 else [(0.0, 1.0)] * 4
    lut: list[int] = []
    for lo, hi in pairs:
        for v in range(256):
            raw = (255 - v if inverted else v) / 255
            lut.append(min(255, max(0, round((lo + raw * (hi - lo)) * 255))))
    return None if lut == list(range(256)) * 4 else lut

