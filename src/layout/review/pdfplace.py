"""Pages of one PDF drawn inside another as vectors (form XObjects), scaled and clipped.

The diff PDF shows the proofs' own pages: text stays text (sharp at any zoom, searchable), photos
keep their resolution. The report pages are made first with their marks and labels; this module
then puts each source page under them. Coordinates: a box on a source page is (x, y) from a
reference point in points, y down (layout.json's page frame, or the MediaBox top-left for PDFs
from other tools); `Frame` maps that to the report page.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf


@dataclass(frozen=True)
class Origin:
    """Where a side's box coordinates sit on its PDF page: user space = (ox + x, oy - y)."""
    ox: float
    oy: float
    media: tuple[float, float, float, float]      # MediaBox x0, y0, x1, y1

    @property
    def top_left(self) -> tuple[float, float]:
        """The MediaBox's top-left corner in box coordinates."""
        return self.media[0] - self.ox, self.oy - self.media[3]

    @property
    def size(self) -> tuple[float, float]:
        return self.media[2] - self.media[0], self.media[3] - self.media[1]


def origins(pdf_path: str | Path, trims: dict[int, tuple[float, float]] | None) -> list[Origin]:
    """Each page's origin: from its TrimBox and layout.json's trim (x, y) when given, else its MediaBox."""
    out = []
    with pikepdf.open(pdf_path) as pdf:
        for k, page in enumerate(pdf.pages):
            mb = [float(v) for v in page.mediabox]
            media = (min(mb[0], mb[2]), min(mb[1], mb[3]), max(mb[0], mb[2]), max(mb[1], mb[3]))
            if trims is not None and k in trims:
                tb = [float(v) for v in page.trimbox]
                tx, ty = trims[k]
                out.append(Origin(min(tb[0], tb[2]) - tx, max(tb[1], tb[3]) + ty, media))
            else:
                out.append(Origin(media[0], media[3], media))
    return out


@dataclass(frozen=True)
class Frame:
    """A source page (or part of one) shown on a report page: box point (x, y) → report (fx + (x - x0)·s,
    fy + (y - y0)·s), where (x0, y0) is the top-left of what is shown; clipped to w × h (report points)."""
    report_page: int           # 0-based page of the report
    side: int                  # 0 old, 1 new
    source_page: int           # 0-based page of the side's PDF
    fx: float
    fy: float
    x0: float
    y0: float
    scale: float
    w: float
    h: float

    def at(self, x: float, y: float) -> tuple[float, float]:
        return self.fx + (x - self.x0) * self.scale, self.fy + (y - self.y0) * self.scale


def place(report: bytes, sources: tuple[Path | None, Path | None], origins_: tuple[list[Origin], list[Origin]],
          frames: list[Frame]) -> bytes:
    """The report with each frame's source page drawn under the report's own marks and text."""
    out = pikepdf.open(io.BytesIO(report))
    opened = [pikepdf.open(p) if p else None for p in sources]
    forms: dict[tuple[int, int], pikepdf.Object] = {}
    try:
        names: dict[tuple[int, int, int], pikepdf.Name] = {}
        streams: dict[int, list[bytes]] = {}
        for f in frames:
            src = opened[f.side]
            if src is None:
                continue
            key = (f.side, f.source_page)
            if key not in forms:
                forms[key] = out.copy_foreign(src.pages[f.source_page].as_form_xobject())
            page = out.pages[f.report_page]
            nkey = (f.report_page, *key)
            if nkey not in names:
                names[nkey] = page.add_resource(forms[key], pikepdf.Name.XObject, prefix="Pg")
            o = origins_[f.side][f.source_page]
            mx0, my1 = o.media[0], o.media[3]
            # box (x, y) ↔ user (ox + x, oy - y); report y is from the top of a page `height` tall
            height = float(page.mediabox[3]) - float(page.mediabox[1])
            s = f.scale
            e = f.fx + (mx0 - o.ox - f.x0) * s - mx0 * s
            ff = height - f.fy - (o.oy - my1 - f.y0) * s - my1 * s
            clip = f"{f.fx:.3f} {height - f.fy - f.h:.3f} {f.w:.3f} {f.h:.3f} re W n "
            streams.setdefault(f.report_page, []).append(
                f"q {clip}{s:.5f} 0 0 {s:.5f} {e:.3f} {ff:.3f} cm {names[nkey]} Do Q\n".encode("ascii"))
        for k, parts in streams.items():
            out.pages[k].contents_add(pikepdf.Stream(out, b"".join(parts)), prepend=True)
        buf = io.BytesIO()
        out.save(buf, deterministic_id=True)
        return buf.getvalue()
    finally:
        for p in opened:
            if p is not None:
                p.close()
        out.close()
