"""The faulty-PDF corpus: each case makes one PDF (from the good minimal PDF/X-1a file of tests/pdf/test_preflight,
with ReportLab drawing and pikepdf or raw content changing it) and says what a plant's preflight answers.

A case: the profile it is checked under, the verdict, the check keys of the errors (exactly those), the warning
keys that must be among the warnings, and words the first finding of the first expected key must contain.
"""
from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageCms

from ..pdf.test_preflight import append, build, cmyk_image, make_x4

Draw = Callable | None


@dataclass(frozen=True)
class Case:
    name: str
    profile: str
    verdict: str                          # accepted | rejected
    errors: tuple[str, ...]               # check keys of every error, sorted, duplicates kept out
    words: tuple[str, ...] = ()           # in the message (or fix) of the first finding of the first key
    warnings: tuple[str, ...] = ()        # check keys that must be among the warnings
    extra: Draw = None                    # ReportLab drawing on page 1
    fix: Draw = None                      # pikepdf changes
    pages: int = 1
    version: str = "1.3"
    composite: bool = False
    save: dict = field(default_factory=dict)

    def make(self, folder: Path, assets: Path) -> Path:
        save = dict(self.save)
        return build(folder / f"{self.name}.pdf", assets, self.extra, self.fix, pages=self.pages,
                     force_version=self.version, **save)


def res(pdf: pikepdf.Pdf, kind: str, **entries) -> None:
    """Add resources of one kind (/ExtGState, /ColorSpace, /Font …) to page 1."""
    page = pdf.pages[0]
    table = page.Resources.get(f"/{kind}")
    if table is None:
        page.Resources[f"/{kind}"] = table = Dictionary()
    for name, value in entries.items():
        table[f"/{name}"] = value


def x4(then: Callable[[pikepdf.Pdf], None] | None = None) -> Callable[[pikepdf.Pdf], None]:
    """A pikepdf fix that makes the file PDF/X-4 (press profile, XMP), then applies `then`."""
    def fix(pdf: pikepdf.Pdf) -> None:
        make_x4(pdf)
        if then:
            then(pdf)
    return fix


def srgb(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    return pdf.make_stream(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(), N=3)


def gstate(pdf: pikepdf.Pdf, **keys) -> None:
    res(pdf, "ExtGState", X=Dictionary(**keys))


def font_name(pdf: pikepdf.Pdf) -> str:
    return str(next(iter(pdf.pages[0].Resources.Font.keys())))


def jpeg_image(pdf: pikepdf.Pdf, data: bytes, w: int, h: int) -> pikepdf.Stream:
    return pdf.make_stream(data, Type=Name.XObject, Subtype=Name.Image, Width=w, Height=h, BitsPerComponent=8,
                           ColorSpace=Name.DeviceCMYK, Filter=Name.DCTDecode)


# ------------------------------------------------------------------------- fixes (pikepdf)
def no_xmp(pdf):
    del pdf.Root["/Metadata"]


XMP_TITLE_ONLY = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Seite 1</dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def xmp_without_pdfxid(pdf):
    pdf.Root.Metadata = pdf.make_stream(XMP_TITLE_ONLY, Type=Name.Metadata, Subtype=Name.XML)


def devicergb_fill(pdf):
    append(pdf, b"q 1 0 0 rg 150 20 50 50 re f Q")


def srgb_intent(pdf):
    pdf.Root.OutputIntents[0].DestOutputProfile = srgb(pdf)


def rgb_blend_group(pdf):
    pdf.pages[0].obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceRGB)


def icc_rgb_blend_group(pdf):
    pdf.pages[0].obj.Group = Dictionary(S=Name.Transparency, CS=Array([Name.ICCBased, srgb(pdf)]))


def icc_rgb_image(pdf):
    image = pdf.make_stream(zlib.compress(bytes([200, 40, 40]) * 300 * 300), Type=Name.XObject,
                            Subtype=Name.Image, Width=300, Height=300, BitsPerComponent=8,
                            ColorSpace=Array([Name.ICCBased, srgb(pdf)]), Filter=Name.FlateDecode)
    append(pdf, b"q 72 0 0 72 150 150 cm /Rgb Do Q", Rgb=image)


