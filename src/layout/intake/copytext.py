"""Reading delivered plain-text copy into its parts: note, headline, byline, body, photos, chronicle.

The shape is the one editorial systems export (the sample's copy.txt): one paragraph per line,
blank lines between, Markdown `##` for the headline and subheadings and `###` for a chronicle
title, `1.` numbered chronicle items, each photo caption followed by its credit 「■罗盟 摄」,
the editor's note introduced by 编者按:. Nothing is normalised here; parts stay as delivered so
`rejoin` can judge where a column break split a paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .rejoin import Part

NOTE = re.compile(r"^(?:【编者按】|\[编者按\]|编者按\s*[:：])\s*")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
ITEM = re.compile(r"^(?:(\d{1,3})[.．、](?!\d)|([①-⑳]))[ \t\u3000]*(.+)$")
CREDIT = re.compile(r"^[■□◆●]?\s*[^，。！？；,]{1,24}?(?:摄影?|供图|翻拍)$")
CAPTION_CREDIT = re.compile(r"^(.*[。！？…”）)])\s*([（(][^（）()，。！？；,]{1,24}?(?:摄影?|供图|翻拍)[）)])$")
"""A caption with its credit at its end in brackets, as one line: 「…锻炼身体。（记者 周敏 摄）」."""
BYLINE = re.compile(r"^(?:[■□◆●]\s*\S|(?:本报|特约)?(?:记者|通讯员)|文\s*[/／])")
BLANKS = " \t\u3000\ufeff\u00a0"
KICKER_MAX = 40
SENTENCE_MARKS = "，。！？；：,.;:!?"
"""Punctuation a sentence has and a byline, headline or subheading line does not."""
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Unit:
    """One non-blank line, classified."""
    kind: str              # note | heading | credit | item | text
    text: str              # content, marker or label removed
    raw: str               # the line, stripped
    level: int = 0         # heading level
    marker: str = ""       # item number as written ("1", "①")
    indented: bool = False


@dataclass(frozen=True)
class RawChronicle:
    title: str
    numbering: str                     # "1." or "①"
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Copy:
    """The parts of one story's copy, as delivered."""
    pre: tuple[Part, ...] = ()         # before the headline: the note (tag "note") and any other lines
    headline: str = ""
    subhead: str = ""
    byline: str = ""
    body: tuple[Part, ...] = ()        # paragraphs; subheadings are barrier parts tagged "subheading"
    photos: tuple[tuple[str, str], ...] = ()      # (caption, credit)
    chronicles: tuple[RawChronicle, ...] = ()
    warnings: tuple[str, ...] = ()


def units(text: str) -> list[Unit]:
    """Classify every non-blank line."""
    out = []
    for line in text.splitlines():
        raw = line.strip(BLANKS)
        if not raw:
            continue
        out.append(_classify(raw, indented=line.startswith(("\u3000", "  ", "\t"))))
    return out


def _classify(raw: str, indented: bool) -> Unit:
    if m := NOTE.match(raw):
        return Unit("note", raw[m.end():], raw)
    if m := HEADING.match(raw):
        return Unit("heading", m.group(2), raw, level=len(m.group(1)))
    if CREDIT.match(raw):
        return Unit("credit", raw, raw)
    if m := ITEM.match(raw):
        return Unit("item", m.group(3), raw, marker=m.group(1) or m.group(2))
    return Unit("text", raw, raw, indented=indented)


SUBHEAD_MAX = 20
_ORDINAL = "[一二三四五六七八九十]{1,3}"
_SUBHEAD = re.compile(rf"^(?:【[^【】]+】$|〖[^〖〗]+〗$|{_ORDINAL}、\S|（{_ORDINAL}）\S)")


_CREDIT_LABEL = re.compile(r"^[【〖（]?(?:来源|编辑|责任编辑|责编|作者|记者|通讯员|摄影|图片|审核|校对|链接)\s*[:：]")
"""A bracketed label with its value (「【来源：新华社】」「【责任编辑：李明】」): an attribution, not a heading."""


def is_subheading(text: str) -> bool:
    """A 小标题 written without `##`: a short line with no sentence punctuation, all in 【】 (「【生态修复】」) or led
    by a Chinese ordinal (「一、生态修复」「（二）文旅融合」). A full-width colon may part a heading's topic from its
    title (「【教育：家门口的好学校】」), but not an attribution's label from its value. A numbered paragraph has its
    sentence end."""
    if len(text) > SUBHEAD_MAX or any(ch in SENTENCE_MARKS for ch in text.replace("：", "")):
        return False
    return bool(_SUBHEAD.match(text)) and not _CREDIT_LABEL.match(text)


def _body_part(p: Part) -> Part:
    """A body paragraph as delivered, or a subheading when it is one (is_subheading)."""
    return Part(p.text, "subheading", barrier=True) if not p.tag and is_subheading(p.text) else p


def is_byline(text: str) -> bool:
    """■本报记者 胡建军, 本报通讯员 李四: short, led by a mark or a title, no sentence punctuation."""
    return bool(BYLINE.match(text)) and len(text) <= KICKER_MAX and not any(ch in SENTENCE_MARKS for ch in text)


