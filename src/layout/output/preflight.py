"""PDF/X-1a and PDF/X-4 preflight for any PDF: what a newspaper plant checks before it accepts a page.

Implements rules 16–25 of docs/rules.md (§7, §9). It trusts no writer, ours
included: document rules read the file's objects with pikepdf, and the page rules (fonts,
colour, transparency, ink, small text, resolution, hairlines) interpret what each content
stream actually paints, forms and patterns included (see `pdfwalk`). An *error* means the
plant rejects the file, a *warning* that it may print badly, a *note* is worth knowing.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from .pdfwalk import (
    ContentError,
    Event,
    Space,
    UndecodableImage,
    black_only,
    box_within,
    colour_inks,
    image_ink_max,
    inherited,
    is_embedded,
    mean_scale,
    objnum,
    overprints,
    read_box,
    read_xmp,
    version_tuple,
    walk_page,
    x_len,
    y_len,
)

X1A_2001, X1A_2003, X4 = "PDF/X-1a:2001", "PDF/X-1a:2003", "PDF/X-4"
_ALIASES = {"x1a": X1A_2001, "x1a:2001": X1A_2001, "x1a:2003": X1A_2003, "x4": X4}
_MAX_VERSION = {X1A_2001: (1, 3), X1A_2003: (1, 4), X4: (1, 6)}
# Registered characterisation names (ICC registry) that need no embedded profile in PDF/X-1a.
# A mutable set on purpose: add a plant's condition name before calling preflight().
REGISTERED_CONDITIONS: set[str] = {
    "IFRA26", "IFRA30", "FOGRA39", "FOGRA51", "FOGRA52", "GRACoL2006_Coated1v2", "CGATS TR 001",
    "CGATS TR 006", "SWOP", "JC200103", "JCN2002", "Japan Color 2011 Coated"}
_X1A_SPACES = {"DeviceCMYK", "DeviceGray", "Separation", "DeviceN", "Indexed", "Pattern"}
SMALL_TEXT = 12.0          # pt: below this, text must be one ink (rule 24)
_EPS = 1e-3


class PreflightError(Exception):
    """The file cannot be preflighted at all (not a PDF, damaged, unknown standard)."""


@dataclass(frozen=True)
class Finding:
    rule: int            # rule number 16..25 (docs/rules.md §9)
    severity: str        # "error" | "warning" | "note"
    page: int            # 1-based, 0 for document-level
    object: str          # what: "image /Im0 (obj 12)", "font /F1 Helvetica", "Info", …
    message: str

    def __str__(self) -> str:
        where = f"page {self.page}" if self.page else "document"
        return f"{where}, {self.object}: rule {self.rule} {self.severity}: {self.message}"


@dataclass
class PreflightReport:
    standard: str        # what was checked: "PDF/X-1a:2001" | "PDF/X-1a:2003" | "PDF/X-4"
    findings: list[Finding]
    pages: int

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def as_dict(self) -> dict:
        return {"standard": self.standard, "pages": self.pages, "errors": self.errors,
                "warnings": self.warnings, "findings": [asdict(f) for f in self.findings]}


@dataclass
class _Run:
    """One preflight in progress: the open file, what is checked, the limits and the findings."""
    pdf: pikepdf.Pdf
    std: str
    limits: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    page: int = 0
    seen: set = field(default_factory=set)
    tac_cache: dict = field(default_factory=dict)     # image objgen → max ink %, images recur on pages
    used_fonts: set = field(default_factory=set)      # font objgens already checked

    @property
    def x1a(self) -> bool:
        return self.std != X4

    def add(self, rule: int, severity: str, obj: str, message: str, key: Any = None) -> None:
        """Record a finding once per (rule, page, object, key — the message by default)."""
        k = (rule, self.page, obj, message if key is None else key)
        if k not in self.seen:
            self.seen.add(k)
            self.findings.append(Finding(rule, severity, self.page, obj, message))


def preflight(path: str, standard: str = "auto", *, tac: float = 240.0, tac_warn: float = 220.0,
              min_ppi: float = 150.0, warn_ppi: float = 200.0, max_ppi: float = 300.0,
              hairline: float = 0.3, trim_mm: tuple[float, float] | None = None) -> PreflightReport:
    """Check one PDF file against PDF/X-1a:2001/:2003 or PDF/X-4 ("auto": the file's own claim, else X-1a:2001)."""
    requested = _requested(standard)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return PreflightReport(requested or X1A_2001, [Finding(16, "error", 0, "document", "encrypted with a user "
                                                               "password; nothing else can be checked")], 0)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise PreflightError(f"{path}: not a readable PDF ({exc})") from None
    limits = dict(tac=tac, tac_warn=tac_warn, min_ppi=min_ppi, warn_ppi=warn_ppi, max_ppi=max_ppi,
                  hairline=hairline, trim_mm=trim_mm)
    with pdf:
        run = _Run(pdf, X1A_2001, limits)
        try:
            xmp = read_xmp(pdf)
            run.std = requested or _claimed(pdf, xmp) or X1A_2001
            _document(run)
            _output_intent(run, xmp)
            _info(run, xmp)
            for run.page, page in enumerate(pdf.pages, 1):
                _boxes(run, page.obj)
                _content(run, page.obj)
            run.page = 0
            _unused_fonts(run)
            return PreflightReport(run.std, run.findings, len(pdf.pages))
        except ContentError as exc:
            raise PreflightError(f"{path}: page {run.page}: {exc}") from None
        except (pikepdf.PdfError, RecursionError, TypeError, ValueError, KeyError, AttributeError) as exc:
            # a structure no check expected (a name where a number belongs …): the file is damaged
            raise PreflightError(f"{path}: damaged PDF ({type(exc).__name__}: {exc})") from None


def _requested(standard: str) -> str | None:
    key = standard.strip().lower().replace("pdf/", "").replace("-", "").replace(" ", "")
    if key == "auto":
        return None
    for alias, std in _ALIASES.items():
        if key in (alias, std.lower().replace("pdf/x-", "x")):
            return std
    raise PreflightError(f"unknown standard {standard!r} (use auto, x1a, x1a:2001, x1a:2003 or x4)")


def _text(obj: Any) -> str:
    return str(obj).strip() if isinstance(obj, (str, pikepdf.String)) else ""


def _info_dict(pdf: pikepdf.Pdf) -> Dictionary:
    info = pdf.trailer.get("/Info")
    return info if isinstance(info, Dictionary) else Dictionary()


def _claimed(pdf: pikepdf.Pdf, xmp: dict[str, str]) -> str | None:
    """The standard a file says it meets (Info keys for X-1a, XMP for X-4)."""
    info = _info_dict(pdf)
    version, conformance = _text(info.get("/GTS_PDFXVersion")), _text(info.get("/GTS_PDFXConformance"))
    if xmp.get("pdfxid:GTS_PDFXVersion", "").startswith("PDF/X-4") or version.startswith("PDF/X-4"):
        return X4
    if "2003" in conformance or version.startswith(X1A_2003):
        return X1A_2003
    return X1A_2001 if version.startswith("PDF/X-1") else None


# ---------------------------------------------------------------------------- rule 16: document
def _document(run: _Run) -> None:
    """Version, encryption, JavaScript, actions and embedded files: a RIP must not execute or unpack anything."""
    pdf = run.pdf
    version = max(version_tuple(pdf.pdf_version), version_tuple(str(pdf.Root.get("/Version", "/0.0"))[1:]))
    limit = _MAX_VERSION[run.std]
    if version > limit:
        run.add(16, "error", "header", f"PDF version {version[0]}.{version[1]} above {limit[0]}.{limit[1]} "
                f"allowed by {run.std}")
    if pdf.is_encrypted:
        run.add(16, "error", "document", "document is encrypted")
    names = pdf.Root.get("/Names")
    for key, what in (("/JavaScript", "document JavaScript"), ("/EmbeddedFiles", "embedded files")):
        if isinstance(names, Dictionary) and key in names:
            run.add(16, "error", "Catalog", f"{what} (Names {key})")
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, Stream)):
            _scan_actions(run, obj, f"obj {objnum(obj)}", 0)


