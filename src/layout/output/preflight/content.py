"""What a page paints: rules 17–19 and 23–25 on the events of `pdfwalk` (colour, transparency, text, paths).

Images are in `images.py`, glyph coverage in `glyphs.py`. Every finding names the object and what
to do; paths, text and images carry their box on the page so the report can mark it.
"""
from __future__ import annotations

from typing import Any

from pikepdf import Array, Dictionary, Name

from ..pdfread import black_only, colour_inks, is_embedded, overprints
from ..pdfwalk import Event, inherited, mean_scale, objnum, resolve_space, walk_page
from . import glyphs, images
from .colour import RGB_LIKE, check_space
from .model import Run

EPS = 1e-3


def content(run: Run, page: Dictionary, intent: str | None) -> None:
    """Walk one page and check every event; `intent` is the output intent's colour space (CMYK, RGB, GRAY)."""
    group = page.get("/Group")
    if isinstance(group, Dictionary) and group.get("/S") == "/Transparency":
        _group(run, group, "page", page.get("/Resources"), intent)
    handlers = {"colour": lambda r, e: check_space(r, e.space, e.where, f"{e.name} colour", intent),
                "shading": lambda r, e: _on_shading(r, e, intent), "paint": _on_paint, "text": _on_text,
                "image": lambda r, e: images.on_image(r, e, intent), "extgstate": _on_extgstate,
                "form": lambda r, e: _on_form(r, e, intent)}
    for event in walk_page(page):
        if event.kind in ("paint", "text", "image", "shading"):
            run.painted += 1
        if event.kind == "image" and event.bbox is not None:
            run.images.append(event.bbox)
        handlers[event.kind](run, event)


def _on_shading(run: Run, ev: Event, intent: str | None) -> None:
    check_space(run, ev.space, f"shading {ev.name} (obj {objnum(ev.obj)})", "shading", intent)


def _group(run: Run, group: Dictionary, obj: str, resources: Any, intent: str | None) -> None:
    """Rule 19: a transparency group is transparency (X-1a); its blending space must not be RGB (CMYK delivery)."""
    if run.x1a:
        run.add(19, "error", obj, "transparency group (/Group /S /Transparency)", check="transparency.group",
                fix="flatten transparency on export (PDF/X-1a)")
    cs = group.get("/CS")
    if cs is None:
        return
    space = resolve_space(cs, resources)
    rgb = space.family in RGB_LIKE or (space.family == "ICCBased" and space.n == 3)
    if not rgb:
        return
    device = space.family == "DeviceRGB" and intent != "RGB"
    sev = "error" if device or run.profile.cmyk_only or run.x1a else "warning"
    run.add(19, sev, obj, f"transparency blending colour space {space.describe()}: transparency is composited in "
            "RGB and the colours shift on a CMYK press", check="transparency.blend_rgb",
            fix="set the document blending space to CMYK (Edit › Transparency Blend Space) and export again")


def _on_form(run: Run, ev: Event, intent: str | None) -> None:
    group = ev.obj.get("/Group")
    if isinstance(group, Dictionary) and group.get("/S") == "/Transparency":
        _group(run, group, f"form {ev.name} (obj {objnum(ev.obj)})", ev.obj.get("/Resources"), intent)


def _on_extgstate(run: Run, ev: Event) -> None:
    """Rule 19: alpha, blend modes and soft masks (X-1a), and transfer functions (every PDF/X)."""
    ext, obj = ev.obj, f"ExtGState {ev.name} (obj {objnum(ev.obj)})"
    for key in ("/TR", "/TR2"):
        value = ext.get(key)
        if value is not None and not (isinstance(value, Name) and str(value) == "/Default"):
            run.add(19, "error", obj, f"transfer function ({key[1:]}) in the graphics state: it changes the tone "
                    "values the plate gets", check="gstate.transfer", fix="export without transfer functions "
                    "(remove them in the PDF or in the export settings)")
    if not run.x1a:
        return
    fix = "flatten transparency on export (PDF/X-1a)"
    for key in ("/CA", "/ca"):
        if key in ext and float(ext[key]) < 1:
            run.add(19, "error", obj, f"constant alpha {key[1:]} {float(ext[key]):g}", check="transparency.alpha",
                    fix=fix)
    modes = ext.get("/BM")
    modes = [modes] if isinstance(modes, Name) else list(modes) if isinstance(modes, Array) else []
    if any(str(m) not in ("/Normal", "/Compatible") for m in modes):
        run.add(19, "error", obj, f"blend mode {' '.join(str(m) for m in modes)}", check="transparency.blend",
                fix=fix)
    mask = ext.get("/SMask")
    if mask is not None and not (isinstance(mask, Name) and str(mask) == "/None"):
        run.add(19, "error", obj, "soft mask (SMask)", check="transparency.smask", fix=fix)


