"""What the preflight reads from a PDF: content streams interpreted far enough for print checks, plus readers.

A preflight has to judge what a page *does*, not what its resource dictionaries happen to
hold (ReportLab shares one resource dictionary between all pages, and unused entries are
harmless). So this walks each operator with a graphics-state stack — CTM (q/Q/cm), fill and
stroke colour space and value, line width, ExtGState overprint, text font, size and
rendering mode — recurses into Form XObjects and tiling patterns with their own resources
(guarding against cycles), and yields one `Event` per use: a colour set, a painted path, a
text show, an image, a shading, an ExtGState, a form. Path geometry is not tracked;
annotation appearance streams and Type3 glyph procedures are not entered.

The readers that turn PDF objects into plain values (XMP, boxes, inks) are in `pdfread`.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_DEPTH = 24                      # nested forms/patterns; deeper nesting is treated as a cycle


class ContentError(Exception):
    """A content stream that cannot be parsed (the file is damaged)."""


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n, in PDF's row-vector convention (p' = p·m·n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def x_len(m: Matrix) -> float:
    """Length of the image of the x unit vector: an image's placed width in points."""
    return math.hypot(m[0], m[1])


def y_len(m: Matrix) -> float:
    return math.hypot(m[2], m[3])


def mean_scale(m: Matrix) -> float:
    """Geometric-mean scale of the linear part: how a line width grows under m."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def matrix(obj: Any) -> Matrix:
    try:
        vals = tuple(float(v) for v in obj)
        return vals if len(vals) == 6 else IDENTITY
    except (TypeError, ValueError):
        return IDENTITY


def objnum(obj: Any) -> int:
    try:
        return obj.objgen[0]
    except (AttributeError, TypeError):
        return 0


def inherited(page: Dictionary, key: str) -> Any:
    """A page attribute that may sit on an ancestor /Pages node (Resources, MediaBox, CropBox)."""
    node: object = page
    depth = 0
    while isinstance(node, Dictionary) and depth < 64:
        if key in node:
            return node[key]
        node, depth = node.get("/Parent"), depth + 1
    return None


# ---------------------------------------------------------------------------- colour spaces
_DEVICE = {"DeviceGray": 1, "DeviceRGB": 3, "DeviceCMYK": 4}
_ABBREV = {"G": "DeviceGray", "RGB": "DeviceRGB", "CMYK": "DeviceCMYK", "I": "Indexed"}
_CIE = {"CalGray": 1, "CalRGB": 3, "Lab": 3, "CalCMYK": 4}


@dataclass(frozen=True)
class Space:
    """A resolved colour space: enough to tell which inks a colour value lands in."""
    family: str                      # DeviceCMYK, ICCBased, Indexed, Separation, DeviceN, Pattern, Unknown …
    n: int                           # components of a colour value
    base: Space | None = None        # Indexed base, Separation/DeviceN alternate, ICC alternate, Pattern base
    names: tuple[str, ...] = ()      # Separation/DeviceN colorants; resource name for Unknown
    lookup: bytes = b""              # Indexed palette

    def nodes(self) -> Iterator[Space]:
        node: Space | None = self
        while node is not None:
            yield node
            node = node.base

    def describe(self) -> str:
        if self.family == "ICCBased":
            return f"ICCBased (N={self.n})"
        if self.family in ("Separation", "DeviceN"):
            alt = self.base.describe() if self.base else "?"
            return f"{self.family} {' '.join('/' + n for n in self.names)} (alternate {alt})"
        if self.family in ("Indexed", "Pattern") and self.base:
            return f"{self.family} on {self.base.describe()}"
        if self.family == "Unknown":
            return f"undefined colour space {' '.join(self.names)}"
        return self.family


GRAY = Space("DeviceGray", 1)
CMYK = Space("DeviceCMYK", 4)
RGB = Space("DeviceRGB", 3)


def _bytes(obj: Any) -> bytes:
    try:
        return obj.read_bytes() if isinstance(obj, Stream) else bytes(obj)
    except (TypeError, ValueError, pikepdf.PdfError):
        return b""


def resolve_space(obj: Any, resources: Dictionary | None, depth: int = 0) -> Space:
    """Resolve a colour-space operand, image /ColorSpace or resource entry to a `Space`."""
    if depth > 8:
        return Space("Unknown", 1, names=("(loop)",))
    if isinstance(obj, Name):
        fam = _ABBREV.get(str(obj)[1:], str(obj)[1:])
        if fam in _DEVICE:
            return Space(fam, _DEVICE[fam])
        if fam == "Pattern":
            return Space("Pattern", 1)
        table = resources.get("/ColorSpace") if isinstance(resources, Dictionary) else None
        if isinstance(table, Dictionary) and str(obj) in table:
            return resolve_space(table[str(obj)], resources, depth + 1)
        return Space("Unknown", 1, names=(str(obj),))
    if not isinstance(obj, Array) or len(obj) == 0 or not isinstance(obj[0], Name):
        return Space("Unknown", 1, names=("(malformed)",))
    fam = _ABBREV.get(str(obj[0])[1:], str(obj[0])[1:])
    sub = (lambda i: resolve_space(obj[i], resources, depth + 1)) if len(obj) > 1 else None
    if fam in _DEVICE:
        return Space(fam, _DEVICE[fam])
    if fam in _CIE:
        return Space(fam, _CIE[fam])
    if fam == "ICCBased" and len(obj) > 1 and isinstance(obj[1], Stream):
        alt = obj[1].get("/Alternate")
        alternate = resolve_space(alt, resources, depth + 1) if alt is not None else None
        return Space(fam, int(obj[1].get("/N", 3)), alternate)
    if fam == "Indexed" and len(obj) > 3 and sub:
        return Space(fam, 1, sub(1), lookup=_bytes(obj[3]))
    if fam == "Separation" and len(obj) > 2 and sub:
        return Space(fam, 1, sub(2), names=(str(obj[1])[1:],))
    if fam == "DeviceN" and len(obj) > 2 and sub and isinstance(obj[1], Array):
        names = tuple(str(n)[1:] for n in obj[1])
        return Space(fam, len(names), sub(2), names=names)
    if fam == "Pattern":
        return Space(fam, 1, sub(1) if sub else None)
    return Space("Unknown", 1, names=(str(obj[0]),))


def initial_colour(space: Space) -> tuple[float, ...]:
    """The colour a `cs`/`CS` operator selects (PDF 32000 §8.6.8): black, full tint, index 0."""
    if space.family == "DeviceCMYK":
        return (0.0, 0.0, 0.0, 1.0)
    if space.family in ("Separation", "DeviceN"):
        return (1.0,) * space.n
    return (0.0,) * space.n


# ---------------------------------------------------------------------------- walking
@dataclass
class GState:
    """The parts of the graphics state a print check needs."""
    ctm: Matrix = IDENTITY
    fill_space: Space = GRAY
    fill: tuple[float, ...] = (0.0,)
    stroke_space: Space = GRAY
    stroke: tuple[float, ...] = (0.0,)
    line_width: float = 1.0
    op_fill: bool = False
    op_stroke: bool = False
    opm: int = 0
    font_name: str = ""
    font: Any = None
    font_size: float = 0.0
    render_mode: int = 0


@dataclass
class Event:
    kind: str            # colour | paint | text | image | shading | extgstate | form
    gs: GState           # snapshot at the operator
    where: str           # "content stream", or the form/pattern the operator sits in
    name: str = ""       # resource name (/Im0, /GS1 …); for colour events "fill" or "stroke"
    obj: Any = None      # the image stream / inline image, ExtGState, shading or form dictionary
    fill: bool = False   # paint and text: is the fill painted
    stroke: bool = False
    size: float = 0.0    # text: effective size in points (Tf size × text matrix × CTM)
    space: Space | None = None   # colour: the space just selected; image, shading: their /ColorSpace
    data: bytes = b""    # text: the shown strings' bytes (character codes)
    bbox: tuple[float, float, float, float] | None = None   # paint, text, image: where on the page (points)


_PAINT = {"S": (False, True), "s": (False, True), "f": (True, False), "F": (True, False), "f*": (True, False),
          "B": (True, True), "B*": (True, True), "b": (True, True), "b*": (True, True)}
_DEVICE_OPS = {"g": ("fill", GRAY), "G": ("stroke", GRAY), "rg": ("fill", RGB), "RG": ("stroke", RGB),
               "k": ("fill", CMYK), "K": ("stroke", CMYK)}
_TEXT_PAINT = {0: (True, False), 1: (False, True), 2: (True, True), 4: (True, False), 5: (False, True), 6: (True, True)}


def _nums(args: Any) -> tuple[float, ...]:
    return tuple(float(a) for a in args if isinstance(a, (int, float, Decimal)) and not isinstance(a, bool))


def _lookup(resources: Dictionary | None, category: str, name: Any) -> Any:
    table = resources.get(category) if isinstance(resources, Dictionary) else None
    return table.get(str(name)) if isinstance(table, Dictionary) else None


def apply_extgstate(gs: GState, ext: Dictionary) -> None:
    if "/LW" in ext:
        gs.line_width = float(ext.LW)
    if "/OP" in ext:
        gs.op_stroke = bool(ext.OP)
        gs.op_fill = gs.op_stroke if "/op" not in ext else gs.op_fill
    if "/op" in ext:
        gs.op_fill = bool(ext.op)
    if "/OPM" in ext:
        gs.opm = int(ext.OPM)


def walk_page(page: Dictionary) -> Iterator[Event]:
    """Every event of one page's content, forms and tiling patterns included."""
    resources = inherited(page, "/Resources")
    if "/Contents" not in page:
        return
    yield from _walk(page, resources, GState(), "content stream", frozenset(), set())


