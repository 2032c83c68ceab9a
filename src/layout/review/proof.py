"""`layout proof`: a proof set per revision — RGB proof PDF with a slug, a 「校样」 stamp, overset
and `layout check` errors marked in red, a missing photo as a marked placeholder; one PNG a page;
a contact sheet; layout.json.

Kept in build/<edition>/revs/<rev>/ so any two revisions can be compared later without
re-running layout (`diff.py` reads what is stored here).
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from ..atomic import OutputError, publish_folder, staging_folder, write_atomic
from ..cachedir import cache_dir
from ..model.manifest import load_edition
from ..model.model import Edition
from ..model.units import Rect, mm
from ..output.layout_json import layout_json
from ..output.paint import paint
from ..output.pdfx import print_spec
from ..output.render_pdf import render_pdf
from ..pages.assets import MissingPhoto, missing_photos
from ..pages.compose import compose
from ..pages.geometry import ASCENT, place_line
from ..pages.parts import mark
from ..pages.placed import LineKind, PlacedEdition, PlacedPage, SetLine
from ..pages.typeset import Typesetter
from ..text.fonts import FontSet
from ..text.sources import load_fonts
from .check import Finding, check
from .raster import contact_sheet, render_each, thumb
from .variants import label_font

SLUG = mm(12)           # strip under the trim for the slug and the stamp


@dataclass(frozen=True)
class ProofResult:
    rev: str
    folder: Path
    pdf: Path
    pngs: tuple[Path, ...]
    contact: Path
    json: Path
    errors: int
    overset: int
    missing: tuple[MissingPhoto, ...] = ()     # photos without their files, set as placeholders
    existing: bool = False                     # the same content was proofed before: that revision, untouched


class RevisionExists(OutputError):
    """--rev names a revision that holds other content: a revision is never overwritten."""


def revs_dir(root: str | Path, edition_id: str) -> Path:
    return Path(root) / edition_id / "revs"


def make_proof(edition_dir: str, rev: str | None = None, dpi: float = 100.0, watermark: bool = True,
               root: str = "build", now: datetime | None = None) -> ProofResult:
    ed = load_edition(edition_dir)
    fonts = load_fonts(ed)
    composed = compose(ed, fonts)
    rev = rev or ed.content_hash[:10]
    final = revs_dir(root, ed.id) / rev
    same = _same_content(final, ed.content_hash)
    if same is not None:
        return same
    folder = staging_folder(final)               # every file is written here, then the folder moves in whole
    try:
        got = _write_proof(ed, fonts, composed, rev, folder, dpi, watermark, root, now)
        publish_folder(folder, final)
    finally:
        if folder.exists():
            shutil.rmtree(folder)
    return replace(got, folder=final, pdf=final / got.pdf.name, pngs=tuple(final / p.name for p in got.pngs),
                   contact=final / got.contact.name, json=final / got.json.name)


def _write_proof(ed: Edition, fonts: FontSet, composed: PlacedEdition, rev: str, folder: Path, dpi: float,
                 watermark: bool, root: str, now: datetime | None) -> ProofResult:
    pdf_path, json_path = folder / f"{ed.id}.pdf", folder / "layout.json"
    data = layout_json(ed, composed, fonts, pdf_path.name)
    report = check(json.loads(data))
    moment = now or datetime.now(UTC)
    when = moment.astimezone().strftime("%Y-%m-%d %H:%M")
    ts = Typesetter(fonts, ed.template)
    slug = f"{ed.paper}　{ed.id}　修订 {rev}　{when}　{ed.content_hash[:12]}"
    pages = [decorate(p, ts, f"第{p.number}版　{slug}", report.findings, watermark) for p in composed.pages]
    pdf = render_pdf(paint(pages, composed.faces), print_spec(ed, "none"), str(cache_dir("images")))
    write_atomic(pdf_path, pdf)
    write_atomic(json_path, data)
    pngs, images = [], []
    for page, im in zip(pages, render_each(pdf_path, dpi), strict=True):     # one page in memory at a time
        png = folder / f"page-{page.number:02d}.png"
        _save_png(im, png)
        pngs.append(png)
        images.append(thumb(im))
    contact = folder / "contact.png"
    _save_png(contact_sheet(images, [f"第{p.number}版" for p in pages], font=label_font(fonts, "第版0123456789", 28)),
              contact)
    overset = sum(f.overset_chars for f in composed.fits)
    missing = tuple(missing_photos(ed, composed))
    meta = {"rev": rev, "edition": ed.id, "built": when, "created": moment.astimezone(UTC).isoformat(),
            "seq": _next_seq(root, ed.id), "content_hash": ed.content_hash, "dpi": dpi,
            "pages": [p.number for p in pages], "errors": report.errors, "overset_chars": overset,
            "missing_photos": [m.id for m in missing]}
    write_atomic(folder / "meta.json", json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
    return ProofResult(rev, folder, pdf_path, tuple(pngs), contact, json_path, report.errors, overset, missing)


def _save_png(im, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(tmp, "PNG", optimize=False)
    os.replace(tmp, path)


def decorate(page: PlacedPage, ts: Typesetter, slug: str, findings: list[Finding], stamp: bool) -> PlacedPage:
    """The proof page: the slug strip under the trim, the stamp, red marks on rule errors."""
    lines: list[SetLine] = []
    marks = []
    small = ts.template.style("folio")
    base = page.height + SLUG / 2 + ASCENT * small.size / 2
    for ln in ts.lines([ts.span(slug, small)], page.width * 0.75, "proof slug", "left")[1][:1]:
        lines.append(place_line(ln, page.type_area.x, base, None, story="", kind=LineKind.SLUG, para=-1, block="slug",
                                style_name="folio", style=small))
    if stamp:
        big = replace(ts.template.style("subhead"), fill="proof")
        for ln in ts.lines([ts.span("校样", big)._replace(fill="proof")], page.width, "proof stamp", "left")[1][:1]:
            lines.append(place_line(ln, page.type_area.right - ln.set_width,
                                    page.height + SLUG / 2 + ASCENT * big.size / 2, None, story="",
                                    kind=LineKind.SLUG, para=-1, block="slug", style_name="subhead", style=big))
    label = ts.template.style("jump")
    legend: dict[int, str] = {}
    for f in findings:
        if f.severity != "error" or f.page != page.number:
            continue
        hit = next((x for x in page.lines if x.story == f.story and x.column == f.column - 1
                    and x.grid_line == f.line - 1), None)
        if hit is None:
            continue
        legend.setdefault(f.rule, f.message)
        top = hit.y - ASCENT * hit.size
        marks.append(mark(Rect(hit.x - 1, top - 1, hit.width + 2, hit.size + 2), "proof", 0.8, "check"))
        for got in ts.lines([ts.span(f"规则{f.rule}", label)._replace(fill="proof")], hit.width, "check mark",
                            "right")[1][:1]:
            lines.append(place_line(got, hit.x, top - 1.5, None, story="", kind=LineKind.SLUG, para=-1, block="check",
                                    style_name="jump", style=label))
    if legend:                                  # what each 「规则N」 mark means, under the slug
        text = "红框：" + "；".join(f"规则{r} {m if len(m) <= 60 else m[:59] + '…'}" for r, m in sorted(legend.items()))
        for ln in ts.lines([ts.span(text, small)], page.width * 0.75, "proof legend", "left")[1][:1]:
            lines.append(place_line(ln, page.type_area.x, base + small.size * 1.4, None, story="", kind=LineKind.SLUG,
                                    para=-1, block="slug", style_name="folio", style=small))
    return replace(page, height=page.height + SLUG, lines=page.lines + tuple(lines),
                   decorations=page.decorations + tuple(marks))


def _same_content(folder: Path, content_hash: str) -> ProofResult | None:
    """The revision already in `folder` when it holds this content (reported, not rewritten); an error when
    it holds other content."""
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError:
        meta = {}
    if meta.get("content_hash") != content_hash:
        raise RevisionExists(f"{folder}: revision {folder.name!r} already holds other content (proofed "
                             f"{meta.get('built', '?')}); a revision is never overwritten: give another --rev, "
                             f"or leave --rev out to name it by its content")
    pdf = next(iter(sorted(folder.glob("*.pdf"))), folder / "missing.pdf")
    return ProofResult(folder.name, folder, pdf, tuple(sorted(folder.glob("page-*.png"))), folder / "contact.png",
                       folder / "layout.json", int(meta.get("errors", 0)), int(meta.get("overset_chars", 0)),
                       existing=True)


def _next_seq(root: str | Path, edition_id: str) -> int:
    """One more than the highest proof counter of the edition: the order revisions were made in."""
    return 1 + max((int(m.get("seq", 0)) for m in list_revs(root, edition_id)), default=0)


def list_revs(root: str | Path, edition_id: str) -> list[dict]:
    """Oldest first: by the proof counter, then the full creation time (older proofs have neither)."""
    out = []
    for meta in sorted(revs_dir(root, edition_id).glob("*/meta.json")):
        try:
            out.append(json.loads(meta.read_text(encoding="utf-8")))
        except ValueError:
            continue
    return sorted(out, key=lambda m: (int(m.get("seq", 0)), m.get("created", ""), m.get("built", ""),
                                      m.get("rev", "")))
