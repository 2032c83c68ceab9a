"""Preflight any PDF against a named profile: what a newspaper plant checks before it accepts a page.

Profiles (`profiles.py`): PDF/X-1a:2001, PDF/X-1a:2003, PDF/X-4 and the GWG 2015 newspaper profiles;
by default the one the file claims. It trusts no writer, ours included: document rules read the
file's objects with pikepdf (`document`, `pages`), page rules interpret what each content stream
paints (`content`, `colour`, `images`, `glyphs` on `pdfwalk`), and total ink is also measured on the
page as Ghostscript composites it (`ink`). An *error* rejects the file, a *warning* may print badly,
a *note* is worth knowing. docs/preflight.md lists every check.
"""
from __future__ import annotations

from .check import TEMPLATE_KEY, preflight
from .command import Options, run_cli
from .document import REGISTERED_CONDITIONS
from .model import ACCEPTED, NOT_CHECKED, REJECTED, Finding, PreflightError, PreflightReport
from .profiles import PROFILES, X1A_2001, X1A_2003, X4, Profile

__all__ = ["ACCEPTED", "NOT_CHECKED", "PROFILES", "REGISTERED_CONDITIONS", "REJECTED", "TEMPLATE_KEY", "X1A_2001",
           "X1A_2003", "X4", "Finding", "Options", "PreflightError", "PreflightReport", "Profile", "preflight",
           "run_cli"]
