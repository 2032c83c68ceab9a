"""Differences that are not text, named: pages, template, page-head fields (date, section, page
number), headline size and lines, blocks moved/resized/added/removed with their grid positions,
photos replaced/cropped/resized/moved, holes at the foot of text blocks, overset and underset.

A wrong folio date or a headline that shrank from 42 to 27.5 pt is as much an error as a typo,
and an editor must read it in words, not find it as an unexplained box in the visual diff."""
from __future__ import annotations

from ..model.model import BlockKind
from ..pages.placed import FitPart, LineKind, PlacedBlock, PlacedPage, SetLine
from .changes import Change, g, grid, q, xywh
from .revision import HEADS, Revision, char_boxes, line_box, point_box
from .tokens import runs

BLOCK_ZH = {BlockKind.TEXT: "文字块", BlockKind.HEADLINE: "标题块", BlockKind.NOTE: "编者按块",
            BlockKind.CHRONICLE: "大事记块", BlockKind.PHOTO: "图片块"}
HEAD_ZH = {LineKind.KICKER: "引题", LineKind.HEADLINE: "主题", LineKind.SUBHEAD: "副题"}
PART_ZH = {FitPart.TEXT: "正文", FitPart.HEADLINE: "标题", FitPart.NOTE: "编者按", FitPart.CAPTION: "图说",
           FitPart.CHRONICLE: "大事记"}


def geometry_changes(a: Revision, b: Revision) -> list[Change]:
    return _template(a, b) + _pages(a, b) + _folios(a, b) + _heads(a, b) + _blocks(a, b) + _holes(a, b) \
        + _photos(a, b)


def _name(a: Revision, b: Revision, ref: str) -> str:
    return b.names.get(ref) or a.names.get(ref) or ref


def _template(a: Revision, b: Revision) -> list[Change]:
    out = []
    ta, tb = a.doc.edition.template, b.doc.edition.template
    if ta != tb:
        out.append(Change("template", "", 0, f"template {ta} → {tb}", zh=f"版式模板{q(ta)}改为{q(tb)}"))
    for p in b.doc.pages:
        old = next((x for x in a.doc.pages if x.number == p.number), None)
        if old is None or ta != tb:
            continue
        if (old.width, old.height, old.trim) != (p.width, p.height, p.trim) or old.grid != p.grid:
            what = "page size" if (old.width, old.height) != (p.width, p.height) else "grid"
            out.append(Change("template", "", p.number, f"{what} changed ({old.grid.lines} → {p.grid.lines} lines, "
                              f"{len(old.grid.columns)} → {len(p.grid.columns)} columns)",
                              zh=f"{'版面尺寸' if what == 'page size' else '版面网格'}改变（{old.grid.lines}→"
                                 f"{p.grid.lines}行，{len(old.grid.columns)}→{len(p.grid.columns)}栏）"))
    return out


def _pages(a: Revision, b: Revision) -> list[Change]:
    po, pn = [p.number for p in a.doc.pages], [p.number for p in b.doc.pages]
    return ([Change("page", "", n, f"page {n} added", zh=f"新增第{n}版") for n in pn if n not in po]
            + [Change("page", "", n, f"page {n} removed", zh=f"删去第{n}版") for n in po if n not in pn])


def _folio_fields(p: PlacedPage) -> dict[str, tuple[str, SetLine]]:
    """The page head's fields by role: page number, section, paper and date."""
    out = {}
    for ln in p.lines:
        if ln.kind != LineKind.FOLIO:
            continue
        role = "number" if ln.style == "folio_number" else ("section" if ln.text == p.section else "date")
        if role in out:
            role = "date" if role == "section" else role
        out[role] = (ln.text, ln)
    return out


