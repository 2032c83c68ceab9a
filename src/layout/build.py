"""Manifest → PDF + layout.json, written atomically. The one entry point the CLI and tests use."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .atomic import OutputError, check_targets, write_atomic, write_together  # noqa: F401  (write_atomic re-exported)
from .cachedir import cache_dir
from .model.manifest import load_edition
from .model.model import Edition, PageSpec
from .model.paths import LOCAL_FONTS, REPO  # noqa: F401  (re-exported for scripts and tests)
from .output import parallel
from .output.display import DisplayPage
from .output.layout_json import FORMAT, PageDicts, layout_json
from .output.paint import paint
from .output.pdfx import PrintSpec, print_spec
from .output.render_pdf import PageMemo, render_pdf
from .pages.assets import MissingPhoto, format_missing, missing_photos, missing_warning, supply_hint
from .pages.compose import compose
from .pages.pagerules import OVERSET, RESOLUTION, Fault, PageLimits, page_faults
from .pages.placed import Fit, PlacedEdition
from .pages.state import Shared
from .text.fonts import FontSet
from .text.sources import font_search_dirs, load_fonts  # noqa: F401  (re-exported)


class ResolutionError(Exception):
    """Photos below the minimum effective resolution: the press would print them soft."""


class MissingPhotoError(Exception):
    """Photos without their files: a print file needs every one. Carries the list."""

    def __init__(self, missing: list[MissingPhoto], pdfx: str):
        self.missing = missing
        n = len(missing)
        standard = {"1a": "PDF/X-1a", "4": "PDF/X-4"}.get(pdfx, f"PDF/X-{pdfx}")
        super().__init__(f"{n} photo{'s' if n != 1 else ''} missing: a print file ({standard}) needs every photo; "
                         f"nothing was written:\n{format_missing(missing)}\n{supply_hint(missing)}\n"
                         "(`layout proof` and `layout build --pdfx none` set marked placeholders meanwhile)")


class OversetError(Exception):
    """Text that does not fit. Carries the fits so the CLI can print the copyfit report."""

    def __init__(self, fits: tuple[Fit, ...]):
        self.fits = fits
        super().__init__("\n".join(describe_fit(f) for f in fits))


def describe_fit(f: Fit) -> str:
    if f.overset_chars or f.overset_lines:
        what = f"{f.overset_chars} characters" if f.overset_chars else ""
        lines = f"{f.overset_lines} lines" if f.overset_lines else ""
        amount = " / ".join(x for x in (what, lines) if x)
        return f"overset: {f.part} {f.ref!r} (page {f.page}): {amount} over — {f.hint}"
    return f"underset: {f.part} {f.ref!r} (page {f.page}): {f.underset_lines} empty lines — {f.hint}"


@dataclass
class BuildResult:
    edition: Edition
    composed: PlacedEdition
    pdf: Path
    json: Path
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class PageRuleError(ResolutionError):
    """A page breaks a hard page rule (docs/rules.md §10): overlapping blocks, a block off the grid, a photo
    cropped too far, a caption away from its picture, and a soft photo too. A ResolutionError, so whatever
    reports a soft photo (the CLI: the message, exit 1) reports these alike."""


def check_images(ed: Edition, composed: PlacedEdition) -> list[str]:
    """Every page against the page rules (§10), placed by hand or automatically alike: errors fail the
    build (ResolutionError when they are all resolution, else PageRuleError), warnings come back.
    Overset is OversetError's business (and `--allow-overset` lets it through), so rule 28 is not here."""
    templates = {spec.number: spec.template or ed.template for spec in ed.pages}
    errors: list[Fault] = []
    warnings: list[Fault] = []
    for page in composed.pages:
        limits = PageLimits.of(templates.get(page.number, ed.template))
        for f in page_faults(page, composed.fits, limits):
            if f.rule != OVERSET:
                (errors if f.severity == "error" else warnings).append(f)
    if errors:
        text = "\n".join(f"{f.message} (rule {f.rule})" for f in errors)
        text += "".join(_auto_hint(ed, spec) for spec in ed.pages
                        if spec.auto is not None and any(f.page == spec.number for f in errors))
        raise ResolutionError(text) if all(f.rule == RESOLUTION for f in errors) else PageRuleError(text)
    return [f"warning: {f.message} (rule {f.rule})" for f in warnings]


def _auto_hint(ed: Edition, spec: PageSpec) -> str:
    """What to do when an automatic page breaks a page rule: its blocks are the search's, not the user's, and it
    took the least bad arrangement there was (a rule broken weighed less than lines of text over)."""
    a = spec.auto
    assert a is not None
    items = len(a.stories) + len(a.photos) + len(a.chronicles)
    return (f"\npage {spec.number} is placed automatically and no arrangement of its {items} items keeps every page "
            f"rule with all the text: move a photo to another page (or out of the edition), give the page fewer "
            f"stories, cut the copy, allow more cropping (`makeup.max_crop` in the template), or write the page out as "
            f"blocks to place by hand (`layout place {ed.base_dir} --page {spec.number}`); "
            f"`layout variants {ed.base_dir} --page {spec.number}` shows the arrangements it weighed")


class LineOverflowError(PageRuleError):
    """A line wider than its column: characters with no legal break between them (300 full-width commas, a
    long Latin word). `layout check` would flag the PDF (rule 6); the build refuses it first."""