def read_copy(text: str) -> Copy:
    """Plain text → Copy. Photos are a caption line followed by a credit line, wherever they stand."""
    stream, photos = _photos(units(text.lstrip("\ufeff")))
    reader = _Reader()
    for u in stream:
        reader.feed(u)
    return reader.finish(tuple(photos))


def _photos(all_units: list[Unit]) -> tuple[list[Unit], list[tuple[str, str]]]:
    stream: list[Unit] = []
    photos: list[tuple[str, str]] = []
    for u in all_units:
        inline = CAPTION_CREDIT.match(u.text) if u.kind == "text" else None
        if inline:
            photos.append((inline.group(1), inline.group(2)))
        elif u.kind != "credit":
            stream.append(u)
        elif stream and stream[-1].kind == "text":
            photos.append((stream.pop().text, u.text))
        else:
            photos.append(("", u.text))
    return stream, photos


class _Reader:
    """A small state machine: before the headline, the story head, the body, a chronicle."""

    def __init__(self) -> None:
        self.pre: list[Part] = []
        self.headline: str | None = None
        self.subhead = self.byline = ""
        self.body: list[Part] = []
        self.chronicles: list[RawChronicle] = []
        self.chron: tuple[str, str, list[Part]] | None = None
        self.pending_title: str | None = None
        self.warnings: list[str] = []

    def feed(self, u: Unit) -> None:
        if self.pending_title is not None:
            title, self.pending_title = self.pending_title, None
            if u.kind == "item":
                self.chron = (title, "①" if u.marker in CIRCLED else "1.", [])
            else:
                self.body.append(Part(title, "subheading", barrier=True))
        if u.kind == "heading":
            self._heading(u)
        elif self.chron is not None and u.kind in ("item", "text", "note"):
            self.chron[2].append(Part(u.text, "item", new=u.kind == "item" or u.indented))
        elif u.kind == "note":
            self.pre.append(Part(u.text, "note", new=True))
        elif self.headline is None:
            self.pre.append(Part(u.raw if u.kind == "item" else u.text, new=u.kind == "item" or u.indented))
        elif u.kind == "text" and not self.body and not self.byline and not self.subhead and u.text.startswith("—"):
            self.subhead = u.text
        elif u.kind == "text" and not self.body and not self.byline and is_byline(u.text):
            self.byline = u.text
        else:
            self.body.append(_body_part(Part(u.raw if u.kind == "item" else u.text,
                                             new=u.kind == "item" or u.indented)))

    def _heading(self, u: Unit) -> None:
        self._close_chronicle()
        if u.level >= 3:
            self.pending_title = u.text
        elif self.headline is None:
            self.headline = u.text
        else:
            self.body.append(Part(u.text, "subheading", barrier=True))

    def _headline_from_byline(self) -> None:
        """Copy without `##`: a story head of one to three short lines with no sentence end — [引题] 主题 [副题] —
        straight followed by a byline (■本报记者 …), the shape every news story has. The line before the byline is
        the 副题 when it opens with a dash (——…) or when the head has three lines; the 主题 is the line before
        that; a line above the 主题 is the 引题 (left first in `pre`, where the importer takes its kicker from).
        Anything else stays body copy, with the warning."""
        lines = [k for k, p in enumerate(self.pre) if p.tag != "note"]
        by = next((i for i, k in enumerate(lines[:4]) if is_byline(self.pre[k].text)), None)
        if not by or lines[by] - lines[0] != by:       # no byline under a head, or a note inside the head
            return
        head = [self.pre[k].text for k in lines[:by]]
        if any(len(t) > KICKER_MAX or t.rstrip()[-1:] in "。．.；;：:，,！!？?" for t in head):
            return
        sub = by == 3 or (by == 2 and head[1].startswith("—"))
        h = by - 1 - sub                               # the 主题's place in the head
        self.headline, self.subhead, self.byline = head[h], head[h + 1] if sub else "", self.pre[lines[by]].text
        named = "".join(f", {what} «{t}»" for what, t in (("the 引题", head[0] if h else ""),
                                                          ("the 副题", self.subhead)) if t)
        self.warnings.append(f"no ## headline: «{self.headline}», followed by the byline, is taken as the "
                             f"headline{named}")
        self.body = [_body_part(p) for p in self.pre[lines[by] + 1:] if p.tag != "note"] + self.body
        self.pre = [p for k, p in enumerate(self.pre) if k < lines[h] or (k > lines[by] and p.tag == "note")]

    def _close_chronicle(self) -> None:
        if self.chron is not None:
            title, numbering, parts = self.chron
            self.chronicles.append(RawChronicle(title.rstrip(":：").strip(), numbering, tuple(parts)))
            self.chron = None

    def finish(self, photos: tuple[tuple[str, str], ...]) -> Copy:
        if self.pending_title is not None:
            self.body.append(Part(self.pending_title, "subheading", barrier=True))
        self._close_chronicle()
        if self.headline is None:
            self._headline_from_byline()
        if self.headline is None:
            self.warnings.append("no ## headline found: the text before the first heading is body copy")
        return Copy(tuple(self.pre), self.headline or "", self.subhead, self.byline, tuple(self.body), photos,
                    tuple(self.chronicles), tuple(self.warnings))