def _folios(a: Revision, b: Revision) -> list[Change]:
    out = []
    names = {"number": ("版次", "page number"), "section": ("栏目", "section"), "date": ("报头日期", "date line")}
    for p in b.doc.pages:
        old = next((x for x in a.doc.pages if x.number == p.number), None)
        if old is None:
            continue
        fo, fn = _folio_fields(old), _folio_fields(p)
        for role in ("number", "section", "date"):
            ot, nt = fo.get(role, ("", ()))[0], fn.get(role, ("", ()))[0]
            if ot == nt:
                continue
            zh, en = names[role]
            nl = [(p.number, fn[role][1])] if role in fn else []
            ol = [(old.number, fo[role][1])] if role in fo else []
            marks = runs(ot, nt)                          # the characters that changed, not the whole field
            boxes = tuple(bx for r in marks for bx in char_boxes(nl, r.j1, r.j2))
            points = tuple(bx for r in marks if r.j1 == r.j2 for bx in point_box(nl, r.j1))
            out.append(Change("folio", "", p.number, f"page head {en}: {g(ot)} → {g(nt)}", nt, ot, boxes,
                              tuple(bx for r in marks for bx in char_boxes(ol, r.i1, r.i2)),
                              f"报眉{zh}：{q(ot)}改为{q(nt)}", points,
                              detail=(("field", role), ("old", ot), ("new", nt))))
    return out


def _heads(a: Revision, b: Revision) -> list[Change]:
    """Headline, kicker and subhead: point size and number of lines (their text is contentdiff's)."""
    out = []
    for ref, group in sorted(a.refs() & b.refs()):
        if group not in HEADS:
            continue
        ol, nl = a.lines[(ref, group, 0)], b.lines[(ref, group, 0)]
        n = _name(a, b, ref)
        zl, el = f"{q(n)}{HEAD_ZH[group]}", f"story {g(n)} {group}"
        boxes = tuple(line_box(p, ln) for p, ln in nl)
        olds = tuple(line_box(p, ln) for p, ln in ol)
        so, sn = ol[0][1].size, nl[0][1].size
        if so != sn:
            out.append(Change("head", ref, nl[0][0], f"{el}: size {so:g} → {sn:g} pt", zh=f"{zl}字号{so:g}→{sn:g}磅",
                              moved=boxes, old_lines=(), detail=(("old_size", so), ("new_size", sn))))
        if len(ol) != len(nl):
            out.append(Change("head", ref, nl[0][0], f"{el}: {len(ol)} → {len(nl)} lines",
                              zh=f"{zl}由{len(ol)}行变为{len(nl)}行", moved=boxes,
                              detail=(("old_lines", len(ol)), ("new_lines", len(nl)))))
        elif so == sn and _spots(ol) != _spots(nl) and a.text((ref, group, 0)) == b.text((ref, group, 0)):
            out.append(Change("reflow", ref, nl[0][0], f"{el}: moved (re-centred or re-placed), text unchanged",
                              zh=f"{zl}位置移动（重新居中或排位），文字未改", moved=boxes + olds))
    return out


def _spots(lines: list) -> list[tuple[float, float]]:
    return [(round(ln.x, 1), round(ln.y, 1)) for _, ln in lines]


def _block_where(b: PlacedBlock, lang: str) -> str:
    return grid(b.column, b.line, b.span, b.lines, lang)


def _blocks(a: Revision, b: Revision) -> list[Change]:
    """Blocks added, removed, moved or resized (photos: `_photos`, which says what happened to the picture)."""
    ab, bb = a.blocks(), b.blocks()
    out = []
    for key in sorted(set(ab) | set(bb), key=lambda k: (k[0].value, k[1], k[2])):
        kind, ref, _ = key
        if kind == BlockKind.PHOTO:
            continue
        n = _name(a, b, ref)
        zk, ek = BLOCK_ZH.get(kind, str(kind)), f"{kind} block"
        if key not in bb:
            po, blk = ab[key]
            out.append(Change("block", ref, po, f"{ek} {g(n)} removed (was {_block_where(blk, 'en')})",
                              zh=f"{q(n)}{zk}删去（原{_block_where(blk, 'zh')}）", column=blk.column + 1,
                              line=blk.line + 1, old_lines=((po, *xywh(blk.rect)),)))
            continue
        pn, new = bb[key]
        rect = ((pn, *xywh(new.rect)),)
        if key not in ab:
            out.append(Change("block", ref, pn, f"{ek} {g(n)} added at {_block_where(new, 'en')}",
                              zh=f"{q(n)}{zk}新增于{_block_where(new, 'zh')}", column=new.column + 1,
                              line=new.line + 1, moved=rect))
            continue
        po, old = ab[key]
        if (po, old.column, old.line, old.span, old.lines) == (pn, new.column, new.line, new.span, new.lines):
            continue
        shape = (old.span, old.lines) != (new.span, new.lines)
        place = (po, old.column, old.line) != (pn, new.column, new.line)
        verb_en = "moved and resized" if shape and place else ("resized" if shape else "moved")
        verb_zh = "移动并改变大小" if shape and place else ("改变大小" if shape else "移动")
        frm_e, to_e = _block_where(old, "en"), _block_where(new, "en")
        frm_z, to_z = _block_where(old, "zh"), _block_where(new, "zh")
        if po != pn:
            frm_e, to_e, frm_z, to_z = f"page {po} {frm_e}", f"page {pn} {to_e}", f"第{po}版{frm_z}", f"第{pn}版{to_z}"
        out.append(Change("block", ref, pn, f"{ek} {g(n)} {verb_en}: {frm_e} → {to_e}",
                          zh=f"{q(n)}{zk}{verb_zh}：{frm_z} → {to_z}", column=new.column + 1, line=new.line + 1,
                          moved=rect, old_lines=((po, *xywh(old.rect)),),
                          detail=(("old", [po, old.column + 1, old.line + 1, old.span, old.lines]),
                                  ("new", [pn, new.column + 1, new.line + 1, new.span, new.lines]))))
    return out