def overflowing_lines(composed: PlacedEdition) -> list[str]:
    """Lines whose text runs past their measure by more than one hanging mark (an em): what rule 6 of
    `layout check` rejects, named by story, paragraph and place, with what to do."""
    out = []
    for page in composed.pages:
        for ln in page.lines:
            over = ln.indent + ln.set_width - ln.width
            if ln.kind != "overset" and over > ln.size + 0.01:
                where = f"story {ln.story!r}, paragraph {ln.para + 1}" if ln.story else "page furniture"
                sample = ln.text if len(ln.text) <= 20 else ln.text[:20] + "…"
                out.append(f"{where} (page {page.number}, column {ln.column + 1}, line {ln.grid_line + 1}): "
                           f"«{sample}» ({len(ln.text)} characters) has no place where the line may break and runs "
                           f"{over:.0f} pt past the column edge; break the run up (e.g. fewer repeated "
                           "punctuation marks, a space in a long Latin word)")
    return out


_JSON_HEAD, _JSON_MARKS = b'{"composition":{', (f',"format":"{FORMAT}",'.encode(), b',"pages":[')
"""How every layout.json begins (sorted keys: composition first, pages last), the format it names, its pages
(a quote inside a JSON string is escaped, so these occur nowhere else)."""


def check_output(path: Path, data: bytes) -> None:
    """What a build writes, read back before it replaces the old pair (write_together has compared the bytes with
    what was made): a whole PDF, a whole layout.json naming its format, from its first key to the end of its
    pages. Anything else is our fault, not the user's: nothing is replaced. (Not parsed again: a JSON encoder
    made it from a dict, and re-reading 3 MB of 32 pages cost 0.03–0.09 s of every build.)"""
    if path.suffix == ".pdf":
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise OutputError(f"{path}: the PDF written is incomplete; the old files are kept")
    elif path.suffix == ".json":
        if not (data.startswith(_JSON_HEAD) and data.endswith(b"]}") and all(m in data for m in _JSON_MARKS)):
            raise OutputError(f"{path}: the layout.json written does not read back; the old files are kept")


class Reuse(Protocol):
    """What a long-lived caller keeps between builds of one edition (rebuild.Rebuilder, which says how): the
    fonts, measured and broken paragraphs, and pages equal to the last build's with what was made of them."""
    render_memo: PageMemo
    json_memo: PageDicts

    def fonts(self, ed: Edition) -> tuple[Edition, FontSet]: ...
    @property
    def shared(self) -> Shared: ...
    def composed(self, placed: PlacedEdition) -> PlacedEdition: ...
    def paint(self, placed: PlacedEdition) -> list[DisplayPage]: ...


def _in_parallel(display: list[DisplayPage], composed: PlacedEdition, spec: PrintSpec) -> tuple[
        PageMemo | None, PageDicts | None]:
    """Long editions: pages drawn and written out by worker processes (output/parallel.py), else nothing."""
    n = parallel.jobs(len(display))
    return parallel.draw_pages(display, composed, spec, str(cache_dir("images")), n) if n > 1 else (None, None)


def build(edition_dir: str, out_dir: str | None = None, allow_overset: bool = False,
          pdfx: str | None = None, reuse: Reuse | None = None) -> BuildResult:
    """Build the print file (PDF/X-1a by default; `pdfx` "4" or "none" for X-4 or a plain proof). With `reuse`
    (a Rebuilder) what is unchanged since its last build is not made again; the bytes are the same."""
    t0 = time.perf_counter()
    ed = load_edition(edition_dir)
    out = Path(out_dir) if out_dir else Path("build") / ed.id
    pdf_path, json_path = out / f"{ed.id}.pdf", out / "layout.json"
    check_targets(pdf_path, json_path)                  # a bad -o is reported before the work, not after
    if reuse is None:
        fonts = load_fonts(ed)
    else:
        ed, fonts = reuse.fonts(ed)
    t1 = time.perf_counter()
    composed = compose(ed, fonts, reuse.shared if reuse else None)
    if reuse is not None:
        composed = reuse.composed(composed)
    t2 = time.perf_counter()
    if composed.overset and not allow_overset:
        raise OversetError(composed.overset)
    spec = print_spec(ed, pdfx)
    missing = missing_photos(ed, composed)
    if missing and spec.pdfx != "none":                 # a print file needs every photo: refused, nothing written
        raise MissingPhotoError(missing, spec.pdfx)
    overflow = overflowing_lines(composed)
    if overflow:
        raise LineOverflowError("a line does not fit its column; nothing was written:\n" + "\n".join(overflow))
    warnings = check_images(ed, composed)
    if missing:
        warnings.insert(0, missing_warning(missing))
    display = paint(composed.pages, composed.faces) if reuse is None else reuse.paint(composed)
    streams, entries = (reuse.render_memo, reuse.json_memo) if reuse else _in_parallel(display, composed, spec)
    pdf = render_pdf(display, spec, str(cache_dir("images")), streams)
    t3 = time.perf_counter()
    data = layout_json(ed, composed, fonts, pdf_path.name, entries)
    write_together({pdf_path: pdf, json_path: data}, check=check_output)
    t4 = time.perf_counter()
    return BuildResult(ed, composed, pdf_path, json_path,
                       {"load": t1 - t0, "compose": t2 - t1, "pdf": t3 - t2, "write": t4 - t3, "total": t4 - t0},
                       warnings)
