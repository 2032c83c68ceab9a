"""A build that lives on between saves: `layout serve` (and anything else that rebuilds the same edition
again and again) keeps one Rebuilder per edition and calls `build()` after each change.

The interface is the contract between the proof desk and the build: whatever the Rebuilder reuses between
calls, the files it writes are byte-identical to a clean `layout build` of the same input."""
from __future__ import annotations

from pathlib import Path

from .build import BuildResult, build


class Rebuilder:
    def __init__(self, edition_dir: str | Path, out_dir: str | Path | None = None, pdfx: str | None = None,
                 allow_overset: bool = True):
        self.edition_dir = str(edition_dir)
        self.out_dir = str(out_dir) if out_dir is not None else None
        self.pdfx = pdfx
        self.allow_overset = allow_overset

    def build(self) -> BuildResult:
        """Build now (errors as `build.build` raises them: the caller keeps its last good result)."""
        return build(self.edition_dir, self.out_dir, allow_overset=self.allow_overset, pdfx=self.pdfx)
