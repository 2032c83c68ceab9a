"""Long editions drawn in parallel: pages' content streams and layout.json entries made in worker processes.

What pays and what does not, measured on the 32-page bench edition (2 cores): composing in workers would
send every placed page back through pickle, which costs more than composing it (0.5 s for 32 pages against
0.2 s); drawing does not need to. So the build composes as before, then forks (copy-on-write: the workers see
the placed and painted pages without copying them) and each worker draws a run of pages on a scratch canvas
and writes their layout.json entries; what comes back is text. The writer then puts each page's stream in as
it puts in a page a Rebuilder remembers (render_pdf.PageMemo), and layout.json splices the entries in
(layout_json.PageDicts): the same code path, so the same bytes as a serial build. Fonts are collected over all
pages in each worker exactly as the writer does, so resource names agree; a page whose context still differs
(another font order) is simply drawn again by the writer.

Serial unless LAYOUT_JOBS asks for workers: since the writer and layout.json got faster (issue 12: ~4.5 ms of
output a page), two workers on two idle cores cost more CPU and no less wall time than one at 32, 64, 96 and
160 pages (32: 0.67 s CPU and 0.57 s wall against 0.50 and 0.50; 160: 2.03 and 1.73 against 1.69 and 1.70) —
the fork's copy-on-write of the composed pages, the pool and each worker collecting every page's fonts cost
more than the drawing they take over (and on a machine whose cores are taken, workers only queue: 32 pages at
load 5.5, 2.16 s against 1.80 s before). Serial also below THRESHOLD pages, where a fork costs more than it
saves, in a process running other threads (a fork copies their locks as they are) and wherever fork is not
available.
"""
from __future__ import annotations

import importlib
import io
import os
import threading
from collections.abc import Sequence

from reportlab.pdfgen import canvas as rl_canvas

from ..pages.placed import PlacedEdition
from .display import DisplayPage
from .layout_json import PageDicts, _sha, _with_digests, page_json
from .pdfx import PrintSpec
from .render_pdf import PageMemo, _NoInitialFont, _Page, collect_fonts

THRESHOLD = 24
"""Fewest pages drawn in parallel: the output work of a page is ~10 ms, a fork, its collecting the fonts and
sending back the text ~60 ms; below this the workers cannot win it back."""

_JOB: tuple = ()
"""What the workers inherit through fork: (display pages, placed pages, print spec, image cache)."""


def jobs(pages: int) -> int:
    """How many workers for this many pages: LAYOUT_JOBS's number (whatever the load) from THRESHOLD pages where
    fork is available; otherwise 1, serial."""
    want = os.environ.get("LAYOUT_JOBS", "")
    n = int(want) if want.isdigit() else 1
    if n < 2 or pages < THRESHOLD or threading.active_count() > 1:
        return 1            # (multiprocessing not even imported: a short build's start-up; no fork beside threads)
    return min(n, pages) if "fork" in _multiprocessing().get_all_start_methods() else 1


def _multiprocessing():
    """Imported when a build is long enough to use it (an import statement here would load it for every build)."""
    return importlib.import_module("multiprocessing")


def draw_pages(display: Sequence[DisplayPage], placed: PlacedEdition, spec: PrintSpec, image_cache: str,
               n: int) -> tuple[PageMemo, PageDicts]:
    """Every page's content stream and layout.json entry, made by `n` workers, as the memos the writer and
    layout.json take."""
    pool_class = importlib.import_module("concurrent.futures").ProcessPoolExecutor
    global _JOB
    _JOB = (display, placed.pages, spec, image_cache)
    bounds = [round(k * len(display) / n) for k in range(n + 1)]
    try:
        with pool_class(n, mp_context=_multiprocessing().get_context("fork")) as pool:
            runs = list(pool.map(_draw, bounds[:-1], bounds[1:]))
    finally:
        _JOB = ()
    memo: PageMemo = {}
    dicts: PageDicts = {}
    for lo, (streams, entries) in zip(bounds, runs, strict=False):
        for i, (stream, entry) in enumerate(zip(streams, entries, strict=True)):
            page, placed_page = display[lo + i], placed.pages[lo + i]
            memo[id(page)] = (page, *stream)
            shas = tuple(pic.sha or _sha(pic.path) for pic in placed_page.pictures)
            dicts[id(placed_page)] = (placed_page, shas, entry)
    return memo, dicts


def _draw(lo: int, hi: int) -> tuple[list[tuple], list[bytes]]:
    """In a worker: pages lo..hi drawn on a scratch canvas (fonts named as the writer names them, over all
    pages), and their layout.json entries."""
    display, placed, spec, cache = _JOB
    fonts = collect_fonts(display)
    context = (spec.output, spec.pdfx, spec.profile, tuple((k, f.resource) for k, f in fonts.items()))
    c = rl_canvas.Canvas(io.BytesIO(), pagesize=(display[0].width, display[0].height), invariant=1,
                         pageCompression=1, initialFontName=_NoInitialFont.fontName)
    memo: PageMemo = {}
    streams: list[tuple] = []
    for page in display[lo:hi]:
        _Page(c, page, fonts, cache, spec).draw(memo, context)
        got = memo.pop(id(page), None)
        # anchors or links: no stream, the writer draws this page itself (a context that never matches)
        streams.append(got[1:] if got is not None else (None, (), [], ()))
    return streams, [page_json(_with_digests(p)) for p in placed[lo:hi]]
