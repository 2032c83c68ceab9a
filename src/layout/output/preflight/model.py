"""What a preflight produces: findings (what, where, how bad, what to do), the report and its verdict.

A finding names the page (0 for the document), the object, the rule family of docs/rules.md §9
(16–25), a stable check key (`docs/preflight.md` lists them), the severity and, where the place is
known, a box on the page in PDF points — the report marks it on a thumbnail.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pikepdf

from .profiles import Profile

ACCEPTED, REJECTED, NOT_CHECKED = 0, 1, 2
"""Exit statuses of `layout preflight`: accepted, rejected (an error), could not check (unreadable file)."""

Box = tuple[float, float, float, float]


class PreflightError(Exception):
    """The file cannot be preflighted at all (missing, unreadable, not a PDF, unknown profile): exit 2."""

    def __init__(self, message: str, damaged: bool = False):
        super().__init__(message)
        self.damaged = damaged


@dataclass(frozen=True)
class Finding:
    rule: int            # rule family 16..25 (docs/rules.md §9)
    severity: str        # "error" | "warning" | "note"
    page: int            # 1-based, 0 for document-level
    object: str          # what: "image /Im0 (obj 12)", "font /F1 Helvetica", "Info", …
    message: str
    check: str = ""      # stable key: "colour.rgb", "ink.composite" … (docs/preflight.md)
    fix: str = ""        # what to do about it
    bbox: Box | None = None   # where on the page (PDF points, the page's default space), when known

    def __str__(self) -> str:
        where = f"page {self.page}" if self.page else "document"
        text = f"{where}, {self.object}: rule {self.rule} {self.severity}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


@dataclass
class PreflightReport:
    standard: str        # the PDF/X level checked: "PDF/X-1a:2001" | "PDF/X-1a:2003" | "PDF/X-4"
    findings: list[Finding]
    pages: int
    profile: str = ""    # the profile's name, e.g. "GWG 2015 newspaper (WebCmykNews, CMYK)"
    damaged: bool = False
    page_sizes: list[Box] = field(default_factory=list)   # each page's MediaBox, for the report
    ink: dict[str, Any] = field(default_factory=dict)      # composited ink: worst page, place, area, max

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def verdict(self) -> str:
        return "rejected" if self.errors else "accepted"

    @property
    def exit_code(self) -> int:
        return REJECTED if self.errors else ACCEPTED

    def as_dict(self) -> dict:
        return {"standard": self.standard, "profile": self.profile, "verdict": self.verdict,
                "pages": self.pages, "damaged": self.damaged, "errors": self.errors, "warnings": self.warnings,
                "ink": self.ink, "findings": [asdict(f) for f in self.findings]}


@dataclass
class Run:
    """One preflight in progress: the open file, the profile, the PDF/X level and the findings."""
    pdf: pikepdf.Pdf
    profile: Profile
    std: str
    findings: list[Finding] = field(default_factory=list)
    page: int = 0
    seen: set = field(default_factory=set)
    tac_cache: dict = field(default_factory=dict)     # image objgen → max ink %, images recur on pages
    used_fonts: set = field(default_factory=set)      # font objgens already checked
    glyph_cache: dict = field(default_factory=dict)   # font objgen → the glyph table of its embedded program
    painted: int = 0                                  # marks painted on the current page (empty pages)
    images: list = field(default_factory=list)        # boxes of the current page's images (single-image pages)

    @property
    def x1a(self) -> bool:
        return self.std != "PDF/X-4"

    def add(self, rule: int, severity: str, obj: str, message: str, key: Any = None, *, check: str = "",
            fix: str = "", bbox: Box | None = None) -> None:
        """Record a finding once per (rule, page, object, key — the message by default)."""
        k = (rule, self.page, obj, message if key is None else key)
        if k not in self.seen:
            self.seen.add(k)
            self.findings.append(Finding(rule, severity, self.page, obj, message, check, fix,
                                         _round_box(bbox)))


def _round_box(bbox: Box | None) -> Box | None:
    if bbox is None:
        return None
    x0, y0, x1, y1 = (round(v, 1) for v in bbox)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