def tac_vector(run: Run, ev: Event, inks: dict[str, float] | None, what: str) -> None:
    """Rule 23 for vector colour: C+M+Y+K of a fill or stroke (spot inks are not process ink)."""
    total = 100 * sum(inks.get(c, 0.0) for c in "CMYK") if inks else 0.0
    lim = run.profile
    fix = f"reduce the colour to at most {lim.tac:g} % total ink (e.g. rich black 40/30/30/100 → 0/0/0/100)"
    if total > lim.tac + EPS:
        run.add(23, "error", ev.where, f"{what} ink {total:.0f} % exceeds TAC {lim.tac:g} %", check="ink.object",
                fix=fix, bbox=ev.bbox)
    elif total > lim.tac_warn + EPS:
        run.add(23, "warning", ev.where, f"{what} ink {total:.0f} % above {lim.tac_warn:g} %", check="ink.object",
                fix=fix, bbox=ev.bbox)


def _white(inks: dict[str, float] | None) -> bool:
    return inks is not None and all(v <= EPS for v in inks.values())


def overprint_sanity(run: Run, ev: Event, which: str, inks: dict[str, float] | None, obj: str, what: str) -> None:
    """White set to overprint disappears on press; DeviceGray overprint behaves differently from RIP to RIP."""
    gs = ev.gs
    on, space = (gs.op_fill, gs.fill_space) if which == "fill" else (gs.op_stroke, gs.stroke_space)
    if not on:
        return
    if _white(inks):
        run.add(24, "error", obj, f"white {what} set to overprint: it disappears on press", key=("white", what),
                check="overprint.white", fix="switch overprint off for white objects (knock out)", bbox=ev.bbox)
    elif space.family == "DeviceGray" and black_only(inks):
        run.add(24, "error" if run.profile.gwg else "warning", obj, f"100 % black {what} in DeviceGray set to "
                "overprint: DeviceGray overprint knocks out C, M and Y on some RIPs and not on others",
                key=("gray", what), check="overprint.gray",
                fix="define black as DeviceCMYK 0/0/0/100 with overprint mode 1", bbox=ev.bbox)


def _on_paint(run: Run, ev: Event) -> None:
    """Rules 23–25 for paths: ink, black rules K only and overprinting, no hairlines, no overprinting white."""
    gs = ev.gs
    if ev.fill:
        inks = colour_inks(gs.fill_space, gs.fill)
        tac_vector(run, ev, inks, "fill")
        overprint_sanity(run, ev, "fill", inks, ev.where, "path")
    if not ev.stroke:
        return
    inks = colour_inks(gs.stroke_space, gs.stroke)
    tac_vector(run, ev, inks, "stroke")
    overprint_sanity(run, ev, "stroke", inks, ev.where, "path")
    width = gs.line_width * mean_scale(gs.ctm)
    fix = f"make the line at least {run.profile.hairline:g} pt"
    if gs.line_width <= 0:
        run.add(25, "error", ev.where, "zero-width stroke (the device's thinnest line): newsprint drops it",
                check="line.hairline", fix=fix, bbox=ev.bbox)
    elif width < run.profile.hairline - EPS:
        run.add(25, "error", ev.where, f"stroke {width:.3g} pt thinner than {run.profile.hairline:g} pt: "
                "newsprint drops hairlines", check="line.hairline", fix=fix, bbox=ev.bbox)
    if black_only(inks) and not overprints(gs, "stroke"):
        run.add(24, "warning", ev.where, "black rule does not overprint", check="overprint.black_rule",
                fix="set black rules to overprint", bbox=ev.bbox)
    elif inks and inks.get("K", 0) >= 0.9 and any(inks.get(c, 0) > EPS for c in "CMY"):
        run.add(24, "warning", ev.where, "rich-black rule: black rules should be K only", check="colour.rich_rule",
                fix="make the rule 0/0/0/100", bbox=ev.bbox)