def _scan_actions(run: _Run, d: Any, label: str, depth: int) -> None:
    """Actions and file specifications sit in any dictionary, often direct: look a few levels deep."""
    if "/JS" in d or d.get("/S") == "/JavaScript":
        run.add(16, "error", label, "JavaScript action")
    if "/AA" in d:
        run.add(16, "error", label, "additional actions (AA)")
    if "/EF" in d:
        run.add(16, "error", label, "embedded file (file specification with /EF)")
    for key, value in d.items() if depth < 3 else ():
        if key != "/Parent" and isinstance(value, Dictionary) and not value.is_indirect:
            _scan_actions(run, value, label, depth + 1)


# ---------------------------------------------------------------------------- rules 20, 21: identification
def _output_intent(run: _Run, xmp: dict[str, str]) -> None:
    """One GTS_PDFX output intent naming the press condition; the profile may be omitted only for a registered one."""
    intents = run.pdf.Root.get("/OutputIntents")
    pdfx = [oi for oi in intents if isinstance(oi, Dictionary) and oi.get("/S") == "/GTS_PDFX"] \
        if isinstance(intents, Array) else []
    if len(pdfx) != 1:
        run.add(20, "error", "OutputIntents", f"{len(pdfx)} GTS_PDFX output intents (exactly one allowed)" if pdfx
                else "no output intent with /S /GTS_PDFX")
    if pdfx:
        oi = pdfx[0]
        ident, profile = _text(oi.get("/OutputConditionIdentifier")), oi.get("/DestOutputProfile")
        if not ident:
            run.add(20, "error", "OutputIntents", "no OutputConditionIdentifier")
        if profile is None and run.std == X4:
            run.add(20, "error", "OutputIntents", "PDF/X-4 needs an embedded DestOutputProfile (ICC)")
        elif profile is None and _norm(ident) not in {_norm(c) for c in REGISTERED_CONDITIONS}:
            run.add(20, "error", "OutputIntents", f"no DestOutputProfile and {ident!r} is not a registered condition")
        elif profile is None and "/RegistryName" not in oi:
            run.add(20, "warning", "OutputIntents", "registered condition without RegistryName (http://www.color.org)")
        elif profile is not None:
            header = profile.read_bytes()[:20] if isinstance(profile, Stream) else b""
            if len(header) < 20:
                run.add(20, "error", "OutputIntents", "DestOutputProfile is not an ICC profile stream")
            elif run.x1a and header[16:20] not in (b"CMYK", b"GRAY"):
                run.add(20, "error", "OutputIntents", f"DestOutputProfile is {header[16:20].decode('latin1')}, "
                        "PDF/X-1a needs a CMYK (or gray) press profile")
    _identification(run, xmp)


