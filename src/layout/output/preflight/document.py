"""Document-level checks: rules 16 (version, security, actions, layers), 20 (identification, output intent), 21 (Info).

Also tells whether the file is damaged: qpdf repairs a truncated file or a broken cross-reference
table when it opens it and says so in warnings; a repaired file lost objects (often the trailer with
Info and /ID), so the preflight reports the damage instead of what the repair dropped.
"""
from __future__ import annotations

from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from ..pdfread import version_tuple
from ..pdfwalk import objnum
from .model import Run
from .profiles import MAX_VERSION, X1A_2001, X1A_2003, X4

# Registered characterisation names (ICC registry) that need no embedded profile in PDF/X-1a.
# A mutable set on purpose: add a plant's condition name before calling preflight().
REGISTERED_CONDITIONS: set[str] = {
    "IFRA26", "IFRA30", "FOGRA39", "FOGRA51", "FOGRA52", "GRACoL2006_Coated1v2", "CGATS TR 001",
    "CGATS TR 006", "SWOP", "JC200103", "JCN2002", "Japan Color 2011 Coated"}
_DAMAGE_WORDS = ("reconstruct", "damaged", "unexpected eof", "expected endstream", "xref", "eof", "offset")
RESEND = "ask the sender for a new export of the file"


def text(obj: Any) -> str:
    return str(obj).strip() if isinstance(obj, (str, pikepdf.String)) else ""


def info_dict(pdf: pikepdf.Pdf) -> Dictionary:
    info = pdf.trailer.get("/Info")
    return info if isinstance(info, Dictionary) else Dictionary()


def damage(pdf: pikepdf.Pdf, path: str) -> list[str]:
    """What is wrong with the file's structure: qpdf's repair warnings, a missing %%EOF (truncation)."""
    problems = [w.replace(f"{path}: ", "").replace(f"{path} ", "") for w in pdf.get_warnings()
                if any(word in w.lower() for word in _DAMAGE_WORDS)]
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:
        problems.insert(0, "no %%EOF at the end: the file is truncated")
    return problems


def repairs(pdf: pikepdf.Pdf, path: str) -> list[str]:
    """Every warning qpdf gave while objects were read (an unknown token, a bad stream length …): each means a
    malformed file whose content was guessed at."""
    return [w.replace(f"{path}: ", "").replace(f"{path} ", "") for w in pdf.get_warnings()]


def claimed(pdf: pikepdf.Pdf, xmp: dict[str, str]) -> str | None:
    """The standard a file says it meets (Info keys for X-1a, XMP for X-4)."""
    info = info_dict(pdf)
    version, conformance = text(info.get("/GTS_PDFXVersion")), text(info.get("/GTS_PDFXConformance"))
    if xmp.get("pdfxid:GTS_PDFXVersion", "").startswith("PDF/X-4") or version.startswith("PDF/X-4"):
        return X4
    if "2003" in conformance or version.startswith(X1A_2003):
        return X1A_2003
    return X1A_2001 if version.startswith("PDF/X-1") else None


# ---------------------------------------------------------------------------- rule 16: document
def document(run: Run) -> None:
    """Version, encryption, JavaScript, actions, embedded files, layers: a RIP must not run, unpack or choose."""
    pdf = run.pdf
    version = max(version_tuple(pdf.pdf_version), version_tuple(str(pdf.Root.get("/Version", "/0.0"))[1:]))
    limit = MAX_VERSION[run.std]
    if version > limit:
        run.add(16, "error", "header", f"PDF version {version[0]}.{version[1]} above {limit[0]}.{limit[1]} "
                f"allowed by {run.std}", check="document.version",
                fix=f"export again as {run.std} (PDF {limit[0]}.{limit[1]})")
    if pdf.is_encrypted:
        run.add(16, "error", "document", "document is encrypted", check="document.encrypted",
                fix="export without security settings")
    names = pdf.Root.get("/Names")
    for key, what in (("/JavaScript", "document JavaScript"), ("/EmbeddedFiles", "embedded files")):
        if isinstance(names, Dictionary) and key in names:
            run.add(16, "error", "Catalog", f"{what} (Names {key})", check="document.actions",
                    fix="remove it before export")
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, Stream)):
            _scan_actions(run, obj, f"obj {objnum(obj)}", 0)
    _layers(run)


