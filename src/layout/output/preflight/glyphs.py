"""Rule 17: every character code a page shows has a glyph in the embedded font program.

A subset font holds only the glyphs its maker thought were used; a code that maps to no glyph
prints as the .notdef box (or nothing) on press, though the text still extracts fine. Checked for
Type0 fonts with Identity-H/V (the code is the CID: CIDToGIDMap for TrueType, the charset for
CID-keyed CFF) and for simple TrueType fonts through their (3,0)/(1,0) cmap. Other encodings are not
checked (docs/preflight.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pikepdf import Array, Dictionary, Name, Stream

from ...text import glyphset
from ..pdfwalk import Event
from .model import Run


@dataclass(frozen=True)
class Glyphs:
    """What one embedded font program can show: a code → glyph test, or nothing known."""
    kind: str                       # "cid" (2-byte codes) | "simple" (1-byte codes)
    present: frozenset[int]         # CIDs (cid) or codes (simple) that have a glyph


def check(run: Run, ev: Event, font: Dictionary, label: str) -> None:
    if not ev.data:
        return
    key = font.objgen
    if key not in run.glyph_cache:
        try:
            run.glyph_cache[key] = _glyphs(font)
        except Exception:    # noqa: BLE001 — a font program fontTools cannot read: not checked here
            run.glyph_cache[key] = None
    table: Glyphs | None = run.glyph_cache[key]
    if table is None:
        return
    if table.kind == "cid":
        codes = [int.from_bytes(ev.data[i:i + 2], "big") for i in range(0, len(ev.data) - 1, 2)]
    else:
        codes = list(ev.data)
    missing = sorted({c for c in codes if c not in table.present})
    if missing:
        shown = ", ".join(f"{c:#06x}" if table.kind == "cid" else f"{c:#04x}" for c in missing[:8])
        run.add(17, "error", label, f"{len(missing)} character code(s) with no glyph in the embedded font "
                f"({shown}{' …' if len(missing) > 8 else ''}): they print as .notdef boxes", key=("notdef", label),
                check="font.notdef", fix="export again with the complete font embedded (or with every character "
                "the text uses in the subset)", bbox=ev.bbox)


def _program(desc: Any) -> bytes | None:
    for key in ("/FontFile2", "/FontFile3"):
        if isinstance(desc, Dictionary) and isinstance(desc.get(key), Stream):
            return desc[key].read_bytes()
    return None


def _glyphs(font: Dictionary) -> Glyphs | None:
    if font.get("/Subtype") == "/Type0":
        enc = font.get("/Encoding")
        kids = font.get("/DescendantFonts")
        if not (isinstance(enc, Name) and str(enc) in ("/Identity-H", "/Identity-V")) or not isinstance(kids, Array):
            return None
        cid_font = kids[0]
        data = _program(cid_font.get("/FontDescriptor"))
        if data is None:
            return None
        if cid_font.get("/Subtype") != "/CIDFontType2":
            return Glyphs("cid", frozenset(glyphset.cff_cids(data)))
        n = glyphset.truetype_glyph_count(data)
        gmap = cid_font.get("/CIDToGIDMap")
        if isinstance(gmap, Stream):
            raw = gmap.read_bytes()
            gids = {cid: int.from_bytes(raw[2 * cid:2 * cid + 2], "big") for cid in range(len(raw) // 2)}
            return Glyphs("cid", frozenset(c for c, g in gids.items() if 0 < g < n))
        return Glyphs("cid", frozenset(range(1, n)))
    if font.get("/Subtype") == "/TrueType":
        data = _program(font.get("/FontDescriptor"))
        codes = glyphset.truetype_symbol_codes(data) if data is not None else set()
        return Glyphs("simple", frozenset(codes)) if codes else None
    return None