def white_text_overprint(pdf):
    gstate(pdf, OP=True, op=True, OPM=1)
    append(pdf, b"q /X gs 0 0 0 0 k BT " + font_name(pdf).encode() + b" 14 Tf 20 340 Td <4142> Tj ET Q")


def white_path_overprint(pdf):
    gstate(pdf, OP=True, op=True, OPM=1)
    append(pdf, b"q /X gs 0 0 0 0 k 150 20 60 40 re f Q")


def gray_black_overprint(pdf):
    gstate(pdf, OP=True, op=True, OPM=1)
    append(pdf, b"q /X gs 0 g 150 20 60 40 re f Q")


def pantone(pdf):
    tint = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[0, 0.8, 0.9, 0], N=1)
    res(pdf, "ColorSpace", P=Array([Name.Separation, Name("/PANTONE 185 C"), Name.DeviceCMYK, tint]))
    append(pdf, b"q /P cs 1 sc 150 20 60 40 re f Q")


def annotation(pdf):
    pdf.pages[0].obj.Annots = pdf.make_indirect(Array([Dictionary(Type=Name.Annot, Subtype=Name.Text,
                                                                  Rect=[100, 100, 120, 120], Contents="fix this")]))


def link_annotation(pdf):
    pdf.pages[0].obj.Annots = Array([Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[30, 30, 90, 60],
                                                Border=[0, 0, 0])])


def transfer(pdf):
    fn = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0], C1=[1], N=0.8)
    gstate(pdf, TR=fn)
    append(pdf, b"q /X gs 0 0 0 0.5 k 150 20 60 40 re f Q")


def jpx(pdf):
    buf = io.BytesIO()
    Image.new("L", (300, 300), 90).save(buf, "JPEG2000")
    image = pdf.make_stream(buf.getvalue(), Type=Name.XObject, Subtype=Name.Image, Width=300, Height=300,
                            BitsPerComponent=8, ColorSpace=Name.DeviceGray, Filter=Name.JPXDecode)
    append(pdf, b"q 72 0 0 72 150 150 cm /Jp Do Q", Jp=image)


def layers(pdf):
    ocg = pdf.make_indirect(Dictionary(Type=Name.OCG, Name="Anzeige"))
    pdf.Root.OCProperties = Dictionary(OCGs=[ocg], D=Dictionary(ON=[ocg], Order=[ocg]))


def notdef(pdf):
    append(pdf, b"BT " + font_name(pdf).encode() + b" 9 Tf 20 260 Td <0480> Tj ET")


def zeroed_jpeg(pdf):
    page = pdf.pages[0]
    for _name, x in page.Resources.XObject.items():
        if x.get("/Subtype") == "/Image":
            x.write(bytes(len(x.read_raw_bytes())), filter=Name.DCTDecode)


def courier(pdf):
    for _name, f in pdf.pages[0].Resources.Font.items():
        f.BaseFont = Name("/AAAAAA+Courier")
        f.FontDescriptor.FontName = Name("/AAAAAA+Courier")


def empty_second_page(pdf):
    pdf.pages[1].obj.Contents = pdf.make_stream(b"")


def single_image(pdf):
    page = pdf.pages[0]
    page.Resources.XObject["/Scan"] = pdf.make_stream(
        zlib.compress(bytes([30]) * (1100 * 1500 * 4)), Type=Name.XObject, Subtype=Name.Image, Width=1100,
        Height=1500, BitsPerComponent=8, ColorSpace=Name.DeviceCMYK, Filter=Name.FlateDecode)   # 283 ppi
    page.obj.Contents = pdf.make_stream(b"q 280 0 0 380 10 10 cm /Scan Do Q")


def user_unit(pdf):
    pdf.pages[0].obj.UserUnit = 2


def cropbox_cut(pdf):
    pdf.pages[0].obj.CropBox = Array([50, 50, 250, 350])


def cropbox_outside(pdf):
    pdf.pages[0].obj.MediaBox = Array([0, 0, 320, 420])
    pdf.pages[0].obj.CropBox = Array([0, 0, 310, 410])


def mixed_sizes(pdf):
    pdf.pages[1].obj.TrimBox = Array([10, 10, 250, 390])


def two_intents(pdf):
    oi = pdf.Root.OutputIntents[0]
    pdf.Root.OutputIntents.append(pdf.make_indirect(Dictionary({k: v for k, v in oi.items()})))


