"""Make stand-in photos for an edition whose original pictures are not available.

Each picture is labelled in the image as a stand-in, carries its caption, and has the aspect
of the frame it is placed in, at 260 ppi of its placed size (a photo not placed gets
2400 × 1600 px). Output is deterministic: the same manifest gives the same bytes.

    python scripts/make_standins.py issues/2021-year-end
"""
from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from layout.build import LOCAL_FONTS  # noqa: E402
from layout.model.model import NOWHERE  # noqa: E402
from layout.model.templates import load_template  # noqa: E402
from layout.text.fonts import SYSTEM_DIRS, find_file  # noqa: E402

SIZE = (2400, 1600)
PPI = 260
PALETTES = [
    ((38, 62, 110), (214, 120, 60), (120, 40, 36)),
    ((70, 110, 150), (232, 196, 120), (60, 80, 50)),
    ((90, 60, 110), (240, 160, 110), (40, 40, 60)),
    ((40, 90, 80), (210, 220, 170), (90, 70, 40)),
    ((120, 30, 40), (240, 200, 90), (50, 30, 30)),
]


def _font(size: int) -> ImageFont.FreeTypeFont:
    path = find_file("NotoSansCJK-Bold.ttc", (str(LOCAL_FONTS), *SYSTEM_DIRS))
    if path is None:
        raise SystemExit("NotoSansCJK-Bold.ttc not found: run `make fonts` first")
    return ImageFont.truetype(path, size, index=2)


def placed_sizes(folder: Path, manifest: dict) -> dict[str, tuple[int, int]]:
    """Pixel size for each placed photo: its frame (block less one caption line) at PPI."""
    tpl = load_template(manifest["edition"].get("template", "broadsheet"), folder, NOWHERE)
    g = tpl.grid
    out = {}
    for page in manifest["pages"]:
        for b in page.get("blocks", []):
            if "photo" in b:
                lines = b.get("lines", g.lines - b["line"] + 1)
                w = g.span_width(b["span"])
                h = (lines - 1) * g.pitch - g.line_gap
                out[b["photo"]] = (round(w / 72 * PPI), round(h / 72 * PPI))
    return out


def scene(seed: str, caption: str, index: int, size: tuple[int, int] = SIZE) -> Image.Image:
    rng = random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:12], 16))
    sky, light, ground = PALETTES[index % len(PALETTES)]
    w, h = size
    im = Image.new("RGB", size)
    px = ImageDraw.Draw(im)
    horizon = int(h * rng.uniform(0.55, 0.68))
    for y in range(h):                                       # sky to horizon glow, then ground
        if y < horizon:
            t = y / horizon
            col = tuple(int(sky[i] + (light[i] - sky[i]) * t ** 1.6) for i in range(3))
        else:
            t = (y - horizon) / (h - horizon)
            col = tuple(int(ground[i] * (1 - 0.5 * t)) for i in range(3))
        px.line([(0, y), (w, y)], fill=col)
    for _ in range(26):                                      # buildings against the sky
        bw, bh = rng.randint(60, 220), rng.randint(80, min(520, horizon - 40))
        x = rng.randint(-50, w)
        shade = tuple(max(0, c - rng.randint(20, 60)) for c in ground)
        px.rectangle([x, horizon - bh, x + bw, horizon], fill=shade)
        for wy in range(horizon - bh + 20, horizon - 10, 36):
            for wx in range(x + 12, x + bw - 12, 30):
                if rng.random() < 0.45:
                    px.rectangle([wx, wy, wx + 12, wy + 16], fill=(250, 220, 150))
    for _ in range(140):                                     # a crowd in the foreground
        cx, cy = rng.randint(0, w), rng.randint(horizon + 40, h)
        r = int(18 + (cy - horizon) / (h - horizon) * 40)
        tone = tuple(max(0, c - 40) for c in ground)
        px.ellipse([cx - r, cy - r, cx + r, cy + r], fill=tone)
        px.rectangle([cx - r, cy + r - 4, cx + r, cy + 3 * r], fill=tone)
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    draw = ImageDraw.Draw(im)
    scale = min(1.0, w / 2000)
    big, small = _font(int(120 * scale)), _font(int(64 * scale))
    label = "替代图片 · STAND-IN"
    box = draw.textbbox((0, 0), label, font=big)
    bw, bh = box[2] - box[0] + int(120 * scale), box[3] - box[1] + int(100 * scale)
    x0, y0 = (w - bw) // 2, int(h * 0.3)                     # centred: any crop keeps the label
    draw.rectangle([x0, y0, x0 + bw, y0 + bh], fill=(255, 255, 255))
    draw.text((x0 + int(60 * scale), y0 + int(40 * scale)), label, font=big, fill=(200, 20, 30))
    for k, line in enumerate(("原图未提供 · original photo not available", caption[:30])):
        tb = draw.textbbox((0, 0), line, font=small)
        draw.text(((w - (tb[2] - tb[0])) // 2, y0 + bh + int((40 + k * 90) * scale)), line, font=small,
                  fill=(255, 255, 255),
                  stroke_width=3, stroke_fill=(30, 30, 30))
    return im


def main(edition: str) -> int:
    folder = Path(edition)
    manifest = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    made = 0
    sizes = placed_sizes(folder, manifest)
    for i, (pid, photo) in enumerate((manifest.get("photos") or {}).items()):
        out = folder / photo["image"]
        if out.exists():
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        im = scene(pid, photo.get("caption", ""), i, sizes.get(pid, SIZE))
        tmp = out.with_suffix(".tmp")
        im.save(tmp, "JPEG", quality=88, dpi=(300, 300))
        tmp.replace(out)
        made += 1
    print(f"stand-in photos: {made} made in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "issues/2021-year-end"))
