"""Every face as one Type0 font: Identity-H, 2-byte codes, subset to the glyphs used, ToUnicode.

CFF faces (Noto CJK, CID-keyed, inside a TTC) go in as FontFile3/CIDFontType0C, TrueType
faces (LXGW WenKai) as FontFile2/CIDFontType2 with CIDToGIDMap /Identity. HarfBuzz subsets a
CJK face in 5–10 ms and zlib compresses it in a few more, together a quarter of a one-page build: so
the compressed programs are kept by file (path, size, mtime), face, glyph set and HarfBuzz version, in
memory for a long-lived process and on disk under $LAYOUT_CACHE/subsets for the next build (an edit
that adds no new glyph reuses them). The codes in
the content stream are fixed before subsetting: CIDs for CID-keyed CFF (kept by the subsetter),
glyph ids otherwise (kept with RETAIN_GIDS).
"""
from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Sequence
from itertools import chain, islice
from operator import ne

import uharfbuzz as hb
from reportlab.pdfbase import pdfdoc

from ..cachedir import cache_dir, kept
from ..text.faceinfo import face_info
from .made import Made

MEMO_SIZE = 32
_SUBSETS: dict[str, bytes] = {}

_DROP = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG", "kern", "morx",
         "STAT", "meta", "COLR", "CPAL", "SVG ", "sbix", "CBDT", "CBLC", "EBDT", "EBLC", "EBSC", "name", "post")


