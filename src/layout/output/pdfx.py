"""PDF/X identification on a ReportLab document: version, Info, OutputIntent, XMP, trailer ID.

ReportLab has no OutputIntent API (print-tooling notes): the catalog gets /OutputIntents
itself, Info is written from our own dictionary (GTS keys, Trapped), X-4 gets an XMP packet.
Dates come from the edition date and the /ID from the content hash, so rebuilding the same
manifest gives the same bytes.

Revision identity: the /ID's first half (and the XMP DocumentID) names the edition — paper, date
and edition id — and stays the same through every revision; the second half (the XMP InstanceID)
and the XMP VersionID come from the content hash, so each revision is told apart by its content and
the same input still gives byte-identical files.
"""
from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reportlab.pdfbase import pdfdoc

from ..cachedir import cache_dir, kept
from ..model.model import Edition
from ..model.paths import ICC_DIR
from ..model.style import Output
from .colour import find_profile

VERSIONS = {"1a": (1, 3), "4": (1, 6), "none": (1, 4)}
_PROFILES: dict[str, bytes] = {}


@dataclass(frozen=True)
class PrintSpec:
    output: Output
    title: str
    author: str
    subject: str
    issued: str                  # ISO date of the edition: CreationDate and ModDate
    content_hash: str            # decides the instance half of /ID, the XMP InstanceID and VersionID
    profile: str | None          # path of the output-condition ICC profile (embedded for X-4)
    creator: str = "layout"
    edition_id: str = ""         # with title and date, decides the document half of /ID (stable per edition)

    @property
    def pdfx(self) -> str:
        return self.output.pdfx


def pdf_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"D:{d.year:04d}{d.month:02d}{d.day:02d}000000+08'00'"


def xmp_date(iso: str) -> str:
    return f"{iso}T00:00:00+08:00"


class _Info(pdfdoc.PDFObject):
    """The document Info dictionary exactly as given (ReportLab's own writes fixed keys only)."""

    def __init__(self, entries: dict):
        self.entries = entries

    def digest(self, md5) -> None:
        pass

    def format(self, document) -> bytes:
        return pdfdoc.PDFDictionary(self.entries).format(document)


def configure(doc: pdfdoc.PDFDocument, spec: PrintSpec) -> None:
    """Make the document a PDF/X file of the spec's level (or a plain identified PDF)."""
    out = spec.output
    doc._pdfVersion = VERSIONS.get(spec.pdfx, (1, 4))
    info = {
        "Title": pdfdoc.PDFString(spec.title), "Author": pdfdoc.PDFString(spec.author),
        "Subject": pdfdoc.PDFString(spec.subject), "Creator": pdfdoc.PDFString(spec.creator),
        "Producer": pdfdoc.PDFString("layout (ReportLab canvas)"),
        "CreationDate": pdfdoc.PDFString(pdf_date(spec.issued)),
        "ModDate": pdfdoc.PDFString(pdf_date(spec.issued)), "Trapped": pdfdoc.PDFName("False"),
    }
    if spec.pdfx == "1a":
        info["GTS_PDFXVersion"] = pdfdoc.PDFString("PDF/X-1:2001")
        info["GTS_PDFXConformance"] = pdfdoc.PDFString("PDF/X-1a:2001")
    elif spec.pdfx == "4":
        info["GTS_PDFXVersion"] = pdfdoc.PDFString("PDF/X-4")
    if out.preflight:
        info["LayoutPreflight"] = pdfdoc.PDFString(out.preflight)     # the template's preflight profile
    doc.info = _Info(info)
    document, instance = identity(spec)
    raw = pdfdoc.DummyDoc()
    doc._ID = b"\n[" + pdfdoc.PDFText(document, enc="raw").format(raw) + \
        pdfdoc.PDFText(instance, enc="raw").format(raw) + b"]\n"
    if spec.pdfx == "none":
        return
    intent = {
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": pdfdoc.PDFString(out.condition),
        "OutputCondition": pdfdoc.PDFString(out.condition_info),
        "Info": pdfdoc.PDFString(out.condition_info), "RegistryName": pdfdoc.PDFString(out.registry),
    }
    if spec.profile and (out.embed_profile or spec.pdfx == "4"):
        icc = pdfdoc.PDFStream(content=compressed_profile(spec.profile), filters=[pdfdoc.PDFZCompress])
        # compressed already: the Filter entry ReportLab would add says so
        icc.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
        icc.dictionary["N"] = 4
        intent["DestOutputProfile"] = doc.Reference(icc, "OutputProfile")
    cat = doc.Catalog
    cat.__NoDefault__ = list(pdfdoc.PDFCatalog.__NoDefault__) + ["OutputIntents"]
    cat.OutputIntents = pdfdoc.PDFArray([doc.Reference(pdfdoc.PDFDictionary(intent), "OutputIntent")])
    if spec.pdfx == "4":
        meta = pdfdoc.PDFStream(content=_xmp(spec, document, instance).encode("utf-8"), filters=[])
        meta.dictionary["Type"] = pdfdoc.PDFName("Metadata")
        meta.dictionary["Subtype"] = pdfdoc.PDFName("XML")
        cat.Metadata = meta


def compressed_profile(path: str) -> bytes:
    """The ICC profile as the PDF holds it, Flate-compressed as ReportLab would: kept by file (path, size, mtime) and
    zlib version, in memory and under $LAYOUT_CACHE/profiles, for compressing a 700 KB newsprint profile is 25 ms of
    every X-4 build."""
    st = os.stat(path)
    key = hashlib.sha256(f"{os.path.abspath(path)}:{st.st_size}:{st.st_mtime_ns}:{zlib.ZLIB_RUNTIME_VERSION}"
                         .encode()).hexdigest()[:32]
    got = _PROFILES.get(key)
    if got is None:
        got = _PROFILES[key] = kept(cache_dir("profiles") / f"{key}.z",
                                    lambda: zlib.compress(Path(path).read_bytes()))
    return got


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def identity(spec: PrintSpec) -> tuple[bytes, bytes]:
    """(document id, instance id), 16 bytes each: the edition (stable over revisions) and this revision's content."""
    edition = f"{spec.title}|{spec.issued}|{spec.edition_id}|{spec.pdfx}"
    document = hashlib.sha256(f"edition:{edition}".encode()).digest()[:16]
    instance = hashlib.sha256(f"{spec.content_hash}:{spec.pdfx}".encode()).digest()[:16]
    return document, instance


def _uuid(digest: bytes) -> str:
    h = digest.hex()
    return f"uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _xmp(spec: PrintSpec, document: bytes, instance: bytes) -> str:
    when = xmp_date(spec.issued)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_esc(spec.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{_esc(spec.author)}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{_esc(spec.creator)}</xmp:CreatorTool>
   <pdf:Producer>layout (ReportLab canvas)</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>{_uuid(document)}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{_uuid(instance)}</xmpMM:InstanceID>
   <xmpMM:VersionID>{instance.hex()[:12]}</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def print_spec(ed: Edition, pdfx: str | None) -> PrintSpec:
    out = ed.template.output if pdfx is None else replace(ed.template.output, pdfx=pdfx)
    profile = None
    if out.pdfx != "none":
        profile = find_profile(out.profile, (ed.base_dir, str(ICC_DIR)))
    return PrintSpec(output=out, title=f"{ed.paper} {ed.date} {ed.title}", author=ed.paper, subject=ed.title,
                     issued=ed.date, content_hash=ed.content_hash, profile=profile, edition_id=ed.id)
