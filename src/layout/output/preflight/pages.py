"""Page geometry: rule 22 — boxes, trim size, page scaling, CropBox, one page size, annotations, empty pages.

The plant trims and imposes by the TrimBox; a UserUnit or a CropBox changes what a RIP images,
and a page set of mixed sizes cannot be imposed on one plate layout.
"""
from __future__ import annotations

from pikepdf import Array, Dictionary

from ..pdfread import box_within, read_box
from ..pdfwalk import inherited
from .model import Box, Run

_MM = 25.4 / 72


def fmt(box: tuple) -> str:
    return "[" + " ".join(f"{v:g}" for v in box) + "]"


def trim_of(page: Dictionary) -> Box | None:
    return read_box(page.get("/TrimBox")) or read_box(page.get("/ArtBox"))


def boxes(run: Run, page: Dictionary) -> None:
    """TrimBox ⊆ BleedBox ⊆ MediaBox; no scaling, no CropBox cutting the trim, no annotation on the page."""
    media = read_box(inherited(page, "/MediaBox"))
    if media is None:
        run.add(22, "error", "page boxes", "no valid MediaBox", check="page.boxes", fix="export again")
        return
    trim, art = read_box(page.get("/TrimBox")), read_box(page.get("/ArtBox"))
    bleed = read_box(page.get("/BleedBox")) or read_box(inherited(page, "/CropBox")) or media
    fix = "export with the trim (page) size set as TrimBox"
    if trim is None and art is None:
        run.add(22, "error", "page boxes", "no TrimBox (or ArtBox)", check="page.trimbox", fix=fix)
    elif trim is not None and art is not None:
        run.add(22, "warning", "page boxes", "both TrimBox and ArtBox (PDF/X wants one)", check="page.trimbox",
                fix="keep the TrimBox only")
    box = trim or art
    if box is not None and not box_within(box, bleed):
        run.add(22, "error", "page boxes", f"{'TrimBox' if trim else 'ArtBox'} {fmt(box)} not inside "
                f"BleedBox {fmt(bleed)}", check="page.boxes", fix=fix)
    if not box_within(bleed, media):
        run.add(22, "error", "page boxes", f"BleedBox {fmt(bleed)} not inside MediaBox {fmt(media)}",
                check="page.boxes", fix=fix)
    _scaling(run, page)
    _cropbox(run, page, media, box)
    want = run.profile.trim_mm
    if box is not None and want is not None:
        w, h = (box[2] - box[0]) * _MM, (box[3] - box[1]) * _MM
        if abs(w - want[0]) > 0.5 or abs(h - want[1]) > 0.5:
            run.add(22, "error", "page boxes", f"trim {w:.1f} × {h:.1f} mm, expected {want[0]:g} × {want[1]:g} mm "
                    "(± 0.5)", check="page.size", fix="set the document size to the ordered trim size")
    _annotations(run, page, box or bleed)


def _scaling(run: Run, page: Dictionary) -> None:
    unit = page.get("/UserUnit")
    try:
        scale = float(unit) if unit is not None else 1.0
    except (TypeError, ValueError):
        scale = 0.0
    if abs(scale - 1.0) > 1e-6:
        run.add(22, "error", "page", f"page scaling UserUnit {unit}: the page is {scale:g} × its stated size and "
                "RIPs that ignore UserUnit print it at the wrong size", check="page.scaling",
                fix="export at 100 % (real size, no UserUnit)")


def _cropbox(run: Run, page: Dictionary, media: Box, trim: Box | None) -> None:
    crop = read_box(inherited(page, "/CropBox"))
    if crop is None or all(abs(a - b) < 0.01 for a, b in zip(crop, media, strict=True)):
        return
    if trim is not None and not box_within(trim, crop):
        run.add(22, "error", "page boxes", f"CropBox {fmt(crop)} cuts into the TrimBox {fmt(trim)}: viewers and "
                "some RIPs show only the CropBox", check="page.cropbox", fix="remove the CropBox (or make it the "
                "MediaBox)", bbox=trim)
    else:
        run.add(22, "warning", "page boxes", f"CropBox {fmt(crop)} differs from the MediaBox {fmt(media)}",
                check="page.cropbox", fix="remove the CropBox (or make it the MediaBox)")


def _annotations(run: Run, page: Dictionary, area: Box) -> None:
    """Annotations inside the printed area: a RIP may print them or drop them; PDF/X allows only marks outside."""
    annots = page.get("/Annots")
    for annot in annots if isinstance(annots, Array) else []:
        rect = read_box(annot.get("/Rect")) if isinstance(annot, Dictionary) else None
        kind = str(annot.get("/Subtype", "/?")) if rect else ""
        if rect and kind not in ("/PrinterMark", "/TrapNet") and rect[0] < area[2] and rect[2] > area[0] \
                and rect[1] < area[3] and rect[3] > area[1]:
            run.add(22, "error", f"annotation {kind}", f"annotation {kind[1:]} inside the trim at {fmt(rect)}: a RIP "
                    "may print it or drop it", check="page.annotation", fix="delete the annotation (comments, "
                    "links, form fields) or flatten it into the page", bbox=rect)


def page_set(run: Run) -> None:
    """After all pages: one trim size for the whole file, the page count an ad may have."""
    sizes: dict[tuple[float, float], list[int]] = {}
    for n, page in enumerate(run.pdf.pages, 1):
        box = trim_of(page.obj) or read_box(inherited(page.obj, "/MediaBox"))
        if box is not None:
            sizes.setdefault((round((box[2] - box[0]) * _MM), round((box[3] - box[1]) * _MM)), []).append(n)
    if len(sizes) > 1 and run.profile.trim_mm is None:
        ranked = sorted(sizes.items(), key=lambda kv: -len(kv[1]))
        odd = "; ".join(f"{w:g} × {h:g} mm on page(s) {', '.join(map(str, pages[:8]))}" for (w, h), pages in ranked[1:])
        (w, h) = ranked[0][0]
        run.add(22, "error" if run.profile.gwg else "warning", "page set", f"mixed page sizes: {w:g} × {h:g} mm on "
                f"{len(ranked[0][1])} page(s), but {odd}", check="page.mixed",
                fix="export every page at the ordered trim size (or check with --trim WxH)")
    if run.profile.max_pages and len(run.pdf.pages) > run.profile.max_pages:
        run.add(22, "error", "page set", f"{len(run.pdf.pages)} pages, an advertisement file has "
                f"{run.profile.max_pages}", check="page.count", fix="send one file per advertisement")


def empty(run: Run) -> None:
    """A page that paints nothing: a layout slip, or content lost in export."""
    if run.painted == 0:
        run.add(22, "warning", "page", "empty page: nothing is painted", check="page.empty",
                fix="check the export: remove the page or place its content")


def single_image(run: Run, page: Dictionary) -> None:
    """GWG: a page that is one picture and nothing else is a scan or a flattened page — its type prints soft."""
    trim = trim_of(page) or read_box(inherited(page, "/MediaBox"))
    if run.painted != 1 or len(run.images) != 1 or trim is None:
        return
    x0, y0, x1, y1 = run.images[0]
    cover = max(0.0, min(x1, trim[2]) - max(x0, trim[0])) * max(0.0, min(y1, trim[3]) - max(y0, trim[1]))
    if cover >= 0.9 * (trim[2] - trim[0]) * (trim[3] - trim[1]):
        run.add(22, "warning", "page", "single image page: the whole page is one picture (a scan or a flattened "
                "page), so its text and rules print as pixels", check="page.single_image",
                fix="export the page with its text and vector graphics kept, not as an image", bbox=run.images[0])
