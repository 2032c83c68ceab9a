"""The desk as a whole: the editions, a rebuild worker for each, the file watcher, and the events the browsers
are sent. `serve()` is what `layout serve` runs."""
from __future__ import annotations

import errno
import json
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.manifest import MANIFEST_NAMES
from .render import ImageCache, nearest_scale
from .revisions import Revisions
from .server import make_server
from .state import EditionDesk
from .watch import Watcher, watched_paths

REDRAWS = {".otf", ".ttf", ".ttc", ".otc", ".yaml", ".yml"}
"""Files whose change may redraw pages layout.json does not see change (a font, a template): every page is
rendered anew. A photo's change shows in layout.json (its file's digest), the manifest's in the pages."""
DEFAULT_PORT = 8765
"""`layout serve`'s port unless --port says otherwise (README: The proof desk)."""


class Events:
    """Server-sent events to every open page: one queue per connection, bounded (a stalled tab is dropped,
    never allowed to hold memory)."""

    def __init__(self) -> None:
        self._queues: list[queue.Queue[str | None]] = []
        self._lock = threading.Lock()

    def subscribe(self) -> queue.Queue[str | None]:
        q: queue.Queue[str | None] = queue.Queue(maxsize=256)
        with self._lock:
            self._queues.append(q)
        return q

    def unsubscribe(self, q: queue.Queue[str | None]) -> None:
        with self._lock:
            if q in self._queues:
                self._queues.remove(q)

    def publish(self, event: str, data: dict[str, Any]) -> None:
        text = f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        with self._lock:
            for q in list(self._queues):
                try:
                    q.put_nowait(text)
                except queue.Full:
                    self._queues.remove(q)

    def close(self) -> None:
        with self._lock:
            for q in self._queues:
                try:
                    q.put_nowait(None)
                except queue.Full:
                    pass
            self._queues.clear()

    def __len__(self) -> int:
        return len(self._queues)


@dataclass
class Desk:
    editions: dict[str, EditionDesk]
    revisions: dict[str, Revisions]
    events: Events = field(default_factory=Events)
    images: ImageCache = field(default_factory=ImageCache)
    stop: threading.Event = field(default_factory=threading.Event)
    log: Callable[[str], None] = print
    _dirty: dict[str, threading.Event] = field(default_factory=dict)
    _seen: dict[str, float] = field(default_factory=dict)
    _wanted: dict[str, tuple[int, float]] = field(default_factory=dict)   # the page and scale last asked for

    @classmethod
    def open(cls, edition_dirs: list[str], root: str, pdfx: str | None, log: Callable[[str], None] = print) -> Desk:
        eds: dict[str, EditionDesk] = {}
        for d in edition_dirs:
            ed = EditionDesk.open(d, root, pdfx)
            if ed.id in eds:
                raise ValueError(f"two editions called {ed.id!r}: {eds[ed.id].edition_dir} and {ed.edition_dir}")
            eds[ed.id] = ed
        revs = {k: Revisions(e.edition_dir, e.id, e.root, e.out_dir) for k, e in eds.items()}
        return cls(eds, revs, log=log)

    def start(self) -> None:
        """The first build of each edition, then a rebuild on each change the watcher reports."""
        for ed_id in self.editions:
            self._dirty[ed_id] = threading.Event()
            self._dirty[ed_id].set()
            threading.Thread(target=self._worker, args=(ed_id,), name=f"layout-desk-build-{ed_id}",
                             daemon=True).start()
        for ed in self.editions.values():
            folder = ed.edition_dir if ed.edition_dir.is_dir() else ed.edition_dir.parent
            Watcher(watched_paths(folder), self._make_changed(ed.id), self.stop, ignore=[ed.out_dir.parent]).start()

    def _make_changed(self, ed_id: str) -> Callable[[set[str], float], None]:
        manifest = self.editions[ed_id].edition_dir
        names = {manifest.name} if manifest.is_file() else set(MANIFEST_NAMES)

        def changed(paths: set[str], seen: float) -> None:
            if any(Path(p).suffix.lower() in REDRAWS and Path(p).name not in names for p in paths):
                self.editions[ed_id].epoch += 1           # a font or a template may draw every page anew
            self._seen.setdefault(ed_id, seen)
            self._dirty[ed_id].set()
        return changed

    def _worker(self, ed_id: str) -> None:
        ed, dirty = self.editions[ed_id], self._dirty[ed_id]
        while not self.stop.is_set():
            if not dirty.wait(timeout=0.5):
                continue
            dirty.clear()
            seen = self._seen.pop(ed_id, 0.0)
            ok = ed.rebuild(seen, self.log)
            if ok and ed.current is not None:
                gen = ed.current.number
                self.images.drop(_not_shown(ed_id, ed.digests()))
                self._prerender(ed_id)
                self.events.publish("build", {"ed": ed_id, "gen": gen})
                self.log(f"{ed_id}: generation {gen} ({ed.current.timings.get('total', 0):.2f} s build)")
            elif ed.failure is not None:
                self.events.publish("failure", {"ed": ed_id, "attempt": ed.failure.attempt})
                self.log(f"{ed_id}: build failed\n{ed.failure.text}")

    def _prerender(self, ed_id: str) -> None:
        """The page and scale the browser showed last, ready before the browser asks for it."""
        page, scale = self._wanted.get(ed_id, (0, 0.0))
        if scale:
            try:
                self.page_png(ed_id, 0, page, scale)
            except (KeyError, ValueError):
                pass

    def page_png(self, ed_id: str, gen: int, page: int, scale: float, digest: str = "") -> tuple[int, bytes]:
        """The PNG of a page: the one with `digest`, else of generation `gen` (0: the current one) — KeyError
        when there is none. Cached by the page's digest: a page an edit did not touch is never rendered again."""
        ed = self.editions[ed_id]
        g = ed.with_page(page, digest) if digest else (ed.current if gen == 0 else ed.generation(gen))
        if g is None:
            raise KeyError(f"{ed_id}: no page {page} {digest or f'of generation {gen}'} any more (it was rebuilt "
                           "since; reload the state)")
        numbers = [p["number"] for p in g.pages]
        if page not in numbers:
            page = numbers[0]
        info = g.pages[numbers.index(page)]
        scale = nearest_scale(scale)
        self._wanted[ed_id] = (page, scale)
        return g.number, self.images.get((ed_id, "page", page, info["digest"], scale), g.pdf, numbers.index(page),
                                         scale)

    def close(self) -> None:
        self.stop.set()
        self.events.close()


