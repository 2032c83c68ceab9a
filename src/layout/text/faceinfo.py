"""Facts about a font face, read once with fontTools and kept on disk.

Reading a Noto CJK face's CFF header and 65,535-entry charset costs ~0.1 s per face, every
build; the answer only changes when the file does. So it is cached by path, size and mtime
under $LAYOUT_CACHE/faces (default ~/.cache/layout/faces; see cachedir.py). Both the layout
(`fonts.py`) and the PDF writer (`output/type0.py`) read faces through here.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from ..cachedir import cache_dir
from .cjk import CONNECT, FULLWIDTH_CLOSE, FULLWIDTH_OPEN, MIDDOT, PAUSE, SOLIDUS

VERSION = 2
PUNCTUATION = PAUSE + FULLWIDTH_CLOSE + FULLWIDTH_OPEN + MIDDOT + SOLIDUS + CONNECT + "…⋯⸺"
"""Marks whose ink position decides their blank side (§2.1): measured with fontTools once per face."""


class FaceError(Exception):
    """A file that is not a font we can use."""


@dataclass(frozen=True)
class FaceInfo:
    psname: str
    family: str
    outline: str                  # cff | ttf
    cid_keyed: bool
    embeddable: bool
    upem: int
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic: float
    cids: dict[int, int] = field(default_factory=dict)   # gid → CID where they differ (CID-keyed CFF)
    # mark → advance, ink left, ink right, as fractions of the em
    punct: dict[str, tuple[float, float, float]] = field(default_factory=dict)


_MEMO: dict[tuple[str, int], FaceInfo] = {}


def face_info(path: str, index: int = 0) -> FaceInfo:
    abspath = os.path.abspath(path)
    key = (abspath, index)
    got = _MEMO.get(key)
    if got is not None:
        return got
    st = os.stat(path)
    digest = hashlib.sha256(f"{VERSION}:{abspath}:{index}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:32]
    file = cache_dir("faces") / f"{digest}.json"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        got = FaceInfo(**{**data, "bbox": tuple(data["bbox"]), "cids": {int(k): v for k, v in data["cids"].items()},
                          "punct": {k: tuple(v) for k, v in data["punct"].items()}})
    except (OSError, ValueError, TypeError, KeyError):
        got = _read(path, index)
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            tmp = file.with_name(f".{file.name}.{os.getpid()}")
            tmp.write_text(json.dumps(asdict(got)), encoding="utf-8")
            os.replace(tmp, file)
        except OSError:
            pass                                   # a read-only home: just no cache
    _MEMO[key] = got
    return got


def _read(path: str, index: int) -> FaceInfo:
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
