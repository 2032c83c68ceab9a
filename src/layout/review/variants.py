"""`layout variants` and `layout place`: the alternatives the makeup search finds for an automatic page, and
the hand-over of one of them to the manifest.

`make_variants` writes, per automatic page, the n best distinct placements (pages/compose.page_variants) as
plain RGB proof PDFs of that page alone, a PNG of each and a contact sheet labelled 「方案K 分数S」.
`place_page` writes the chosen placement into edition.yaml as the explicit `blocks:` a hand-placed page has,
in place of the page's `auto:` mapping, every other byte of the file kept (model/yamlio.replace_entry), and
reads the result back before the atomic write: a build of the edited manifest places the page the same way.
"""
from __future__ import annotations

import io
import os
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageFont

from ..atomic import write_atomic
from ..cachedir import cache_dir
from ..model import yamlio
from ..model.manifest import find_manifest, load_edition
from ..model.model import Block, Edition, PageSpec
from ..model.validate import ManifestError
from ..output.paint import paint
from ..output.pdfx import print_spec
from ..output.render_pdf import render_pdf
from ..pages.compose import compose, page_variants
from ..pages.makeup import Variant
from ..pages.placed import FontRef, PlacedPage
from ..pages.state import Shared
from ..text.fonts import FontSet
from ..text.sources import load_fonts
from .raster import contact_sheet, render

LABEL = "方案{k} 分数{score}"


class VariantError(Exception):
    """A page that is not placed automatically, or a variant that is not there: a usage error (exit 2)."""


@dataclass(frozen=True)
class PageVariants:
    page: int
    pinned: int                          # the variant the manifest pins (`auto: variant:`), 1 when it pins none
    variants: tuple[Variant, ...]        # best first
    pdfs: tuple[Path, ...]
    pngs: tuple[Path, ...]
    sheet: Path


@dataclass(frozen=True)
class VariantsResult:
    edition: str
    folder: Path
    pages: tuple[PageVariants, ...]
    timings: dict[str, float]            # search, compose (the variants' pages in full), render (PDF and PNG)


@dataclass(frozen=True)
class PlaceResult:
    manifest: Path
    page: int
    variant: int
    found: int                           # how many distinct placements the search found
    variant_score: float
    blocks: tuple[Block, ...]
    note: str = ""                       # e.g. a pin that asked for more than there is


def auto_pages(ed: Edition, number: int | None = None) -> list[PageSpec]:
    """The automatic pages, or the one numbered `number`; a clear VariantError when there is none."""
    autos = [p for p in ed.pages if p.auto is not None]
    listing = (f"pages: {', '.join(str(p.number) for p in ed.pages)}; placed automatically: "
               f"{', '.join(str(p.number) for p in autos) or 'none'}")
    if number is None:
        if not autos:
            raise VariantError(f"{ed.source}: no page is placed automatically (a page with `auto:`); {listing}")
        return autos
    page = next((p for p in ed.pages if p.number == number), None)
    if page is None:
        raise VariantError(f"{ed.source}: there is no page {number}; {listing}")
    if page.auto is None:
        raise VariantError(f"{ed.source}: page {number} is placed by hand (`blocks:`), not automatically "
                           f"(`auto:`): it has no variants; {listing}")
    return [page]


def placed_page(ed: Edition, page: PageSpec, blocks: tuple[Block, ...], fonts: FontSet) -> PlacedPage:
    """The automatic page composed in full with these blocks, on its own (its content is on no other page)."""
    a = page.auto
    assert a is not None
    alone = replace(ed, stories={k: ed.stories[k] for k in a.stories}, photos={k: ed.photos[k] for k in a.photos},
                    chronicles={k: ed.chronicles[k] for k in a.chronicles},
                    pages=(replace(page, blocks=blocks, auto=None),))
    return compose(alone, fonts).pages[0]


