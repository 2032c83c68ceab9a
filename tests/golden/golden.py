"""Golden data for every edition in issues/: its layout.json and a low-resolution render of each page.

Shared by the test (test_golden.py) and the refresh script (refresh.py, `make golden`). Only the
public entry points are used — `layout.build.build`, the stored files, pypdfium2 — so the PDF writer
and the composer can be restructured underneath without touching this.

Render tolerance, measured on the two sample editions (see the numbers in test_golden.py's docstring):
a pixel counts as changed when its grey level differs by more than THRESHOLD, and a page fails when
more than MAX_CHANGED of its pixels changed. Anti-aliasing and photo decoding noise stay far below:
pdfium 6462 (pypdfium2 4.30) and 8149 (pypdfium2 5.15) render these pages to within 1 grey level,
stand-ins re-encoded as JPEG q80 change photo pixels by at most 4 levels, a gamma of 1.15 on the
whole page by at most 13 — all pass with 0 changed pixels. Real writer faults change 0.8–1.2 % of
every page at DPI (halved /W widths, flipped TJ adjustments), glyph widths 3 % off 0.22–0.43 %.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops

REPO = Path(__file__).resolve().parents[2]
ISSUES = REPO / "issues"
GOLDEN = Path(__file__).resolve().parent

DPI = 20.0              # the mutations are caught from 12 dpi; 20 keeps a 3 % width error > 4 × MAX_CHANGED
THRESHOLD = 24          # grey levels (0–255) a pixel must change by to count
MAX_CHANGED = 0.0005    # share of a page's pixels allowed to change (0.05 %: ~65 px of a broadsheet page at 20 dpi)
CELL = 3                # px: changed pixels closer than this are one region in the report
REPORT_LINES = 30       # layout.json differences printed; the full list goes to a file

IGNORED = {("format",), ("edition", "content_hash")}
"""Not compared: the format label (a version bump is not a layout change) and the content hash (it hashes
the template's Python repr, so it moves with refactoring). Keys that only the new file has are ignored
too (a field added to layout.json is not a regression); they are listed in a note."""


def editions() -> list[Path]:
    """Every edition folder under issues/ (one with an edition.yaml), in name order."""
    return sorted(p.parent for p in ISSUES.glob("*/edition.yaml"))


def golden_dir(edition: str) -> Path:
    return GOLDEN / edition


def png_name(number: int) -> str:
    return f"page-{number:02d}.png"


def page_numbers(layout: dict) -> list[int]:
    return [p["number"] for p in layout["pages"]]


def render_pages(pdf: str | Path, dpi: float = DPI) -> list[Image.Image]:
    """Greyscale renders of every page, in file order, as the project renders proofs (pypdfium2, in-process)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            bitmap = page.render(scale=dpi / 72.0, grayscale=True)
            out.append(bitmap.to_pil().convert("L"))
            bitmap.close()
            page.close()
        return out
    finally:
        doc.close()


def environment() -> dict:
    """What the renders depend on besides the PDF: recorded beside the golden files, shown on a failure."""
    import pypdfium2

    info = {"dpi": DPI, "threshold": THRESHOLD, "max_changed": MAX_CHANGED}
    try:
        info["pypdfium2"] = str(pypdfium2.version.PYPDFIUM_INFO)
        info["pdfium"] = str(pypdfium2.version.PDFIUM_INFO)
    except AttributeError:                                    # pypdfium2 4.x
        info["pypdfium2"] = str(getattr(pypdfium2, "V_PYPDFIUM2", "?"))
        info["pdfium"] = str(getattr(pypdfium2, "V_LIBPDFIUM", "?"))
    return info


def font_files(layout: dict) -> dict[str, int]:
    """Font files the build used (name → size in bytes): a new font package moves glyphs."""
    out = {}
    for faces in layout.get("fonts", {}).values():
        for face in faces:
            m = re.search(r"\(([^()]*)\)\s*$", face)
            if m:
                path = Path(m.group(1).split("#")[0])
                out[path.name] = path.stat().st_size if path.is_file() else -1
    return dict(sorted(out.items()))


# -- layout.json ------------------------------------------------------------------------------------

def _font_names(faces: list) -> list:
    """'Face (/usr/share/fonts/…/File.ttc#2)' → 'Face (File.ttc#2)': where the font is installed does not matter."""
    return [re.sub(r"\(([^()]*/)?([^/()]*)\)\s*$", r"(\2)", f) if isinstance(f, str) else f for f in faces]


def _fmt(v) -> str:
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 60 else s[:57] + "…"


def _short(text: str, n: int = 12) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _line_label(page: int, ln: dict, nth: int) -> str:
    who = f"{ln.get('story') or 'page'} {ln.get('kind')}"
    if ln.get("para", -1) >= 0:
        who += f" ¶{ln['para'] + 1}"
    where = f"page {page}"
    if ln.get("column", -1) >= 0:
        where += f", column {ln['column'] + 1}"
    if ln.get("grid_line", -1) >= 0:
        where += f", grid line {ln['grid_line'] + 1}"
    return f"{where}: {who}, line {nth + 1} «{_short(ln.get('text', ''))}»"


def _group_lines(layout: dict) -> dict[tuple, tuple[int, dict, int]]:
    """Every set line keyed (story, kind, para, n-th line of that group): a re-broken paragraph shows as
    changed text and positions of the same lines, a longer one as a line added."""
    out, count = {}, {}
    for page in layout["pages"]:
        for ln in page["lines"]:
            group = (ln.get("story"), ln.get("kind"), ln.get("para"))
            n = count.get(group, 0)
            count[group] = n + 1
            out[group + (n,)] = (page["number"], ln, n)
    return out


@dataclass
class LayoutDiff:
    lines: list[str] = field(default_factory=list)     # one difference a line: where, field, old → new
    added_keys: set[str] = field(default_factory=set)  # keys only the new file has (ignored)

    def __bool__(self) -> bool:
        return bool(self.lines)


def _diff_value(old, new, path: tuple, label: str, out: LayoutDiff) -> None:
    """Generic structural diff: dicts by key, lists of records by id/ref/index, values by equality."""
    if path in IGNORED:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for k in old:
            if k not in new:
                out.lines.append(f"{label}: field {k!r} removed (was {_fmt(old[k])})")
            else:
                _diff_value(old[k], new[k], path + (k,), f"{label}.{k}" if label else k, out)
        out.added_keys.update(f"{label}.{k}" if label else k for k in new if k not in old)
        return
    if isinstance(old, list) and isinstance(new, list) and (old or new) and \
            all(isinstance(x, dict) for x in old + new):
        key = next((k for k in ("id", "ref") if all(k in x for x in old + new)
                    and len({x[k] for x in old}) == len(old) and len({x[k] for x in new}) == len(new)), None)
        if key:
            a, b = {x[key]: x for x in old}, {x[key]: x for x in new}
            for k in a:
                if k in b:
                    _diff_value(a[k], b[k], path, f"{label}[{k}]", out)
                else:
                    out.lines.append(f"{label}[{k}]: removed")
            out.lines += [f"{label}[{k}]: added {_fmt(b[k])}" for k in b if k not in a]
            return
        for i, (x, y) in enumerate(zip(old, new, strict=False)):
            _diff_value(x, y, path, f"{label}[{i}]", out)
        if len(old) != len(new):
            out.lines.append(f"{label}: {len(old)} → {len(new)} entries")
        return
    if old != new:
        out.lines.append(f"{label}: {_fmt(old)} → {_fmt(new)}")


def _diff_line(page: int, old: dict, new: dict, nth: int, out: LayoutDiff) -> None:
    label = _line_label(page, new, nth)
    changes = []
    for k in old:
        if k == "cells":
            continue
        if k not in new:
            changes.append(f"field {k!r} removed")
        elif old[k] != new[k]:
            changes.append(f"{k} {_fmt(old[k])} → {_fmt(new[k])}")
    out.added_keys.update(f"line.{k}" for k in new if k not in old)
    oc, nc = old.get("cells", []), new.get("cells", [])
    if oc != nc:
        moved = [(i, a, b) for i, (a, b) in enumerate(zip(oc, nc, strict=False)) if a != b]
        parts = []
        for i, a, b in moved[:3]:
            what = [f"{n} {x} → {y}" for n, x, y in zip(("text", "x", "width"), a, b, strict=False) if x != y]
            parts.append(f"«{b[0]}»@{i + 1} " + ", ".join(what))
        more = f" (+{len(moved) - 3} more)" if len(moved) > 3 else ""
        count = f"{len(oc)} → {len(nc)} cells; " if len(oc) != len(nc) else ""
        changes.append(f"cells: {count}" + "; ".join(parts) + more)
    if changes:
        out.lines.append(f"{label}: " + "; ".join(changes))


def diff_layout(old: dict, new: dict) -> LayoutDiff:
    """Where two layout.json files differ, field by field: page, story, line, field, old → new."""
    out = LayoutDiff()
    top_old = {k: v for k, v in old.items() if k != "pages"}
    top_new = {k: v for k, v in new.items() if k != "pages"}
    for t in (top_old, top_new):
        if isinstance(t.get("fonts"), dict):
            t["fonts"] = {role: _font_names(faces) for role, faces in t["fonts"].items()}
    _diff_value(top_old, top_new, (), "", out)
    po, pn = {p["number"]: p for p in old["pages"]}, {p["number"]: p for p in new["pages"]}
    out.lines += [f"page {n}: removed" for n in po if n not in pn]
    out.lines += [f"page {n}: added" for n in pn if n not in po]
    for n in po:
        if n in pn:
            a = {k: v for k, v in po[n].items() if k != "lines"}
            b = {k: v for k, v in pn[n].items() if k != "lines"}
            _diff_value(a, b, ("page",), f"page {n}", out)
    lo, ln_ = _group_lines(old), _group_lines(new)
    for key, (page, line, nth) in lo.items():
        if key not in ln_:
            out.lines.append(f"{_line_label(page, line, nth)}: line removed")
        else:
            new_page, new_line, _ = ln_[key]
            if new_page != page:
                out.lines.append(f"{_line_label(new_page, new_line, nth)}: moved from page {page}")
            _diff_line(new_page, line, new_line, nth, out)
    out.lines += [f"{_line_label(p, line, nth)}: line added" for key, (p, line, nth) in ln_.items() if key not in lo]
    return out


def content_summary(old: dict, new: dict, limit: int = 10) -> list[str]:
    """The project's own story-level content diff (what `layout diff` prints), when it can read both files."""
    try:
        from layout.review.contentdiff import diff_layouts
        changes = diff_layouts(old, new)
        lines = [f"page {c.page}: {c.message}" for c in changes]
    except Exception as exc:                                  # an old golden format, or the API moved
        return [f"(layout diff's content diff not available here: {type(exc).__name__}: {exc})"]
    if len(lines) > limit:
        lines = lines[:limit] + [f"… {len(lines) - limit} more content changes"]
    return lines


# -- renders ----------------------------------------------------------------------------------------

@dataclass
class RenderDiff:
    changed: int                    # pixels past THRESHOLD
    fraction: float
    mask: Image.Image | None        # 255 where changed
    regions: list[tuple[int, int, int, int, int]]   # x0, y0, x1, y1 (px, exclusive), changed pixels

    @property
    def ok(self) -> bool:
        return self.fraction <= MAX_CHANGED


def compare_renders(expected: Image.Image, actual: Image.Image) -> RenderDiff:
    if expected.size != actual.size:
        w, h = expected.size
        return RenderDiff(w * h, 1.0, None, [(0, 0, w, h, w * h)])
    mask = ImageChops.difference(expected.convert("L"), actual.convert("L")).point(
        lambda v: 255 if v > THRESHOLD else 0)
    changed = mask.histogram()[255]
    fraction = changed / (mask.width * mask.height)
    return RenderDiff(changed, fraction, mask, changed_regions(mask) if changed else [])


def changed_regions(mask: Image.Image, cell: int = CELL) -> list[tuple[int, int, int, int, int]]:
    """Bounding boxes (px) of the changed areas: changed pixels pooled into cells, cells joined
    8-connected; largest first."""
    w, h = mask.size
    cw, ch = (w + cell - 1) // cell, (h + cell - 1) // cell
    pooled = mask.resize((cw, ch), Image.BOX, reducing_gap=None).load()
    px = mask.load()
    seen: set[tuple[int, int]] = set()
    out = []
    for cy in range(ch):
        for cx in range(cw):
            if not pooled[cx, cy] or (cx, cy) in seen:
                continue
            stack, cells = [(cx, cy)], []
            seen.add((cx, cy))
            while stack:
                x, y = stack.pop()
                cells.append((x, y))
                for nx in (x - 1, x, x + 1):
                    for ny in (y - 1, y, y + 1):
                        if 0 <= nx < cw and 0 <= ny < ch and pooled[nx, ny] and (nx, ny) not in seen:
                            seen.add((nx, ny))
                            stack.append((nx, ny))
            pts = [(x, y) for cx_, cy_ in cells for x in range(cx_ * cell, min(w, cx_ * cell + cell))
                   for y in range(cy_ * cell, min(h, cy_ * cell + cell)) if px[x, y]]
            if pts:
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                out.append((min(xs), min(ys), max(xs) + 1, max(ys) + 1, len(pts)))
    return sorted(out, key=lambda r: -r[4])


def diff_image(expected: Image.Image, actual: Image.Image) -> Image.Image:
    """The expected page faded, ink only in the actual render in red, ink lost from it in blue."""
    e, a = expected.convert("L"), actual.convert("L")
    if e.size != a.size:
        a = a.resize(e.size)
    base = Image.merge("RGB", [e.point(lambda v: 160 + v * 95 // 255)] * 3)
    gained = ImageChops.subtract(e, a).point(lambda v: 255 if v > THRESHOLD else 0)   # darker now
    lost = ImageChops.subtract(a, e).point(lambda v: 255 if v > THRESHOLD else 0)     # lighter now
    base.paste((220, 0, 0), mask=gained)
    base.paste((0, 70, 230), mask=lost)
    return base


def describe_regions(regions: list, dpi: float = DPI, limit: int = 12) -> list[str]:
    k = 72.0 / dpi
    out = [f"  x {x0 * k:7.1f}–{x1 * k:7.1f} pt, y {y0 * k:7.1f}–{y1 * k:7.1f} pt "
           f"(px {x0},{y0}–{x1},{y1}; {n} px changed)" for x0, y0, x1, y1, n in regions[:limit]]
    if len(regions) > limit:
        out.append(f"  … and {len(regions) - limit} more regions")
    return out


# -- writing ----------------------------------------------------------------------------------------

def dump_layout(layout: dict) -> str:
    """layout.json as the same JSON, one record a row (each top-level field, each page's fields, each block,
    image, decoration and set line on its own row), so `git diff tests/golden` shows which lines changed."""
    def one(v) -> str:
        return json.dumps(v, ensure_ascii=False, sort_keys=True)

    rows = []
    for k, v in sorted(layout.items()):
        if k != "pages":
            rows.append(f" {one(k)}: {one(v)}")
    pages = []
    for page in layout.get("pages", []):
        fields = []
        for k, v in sorted(page.items()):
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                fields.append(f"  {one(k)}: [\n" + ",\n".join(f"   {one(x)}" for x in v) + "\n  ]")
            else:
                fields.append(f"  {one(k)}: {one(v)}")
        pages.append(" {\n" + ",\n".join(fields) + "\n }")
    rows.append(' "pages": [\n' + ",\n".join(pages) + "\n ]")
    return "{\n" + ",\n".join(rows) + "\n}\n"


def write_golden(edition: str, layout_json: Path, pdf: Path, folder: Path | None = None) -> list[Path]:
    """Store an edition's layout.json (one record a row), page renders and render settings; stale PNGs go."""
    folder = folder or golden_dir(edition)
    folder.mkdir(parents=True, exist_ok=True)
    layout = json.loads(Path(layout_json).read_text(encoding="utf-8"))
    text = dump_layout(layout)
    assert json.loads(text) == layout
    numbers = page_numbers(layout)
    images = render_pages(pdf)
    if len(images) != len(numbers):
        raise RuntimeError(f"{pdf}: {len(images)} pages, layout.json lists {len(numbers)}")
    written = [folder / "layout.json"]
    (folder / "layout.json").write_text(text, encoding="utf-8")
    keep = set()
    for n, im in zip(numbers, images, strict=True):
        path = folder / png_name(n)
        im.save(path, optimize=True)
        written.append(path)
        keep.add(path.name)
    for old in folder.glob("page-*.png"):
        if old.name not in keep:
            old.unlink()
    info = {**environment(), "fonts": font_files(layout), "pages": numbers}
    (folder / "render.json").write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(folder / "render.json")
    return written
