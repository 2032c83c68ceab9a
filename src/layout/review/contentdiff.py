"""What changed in the text between two layout.json files, story by story, told apart from what
only moved and from what was pushed out of the page.

Chinese has no spaces, so text is compared character by character, numbers and Latin words whole
(`tokens.py`), merged into runs with a little context. Overset is a state of a revision: text that
left the foot of a story or chronicle because the room shrank is "moved to overset", never an
editor's deletion, and a chronicle's renumbering counts every item whose number changed. Reflow —
lines that moved or re-broke because text before them grew or shrank — is reported apart from
edits, so an editor reads the one sentence that changed, not the 40 lines under it. Geometry
(blocks, photos, heads, holes, page head) is `geomdiff.py`.
"""
from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..output.layout_json import LayoutDoc
from ..output.layout_read import load_layout
from ..pages.placed import FitPart, LineKind
from .changes import Change, edit_words, g, q, sort_key
from .geomdiff import fits, geometry_changes
from .revision import HEADS, Key, PLine, Revision, char_boxes, line_box, point_box, where
from .tokens import runs, visible

CONTEXT = 8
Source = LayoutDoc | Mapping[str, Any] | str | os.PathLike | bytes


def diff_layouts(old: Source, new: Source) -> list[Change]:
    """The changes from one revision's layout.json to another's (LayoutDocs, or what `load_layout` reads)."""
    a, b = Revision(_doc(old)), Revision(_doc(new))
    out: list[Change] = []
    out += geometry_changes(a, b)
    moved: set[str] = set()
    for ref, group in sorted(a.refs() | b.refs()):
        if group == LineKind.BODY:
            out += _flow(a, b, ref, LineKind.BODY, moved)
        elif group == LineKind.ITEM:
            out += _flow(a, b, ref, LineKind.ITEM, moved)
        elif group in HEADS or group in (LineKind.NOTE, LineKind.CAPTION):
            out += _single(a, b, ref, group)
    out += fits(a, b, moved)
    return sorted((_located(c, a, b) for c in out), key=sort_key)


