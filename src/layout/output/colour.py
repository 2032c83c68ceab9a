"""Photos into the output condition: LittleCMS (Pillow's ImageCms) separation, then the ink limit.

RGB goes through its embedded profile (sRGB when untagged), CMYK of another condition through
its own profile, untagged CMYK is taken as already separated for the press; grayscale stays
DeviceGray (one ink: K). Whatever the profile gives, no pixel may carry more than the total
area coverage the press takes (240 % on coldset newsprint): the excess comes out of C, M and Y
in proportion, keeping K, so the picture keeps its tone.
"""
from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms, ImageMath

from ..model.style import Output

INTENTS = {"perceptual": ImageCms.Intent.PERCEPTUAL, "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
           "saturation": ImageCms.Intent.SATURATION, "absolute": ImageCms.Intent.ABSOLUTE_COLORIMETRIC}
PROFILE_DIRS = ("/usr/share/color/icc", "/usr/share/color/icc/ghostscript", "/usr/share/color/icc/colord")


class ColourError(Exception):
    """A profile that cannot be found or read, an image mode we cannot separate."""


def find_profile(name: str, extra_dirs: tuple[str, ...] = ()) -> str:
    p = Path(name)
    if p.is_absolute() and p.is_file():
        return str(p)
    for d in (*extra_dirs, *PROFILE_DIRS):
        cand = Path(d) / name
        if cand.is_file():
            return str(cand)
    raise ColourError(f"ICC profile {name!r} not found (looked in {', '.join((*extra_dirs, *PROFILE_DIRS))}); "
                      "run `make icc` to fetch the newsprint profile, or name your printer's profile in the template")


@cache
def _open(path: str) -> ImageCms.ImageCmsProfile:
    try:
        return ImageCms.getOpenProfile(path)
    except (OSError, ImageCms.PyCMSError) as exc:
        raise ColourError(f"{path}: not an ICC profile LittleCMS can read ({exc})") from None


@cache
def _transform(src: bytes | None, dst: str, in_mode: str, intent: str, bpc: bool) -> ImageCms.ImageCmsTransform:
    source = ImageCms.ImageCmsProfile(io.BytesIO(src)) if src else ImageCms.createProfile("sRGB")
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION if bpc else ImageCms.Flags.NONE
    return ImageCms.buildTransform(source, _open(dst), in_mode, "CMYK", INTENTS[intent], flags=flags)


def flatten(im: Image.Image) -> Image.Image:
    """Modes a press file cannot hold → RGB, L or CMYK: transparency on white, 16-bit to 8-bit."""
    if im.mode in ("RGB", "L", "CMYK"):
        return im
    if im.mode in ("P", "PA", "RGBA", "LA", "La", "RGBa"):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        white.alpha_composite(rgba)
        return white.convert("L" if im.mode in ("LA", "La") else "RGB")
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        return im.point(lambda v: v / 257).convert("L") if im.mode != "I" else im.convert("L")
    if im.mode in ("1", "F"):
        return im.convert("L")
    if im.mode in ("YCbCr", "LAB", "HSV"):
        return im.convert("RGB")
    raise ColourError(f"image mode {im.mode} cannot go to press; save it as RGB, CMYK or grayscale")


def separate(im: Image.Image, out: Output, profile: str) -> Image.Image:
    """An image ready for a PDF/X-1a file: CMYK in the output condition (ink-limited) or L."""
    icc = im.info.get("icc_profile")
    im = flatten(im)
    if im.mode == "L":
        return im
    if im.mode == "RGB":
        im = _apply(im, _transform(icc, profile, "RGB", out.intent, out.black_point))
    elif im.mode == "CMYK" and icc and _open(profile).tobytes() != icc:
        im = _apply(im, _transform(icc, profile, "CMYK", out.intent, out.black_point))
    return ink_limit(im, out.tac)


def _apply(im: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    out = ImageCms.applyTransform(im, transform)
    assert out is not None                            # None only in place
    return out


def _bands(im: Image.Image):
    return dict(zip("cmyk", im.split(), strict=True))


def total_ink(im: Image.Image) -> Image.Image:
    """C+M+Y+K per pixel, 0…1020 (255 = 100 %), as an 'I' image."""
    return ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], **_bands(im))


def max_ink(im: Image.Image) -> float:
    """Highest total area coverage in the image, percent."""
    _, high = total_ink(im).getextrema()
    assert not isinstance(high, tuple)                # one band: (min, max)
    return high * 100.0 / 255.0


def ink_limit(im: Image.Image, tac: float) -> Image.Image:
    """Take the ink over `tac` % out of C, M and Y in proportion; K stays."""
    limit = tac * 255.0 / 100.0
    if max_ink(im) <= tac:
        return im
    b = _bands(im)

    def reduce(band: str):
        def f(a):
            s = a["float"](a["c"] + a["m"] + a["y"] + a["k"])
            cmy = a["max"](a["float"](a["c"] + a["m"] + a["y"]), 1.0)
            over = a["max"](s - limit, 0.0)
            return a["convert"](a["max"](a["float"](a[band]) - over * a[band] / cmy, 0.0), "L")
        return ImageMath.lambda_eval(f, **b)

    out = Image.merge("CMYK", (reduce("c"), reduce("m"), reduce("y"), b["k"]))
    if max_ink(out) > tac + 0.5:                      # rounding: shave what is left, never go over
        return ink_limit(out, tac - 0.5)
    return out


def profile_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def profile_components(path: str) -> int:
    """Colour components of a profile's colour space (4 for CMYK)."""
    return {"CMYK": 4, "RGB": 3, "GRAY": 1}.get(_open(path).profile.xcolor_space.strip().upper(), 4)


def repo_icc_dir() -> str:
    return os.path.join(Path(__file__).resolve().parents[3], ".cache", "icc")
