"""The preflight report a printer can file: every check with its result, and for failures the page with the place.

`--report x.html` writes one self-contained HTML file (thumbnails inline as PNG), `--report x.pdf` a
PDF (ReportLab). Thumbnails are rendered by pdfium; each finding with a known place gets a red box
and its number. No date or path of the machine is written: the same file and profile give the same
report bytes.
"""
from __future__ import annotations

import base64
import html
import io
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ...atomic import write_atomic
from .catalogue import CHECKS
from .model import Finding, PreflightReport
from .profiles import PROFILES, X4, Profile

THUMB_W = 360                  # px: a thumbnail's width
_RANK = {"error": 3, "warning": 2, "note": 1}
_MARK = (220, 0, 0)
_FONT = ImageFont.load_default(size=13)
_LATIN = str.maketrans({"–": "-", "—": "-", "≥": ">=", "≤": "<=", "›": ">", "…": "...", "²": "2"})


def _applies(key: str, std: str, prof: Profile | None) -> bool:
    """Whether a check is made at all for this PDF/X level and profile (else the report says "not applicable")."""
    x1a, gwg = std != X4, bool(prof and prof.gwg)
    only = {"ident.xmp": not x1a, "ident.info": x1a, "image.jpx": x1a, "document.layers": x1a or gwg,
            "colour.spot": bool(prof and not prof.spots), "page.count": bool(prof and prof.max_pages),
            "intent.space": x1a or bool(prof and prof.cmyk_only), "image.16bit": x1a or gwg}
    if key.startswith("transparency.") and key != "transparency.blend_rgb":
        return x1a
    return only.get(key, True)


def results(report: PreflightReport) -> list[tuple[str, int, str, str, list[Finding]]]:
    """(check key, rule, what it checks, result, its findings) for every check, failures first."""
    prof = next((p for p in PROFILES.values() if p.name == report.profile), None)
    rows = []
    for key, (rule, title) in CHECKS.items():
        found = [f for f in report.findings if f.check == key]
        worst = max((f.severity for f in found), key=lambda s: _RANK[s], default="")
        result = {"error": "failed", "warning": "warning", "note": "note", "": "passed"}[worst]
        if not found and (report.damaged and key != "document.damaged" or not _applies(key, report.standard, prof)):
            result = "not checked" if report.damaged else "not applicable"
        rows.append((key, rule, title, result, found))
    order = {"failed": 0, "warning": 1, "note": 2, "passed": 3, "not applicable": 4, "not checked": 4}
    return sorted(rows, key=lambda r: (order[r[3]], r[1], r[0]))


def thumbnails(report: PreflightReport, pdf_path: str) -> dict[int, Image.Image]:
    """A marked thumbnail of every page with a placed error or warning (page → image)."""
    marked: dict[int, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(report.findings, 1):
        if f.page and f.bbox and f.severity in ("error", "warning"):
            marked.setdefault(f.page, []).append((i, f))
    if not marked or report.damaged:
        return {}
    out: dict[int, Image.Image] = {}
    doc = pdfium.PdfDocument(pdf_path)
    try:
        for n, items in sorted(marked.items()):
            page = doc[n - 1]
            x0, y0, x1, y1 = page.get_mediabox()
            scale = THUMB_W / max(1.0, x1 - x0)
            im = page.render(scale=scale, crop=(0, 0, 0, 0), may_draw_forms=False).to_pil().convert("RGB")
            draw = ImageDraw.Draw(im)
            draw.rectangle((0, 0, im.width - 1, im.height - 1), outline=(150, 150, 150))
            for i, f in items:
                assert f.bbox is not None
                bx0, by0, bx1, by1 = f.bbox
                box = ((bx0 - x0) * scale - 2, (y1 - by1) * scale - 2, (bx1 - x0) * scale + 2, (y1 - by0) * scale + 2)
                draw.rectangle(box, outline=_MARK, width=2)
                draw.text((box[0] + 2, max(0, box[1] - 15)), str(i), fill=_MARK, font=_FONT)
            out[n] = im
    finally:
        doc.close()
    return out


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=False)
    return buf.getvalue()


def write_report(report: PreflightReport, pdf_path: str, target: str) -> None:
    thumbs = thumbnails(report, pdf_path)
    if target.lower().endswith(".pdf"):
        data = _pdf(report, pdf_path, thumbs)
    else:
        data = _html(report, pdf_path, thumbs).encode("utf-8")
    write_atomic(Path(target), data)


def _title(report: PreflightReport, pdf_path: str) -> str:
    return f"Preflight of {Path(pdf_path).name}: {report.verdict.upper()}"


