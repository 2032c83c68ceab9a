"""An edition's text back as plain copy, in the shape import reads (the sample's copy.txt).

For round trips through an editorial system: export, edit, import again. Import of an
exported edition changes nothing and records nothing (the text is already clean), so a
diff of the two manifests shows only what the editor changed.
"""
from __future__ import annotations

from .copytext import CIRCLED


def export_copy(manifest: dict, story: str | None = None) -> str:
    """Plain text of one story (default: the first) with all photos and chronicles.

    编者按： line, kicker line, `## headline`, subhead, byline, paragraphs (`## subheading`),
    each caption followed by its credit line, `### title：` and numbered items; blank lines
    between. Images, ids and placement are not text and do not travel.
    """
    stories = manifest.get("stories") or {}
    sid = story if story is not None else next(iter(stories), None)
    blocks: list[str] = []
    if sid is not None:
        blocks.extend(_story(stories[sid]))
    for p in (manifest.get("photos") or {}).values():
        if p.get("caption"):
            blocks.append(p["caption"])
        if p.get("credit"):
            blocks.append(p["credit"])
    for c in (manifest.get("chronicles") or {}).values():
        blocks.append(f"### {c.get('title', '大事记')}：")
        circled = c.get("numbering") == "①"
        for n, item in enumerate(c.get("items") or [], 1):
            text = item if isinstance(item, str) else item.get("date", "") + item["text"]
            blocks.append(f"{CIRCLED[n - 1] if circled and n <= len(CIRCLED) else f'{n}.'} {text}")
    return "\n\n".join(blocks) + "\n"


def _story(s: dict) -> list[str]:
    out = []
    if s.get("note"):
        out.append(f"编者按：{s['note']}")
    if s.get("kicker"):
        out.append(s["kicker"])
    if s.get("headline"):
        out.append(f"## {s['headline']}")
    for key in ("subhead", "byline"):
        if s.get(key):
            out.append(s[key])
    for entry in s.get("body") or []:
        out.append(f"## {entry['subheading']}" if isinstance(entry, dict) else entry)
    return out