def _norm(name: str) -> str:
    return "".join(ch for ch in name.upper() if ch.isalnum())


def _identification(run: _Run, xmp: dict[str, str]) -> None:
    """The file must say which PDF/X it is: Info keys for X-1a, XMP pdfxid for X-4."""
    info = _info_dict(run.pdf)
    version, conformance = _text(info.get("/GTS_PDFXVersion")), _text(info.get("/GTS_PDFXConformance"))
    if run.std == X4:
        claim = xmp.get("pdfxid:GTS_PDFXVersion", "") or version
        if not claim.startswith("PDF/X-4"):
            run.add(20, "error", "XMP metadata", f"pdfxid:GTS_PDFXVersion is {claim or 'missing'}, expected PDF/X-4")
    elif not version.startswith("PDF/X-1"):
        run.add(20, "error", "Info", f"GTS_PDFXVersion is {version or 'missing'}, expected PDF/X-1…")
    elif run.std == X1A_2003 and version == X1A_2003 and not conformance:
        return                                   # :2003 may name itself in GTS_PDFXVersion alone
    elif conformance not in (X1A_2001, X1A_2003):
        run.add(20, "error", "Info", f"GTS_PDFXConformance is {conformance or 'missing'}, expected {run.std}")
    elif conformance != run.std:
        run.add(20, "error", "Info", f"file claims {conformance}, checked as {run.std}")


