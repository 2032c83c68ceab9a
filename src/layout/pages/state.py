"""What one compose run knows: per page its template, geometry and typesetter."""
from __future__ import annotations

from ..model.model import Block, BlockKind, Edition
from ..model.style import Template
from ..text.fonts import FontSet
from .geometry import PageGeometry
from .typeset import Typesetter


class Shared:
    """What many compose runs over the same copy may share: typesetters (with their measured
    paragraphs) and the flow's memo of broken paragraphs. Candidate pages differ in geometry only.
    `flowed`: per story or chronicle, its last flow (what it was flowed from and what came out), so a rebuild
    (rebuild.Rebuilder keeps one Shared) does not flow again a story whose copy and pages are unchanged."""

    def __init__(self) -> None:
        self.typesetters: dict[int, Typesetter] = {}
        self.flow: dict = {}
        self.flowed: dict = {}


def block_id(number: int, k: int) -> str:
    return f"p{number}-{k + 1}"


class EditionState:
    """Templates, geometry and typesetters per page of one compose run (read-only after set-up)."""

    def __init__(self, ed: Edition, fonts: FontSet, shared: Shared | None = None, fits_only: bool = False):
        self.ed = ed
        self.fits_only = fits_only           # a candidate page: count what fits, place no lines
        self.fonts = fonts
        self.templates: list[Template] = [p.template or ed.template for p in ed.pages]
        self.geos = [PageGeometry(t, p.number) for t, p in zip(self.templates, ed.pages, strict=True)]
        shared = shared or Shared()
        self._ts = shared.typesetters
        self.flow_memo = shared.flow
        self.flowed = shared.flowed
        self._placements: dict[tuple[BlockKind, str], list[tuple[int, int, Block]]] | None = None

    def ts(self, page_index: int) -> Typesetter:
        tpl = self.templates[page_index]
        key = id(tpl)
        if key not in self._ts:
            self._ts[key] = Typesetter(self.fonts, tpl)
        return self._ts[key]

    def missing(self) -> int:
        """How many coverage problems the typesetters have met so far (a flow that met one is not memoised)."""
        return sum(len(ts.missing) for ts in self._ts.values())

    def check(self) -> None:
        """Raise the coverage errors of this run (each typesetter reports what it could not set)."""
        for ts in self._ts.values():
            ts.check()

    def blocks(self, kind: BlockKind, ref: str) -> list[tuple[int, int, Block]]:
        """Where the edition places this content: (page index, block index, block), in page order. Indexed once
        a run: a scan of every page's blocks for each story was 128 scans of 32 pages (~1.5 ms)."""
        if self._placements is None:
            self._placements = {}
            for pi, p in enumerate(self.ed.pages):
                for k, b in enumerate(p.blocks):
                    self._placements.setdefault((b.kind, b.ref), []).append((pi, k, b))
        return list(self._placements.get((kind, ref), ()))