def make_variants(edition_dir: str, page: int | None = None, n: int = 5, out: str | Path | None = None,
                  dpi: float = 100.0) -> VariantsResult:
    """Per automatic page (or page `page`): the n best distinct placements as DIR/page-NN-vK.pdf and .png and a
    contact sheet DIR/page-NN-variants.png. DIR is `out`, default build/<edition>/variants."""
    ed = load_edition(edition_dir)
    pages = auto_pages(ed, page)
    fonts = load_fonts(ed)
    folder = Path(out) if out else Path("build") / ed.id / "variants"
    spec = print_spec(ed, "none")
    faces = tuple(FontRef(f.key.path, f.key.index) for f in fonts.faces)
    timings = {"search": 0.0, "compose": 0.0, "render": 0.0}
    shared = Shared()
    done = []
    for pg in pages:
        assert pg.auto is not None
        t0 = time.perf_counter()
        found = page_variants(ed, pg, fonts, n, shared)
        t1 = time.perf_counter()
        placed = [placed_page(ed, pg, v.blocks, fonts) for v in found]
        t2 = time.perf_counter()
        stem = f"page-{pg.number:02d}"
        pdfs, pngs, images = [], [], []
        for k, p in enumerate(placed, 1):
            pdf = folder / f"{stem}-v{k}.pdf"
            write_atomic(pdf, render_pdf(paint([p], faces), spec, str(cache_dir("images"))))
            im = render(pdf, dpi)[0]
            png = folder / f"{stem}-v{k}.png"
            write_atomic(png, _png(im))
            pdfs.append(pdf)
            pngs.append(png)
            images.append(im)
        sheet = folder / f"{stem}-variants.png"
        labels, font = variant_labels([v.score for v in found], fonts)
        write_atomic(sheet, _png(contact_sheet(images, labels, per_row=min(5, len(images)), font=font)))
        _remove_stale(folder, stem, len(found))
        timings["search"] += t1 - t0
        timings["compose"] += t2 - t1
        timings["render"] += time.perf_counter() - t2
        done.append(PageVariants(pg.number, pg.auto.variant, tuple(found), tuple(pdfs), tuple(pngs), sheet))
    return VariantsResult(ed.id, folder, tuple(done), timings)


def describe(rank: int, v: Variant, built: bool = False) -> str:
    """One line per variant: rank, score, its score terms (those that count), what is over or under."""
    terms = ", ".join(f"{name} {value:g}" for name, value in v.terms if value) or "no penalties"
    fits = [f"{f.part} {f.ref!r} {f.overset_lines} lines over" if f.overset_lines or f.overset_chars
            else f"{f.part} {f.ref!r} {f.underset_lines} empty lines"
            for f in v.fits if f.overset_lines or f.overset_chars or f.underset_lines]
    return (f"  {rank:>2}  score {v.score:<8g} {terms} — {'; '.join(fits) or 'everything fits'}"
            + ("  ← the build uses this one" if built else ""))


def variant_labels(scores: list[float], fonts: FontSet, size: int = 28) -> tuple[list[str], Any]:
    """「方案K 分数S」 for each variant and a face of the edition that has those characters (Pillow's own font has
    no Chinese); `variant K  score S` in Pillow's font when no face of the edition has them all."""
    labels = [LABEL.format(k=k, score=f"{s:g}") for k, s in enumerate(scores, 1)]
    font = label_font(fonts, "".join(labels), size)
    if font is not None:
        return labels, font
    return [f"variant {k}  score {s:g}" for k, s in enumerate(scores, 1)], ImageFont.load_default(size)


