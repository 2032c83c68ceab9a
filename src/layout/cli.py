"""`layout` command line. User mistakes print a clear message and exit 1; never a traceback."""
from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import cliargs, clierrors
from .atomic import check_targets, write_together
from .cachedir import cache_root
from .messages import build_error_text

if TYPE_CHECKING:   # mypy reads the real modules; at run time each is imported when a command first uses it
    from . import build as builder
    from . import intake
    from .desk import app as desk
    from .model import manifest as manifests
    from .model import templates, validate, yamlio
    from .output import layout_read, preflight
    from .pages import assets
    from .review import check, diff, diffpdf, proof, raster, variants
else:
    class _Later:
        """A module imported on its first attribute: `layout check` never loads the PDF writer, `layout build`
        never loads pikepdf or pdfium (README: Speed). importlib, not an import statement: see
        tests/unit/test_architecture.py."""

        def __init__(self, name: str):
            self._name = name

        def __getattr__(self, attr: str) -> Any:
            return getattr(importlib.import_module(self._name), attr)

    builder, intake, manifests = _Later("layout.build"), _Later("layout.intake"), _Later("layout.model.manifest")
    templates = _Later("layout.model.templates")
    validate, yamlio = _Later("layout.model.validate"), _Later("layout.model.yamlio")
    layout_read, preflight = _Later("layout.output.layout_read"), _Later("layout.output.preflight")
    assets = _Later("layout.pages.assets")
    check, diff, diffpdf, proof, raster, variants = (
        _Later(f"layout.review.{m}") for m in ("check", "diff", "diffpdf", "proof", "raster", "variants"))
    desk = _Later("layout.desk.app")


class InputError(Exception):
    """A file the user named that is missing or not what the command reads."""


_ONE_SHOT = False
"""The `layout` command itself (not main() called with arguments by tests or scripts): the process ends after
this command, so what it made need never be collected."""
_KEPT: list[object] = []
"""What a build made, kept to the end when command() runs it: the process then ends without freeing it object by
object (~14 ms of 32 pages)."""
_EXITS_AT_ONCE = False
"""Set by command(): the process ends with os._exit once main() returns."""


def cmd_build(args: argparse.Namespace) -> int:
    gc.disable()    # a one-shot build makes few cycles; the collector's passes over its pages were 0.09 s of 32 pages
    try:
        res = builder.build(args.edition, args.output, allow_overset=args.allow_overset, pdfx=args.pdfx)
    except (builder.OversetError, builder.MissingPhotoError) as exc:
        print(build_error_text(exc), file=sys.stderr)       # the words `layout serve` shows too (messages.py)
        return 1
    finally:
        if _ONE_SHOT:
            gc.freeze()  # what the build made stays: the collector, on again, need not walk it (~20 ms of 32 pages)
        gc.enable()     # (--variants searches afterwards, with the collector as usual)
    if _EXITS_AT_ONCE:
        _KEPT.append(res)
    for w in res.warnings:
        print(w)
    for f in res.composed.fits:
        if f.overset_chars or f.overset_lines or f.underset_lines:
            print(builder.describe_fit(f))
    pages = len(res.composed.pages)
    print(f"wrote {res.pdf} ({pages} page{'s' if pages != 1 else ''}) and {res.json} "
          f"in {res.timings['total']:.2f} s")
    if args.variants:
        if not any(p.auto is not None for p in res.edition.pages):
            print("no page is placed automatically (`auto:`): no variants to write")
            return 0
        return _variants(args.edition, None, args.variants, res.pdf.parent / "variants", 100.0)
    return 0


def cmd_variants(args: argparse.Namespace) -> int:
    """Exit 0: written; 2: no such automatic page."""
    return _variants(args.edition, args.page, args.n, args.output, args.dpi)


