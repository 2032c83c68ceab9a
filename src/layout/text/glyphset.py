"""Which glyphs an embedded font program holds, for the preflight's .notdef check (rule 17).

fontTools lives in text/ (the layer table): the preflight hands over a font program's bytes and gets plain
sets back. Each reader raises on a program fontTools cannot parse; the caller then skips the font.
"""
from __future__ import annotations

import io

from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont


def truetype_glyph_count(data: bytes) -> int:
    """The number of glyphs of a TrueType program (FontFile2): glyph ids 1 … n-1 exist, 0 is .notdef."""
    return int(TTFont(io.BytesIO(data), lazy=True)["maxp"].numGlyphs)


def truetype_symbol_codes(data: bytes) -> set[int]:
    """Single-byte codes a simple TrueType font maps to a real glyph through its (3,0) or (1,0) cmap."""
    tt = TTFont(io.BytesIO(data), lazy=True)
    codes: set[int] = set()
    for sub in tt["cmap"].tables if "cmap" in tt else []:
        if (sub.platformID, sub.platEncID) in ((3, 0), (1, 0)):
            codes |= {code & 0xFF for code, name in sub.cmap.items() if name != ".notdef"}
    return codes


def cff_cids(data: bytes) -> set[int]:
    """CIDs of a bare CFF program (FontFile3 /CIDFontType0C): a CID-keyed font's charset, else its glyph indices."""
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]
    names = top.charset
    if hasattr(top, "ROS"):
        return {int(n[3:]) for n in names[1:] if n.startswith("cid")}
    return set(range(1, len(names)))
