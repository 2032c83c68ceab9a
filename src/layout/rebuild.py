"""A build that lives on between saves: `layout serve` (and anything else that rebuilds the same edition
again and again) keeps one Rebuilder per edition and calls `build()` after each change.

The interface is the contract between the proof desk and the build: whatever the Rebuilder reuses between
calls, the files it writes are byte-identical to a clean `layout build` of the same input.

What it keeps, and what makes it let go (each keyed by content or by the file's size and mtime):
- the fonts (FontSet: faces, glyph tables, HarfBuzz fonts) while the edition's font chains resolve to the same
  files and none of them changed on disk; a changed font file also drops the process-wide facts about it
  (faceinfo, fonts._FACES) so nothing stale is read again;
- templates as `model.manifest` keeps them (while their files' mtimes and sizes are unchanged);
- measured paragraphs and broken lines (`pages.state.Shared`) while fonts and templates are the same: an edit
  re-measures and re-breaks only the paragraphs whose text or widths changed; templates equal to the last
  build's are the last build's objects, so their typesetters (keyed by template) carry over;
- each story's and chronicle's flow, while its copy and its pages (number, blocks, template) are unchanged, and
  each page's head and column rules likewise (`Shared.flowed`, pages/compose.py): an edit re-flows its story;
- pages: a page equal to the last build's page is that object, and its display list, PDF content stream
  (output/render_pdf.PageMemo) and layout.json entry are reused; only changed pages are painted and drawn;
- font subsets by glyph set (output/type0.py, in memory and on disk) and prepared photos by content
  (output/images.py, on disk), which every build shares.
The memory is bounded: the paragraph memos start afresh when they pass GROWTH times a clean build's size, and
the page memos hold the last build's pages only.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .build import BuildResult, build
from .model.model import Edition
from .model.style import Template
from .output.display import DisplayPage
from .output.layout_json import PageDicts
from .output.paint import paint_page
from .output.render_pdf import PageMemo
from .pages.placed import FontRef, PlacedEdition, PlacedPage
from .pages.state import Shared
from .text import faceinfo
from .text import fonts as opened_fonts
from .text.fonts import FontSet
from .text.sources import load_fonts

GROWTH = 4
"""The paragraph memos start afresh past this many times their size after a clean build (edits pile up)."""

Stamp = tuple[int, int]


def stamp(path: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class Rebuilder:
    def __init__(self, edition_dir: str | Path, out_dir: str | Path | None = None, pdfx: str | None = None,
                 allow_overset: bool = True):
        self.edition_dir = str(edition_dir)
        self.out_dir = str(out_dir) if out_dir is not None else None
        self.pdfx = pdfx
        self.allow_overset = allow_overset
        self._fonts: FontSet | None = None
        self._font_stamps: dict[str, Stamp | None] = {}
        self._shared = Shared()
        self._memo_base = 0
        self._templates: list[Template] = []
        self._pages: dict[int, PlacedPage] = {}
        self._painted: dict[int, tuple[PlacedPage, DisplayPage, tuple[FontRef, ...]]] = {}
        self.render_memo: PageMemo = {}      # display page → its content stream, for the last build's pages
        self.json_memo: PageDicts = {}       # placed page → its layout.json entry, likewise

    def build(self) -> BuildResult:
        """Build now (errors as `build.build` raises them: the caller keeps its last good result)."""
        try:
            return build(self.edition_dir, self.out_dir, allow_overset=self.allow_overset, pdfx=self.pdfx,
                         reuse=self)
        except BaseException:
            # a typesetter keeps the characters no font had until its run is checked: they must not be reported
            # again once mended. (Everything else a memo holds is complete: a failed build leaves it sound.)
            if any(ts.missing for ts in self._shared.typesetters.values()):
                self._fresh()
            raise

    # -- what build() asks of its `reuse` -----------------------------------------------------------------

    def fonts(self, ed: Edition) -> tuple[Edition, FontSet]:
        """The edition with its templates canonical (equal → the earlier object) and its fonts, reused when
        the same files, unchanged, are chosen again."""
        changed = [p for p, s in self._font_stamps.items() if stamp(p) != s]
        if changed:
            _forget_font_files(changed)
            self._fonts = None
        fonts = load_fonts(ed)
        keys = [(f.key.path, f.key.index) for f in fonts.faces]
        old = self._fonts
        if old is not None and keys == [(f.key.path, f.key.index) for f in old.faces] and fonts.roles == old.roles:
            fonts = old
        else:
            self._fonts = fonts
            self._font_stamps = {f.key.path: stamp(f.key.path) for f in fonts.faces}
            self._fresh()
        return self._canonical(ed), fonts

    @property
    def shared(self) -> Shared:
        size = len(self._shared.flow) + sum(len(t._measured) for t in self._shared.typesetters.values())
        if self._memo_base and size > GROWTH * self._memo_base:
            self._fresh()
        return self._shared

    def composed(self, placed: PlacedEdition) -> PlacedEdition:
        """Pages equal to the last build's become those objects (so what was made of them is found again);
        the memos keep only this build's pages."""
        pages = []
        for page in placed.pages:
            old = self._pages.get(page.number)
            pages.append(old if old is not None and old == page else page)
        self._pages = {p.number: p for p in pages}
        keep = {id(p) for p in pages}
        for k in [k for k in self.json_memo if k not in keep]:
            del self.json_memo[k]
        if not self._memo_base:
            self._memo_base = max(1, len(self._shared.flow) + sum(len(t._measured)
                                                                   for t in self._shared.typesetters.values()))
        return replace(placed, pages=tuple(pages))

    def paint(self, placed: PlacedEdition) -> list[DisplayPage]:
        """Display lists: a page painted last time (the same object) is not painted again."""
        out = []
        for page in placed.pages:
            got = self._painted.get(id(page))
            if got is None or got[0] is not page or got[2] != placed.faces:
                got = self._painted[id(page)] = (page, paint_page(page, placed.faces), placed.faces)
            out.append(got[1])
        keep = {id(p) for p in placed.pages}
        for k in [k for k in self._painted if k not in keep]:
            del self._painted[k]
        live = {id(d) for d in out}
        for k in [k for k in self.render_memo if k not in live]:
            del self.render_memo[k]
        return out

    # -- inside -------------------------------------------------------------------------------------------

    def _fresh(self) -> None:
        self._shared = Shared()
        self._memo_base = 0
        self._pages = {}
        self._painted.clear()
        self.render_memo.clear()
        self.json_memo.clear()

    def _canonical(self, ed: Edition) -> Edition:
        """Templates equal to the last build's are those objects; only this build's are remembered."""
        used: list[Template] = []

        def canon(t: Template) -> Template:
            for known in used + self._templates:
                if known is t or known == t:
                    t = known
                    break
            if not any(u is t for u in used):
                used.append(t)
            return t
        pages = tuple(p if p.template is None else replace(p, template=canon(p.template)) for p in ed.pages)
        out = replace(ed, template=canon(ed.template), pages=pages)
        self._templates = used
        return out


def _forget_font_files(paths: list[str]) -> None:
    """A font file changed on disk: drop what this process remembers of it (face facts, opened faces)."""
    gone = {os.path.abspath(p) for p in paths}
    for memo_key in [k for k in faceinfo._MEMO if k[0] in gone]:
        del faceinfo._MEMO[memo_key]
    for path in [p for p in faceinfo._NAMES if p in gone]:
        del faceinfo._NAMES[path]
    for face_key in [k for k in opened_fonts._FACES if os.path.abspath(k.path) in gone]:
        del opened_fonts._FACES[face_key]
