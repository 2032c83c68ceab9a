"""layout.json: the placed-page model as a file (its reader is layout_read.py).

The contract that `layout check`, tests, proofs and diffs read: per page its geometry,
grid, palette, blocks, pictures, decorations and every set line with where it came from;
and the fit report. `layout.schema.json` beside this module describes every field.
Sorted keys, compact, 0.01 pt, so the same model gives the same bytes.

`layout_read.load_layout` reads it back as frozen typed objects (the classes of `pages/placed.py`).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from ..filedigest import digest
from ..model.model import Edition
from ..model.units import Rect
from ..pages.pagerules import PageLimits
from ..pages.placed import (
    Fit,
    FitPart,
    PlacedEdition,
    PlacedPage,
    SetLine,
)
from ..text.fonts import FontSet
from .made import Made

_Rounded = Made[float, float]
"""A length or size → rounded for layout.json (see _rounding)."""

FORMAT = "layout.json/2"
OLD_FORMATS = ("layout.json/1",)
SCHEMA_PATH = Path(__file__).with_name("layout.schema.json")
MAX_PROBLEMS = 5                 # schema problems named in a LayoutFormatError

__all__ = ["FORMAT", "SCHEMA_PATH", "LayoutFormatError", "EditionInfo", "LayoutDoc", "layout_json", "layout_doc",
           "dump_layout"]


class LayoutFormatError(ValueError):
    """A file that is not a layout.json this version reads: a foreign or old format, or the wrong shape."""

    def __init__(self, source: str, message: str, found: str | None = None):
        self.source = source
        self.found = found                 # the format the file names (None: none)
        self.message = message
        super().__init__(f"{source}: {message}")


@dataclass(frozen=True)
class EditionInfo:
    """Which edition a layout.json is of, and the PDF written beside it."""
    id: str
    paper: str
    date: str
    title: str
    template: str
    style_version: int
    content_hash: str
    pdf: str


@dataclass(frozen=True)
class LayoutDoc:
    """A layout.json read back: the placed pages (set lines without glyph runs, pictures without
    their file path), the fit report and what the edition was built with."""
    format: str
    edition: EditionInfo
    composition: dict[str, Any]
    fonts: tuple[tuple[str, tuple[str, ...]], ...]     # (role, faces), by role
    fits: tuple[Fit, ...]
    pages: tuple[PlacedPage, ...]
    source: str = field(default="", compare=False)     # where it was read from, for messages
    limits: tuple[tuple[int, PageLimits], ...] = ()    # (page number, its template's page-rule limits)

    def page(self, number: int) -> PlacedPage:
        for p in self.pages:
            if p.number == number:
                return p
        raise KeyError(f"{self.source or 'layout.json'}: no page {number}")

    def page_limits(self, number: int) -> PageLimits:
        """What the page rules (26–35) judge page `number` by: its template's limits, the defaults for a
        file that does not record them."""
        return next((lim for n, lim in self.limits if n == number), PageLimits())

    def lines(self) -> Iterator[tuple[PlacedPage, SetLine]]:
        """Every set line of the edition with its page, in page order."""
        for p in self.pages:
            for ln in p.lines:
                yield p, ln


# -- writing ------------------------------------------------------------------------------------

def _sha(path: str) -> str:
    """Which picture this is, so a diff can tell a replaced photo from a moved one (its content digest, which
    follows the file's size and mtime, so a long-lived process — the desk — sees a photo replaced under the
    same name)."""
    return digest(path)[:16]


def layout_doc(ed: Edition, placed: PlacedEdition, fonts: FontSet, pdf_name: str) -> LayoutDoc:
    """The document a build writes: the placed model with the edition's facts, pictures with their digest."""
    info = EditionInfo(ed.id, ed.paper, ed.date, ed.title, ed.template.name, ed.style_version, ed.content_hash,
                       pdf_name)
    composition = {k: v for k, v in ed.composition.__dict__.items() if k != "costs"}
    faces = tuple((role, tuple(names)) for role, names in sorted(fonts.describe().items()))
    pages = tuple(_with_digests(p) for p in placed.pages)
    limits = tuple((spec.number, PageLimits.of(spec.template or ed.template)) for spec in ed.pages)
    return LayoutDoc(FORMAT, info, composition, faces, tuple(placed.fits), pages, limits=limits)


