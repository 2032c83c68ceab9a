"""YAML → Edition. Every user mistake becomes a ManifestError naming file, line and key."""
from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..filedigest import digest
from ..textfile import read_text
from .model import (
    AutoSpec,
    Block,
    BlockKind,
    Chronicle,
    ChronicleItem,
    Edition,
    PageSpec,
    Paragraph,
    Photo,
    Story,
    Where,
)
from .style import Template
from .templates import composition_over, load_template
from .validate import ManifestError, NodeIndex, Problem, key_text, parse_yaml, validate

MANIFEST_NAMES = ("edition.yaml", "edition.yml", "manifest.yaml")
BLOCK_KEYS = ("headline", "text", "photo", "chronicle", "note")
ONCE = ("headline", "photo", "note")
"""Blocks whose content is placed once (text and chronicles flow on through further blocks of their kind)."""


def find_manifest(path: str) -> Path:
    p = Path(path)
    if p.is_dir():
        for name in MANIFEST_NAMES:
            if (p / name).is_file():
                return p / name
        raise ManifestError([Problem(str(p), 0, "", f"no manifest here: expected one of {', '.join(MANIFEST_NAMES)}")])
    if p.is_file():
        return p
    raise ManifestError([Problem(str(p), 0, "", "no such edition folder or manifest file")])


def load_edition(path: str) -> Edition:
    manifest = find_manifest(path)
    text = read_text(manifest, "manifest").text
    fname = str(manifest)
    data, node = parse_yaml(text, fname)
    if data is None:
        raise ManifestError([Problem(fname, 1, "", "the manifest is empty")])
    validate(data, node, "manifest.schema.json", fname)
    base = manifest.parent
    loader = _Loader(fname, node, base)
    ed = data["edition"]
    template = load_template(ed.get("template", "broadsheet"), base, where=loader.where(["edition", "template"]))
    template = replace(template, composition=composition_over(template.composition, data.get("composition", {})),
                       fonts=_font_overrides(template.fonts, data.get("fonts", {}), base))
    stories = {sid: loader.story(sid, s) for sid, s in (data.get("stories") or {}).items()}
    photos = {pid: loader.photo(pid, p) for pid, p in (data.get("photos") or {}).items()}
    chronicles = {cid: loader.chronicle(cid, c) for cid, c in (data.get("chronicles") or {}).items()}
    pages = tuple(loader.page(i, pg, template, ed["title"]) for i, pg in enumerate(data["pages"]))
    loader.unique_pages(pages)
    edition = Edition(id=base.resolve().name, paper=ed["paper"], date=str(ed["date"]), title=ed["title"],
                      template=template, pages=pages, stories=stories, photos=photos, chronicles=chronicles,
                      style_version=data.get("style_version", 1), base_dir=str(base), source=fname)
    loader.check_references(edition)
    if loader.problems:
        raise ManifestError(loader.problems)
    return replace(edition, content_hash=_content_hash(text, edition))


