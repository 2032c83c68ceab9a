"""`layout` command line. User mistakes print a clear message and exit 1; never a traceback."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from .build import OversetError, ResolutionError, build, describe_fit
from .model.validate import ManifestError
from .output.colour import ColourError
from .output.images import ImageError
from .pages.assets import AssetError
from .pages.typeset import CoverageError
from .review.check import check
from .text.fonts import FontError


class InputError(Exception):
    """A file the user named that is missing or not what the command reads."""


USER_ERRORS = (ManifestError, FontError, CoverageError, AssetError, InputError, ResolutionError, ColourError,
               ImageError)


def cmd_build(args: argparse.Namespace) -> int:
    try:
        res = build(args.edition, args.output, allow_overset=args.allow_overset, pdfx=args.pdfx)
    except OversetError as exc:
        print(f"error: text does not fit; nothing was written ({len(exc.fits)} overset):", file=sys.stderr)
        for f in exc.fits:
            print("  " + describe_fit(f), file=sys.stderr)
        return 1
    for w in res.warnings:
        print(w)
    for f in res.composed.fits:
        if f.overset_chars or f.overset_lines or f.underset_lines:
            print(describe_fit(f))
    pages = len(res.composed.pages)
    print(f"wrote {res.pdf} ({pages} page{'s' if pages != 1 else ''}) and {res.json} "
          f"in {res.timings['total']:.2f} s")
    return 0


def _layout_json(path: str) -> dict:
    p = Path(path)
    p = p / "layout.json" if p.is_dir() else p
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no layout.json here; build the edition first (layout build EDITION)") from None
    except ValueError as exc:
        raise InputError(f"{p}: not a layout.json ({exc})") from None


def cmd_check(args: argparse.Namespace) -> int:
    report = check(_layout_json(args.build))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        for f in report.findings:
            if f.severity == "error" or args.warnings:
                print(f)
        s = report.summary()
        print(f"checked {s['lines_checked']} lines: {s['flush_share']:.1%} of {s['justified_lines']} justified lines "
              f"flush, largest extra space {s['largest_extra_em']:.3f} em, {s['orphans']} 孤字, "
              f"{s['errors']} errors, {s['warnings']} warnings")
    return 1 if report.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="layout", description="Chinese newspaper special editions: YAML → print PDF")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build an edition into PDF and layout.json")
    b.add_argument("edition", help="edition folder (with edition.yaml) or manifest file")
    b.add_argument("-o", "--output", help="output folder (default build/<edition>)")
    b.add_argument("--allow-overset", action="store_true", help="write the PDF even when text does not fit "
                                                                "(the overset is marked on the page)")
    b.add_argument("--pdfx", choices=["1a", "4", "none"], default=None,
                   help="print file standard: 1a = PDF/X-1a:2001 (the template's default), 4 = PDF/X-4, "
                        "none = a plain PDF with RGB photos (a proof)")
    b.add_argument("--print", dest="pdfx", action="store_const", const=None,
                   help="the print file as the template says (PDF/X-1a:2001 unless it says otherwise)")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="check a build against the typesetting rules (reference rules 1–15)")
    c.add_argument("build", help="build folder (with layout.json) or a layout.json file")
    c.add_argument("--json", action="store_true", help="findings and summary as JSON")
    c.add_argument("--warnings", action="store_true", help="list warnings too, not only errors")
    c.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except USER_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