def _not_shown(ed_id: str, shown: set[tuple[int, str]]) -> Callable[[tuple], bool]:
    """Images of the edition's pages that neither the current nor the previous generation has."""
    def stale(key: tuple) -> bool:
        return key[0] == ed_id and key[1] == "page" and (key[2], key[3]) not in shown
    return stale


def _check_editions(dirs: list[str]) -> str | None:
    for d in dirs:
        p = Path(d)
        if p.is_file():
            continue
        if not p.is_dir():
            return f"error: {d}: no such edition folder or manifest file"
        if not any((p / n).is_file() for n in MANIFEST_NAMES):
            return f"error: {d}: no manifest here: expected one of {', '.join(MANIFEST_NAMES)}"
    return None


def default_editions() -> list[str]:
    """Every edition under ./issues (folders with a manifest), when `layout serve` is given none."""
    return sorted(str(p.parent) for n in MANIFEST_NAMES for p in Path("issues").glob(f"*/{n}"))


def serve(edition_dirs: list[str], host: str = "127.0.0.1", port: int = DEFAULT_PORT, root: str = "build",
          pdfx: str | None = "none") -> int:
    """Run the desk until Ctrl-C. Exit 1 (a message, no traceback) when the port is taken or an edition is
    not there."""
    dirs = edition_dirs or default_editions()
    if not dirs:
        print("error: no edition given and none under ./issues (give an edition folder: layout serve issues/x)",
              file=sys.stderr)
        return 1
    problem = _check_editions(dirs)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        desk = Desk.open(dirs, root, pdfx, log=lambda text: print(text, file=sys.stderr, flush=True))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        server = make_server(desk, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"error: port {port} on {host} is taken (another `layout serve`, or another program); "
                  f"choose another with --port, e.g. --port {port + 1}", file=sys.stderr)
        else:
            print(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    bound = server.server_address[1]
    names = ", ".join(desk.editions)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}: anyone who can reach this machine can read the editions "
              "(the desk has no login)", file=sys.stderr)
    shown = "[" + host + "]" if ":" in host else host           # an IPv6 address in a URL
    print(f"layout serve: http://{shown}:{bound}/ — {names} (Ctrl-C stops)", flush=True)
    desk.start()
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        desk.close()
        server.server_close()
    time.sleep(0)
    return 0