def _info(run: _Run, xmp: dict[str, str]) -> None:
    """Title, dates and a definite Trapped key: the plant's workflow files and traps by them; /ID names the file."""
    info = _info_dict(run.pdf)
    for key, xmp_key in (("/Title", "dc:title"), ("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if not _text(info.get(key)) and not (run.std == X4 and xmp.get(xmp_key)):
            run.add(21, "error", "Info", f"{key[1:]} missing")
    trapped = info.get("/Trapped")
    ok = isinstance(trapped, Name) and str(trapped) in ("/True", "/False")
    if not ok and not (run.std == X4 and xmp.get("pdf:Trapped") in ("True", "False")):
        run.add(21, "error", "Info", "Trapped missing" if trapped is None
                else f"Trapped is {trapped}, not /True or /False")
    ident = run.pdf.trailer.get("/ID")
    if not (isinstance(ident, Array) and len(ident) == 2):
        run.add(21, "error", "trailer", "no file identifier /ID")


# ---------------------------------------------------------------------------- rule 22: page boxes
def _boxes(run: _Run, page: Dictionary) -> None:
    """TrimBox ⊆ BleedBox ⊆ MediaBox: the plant trims and imposes by these boxes; annotations stay outside."""
    media = read_box(inherited(page, "/MediaBox"))
    if media is None:
        run.add(22, "error", "page boxes", "no valid MediaBox")
        return
    trim, art = read_box(page.get("/TrimBox")), read_box(page.get("/ArtBox"))
    bleed = read_box(page.get("/BleedBox")) or read_box(inherited(page, "/CropBox")) or media
    if trim is None and art is None:
        run.add(22, "error", "page boxes", "no TrimBox (or ArtBox)")
    elif trim is not None and art is not None:
        run.add(22, "warning", "page boxes", "both TrimBox and ArtBox (PDF/X wants one)")
    box = trim or art
    if box is not None and not box_within(box, bleed):
        run.add(22, "error", "page boxes", f"{'TrimBox' if trim else 'ArtBox'} {_fmt(box)} not inside "
                f"BleedBox {_fmt(bleed)}")
    if not box_within(bleed, media):
        run.add(22, "error", "page boxes", f"BleedBox {_fmt(bleed)} not inside MediaBox {_fmt(media)}")
    want = run.limits["trim_mm"]
    if box is not None and want is not None:
        w, h = (box[2] - box[0]) / 72 * 25.4, (box[3] - box[1]) / 72 * 25.4
        if abs(w - want[0]) > 0.5 or abs(h - want[1]) > 0.5:
            run.add(22, "error", "page boxes",
                    f"trim {w:.1f} × {h:.1f} mm, expected {want[0]:g} × {want[1]:g} mm (± 0.5)")
    annots = page.get("/Annots")
    for annot in annots if isinstance(annots, Array) else []:
        rect = read_box(annot.get("/Rect")) if isinstance(annot, Dictionary) else None
        kind = str(annot.get("/Subtype", "/?")) if rect else ""
        if rect and kind not in ("/PrinterMark", "/TrapNet") and rect[0] < bleed[2] and rect[2] > bleed[0] \
                and rect[1] < bleed[3] and rect[3] > bleed[1]:
            run.add(22, "warning", f"annotation {kind}", "annotation inside the BleedBox (a RIP may print or drop it)")


def _fmt(box: tuple) -> str:
    return "[" + " ".join(f"{v:g}" for v in box) + "]"


# ---------------------------------------------------------------------------- page content: rules 17–19, 23–25
def _content(run: _Run, page: Dictionary) -> None:
    group = page.get("/Group")
    if run.x1a and isinstance(group, Dictionary) and group.get("/S") == "/Transparency":
        run.add(19, "error", "page", "page transparency group (/Group /S /Transparency)")
    handlers = {"colour": lambda r, e: _check_space(r, e.space, e.where, f"{e.name} colour"),
                "shading": lambda r, e: _check_space(r, e.space, f"shading {e.name} (obj {objnum(e.obj)})", "shading"),
                "paint": _on_paint, "text": _on_text, "image": _on_image, "extgstate": _on_extgstate, "form": _on_form}
    for event in walk_page(page):
        handlers[event.kind](run, event)


def _check_space(run: _Run, space: Space | None, obj: str, what: str) -> None:
    """Rule 18 (X-1a: device CMYK/Gray and spot colours only) and rule 24 (no registration colour /All)."""
    if space is None:
        return
    nodes = list(space.nodes())
    if any("All" in n.names for n in nodes if n.family in ("Separation", "DeviceN")):
        run.add(24, "error", obj, f"{what} uses the registration colour ({space.describe()})")
    if run.x1a and any(n.family == "Unknown" for n in nodes):
        run.add(18, "warning", obj, f"{what}: {space.describe()}")
    elif run.x1a and any(n.family not in _X1A_SPACES for n in nodes):
        run.add(18, "error", obj, f"{what} in {space.describe()}: PDF/X-1a allows only DeviceCMYK, DeviceGray, "
                "Separation and DeviceN")


def _on_form(run: _Run, ev: Event) -> None:
    group = ev.obj.get("/Group")
    if run.x1a and isinstance(group, Dictionary) and group.get("/S") == "/Transparency":
        run.add(19, "error", f"form {ev.name} (obj {objnum(ev.obj)})", "transparency group (/Group /S /Transparency)")


def _on_extgstate(run: _Run, ev: Event) -> None:
    """Rule 19: constant alpha, blend modes and soft masks are transparency, which PDF/X-1a forbids."""
    if not run.x1a:
        return
    ext, obj = ev.obj, f"ExtGState {ev.name} (obj {objnum(ev.obj)})"
    for key in ("/CA", "/ca"):
        if key in ext and float(ext[key]) < 1:
            run.add(19, "error", obj, f"constant alpha {key[1:]} {float(ext[key]):g}")
    modes = ext.get("/BM")
    modes = [modes] if isinstance(modes, Name) else list(modes) if isinstance(modes, Array) else []
    if any(str(m) not in ("/Normal", "/Compatible") for m in modes):
        run.add(19, "error", obj, f"blend mode {' '.join(str(m) for m in modes)}")
    mask = ext.get("/SMask")
    if mask is not None and not (isinstance(mask, Name) and str(mask) == "/None"):
        run.add(19, "error", obj, "soft mask (SMask)")


def _tac_vector(run: _Run, ev: Event, inks: dict[str, float] | None, what: str) -> None:
    """Rule 23 for vector colour: C+M+Y+K of a fill or stroke (spot inks are not process ink)."""
    total = 100 * sum(inks.get(c, 0.0) for c in "CMYK") if inks else 0.0
    if total > run.limits["tac"] + _EPS:
        run.add(23, "error", ev.where, f"{what} ink {total:.0f} % exceeds TAC {run.limits['tac']:g} %")
    elif total > run.limits["tac_warn"] + _EPS:
        run.add(23, "warning", ev.where, f"{what} ink {total:.0f} % above {run.limits['tac_warn']:g} %")


def _on_paint(run: _Run, ev: Event) -> None:
    """Rules 23–25 for paths: ink, black rules K only and overprinting, no hairlines."""
    gs = ev.gs
    if ev.fill:
        _tac_vector(run, ev, colour_inks(gs.fill_space, gs.fill), "fill")
    if not ev.stroke:
        return
    inks = colour_inks(gs.stroke_space, gs.stroke)
    _tac_vector(run, ev, inks, "stroke")
    width = gs.line_width * mean_scale(gs.ctm)
    if gs.line_width <= 0:
        run.add(25, "error", ev.where, "zero-width stroke (the device's thinnest line): newsprint drops it")
    elif width < run.limits["hairline"] - _EPS:
        run.add(25, "error", ev.where, f"stroke {width:.3g} pt thinner than {run.limits['hairline']:g} pt: "
                "newsprint drops hairlines")
    if black_only(inks) and not overprints(gs, "stroke"):
        run.add(24, "warning", ev.where, "black rule does not overprint")
    elif inks and inks.get("K", 0) >= 0.9 and any(inks.get(c, 0) > _EPS for c in "CMY"):
        run.add(24, "warning", ev.where, "rich-black rule: black rules should be K only")


def _on_text(run: _Run, ev: Event) -> None:
    """Rule 17 (the font is embedded; checked once per font), 23 (ink) and 24 (small text) for a text show."""
    font, gs = ev.obj, ev.gs
    base = str(font.get("/BaseFont", "/?"))[1:] if isinstance(font, Dictionary) else "?"
    if not isinstance(font, Dictionary):
        run.add(17, "error", f"font {ev.name}", "font not defined in the resources")
    elif font.objgen not in run.used_fonts:
        run.used_fonts.add(font.objgen)
        if not is_embedded(font):
            run.add(17, "error", f"font {ev.name} {base}", "font not embedded")
    for which, on in (("fill", ev.fill), ("stroke", ev.stroke)):
        inks = colour_inks(*((gs.fill_space, gs.fill) if which == "fill" else (gs.stroke_space, gs.stroke)))
        if on and inks:
            _tac_vector(run, ev, inks, f"text {which}")
            if ev.size < SMALL_TEXT - _EPS:
                _small_text(run, ev, f"text {ev.name} {base}", which, inks)


def _small_text(run: _Run, ev: Event, obj: str, which: str, inks: dict[str, float]) -> None:
    """Rule 24: small type cannot survive misregistration, so it is one ink — black as K only, overprinting."""
    used = [k for k, v in inks.items() if v > _EPS]
    shown, size = " ".join(f"{k} {v:g}" for k, v in inks.items()), f"{ev.size:.3g} pt"
    if inks.get("K", 0.0) >= 0.9 and any(inks.get(c, 0.0) > _EPS for c in "CMY"):
        run.add(24, "error", obj, f"rich black text at {size} ({shown}): text below 12 pt must be K only", "rich")
    elif len(used) > 1:
        run.add(24, "error", obj, f"four-colour text at {size} uses {len(used)} inks ({shown}): "
                "text below 12 pt must be one ink", "multi")
    elif black_only(inks) and not overprints(ev.gs, which):
        on = ev.gs.op_fill if which == "fill" else ev.gs.op_stroke
        why = "overprints with OPM 0, which still knocks out C, M, Y" if on else "does not overprint"
        run.add(24, "warning", obj, f"black text at {size} {why}", "overprint")


def _unused_fonts(run: _Run) -> None:
    """Unembedded fonts that sit in page resources but paint nothing: harmless to print, some RIPs still complain."""
    for page in run.pdf.pages:
        fonts = (inherited(page.obj, "/Resources") or Dictionary()).get("/Font")
        for name, font in fonts.items() if isinstance(fonts, Dictionary) else []:
            if isinstance(font, Dictionary) and font.objgen not in run.used_fonts and not is_embedded(font):
                run.add(17, "note", f"font {name} {str(font.get('/BaseFont', '/?'))[1:]}",
                        "unused and not embedded (in the resources only)")


def _on_image(run: _Run, ev: Event) -> None:
    """Rules 18 (colour space), 19 (soft mask), 23 (ink per pixel) and 25 (resolution) for an image use."""
    inline = ev.name == "inline image"
    d = ev.obj.obj if inline else ev.obj
    label = "inline image" if inline else f"image {ev.name} (obj {objnum(d)})"
    label += "" if ev.where == "content stream" else f" in {ev.where}"
    mask = bool(d.get("/ImageMask", False))
    if not mask:
        _check_space(run, ev.space, label, "image")
    if run.x1a and (isinstance(d.get("/SMask"), Stream) or int(d.get("/SMaskInData", 0) or 0)):
        run.add(19, "error", label, "soft mask (SMask): transparency")
    if not mask and ev.space is not None:
        tac = _image_tac(run, ev, ev.space, d, None if inline else d.objgen)
        if isinstance(tac, str):
            run.add(23, "note", label, f"ink not checked, image not decodable ({tac})")
        elif tac is not None and tac > run.limits["tac"] + _EPS:
            run.add(23, "error", label, f"image ink up to {tac:.0f} % exceeds TAC {run.limits['tac']:g} %")
        elif tac is not None and tac > run.limits["tac_warn"] + _EPS:
            run.add(23, "warning", label, f"image ink up to {tac:.0f} % above {run.limits['tac_warn']:g} %")
    _resolution(run, ev, d, label, mask)


def _image_tac(run: _Run, ev: Event, space: Space, d: Any, key: Any) -> float | str | None:
    """Max ink % of an image (cached per object: a photo may recur), None if not CMYK, a str if undecodable."""
    if key is None or key not in run.tac_cache:
        try:
            tac: float | str | None = image_ink_max(ev.obj, d, space)
        except UndecodableImage as exc:
            tac = str(exc)
        if key is None:
            return tac
        run.tac_cache[key] = tac
    return run.tac_cache[key]


def _resolution(run: _Run, ev: Event, d: Any, label: str, mask: bool) -> None:
    """Rule 25: pixels over placed size, the placed size being the CTM's unit vectors at the Do operator."""
    w_pt, h_pt = x_len(ev.gs.ctm), y_len(ev.gs.ctm)
    if w_pt < _EPS or h_pt < _EPS:
        return
    ppi = min(int(d.get("/Width", 0)) * 72 / w_pt, int(d.get("/Height", 0)) * 72 / h_pt)
    lim = run.limits
    if mask or int(d.get("/BitsPerComponent", 8)) == 1:
        if ppi < 600 - _EPS:
            run.add(25, "warning", label, f"1-bit image at {ppi:.0f} ppi (line art needs 600)")
    elif ppi < lim["min_ppi"] - _EPS:
        run.add(25, "error", label, f"effective resolution {ppi:.0f} ppi (minimum {lim['min_ppi']:g})")
    elif ppi < lim["warn_ppi"] - _EPS:
        run.add(25, "warning", label, f"effective resolution {ppi:.0f} ppi (target {lim['warn_ppi']:g})")
    elif ppi > lim["max_ppi"] + _EPS:
        run.add(25, "note", label, f"effective resolution {ppi:.0f} ppi (above {lim['max_ppi']:g}; "
                "could be downsampled)")
