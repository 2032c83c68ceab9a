"""`layout` command line. User mistakes print a clear message and exit 1; never a traceback."""
from __future__ import annotations

import argparse
import sys
from typing import Callable

from .build import OversetError, build, describe_fit
from .model.validate import ManifestError
from .pages.assets import AssetError
from .pages.typeset import CoverageError
from .text.fonts import FontError

USER_ERRORS = (ManifestError, FontError, CoverageError, AssetError)


def cmd_build(args: argparse.Namespace) -> int:
    try:
        res = build(args.edition, args.output, allow_overset=args.allow_overset)
    except OversetError as exc:
        print(f"error: text does not fit; nothing was written ({len(exc.fits)} overset):", file=sys.stderr)
        for f in exc.fits:
            print("  " + describe_fit(f), file=sys.stderr)
        return 1
    for f in res.composed.fits:
        if f.overset_chars or f.overset_lines or f.underset_lines:
            print(describe_fit(f))
    pages = len(res.composed.pages)
    print(f"wrote {res.pdf} ({pages} page{'s' if pages != 1 else ''}) and {res.json} "
          f"in {res.timings['total']:.2f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="layout", description="Chinese newspaper special editions: YAML → print PDF")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build an edition into PDF and layout.json")
    b.add_argument("edition", help="edition folder (with edition.yaml) or manifest file")
    b.add_argument("-o", "--output", help="output folder (default build/<edition>)")
    b.add_argument("--allow-overset", action="store_true", help="write the PDF even when text does not fit")
    b.set_defaults(func=cmd_build)
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
