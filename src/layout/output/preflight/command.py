"""`layout preflight`: run a preflight, print it (text or JSON), write the report, give the exit status.

Exit 0 accepted, 1 rejected, 2 could not check. With --json the output is always one JSON object,
also when the file cannot be read (`verdict: "not checked"` and the error).
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

from .check import preflight
from .model import NOT_CHECKED, PreflightError, PreflightReport
from .report import write_report


@dataclass(frozen=True)
class Options:
    pdf: str
    profile: str = "auto"
    tac: float | None = None
    min_ppi: float | None = None
    trim_mm: tuple[float, float] | None = None
    json: bool = False
    notes: bool = False
    report: str | None = None
    composite: bool = True


def run(opts: Options) -> int:
    try:
        report = preflight(opts.pdf, opts.profile, tac=opts.tac, min_ppi=opts.min_ppi, trim_mm=opts.trim_mm,
                           composite=opts.composite)
    except PreflightError as exc:
        if opts.json:
            print(json.dumps({"file": opts.pdf, "verdict": "not checked", "damaged": exc.damaged, "error": str(exc)},
                             ensure_ascii=False))
        else:
            print(f"error: {exc}", file=sys.stderr)
            print(f"{opts.pdf}: not checked (exit {NOT_CHECKED})")
        return NOT_CHECKED
    problem = ""
    if opts.report:
        try:
            write_report(report, opts.pdf, opts.report)
        except OSError as exc:            # the verdict stands; the report the user asked for is missing
            problem = f"{opts.report}: the report cannot be written ({exc.strerror or exc})"
    if opts.json:
        extra = {"error": problem} if problem else {}
        print(json.dumps({"file": opts.pdf, **report.as_dict(), **extra}, ensure_ascii=False, indent=1))
    else:
        print(text(report, opts.pdf, opts.notes))
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return NOT_CHECKED
    return report.exit_code


def text(report: PreflightReport, path: str, notes: bool = False) -> str:
    lines = [str(f) for f in report.findings if notes or f.severity != "note"]
    worst = report.ink.get("worst")
    ink = f", composited ink ≤ {report.ink['max']:g} %" if "max" in report.ink and not worst else ""
    state = " (damaged)" if report.damaged else ""
    level = report.profile if report.profile == report.standard else f"{report.profile} ({report.standard})"
    lines.append(f"{path}: {level}, {report.pages} page(s){ink}: {report.errors} errors, "
                 f"{report.warnings} warnings — {'REJECTED' if report.errors else 'accepted'}{state}")
    return "\n".join(lines)


def run_cli(pdf: str, **options: Any) -> int:
    """`layout preflight`: print the result (text or JSON), write --report; the exit status (0, 1, 2)."""
    return run(Options(pdf, **options))