def _variants(edition: str, page: int | None, n: int, out: str | Path | None, dpi: float) -> int:
    try:
        res = variants.make_variants(edition, page, n, out, dpi)
    except variants.VariantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for pv in res.pages:
        more = "" if len(pv.variants) >= n else f" (asked for {n}: the search found no more)"
        print(f"page {pv.page}: {len(pv.variants)} distinct placement(s), best first{more}")
        for k, v in enumerate(pv.variants, 1):
            print(variants.describe(k, v, built=k == min(pv.pinned, len(pv.variants))))
        print(f"  pin one with `variant: K` under page {pv.page}'s auto: in the manifest (e.g. "
              f"`auto: {{…, variant: {min(2, len(pv.variants))}}}`), or write it out as blocks with "
              f"`layout place {edition} --page {pv.page} --variant K`")
        if pv.pdfs:
            print(f"  wrote {pv.pdfs[0].name} … {pv.pdfs[-1].name}, their PNGs and {pv.sheet}")
    t = res.timings
    print(f"variants in {res.folder}: search {t['search']:.2f} s, compose {t['compose']:.2f} s, "
          f"render {t['render']:.2f} s (PDF and PNG)")
    return 0


def cmd_place(args: argparse.Namespace) -> int:
    """Exit 0: written; 2: not an automatic page, or no such variant."""
    try:
        res = variants.place_page(args.edition, args.page, args.variant)
    except variants.VariantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if res.note:
        print(f"note: {res.note}")
    print(f"page {res.page}: variant {res.variant} (score {res.variant_score:g}) written to "
          f"{res.manifest} as {len(res.blocks)} blocks in place of its auto: (kept in a comment)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Exit 0: no errors; 1: rule errors (or no layout.json there); 2: the file is not a layout.json/2."""
    try:
        doc = layout_read.load_layout(args.build)
    except FileNotFoundError as exc:
        raise InputError(str(exc)) from None
    except layout_read.LayoutFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = check.check(doc)
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


def cmd_proof(args: argparse.Namespace) -> int:
    res = proof.make_proof(args.edition, rev=args.rev, dpi=args.dpi, watermark=not args.no_stamp,
                           root=cliargs.root_folder(args.root))
    if res.existing:                  # same content as a revision already proofed: reported, not rewritten
        print(f"unchanged: the content is revision {res.rev} ({res.folder}), proofed before; nothing written")
        return 0
    if res.missing:
        print(assets.missing_warning(list(res.missing)))
    print(f"proof {res.rev}: {res.pdf}, {len(res.pngs)} page PNG(s) at {args.dpi:g} dpi, {res.contact}")
    if res.overset:
        print(f"  overset: {res.overset} characters (marked in red on the proof)")
    if res.errors:
        print(f"  layout check: {res.errors} errors (marked in red; `layout check {res.folder}` lists them)")
    return 0


def cmd_revs(args: argparse.Namespace) -> int:
    where = Path(args.edition).resolve()
    ed_id = where.name if where.is_dir() else where.parent.name
    revs = proof.list_revs(cliargs.root_folder(args.root), ed_id)
    if not revs:
        print(f"no proofs of {ed_id} yet under {args.root}/{ed_id}/revs (make one with `layout proof {args.edition}`)")
        return 0
    for m in revs:
        print(f"{m['rev']:12} {m.get('built', ''):16} pages {','.join(str(p) for p in m.get('pages', []))}  "
              f"errors {m.get('errors', 0)}  overset {m.get('overset_chars', 0)}  {m.get('content_hash', '')[:12]}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Exit 0: nothing changed; 1: something did; 2: an error (like diff)."""
    try:
        res = diff.diff(args.old, args.new, cliargs.root_folder(args.root), visual=not args.no_visual,
                        lang=args.lang)
        if args.pdf:
            diffpdf.write_diff_pdf(res, args.pdf, cache_root())
    except (diff.DiffError, raster.RasterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(res.as_dict(), ensure_ascii=False, indent=1))
    else:
        for line in res.lines():
            print(line)
        if args.pdf:
            print(f"diff PDF: {args.pdf}")
    return 1 if res.changed else 0


def cmd_preflight(args: argparse.Namespace) -> int:
    """Any PDF against a named profile (docs/preflight.md). Exit 0 accepted, 1 rejected, 2 could not check."""
    return preflight.run_cli(args.pdf, profile=args.profile or args.standard, tac=args.tac, min_ppi=args.min_ppi,
                             trim_mm=args.trim, json=args.json, notes=args.warnings, report=args.report,
                             composite=not args.no_ink)


def cmd_serve(args: argparse.Namespace) -> int:
    """The proof desk until Ctrl-C. Exit 1 when the port is taken or an edition is not there."""
    return desk.serve(args.editions, host=args.host, port=args.port, root=cliargs.root_folder(args.root),
                      pdfx=args.pdfx)


def cmd_import(args: argparse.Namespace) -> int:
    copy = Path(args.copy)
    text, converted = cliargs.read_copy(copy)          # UTF-8; GBK and UTF-16 converted (said); empty refused
    folder = Path(args.output) if args.output else Path("issues") / copy.stem
    manifest_path = folder / "edition.yaml"
    check_targets(manifest_path, folder / "import-report.txt")
    templates.load_template(args.template, folder, templates.Where("--template", 0, ""))     # no such template: refused
    rules = frozenset(r.strip() for r in args.rules.split(",")) if args.rules else None
    photos = cliargs.existing_folder(args.photos, "--photos") or (
        str(folder / "photos") if (folder / "photos").is_dir() else None)
    if converted:
        print(converted)
    res = intake.import_copy(text, photos_dir=photos, rules=rules, edition_id=folder.name, paper=args.paper,
                      date=args.date, title=args.title, template=args.template, edition_dir=str(folder))
    manifest = res.manifest
    if manifest_path.is_file():                       # add the story to the edition that is there
        _raw, existing, _node = yamlio.load_manifest(manifest_path)
        manifest = intake.add_story(existing, res)
    schema = validate.SCHEMA_DIR / "manifest.schema.json"
    header = (f"# yaml-language-server: $schema={os.path.relpath(schema, folder)}\n"
              f"# imported from {copy.name} by `layout import`; the changes are in import-report.txt\n")
    report = intake.format_report(res)
    text = yamlio.dump(manifest, header)
    validate.validate(*yamlio.parse(text, str(manifest_path)), "manifest.schema.json", str(manifest_path))
    write_together({manifest_path: text.encode("utf-8"),         # what import writes passes the schema (--paper "")
                    folder / "import-report.txt": (report + "\n").encode("utf-8")})
    print(report)
    print(f"wrote {manifest_path} and {folder / 'import-report.txt'}")
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    rules = frozenset(r.strip() for r in args.rules.split(",")) if args.rules else None
    if args.fix:
        changes = intake.fix_edition(args.edition, rules)
        if changes:
            print(intake.format_changes(changes))
        print(f"fixed {len(changes)} finding(s) in {manifests.find_manifest(args.edition)}")
        return 0
    findings = intake.lint_edition(args.edition, rules)
    if findings:
        print(intake.format_findings(findings))
    print(f"{len(findings)} finding(s){' — `layout lint --fix` applies them' if findings else ''}")
    return 1 if findings else 0


def _count(text: str) -> int:
    """A whole number 1–50 (variants are ranked 1 = the best; the manifest pins at most 50)."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 50:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number from 1 to 50")
    return n


class _IntakeHelp(argparse.HelpFormatter):
    """`layout import --help` and `layout lint --help` fill in the intake's rule names when they print them, so
    building the parser (every command) does not import the intake."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if text and "{rules}" in text:
            text = text.replace("{rules}", ", ".join(intake.RULES))
        if text and "{text_rules}" in text:
            text = text.replace("{text_rules}", ", ".join(intake.TEXT_RULES))
        return text


def _json_error(words: list[str]) -> Callable[[str], NoReturn]:
    """`layout preflight --json` promises JSON whatever happens: a bad flag value too is one JSON object, exit 2."""
    rest = words[words.index("preflight") + 1:] if "preflight" in words else []
    pdf = next((a for a in rest if not a.startswith("-")), "")

    def error(message: str) -> NoReturn:
        print(json.dumps({"file": pdf, "verdict": "not checked", "damaged": False,
                          "error": f"layout preflight: {message}"}, ensure_ascii=False))
        raise SystemExit(2)
    return error


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
    b.add_argument("--variants", type=_count, metavar="N", default=0,
                   help="after the build, also write the N best placements of each automatic page, as "
                        "`layout variants` does, into <output>/variants")
    b.set_defaults(func=cmd_build)
    va = sub.add_parser("variants", help="the n best placements of automatic pages: a proof PDF and PNG each, "
                                         "a contact sheet, scores")
    va.add_argument("edition", help="edition folder (with edition.yaml) or manifest file")
    va.add_argument("--page", type=int, help="only this page (default: every automatic page)")
    va.add_argument("-n", type=_count, default=5, help="how many placements per page (default 5, at most 50)")
    va.add_argument("-o", "--output", help="output folder (default build/<edition>/variants)")
    va.add_argument("--dpi", type=cliargs.dpi, default=100.0, help="PNG resolution (default 100)")
    va.set_defaults(func=cmd_variants)
    pl = sub.add_parser("place", help="write an automatic page's placement into edition.yaml as explicit blocks "
                                      "(comments kept)")
    pl.add_argument("edition", help="edition folder (with edition.yaml) or manifest file")
    pl.add_argument("--page", type=int, required=True, help="the automatic page")
    pl.add_argument("--variant", type=_count, help="which placement, 1 = the best (default: the one the page "
                                                   "pins with `variant:`, else 1)")
    pl.set_defaults(func=cmd_place)
    c = sub.add_parser("check", help="check a build against the typesetting rules (reference rules 1–15)")
    c.add_argument("build", help="build folder (with layout.json) or a layout.json file")
    c.add_argument("--json", action="store_true", help="findings and summary as JSON")
    c.add_argument("--warnings", action="store_true", help="list warnings too, not only errors")
    c.set_defaults(func=cmd_check)
    pr = sub.add_parser("proof", help="a proof set for a revision: PDF with slug and marks, PNG pages, contact sheet")
    pr.add_argument("edition", help="edition folder")
    pr.add_argument("--rev", type=cliargs.rev_id, help="revision id (default: from the content hash)")
    pr.add_argument("--dpi", type=cliargs.dpi, default=100.0, help="PNG resolution (default 100)")
    pr.add_argument("--no-stamp", action="store_true", help="leave out the 「校样」 stamp")
    pr.add_argument("--root", default="build", help="where build/<edition>/revs/ lives (default build)")
    pr.set_defaults(func=cmd_proof)
    rv = sub.add_parser("revs", help="list the proof revisions of an edition")
    rv.add_argument("edition", help="edition folder")
    rv.add_argument("--root", default="build")
    rv.set_defaults(func=cmd_revs)
    df = sub.add_parser("diff", help="what changed between two revisions, build folders or PDFs")
    df.add_argument("old", help="revision id, build folder or PDF")
    df.add_argument("new", help="revision id, build folder or PDF")
    df.add_argument("--json", action="store_true", help="the changes as JSON")
    df.add_argument("--pdf", help="write a diff PDF for editors here")
    df.add_argument("--no-visual", action="store_true", help="content diff only (no rendering)")
    df.add_argument("--lang", choices=("zh", "en"), help="report language (default: zh for a Chinese edition)")
    df.add_argument("--root", default="build", help="where revisions live (default build)")
    df.set_defaults(func=cmd_diff)
    pf = sub.add_parser("preflight", help="check any PDF against a named profile: PDF/X-1a, PDF/X-4, GWG 2015 "
                                          "newspaper (exit 0 accepted, 1 rejected, 2 could not check)")
    pf.add_argument("pdf", help="the PDF to check")
    pf.add_argument("--profile", help="auto (what the file claims, or its template's choice), x1a, x1a:2003, x4, "
                                      "gwg-news or gwg-newsads (docs/preflight.md)")
    pf.add_argument("--standard", default="auto", help=argparse.SUPPRESS)     # the old name of --profile
    pf.add_argument("--tac", type=cliargs.positive, help="total ink limit in %% (default: the profile's, 240)")
    pf.add_argument("--min-ppi", type=cliargs.positive, help="lowest effective image resolution (default: the "
                                                               "profile's, 150; GWG 100)")
    pf.add_argument("--trim", type=cliargs.size_mm, help="expected trim size in mm, e.g. 390x546")
    pf.add_argument("--json", action="store_true", help="the result as JSON (also when the file cannot be read)")
    pf.add_argument("--report", help="write a report a printer can file: report.html or report.pdf")
    pf.add_argument("--no-ink", action="store_true", help="skip the composited ink render (Ghostscript)")
    pf.add_argument("--warnings", action="store_true", help="also list notes")
    pf.set_defaults(func=cmd_preflight)
    words = list(argv if argv is not None else sys.argv[1:])
    if "--json" in words:
        setattr(pf, "error", _json_error(words))          # noqa: B010  (an instance's own error(), not the class's)
    im = sub.add_parser("import", help="plain-text copy → an edition manifest, cleaned, with a report of changes",
                        formatter_class=_IntakeHelp)
    im.add_argument("copy", help="the copy (UTF-8 text)")
    im.add_argument("-o", "--output", help="edition folder (default issues/<copy name>); an existing edition gets "
                                           "the story added")
    im.add_argument("--photos", help="folder of photos, matched in name order to the captions")
    im.add_argument("--rules", help="normalisation rules to apply, comma-separated (default all: {rules})")
    im.add_argument("--paper", default="衡阳日报")
    im.add_argument("--date", type=cliargs.iso_date, default="2021-12-31")
    im.add_argument("--title", default="年终特别报道")
    im.add_argument("--template", default="broadsheet")
    im.set_defaults(func=cmd_import)
    li = sub.add_parser("lint", help="the copy rules over an edition's text: report (or --fix) ASCII punctuation, "
                                     "quotes, spaces, …", formatter_class=_IntakeHelp)
    li.add_argument("edition", help="edition folder")
    li.add_argument("--fix", action="store_true", help="apply the fixes to edition.yaml (comments kept)")
    li.add_argument("--rules", help="rules to apply, comma-separated (default: {text_rules})")
    li.set_defaults(func=cmd_lint)
    se = sub.add_parser("serve", help="the proof desk in the browser: pages rebuilt on every save, check findings "
                                      "where they are, proof revisions side by side")
    se.add_argument("editions", nargs="*", metavar="EDITION_DIR",
                    help="edition folders (default: every edition under ./issues)")
    se.add_argument("--port", type=cliargs.port, default=8765, help="TCP port (default 8765)")
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine "
                                                        "only; the desk has no login)")
    se.add_argument("--root", default="build", help="where <edition>/desk/ and <edition>/revs/ live (default build)")
    se.add_argument("--pdfx", choices=["1a", "4", "none"], default="none",
                    help="what the desk builds (default none: a plain RGB PDF, missing photos as placeholders)")
    se.set_defaults(func=cmd_serve)
    args = parser.parse_args(argv)
    global _ONE_SHOT
    _ONE_SHOT = argv is None
    func: Callable[[argparse.Namespace], int] = args.func
    code = clierrors.run(func, args, InputError)     # user errors: a message, exit 1 (2: diff, preflight)
    if argv is None:
        gc.freeze()     # the process ends now: its last collection need not walk all it made (~15 ms of a build)
    return code


def command() -> NoReturn:
    """The `layout` command (and `python -m layout`): main(), then the process ends at once. Everything is
    written and closed by then (outputs atomically, stdout and stderr flushed here); what is left is memory, which
    the system takes back whole, where the interpreter's own exit would free every object of the pages first."""
    global _EXITS_AT_ONCE
    _EXITS_AT_ONCE = True
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):       # a closed pipe (`layout … | head`): nothing more can be said
            pass
    os._exit(code)


if __name__ == "__main__":
    command()
