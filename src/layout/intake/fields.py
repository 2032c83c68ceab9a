"""The printed strings of a manifest, each with its key path and a name an editor understands.

Import, lint and fix all walk the same strings — headline, kicker, subhead, byline, note,
paragraphs, subheadings, captions, credits, chronicle titles and items — so a change is
reported the same way whichever of them found it.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

KeyPath = tuple[str | int, ...]
STORY_FIELDS = ("kicker", "headline", "subhead", "byline", "note")
NAME_FIELDS = frozenset({"byline", "credit"})
HEAD_FIELDS = frozenset({"kicker", "headline", "subhead"})


@dataclass(frozen=True)
class TextField:
    path: KeyPath          # ("stories", "main", "body", 2)
    where: str             # "story main, paragraph 3"
    kind: str              # "text"; "name" for bylines and credits (their space is meant); "head" for headlines
    owner: str             # story | photo | chronicle
    owner_id: str
    number: int | None     # paragraph or item number, from 1
    text: str


def text_fields(manifest: dict) -> Iterator[TextField]:
    """Every printed string of a manifest, in document order."""
    for sid, s in (manifest.get("stories") or {}).items():
        if not isinstance(s, dict):
            continue
        for key in STORY_FIELDS:
            yield from _one(s.get(key), ("stories", sid, key), f"story {sid}, {key}", key, "story", sid, None)
        for i, entry in enumerate(s.get("body") or []):
            base = ("stories", sid, "body", i)
            if isinstance(entry, dict):
                yield from _one(entry.get("subheading"), base + ("subheading",),
                                f"story {sid}, paragraph {i + 1} (subheading)", "", "story", sid, i + 1)
            else:
                yield from _one(entry, base, f"story {sid}, paragraph {i + 1}", "", "story", sid, i + 1)
    for pid, p in (manifest.get("photos") or {}).items():
        if isinstance(p, dict):
            for key in ("caption", "credit"):
                yield from _one(p.get(key), ("photos", pid, key), f"photo {pid} {key}", key, "photo", pid, None)
    for cid, c in (manifest.get("chronicles") or {}).items():
        if not isinstance(c, dict):
            continue
        yield from _one(c.get("title"), ("chronicles", cid, "title"), f"chronicle {cid} title", "", "chronicle", cid,
                        None)
        for i, item in enumerate(c.get("items") or []):
            base, where = ("chronicles", cid, "items", i), f"chronicle {cid}, item {i + 1}"
            if isinstance(item, dict):
                yield from _one(item.get("date"), base + ("date",), where + " date", "", "chronicle", cid, i + 1)
                yield from _one(item.get("text"), base + ("text",), where, "", "chronicle", cid, i + 1)
            else:
                yield from _one(item, base, where, "", "chronicle", cid, i + 1)


def _one(value: Any, path: KeyPath, where: str, key: str, owner: str, owner_id: str,
         number: int | None) -> Iterator[TextField]:
    if isinstance(value, str) and value:
        kind = "name" if key in NAME_FIELDS else "head" if key in HEAD_FIELDS else "text"
        yield TextField(path, where, kind, owner, owner_id, number, value)


def set_at(data: Any, path: KeyPath, value: Any) -> None:
    """Set the value at a key path (in place)."""
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