def _located(c: Change, a: Revision, b: Revision) -> Change:
    """A change off the body grid (a headline, a kicker) located by the block it sits in: its column and line."""
    if c.column:
        return c
    for boxes, rev in ((c.lines or c.points or c.moved, b), (c.old_lines, a)):
        if not boxes:
            continue
        page, x, y, w, h = boxes[0]
        cx, cy = x + min(w, 9.0) / 2, y + h / 2
        for p in rev.doc.pages:
            if p.number != page:
                continue
            for blk in p.blocks:
                r = blk.rect
                if r.x <= cx <= r.x + r.w and r.y <= cy <= r.y + r.h:
                    col = next((k for k, (gx, gw) in enumerate(p.grid.columns) if gx - 1 <= cx <= gx + gw + 1),
                               blk.column)
                    line = int((cy - p.grid.first_baseline + p.grid.pitch) // p.grid.pitch)   # the grid line it is on
                    return replace(c, column=col + 1, line=min(max(line, blk.line), blk.line + blk.lines - 1) + 1)
    return c


def _doc(layout: Source) -> LayoutDoc:
    return layout if isinstance(layout, LayoutDoc) else load_layout(layout)


def name(a: Revision, b: Revision, ref: str) -> str:
    return b.names.get(ref) or a.names.get(ref) or ref


def labels(a: Revision, b: Revision, ref: str, group: LineKind, para: int) -> tuple[str, str]:
    """(Chinese, English) name of a paragraph, item, caption or head."""
    n = name(a, b, ref)
    if group == LineKind.ITEM:
        return f"{q(n)}第{para + 1}条", f"chronicle {g(n)} item {para + 1}"
    if group == LineKind.BODY:
        if para < 0:
            return f"{q(n)}署名", f"story {g(n)} byline"
        return f"{q(n)}第{para + 1}段", f"story {g(n)} ¶{para + 1}"
    if group == LineKind.CAPTION:
        return f"图片{q(n)}图说", f"photo {g(n)} caption"
    zh = {LineKind.NOTE: "编者按", LineKind.KICKER: "引题", LineKind.HEADLINE: "主题", LineKind.SUBHEAD: "副题"}
    return f"{q(n)}{zh.get(group, str(group))}", f"story {g(n)} {'editor’s note' if group == LineKind.NOTE else group}"


def _edits(ref: str, kind: str, lab: tuple[str, str], ot: str, nt: str, olines: list[PLine],
           nlines: list[PLine], credit: tuple[int, int] | None = None) -> list[Change]:
    """One change per run of edited text, with the changed characters boxed on both pages."""
    out = []
    for r in runs(ot, nt):
        deleted, inserted = ot[r.i1:r.i2], nt[r.j1:r.j2]
        boxes = char_boxes(nlines, r.j1, r.j2)
        old_boxes = char_boxes(olines, r.i1, r.i2)
        points = point_box(nlines, r.j1) if not inserted else ()
        touched = [pl for pl in nlines if pl[1].char_start <= r.j1 < pl[1].char_end] or nlines[-1:]
        col, line = where(touched)
        page = (boxes or points or old_boxes or ((0, 0, 0, 0, 0),))[0][0]
        if not boxes and not points and nlines:
            page = nlines[0][0]
        here = lab if credit is None else _caption_part(lab, credit, r.i1, r.i2, r.j1, r.j2)  # caption, credit, both
        before = visible(nt[max(0, r.j1 - CONTEXT):r.j1]) if r.j1 else None
        zh, en = edit_words(here, visible(deleted), visible(inserted), before)
        out.append(Change(kind, ref, page, en, inserted, deleted, boxes, old_boxes, zh, points, (), col, line))
    return out


def _caption_part(lab: tuple[str, str], credit: tuple[int, int], i1: int, i2: int, j1: int,
                  j2: int) -> tuple[str, str]:
    """Caption, credit, or both: by where the run falls against the credit's start (■) on each side."""
    oc, nc = credit
    if i1 >= oc and j1 >= nc:
        return lab[0].replace("图说", "摄影署名"), lab[1].replace("caption", "credit")
    if i2 <= oc and j2 <= nc:
        return lab
    return lab[0].replace("图说", "图说和署名"), lab[1].replace("caption", "caption and credit")


def _credit_at(text: str) -> int:
    k = text.rfind("■")
    return k if k >= 0 else len(text)


def _single(a: Revision, b: Revision, ref: str, group: LineKind) -> list[Change]:
    """A headline, kicker, subhead, editor's note or caption: one paragraph each."""
    key = (ref, group, 0) if group in HEADS else next(iter(a.keys(ref, group) or b.keys(ref, group)), (ref, group, 0))
    ot, nt = a.text(key), b.text(key)
    if ot == nt:
        return []
    lab = labels(a, b, ref, group, 0)
    ol, nl = a.lines.get(key, []), b.lines.get(key, [])
    if not ot or not nt:
        lines = nl or ol
        col, line = where(lines)
        zh = f"{lab[0]}{'新增' if nt else '删去'}{q(visible(nt or ot, 24))}"
        en = f"{lab[1]} {'added' if nt else 'removed'}: {g(visible(nt or ot, 24))}"
        boxes = tuple(line_box(p, ln) for p, ln in nl)
        return [Change("edit", ref, lines[0][0] if lines else 0, en, nt, ot, boxes,
                       tuple(line_box(p, ln) for p, ln in ol), zh, column=col, line=line)]
    credit = (_credit_at(ot), _credit_at(nt)) if group == LineKind.CAPTION else None
    kind = "edit"
    return _edits(ref, kind, lab, ot, nt, ol, nl, credit)


# -- stories and chronicles: paragraphs in order, overset at the tail, renumbering, reflow -------------


def _overset_grew(a: Revision, b: Revision, ref: str, group: LineKind) -> int:
    part = FitPart.CHRONICLE if group == LineKind.ITEM else FitPart.TEXT
    over = [sum(f.overset_chars for f in r.doc.fits if f.ref == ref and f.part == part) for r in (a, b)]
    return over[1] - over[0]


def _tail(ot: list[str], nt: list[str]) -> tuple[int, int] | None:
    """Where the old text runs on past the end of the new (paragraph, offset), when the new text ends
    exactly where some of the old does: the rest of the old is what overset took."""
    old, new = "\n".join(ot), "\n".join(nt)
    if not new:
        return None
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    blocks = [m for m in sm.get_matching_blocks() if m.size]
    if not blocks or blocks[-1].b + blocks[-1].size != len(new) or blocks[-1].a + blocks[-1].size >= len(old):
        return None
    cut = blocks[-1].a + blocks[-1].size
    para, k = 0, cut
    while para < len(ot) and k > len(ot[para]):
        k -= len(ot[para]) + 1
        para += 1
    return para, k


def _flow(a: Revision, b: Revision, ref: str, group: LineKind, moved: set[str]) -> list[Change]:
    ok, nk = a.keys(ref, group), b.keys(ref, group)
    ot, nt = [a.text(k) for k in ok], [b.text(k) for k in nk]
    out: list[Change] = []
    kind = "chronicle" if group == LineKind.ITEM else "edit"
    cut = _tail(ot, nt) if _overset_grew(a, b, ref, group) > 0 else None
    if cut is not None:
        out.append(_to_overset(a, b, ref, group, ok, ot, cut))
        moved.add(ref)
        para, k = cut
        ot = ot[:para] + ([ot[para][:k]] if k > 0 else [])
        ok = ok[:len(ot)]
    pairs = align(ot, nt)
    renumbered: list[tuple[int, int]] = []
    for i, j in pairs:
        if i is not None and j is not None:
            if ot[i] != nt[j]:
                out += _edits(ref, kind, labels(a, b, ref, group, nk[j][2]), ot[i], nt[j], a.lines[ok[i]],
                              b.lines[nk[j]])
            if group == LineKind.ITEM and ok[i][2] != nk[j][2]:
                renumbered.append((ok[i][2], nk[j][2]))
        elif i is not None:
            out.append(_whole(a, b, ref, group, ok[i], ot[i], removed=True))
        elif j is not None:
            out.append(_whole(a, b, ref, group, nk[j], nt[j], removed=False))
    if renumbered:
        out.append(_renumbered(a, b, ref, renumbered, nk))
    out += _reflow(a, b, ref, ok, nk, out)
    return out


def align(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Paragraphs paired in order: equal ones first, then the most alike within each changed stretch."""
    out: list[tuple[int | None, int | None]] = []
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        out += _pair(old, new, list(range(i1, i2)), list(range(j1, j2)))
    return out


def _pair(old: list[str], new: list[str], ii: list[int], jj: list[int]) -> list[tuple[int | None, int | None]]:
    """Monotone pairing that keeps the most text in common (paragraphs less than 40 % alike stay apart)."""
    n, m = len(ii), len(jj)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        for y in range(m - 1, -1, -1):
            r = difflib.SequenceMatcher(None, old[ii[x]], new[jj[y]], autojunk=False).ratio()
            best = max(score[x + 1][y], score[x][y + 1])
            score[x][y] = max(best, score[x + 1][y + 1] + r) if r >= 0.4 else best
    out: list[tuple[int | None, int | None]] = []
    x = y = 0
    while x < n and y < m:
        r = difflib.SequenceMatcher(None, old[ii[x]], new[jj[y]], autojunk=False).ratio()
        if r >= 0.4 and score[x][y] == score[x + 1][y + 1] + r:
            out.append((ii[x], jj[y]))
            x, y = x + 1, y + 1
        elif score[x][y] == score[x + 1][y]:
            out.append((ii[x], None))
            x += 1
        else:
            out.append((None, jj[y]))
            y += 1
    out += [(ii[k], None) for k in range(x, n)] + [(None, jj[k]) for k in range(y, m)]
    return out


def _to_overset(a: Revision, b: Revision, ref: str, group: LineKind, ok: list[Key], ot: list[str],
                cut: tuple[int, int]) -> Change:
    """The old text past the new text's end: pushed out of the page, kept in the manifest."""
    para, k = cut
    text = "".join([ot[para][k:]] + ot[para + 1:])
    boxes = char_boxes(a.lines[ok[para]], k, len(ot[para])) + tuple(
        line_box(p, ln) for key in ok[para + 1:] for p, ln in a.lines[key])
    n = name(a, b, ref)
    nk = b.keys(ref, group)
    first = (nk[-1][2] + (1 if k > 0 else 2)) if nk else 1          # its number in the new revision
    zl = f"{q(n)}第{first}条起" if group == LineKind.ITEM else q(n)
    el = f"chronicle {g(n)} from item {first}" if group == LineKind.ITEM else f"story {g(n)}"
    nl = [pl for key in nk for pl in b.lines[key]]
    part = FitPart.CHRONICLE if group == LineKind.ITEM else FitPart.TEXT
    before, after = (sum(f.overset_chars for f in r.doc.fits if f.ref == ref and f.part == part) for r in (a, b))
    points = point_box(nl[-1:], nl[-1][1].char_end) if nl else ()
    col, line = where(nl[-1:]) if nl else (0, 0)
    page = nl[-1][0] if nl else boxes[0][0]
    zh = f"{zl}：{len(text)}字被挤出版面，移入溢出（未删除；溢出{before}→{after}字）{q(visible(text, 16))}"
    en = (f"{el}: {len(text)} characters moved to overset (not deleted; overset {before} → {after}) "
          f"{g(visible(text, 16))}")
    return Change("overset", ref, page, en, "", text, (), boxes, zh, points, (), col, line,
                  (("moved_chars", len(text)), ("old_overset", before), ("new_overset", after)))


def _whole(a: Revision, b: Revision, ref: str, group: LineKind, key: Key, text: str, removed: bool) -> Change:
    """A whole paragraph or item that is only on one side."""
    side = a if removed else b
    lines = side.lines[key]
    boxes = tuple(line_box(p, ln) for p, ln in lines)
    zl, el = labels(a, b, ref, group, key[2])
    kind = "chronicle" if group == LineKind.ITEM else "edit"
    short = visible(text, 24)
    if removed:
        zh, en = f"{zl}整段删去{q(short)}", f"{el} deleted {g(short)}"
        if group == LineKind.ITEM:
            zh, en = f"{zl}删去{q(short)}", f"{el} removed {g(short)}"
        nl = [pl for k in b.keys(ref, group) if k[2] < key[2] for pl in b.lines[k]]
        points = point_box(nl[-1:], nl[-1][1].char_end) if nl else ()
        col, line = where(nl[-1:]) if nl else where(lines)
        return Change(kind, ref, points[0][0] if points else lines[0][0], en, deleted=text, old_lines=boxes, zh=zh,
                      points=points, column=col, line=line)
    zh, en = f"{zl}整段新增{q(short)}", f"{el} inserted {g(short)}"
    if group == LineKind.ITEM:
        zh, en = f"{zl}新增{q(short)}", f"{el} added {g(short)}"
    col, line = where(lines)
    return Change(kind, ref, lines[0][0], en, inserted=text, lines=boxes, zh=zh, column=col, line=line)


def _renumbered(a: Revision, b: Revision, ref: str, pairs: list[tuple[int, int]], nk: list[Key]) -> Change:
    """Every item whose number changed, as ranges: items 6–10 renumbered 7–11."""
    spans: list[list[int]] = []
    for i, j in pairs:
        if spans and i == spans[-1][1] + 1 and j == spans[-1][3] + 1:
            spans[-1][1], spans[-1][3] = i, j
        else:
            spans.append([i, i, j, j])
    ez = [(f"{i1 + 1}", f"{j1 + 1}") if i1 == i2 else (f"{i1 + 1}–{i2 + 1}", f"{j1 + 1}–{j2 + 1}")
          for i1, i2, j1, j2 in spans]
    n = name(a, b, ref)
    zh = f"{q(n)}：第{'、'.join(o for o, _ in ez)}条改为第{'、'.join(x for _, x in ez)}条（重新编号）"
    en = f"chronicle {g(n)}: items {', '.join(o for o, _ in ez)} renumbered {', '.join(x for _, x in ez)}"
    boxes = []
    for _, j in pairs:
        found = b.lines.get((ref, LineKind.ITEM, j))
        if found:
            p, ln = found[0]
            boxes.append((p, ln.x, ln.y - 0.88 * ln.size, max(ln.indent, ln.size), ln.size))
    first = b.lines.get((ref, LineKind.ITEM, pairs[0][1]), [])
    col, line = where(first[:1])
    return Change("chronicle", ref, boxes[0][0] if boxes else 0, en, lines=tuple(boxes), zh=zh, column=col, line=line,
                  detail=(("renumbered", [[i + 1, j + 1] for i, j in pairs]),))


def _reflow(a: Revision, b: Revision, ref: str, ok: list[Key], nk: list[Key], edits: list[Change]) -> list[Change]:
    """Lines that moved or re-broke but hold no edited character: reported apart from the edits."""
    ol = [pl for k in ok for pl in a.lines.get(k, [])]
    nl = [pl for k in nk for pl in b.lines.get(k, [])]
    old_sig = {(p, ln.column, ln.grid_line, round(ln.x, 1), round(ln.y, 1), ln.text) for p, ln in ol}
    edited = {bx[:3] for c in edits for bx in c.lines}
    moved = []
    for p, ln in nl:
        sig = (p, ln.column, ln.grid_line, round(ln.x, 1), round(ln.y, 1), ln.text)
        box = line_box(p, ln)
        if sig in old_sig:
            continue
        if any(e[0] == p and abs(e[2] - box[2]) < 0.5 for e in edited if e[1] >= ln.x - 0.5
               and e[1] <= ln.x + ln.width + 0.5):
            continue
        moved.append((p, ln))
    if not moved and len(ol) == len(nl):
        return []
    n = name(a, b, ref)
    delta = len(nl) - len(ol)
    end = nl[-1] if nl else None
    zl = f"{q(n)}" if ok and ok[0][1] != LineKind.ITEM else f"{q(n)}"
    el = f"{'chronicle' if nk and nk[0][1] == LineKind.ITEM else 'story'} {g(n)}"
    zsize = f"{'多' if delta > 0 else '少'}{abs(delta)}行（{len(ol)}→{len(nl)}）" if delta else "行数不变"
    esize = (f"{abs(delta)} line{'s' if abs(delta) != 1 else ''} {'longer' if delta > 0 else 'shorter'} "
             f"({len(ol)} → {len(nl)})") if delta else "same length"
    zend = (f"，止于第{end[0]}版第{end[1].column + 1}栏第{end[1].grid_line + 1}行" if end else "")
    eend = f", now ends on page {end[0]} col {end[1].column + 1} line {end[1].grid_line + 1}" if end else ""
    zh = f"{zl}：{zsize}{zend}；{len(moved)}行重排或移动，文字未改"
    en = f"{el}: {esize}{eend}; {len(moved)} lines reflowed or moved, text unchanged"
    first = moved[0] if moved else end
    col, line = where([first]) if first else (0, 0)
    return [Change("reflow", ref, first[0] if first else 0, en, zh=zh, column=col, line=line,
                   moved=tuple(line_box(p, ln) for p, ln in moved),
                   detail=(("lines_moved", len(moved)), ("old_lines", len(ol)), ("new_lines", len(nl))))]