def _scan_actions(run: Run, d: Any, label: str, depth: int) -> None:
    """Actions and file specifications sit in any dictionary, often direct: look a few levels deep."""
    fix = "remove interactive features before export"
    if "/JS" in d or d.get("/S") == "/JavaScript":
        run.add(16, "error", label, "JavaScript action", check="document.actions", fix=fix)
    if "/AA" in d:
        run.add(16, "error", label, "additional actions (AA)", check="document.actions", fix=fix)
    if "/EF" in d:
        run.add(16, "error", label, "embedded file (file specification with /EF)", check="document.actions", fix=fix)
    for key, value in d.items() if depth < 3 else ():
        if key != "/Parent" and isinstance(value, Dictionary) and not value.is_indirect:
            _scan_actions(run, value, label, depth + 1)


def _layers(run: Run) -> None:
    """Optional content (layers): not in PDF 1.3, so not in X-1a; in X-4 a RIP may print another layer set."""
    oc = run.pdf.Root.get("/OCProperties")
    if not isinstance(oc, Dictionary):
        return
    groups = oc.get("/OCGs")
    n = len(groups) if isinstance(groups, Array) else 0
    fix = "flatten the layers (merge the visible ones) and export again"
    if run.x1a:
        run.add(16, "error", "Catalog OCProperties", f"optional content ({n} layer(s)): PDF/X-1a has no layers",
                check="document.layers", fix=fix)
    elif run.profile.gwg:
        run.add(16, "warning", "Catalog OCProperties", f"optional content ({n} layer(s)): what prints depends on "
                "the RIP's layer settings", check="document.layers", fix=fix)


# ---------------------------------------------------------------------------- rule 20: identification, intent
def output_intent(run: Run, xmp: dict[str, str]) -> str | None:
    """One GTS_PDFX output intent naming the press condition; returns its colour space (CMYK, RGB, GRAY) if known."""
    intents = run.pdf.Root.get("/OutputIntents")
    pdfx = [oi for oi in intents if isinstance(oi, Dictionary) and oi.get("/S") == "/GTS_PDFX"] \
        if isinstance(intents, Array) else []
    fix = "export with the press's output intent (e.g. IFRA26, ISOnewspaper26v4)"
    if len(pdfx) != 1:
        run.add(20, "error", "OutputIntents", f"{len(pdfx)} GTS_PDFX output intents (exactly one allowed)" if pdfx
                else "no output intent with /S /GTS_PDFX", check="intent.missing", fix=fix)
    space = None
    if pdfx:
        space = _intent(run, pdfx[0], fix)
    identification(run, xmp)
    return space


def _intent(run: Run, oi: Dictionary, fix: str) -> str | None:
    ident, profile = text(oi.get("/OutputConditionIdentifier")), oi.get("/DestOutputProfile")
    space: str | None = None
    if not ident:
        run.add(20, "error", "OutputIntents", "no OutputConditionIdentifier", check="intent.identifier", fix=fix)
    if profile is None and run.std == X4:
        run.add(20, "error", "OutputIntents", "PDF/X-4 needs an embedded DestOutputProfile (ICC)",
                check="intent.profile", fix=fix)
    elif profile is None and _norm(ident) not in {_norm(c) for c in REGISTERED_CONDITIONS}:
        run.add(20, "error", "OutputIntents", f"no DestOutputProfile and {ident!r} is not a registered condition",
                check="intent.profile", fix=fix)
    elif profile is None:
        space = "CMYK"                       # the registered conditions are all CMYK printing
        if "/RegistryName" not in oi:
            run.add(20, "warning", "OutputIntents", "registered condition without RegistryName "
                    "(http://www.color.org)", check="intent.registry", fix="add RegistryName http://www.color.org")
    else:
        header = profile.read_bytes()[:20] if isinstance(profile, Stream) else b""
        if len(header) < 20:
            run.add(20, "error", "OutputIntents", "DestOutputProfile is not an ICC profile stream",
                    check="intent.profile", fix=fix)
            return None
        space, cls = header[16:20].decode("latin1").strip(), header[12:16].decode("latin1")
        if cls != "prtr":
            kind = {"mntr": "a monitor", "scnr": "a scanner", "spac": "a colour-space"}.get(cls, f"a {cls!r}")
            run.add(20, "error", "OutputIntents", f"DestOutputProfile is {kind} profile ({space}), not an output "
                    "(printer) profile: it describes no press", check="intent.class", fix=fix)
        if (run.x1a or run.profile.cmyk_only) and space not in ("CMYK", "GRAY"):
            run.add(20, "error", "OutputIntents", f"DestOutputProfile is {space}, a CMYK delivery needs a CMYK "
                    "press profile", check="intent.space", fix=fix)
            return None
        if cls != "prtr":
            return None                      # no press described: the content is not judged against it
    return space


