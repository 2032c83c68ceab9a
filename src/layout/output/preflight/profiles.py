"""Named preflight profiles: which PDF/X level a file must meet and which plant rules apply on top, with limits.

`x1a`, `x1a:2003` and `x4` are the ISO PDF/X levels with the project's newsprint limits (IFRA26: 240 %
ink). The `gwg-news` and `gwg-newsads` profiles follow the items of the Ghent Workgroup's GWG 2015
specification for newspapers (WebCmykNews for pages, NewspaperAds for advertisements, CMYK-only
variants): they keep the PDF/X level the file claims (classic X-1a delivery or X-4) and add the GWG
items — no RGB or spot colours, overprint sanity, Courier, page geometry, empty pages, optional
content, … docs/preflight.md lists every item with its threshold and severity.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

X1A_2001, X1A_2003, X4 = "PDF/X-1a:2001", "PDF/X-1a:2003", "PDF/X-4"
MAX_VERSION = {X1A_2001: (1, 3), X1A_2003: (1, 4), X4: (1, 6)}


@dataclass(frozen=True)
class Profile:
    key: str                     # what --profile takes
    name: str                    # what the report prints
    base: str | None             # the PDF/X level required; None: the level the file claims (else X-4)
    tac: float = 240.0           # % total ink: error above (IFRA26 coldset newsprint)
    tac_warn: float = 220.0      # % : warning above
    tac_area: float = 4.0        # mm²: composited areas smaller than this are not counted (a few pixels of noise)
    min_ppi: float = 150.0       # colour and gray images: error below
    warn_ppi: float = 200.0      # warning below
    max_ppi: float = 300.0       # note above (could be downsampled)
    bitmap_ppi: float = 600.0    # 1-bit images: warning below
    hairline: float = 0.3        # pt: strokes thinner are an error
    small_text: float = 12.0     # pt: text below is one ink, black K only
    gwg: bool = False            # the GWG 2015 items on top of PDF/X
    cmyk_only: bool = False      # no RGB, Lab or ICC RGB anywhere, not even where X-4 allows it
    spots: bool = True           # spot colours (Separation/DeviceN other than process inks) allowed
    max_pages: int = 0           # 0: any number
    trim_mm: tuple[float, float] | None = None

    def with_limits(self, **limits: Any) -> Profile:
        """The profile with the command line's limits (None values keep the profile's)."""
        return replace(self, **{k: v for k, v in limits.items() if v is not None})


_GWG: dict[str, Any] = dict(gwg=True, cmyk_only=True, spots=False, min_ppi=100.0, warn_ppi=150.0, max_ppi=300.0,
            bitmap_ppi=600.0, tac=240.0, tac_warn=220.0)

PROFILES: dict[str, Profile] = {p.key: p for p in (
    Profile("x1a", X1A_2001, X1A_2001),
    Profile("x1a:2003", X1A_2003, X1A_2003),
    Profile("x4", X4, X4),
    Profile("gwg-news", "GWG 2015 newspaper pages (WebCmykNews, CMYK)", None, **_GWG),
    Profile("gwg-newsads", "GWG 2015 newspaper ads (NewspaperAds, CMYK)", None, max_pages=1,
            **_GWG),
)}
_ALIASES = {"auto": "auto", "x1a:2001": "x1a", "pdf/x-1a": "x1a", "pdf/x-1a:2001": "x1a", "pdf/x-1a:2003": "x1a:2003",
            "pdf/x-4": "x4", "gwg": "gwg-news", "gwg2015": "gwg-news", "news": "gwg-news", "ads": "gwg-newsads"}


def lookup(name: str) -> str:
    """A profile key from what a user typed ("auto" stays "auto"); ValueError names the known ones."""
    key = name.strip().lower().replace(" ", "")
    key = _ALIASES.get(key, key)
    if key != "auto" and key not in PROFILES:
        raise ValueError(f"unknown profile {name!r} (use auto, {', '.join(PROFILES)})")
    return key


def for_claim(claim: str | None) -> Profile:
    """The profile a file's own claim selects: its PDF/X level (X-1a:2001 when it claims nothing)."""
    return {X1A_2003: PROFILES["x1a:2003"], X4: PROFILES["x4"]}.get(claim or "", PROFILES["x1a"])