def label_font(fonts: FontSet, text: str, size: int) -> Any:
    """The first face of the edition (body role first) with every character of `text`, or None."""
    chars = set(text) - {" "}
    for role in ("body", "headline", *fonts.roles):
        for i in fonts.roles.get(role, ()):
            face = fonts.faces[i]
            if all(face.info(i, ch) is not None for ch in chars):
                try:
                    return ImageFont.truetype(face.key.path, size, index=face.key.index)
                except OSError:
                    continue
    return None


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _remove_stale(folder: Path, stem: str, count: int) -> None:
    """Variant files of an earlier, longer run (page-NN-v7.pdf after a run with -n 5) would read as current."""
    for path in folder.glob(f"{stem}-v*.*"):
        got = re.fullmatch(rf"{re.escape(stem)}-v(\d+)\.(pdf|png)", path.name)
        if got and int(got.group(1)) > count:
            path.unlink(missing_ok=True)


def block_items(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    """Blocks as a hand-placed page writes them: kind: ref, then 1-based column and line, span, lines."""
    items = []
    for b in blocks:
        item: dict[str, Any] = {str(b.kind): b.ref, "column": b.column + 1, "line": b.line + 1, "span": b.span,
                                "lines": b.lines}
        item.update({k: getattr(b, k) for k in ("box", "tint", "bleed") if getattr(b, k)})
        items.append(item)
    return items


def place_page(edition_dir: str, page: int, variant: int | None = None) -> PlaceResult:
    """Write placement `variant` (default: the one the page pins, else the best) of automatic page `page` into the
    manifest as explicit blocks, replacing its `auto:`; comments and every other byte of the file stay."""
    ed = load_edition(edition_dir)
    pg = auto_pages(ed, page)[0]
    assert pg.auto is not None
    manifest = find_manifest(edition_dir)
    fonts = load_fonts(ed)
    k = variant if variant is not None else pg.auto.variant
    found = page_variants(ed, pg, fonts, k)
    note = ""
    if k > len(found):
        if variant is not None:
            raise VariantError(f"page {page} has {len(found)} distinct placement(s): variant {k} is out of range "
                               f"(1–{len(found)}); `layout variants {edition_dir} --page {page}` lists them")
        note = (f"page {page} pins variant {k} but the search finds {len(found)}: the build uses variant "
                f"{len(found)}, and so does this")
        k = len(found)
    chosen = found[k - 1]
    text, data, node = yamlio.load(manifest)
    index = next(i for i, p in enumerate(ed.pages) if p is pg)
    others = [("pages", j, "blocks") for j in range(len(ed.pages)) if j != index]
    style = yamlio.list_style(node, others)
    auto = {key: value for key, value in data["pages"][index]["auto"].items() if key != "variant"}
    try:
        new = yamlio.replace_entry(text, ("pages", index), "auto", "blocks", block_items(chosen.blocks), style,
                                   str(manifest), note=f"layout place: variant {k} of auto: {yamlio.flow(auto)}")
    except ValueError as exc:
        raise VariantError(f"could not write page {page}'s blocks into {manifest}, nothing written: {exc}") from None
    _read_back(manifest, new, index, chosen.blocks)
    with open(manifest, encoding="utf-8", newline="") as f:
        if f.read() != text:
            raise VariantError(f"{manifest} changed while page {page} was placed; nothing written: run it again")
    write_atomic(manifest, new.encode("utf-8"))
    return PlaceResult(manifest, page, k, len(found), chosen.score, chosen.blocks, note)


def _read_back(manifest: Path, text: str, index: int, blocks: tuple[Block, ...]) -> None:
    """Load the edited manifest as the build will (beside the real one, so relative paths hold) and compare."""
    tmp = manifest.with_name(f".{manifest.name}.place.{os.getpid()}.yaml")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        try:
            got = load_edition(str(tmp)).pages[index].blocks
        except ManifestError as exc:
            raise VariantError(f"the placed blocks do not load back; {manifest} not changed:\n{exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    fields = ("kind", "ref", "column", "line", "span", "lines", "box", "tint", "bleed")
    if [[getattr(b, f) for f in fields] for b in got] != [[getattr(b, f) for f in fields] for b in blocks]:
        raise VariantError(f"the placed blocks read back differently; {manifest} not changed")
