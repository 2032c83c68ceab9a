"""What the desk watches, and the thread that watches it. watchfiles (Rust `notify`: inotify on Linux, FSEvents,
ReadDirectoryChangesW) reports a save within milliseconds and groups an editor's write-rename-chmod into one
batch; polling would cost a core or add latency, and a hand-written inotify loop would be Linux only."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import DefaultFilter, watch

from ..model.manifest import project_font_dirs
from ..model.paths import LOCAL_FONTS
from ..model.templates import TEMPLATE_DIR

STEP_MS = 30            # a batch closes this long after its last change (an editor's save is one batch)
DEBOUNCE_MS = 300       # and at the latest this long after its first


def watched_paths(edition_dir: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """The edition folder (manifest, photos, its templates and fonts/), the fonts/ folders a build searches
    (project_font_dirs, .cache/fonts) and the built-in templates — not the system's font folders, which change
    only when packages are installed."""
    paths = [edition_dir, TEMPLATE_DIR, *project_font_dirs(edition_dir), LOCAL_FONTS, *extra]
    out: list[Path] = []
    for p in paths:
        p = p.resolve()
        if p.is_dir() and p not in out and not any(p.is_relative_to(q) for q in out):
            out = [q for q in out if not q.is_relative_to(p)] + [p]
    return out


class Watcher(threading.Thread):
    """Calls `changed(paths, seen_at)` for each batch of changes under `paths`, ignoring `ignore` (the desk's
    own output when it lies inside a watched folder). Stops when `stop` is set."""

    def __init__(self, paths: list[Path], changed: Callable[[set[str], float], None], stop: threading.Event,
                 ignore: Iterable[Path] = ()):
        super().__init__(name="layout-desk-watch", daemon=True)
        self.paths, self.changed, self.stop = paths, changed, stop
        self.ignore = [p.resolve() for p in ignore]

    def _wanted(self, path: str) -> bool:
        p = Path(path)
        return not any(p.is_relative_to(q) for q in self.ignore)

    def run(self) -> None:
        filt = DefaultFilter()
        for batch in watch(*self.paths, watch_filter=filt, debounce=DEBOUNCE_MS, step=STEP_MS,
                           stop_event=self.stop, rust_timeout=500, yield_on_timeout=False, raise_interrupt=False):
            seen = time.time()
            paths = {p for _, p in batch if self._wanted(p)}
            if paths:
                self.changed(paths, seen)
