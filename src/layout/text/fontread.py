"""What faceinfo.py caches, read from the font file with fontTools.

Only faceinfo imports this module, and only when a face's facts or a file's face names are not
cached yet: a warm build never loads fontTools (~25 ms of imports, ~50 ms reading the name tables
of a 10-face TTC).
"""
from __future__ import annotations

from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTCollection, TTFont

from .faceinfo import PUNCTUATION, FaceError, FaceInfo


def face_names(path: str) -> list[str]:
    """Family names (name ID 1) of each face in a file (one entry for .ttf/.otf)."""
    if path.lower().endswith((".ttc", ".otc")):
        coll = TTCollection(path, lazy=True)
        names = [f["name"].getDebugName(1) or "" for f in coll.fonts]
        coll.close()
        return names
    tt = TTFont(path, lazy=True)
    try:
        return [tt["name"].getDebugName(1) or ""]
    finally:
        tt.close()


def read_face(path: str, index: int) -> FaceInfo:
    try:
        tt = TTFont(path, fontNumber=index, lazy=True)
    except Exception as exc:  # fontTools raises many types for a bad file
        raise FaceError(f"{path}#{index}: not a font file fontTools can read ({exc})") from None
    try:
        outline = "cff" if "CFF " in tt else "ttf" if "glyf" in tt else "other"
        if outline == "other":
            raise FaceError(f"{path}#{index}: neither CFF nor TrueType outlines "
                            "(CFF2 and bitmap fonts are not supported)")
        cid_keyed = False
        cids: dict[int, int] = {}
        if outline == "cff":
            top = tt["CFF "].cff.topDictIndex[0]
            cid_keyed = hasattr(top, "ROS")
            if cid_keyed:
                for gid, name in enumerate(top.charset):
                    cid = int(name[3:]) if name.startswith("cid") else 0
                    if cid != gid:
                        cids[gid] = cid
        head, hhea, name = tt["head"], tt["hhea"], tt["name"]
        os2 = tt["OS/2"] if "OS/2" in tt else None
        fs_type = os2.fsType if os2 is not None else 0
        return FaceInfo(
            psname=(name.getDebugName(6) or Path(path).stem).replace(" ", ""),
            family=name.getDebugName(16) or name.getDebugName(1) or Path(path).stem,
            outline=outline, cid_keyed=cid_keyed,
            embeddable=(fs_type & 0x000F) != 2,     # fsType 2: restricted licence, no embedding
            upem=head.unitsPerEm, bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
            ascent=os2.sTypoAscender if os2 is not None else hhea.ascent,
            descent=os2.sTypoDescender if os2 is not None else hhea.descent,
            cap_height=(getattr(os2, "sCapHeight", 0) or 700) if os2 is not None else 700,
            italic=float(tt["post"].italicAngle) if "post" in tt else 0.0, cids=cids,
            punct=_punctuation_ink(tt, head.unitsPerEm))
    finally:
        tt.close()


def _punctuation_ink(tt: TTFont, upem: int) -> dict[str, tuple[float, float, float]]:
    """Where each mark's ink really sits in this face: the font, not Unicode, decides (§2.1)."""
    cmap = tt.getBestCmap() or {}
    glyphs = tt.getGlyphSet()
    out = {}
    for ch in PUNCTUATION:
        name = cmap.get(ord(ch))
        if name is None:
            continue
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        left, _bottom, right, _top = pen.bounds or (0, 0, 0, 0)
        out[ch] = (glyphs[name].width / upem, left / upem, right / upem)
    return out