class _Loader:
    """Builds model objects and collects the problems validation cannot see (references)."""

    def __init__(self, fname: str, node, base: Path):
        self.fname, self.nodes, self.base = fname, NodeIndex(node), base
        self.problems: list[Problem] = []

    def where(self, path: list) -> Where:
        n = self.nodes.at(path)
        return Where(self.fname, n.start_mark.line + 1 if n is not None else 0, key_text(path))

    def problem(self, path: list, message: str) -> None:
        w = self.where(path)
        self.problems.append(Problem(w.file, w.line, w.key, message))

    def story(self, sid: str, s: dict) -> Story:
        paras = []
        for entry in s.get("body", []):
            if isinstance(entry, dict):
                paras.append(Paragraph(entry["subheading"].strip(), "subheading"))
            else:
                paras.append(Paragraph(entry.strip()))
        return Story(id=sid, headline=s.get("headline", ""), kicker=s.get("kicker", ""),
                     subhead=s.get("subhead", ""), byline=s.get("byline", ""), note=s.get("note", ""),
                     note_label=s.get("note_label", "编者按："), paragraphs=tuple(paras),
                     headline_lines=s.get("headline_lines", 1), where=self.where(["stories", sid]))

    def photo(self, pid: str, p: dict) -> Photo:
        path = self.base / p["image"]
        focus = tuple(p.get("focus", (0.5, 0.5)))
        return Photo(id=pid, image=str(path), caption=p.get("caption", ""), credit=p.get("credit", ""),
                     focus=focus, where=self.where(["photos", pid]), missing=not path.is_file())

    def chronicle(self, cid: str, c: dict) -> Chronicle:
        items = tuple(ChronicleItem(text=i) if isinstance(i, str)
                      else ChronicleItem(text=i["text"], date=i.get("date", "")) for i in c["items"])
        return Chronicle(id=cid, title=c.get("title", "大事记"), numbering=c.get("numbering", "1."), items=items,
                         tint=c.get("tint", True), where=self.where(["chronicles", cid]))

    def page(self, i: int, pg: dict, template: Template, title: str) -> PageSpec:
        tpl = template
        if "template" in pg:
            tpl = load_template(pg["template"], self.base, self.where(["pages", i, "template"]))
            tpl = replace(tpl, composition=template.composition, fonts=template.fonts)
        if ("blocks" in pg) == ("auto" in pg):
            self.problem(["pages", i], "a page has either blocks (placed on the grid) or auto (placed for you), "
                                       f"not {'both' if 'blocks' in pg else 'neither'}")
        blocks = []
        for j, b in enumerate(pg.get("blocks", [])):
            block = self.block(i, j, b, tpl)
            if block is not None:
                blocks.append(block)
        self._overlaps(i, blocks)
        auto = None
        if "auto" in pg:
            a = pg["auto"]
            auto = AutoSpec(tuple(a.get("stories", [])), tuple(a.get("photos", [])), tuple(a.get("chronicles", [])),
                            int(a.get("variant", 1)))
        for j, b in enumerate(blocks):
            if b.bleed and not pg.get("bleed"):
                self.problem(["pages", i, "blocks", j, "bleed"], f"{b.label} bleeds, but page {pg['page']} has no "
                                                                 "bleed: add `bleed: true` to the page")
        return PageSpec(number=pg["page"], section=pg.get("section", title), blocks=tuple(blocks),
                        template=tpl if "template" in pg else None, where=self.where(["pages", i]), auto=auto,
                        bleed=pg.get("bleed", False))

    def unique_pages(self, pages: tuple[PageSpec, ...]) -> None:
        """Two pages with one number would print two page 8s: refused, naming both."""
        first: dict[int, int] = {}
        for i, pg in enumerate(pages):
            if pg.number in first:
                self.problem(["pages", i, "page"], f"page {pg.number} appears twice (first as pages[{first[pg.number]}]"
                                                   f", line {pages[first[pg.number]].where.line}): renumber one")
            else:
                first[pg.number] = i

    def block(self, i: int, j: int, b: dict, tpl: Template) -> Block | None:
        path = ["pages", i, "blocks", j]
        kinds = [k for k in BLOCK_KEYS if k in b]
        if len(kinds) != 1:
            self.problem(path, f"a block names exactly one of {', '.join(BLOCK_KEYS)}; this one has "
                               f"{', '.join(kinds) if kinds else 'none'}")
            return None
        kind = kinds[0]
        g = tpl.grid
        col, line, span = b["column"] - 1, b["line"] - 1, b["span"]
        lines = None if b.get("lines", "rest") == "rest" else b["lines"]
        ok = True
        if col + span > g.columns:
            self.problem(path + ["span"], f"columns {col + 1}–{col + span} run past the {g.columns} columns of "
                                          f"template {tpl.name!r}")
            ok = False
        if line >= g.lines or (lines is not None and line + lines > g.lines):
            last = line + (lines or 1)
            self.problem(path + ["lines" if "lines" in b else "line"],
                         f"lines {line + 1}–{last} run past the {g.lines} grid lines of template {tpl.name!r}")
            ok = False
        tint = b.get("tint", "")
        if tint and tint not in tpl.palette:
            hint = difflib.get_close_matches(tint, list(tpl.palette), n=1)
            self.problem(path + ["tint"], f"no colour {tint!r} in the palette of template {tpl.name!r}"
                                          f"{f' (did you mean {hint[0]!r}?)' if hint else ''}; it has: "
                                          f"{', '.join(sorted(tpl.palette))}")
            ok = False
        if not ok:
            return None
        return Block(kind=BlockKind(kind), ref=b[kind], column=col, line=line, span=span,
                     lines=lines if lines is not None else g.lines - line, where=self.where(path),
                     box=b.get("box", False), tint=b.get("tint", ""), bleed=b.get("bleed", False))

    def _overlaps(self, i: int, blocks: list[Block]) -> None:
        """Blocks may not overlap, except a block inside a text region: the text wraps round it."""
        for a in range(len(blocks)):
            for c in range(a + 1, len(blocks)):
                x, y = blocks[a], blocks[c]
                if (x.kind == "text") != (y.kind == "text"):
                    continue
                assert x.lines is not None and y.lines is not None      # block() resolves "rest"
                if (x.column < y.column + y.span and y.column < x.column + x.span
                        and x.line < y.line + y.lines and y.line < x.line + x.lines):
                    self.problems.append(Problem(self.fname, y.where.line, y.where.key,
                                                 f"{y.label} overlaps {x.label} (line {x.where.line})"))

    def check_references(self, ed: Edition) -> None:
        pools: dict[str, Mapping[str, object]] = {"headline": ed.stories, "text": ed.stories, "note": ed.stories,
                 "photo": ed.photos, "chronicle": ed.chronicles}
        placed: dict[str, set] = {k: set() for k in BLOCK_KEYS}
        once: dict[tuple[str, str], int] = {}
        for i, pg in enumerate(ed.pages):
            if pg.auto is not None:
                self._auto_references(i, pg.auto, ed, placed)
            for b in pg.blocks:
                pool = pools[b.kind]
                if b.ref not in pool:
                    close = difflib.get_close_matches(b.ref, list(pool), n=1, cutoff=0.5)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    known = ", ".join(sorted(pool)) or "none defined"
                    what = "story" if b.kind in ("headline", "text", "note") else b.kind
                    self.problems.append(Problem(self.fname, b.where.line, f"{b.where.key}.{b.kind}",
                                                 f"no {what} called {b.ref!r}{hint}; known: {known}"))
                if b.kind in ONCE and b.ref in placed[b.kind]:
                    what = "photo" if b.kind == "photo" else f"the {b.kind} of story"
                    self.problems.append(Problem(self.fname, b.where.line, f"{b.where.key}.{b.kind}",
                                                 f"{what} {b.ref!r} is placed twice (it is placed on page "
                                                 f"{once[(b.kind, b.ref)]} already): remove one block"))
                once.setdefault((b.kind, b.ref), pg.number)
                placed[b.kind].add(b.ref)
        for s in ed.stories.values():
            self._unplaced(s.where, s.paragraphs or s.byline, s.id in placed["text"],
                           f"story {s.id!r} has body text but no text block")
            self._unplaced(s.where, s.headline or s.kicker or s.subhead, s.id in placed["headline"],
                           f"story {s.id!r} has a headline but no headline block")
            self._unplaced(s.where, s.note, s.id in placed["note"],
                           f"story {s.id!r} has an editor's note but no note block")
        for p in ed.photos.values():
            self._unplaced(p.where, True, p.id in placed["photo"], f"photo {p.id!r} is not placed on any page")
        for c in ed.chronicles.values():
            self._unplaced(c.where, True, c.id in placed["chronicle"], f"chronicle {c.id!r} is not placed on any page")

    def _auto_references(self, i: int, auto: AutoSpec, ed: Edition, placed: dict[str, set]) -> None:
        for key, pool, kinds in (("stories", ed.stories, ("headline", "text", "note")),
                                 ("photos", ed.photos, ("photo",)),
                                 ("chronicles", ed.chronicles, ("chronicle",))):
            for j, ref in enumerate(getattr(auto, key)):
                if ref not in pool:
                    close = difflib.get_close_matches(ref, list(pool), n=1, cutoff=0.5)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    self.problem(["pages", i, "auto", key, j], f"no {key[:-1] if key != 'stories' else 'story'} "
                                                               f"called {ref!r}{hint}")
                    continue
                if any(ref in placed[k] for k in kinds) or any(b.ref == ref and b.kind in kinds
                                                               for p in ed.pages for b in p.blocks):
                    self.problem(["pages", i, "auto", key, j], f"{ref!r} is placed twice: it is listed here and "
                                                               "placed elsewhere too")
                for k in kinds:
                    placed[k].add(ref)

    def _unplaced(self, where: Where, has: Any, placed: bool, message: str) -> None:
        if has and not placed:
            self.problems.append(Problem(where.file, where.line, where.key, message + " (nothing is dropped silently)"))


