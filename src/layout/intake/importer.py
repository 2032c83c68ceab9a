"""Plain-text copy → an edition manifest (the dict `load_edition` reads), with every change recorded.

The layout desk gets copy as text (see `copytext.py` for the shape). Import recognises the
parts, re-joins paragraphs split by column breaks, normalises the text (`normalize.py`),
splits each chronicle item's leading date off as the hand-made sample does, and puts
everything on one automatically placed page — a first proof, without coordinates.
"""
from __future__ import annotations

import copy as _copy
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .changes import Change
from .copytext import KICKER_MAX, Copy, read_copy
from .fields import set_at, text_fields
from .normalize import check_rules, normalize
from .rejoin import Part, rejoin

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
DATE = re.compile(r"^(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日"
                  r"(?:\d{1,2}时(?:\d{1,2}分)?|上午|下午|中午|晚上|晚间|傍晚|凌晨|早上|清晨|夜间|晚(?![\u3400-\u9fff]))?"
                  r"|上旬|中旬|下旬|初|底|末|(?![份\d，,。、；：]))")
"""A chronicle item's leading date: 5月7日, 6月29日上午, 6月30日晚, 7月1日8时, and a month alone or in part: 9月,
9月下旬, 12月底 (not 5月份 or 9月，: a word or a clause, not a date)."""
Where = Callable[[int, Part], str]


@dataclass(frozen=True)
class ImportResult:
    manifest: dict                     # the manifest, as `layout.model.yamlio.dump` writes it
    changes: tuple[Change, ...]        # every normalisation, for the editor to approve
    notes: tuple[str, ...] = ()        # what was recognised: headline, byline, photos, chronicle
    warnings: tuple[str, ...] = ()     # what needs a person: missing images, unplaced text


def import_copy(text: str, *, photos_dir: str | None = None, rules: frozenset[str] | None = None,
                edition_id: str = "edition", paper: str = "衡阳日报", date: str = "2021-12-31",
                title: str = "年终特别报道", template: str = "broadsheet", page: int = 1,
                story_id: str = "main", edition_dir: str | None = None) -> ImportResult:
    """Import one story's copy. Images are matched in name order to the files in `photos_dir`
    (paths written relative to `edition_dir`, default the folder above `photos_dir`), else
    `photos/NN.jpg` placeholders."""
    chosen = check_rules(rules)
    parsed = read_copy(text)
    changes: list[Change] = []
    notes: list[str] = [f"edition {edition_id!r}: story {story_id!r} on page {page}, placed automatically"]
    warnings = list(parsed.warnings)

    def joined(parts: Sequence[Part], where: Where) -> list[Part]:
        if "rejoin" not in chosen:
            return list(parts)
        out, found = rejoin(parts, where)
        changes.extend(found)
        return out

    story, body_parts = _head(parsed, story_id, joined, notes, warnings)
    body = joined(body_parts, lambda i, p: f"story {story_id}, paragraph {i + 1}")
    story["body"] = [{"subheading": p.text} if p.tag == "subheading" else p.text for p in body]
    story = {k: v for k, v in story.items() if v}
    photos = _photos(parsed, photos_dir, edition_dir, notes, warnings)
    chronicles: dict[str, dict] = {}
    for n, ch in enumerate(parsed.chronicles, 1):
        cid = f"c{n}"
        items = joined(ch.parts, _item_where(cid))
        chronicles[cid] = {"title": ch.title or "大事记", "numbering": ch.numbering,
                           "items": [p.text for p in items]}
        notes.append(f"chronicle {cid} {ch.title!r}: {len(items)} items")
    manifest = _manifest(paper, date, title, template, page, {story_id: story} if story else {}, photos, chronicles)
    ordered = _normalize_fields(manifest, chosen, changes)
    for c in chronicles.values():
        c["items"] = [split_date(item) for item in c["items"]]
    return ImportResult(manifest, tuple(ordered), tuple(notes), tuple(warnings))


def _normalize_fields(manifest: dict, rules: frozenset[str], rejoins: list[Change]) -> list[Change]:
    """Normalise every string in place; return all changes in document order (a join first)."""
    pending = list(rejoins)
    out: list[Change] = []
    for field in list(text_fields(manifest)):
        out.extend(c for c in pending if c.where == field.where)
        pending = [c for c in pending if c.where != field.where]
        new, found = normalize(field.text, field.where, rules=rules, kind=field.kind)
        if found:
            set_at(manifest, field.path, new)
            out.extend(found)
    return out + pending


def _item_where(cid: str) -> Where:
    return lambda i, p: f"chronicle {cid}, item {i + 1}"


def _head(parsed: Copy, sid: str, joined: Callable[[Sequence[Part], Where], list[Part]],
          notes: list[str], warnings: list[str]) -> tuple[dict, list[Part]]:
    """Note, kicker, headline, subhead, byline; text before the headline that is none of these leads the body."""
    pre = joined(parsed.pre,
                 lambda i, p: f"story {sid}, note" if p.tag == "note" else f"story {sid}, before the headline")
    note_parts = [p for p in pre if p.tag == "note"]
    others = [p for p in pre if p.tag != "note"]
    kicker = ""
    if parsed.headline and others and len(others[-1].text) <= KICKER_MAX and not others[-1].text.endswith("。"):
        kicker = others.pop().text
    if len(note_parts) > 1:
        warnings.append(f"story {sid}: {len(note_parts)} editor's notes; "
                        "the first is the note, the others lead the body")
    story = {"kicker": kicker, "headline": parsed.headline, "subhead": parsed.subhead, "byline": parsed.byline,
             "note": note_parts[0].text if note_parts else ""}
    if others:
        warnings.append(f"story {sid}: {len(others)} paragraph(s) before the headline lead the body")
    found = [k for k in ("kicker", "headline", "subhead", "byline", "note") if story[k]]
    dropped = " (编者按 label dropped: the layout adds it)" if story["note"] else ""
    notes.append(f"story {sid}: " + ", ".join(found) + dropped)
    return story, note_parts[1:] + others + list(parsed.body)