def _with_digests(page: PlacedPage) -> PlacedPage:
    if all(pic.sha for pic in page.pictures):
        return page
    return replace(page, pictures=tuple(pic if pic.sha else pic._replace(sha=_sha(pic.path)) for pic in page.pictures))


PageDicts = dict[int, tuple[PlacedPage, tuple[str, ...], bytes]]
"""id(placed page) → (that page, its pictures' digests, its layout.json entry as JSON): a Rebuilder's memo,
or the pages a parallel build wrote out in its workers (output/parallel.py)."""


def layout_json(ed: Edition, placed: PlacedEdition, fonts: FontSet, pdf_name: str,
                memo: PageDicts | None = None) -> bytes:
    """The layout.json of a placed edition: the same model gives the same bytes. With `memo`, a page seen
    before (the same object, its photos the same files) reuses its entry."""
    doc = layout_doc(ed, placed, fonts, pdf_name)
    if memo is None:
        return dump_layout(doc)
    entries, rounding = [], _rounding()
    for old, page in zip(placed.pages, doc.pages, strict=True):
        shas = tuple(pic.sha for pic in page.pictures)
        got = memo.get(id(old))
        if got is None or got[0] is not old or got[1] != shas:
            got = memo[id(old)] = (old, shas, page_json(page, rounding))
        entries.append(got[2])
    return dump_layout(doc, entries)


def page_json(page: PlacedPage, rounding: tuple[_Rounded, _Rounded] | None = None) -> bytes:
    """One page's entry as JSON (UTF-8), exactly as it stands inside the whole file (sorted keys, compact). Every
    number of it is an integer or rounded to 2 or 4 places (_page_dict), which orjson writes as json does.
    `rounding`: the caches of rounded values the pages of one file share (_rounding; fresh ones otherwise)."""
    return _dumps(_page_dict(page, *(rounding or _rounding())), rounded=True)


def _dumps(data: Any, rounded: bool = False) -> bytes:
    """What json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) writes, UTF-8, made by
    orjson in a tenth of the time (3 MB for 32 pages: 0.05 s). orjson writes a float below 1e-4 and NaN or
    Infinity otherwise (0.00005, 1e-6, null) and refuses an integer beyond 64 bits or a key that is no text:
    where its output could hold one of those (or text that looks like it), json writes the file. `rounded`: every
    float of `data` is rounded to 2 or 4 places, so none but 0.0 is below 1e-4 in size and only null (NaN,
    Infinity) is looked for (the scans for small floats were 3.8 ms of the 32-page edition's 5.4 ms of scans)."""
    try:
        out = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    except TypeError:                                   # orjson.JSONEncodeError is one
        out = b"null"
    if b"null" in out or not rounded and (b"0.0000" in out or _exponent(out)):
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return out


def _exponent(out: bytes) -> bool:
    """Does a digit, e-, a digit stand anywhere (a float as orjson writes one below 1e-5)? Found by searching
    for e- (font names hold it: LayoutSquare-Regular), not by a regular expression over every digit."""
    i = out.find(b"e-")
    while i != -1:
        if out[i - 1:i].isdigit() and out[i + 2:i + 3].isdigit():
            return True
        i = out.find(b"e-", i + 2)
    return False


def dump_layout(doc: LayoutDoc, pages: list[bytes] | None = None) -> bytes:
    """The bytes of a layout.json: sorted keys, compact, lengths to 0.01 pt. The pages are written one by one
    (page_json, or `pages`: the entries of doc.pages as it wrote them) and spliced in where json.dumps would have
    written them: the same bytes, and each page's objects freed before the next is made (5 ms of the 32-page
    edition's 38 ms, against one dump of them all)."""
    data = {
        "format": FORMAT,
        "edition": asdict(doc.edition),
        "composition": doc.composition,
        "fonts": {role: list(names) for role, names in doc.fonts},
        "fits": [_fit_dict(f) for f in doc.fits],
        "pages": _SPLICE,
    }
    if doc.limits:
        data["limits"] = [{"page": n, **asdict(lim)} for n, lim in doc.limits]
    parts = _dumps(data).split(_MARKER)
    assert len(parts) == 2
    rounding = _rounding()
    entries = pages if pages is not None else [page_json(p, rounding) for p in doc.pages]
    return b"".join((parts[0], b"[", b",".join(entries), b"]", parts[1]))