def unregistered(pdf):
    pdf.Root.OutputIntents[0].OutputConditionIdentifier = "MyPress 2019"


def rgb_intent_x1a(pdf):
    pdf.Root.OutputIntents[0].OutputConditionIdentifier = "MyPress RGB"
    pdf.Root.OutputIntents[0].DestOutputProfile = srgb(pdf)


def no_title(pdf):
    del pdf.docinfo["/Title"]


def trapped_unknown(pdf):
    pdf.docinfo.Trapped = Name("/Unknown")


def javascript(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS="app.alert('hi')")


def embedded_file(pdf):
    spec = Dictionary(Type=Name.Filespec, F="a.txt", EF=Dictionary(F=pdf.make_stream(b"hello")))
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([pikepdf.String("a.txt"), spec])))


def multiply(pdf):
    gstate(pdf, BM=Name.Multiply)
    append(pdf, b"q /X gs 0 0 0 0.5 k 150 20 60 40 re f Q")


def smask_image(pdf):
    mask = pdf.make_stream(zlib.compress(bytes([128]) * 300 * 300), Type=Name.XObject, Subtype=Name.Image,
                           Width=300, Height=300, BitsPerComponent=8, ColorSpace=Name.DeviceGray,
                           Filter=Name.FlateDecode)
    image = cmyk_image(pdf, 60)
    image.SMask = mask
    append(pdf, b"q 72 0 0 72 150 150 cm /Sm Do Q", Sm=image)


def sixteen_bit(pdf):
    image = pdf.make_stream(zlib.compress(bytes(300 * 300 * 4 * 2)), Type=Name.XObject, Subtype=Name.Image,
                            Width=300, Height=300, BitsPerComponent=16, ColorSpace=Name.DeviceCMYK,
                            Filter=Name.FlateDecode)
    append(pdf, b"q 72 0 0 72 150 150 cm /Sx Do Q", Sx=image)


def ppi_300_4(pdf):
    append(pdf, b"q 71.9 0 0 71.9 150 150 cm /Hi Do Q", Hi=cmyk_image(pdf, 40))


def bitmap_low(pdf):
    image = pdf.make_stream(zlib.compress(bytes(38 * 300)), Type=Name.XObject, Subtype=Name.Image, Width=300,
                            Height=300, BitsPerComponent=1, ColorSpace=Name.DeviceGray, Filter=Name.FlateDecode)
    append(pdf, b"q 72 0 0 72 150 150 cm /Bm Do Q", Bm=image)


def zero_width(pdf):
    append(pdf, b"q 0 w 0 0 0 1 K 20 110 m 200 110 l S Q")


def bleed_outside_media(pdf):
    pdf.pages[0].obj.BleedBox = Array([0, 0, 320, 420])


def art_and_trim(pdf):
    pdf.pages[0].obj.ArtBox = Array([10, 10, 290, 390])


def lab_shading(pdf):
    sh = Dictionary(ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=[0, 0, 100, 0],
                    Function=Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1))
    res(pdf, "Shading", Sh=sh)
    append(pdf, b"q 150 20 60 40 re W n /Sh sh Q")


# ------------------------------------------------------------------------- drawings (ReportLab)
def helvetica(c):
    c.setFont("Helvetica", 14)
    c.drawString(20, 330, "Headline")


def rich_black(c):
    c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
    c.drawString(20, 330, "新闻")


def heavy_fill(c):
    c.setFillColorCMYK(0.8, 0.7, 0.7, 0.7)
    c.rect(150, 20, 50, 50, fill=1, stroke=0)


def hairline(c):
    c.setLineWidth(0.1)
    c.line(20, 120, 200, 120)


def alpha(c):
    c.setFillAlpha(0.5)
    c.rect(150, 20, 50, 50, fill=1, stroke=0)


def registration(c):
    from reportlab.lib.colors import CMYKColorSep
    c.setFillColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))
    c.rect(150, 20, 10, 10, fill=1, stroke=0)


def knockout_text(c):
    c.setFillOverprint(False)
    c.drawString(20, 330, "报")


