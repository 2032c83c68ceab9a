"""Rule 18: which colour spaces a delivery allows — by PDF/X level, output intent and profile — and spot colours."""
from __future__ import annotations

from typing import Any

from ..pdfwalk import Space
from .model import Run

X1A_SPACES = {"DeviceCMYK", "DeviceGray", "Separation", "DeviceN", "Indexed", "Pattern"}
RGB_LIKE = {"DeviceRGB", "CalRGB", "Lab"}
PROCESS = {"Cyan", "Magenta", "Yellow", "Black", "None", "All"}
TO_CMYK = "convert it to CMYK with the press profile (ISOnewspaper26v4) before export"


def check_space(run: Run, space: Space | None, obj: str, what: str, intent: str | None,
                bbox: Any = None) -> None:
    """Rule 18: the colour spaces a delivery allows, the registration colour, spot colours."""
    if space is None:
        return
    nodes = list(space.nodes())
    names = [n for node in nodes if node.family in ("Separation", "DeviceN") for n in node.names]
    if "All" in names:
        run.add(24, "error", obj, f"{what} uses the registration colour ({space.describe()})", check="colour.all",
                fix="use 100 % K (or the process inks) instead of the registration colour", bbox=bbox)
    spots = [n for n in names if n not in PROCESS]
    if spots and not run.profile.spots:
        run.add(18, "error", obj, f"{what} uses spot colour {', '.join(spots)} in a CMYK-only delivery",
                key=("spot", tuple(spots)), check="colour.spot", fix="convert the spot colour to CMYK (process) "
                "before export", bbox=bbox)
    if any(n.family == "Unknown" for n in nodes):
        if run.x1a:
            run.add(18, "warning", obj, f"{what}: {space.describe()}", check="colour.unknown",
                    fix="export again: the colour space is not defined")
        return
    fams = {n.family for n in nodes}
    rgb = bool(fams & RGB_LIKE) or any(n.family == "ICCBased" and n.n == 3 for n in nodes)
    if run.x1a and not fams <= X1A_SPACES:
        run.add(18, "error", obj, f"{what} in {space.describe()}: PDF/X-1a allows only DeviceCMYK, DeviceGray, "
                "Separation and DeviceN", check="colour.space", fix=TO_CMYK, bbox=bbox)
    elif "DeviceRGB" in fams and intent != "RGB":
        run.add(18, "error", obj, f"{what} in DeviceRGB with a {intent or 'missing'} output intent: device RGB "
                "has no defined colour on this press", check="colour.rgb", fix=TO_CMYK, bbox=bbox)
    elif "DeviceCMYK" in fams and intent not in (None, "CMYK"):
        run.add(18, "error", obj, f"{what} in DeviceCMYK with a {intent} output intent", check="colour.space",
                fix="export with a CMYK press output intent", bbox=bbox)
    elif rgb and run.profile.cmyk_only:
        run.add(18, "error", obj, f"{what} in {space.describe()}: RGB in a CMYK-only delivery", check="colour.rgb",
                fix=TO_CMYK, bbox=bbox)