def _foot(rev: Revision, page: int, blk: PlacedBlock) -> int:
    """Grid lines left empty at the foot of a text or chronicle block, across all its columns."""
    last = {c: -1 for c in range(blk.column, blk.column + blk.span)}
    for p in rev.doc.pages:
        if p.number != page:
            continue
        for ln in p.lines:
            if ln.block == blk.id and ln.grid_line >= 0 and ln.kind not in (LineKind.TITLE, LineKind.FOLIO):
                c = max(blk.column, min(ln.column, blk.column + blk.span - 1))
                last[c] = max(last[c], ln.grid_line)
    if all(v < 0 for v in last.values()):
        return 0
    bottom = blk.line + blk.lines - 1
    return min(bottom - (v if v >= 0 else blk.line - 1) for v in last.values())


def _holes(a: Revision, b: Revision) -> list[Change]:
    """An empty stretch at the foot of a text block (a deleted paragraph, a taller photo) that `fits` does
    not call underset: compared by the lines empty across every column of the block."""
    ab, bb = a.blocks(), b.blocks()
    out = []
    for key in sorted(set(ab) & set(bb), key=lambda k: (k[0].value, k[1], k[2])):
        if key[0] not in (BlockKind.TEXT, BlockKind.CHRONICLE):
            continue
        (po, old), (pn, new) = ab[key], bb[key]
        ho, hn = _foot(a, po, old), _foot(b, pn, new)
        if ho == hn:
            continue
        n = _name(a, b, key[1])
        cols = f"{new.column + 1}–{new.column + new.span}" if new.span > 1 else f"{new.column + 1}"
        top = new.line + new.lines - hn
        p = b.doc.page(pn)
        x0 = p.grid.columns[new.column][0] if new.column < len(p.grid.columns) else new.rect.x
        rect = (pn, x0, new.rect.y + new.rect.h - hn * p.grid.pitch, new.rect.w - (x0 - new.rect.x),
                hn * p.grid.pitch)
        zk = BLOCK_ZH.get(key[0], "")
        out.append(Change("hole", key[1], pn, f"{key[0]} block {g(n)} cols {cols}: {ho} → {hn} empty lines at the "
                          f"foot", zh=f"{q(n)}{zk}第{cols}栏底部空行{ho}→{hn}行",
                          column=new.column + 1, line=top + 1 if hn else 0, moved=(rect,) if hn else (),
                          detail=(("old_empty_lines", ho), ("new_empty_lines", hn))))
    return out


