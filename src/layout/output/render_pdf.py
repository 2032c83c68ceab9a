"""Pages → PDF bytes through ReportLab's canvas. The only place where y flips.

The writer draws the display list and nothing else: no measuring, no decisions. Text goes
out as raw TJ operators with our Type0 fonts, one text object per glyph run, so every glyph
lands exactly where setline put it. Rules, boxes and photos' placement are written as the canvas would write
them (its number format, fp_str, made once a number), the canvas kept for what it tracks: graphics state saved
and restored, overprint, resources. For print: photos separated into the output condition,
100 % K text and rules overprinting, PDF/X identification (`pdfx.py`), and for pages with
bleed a larger MediaBox with crop and registration marks outside the BleedBox.
"""
from __future__ import annotations

import io
import os
from collections.abc import Sequence
from itertools import compress
from operator import add, sub

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import _digester
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.canvas import PATH_OPS

from .display import CMYK, AnchorItem, BoxItem, DisplayPage, ImageItem, LinkItem, RuleItem, TextItem
from .images import prepare
from .made import Made
from .pdfx import PrintSpec, configure
from .type0 import Type0Font

BLACK = (0.0, 0.0, 0.0, 1.0)
_HALF_THOU = 0.0005         # pt: a glyph further than this from where the last one left the pen is moved there


class _NoInitialFont:
    """Registered as the canvas' initial font so no unembedded Helvetica lands in the resources."""
    _dynamicFont = 1
    _multiByte = 0
    fontName = "LayoutNoInitialFont"

    class face:
        name = "LayoutNoInitialFont"


pdfmetrics.registerFont(_NoInitialFont())
rl_config.useA85 = 0      # binary streams: ASCII85 costs 25 % size and, in pure Python, 0.1 s per photo