def project_font_dirs(base: Path) -> list[Path]:
    """fonts/ folders a user may drop licensed fonts into: the edition's, then the project's."""
    dirs = [base / "fonts"]
    for parent in [base, *base.resolve().parents][:4]:
        if (parent / "fonts").is_dir() and (parent / "fonts") not in dirs:
            dirs.append(parent / "fonts")
    return dirs


def _font_overrides(chains: dict[str, tuple[str, ...]], overrides: dict, base: Path) -> dict[str, tuple[str, ...]]:
    """Manifest `fonts:` first, then fonts/<role>.{otf,ttf,ttc}, then the template's chain."""
    out = {}
    for role, chain in chains.items():
        extra: list[str] = []
        if role in overrides:
            extra.append(str(base / overrides[role]) if not os.path.isabs(overrides[role]) else overrides[role])
        for d in project_font_dirs(base):
            for ext in (".otf", ".ttf", ".ttc", ".otc"):
                if (d / f"{role}{ext}").is_file():
                    extra.append(str(d / f"{role}{ext}"))
        out[role] = tuple(extra) + tuple(chain)
    return out


def _content_hash(manifest_text: str, ed: Edition) -> str:
    """Hash of everything that decides the output: manifest, template, images (by their content digest, in id
    order; fonts by path and size)."""
    h = hashlib.sha256(manifest_text.encode("utf-8"))
    h.update(repr(ed.template).encode("utf-8"))
    for p in sorted(ed.photos.values(), key=lambda p: p.id):
        h.update(f"{p.id}:{digest(p.image)};".encode())
    return h.hexdigest()
