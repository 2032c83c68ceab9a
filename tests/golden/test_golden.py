"""Golden tests: every edition in issues/ is built and compared with tests/golden/<edition>/ —
its layout.json field by field, and each page's render against a stored low-resolution PNG.

layout.json sees the composer (every line, cell, block); the renders see the PDF writer, which
layout.json cannot: wrong glyph widths in an embedded font or a flipped TJ adjustment leave the text
and layout.json as they were but move the ink.

Render tolerance (golden.py: DPI, THRESHOLD, MAX_CHANGED), measured on the sample editions: a pixel
changes when its grey level moves by more than 24, a page fails when more than 0.05 % of its pixels do.
Halving the /W widths changes 0.96–1.24 % of each page at 20 dpi, flipping the TJ adjustments 0.82–1.15 %,
glyph widths 3 % off 0.22–0.43 %; another pdfium (6462 vs 8149), photos re-encoded as JPEG, or a gamma
of 1.15 change no pixel past the threshold.

Intended changes: `make golden` (tests/golden/refresh.py) rewrites the files; review them with
`git diff --stat tests/golden` and `layout diff <old build folder> <new build folder>`.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from layout.build import build

from ..conftest import real_fonts_available
from . import golden

EDITIONS = [p.name for p in golden.editions()]
REFRESH = "if the change is intended, run `make golden` and review `git diff --stat tests/golden`"


def _golden_pages() -> list[tuple[str, int]]:
    out = []
    for name in EDITIONS:
        path = golden.golden_dir(name) / "layout.json"
        if path.is_file():
            out += [(name, n) for n in golden.page_numbers(json.loads(path.read_text(encoding="utf-8")))]
    return out


class Built:
    """One edition built once per session into a temp folder, and its pages rendered once."""

    def __init__(self, folder: Path, out: Path):
        self.folder, self.out = folder, out
        self._result = None
        self._error: str | None = None
        self._renders = None

    def result(self):
        if self._result is None and self._error is None:
            if not (self.folder / "photos").is_dir():
                pytest.skip("stand-in photos missing: run `make standins`")
            try:
                self._result = build(str(self.folder), str(self.out))
            except Exception as exc:                    # overset, a missing photo …: fail every test of it
                self._error = f"{self.folder.name} does not build: {type(exc).__name__}: {exc}"
        if self._error:
            pytest.fail(self._error)
        return self._result

    def layout(self) -> dict:
        return json.loads(Path(self.result().json).read_text(encoding="utf-8"))

    def renders(self) -> dict:
        if self._renders is None:
            images = golden.render_pages(self.result().pdf)
            self._renders = dict(zip(golden.page_numbers(self.layout()), images, strict=False))
        return self._renders


@pytest.fixture(scope="session")
def golden_builds(request, tmp_path_factory):
    """edition name → Built; each edition builds on first use, once per session. The builds cache under
    the session's temporary $LAYOUT_CACHE (conftest), or one of our own when conftest has none."""
    if not real_fonts_available():
        pytest.skip("CJK fonts not installed: run `make fonts`")
    try:
        request.getfixturevalue("layout_cache")
        mp = None
    except pytest.FixtureLookupError:
        mp = pytest.MonkeyPatch()
        mp.setenv("LAYOUT_CACHE", str(tmp_path_factory.mktemp("golden-cache")))
    root = tmp_path_factory.mktemp("golden-build")
    yield {p.name: Built(p, root / p.name) for p in golden.editions()}
    if mp is not None:
        mp.undo()


@pytest.fixture(scope="session")
def report_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("golden-diff")


def test_every_edition_has_golden_files():
    assert EDITIONS, "no issues/*/edition.yaml found"
    missing = [e for e in EDITIONS if not (golden.golden_dir(e) / "layout.json").is_file()]
    assert not missing, f"no golden files for {missing}: run `make golden` and commit tests/golden/"
    stale = sorted(p.name for p in golden.GOLDEN.iterdir()
                   if p.is_dir() and (p / "layout.json").is_file() and p.name not in EDITIONS)
    assert not stale, f"golden files for editions that are gone: {stale}: remove them (or run `make golden`)"
    for e in EDITIONS:
        numbers = golden.page_numbers(json.loads((golden.golden_dir(e) / "layout.json").read_text(encoding="utf-8")))
        pngs = sorted(p.name for p in golden.golden_dir(e).glob("page-*.png"))
        assert pngs == sorted(golden.png_name(n) for n in numbers), f"{e}: page PNGs do not match layout.json"