def photo_under_k(with_overprint: bool) -> Callable[[pikepdf.Pdf], None]:
    """A 200 % photo (50/50/50/50) 100 pt square, and a 100 % K square 50 pt over part of it."""
    def fix(pdf):
        gstate(pdf, OP=with_overprint, op=with_overprint, OPM=1)
        append(pdf, b"q 100 0 0 100 150 150 cm /Ph Do Q q /X gs 0 0 0 1 k 160 160 50 50 re f Q",
               Ph=cmyk_image(pdf, 128))
    return fix


CASES: list[Case] = [
    # the list, item by item
    Case("x4-no-xmp", "x4", "rejected", ("ident.xmp",), ("no XMP metadata",), fix=x4(no_xmp), version="1.6"),
    Case("x4-no-xmp-auto", "auto", "rejected", ("ident.xmp",), ("PDF/X-4 is identified",), fix=x4(no_xmp),
         version="1.6"),
    Case("x4-xmp-without-pdfxid", "auto", "rejected", ("ident.xmp",), ("pdfxid:GTS_PDFXVersion is missing",),
         fix=x4(xmp_without_pdfxid), version="1.6"),
    Case("x4-devicergb-fill", "x4", "rejected", ("colour.rgb",), ("DeviceRGB", "CMYK output intent"),
         fix=x4(devicergb_fill), version="1.6"),
    Case("x4-srgb-intent", "x4", "rejected", ("intent.class",), ("monitor profile",), fix=x4(srgb_intent),
         version="1.6"),
    Case("x4-devicergb-blend", "x4", "rejected", ("transparency.blend_rgb",), ("blending colour space",),
         fix=x4(rgb_blend_group), version="1.6"),
    Case("x4-iccrgb-blend-gwg", "gwg-news", "rejected", ("transparency.blend_rgb",), ("ICCBased (N=3)",),
         fix=x4(icc_rgb_blend_group), version="1.6"),
    Case("x4-iccrgb-image-gwg", "gwg-news", "rejected", ("colour.rgb",), ("CMYK-only", "image"),
         fix=x4(icc_rgb_image), version="1.6"),
    Case("k-overprints-photo", "x1a", "rejected", ("ink.composite",), ("total ink", "mm²", "from the trim's left"),
         fix=photo_under_k(True), composite=True),
    Case("k-knocks-out-photo", "x1a", "accepted", (), composite=True, fix=photo_under_k(False)),
    Case("white-text-overprint", "x1a", "rejected", ("overprint.white",), ("white text", "disappears"),
         fix=white_text_overprint),
    Case("white-path-overprint", "x1a", "rejected", ("overprint.white",), ("white path",), fix=white_path_overprint),
    Case("gray-black-overprint-gwg", "gwg-news", "rejected", ("overprint.gray",), ("DeviceGray", "DeviceCMYK"),
         fix=gray_black_overprint),
    Case("gray-black-overprint-x1a", "x1a", "accepted", (), ("DeviceGray",), ("overprint.gray",),
         fix=gray_black_overprint),
    Case("pantone-gwg", "gwg-news", "rejected", ("colour.spot",), ("PANTONE 185 C", "CMYK-only"), fix=pantone),
    Case("annotation-inside-trim", "x1a", "rejected", ("page.annotation",), ("Text", "inside the trim"),
         fix=annotation),
    Case("link-inside-trim", "x1a", "rejected", ("page.annotation",), ("Link",), fix=link_annotation),
    Case("transfer-function", "x1a", "rejected", ("gstate.transfer",), ("transfer function",), fix=transfer),
    Case("jpx-in-x1a", "x1a", "rejected", ("image.jpx",), ("JPEG 2000", "PDF 1.3"), fix=jpx),
    Case("layers-in-x1a", "x1a", "rejected", ("document.layers",), ("optional content", "1 layer"), fix=layers),
    Case("layers-in-x4-gwg", "gwg-news", "accepted", (), ("optional content",), ("document.layers",),
         fix=x4(layers), version="1.6"),
    Case("notdef", "x1a", "rejected", ("font.notdef",), ("2 character code(s)", "0x04", "0x80", ".notdef"),
         fix=notdef),
    Case("zeroed-jpeg", "x1a", "rejected", ("image.damaged",), ("cannot be decoded", "grey block"),
         fix=zeroed_jpeg),
    Case("courier", "x1a", "accepted", (), ("Courier", "substitute"), ("font.courier",), fix=courier),
    Case("empty-page", "x1a", "accepted", (), ("empty page",), ("page.empty",), fix=empty_second_page, pages=2),
    Case("single-image-page", "x1a", "accepted", (), ("single image page",), ("page.single_image",),
         fix=single_image),
    Case("user-unit", "x1a", "rejected", ("page.scaling",), ("UserUnit 2",), fix=user_unit),
    Case("cropbox-cuts-trim", "x1a", "rejected", ("page.cropbox",), ("cuts into the TrimBox",), fix=cropbox_cut),
    Case("cropbox-differs", "x1a", "accepted", (), ("CropBox",), ("page.cropbox",), fix=cropbox_outside),
    Case("mixed-sizes-gwg", "gwg-news", "rejected", ("page.mixed",), ("mixed page sizes", "on page(s) 2"),
         fix=mixed_sizes, pages=2),
    Case("mixed-sizes-x1a", "x1a", "accepted", (), ("mixed page sizes",), ("page.mixed",), fix=mixed_sizes,
         pages=2),
    Case("ppi-rounding", "x1a", "accepted", (), ("300.4 ppi (above 300",), fix=ppi_300_4),
    Case("x1a-checked-as-x4", "x4", "rejected", ("ident.xmp", "intent.profile"),
         ("no XMP metadata", "Info says PDF/X-1:2001")),
    # PDF/X and newspaper basics
    Case("unembedded-font", "x1a", "rejected", ("font.embedded",), ("Helvetica",), extra=helvetica),
    Case("rich-black-small-text", "x1a", "rejected", ("text.rich_black",), ("rich black text",), extra=rich_black),
    Case("heavy-fill", "x1a", "rejected", ("ink.object",), ("290 %", "exceeds TAC 240"), extra=heavy_fill),
    Case("hairline", "x1a", "rejected", ("line.hairline",), ("0.1 pt",), extra=hairline),
    Case("zero-width-stroke", "x1a", "rejected", ("line.hairline",), ("zero-width",), fix=zero_width),
    Case("alpha-in-x1a", "x1a", "rejected", ("transparency.alpha",), ("ca 0.5",), extra=alpha),
    Case("multiply-in-x1a", "x1a", "rejected", ("transparency.blend",), ("/Multiply",), fix=multiply),
    Case("smask-image-x1a", "x1a", "rejected", ("transparency.smask",), ("soft mask",), fix=smask_image),
    Case("registration-colour", "x1a", "rejected", ("colour.all",), ("registration",),
         extra=registration),
    Case("knockout-small-black", "x1a", "accepted", (), ("does not overprint",), ("overprint.black_text",),
         extra=knockout_text),
    Case("16-bit-image", "x1a", "rejected", ("image.16bit",), ("16-bit",), fix=sixteen_bit),
    Case("bitmap-300ppi", "x1a", "accepted", (), ("1-bit image at 300 ppi",), ("image.resolution",),
         fix=bitmap_low),
    Case("javascript", "x1a", "rejected", ("document.actions",), ("JavaScript",), fix=javascript),
    Case("embedded-file", "x1a", "rejected", ("document.actions",), ("embedded file",), fix=embedded_file),
    Case("two-intents", "x1a", "rejected", ("intent.missing",), ("2 GTS_PDFX output intents",), fix=two_intents),
    Case("unregistered-condition", "x1a", "rejected", ("intent.profile",), ("not a registered condition",),
         fix=unregistered),
    Case("rgb-intent-x1a", "x1a", "rejected", ("intent.class", "intent.space"), ("monitor",),
         fix=rgb_intent_x1a),
    Case("no-title", "x1a", "rejected", ("info.keys",), ("Title missing",), fix=no_title),
    Case("trapped-unknown", "x1a", "rejected", ("info.trapped",), ("/Unknown",), fix=trapped_unknown),
    Case("bleed-outside-media", "x1a", "rejected", ("page.boxes",), ("not inside MediaBox",),
         fix=bleed_outside_media),
    Case("art-and-trim", "x1a", "accepted", (), ("both TrimBox and ArtBox",), ("page.trimbox",), fix=art_and_trim),
    Case("rgb-shading-x1a", "x1a", "rejected", ("colour.space",), ("shading", "DeviceRGB"), fix=lab_shading),
    Case("two-pages-for-an-ad", "gwg-newsads", "rejected", ("page.count",), ("2 pages",), pages=2),
]
