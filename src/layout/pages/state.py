"""What one compose run knows: per page its template, geometry and typesetter."""
from __future__ import annotations

from ..model.model import Block, BlockKind, Edition
from ..model.style import Template
from ..text.fonts import FontSet
from .geometry import PageGeometry
from .typeset import Typesetter


def block_id(number: int, k: int) -> str:
    return f"p{number}-{k + 1}"


class EditionState:
    """Templates, geometry and typesetters per page of one compose run (read-only after set-up)."""

    def __init__(self, ed: Edition, fonts: FontSet):
        self.ed = ed
        self.fonts = fonts
        self.templates: list[Template] = [p.template or ed.template for p in ed.pages]
        self.geos = [PageGeometry(t, p.number) for t, p in zip(self.templates, ed.pages)]
        self._ts: dict[int, Typesetter] = {}

    def ts(self, page_index: int) -> Typesetter:
        tpl = self.templates[page_index]
        key = id(tpl)
        if key not in self._ts:
            self._ts[key] = Typesetter(self.fonts, tpl)
        return self._ts[key]

    def typesetters(self) -> list[Typesetter]:
        return list(self._ts.values())

    def blocks(self, kind: BlockKind, ref: str) -> list[tuple[int, int, Block]]:
        return [(pi, k, b) for pi, p in enumerate(self.ed.pages) for k, b in enumerate(p.blocks)
                if b.kind == kind and b.ref == ref]