@pytest.mark.realfont
@pytest.mark.parametrize("edition", EDITIONS)
def test_layout_json_matches_golden(edition, golden_builds, report_dir):
    path = golden.golden_dir(edition) / "layout.json"
    if not path.is_file():
        pytest.fail(f"{path} missing: run `make golden`")
    expected = json.loads(path.read_text(encoding="utf-8"))
    actual = golden_builds[edition].layout()
    diff = golden.diff_layout(expected, actual)
    if diff.added_keys:
        print(f"note: {edition}: fields not in the golden layout.json (not compared; `make golden` adds them): "
              + ", ".join(sorted(diff.added_keys)[:12]))
    if not diff:
        return
    full = report_dir / f"{edition}-layout.txt"
    full.write_text("\n".join(diff.lines) + "\n", encoding="utf-8")
    shown = diff.lines[:golden.REPORT_LINES]
    more = len(diff.lines) - len(shown)
    summary = golden.content_summary(expected, actual)
    message = [f"{edition}: layout.json differs from {path.relative_to(golden.REPO)} in {len(diff.lines)} place(s)"]
    if summary:
        message += ["content (as `layout diff` reports it):", *(f"  {s}" for s in summary)]
    message += ["fields (page, story, line, field: golden → now):", *(f"  {s}" for s in shown)]
    if more:
        message.append(f"  … {more} more: {full}")
    message.append(f"build: {Path(golden_builds[edition].result().json).parent}; {REFRESH}")
    pytest.fail("\n".join(message), pytrace=False)


@pytest.mark.realfont
@pytest.mark.parametrize("edition,page", _golden_pages(), ids=lambda v: f"p{v}" if isinstance(v, int) else v)
def test_page_render_matches_golden(edition, page, golden_builds, report_dir):
    from PIL import Image

    ref = golden.golden_dir(edition) / golden.png_name(page)
    renders = golden_builds[edition].renders()
    if page not in renders:
        pytest.fail(f"{edition}: page {page} is gone (pages now {sorted(renders)}); {REFRESH}")
    expected = Image.open(ref).convert("L")
    actual = renders[page]
    d = golden.compare_renders(expected, actual)
    if d.ok:
        return
    out = report_dir / edition
    out.mkdir(exist_ok=True)
    stem = f"page-{page:02d}"
    expected.save(out / f"{stem}-expected.png")
    actual.save(out / f"{stem}-actual.png")
    golden.diff_image(expected, actual).save(out / f"{stem}-diff.png")
    env = json.loads((golden.golden_dir(edition) / "render.json").read_text(encoding="utf-8")) \
        if (golden.golden_dir(edition) / "render.json").is_file() else {}
    now = golden.environment()
    drift = [f"{k} {env.get(k)} → {now[k]}" for k in ("pypdfium2", "pdfium") if env.get(k) and env.get(k) != now[k]]
    fonts = golden.font_files(golden_builds[edition].layout())
    if env.get("fonts") and env["fonts"] != fonts:
        drift.append(f"font files {env['fonts']} → {fonts}")
    size = "" if expected.size == actual.size else f" (size {expected.size} → {actual.size})"
    message = [f"{edition} page {page}: {d.changed} px ({d.fraction:.3%}) changed by more than {golden.THRESHOLD} "
               f"grey levels at {golden.DPI:g} dpi, allowed {golden.MAX_CHANGED:.3%}{size}",
               "changed regions (from the trim's top-left), largest first:",
               *golden.describe_regions(d.regions),
               f"expected / actual / diff PNGs (red: new ink, blue: ink gone): {out}/{stem}-*.png",
               f"PDF: {golden_builds[edition].result().pdf}"]
    if drift:
        message.append("the render environment differs from the golden's: " + "; ".join(drift))
    message.append(REFRESH)
    pytest.fail("\n".join(message), pytrace=False)
