"""Proof revisions on the desk: the list (`layout revs`), a new one on the button (`layout proof`), and the
diff of any two (`layout diff`) with each change placed on both pages and located by 版/栏/行.

A revision is made on request, not on every save: a proof is a checkpoint an editor is sent (slug, stamp,
PNGs, about a second of work), and saves come every few seconds. The desk's own latest build is the side
"live", so "what changed since the last proof" needs no proof of the work in progress."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..output.layout_json import LayoutDoc
from ..review import diff as diffs
from ..review import proof
from .render import PDFIUM

LIVE = "live"
KIND_ZH = {"page": "版面", "template": "模板", "folio": "版头", "edit": "改动", "head": "标题", "chronicle": "大事记",
           "overset": "超版", "photo": "图片", "block": "版块", "hole": "空白", "fit": "容量", "reflow": "重排"}
"""A label for each kind of change the diff names (review/changes.KINDS)."""


class RevisionError(Exception):
    """A revision the edition does not have."""


@dataclass
class Revisions:
    edition_dir: Path
    edition_id: str
    root: Path
    live_dir: Path
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: dict[tuple, dict] = field(default_factory=dict)

    def listing(self) -> list[dict[str, Any]]:
        """Oldest first, as `layout revs` lists them."""
        return [{"rev": m.get("rev", ""), "built": m.get("built", ""), "pages": m.get("pages", []),
                 "errors": m.get("errors", 0), "overset": m.get("overset_chars", 0),
                 "hash": m.get("content_hash", "")[:12]} for m in proof.list_revs(self.root, self.edition_id)]

    def make(self) -> dict[str, Any]:
        """`layout proof` of the edition as it is on disk now (raises what make_proof raises)."""
        with self._lock, PDFIUM:
            res = proof.make_proof(str(self.edition_dir), root=str(self.root))
            self._cache.clear()
        return {"rev": res.rev, "errors": res.errors, "overset": res.overset, "pages": len(res.pngs)}

    def folder(self, rev: str) -> Path:
        if rev == LIVE:
            return self.live_dir
        known = {m["rev"] for m in self.listing()}
        if rev not in known:
            raise RevisionError(f"no revision {rev!r} of {self.edition_id} (known: {', '.join(sorted(known))})")
        return proof.revs_dir(self.root, self.edition_id) / rev

    def pdf(self, rev: str) -> Path:
        with PDFIUM:
            side = diffs.resolve(str(self.folder(rev)), self.root)
        if side.pdf is None:
            raise RevisionError(f"revision {rev!r} has no PDF")
        return side.pdf

    def page_numbers(self, rev: str) -> list[int]:
        with PDFIUM:                                  # a side without layout.json counts its PDF's pages
            return diffs.resolve(str(self.folder(rev)), self.root).numbers()

    def diff(self, old: str, new: str, live_gen: int) -> dict[str, Any]:
        """The diff as `layout diff --json` gives it, each change with its locators on both sides."""
        key = (old, new, live_gen if LIVE in (old, new) else 0)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        with PDFIUM:
            res = diffs.diff(str(self.folder(old)), str(self.folder(new)), self.root)
        data = res.as_dict()
        data["old"], data["new"] = old, new
        data["lines"] = res.lines()
        for name, side in (("old", res.old), ("new", res.new)):
            data[f"pages_{name}"] = side.numbers()
            data[f"trim_{name}"] = {n: side.trim(n) for n in side.numbers()}
        for change in data["changes"]:
            change["kind_zh"] = KIND_ZH.get(change.get("kind", ""), change.get("kind", ""))
            change["where_new"] = [locate(res.new.layout, box) for box in change.get("lines", ())]
            change["where_old"] = [locate(res.old.layout, box) for box in change.get("old_lines", ())]
            change["summary_zh"] = summary_zh(change)
        with self._lock:
            if len(self._cache) > 16:
                self._cache.clear()
            self._cache[key] = data
        return data


def locate(doc: LayoutDoc | None, box: Any) -> dict[str, Any]:
    """A change's box (page, x, y, w, h) on a page, with 版/栏/行 where the page grid gives them."""
    page, x, y, w, h = box[:5]
    out: dict[str, Any] = {"page": page, "box": [x, y, w, h], "column": 0, "line": 0}
    if doc is None:
        return out
    try:
        p = doc.page(page)
    except (KeyError, ValueError, StopIteration):
        return out
    grid = p.grid
    mid = x + min(w, 9.0) / 2
    for k, (cx, cw) in enumerate(grid.columns):
        if cx - 1 <= mid <= cx + cw + 1:
            out["column"] = k + 1
    base = y + 0.88 * h
    line = (base - grid.first_baseline) / grid.pitch
    if abs(line - round(line)) < 0.1 and 0 <= round(line) < grid.lines:
        out["line"] = round(line) + 1
    tx, ty = p.trim.x, p.trim.y
    out["box"] = [round(x - tx, 2), round(y - ty, 2), w, h]
    return out


def where_zh(loc: dict[str, Any]) -> str:
    text = f"第{loc['page']}版"
    if loc.get("column"):
        text += f" 第{loc['column']}栏"
    if loc.get("line"):
        text += f" 第{loc['line']}行"
    return text


def summary_zh(change: dict[str, Any]) -> str:
    """One line in Chinese: the kind, then the diff's own wording with its 版/栏/行 (as `layout diff` prints
    it); a change without wording gets where it is (new side, else old) and what was inserted or deleted."""
    if change.get("text"):
        return f"【{change['kind_zh']}】 {change['text']}"
    where = (change["where_new"] or change["where_old"] or [{"page": change.get("page", 0)}])[0]
    parts = [f"【{change['kind_zh']}】", where_zh(where)]
    if change.get("deleted") and change.get("inserted"):
        parts.append(f"「{change['deleted']}」改为「{change['inserted']}」")
    elif change.get("inserted"):
        parts.append(f"插入「{change['inserted']}」")
    elif change.get("deleted"):
        parts.append(f"删除「{change['deleted']}」")
    return " ".join(parts)