def _photos(a: Revision, b: Revision) -> list[Change]:
    out = []
    ai = {pic.ref: (p.number, pic) for p in a.doc.pages for pic in p.pictures}
    bi = {pic.ref: (p.number, pic) for p in b.doc.pages for pic in p.pictures}
    ab, bb = a.blocks(), b.blocks()
    for ref in sorted(set(ai) | set(bi) | {k[1] for k in (*ab, *bb) if k[0] == BlockKind.PHOTO}):
        n = _name(a, b, ref)
        ob, nb = ab.get((BlockKind.PHOTO, ref, 0)), bb.get((BlockKind.PHOTO, ref, 0))
        if nb is None and ob is None:
            continue
        if nb is None:
            assert ob is not None
            out.append(Change("photo", ref, ob[0], f"photo {g(n)} removed (was {_block_where(ob[1], 'en')})",
                              zh=f"图片{q(n)}删去（原{_block_where(ob[1], 'zh')}）",
                              old_lines=((ob[0], *xywh(ob[1].rect)),),
                              column=ob[1].column + 1, line=ob[1].line + 1))
            continue
        pn, new = nb
        box = ((pn, *xywh(new.rect)),)
        if ob is None:
            out.append(Change("photo", ref, pn, f"photo {g(n)} added at {_block_where(new, 'en')}",
                              zh=f"图片{q(n)}新增于{_block_where(new, 'zh')}", lines=box, column=new.column + 1,
                              line=new.line + 1))
            continue
        po, old = ob
        io, inew = ai.get(ref), bi.get(ref)
        detail = (("old", [po, old.column + 1, old.line + 1, old.span, old.lines]),
                  ("new", [pn, new.column + 1, new.line + 1, new.span, new.lines]))
        common = dict(column=new.column + 1, line=new.line + 1, detail=detail)
        if io and inew and (io[1].sha != inew[1].sha or io[1].pixels != inew[1].pixels):
            out.append(Change("photo", ref, pn, f"photo {g(n)} replaced (another picture)",
                              zh=f"图片{q(n)}换图", lines=box, **common))   # type: ignore[arg-type]
        shape = (old.span, old.lines) != (new.span, new.lines)
        place = (po, old.column, old.line) != (pn, new.column, new.line)
        if shape or place:
            verb_en = "moved and resized" if shape and place else ("resized" if shape else "moved")
            verb_zh = "移动并改变大小" if shape and place else ("改变大小" if shape else "移动")
            out.append(Change("photo", ref, pn, f"photo {g(n)} {verb_en}: {_block_where(old, 'en')} → "
                              f"{_block_where(new, 'en')}", zh=f"图片{q(n)}{verb_zh}：{_block_where(old, 'zh')} → "
                              f"{_block_where(new, 'zh')}", moved=box, old_lines=((po, *xywh(old.rect)),),
                              **common))   # type: ignore[arg-type]
        elif io and inew and io[1].sha == inew[1].sha and io[1].crop != inew[1].crop:
            out.append(Change("photo", ref, pn, f"photo {g(n)} cropped differently",
                              zh=f"图片{q(n)}裁切改变", lines=box, **common))   # type: ignore[arg-type]
    return out


def fits(a: Revision, b: Revision, moved: set[str]) -> list[Change]:
    """Overset and underset as states: appeared, gone, grown or shrunk (text moved to overset is named by
    contentdiff; this says how much is over now)."""
    o = {(f.ref, f.part): f for f in a.doc.fits}
    n = {(f.ref, f.part): f for f in b.doc.fits}
    out = []
    for key in sorted(set(o) | set(n)):
        fo, fn = o.get(key), n.get(key)
        before, after = (fo.overset_chars if fo else 0), (fn.overset_chars if fn else 0)
        ub, ua = (fo.underset_lines if fo else 0), (fn.underset_lines if fn else 0)
        ref, part = key
        nm = _name(a, b, ref)
        found = fn or fo
        page = found.page if found else 0
        zp, ep = f"{q(nm)}{PART_ZH.get(part, str(part))}", f"{part} {g(nm)}"
        if before != after and ref not in moved:
            if not before:
                zh, en = f"{zp}出现溢出（{after}字排不下）", f"{ep}: overset appeared ({after} characters)"
            elif not after:
                zh, en = f"{zp}溢出消除（原{before}字）", f"{ep}: overset gone (was {before} characters)"
            else:
                zh, en = f"{zp}溢出{before}→{after}字", f"{ep}: overset {before} → {after} characters"
            out.append(Change("fit", ref, page, en, zh=zh, detail=(("old_overset", before), ("new_overset", after))))
        if ub != ua:
            out.append(Change("fit", ref, page, f"{ep}: underset {ub} → {ua} lines",
                              zh=f"{zp}欠行{ub}→{ua}行", detail=(("old_underset", ub), ("new_underset", ua))))
    return out