def _photos(parsed: Copy, photos_dir: str | None, edition_dir: str | None,
            notes: list[str], warnings: list[str]) -> dict[str, dict]:
    files = list_images(photos_dir) if photos_dir else []
    base = Path(edition_dir) if edition_dir else Path(photos_dir).parent if photos_dir else None
    out = {}
    for n, (caption, credit) in enumerate(parsed.photos, 1):
        if n <= len(files) and base is not None:
            image = Path(os.path.relpath(files[n - 1], base)).as_posix()
        else:
            image = f"photos/{n:02d}.jpg"
        out[f"p{n}"] = {k: v for k, v in (("image", image), ("caption", caption), ("credit", credit)) if v}
    if out:
        notes.append(f"{len(out)} photo(s) with caption and credit: {', '.join(out)}")
    waiting = [(pid, p["image"]) for pid, p in out.items()][len(files):]
    if photos_dir and len(files) < len(out):
        warnings.append(f"{len(out)} captions but {len(files)} images in {photos_dir}: " + _to_supply(waiting))
    elif photos_dir and len(files) > len(out):
        warnings.append(f"{len(files) - len(out)} image(s) in {photos_dir} without a caption: "
                        + ", ".join(Path(f).name for f in files[len(out):]))
    elif not photos_dir and out:
        warnings.append("no photos folder given: " + _to_supply(waiting))
    return out


def _to_supply(waiting: list[tuple[str, str]]) -> str:
    """How photos without files are supplied (proofs show them as placeholders until then)."""
    named = ", ".join(f"{pid} → {image}" for pid, image in waiting)
    return (f"{named} have no file yet. Supply the photos by putting image files at those paths in the edition "
            "folder (or by pointing each photo's `image:` at a file, or by importing with --photos DIR); "
            "until then `layout proof` sets each as a marked placeholder that names the pixels it needs, "
            "and the print file (`layout build`) is refused")


def list_images(folder: str) -> list[str]:
    """Image files in a folder, sorted by name (jpg, jpeg, png, tif, tiff)."""
    return sorted(str(p) for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def _manifest(paper: str, date: str, title: str, template: str, page: int, stories: dict,
              photos: dict, chronicles: dict) -> dict:
    auto = {"stories": list(stories), "photos": list(photos), "chronicles": list(chronicles)}
    return {"style_version": 1,
            "edition": {"paper": paper, "date": date, "title": title, "template": template},
            **({"stories": stories} if stories else {}),
            **({"photos": photos} if photos else {}),
            **({"chronicles": chronicles} if chronicles else {}),
            "pages": [{"page": page, "auto": {k: v for k, v in auto.items() if v}}]}


def split_date(item: str) -> dict:
    """「5月7日报道，近日…」 → {date: 5月7日, text: 报道，近日…}; an item without a leading date keeps all."""
    m = DATE.match(item)
    if m and m.end() < len(item):
        return {"date": m.group(), "text": item[m.end():]}
    return {"text": item}


def add_story(manifest: dict, imported: dict | ImportResult, page: int | None = None) -> dict:
    """A copy of `manifest` with an imported story, its photos and chronicles added under fresh ids.

    They go on page `page` if that page is placed automatically, else on a new automatic page
    after the last one. Returns the new manifest; the input is not changed.
    """
    new = imported.manifest if isinstance(imported, ImportResult) else imported
    out = _copy.deepcopy(manifest)
    placed: dict[str, list[str]] = {"stories": [], "photos": [], "chronicles": []}
    for key, prefix in (("stories", "story"), ("photos", "p"), ("chronicles", "c")):
        have = out.setdefault(key, {})
        for old_id, value in (new.get(key) or {}).items():
            fresh = old_id if old_id not in have else _fresh(have, prefix if key != "stories" else old_id)
            have[fresh] = _copy.deepcopy(value)
            placed[key].append(fresh)
        if not have:
            del out[key]
    pages = out.setdefault("pages", [])
    target = next((p for p in pages if p.get("page") == page), None) if page is not None else None
    if target is not None and "auto" not in target:
        raise ValueError(f"page {page} is placed by hand (blocks): add the story's blocks there, "
                         "or import onto an automatic or new page")
    if target is None:
        number = page if page is not None else max((p.get("page", 0) for p in pages), default=0) + 1
        target = {"page": number, "auto": {}}
        pages.append(target)
    for key, ids in placed.items():
        if ids:
            target["auto"].setdefault(key, []).extend(ids)
    return out


def _fresh(have: dict, prefix: str) -> str:
    n = 2 if prefix not in ("p", "c") else 1
    while f"{prefix}{n}" in have:
        n += 1
    return f"{prefix}{n}"
