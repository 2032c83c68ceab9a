"""What changed between two layout.json files, story by story, told apart from what only moved.

Chinese has no spaces, so text is compared character by character (difflib), merged into
readable runs with a little context. Reflow — lines that moved because text before them
grew or shrank — is reported apart from edits, so an editor reads the one sentence that
changed, not the 40 lines under it.
"""
from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ..model.model import BlockKind
from ..output.layout_json import LayoutDoc, load_layout
from ..pages.placed import FitPart, LineKind, Picture, PlacedBlock, SetLine

BODY = frozenset({LineKind.BYLINE, LineKind.BODY, LineKind.SUBHEADING})
HEADS = (LineKind.KICKER, LineKind.HEADLINE, LineKind.SUBHEAD)
IGNORED = frozenset({LineKind.FOLIO, LineKind.JUMP, LineKind.OVERSET, LineKind.SLUG, LineKind.TITLE})
CONTEXT = 8

Source = LayoutDoc | Mapping[str, Any] | str | os.PathLike | bytes
Key = tuple[str, LineKind, int]           # (ref, group, para): a paragraph, item, caption or headline


@dataclass(frozen=True)
class Change:
    kind: str          # edit | reflow | photo | chronicle | fit | page
    ref: str           # story, photo or chronicle id ("" for pages)
    page: int          # page of the change in the new revision (old when removed)
    message: str
    inserted: str = ""
    deleted: str = ""
    lines: tuple[tuple[int, float, float, float, float], ...] = ()   # (page, x, y, w, h) in the new revision
    old_lines: tuple[tuple[int, float, float, float, float], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Layout:
    """One revision's layout.json, indexed for comparison."""
    doc: LayoutDoc
    lines: dict[Key, list[tuple[int, SetLine]]] = field(default_factory=dict)   # (ref, group, para) → lines

    def __post_init__(self) -> None:
        for page, ln in self.doc.lines():
            if ln.kind in IGNORED or not ln.story:
                continue
            self.lines.setdefault(_key(ln), []).append((page.number, ln))
        for v in self.lines.values():
            v.sort(key=lambda pl: pl[1].char_start)

    def text(self, key: Key) -> str:
        return "".join(ln.text for _, ln in self.lines.get(key, []))

    def keys(self, ref: str, group: LineKind) -> list[Key]:
        return sorted((k for k in self.lines if k[0] == ref and k[1] == group), key=lambda k: k[2])

    def refs(self) -> set[tuple[str, LineKind]]:
        return {(k[0], k[1]) for k in self.lines}

    def images(self) -> dict[str, tuple[int, Picture]]:
        return {pic.ref: (p.number, pic) for p in self.doc.pages for pic in p.pictures}

    def blocks(self) -> dict[tuple[BlockKind, str], list[PlacedBlock]]:
        out: dict = {}
        for p in self.doc.pages:
            for b in p.blocks:
                out.setdefault((b.kind, b.ref), []).append(b)
        return out


def _key(ln: SetLine) -> Key:
    """(ref, group, para): a story's byline, body and subheadings are one group, LineKind.BODY."""
    kind = ln.kind
    if kind in BODY:
        return (ln.story, LineKind.BODY, ln.para if kind != LineKind.BYLINE else -1)
    if kind in HEADS:
        return (ln.story, kind, 0)
    return (ln.story, kind, ln.para)


def _box(page: int, ln: SetLine) -> tuple[int, float, float, float, float]:
    x = ln.x + ln.indent
    return (page, x, ln.y - 0.88 * ln.size, max(ln.set_width, ln.size), ln.size)


def _runs(old: str, new: str) -> list[tuple[str, str, str, int, int]]:
    """Character-level edits as (op, deleted, inserted, old index, new index), merged into runs."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(op, old[i1:i2], new[j1:j2], i1, j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


def _ctx(text: str, i: int) -> str:
    return text[max(0, i - CONTEXT):i]


def _lines_touching(lines: list[tuple[int, SetLine]], start: int, end: int) -> tuple:
    return tuple(_box(p, ln) for p, ln in lines if ln.char_start < max(end, start + 1) and ln.char_end > start)


def diff_layouts(old: Source, new: Source) -> list[Change]:
    """The changes from one revision's layout.json to another's (LayoutDocs, or what `load_layout` reads)."""
    old, new = _doc(old), _doc(new)
    a, b = Layout(old), Layout(new)
    out: list[Change] = []
    out += _pages(old, new)
    for ref, group in sorted(a.refs() | b.refs()):
        if group == LineKind.BODY:
            out += _story(a, b, ref)
        elif group in HEADS or group in (LineKind.NOTE, LineKind.CAPTION):
            out += _single(a, b, ref, group)
        elif group == LineKind.ITEM:
            out += _chronicle(a, b, ref)
    out += _photos(a, b)
    out += _fits(old, new)
    return out


def _doc(layout: Source) -> LayoutDoc:
    return layout if isinstance(layout, LayoutDoc) else load_layout(layout)


def _pages(old: LayoutDoc, new: LayoutDoc) -> list[Change]:
    po, pn = [p.number for p in old.pages], [p.number for p in new.pages]
    return ([Change("page", "", n, f"page {n} added") for n in pn if n not in po]
            + [Change("page", "", n, f"page {n} removed") for n in po if n not in pn])


def _paragraph_edits(ref: str, label: str, ot: str, nt: str, olines, nlines, kind: str = "edit") -> list[Change]:
    out = []
    for op, deleted, inserted, i, j in _runs(ot, nt):
        page = (nlines[0][0] if nlines else olines[0][0]) if (nlines or olines) else 0
        boxes = _lines_touching(nlines, j, j + len(inserted))
        old_boxes = _lines_touching(olines, i, i + len(deleted))
        if boxes:
            page = boxes[0][0]
        where = f"after «{_ctx(nt, j)}»" if j else "at the start"
        if op == "insert":
            msg = f"{label}: inserted «{inserted}» {where}"
        elif op == "delete":
            msg = f"{label}: deleted «{deleted}» {where}"
        else:
            msg = f"{label}: «{deleted}» → «{inserted}» {where}"
        out.append(Change(kind, ref, page, msg, inserted, deleted, boxes, old_boxes))
    return out


def _story(a: Layout, b: Layout, ref: str) -> list[Change]:
    ok, nk = a.keys(ref, LineKind.BODY), b.keys(ref, LineKind.BODY)
    otexts, ntexts = [a.text(k) for k in ok], [b.text(k) for k in nk]
    out: list[Change] = []
    sm = difflib.SequenceMatcher(None, otexts, ntexts, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        for di, dj in zip(range(i1, i2), range(j1, j2), strict=False):
            label = f"story {ref!r} ¶{nk[dj][2] + 1}" if nk[dj][2] >= 0 else f"story {ref!r} byline"
            out += _paragraph_edits(ref, label, otexts[di], ntexts[dj], a.lines[ok[di]], b.lines[nk[dj]])
        for di in range(i1 + (j2 - j1), i2):
            out.append(_whole("edit", ref, f"story {ref!r}: paragraph ¶{ok[di][2] + 1} deleted", a.lines[ok[di]],
                              otexts[di], removed=True))
        for dj in range(j1 + (i2 - i1), j2):
            out.append(_whole("edit", ref, f"story {ref!r}: paragraph ¶{nk[dj][2] + 1} inserted", b.lines[nk[dj]],
                              ntexts[dj], removed=False))
    out += _reflow(a, b, ref, ok, nk)
    return out


def _whole(kind: str, ref: str, what: str, lines: list[tuple[int, SetLine]], text: str, removed: bool) -> Change:
    """A whole paragraph or item that is only on one side."""
    boxes = tuple(_box(p, ln) for p, ln in lines)
    if removed:
        return Change(kind, ref, lines[0][0], f"{what} «{_short(text)}»", deleted=text, old_lines=boxes)
    return Change(kind, ref, lines[0][0], f"{what} «{_short(text)}»", inserted=text, lines=boxes)


def _reflow(a: Layout, b: Layout, ref: str, ok: list, nk: list) -> list[Change]:
    """Lines that moved but kept their text: reported apart from the edits."""
    ol = [pl for k in ok for pl in a.lines[k]]
    nl = [pl for k in nk for pl in b.lines[k]]
    sm = difflib.SequenceMatcher(None, [ln.text for _, ln in ol], [ln.text for _, ln in nl], autojunk=False)
    moved = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for (po, lo), (pn, ln) in zip(ol[i1:i2], nl[j1:j2], strict=True):
                if (po, lo.x, lo.y) != (pn, ln.x, ln.y):
                    moved.append((pn, ln))
    if not moved and len(ol) == len(nl):
        return []
    end = nl[-1] if nl else None
    where = f", now ends on page {end[0]} column {end[1].column + 1} line {end[1].grid_line + 1}" if end else ""
    delta = len(nl) - len(ol)
    size = (f"{abs(delta)} line{'s' if abs(delta) != 1 else ''} {'longer' if delta > 0 else 'shorter'} "
            f"({len(ol)} → {len(nl)})") if delta else "same length"
    msg = f"story {ref!r}: {size}{where}; {len(moved)} lines moved, text unchanged"
    return [Change("reflow", ref, moved[0][0] if moved else (end[0] if end else 0), msg,
                   lines=tuple(_box(p, ln) for p, ln in moved))]


def _single(a: Layout, b: Layout, ref: str, group: LineKind) -> list[Change]:
    key = (ref, group, 0) if group in HEADS else next(iter(a.keys(ref, group) or b.keys(ref, group)), (ref, group, 0))
    ot, nt = a.text(key), b.text(key)
    if ot == nt:
        return []
    if not ot or not nt:
        what = "added" if nt else "removed"
        found = b.lines.get(key) or a.lines.get(key) or []
        page = found[0][0] if found else 0
        return [Change("edit", ref, page, f"{group} of {ref!r} {what}: «{_short(nt or ot)}»", nt, ot)]
    label = {LineKind.CAPTION: f"photo {ref!r} caption",
             LineKind.NOTE: f"story {ref!r} editor's note"}.get(group, f"story {ref!r} {group}")
    if group == LineKind.CAPTION:
        oc, nc = ot.rsplit("■", 1) if "■" in ot else (ot, ""), nt.rsplit("■", 1) if "■" in nt else (nt, "")
        if oc[0] == nc[0] and oc[1] != nc[1]:
            label = f"photo {ref!r} credit"
    return _paragraph_edits(ref, label, ot, nt, a.lines.get(key, []), b.lines.get(key, []))


def _chronicle(a: Layout, b: Layout, ref: str) -> list[Change]:
    ok, nk = a.keys(ref, LineKind.ITEM), b.keys(ref, LineKind.ITEM)
    ot, nt = [a.text(k) for k in ok], [b.text(k) for k in nk]
    out: list[Change] = []
    sm = difflib.SequenceMatcher(None, ot, nt, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            if i1 != j1:
                out.append(Change("chronicle", ref, b.lines[nk[j1]][0][0],
                                  f"chronicle {ref!r}: items {i1 + 1}–{i2} renumbered {j1 + 1}–{j2}"))
            continue
        for di, dj in zip(range(i1, i2), range(j1, j2), strict=False):
            out += _paragraph_edits(ref, f"chronicle {ref!r} item {dj + 1}", ot[di], nt[dj], a.lines[ok[di]],
                                    b.lines[nk[dj]], "chronicle")
        for di in range(i1 + (j2 - j1), i2):
            out.append(_whole("chronicle", ref, f"chronicle {ref!r}: item {di + 1} removed", a.lines[ok[di]], ot[di],
                              removed=True))
        for dj in range(j1 + (i2 - i1), j2):
            out.append(_whole("chronicle", ref, f"chronicle {ref!r}: item {dj + 1} added", b.lines[nk[dj]], nt[dj],
                              removed=False))
    return out


def _photos(a: Layout, b: Layout) -> list[Change]:
    out = []
    ai, bi = a.images(), b.images()
    ab, bb = a.blocks(), b.blocks()
    for ref in sorted(set(ai) | set(bi)):
        if ref not in bi:
            out.append(Change("photo", ref, ai[ref][0], f"photo {ref!r} removed"))
            continue
        if ref not in ai:
            out.append(Change("photo", ref, bi[ref][0], f"photo {ref!r} added"))
            continue
        (po, io), (pn, inew) = ai[ref], bi[ref]
        box = ((pn, *_xywh(inew)),)
        if io.sha != inew.sha or io.pixels != inew.pixels:
            out.append(Change("photo", ref, pn, f"photo {ref!r} replaced", lines=box))
        elif io.frame != inew.frame or po != pn:
            ob, nb = _shape(ab, ref), _shape(bb, ref)
            size = f" from {ob[0]}×{ob[1]} to {nb[0]}×{nb[1]} columns×lines" if ob != nb else ""
            verb = "resized" if size else "moved"
            out.append(Change("photo", ref, pn, f"photo {ref!r} {verb}{size}", lines=box,
                              old_lines=((po, *_xywh(io)),)))
        elif io.crop != inew.crop:
            out.append(Change("photo", ref, pn, f"photo {ref!r} cropped differently", lines=box))
    return out


def _xywh(pic: Picture) -> tuple[float, float, float, float]:
    return (pic.frame.x, pic.frame.y, pic.frame.w, pic.frame.h)


def _shape(blocks: dict, ref: str) -> tuple[int | None, int | None]:
    """A photo block's columns × lines (None × None when the photo has no block)."""
    found = blocks.get((BlockKind.PHOTO, ref))
    return (found[0].span, found[0].lines) if found else (None, None)


def _fits(old: LayoutDoc, new: LayoutDoc) -> list[Change]:
    o: dict[tuple[str, FitPart], Any] = {(f.ref, f.part): f for f in old.fits}
    n: dict[tuple[str, FitPart], Any] = {(f.ref, f.part): f for f in new.fits}
    out = []
    for key in sorted(set(o) | set(n)):
        before = o[key].overset_chars if key in o else 0
        after = n[key].overset_chars if key in n else 0
        if before == after:
            continue
        page = (n.get(key) or o[key]).page
        if not before:
            out.append(Change("fit", key[0], page, f"{key[1]} {key[0]!r}: overset appeared ({after} characters)"))
        elif not after:
            out.append(Change("fit", key[0], page, f"{key[1]} {key[0]!r}: overset gone (was {before} characters)"))
        else:
            out.append(Change("fit", key[0], page, f"{key[1]} {key[0]!r}: overset {before} → {after} characters"))
    return out


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "…"
