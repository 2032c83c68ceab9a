"""One edition on the desk: its Rebuilder, the last good build (a numbered generation: PDF bytes, layout.json,
marks) and the last error. A failed build never replaces the last good generation — the page stays visible
under the error — and a generation is immutable, so a page image always matches the marks drawn on it."""
from __future__ import annotations

import hashlib
import json
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import BuildResult, describe_fit
from ..messages import build_error_text
from ..output.layout_read import load_layout
from ..rebuild import Rebuilder
from ..review.check import check
from .marks import Mark, page_info, page_marks


def page_digest(page: dict, fonts: str, epoch: int) -> str:
    """What a page's image depends on: its layout.json entry (every line, block, picture with its file's digest,
    decoration), the fonts and the epoch of the other files. Equal digests draw equal pages, so an image is
    rendered once and the browser keeps it across generations (only the pages an edit touched are fetched)."""
    h = hashlib.sha1(json.dumps(page, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    h.update(f"{fonts}#{epoch}".encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Generation:
    """A good build as the desk shows it."""
    number: int
    pdf: bytes
    layout: dict
    pages: tuple[dict, ...]          # page_info of each page, in order
    marks: tuple[Mark, ...]
    summary: str                     # `layout check`'s summary line
    warnings: tuple[str, ...]
    timings: dict[str, float]
    saved: float                     # when the change that caused it was seen (time.time()), 0 at start
    built: float                     # when it was ready

    def as_dict(self) -> dict[str, Any]:
        return {"gen": self.number, "pages": list(self.pages), "marks": [m.as_dict() for m in self.marks],
                "summary": self.summary, "warnings": list(self.warnings),
                "timings": {k: round(v, 3) for k, v in self.timings.items()},
                "saved": self.saved, "ready_after_change": round(self.built - self.saved, 3) if self.saved else None}


@dataclass
class Failure:
    """A build that failed: the CLI's words, and which attempt it was."""
    attempt: int
    text: str
    internal: bool = False            # a bug (a traceback went to the server's log), not a user mistake


@dataclass
class EditionDesk:
    edition_dir: Path                 # the folder or manifest file as given (resolved)
    id: str
    out_dir: Path                     # the desk's own build folder: <root>/<id>/desk
    root: Path                        # where <id>/revs/ lives, as `layout proof --root`
    rebuilder: Rebuilder
    current: Generation | None = None
    previous: Generation | None = None
    failure: Failure | None = None
    attempts: int = 0
    epoch: int = 0                    # bumped when a file other than the manifest changes (a font, a template)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, edition_dir: str | Path, root: str | Path, pdfx: str | None) -> EditionDesk:
        where = Path(edition_dir).resolve()
        folder = where if where.is_dir() else where.parent
        out = Path(root).resolve() / folder.name / "desk"
        return cls(where, folder.name, out, Path(root).resolve(),
                   Rebuilder(where, out, pdfx=pdfx, allow_overset=True))

    def rebuild(self, saved: float = 0.0, log: Callable[[str], None] = print) -> bool:
        """Build now; True when a new generation is shown. One build at a time per edition."""
        with self.lock:
            self.attempts += 1
            try:
                res = self.rebuilder.build()
                gen = self._generation(res, saved)
            except Exception as exc:
                text = build_error_text(exc)
                if text is None:
                    log("".join(traceback.format_exception(exc)).rstrip())
                    text = f"internal error (a bug, not your manifest; the traceback is in the server's log): " \
                           f"{type(exc).__name__}: {exc}"
                self.failure = Failure(self.attempts, text, internal=text.startswith("internal error"))
                return False
            self.previous, self.current, self.failure = self.current, gen, None
            return True

    def _generation(self, res: BuildResult, saved: float) -> Generation:
        pdf = res.pdf.read_bytes()
        raw = res.json.read_bytes()
        layout = json.loads(raw)
        report = check(load_layout(raw))
        s = report.summary()
        summary = (f"checked {s['lines_checked']} lines: {s['flush_share']:.1%} of {s['justified_lines']} "
                   f"justified lines flush, {s['orphans']} 孤字, {s['errors']} errors, {s['warnings']} warnings")
        fit_text = {k: describe_fit(f) for k, f in enumerate(res.composed.fits)}
        number = (self.current.number + 1) if self.current else 1
        fonts = json.dumps(layout.get("fonts", {}), sort_keys=True)
        pages = tuple({**page_info(p), "digest": page_digest(p, fonts, self.epoch)} for p in layout["pages"])
        return Generation(number, pdf, layout, pages,
                          tuple(page_marks(layout, report.findings, fit_text)), summary, tuple(res.warnings),
                          dict(res.timings), saved, time.time())

    def with_page(self, number: int, digest: str) -> Generation | None:
        """The shown (or previous) generation whose page `number` has this digest."""
        for g in (self.current, self.previous):
            if g is not None and any(p["number"] == number and p["digest"] == digest for p in g.pages):
                return g
        return None

    def digests(self) -> set[tuple[int, str]]:
        return {(p["number"], p["digest"]) for g in (self.current, self.previous) if g for p in g.pages}

    def generation(self, number: int) -> Generation | None:
        for g in (self.current, self.previous):
            if g is not None and g.number == number:
                return g
        return None

    def state(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "folder": str(self.edition_dir), "attempts": self.attempts,
                               "error": None, "internal": False}
        if self.failure:
            out["error"], out["internal"] = self.failure.text, self.failure.internal
        out.update(self.current.as_dict() if self.current else {"gen": 0, "pages": [], "marks": []})
        return out
