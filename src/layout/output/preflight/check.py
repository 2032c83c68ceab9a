"""The preflight run: open the file, choose the profile, start the ink render, check everything, collect.

What each family checks is in its own module; this one decides the order, the profile (--profile, else the
template's choice recorded in the file, else the file's claim) and what a damaged file stops.
"""
from __future__ import annotations

import os
from typing import Any

import pikepdf

from ..pdfread import read_box, read_xmp
from ..pdfwalk import ContentError
from . import content, document, ink, pages
from .document import claimed, info_dict
from .model import Finding, PreflightError, PreflightReport, Run
from .profiles import PROFILES, X1A_2001, X1A_2003, X4, Profile, for_claim, lookup

TEMPLATE_KEY = "/LayoutPreflight"
"""Info key where `layout build` records the template's preflight profile (`output.preflight`): the default
profile for the project's own files, used when --profile is auto."""


def preflight(path: str, profile: str = "auto", *, tac: float | None = None, tac_warn: float | None = None,
              min_ppi: float | None = None, warn_ppi: float | None = None, max_ppi: float | None = None,
              hairline: float | None = None, trim_mm: tuple[float, float] | None = None,
              composite: bool = True) -> PreflightReport:
    """Check one PDF. `profile`: auto (the file's claim), x1a, x1a:2003, x4, gwg-news, gwg-newsads.

    Raises PreflightError when the file cannot be checked at all (missing, not a PDF, unknown profile).
    """
    try:
        key = lookup(profile)
    except ValueError as exc:
        raise PreflightError(str(exc)) from None
    if not os.path.isfile(path):
        raise PreflightError(f"{path}: no such file")
    limits: dict[str, Any] = dict(tac=tac, tac_warn=tac_warn, min_ppi=min_ppi, warn_ppi=warn_ppi, max_ppi=max_ppi,
                                  hairline=hairline, trim_mm=trim_mm)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        prof = (PROFILES["x1a"] if key == "auto" else PROFILES[key]).with_limits(**limits)
        return PreflightReport(prof.base or X4, [Finding(16, "error", 0, "document", "encrypted with a user "
                               "password; nothing else can be checked", "document.encrypted",
                               "export without security settings")], 0, prof.name)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        why = str(exc).removeprefix(f"{path}: ")
        raise PreflightError(f"{path}: the file is damaged (or not a PDF) and cannot be read: {why}; "
                             f"{document.RESEND}", damaged=True) from None
    with pdf:
        return _check(pdf, path, key, limits, composite)


def _choose(pdf: pikepdf.Pdf, key: str, claim: str | None) -> Profile:
    if key == "auto":
        wanted = document.text(info_dict(pdf).get(TEMPLATE_KEY))
        key = lookup(wanted) if wanted and wanted.lower() in PROFILES else "auto"
    return for_claim(claim) if key == "auto" else PROFILES[key]


def _check(pdf: pikepdf.Pdf, path: str, key: str, limits: dict[str, Any], composite: bool) -> PreflightReport:
    xmp = read_xmp(pdf)
    claim = claimed(pdf, xmp)
    prof = _choose(pdf, key, claim).with_limits(**limits)
    std = prof.base or (claim if claim in (X1A_2001, X1A_2003, X4) else X4)
    run = Run(pdf, prof, std)
    media = [read_box(p.obj.get("/MediaBox")) or read_box(p.mediabox) or (0, 0, 612, 792) for p in pdf.pages]
    report = PreflightReport(std, run.findings, len(pdf.pages), prof.name, page_sizes=list(media))
    broken = document.damage(pdf, path)
    if broken:
        report.damaged = True
        run.add(16, "error", "file structure", f"the file is damaged: {'; '.join(broken[:3])}", check="document."
                "damaged", fix=document.RESEND)
        return report
    render = ink.start(path, len(pdf.pages)) if composite and pdf.pages else None
    try:
        _objects(run, report, xmp)
        late = document.repairs(pdf, path)      # what qpdf had to guess while the checks read the objects
        if late and not report.damaged:
            report.damaged = True
            run.page = 0
            run.add(16, "error", "file structure", f"the file is damaged: {'; '.join(late[:3])}",
                    check="document.damaged", fix=document.RESEND)
        if render is not None and not report.damaged:
            _composite(run, report, render, media)
    finally:
        if render is not None:
            ink.cancel(render)                  # stops Ghostscript if the checks ended early; else a no-op
    run.page = 0
    return report


def _objects(run: Run, report: PreflightReport, xmp: dict[str, str]) -> None:
    """The document and every page, object by object (the fast pass); a structure that breaks it is damage."""
    pdf = run.pdf
    try:
        intent = document.output_intent(run, xmp)
        document.document(run)
        document.info(run, xmp)
        for run.page, page in enumerate(pdf.pages, 1):
            run.painted, run.images = 0, []
            pages.boxes(run, page.obj)
            content.content(run, page.obj, intent)
            pages.empty(run)
            pages.single_image(run, page.obj)
        run.page = 0
        pages.page_set(run)
        content.unused_fonts(run)
    except ContentError as exc:
        report.damaged = True
        run.add(16, "error", "content stream", f"the file is damaged: {exc}", check="document.damaged",
                fix=document.RESEND)
    except (pikepdf.PdfError, RecursionError, TypeError, ValueError, KeyError, AttributeError, IndexError,
            ZeroDivisionError, OverflowError, UnicodeError) as exc:
        report.damaged = True
        run.add(16, "error", "file structure", f"the file is damaged: {type(exc).__name__}: {exc}",
                check="document.damaged", fix=document.RESEND)


def _composite(run: Run, report: PreflightReport, render: ink.Render, media: list) -> None:
    prof = run.profile
    trims = [pages.trim_of(p.obj) for p in run.pdf.pages]
    errors, warns, peaks, problem = ink.finish(render, media, trims, prof.tac, prof.tac_warn, prof.tac_area)
    if problem:
        run.page = 0
        run.add(23, "warning", "composited page", f"composited ink not measured: {problem}",
                check="ink.composite", fix="install Ghostscript (make setup) and check again")
    if peaks:
        top = max(peaks, key=lambda n: peaks[n])
        report.ink = {"dpi": ink.DPI, "max": round(peaks[top], 1), "max_page": top,
                      "pages": {str(n): round(v, 1) for n, v in sorted(peaks.items())}}
    for level, areas, limit in (("error", errors, prof.tac), ("warning", warns, prof.tac_warn)):
        by_page: dict[int, list[ink.Area]] = {}
        for a in areas:
            by_page.setdefault(a.page, []).append(a)
        for n, found in sorted(by_page.items()):
            worst = found[0]
            more = f"; {len(found) - 1} more area(s) on the page" if len(found) > 1 else ""
            run.page = n
            run.add(23, level, "composited page", f"total ink {worst.peak:.0f} % over {worst.area:.0f} mm² at "
                    f"{worst.x_mm[0]:.0f}–{worst.x_mm[1]:.0f} mm from the trim's left, {worst.y_mm[0]:.0f}–"
                    f"{worst.y_mm[1]:.0f} mm from its top (limit {limit:g} %){more}", check="ink.composite",
                    fix="where objects overlap, knock out instead of overprinting, or lighten what lies under",
                    bbox=worst.box)
            if "worst" not in report.ink or level == "error" and report.ink["worst"]["peak"] < worst.peak:
                report.ink["worst"] = {"page": n, "peak": round(worst.peak, 1), "area_mm2": round(worst.area, 1),
                                       "x_mm": [round(v, 1) for v in worst.x_mm],
                                       "y_mm": [round(v, 1) for v in worst.y_mm], "level": level}
