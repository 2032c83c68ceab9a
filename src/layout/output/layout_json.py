"""layout.json: every block and every set line with where it came from.

The contract that `layout check`, tests, proofs and diffs read. Sorted keys, 0.01 pt,
so two builds of the same manifest give the same bytes.
"""
from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any, Sequence

from ..model.model import Edition
from ..model.units import r2
from ..pages.blocks import Fit
from ..pages.page import ImageItem, Page
from ..text.fonts import FontSet

FORMAT = "layout.json/1"


@cache
def _sha(path: str) -> str:
    """Which picture this is, so a diff can tell a replaced photo from a moved one."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def _rect(r) -> list[float]:
    return r.as_list()


def page_dict(page: Page) -> dict[str, Any]:
    g = page.grid
    return {
        "number": page.number,
        "section": page.section,
        "size": [r2(page.width), r2(page.height)],
        "trim": _rect(page.trim),
        "bleed": r2(page.bleed),
        "type_area": _rect(page.type_area),
        "grid": {"pitch": r2(g.pitch), "first_baseline": g.first_baseline, "lines": g.lines,
                 "body_size": g.body_size, "columns": [list(c) for c in g.columns]},
        "blocks": [{"id": b.id, "kind": b.kind, "ref": b.ref, "rect": _rect(b.rect), "column": b.column,
                    "line": b.line, "span": b.span, "lines": b.lines} for b in page.blocks],
        "images": [{"ref": it.ref, "frame": _rect(it.frame), "crop": [r2(v) for v in it.crop],
                    "pixels": list(it.pixels), "bleed": it.bleed, "sha": _sha(it.path)}
                   for it in page.items if isinstance(it, ImageItem)],
        "lines": [{
            "story": ln.story, "kind": ln.kind, "para": ln.para, "chars": [ln.char_start, ln.char_end],
            "block": ln.block, "column": ln.column, "grid_line": ln.grid_line, "x": ln.x, "y": ln.y,
            "width": ln.width, "indent": ln.indent, "set_width": ln.set_width, "style": ln.style,
            "role": ln.role, "size": ln.size, "text": ln.text, "last": ln.last, "max_extra": ln.max_extra,
            "cells": [list(c) for c in ln.cells],
        } for ln in page.lines],
    }


def fit_dict(f: Fit) -> dict[str, Any]:
    return {"ref": f.ref, "part": f.part, "page": f.page, "overset_chars": f.overset_chars,
            "overset_lines": f.overset_lines, "underset_lines": f.underset_lines, "hint": f.hint}


def layout_json(ed: Edition, pages: Sequence[Page], fits: Sequence[Fit], fonts: FontSet,
                pdf_name: str) -> bytes:
    data = {
        "format": FORMAT,
        "edition": {"id": ed.id, "paper": ed.paper, "date": ed.date, "title": ed.title,
                    "template": ed.template.name, "style_version": ed.style_version,
                    "content_hash": ed.content_hash, "pdf": pdf_name},
        "composition": {k: v for k, v in ed.composition.__dict__.items() if k != "costs"},
        "fonts": fonts.describe(),
        "fits": [fit_dict(f) for f in fits],
        "pages": [page_dict(p) for p in pages],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