def _norm(name: str) -> str:
    return "".join(ch for ch in name.upper() if ch.isalnum())


def identification(run: Run, xmp: dict[str, str]) -> None:
    """The file must say which PDF/X it is: Info keys for X-1a, XMP pdfxid for X-4."""
    info = info_dict(run.pdf)
    version, conformance = text(info.get("/GTS_PDFXVersion")), text(info.get("/GTS_PDFXConformance"))
    if run.std == X4:
        claim = xmp.get("pdfxid:GTS_PDFXVersion", "")
        fix = "export as PDF/X-4 (the XMP metadata carries its identification)"
        if not xmp:
            said = f" (Info says {version})" if version else ""
            run.add(20, "error", "XMP metadata", f"no XMP metadata: PDF/X-4 is identified by pdfxid:GTS_PDFXVersion "
                    f"in the XMP{said}", check="ident.xmp", fix=fix)
        elif not claim.startswith("PDF/X-4"):
            run.add(20, "error", "XMP metadata", f"pdfxid:GTS_PDFXVersion is {claim or 'missing'}, expected PDF/X-4",
                    check="ident.xmp", fix=fix)
        return
    fix = f"export as {run.std}"
    if not version.startswith("PDF/X-1"):
        run.add(20, "error", "Info", f"GTS_PDFXVersion is {version or 'missing'}, expected PDF/X-1…",
                check="ident.info", fix=fix)
    elif run.std == X1A_2003 and version == X1A_2003 and not conformance:
        return                                   # :2003 may name itself in GTS_PDFXVersion alone
    elif conformance not in (X1A_2001, X1A_2003):
        run.add(20, "error", "Info", f"GTS_PDFXConformance is {conformance or 'missing'}, expected {run.std}",
                check="ident.info", fix=fix)
    elif conformance != run.std and not (run.std == X1A_2003 and conformance == X1A_2001):   # :2003 takes :2001
        run.add(20, "error", "Info", f"file claims {conformance}, checked as {run.std}", check="ident.info", fix=fix)


# ---------------------------------------------------------------------------- rule 21: Info and ID
def info(run: Run, xmp: dict[str, str]) -> None:
    """Title, dates and a definite Trapped key: the plant's workflow files and traps by them; /ID names the file."""
    d = info_dict(run.pdf)
    fix = "set it in the export settings (document properties)"
    for key, xmp_key in (("/Title", "dc:title"), ("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if not text(d.get(key)) and not (run.std == X4 and xmp.get(xmp_key)):
            run.add(21, "error", "Info", f"{key[1:]} missing", check="info.keys", fix=fix)
    trapped = d.get("/Trapped")
    ok = isinstance(trapped, Name) and str(trapped) in ("/True", "/False")
    if not ok and not (run.std == X4 and xmp.get("pdf:Trapped") in ("True", "False")):
        run.add(21, "error", "Info", "Trapped missing" if trapped is None
                else f"Trapped is {trapped}, not /True or /False", check="info.trapped",
                fix="set Trapped to False (or True if the file was trapped)")
    ident = run.pdf.trailer.get("/ID")
    if not (isinstance(ident, Array) and len(ident) == 2):
        run.add(21, "error", "trailer", "no file identifier /ID", check="info.id", fix="export again (PDF/X needs /ID)")