def _walk(content: Any, resources: Any, gs: GState, where: str, active: frozenset, patterns: set) -> Iterator[Event]:
    try:
        instructions = pikepdf.parse_content_stream(content)
    except (pikepdf.PdfError, TypeError, ValueError) as exc:
        raise ContentError(f"{where}: content cannot be parsed ({exc})") from None
    stack: list[GState] = []
    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY
    leading = 0.0
    path: list[tuple[float, float]] = []       # the current path's points, on the page
    base_ctm = gs.ctm
    for ins in instructions:
        op, args = str(ins.operator), ins.operands
        try:
            if op in _PATH:
                path.extend(_path_points(op, _nums(args), gs.ctm))
            elif op == "n":
                path = []
            elif op == "q":
                stack.append(replace(gs))
            elif op == "Q":
                if stack:
                    gs = stack.pop()
            elif op == "cm":
                gs.ctm = mul(matrix(args), gs.ctm)
            elif op == "w":
                gs.line_width = float(args[0])
            elif op in _PAINT:
                fill, stroke = _PAINT[op]
                yield Event("paint", replace(gs), where, fill=fill, stroke=stroke, bbox=_points_box(path))
                path = []
            elif op in ("cs", "CS"):
                space = resolve_space(args[0], resources)
                which = "fill" if op == "cs" else "stroke"
                _set_colour(gs, which, space, initial_colour(space))
                yield Event("colour", replace(gs), where, which, space=space)
            elif op in _DEVICE_OPS:
                which, space = _DEVICE_OPS[op]
                _set_colour(gs, which, space, _nums(args))
                yield Event("colour", replace(gs), where, which, space=space)
            elif op in ("sc", "scn", "SC", "SCN"):
                which = "fill" if op in ("sc", "scn") else "stroke"
                space = gs.fill_space if which == "fill" else gs.stroke_space
                _set_colour(gs, which, space, _nums(args))
                if args and isinstance(args[-1], Name):
                    yield from _pattern(args[-1], resources, gs, where, active, patterns, base_ctm)
            elif op == "gs":
                ext = _lookup(resources, "/ExtGState", args[0])
                if isinstance(ext, Dictionary):
                    apply_extgstate(gs, ext)
                    yield Event("extgstate", replace(gs), where, str(args[0]), ext)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tm":
                tm = tlm = matrix(args)
            elif op in ("Td", "TD"):
                tx, ty = _nums(args)[:2]
                leading = -ty if op == "TD" else leading
                tm = tlm = mul((1, 0, 0, 1, tx, ty), tlm)
            elif op == "T*":
                tm = tlm = mul((1, 0, 0, 1, 0, -leading), tlm)
            elif op == "TL":
                leading = _nums(args)[0]
            elif op == "Tf":
                gs.font_name, gs.font_size = str(args[0]), float(args[1])
                gs.font = _lookup(resources, "/Font", args[0])
            elif op == "Tr":
                gs.render_mode = int(args[0])
            elif op in ("Tj", "TJ", "'", '"'):
                fill, stroke = _TEXT_PAINT.get(gs.render_mode, (False, False))
                if op in ("'", '"'):
                    tm = tlm = mul((1, 0, 0, 1, 0, -leading), tlm)
                size = abs(gs.font_size) * y_len(mul(tm, gs.ctm))
                data = _string_bytes(args[-1] if args else b"")
                m = mul(tm, gs.ctm)
                run = 0.6 * gs.font_size * max(1, len(data) // 2)          # a rough advance: codes of 2 bytes
                box = _points_box([_apply(m, 0, -0.2 * gs.font_size), _apply(m, run, gs.font_size)])
                yield Event("text", replace(gs), where, gs.font_name, gs.font, fill, stroke, size, data=data, bbox=box)
            elif op == "sh":
                sh = _lookup(resources, "/Shading", args[0])
                yield Event("shading", replace(gs), where, str(args[0]), sh, space=_space_of(sh, resources))
            elif op == "INLINE IMAGE":
                yield Event("image", replace(gs), where, "inline image", args[0],
                            space=_space_of(args[0].obj, resources), bbox=unit_box(gs.ctm))
            elif op == "Do":
                yield from _xobject(str(args[0]), resources, gs, where, active, patterns)
        except (IndexError, ValueError, TypeError, AttributeError, KeyError):
            continue                 # a malformed operator: a renderer skips it, so do we


_PATH = {"m", "l", "c", "v", "y", "re"}


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


def _path_points(op: str, v: tuple[float, ...], ctm: Matrix) -> list[tuple[float, float]]:
    if op == "re" and len(v) == 4:
        x, y, w, h = v
        return [_apply(ctm, x, y), _apply(ctm, x + w, y + h), _apply(ctm, x + w, y), _apply(ctm, x, y + h)]
    return [_apply(ctm, v[i], v[i + 1]) for i in range(0, len(v) - 1, 2)]


def _points_box(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def unit_box(m: Matrix) -> tuple[float, float, float, float] | None:
    """Where the unit square lands under m: an image's box on the page."""
    return _points_box([_apply(m, 0, 0), _apply(m, 1, 0), _apply(m, 0, 1), _apply(m, 1, 1)])


def _string_bytes(arg: Any) -> bytes:
    """The bytes of a Tj string or of a TJ array's strings (the character codes shown)."""
    if isinstance(arg, Array):
        return b"".join(bytes(a) for a in arg if isinstance(a, pikepdf.String))
    try:
        return bytes(arg)
    except (TypeError, ValueError):
        return b""


def _space_of(d: Any, resources: Any) -> Space | None:
    """The /ColorSpace of an image or shading dictionary (None for stencil masks and JPX without one)."""
    if not isinstance(d, Dictionary | Stream) or d.get("/ImageMask", False) or "/ColorSpace" not in d:
        return None
    return resolve_space(d.ColorSpace, resources)


def _set_colour(gs: GState, which: str, space: Space, values: tuple[float, ...]) -> None:
    if which == "fill":
        gs.fill_space, gs.fill = space, values
    else:
        gs.stroke_space, gs.stroke = space, values


def _xobject(name: str, resources: Any, gs: GState, where: str, active: frozenset, patterns: set) -> Iterator[Event]:
    x = _lookup(resources, "/XObject", name)
    if not isinstance(x, Stream):
        return
    if x.get("/Subtype") == "/Image":
        yield Event("image", replace(gs), where, name, x, space=_space_of(x, resources), bbox=unit_box(gs.ctm))
    elif x.get("/Subtype") == "/Form":
        key = x.objgen
        yield Event("form", replace(gs), where, name, x)
        if key in active or len(active) >= MAX_DEPTH:
            return
        inner = replace(gs, ctm=mul(matrix(x.get("/Matrix", IDENTITY)), gs.ctm))
        res = x.get("/Resources", resources)
        yield from _walk(x, res, inner, f"form {name} (obj {objnum(x)})", active | {key}, patterns)


def _pattern(name: Name, resources: Any, gs: GState, where: str, active: frozenset, patterns: set,
             base_ctm: Matrix) -> Iterator[Event]:
    """A pattern selected as colour: a shading pattern is a shading; a tiling pattern is walked once per page."""
    pat = _lookup(resources, "/Pattern", name)
    if not isinstance(pat, Dictionary | Stream):
        return
    ctm = mul(matrix(pat.get("/Matrix", IDENTITY)), base_ctm)
    if isinstance(pat.get("/ExtGState"), Dictionary):
        yield Event("extgstate", replace(gs), where, str(name), pat.ExtGState)
    if pat.get("/PatternType") == 2:
        sh = pat.get("/Shading")
        yield Event("shading", replace(gs, ctm=ctm), where, str(name), sh, space=_space_of(sh, resources))
    elif isinstance(pat, Stream) and pat.objgen not in patterns and len(active) < MAX_DEPTH:
        patterns.add(pat.objgen)
        yield from _walk(pat, pat.get("/Resources"), GState(ctm=ctm), f"pattern {name} (obj {objnum(pat)})",
                         active | {pat.objgen}, patterns)