def _n(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _fill(cmyk: tuple) -> str:
    """CMYK → the operands of its `k`."""
    return " ".join(_n(v) for v in cmyk)


class _Formats:
    """What the pages of one document share in writing: numbers (ours and ReportLab's), fills, colour codes and
    text objects' starts. The columns, baselines and sizes recur from page to page: made once a document, not
    once a page (~2.5 ms of 32 pages' 2,600 places)."""

    def __init__(self) -> None:
        # numbers as we write them (_n) and as ReportLab's canvas does (fp_str, pure Python here): a page's places
        # are the columns', rows' and sizes' few, each made once; CMYK → the operands of its `k`
        self.numbers: Made[float, str] = Made(_n)
        self.fp: Made[float, str] = Made(fp_str)
        self.fills: Made[tuple, str] = Made(_fill)
        self.heads: dict[tuple, tuple] = {}
        self.colours: dict[tuple, str] = {}


def collect_fonts(pages: Sequence[DisplayPage]) -> dict[tuple[str, int], Type0Font]:
    """Each face's Type0Font, named in the order first met, with the glyphs of its runs noted in page order
    (the runs gathered by face first, then noted in one step a face: 9 → 5 ms of 32 pages' 6,200 runs)."""
    runs: dict[tuple[str, int], list[TextItem]] = {}
    for page in pages:
        for it in page.items:
            if isinstance(it, TextItem):
                key = (it.font_path, it.font_index)
                got = runs.get(key)
                if got is None:
                    runs[key] = [it]
                else:
                    got.append(it)
    fonts: dict[tuple[str, int], Type0Font] = {}
    for key, items in runs.items():
        f = fonts[key] = Type0Font(key[0], key[1], f"FL{len(fonts) + 1}")
        f.use_runs([it.gids for it in items], [it.pieces for it in items])
    return fonts


PageMemo = dict[int, tuple[DisplayPage, tuple, tuple[str, ...], list[str], tuple]]
"""id(page) → (page, what else its content stream depends on, the image XObjects it names, the content stream's
code, the resources ReportLab gathered for it): a Rebuilder's memo
of the pages it drew last time. Whoever keeps it keeps the pages alive, so an id is not reused meanwhile."""


def render_pdf(pages: Sequence[DisplayPage], spec: PrintSpec, image_cache: str, memo: PageMemo | None = None) -> bytes:
    """`memo` (a Rebuilder's): a page drawn before with the same fonts and print settings is not drawn again,
    its content stream goes in as it was (the bytes are the same: the writer has no state between pages)."""
    fonts = collect_fonts(pages)
    buf = io.BytesIO()
    first = pages[0]
    c = rl_canvas.Canvas(buf, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                         initialFontName=_NoInitialFont.fontName)
    doc = c._doc
    configure(doc, spec)
    font_dict = doc.idToObject["BasicFonts"].dict
    for f in fonts.values():
        font_dict[f.resource] = doc.Reference(f.objects(doc), f"Font:{f.resource}")
    context = (spec.output, spec.pdfx, spec.profile, tuple((k, f.resource) for k, f in fonts.items()))
    formats = _Formats()
    for page in pages:
        _Page(c, page, fonts, image_cache, spec, formats).draw(memo, context)
    c.save()
    return buf.getvalue()


def _page_state(c: rl_canvas.Canvas) -> tuple:
    """What ReportLab gathers while a page is drawn, besides its code, for the page's resources: graphics
    states (overprint), colour spaces, shadings, whether it has images. Reset by showPage."""
    return dict(c._extgstate._c), dict(c._colorsUsed), dict(c._shadingUsed), c._currentPageHasImages


def _restore_page_state(c: rl_canvas.Canvas, state: tuple) -> None:
    c._extgstate._c.update(state[0])
    c._colorsUsed.update(state[1])
    c._shadingUsed.update(state[2])
    c._currentPageHasImages = state[3]


class _Page:
    def __init__(self, c: rl_canvas.Canvas, page: DisplayPage, fonts: dict, image_cache: str, spec: PrintSpec,
                 formats: _Formats | None = None):
        self.c, self.page, self.fonts, self.cache, self.spec = c, page, fonts, image_cache, spec
        out = spec.output
        self.slug = (out.marks_offset + out.marks_length + 2.0) if page.bleed else 0.0
        self.W, self.H = page.width + 2 * self.slug, page.height + 2 * self.slug
        self.overprint = out.overprint_black and spec.pdfx != "none"
        formats = formats or _Formats()
        self.numbers, self.fills, self.fp = formats.numbers, formats.fills, formats.fp
        self.heads, self.colours = formats.heads, formats.colours

    def y(self, y: float) -> float:
        return self.H - self.slug - y

    def x(self, x: float) -> float:
        return self.slug + x

    def draw(self, memo: PageMemo | None = None, context: tuple = ()) -> None:
        c, page = self.c, self.page
        c.setPageSize((self.W, self.H))
        t = page.trim
        trim = (self.x(t.x), self.y(t.bottom), self.x(t.right), self.y(t.y))
        b = page.bleed
        c.setTrimBox(trim)
        c.setBleedBox((trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b))
        start, first = len(c._code), len(c._formsinuse)
        got = memo.get(id(page)) if memo is not None else None
        if got is not None and got[0] is page and got[1] == context:
            # the XObjects the stream names (prepared files, named by content: a photo replaced on disk is another
            # name), registered in this document; the same names, the same stream
            names = tuple(self.image(it, replay=True) for it in page.items if isinstance(it, ImageItem))
            if names == got[2]:
                c._code.extend(got[3])
                _restore_page_state(c, got[4])
                c.showPage()
                return
            del c._formsinuse[first:]
        self.items()
        if memo is not None and not any(isinstance(it, (AnchorItem, LinkItem)) for it in page.items):
            # anchors and links live outside the stream: such pages are always drawn
            memo[id(page)] = (page, context, tuple(c._formsinuse[first:]), c._code[start:], _page_state(c))
        c.showPage()

    def items(self) -> None:
        c, page = self.c, self.page
        black_text: list[str] = []
        other_text: list[str] = []
        for it in page.items:
            if isinstance(it, TextItem):
                code = self.text(it)
                (black_text if it.fill == BLACK and self.overprint else other_text).append(code)
            elif isinstance(it, BoxItem):
                self.box(it)
            elif isinstance(it, RuleItem):
                self.rule(it)
            elif isinstance(it, ImageItem):
                self.image(it)
            elif isinstance(it, AnchorItem):
                c.bookmarkPage(it.name)
            elif isinstance(it, LinkItem):
                r = it.rect
                c.linkAbsolute("", it.target, (self.x(r.x), self.y(r.bottom), self.x(r.right), self.y(r.y)),
                               thickness=0)
        if other_text:
            c._code.append("q\n" + "\n".join(other_text) + "\nQ")
        if black_text:                      # 100 % K text overprints: no white halo when plates misregister
            c.saveState()
            c.setFillOverprint(True)
            c.setOverprintMask(True)
            c._code.append("\n".join(black_text))
            c.restoreState()
        if page.bleed:
            self.marks()

    def box(self, it: BoxItem) -> None:
        c, r, fp = self.c, it.rect, self.fp
        if it.fill is not None:
            self.colour(it.fill, "k")
        if it.stroke is not None:
            self.colour(it.stroke, "K")
            self.width(it.width)
        overprint = self.overprint and it.stroke == BLACK and it.fill is None
        if overprint:
            c.saveState()
            c.setStrokeOverprint(True)
            c.setOverprintMask(True)
        # what c.rect writes
        c._code.append(f"n {fp[self.x(r.x)]} {fp[self.y(r.bottom)]} {fp[r.w]} {fp[r.h]} re "
                       + PATH_OPS[1 if it.stroke else 0, 1 if it.fill else 0, c._fillMode])
        if overprint:
            c.restoreState()

    def rule(self, it: RuleItem) -> None:
        c, fp = self.c, self.fp
        self.colour(it.color, "K")
        self.width(it.width)
        line = f"n {fp[self.x(it.x0)]} {fp[self.y(it.y0)]} m {fp[self.x(it.x1)]} {fp[self.y(it.y1)]} l S"   # c.line's
        if self.overprint and it.color == BLACK:
            c.saveState()
            c.setStrokeOverprint(True)
            c.setOverprintMask(True)
            c._code.append(line)
            c.restoreState()
        else:
            c._code.append(line)

    def colour(self, cmyk: CMYK, op: str) -> None:
        """What setFillColorCMYK (op k) or setStrokeColorCMYK (op K) write and keep."""
        code = self.colours.get((cmyk, op))
        if code is None:
            code = self.colours[cmyk, op] = f"{fp_str(cmyk)} {op}"
        if op == "k":
            self.c._fillColorObj = cmyk
        else:
            self.c._strokeColorObj = cmyk
        self.c._code.append(code)

    def width(self, w: float) -> None:
        """What setLineWidth writes and keeps."""
        self.c._lineWidth = w
        self.c._code.append(f"{self.fp[w]} w")

    def image(self, it: ImageItem, replay: bool = False) -> str:
        profile = self.spec.profile if self.spec.pdfx != "none" else None
        path, _size = prepare(it.path, it.crop, it.frame, self.cache, self.spec.output, profile)
        f = it.frame
        return self.draw_image(path, self.x(f.x), self.y(f.bottom), f.w, f.h, replay)

    def draw_image(self, path: str, x: float, y: float, w: float, h: float, replay: bool = False) -> str:
        """ReportLab's drawImage names the XObject by the file's full path, so the bytes would depend
        on where the cache lives; the prepared file's name is its content key, so name it by that.
        `replay`: the drawing code is in a remembered stream, only the XObject is registered."""
        c, doc = self.c, self.c._doc
        name = _digester(os.path.basename(path).encode("utf-8"))
        reg = doc.getXObjectName(name)
        if doc.idToObject.get(reg) is None:
            obj = pdfdoc.PDFImageXObject(name, path)
            obj.name = name
            c._setXObjects(obj)
            doc.Reference(obj, reg)
            doc.addForm(name, obj)
        c._currentPageHasImages = 1
        c._formsinuse.append(name)
        if not replay:
            # what saveState, translate, scale, Do and restoreState write: ReportLab folds the scale into the cm it
            # wrote for the translation, x and y as read back from that
            fp = self.fp
            c._code.append(f"q\n{fp[w]} 0 0 {fp[h]} {fp[float(fp[x])]} {fp[float(fp[y])]} cm\n/{reg} Do\nQ")
        return name

    def text(self, it: TextItem) -> str:
        """One text object: the glyphs' codes in runs, and where a glyph is not where the previous one's advance
        left the pen (justification, a gap), the shift in thousandths of the size between runs."""
        head = self.heads.get((it.font_path, it.font_index, it.size, it.fill))
        if head is None:
            head = self._head(it)
        font, steps, codes, start = head
        size, xs, gids, num = it.size, it.xs, it.gids, self.numbers
        if len(gids) != len(xs):
            raise ValueError(f"a text item of {len(gids)} glyphs at {len(xs)} places")
        # the pen after glyph i is xs[i] + its step; glyph i + 1 is shifted by xs[i + 1] - that
        shifts = list(map(sub, xs[1:], map(add, xs, map(steps, gids))))
        if not shifts or (max(shifts) <= _HALF_THOU and min(shifts) >= -_HALF_THOU):
            parts = "<" + "".join(map(codes, gids)) + ">"     # the usual line: one run
        else:
            runs = list(map(codes, gids))
            out: list[str] = []
            first = 0
            for i in compress(range(1, len(runs)), map(_HALF_THOU.__lt__, map(abs, shifts))):
                out.append("<" + "".join(runs[first:i]) + ">")
                out.append(num[-shifts[i - 1] * 1000.0 / size])
                first = i
            out.append("<" + "".join(runs[first:]) + ">")
            parts = " ".join(out)
        return f"{start}{num[self.slug + xs[0]]} {num[self.H - self.slug - it.y]} Tm [{parts}] TJ ET"

    def _head(self, it: TextItem) -> tuple:
        """What the text objects of one face, size and fill share: the font, its steps at the size and codes, and
        the text object's start up to its matrix (one lookup a run where there were four: ~3 ms of 6,200 runs)."""
        font = self.fonts[(it.font_path, it.font_index)]
        head = self.heads[(it.font_path, it.font_index, it.size, it.fill)] = (
            font, font.steps(it.size).__getitem__, font.codes.__getitem__,
            f"BT /{font.resource} {self.numbers[it.size]} Tf {self.fills[it.fill]} k 1 0 0 1 ")
        return head

    def marks(self) -> None:
        """Crop marks at the trim corners and registration targets mid-side, in K, outside the bleed."""
        c, out, t = self.c, self.spec.output, self.page.trim
        off, length = out.marks_offset, out.marks_length
        c.saveState()
        c.setStrokeColorCMYK(*BLACK)
        c.setLineWidth(out.marks_width)
        left, right, top, bottom = self.x(t.x), self.x(t.right), self.y(t.y), self.y(t.bottom)
        for x, sx in ((left, -1), (right, 1)):
            for y, sy in ((top, 1), (bottom, -1)):
                c.line(x + sx * off, y, x + sx * (off + length), y)
                c.line(x, y + sy * off, x, y + sy * (off + length))
        r = length / 3
        for cx, cy in (((left + right) / 2, top + off + length / 2), ((left + right) / 2, bottom - off - length / 2),
                       (left - off - length / 2, (top + bottom) / 2), (right + off + length / 2, (top + bottom) / 2)):
            c.circle(cx, cy, r, stroke=1, fill=0)
            c.line(cx - length / 2, cy, cx + length / 2, cy)
            c.line(cx, cy - length / 2, cx, cy + length / 2)
        c.restoreState()