_SPLICE = "\u0000pages\u0000"
_MARKER = json.dumps(_SPLICE).encode()     # no text can write it: a NUL is refused, a backslash doubled


def _rect(r: Rect, r2s: _Rounded) -> list[float]:
    return [r2s[r.x], r2s[r.y], r2s[r.w], r2s[r.h]]


def _page_dict(page: PlacedPage, r2s: _Rounded, ems: _Rounded) -> dict[str, Any]:
    """A page's entry: every length rounded by `r2s` (0.01 pt), every size and colour value by `ems` (four
    places: 7.875 pt is 六号), every other number an integer."""
    g = page.grid
    return {
        "number": page.number,
        "section": page.section,
        "size": [r2s[page.width], r2s[page.height]],
        "trim": _rect(page.trim, r2s),
        "bleed": r2s[page.bleed],
        "type_area": _rect(page.type_area, r2s),
        "grid": {"pitch": r2s[g.pitch], "first_baseline": r2s[g.first_baseline], "lines": g.lines,
                 "body_size": ems[g.body_size], "columns": [[r2s[x], r2s[w]] for x, w in g.columns]},
        "palette": {name: [ems[v] for v in cmyk] for name, cmyk in page.palette},
        "blocks": [{"id": b.id, "kind": b.kind.value, "ref": b.ref, "rect": _rect(b.rect, r2s), "column": b.column,
                    "line": b.line, "span": b.span, "lines": b.lines} for b in page.blocks],
        "images": [{"ref": pic.ref, "frame": _rect(pic.frame, r2s), "crop": [r2s[v] for v in pic.crop],
                    "pixels": [int(v) for v in pic.pixels], "bleed": bool(pic.bleed), "sha": pic.sha or _sha(pic.path)}
                   for pic in page.pictures],
        "lines": [_line_dict(ln, r2s, ems) for ln in page.lines],
        "decorations": [{"kind": d.kind.value, "rect": _rect(d.rect, r2s), "color": d.color,
                         "width": r2s[d.width], "block": d.block, "target": d.target} for d in page.decorations],
    }


def _rounding() -> tuple[_Rounded, _Rounded]:
    """The caches of lengths (0.01 pt, as r2 makes them: no -0.0) and sizes (4 places) for the pages of one
    layout.json, each distinct value rounded once: a page's cells repeat few values (a column of 9 pt characters),
    and round() was a third of writing layout.json. One pair for all the pages of a file, kept no longer: the pages
    share their grid, column measures and character offsets (the 32-page edition's 12,000 values rounded page by
    page are 400 for the whole file; 1,100 with every paragraph's characters shuffled)."""
    return Made(lambda v: round(v + 0.0, 2)), Made(lambda v: round(v + 0.0, 4))


def _line_dict(ln: SetLine, r2s: _Rounded, ems: _Rounded) -> dict[str, Any]:
    """A set line's entry (the hottest loop of writing layout.json): the line unpacked in one step, its keys in
    the order the file has them (orjson's sort then moves none), its cells as tuples (orjson and json write a tuple
    as a list; one allocation, not two): 3 ms of the 32-page edition's 5,568 lines and 63,000 cells. (_value_: the
    kind's value without the enum's property.)"""
    (story, kind, para, start, end, block, column, grid_line, x, y, width, indent, set_width, style, role, size,
     text, last, max_extra, cells, _runs) = ln
    return {
        "block": block, "cells": [(t, r2s[cx], r2s[w]) for t, cx, w in cells], "chars": (start, end),
        "column": column, "grid_line": grid_line, "indent": r2s[indent], "kind": kind._value_, "last": bool(last),
        "max_extra": ems[max_extra], "para": para, "role": role, "set_width": r2s[set_width], "size": ems[size],
        "story": story, "style": style, "text": text, "width": r2s[width], "x": r2s[x], "y": r2s[y],
    }


def _fit_dict(f: Fit) -> dict[str, Any]:
    return {"ref": f.ref, "part": FitPart(f.part).value, "page": f.page, "overset_chars": f.overset_chars,
            "overset_lines": f.overset_lines, "underset_lines": f.underset_lines, "hint": f.hint}