def _summary(report: PreflightReport) -> str:
    ink = report.ink
    level = report.profile if report.profile == report.standard else f"{report.profile} ({report.standard})"
    parts = [f"profile {level}", f"{report.pages} page(s)",
             f"{report.errors} error(s)", f"{report.warnings} warning(s)"]
    if "max" in ink:
        parts.append(f"composited ink up to {ink['max']:g} % (page {ink['max_page']}, {ink['dpi']:g} dpi)")
    if report.damaged:
        parts.append("the file is damaged")
    return ", ".join(parts)


def _html(report: PreflightReport, pdf_path: str, thumbs: dict[int, Image.Image]) -> str:
    e = html.escape
    rows = []
    for key, rule, title, result, found in results(report):
        rows.append(f'<tr class="{result.split()[0]}"><td>{rule}</td><td><code>{e(key)}</code></td><td>{e(title)}</td>'
                    f"<td>{result}</td><td>{len(found) or ''}</td></tr>")
    items = []
    for i, f in enumerate(report.findings, 1):
        where = f"page {f.page}" if f.page else "document"
        items.append(f'<li class="{f.severity}" value="{i}"><b>{f.severity}</b> {where}, {e(f.object)}: '
                     f"{e(f.message)}{' — <i>' + e(f.fix) + '</i>' if f.fix else ''}</li>")
    figs = [f'<figure><img alt="page {n}" src="data:image/png;base64,{base64.b64encode(_png(im)).decode()}">'
            f"<figcaption>page {n}: the numbers are the findings'</figcaption></figure>" for n, im in thumbs.items()]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(_title(report, pdf_path))}</title>
<style>body{{font:14px sans-serif;margin:2em}} table{{border-collapse:collapse}} td{{padding:2px 8px;
border-bottom:1px solid #ddd}} tr.failed td,li.error b{{color:#c00}} tr.warning td,li.warning b{{color:#a60}}
tr.passed td{{color:#080}}
tr.not td{{color:#888}} figure{{display:inline-block;margin:1em}} img{{border:1px solid #999}}</style></head>
<body><h1>{e(_title(report, pdf_path))}</h1>
<p>{e(_summary(report))}</p>
<h2>Findings</h2><ol>{''.join(items) or '<li>none</li>'}</ol>
<h2>Marked pages</h2>{''.join(figs) or '<p>no finding with a place on a page</p>'}
<h2>Checks</h2><table><tr><th>rule</th><th>check</th><th>what</th><th>result</th><th>findings</th></tr>
{''.join(rows)}</table></body></html>
"""


def _pdf(report: PreflightReport, pdf_path: str, thumbs: dict[int, Image.Image]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(_title(report, pdf_path))
    w, h = A4
    y = h - 50

    def line(text: str, size: float = 9, colour: tuple[float, float, float] = (0, 0, 0)) -> None:
        nonlocal y
        plain = text.translate(_LATIN).encode("latin-1", "replace").decode("latin-1")   # Helvetica: Latin-1 only
        for part in textwrap.wrap(plain, int((w - 80) / (size * 0.5))) or [""]:
            if y < 50:
                c.showPage()
                y = h - 50
            c.setFillColorRGB(*colour)
            c.setFont("Helvetica", size)
            c.drawString(40, y, part)
            y -= size + 4

    line(_title(report, pdf_path), 14)
    line(_summary(report))
    line("")
    line("Findings", 12)
    colours = {"error": (0.8, 0, 0), "warning": (0.65, 0.4, 0), "note": (0.3, 0.3, 0.3)}
    for i, f in enumerate(report.findings, 1):
        line(f"{i}. {f}", 8, colours[f.severity])
    for n, im in thumbs.items():
        scale = min(1.0, (w - 80) / im.width, (h - 120) / im.height)
        if y - im.height * scale < 50:
            c.showPage()
            y = h - 50
        line(f"page {n} (the numbers are the findings')", 10)
        c.drawImage(ImageReader(im), 40, y - im.height * scale, im.width * scale, im.height * scale)
        y -= im.height * scale + 12
    line("")
    line("Checks", 12)
    for key, rule, title, result, found in results(report):
        colour = {"failed": (0.8, 0, 0), "warning": (0.65, 0.4, 0), "passed": (0, 0.5, 0)}.get(result, (0.5, 0.5, 0.5))
        line(f"rule {rule}  {key}: {title} — {result}{f' ({len(found)})' if found else ''}", 8, colour)
    c.save()
    return buf.getvalue()