class Type0Font:
    """Collects the glyphs a document uses of one face, then writes its PDF objects."""

    def __init__(self, path: str, index: int, resource: str):
        self.path, self.index, self.resource = path, index, resource
        self.info = face_info(path, index)
        face = hb.Face(hb.Blob.from_file_path(path), index)
        self._hb_face = face
        self._hb_font = hb.Font(face)
        self._pairs: dict[tuple[int, str], None] = {}   # (gid, text) as first met, in order: see use_runs
        self._used: dict[int, str] = {}
        self._resolved = 0                       # how many of _pairs _used has taken in
        self._glyphs: dict[int, tuple[str, float]] = {}
        self.codes: Made[int, str] = Made(lambda gid: self.glyph(gid)[0])   # gid → its code, 4 hex digits
        self._steps: dict[float, Made[int, float]] = {}
        self.retain = not self.info.cid_keyed    # codes are gids: keep them in the subset

    def code(self, gid: int) -> int:
        return self.info.cids.get(gid, gid) if self.info.cid_keyed else gid

    def use(self, gid: int, text: str) -> None:
        self.use_runs(((gid,),), ((text,),))

    def use_all(self, gids: Sequence[int], texts: Sequence[str]) -> None:
        """Note each glyph with the text it stands for (one run: see use_runs)."""
        self.use_runs((gids,), (texts,))

    def use_runs(self, gids: Sequence[Sequence[int]], texts: Sequence[Sequence[str]]) -> None:
        """Note the glyphs of runs, in order, with the texts they stand for. Only the distinct pairs are kept, in the
        order first met (dict.fromkeys over the chained runs: no Python step a glyph — 32 pages have 66,000 — and
        one update a face, not one a run); `used` then applies the rule to them."""
        if any(map(ne, map(len, gids), map(len, texts))):
            g, t = next((g, t) for g, t in zip(gids, texts, strict=True) if len(g) != len(t))
            raise ValueError(f"{len(g)} glyphs for {len(t)} texts")
        self._pairs.update(dict.fromkeys(zip(chain.from_iterable(gids), chain.from_iterable(texts), strict=True)))

    @property
    def used(self) -> dict[int, str]:
        """gid → the text it stands for: the longest met, the first of equals (taken over the distinct pairs in
        the order first met, which gives what going glyph by glyph would)."""
        pairs = self._pairs
        if self._resolved != len(pairs):
            used = self._used
            for gid, text in islice(pairs, self._resolved, None):
                if len(text) > len(used.setdefault(gid, text)):
                    used[gid] = text
            self._resolved = len(pairs)
        return self._used

    def steps(self, size: float) -> Made[int, float]:
        """gid → how far the pen moves after the glyph at `size` (advance × size / 1000, exactly as the
        writer computed it glyph by glyph)."""
        got = self._steps.get(size)
        if got is None:
            got = self._steps[size] = Made(lambda gid: self.glyph(gid)[1] * size / 1000.0)
        return got

    def glyph(self, gid: int) -> tuple[str, float]:
        """The glyph's code as the content stream writes it (4 hex digits) and its advance: the writer's inner
        loop, so remembered per glyph."""
        got = self._glyphs.get(gid)
        if got is None:
            got = self._glyphs[gid] = (f"{self.code(gid):04X}", self.advance(gid))
        return got

    def advance(self, gid: int) -> float:
        """Width in PDF glyph space (1/1000 of the size)."""
        return self._hb_font.get_glyph_h_advance(gid) * 1000.0 / self.info.upem

    def tag(self) -> str:
        digest = hashlib.sha256(f"{self.info.psname}:{sorted(self.used)}".encode()).digest()
        return "".join(chr(65 + b % 26) for b in digest[:6])

    def program(self) -> tuple[bytes, int]:
        """The font program of the glyphs used, Flate-compressed as the PDF holds it, and its length before:
        from memory, the disk cache, or HarfBuzz and zlib (compressing is a third of the work)."""
        st = os.stat(self.path)
        key = hashlib.sha256(f"{os.path.abspath(self.path)}:{st.st_size}:{st.st_mtime_ns}:{self.index}:"
                             f"{self.retain}:{sorted(self.used)}:{hb.__version__}:{_DROP}".encode()).hexdigest()[:32]
        got = _SUBSETS.get(key)
        if got is None:
            got = _SUBSETS[key] = self._cached(key)
            while len(_SUBSETS) > MEMO_SIZE:
                del _SUBSETS[next(iter(_SUBSETS))]
        return got[8:], int.from_bytes(got[:8], "big")

    def _cached(self, key: str) -> bytes:
        """The length (8 bytes) and the compressed program, from the disk cache or made and kept there."""
        def make() -> bytes:
            raw = self._subset()
            return len(raw).to_bytes(8, "big") + zlib.compress(raw)
        return kept(cache_dir("subsets") / f"{key}.z", make)

    def _subset(self) -> bytes:
        inp = hb.SubsetInput()
        inp.glyph_set.add(0)
        for gid in self.used:
            inp.glyph_set.add(gid)
        flags = hb.SubsetFlags.NO_LAYOUT_CLOSURE
        if self.retain:
            flags |= hb.SubsetFlags.RETAIN_GIDS
        inp.flags = flags
        drop = inp.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
        for t in _DROP:
            drop.add(hb.ot_tag_from_string(t) if hasattr(hb, "ot_tag_from_string") else _tag(t))
        sub = hb.subset(self._hb_face, inp)
        if sub is None:
            raise RuntimeError(f"HarfBuzz could not subset {self.path}#{self.index}")
        if self.info.outline == "cff":
            return bytes(sub.reference_table("CFF ").data)
        return bytes(sub.blob.data)

    def objects(self, doc: pdfdoc.PDFDocument) -> pdfdoc.PDFDictionary:
        """The Type0 font dictionary, with its descendant, descriptor, program and ToUnicode."""
        info = self.info
        base = f"{self.tag()}+{info.psname}"
        data, length = self.program()
        program = pdfdoc.PDFStream(content=data, filters=[pdfdoc.PDFZCompress])
        if info.outline == "cff":
            program.dictionary["Subtype"] = pdfdoc.PDFName("CIDFontType0C")
        else:
            program.dictionary["Length1"] = length
        # compressed already: the Filter entry ReportLab would add (where it would add it) says so
        program.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
        scale = 1000.0 / info.upem
        desc = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"), "FontName": pdfdoc.PDFName(base), "Flags": 4,
            "FontBBox": pdfdoc.PDFArray([round(v * scale) for v in info.bbox]), "ItalicAngle": info.italic,
            "Ascent": round(info.ascent * scale), "Descent": round(info.descent * scale),
            "CapHeight": round(info.cap_height * scale), "StemV": 80,
            ("FontFile3" if info.outline == "cff" else "FontFile2"): doc.Reference(program, f"FontFile:{base}"),
        })
        cid = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType0" if info.outline == "cff" else "CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base),
            "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                                   "Ordering": pdfdoc.PDFString("Identity"), "Supplement": 0}),
            "FontDescriptor": doc.Reference(desc, f"FontDescriptor:{base}"),
            "DW": 1000, "W": pdfdoc.PDFArray(self._widths()),
        })
        if info.outline == "ttf":
            cid.dict["CIDToGIDMap"] = pdfdoc.PDFName("Identity")
        cmap = pdfdoc.PDFStream(content=self._to_unicode(base).encode("ascii"), filters=[pdfdoc.PDFZCompress])
        return pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"), "Subtype": pdfdoc.PDFName("Type0"), "BaseFont": pdfdoc.PDFName(base),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid, f"CIDFont:{base}")]),
            "ToUnicode": doc.Reference(cmap, f"ToUnicode:{base}"),
        })

    def _widths(self) -> list:
        """/W as runs of consecutive codes: [c [w1 w2 …] …], only where a width is not 1000."""
        items = sorted((self.code(g), round(self.advance(g), 1)) for g in self.used)
        out: list = []
        run: list = []
        start = prev = None
        for code, w in items:
            if w == 1000:
                continue
            if prev is not None and code == prev + 1:
                run.append(_num(w))
            else:
                if run:
                    out.extend([start, pdfdoc.PDFArray(run)])
                start, run = code, [_num(w)]
            prev = code
        if run:
            out.extend([start, pdfdoc.PDFArray(run)])
        return out

    def _to_unicode(self, name: str) -> str:
        entries = sorted((self.code(g), t) for g, t in self.used.items())
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 f"/CMapName /{name}-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        for k in range(0, len(entries), 100):
            chunk = entries[k:k + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            lines.extend(f"<{code:04X}> <{t.encode('utf-16-be').hex().upper()}>" for code, t in chunk)
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines) + "\n"


def _num(w: float):
    return int(w) if w == int(w) else w


def _tag(t: str) -> int:
    b = t.encode("ascii")
    return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]