def _on_text(run: Run, ev: Event) -> None:
    """Rule 17 (embedded, Courier, glyphs present), 23 (ink), 24 (small text, overprint) for a text show."""
    font, gs = ev.obj, ev.gs
    base = str(font.get("/BaseFont", "/?"))[1:] if isinstance(font, Dictionary) else "?"
    label = f"font {ev.name} {base}"
    if not isinstance(font, Dictionary):
        run.add(17, "error", f"font {ev.name}", "font not defined in the resources", check="font.missing",
                fix="export again with the fonts embedded")
        return
    if font.objgen not in run.used_fonts:
        run.used_fonts.add(font.objgen)
        if not is_embedded(font):
            run.add(17, "error", label, "font not embedded", check="font.embedded",
                    fix="export with all fonts embedded (subset)")
        if "courier" in base.lower():
            run.add(17, "warning", label, "Courier: usually a substitute for a font that was missing when the file "
                    "was made", check="font.courier", fix="check the text's font and export again with the "
                    "intended font embedded")
    glyphs.check(run, ev, font, label)
    obj = f"text {ev.name} {base}"
    for which, on in (("fill", ev.fill), ("stroke", ev.stroke)):
        inks = colour_inks(*((gs.fill_space, gs.fill) if which == "fill" else (gs.stroke_space, gs.stroke)))
        if on and inks is not None:
            tac_vector(run, ev, inks, f"text {which}")
            overprint_sanity(run, ev, which, inks, obj, "text")
            if ev.size < run.profile.small_text - EPS and not _white(inks):
                _small_text(run, ev, obj, which, inks)


def _small_text(run: Run, ev: Event, obj: str, which: str, inks: dict[str, float]) -> None:
    """Rule 24: small type cannot survive misregistration, so it is one ink — black as K only, overprinting."""
    used = [k for k, v in inks.items() if v > EPS]
    shown, size = " ".join(f"{k} {v:g}" for k, v in inks.items()), f"{ev.size:.3g} pt"
    limit = f"{run.profile.small_text:g} pt"
    if inks.get("K", 0.0) >= 0.9 and any(inks.get(c, 0.0) > EPS for c in "CMY"):
        run.add(24, "error", obj, f"rich black text at {size} ({shown}): text below {limit} must be K only", "rich",
                check="text.rich_black", fix="set small black text in 0/0/0/100", bbox=ev.bbox)
    elif len(used) > 1:
        run.add(24, "error", obj, f"four-colour text at {size} uses {len(used)} inks ({shown}): "
                f"text below {limit} must be one ink", "multi", check="text.small_multi",
                fix="set small text in one ink (or enlarge it)", bbox=ev.bbox)
    elif black_only(inks) and not overprints(ev.gs, which):
        on = ev.gs.op_fill if which == "fill" else ev.gs.op_stroke
        why = "overprints with OPM 0, which still knocks out C, M, Y" if on else "does not overprint"
        run.add(24, "warning", obj, f"black text at {size} {why}", "overprint", check="overprint.black_text",
                fix="set black text to overprint (OPM 1)", bbox=ev.bbox)


def unused_fonts(run: Run) -> None:
    """Unembedded fonts that sit in page resources but paint nothing: harmless to print, some RIPs still complain."""
    for page in run.pdf.pages:
        fonts = (inherited(page.obj, "/Resources") or Dictionary()).get("/Font")
        for name, font in fonts.items() if isinstance(fonts, Dictionary) else []:
            if isinstance(font, Dictionary) and font.objgen not in run.used_fonts and not is_embedded(font):
                run.add(17, "note", f"font {name} {str(font.get('/BaseFont', '/?'))[1:]}",
                        "unused and not embedded (in the resources only)", check="font.unused")
