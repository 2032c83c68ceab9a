"""Where each `layout check` finding and each overset or underset is on its page, as a box in points from the
trim's top-left — what the desk draws over the page image and lists beside it.

Everything comes from layout.json (the same file `layout check` reads): a finding names page, column and grid
line (1-based) and its story, so the box is that story's set line there; overset is the story's overset marker
line (where the text stops); underset is the empty foot of the story's last block."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..review.check import Finding

ASCENT = 0.88           # of the size above the baseline, as contentdiff boxes a line
PAGE_RULES = 26         # rules 26–35 are page rules (pages/pagerules.py): they concern blocks


@dataclass(frozen=True)
class Mark:
    id: str
    kind: str            # finding | overset | underset
    severity: str        # error | warning (overset is an error, underset a warning)
    page: int
    box: tuple[float, float, float, float]     # x, y, w, h in points from the trim's top-left
    label: str           # short, drawn on the page: 规则11, 超版, 欠版
    text: str            # the line listed beside the page (the CLI's wording)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _line_box(ln: dict, trim: tuple[float, float]) -> tuple[float, float, float, float]:
    size = ln["size"]
    x = ln["x"] + ln.get("indent", 0.0)
    return (round(x - trim[0], 2), round(ln["y"] - ASCENT * size - trim[1], 2),
            round(max(ln.get("set_width", 0.0), size), 2), round(size, 2))


def _rect(r: list[float], trim: tuple[float, float]) -> tuple[float, float, float, float]:
    return (round(r[0] - trim[0], 2), round(r[1] - trim[1], 2), round(r[2], 2), round(r[3], 2))


def finding_box(page: dict, f: Finding) -> tuple[float, float, float, float]:
    """A page rule's (26–35) subject block; else the finding's line; else its grid cell (column, line); else its
    story's blocks; else the type area."""
    trim = (page["trim"][0], page["trim"][1])
    if f.rule >= PAGE_RULES and f.para < 0:           # check puts the fault's block ids in the finding's text
        subject = f.text.split(", ")[0]
        for b in page["blocks"]:
            if b["id"] == subject:
                return _rect(b["rect"], trim)
    for ln in page["lines"]:
        if ln["story"] == f.story and ln["column"] == f.column - 1 and ln["grid_line"] == f.line - 1:
            return _line_box(ln, trim)
    grid = page["grid"]
    if 1 <= f.column <= len(grid["columns"]) and f.line >= 1:
        cx, cw = grid["columns"][f.column - 1]
        base = grid["first_baseline"] + (f.line - 1) * grid["pitch"]
        size = grid["body_size"]
        return _rect([cx, base - ASCENT * size, cw, size], trim)
    blocks = [b["rect"] for b in page["blocks"] if f.story and b.get("ref") == f.story]
    if blocks:
        return _rect(_union(blocks), trim)
    return _rect(page["type_area"], trim)


def _union(rects: list[list[float]]) -> list[float]:
    x0, y0 = min(r[0] for r in rects), min(r[1] for r in rects)
    x1, y1 = max(r[0] + r[2] for r in rects), max(r[1] + r[3] for r in rects)
    return [x0, y0, x1 - x0, y1 - y0]


def fit_box(page: dict, fit: dict) -> tuple[float, float, float, float] | None:
    """Overset: the marker line where the text stops (else the last line). Underset: below the last line of
    the story's last block to the block's foot."""
    trim = (page["trim"][0], page["trim"][1])
    ref = fit["ref"]
    lines = [ln for ln in page["lines"] if ln["story"] == ref]
    if fit.get("overset_chars") or fit.get("overset_lines"):
        marker = [ln for ln in lines if ln["kind"] == "overset"]
        if marker or lines:
            return _line_box((marker or lines)[-1], trim)
    blocks = [b for b in page["blocks"] if b.get("ref") == ref and b["kind"] in ("text", "chronicle")]
    if not blocks:
        blocks = [b for b in page["blocks"] if b.get("ref") == ref]
    if not blocks:
        return None
    last = blocks[-1]
    x, y, w, h = last["rect"]
    inside = [ln for ln in lines if ln.get("block") == last["id"]]
    if fit.get("underset_lines") and inside:
        top = max(ln["y"] for ln in inside) + 0.25 * max(ln["size"] for ln in inside)
        if top < y + h:
            return _rect([x, top, w, y + h - top], trim)
    return _rect(last["rect"], trim)


def page_marks(layout: dict, findings: list[Finding], fit_text: dict[int, str]) -> list[Mark]:
    """Every finding and every fit with overset or underset, page by page, in the order `layout check` and
    `layout build` list them. `fit_text` is the build's wording of each fit, by its index in layout.json."""
    pages = {p["number"]: p for p in layout["pages"]}
    out: list[Mark] = []
    for k, f in enumerate(findings):
        page = pages.get(f.page)
        if page is None:
            continue
        out.append(Mark(f"f{k}", "finding", f.severity, f.page, finding_box(page, f), f"规则{f.rule}", str(f)))
    for k, fit in enumerate(layout.get("fits", [])):
        over = fit.get("overset_chars") or fit.get("overset_lines")
        if not (over or fit.get("underset_lines")) or fit["page"] not in pages:
            continue
        box = fit_box(pages[fit["page"]], fit)
        if box is None:
            continue
        kind, label = ("overset", "超版") if over else ("underset", "欠版")
        out.append(Mark(f"o{k}", kind, "error" if over else "warning", fit["page"], box, label,
                        fit_text.get(k, f"{kind}: {fit['part']} {fit['ref']!r} (page {fit['page']})")))
    return out


def page_info(page: dict) -> dict[str, Any]:
    """What the browser needs to draw a page's overlays: trim size, type area and grid, trim-relative."""
    tx, ty, tw, th = page["trim"]
    grid = page["grid"]
    ta = page["type_area"]
    return {"number": page["number"], "w": tw, "h": th,
            "type_area": [round(ta[0] - tx, 2), round(ta[1] - ty, 2), ta[2], ta[3]],
            "grid": {"columns": [[round(x - tx, 2), w] for x, w in grid["columns"]],
                     "first_baseline": round(grid["first_baseline"] - ty, 2), "pitch": grid["pitch"],
                     "lines": grid["lines"], "body_size": grid["body_size"]}}
