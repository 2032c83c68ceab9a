"""The desk's HTTP routes on the standard library's ThreadingHTTPServer: JSON for state, revisions and diffs,
PNG for pages, server-sent events (`text/event-stream`, plain HTTP: no websocket framing) for "rebuilt", and
the static page (package data). Each route is a few lines over the Desk: the work is the build, check, proof
and diff functions the CLI calls."""
from __future__ import annotations

import json
import queue
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from ..messages import build_error_text
from ..review.diff import DiffError
from .render import RenderError, nearest_scale
from .revisions import LIVE, RevisionError

if TYPE_CHECKING:                     # app.py imports this module to start the server
    from .app import Desk

JS = "text/javascript; charset=utf-8"
STATIC = {"index.html": "text/html; charset=utf-8", "desk.css": "text/css; charset=utf-8", "desk.js": JS,
          "revs.js": JS, "main.js": JS}
KEEPALIVE_S = 15.0


class DeskServer(ThreadingHTTPServer):
    daemon_threads = True
    desk: Desk


def make_server(desk: Desk, host: str, port: int) -> DeskServer:
    server = DeskServer((host, port), Handler)
    server.desk = desk
    return server


class Handler(BaseHTTPRequestHandler):
    server: DeskServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:      # noqa: A002 (the base class names it so)
        """Quiet: a request per zoom step would drown the build messages."""

    # -- plumbing --------------------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600, immutable" if cache else "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, data: Any, status: int = 200) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, status: int, text: str) -> None:
        self._json({"error": text}, status)

    def _query(self) -> tuple[str, dict[str, str]]:
        parts = urlsplit(self.path)
        return parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()}

    def _edition(self, q: dict[str, str]) -> str:
        ed = q.get("ed") or next(iter(self.server.desk.editions))
        if ed not in self.server.desk.editions:
            raise LookupError(f"no edition {ed!r} on this desk (known: {', '.join(self.server.desk.editions)})")
        return ed

    # -- routes ----------------------------------------------------------------------------------------------
    def do_GET(self) -> None:
        path, q = self._query()
        try:
            if path == "/":
                self._static("index.html")
            elif path == "/favicon.ico":
                self._send(204, b"", "image/x-icon")
            elif path.startswith("/static/"):
                self._static(path.removeprefix("/static/"))
            elif path == "/api/events":
                self._events()
            elif path == "/api/editions":
                self._json([{"id": e.id, "folder": str(e.edition_dir)} for e in self.server.desk.editions.values()])
            elif path == "/api/state":
                self._json(self.server.desk.editions[self._edition(q)].state())
            elif path == "/api/page.png":
                self._page(q)
            elif path == "/api/revs":
                self._json(self.server.desk.revisions[self._edition(q)].listing())
            elif path == "/api/diff":
                self._diff(q)
            elif path == "/api/rev.png":
                self._rev_page(q)
            else:
                self._error(404, f"no such page: {path}")
        except LookupError as exc:
            self._error(404, str(exc.args[0]) if exc.args else str(exc))
        except (ValueError, RenderError, RevisionError, DiffError) as exc:
            self._error(400, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_HEAD = do_GET

    def do_POST(self) -> None:
        path, q = self._query()
        if path != "/api/revs":
            self._error(404, f"no such action: {path}")
            return
        try:
            ed = self._edition(q)
        except LookupError as exc:
            self._error(404, str(exc.args[0]))
            return
        try:
            made = self.server.desk.revisions[ed].make()
        except Exception as exc:
            text = build_error_text(exc)
            if text is None:
                raise
            self._json({"error": text}, 422)
            return
        self.server.desk.events.publish("revs", {"ed": ed, "rev": made["rev"]})
        self._json(made)

    def _static(self, name: str) -> None:
        if name not in STATIC:
            self._error(404, f"no such file: {name}")
            return
        body = resources.files("layout.desk").joinpath("static", name).read_bytes()
        self._send(200, body, STATIC[name])

    def _page(self, q: dict[str, str]) -> None:
        """By digest (what the page shows: cached by the browser for good) or by generation."""
        ed = self._edition(q)
        gen, png = self.server.desk.page_png(ed, int(q.get("gen", 0)), int(q.get("page", 0)),
                                             float(q.get("scale", 1)), q.get("digest", ""))
        self._send(200, png, "image/png", cache=bool(q.get("digest")) or int(q.get("gen", 0)) == gen)

    def _diff(self, q: dict[str, str]) -> None:
        ed = self._edition(q)
        current = self.server.desk.editions[ed].current
        self._json(self.server.desk.revisions[ed].diff(q["old"], q["new"], current.number if current else 0))

    def _rev_page(self, q: dict[str, str]) -> None:
        ed, rev = self._edition(q), q.get("rev", LIVE)
        desk = self.server.desk
        if rev == LIVE:
            gen = int(q.get("gen", 0))
            _, png = desk.page_png(ed, gen, int(q.get("page", 0)), float(q.get("scale", 1)))
            self._send(200, png, "image/png", cache=bool(gen))
            return
        revs = desk.revisions[ed]
        pdf = revs.pdf(rev)
        numbers = revs.page_numbers(rev)
        page = int(q.get("page", numbers[0]))
        if page not in numbers:
            raise LookupError(f"revision {rev} has no page {page} (it has {numbers})")
        scale = nearest_scale(float(q.get("scale", 1)))
        key = (ed, "rev", rev, pdf.stat().st_mtime_ns, page, scale)
        png = desk.images.get(key, pdf.read_bytes(), numbers.index(page), scale)
        self._send(200, png, "image/png")

    def _events(self) -> None:
        """One long response: `event: build` (a new generation), `failure` (a build failed: read the state),
        `revs` (a revision was made); a comment every 15 s keeps proxies and the browser from giving up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        q = self.server.desk.events.subscribe()
        try:
            self.wfile.write(b"retry: 500\n: connected\n\n")
            self.wfile.flush()
            while not self.server.desk.stop.is_set():
                try:
                    item = q.get(timeout=KEEPALIVE_S)
                except queue.Empty:
                    item = ": keepalive\n\n"
                if item is None:
                    break
                self.wfile.write(item.encode("utf-8"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            self.server.desk.events.unsubscribe(q)

