"""Fixed blocks: headline stack, editor's-note box, photo with caption and credit, chronicle panel.

Each occupies whole grid lines (docs/rules.md §5); content is centred in its slot, and text
that does not fit comes back as a `Fit` with the overset counted, never dropped.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

from ..model.model import Block, Chronicle, Photo, Story
from ..model.style import TextStyle
from ..model.units import HAO_SIZES, Rect
from ..text.items import Line
from .assets import fill_crop, pixel_size, pixels_needed, placeholder, placeholder_labels
from .geometry import ASCENT, PageGeometry, place_line
from .headline import headline_lines
from .parts import NO_PARTS, Parts, box, tint
from .placed import Fit, FitPart, LineKind, Picture, SetLine
from .typeset import Typesetter, name_text


def headline(ts: Typesetter, geo: PageGeometry, story: Story, rect: Rect, block_id: str,
             page: int) -> tuple[Parts, Fit]:
    """引题 / 主题 / 副题 stacked and centred; the 主题 takes the largest size that fits (§6.3)."""
    tpl, d = ts.template, ts.template.decor
    where = f"story {story.id!r}, headline"
    measure = rect.w * d.headline_measure
    parts: list[tuple[LineKind, list[Line], float, float]] = []   # style, lines, size, baseline distance
    if story.kicker:
        st = tpl.style("kicker")
        parts.append((LineKind.KICKER, ts.lines([ts.span(story.kicker, st)], measure, where, "left")[1], st.size,
                      st.size * d.kicker_leading))
    if story.subhead:
        st = tpl.style("subhead")
        sub = (LineKind.SUBHEAD, ts.lines([ts.span(story.subhead, st)], measure, where, "left")[1], st.size,
               st.size * d.kicker_leading)
    after = [sub] if story.subhead else []
    chosen = None
    if story.headline:
        for size in tpl.headline_sizes:
            lines = headline_lines(ts, story.headline, "headline", size, measure, story.headline_lines, where)
            if lines is not None and _stack_height([*parts, (LineKind.HEADLINE, lines, size, size * d.headline_leading),
                                                    *after], size, d) <= rect.h + 0.01:
                chosen = (lines, size)
                break
        if chosen is None:
            return NO_PARTS, Fit(story.id, FitPart.HEADLINE, page, len(story.headline), story.headline_lines, 0,
                                 f"the headline does not fit in {story.headline_lines} line(s) at the smallest "
                                 "size: give it more lines or columns")
        parts.append((LineKind.HEADLINE, chosen[0], chosen[1], chosen[1] * d.headline_leading))
    parts += after
    total = _stack_height(parts, chosen[1] if chosen else tpl.grid.body_size, d)
    gap = d.headline_gap * (chosen[1] if chosen else tpl.grid.body_size)
    if total > rect.h + 0.01:
        return NO_PARTS, Fit(story.id, FitPart.HEADLINE, page, 0, int((total - rect.h) // geo.pitch) + 1, 0,
                             "kicker, headline and subhead are taller than the block")
    y = rect.y + (rect.h - total) / 2
    out: list[SetLine] = []
    for kind, lines, size, lh in parts:
        st = replace(tpl.style(kind.value), size=size)
        for ln in lines:
            x = rect.x + (rect.w - ln.set_width) / 2 - ln.x
            out.append(place_line(ln, x, y + (lh - size) / 2 + ASCENT * size, geo, story=story.id, kind=kind,
                                  para=-1, block=block_id, style_name=kind.value, style=st))
            y += lh
        y += gap
    return Parts(tuple(out)), Fit(story.id, FitPart.HEADLINE, page)


def _stack_height(parts, size: float, d) -> float:
    """引题, 主题 and 副题 stacked: their lines, and the gap (headline_gap × the 主题's size) between each two. The
    size is chosen and the block checked by this one sum (the choice had left out the gap before the 副题, so a
    headline with a subhead could be chosen at a size its block then refused)."""
    return sum(len(ls) * lh for _, ls, _, lh in parts) + d.headline_gap * size * (len(parts) - 1)


def note(ts: Typesetter, geo: PageGeometry, story: Story, rect: Rect, block_id: str, page: int) -> tuple[Parts, Fit]:
    """编者按 in a ruled box, label in the heading role, text in Kai, inset 1 字 from the rule."""
    tpl = ts.template
    inset = tpl.decor.note_inset * tpl.grid.body_size
    st, lab = tpl.style("note"), tpl.style("note_label")
    spans = [ts.span(story.note_label, lab, keep=True, keep_after=True), ts.span(story.note, st)]
    _, lines = ts.lines(spans, rect.w - 2 * inset, f"story {story.id!r}, editor's note", st.align,
                        st.indent * st.size)
    pitch = st.size + (st.leading or tpl.grid.line_gap)
    height = len(lines) * pitch - (pitch - st.size)
    frame = (box(rect, "rule", tpl.decor.note_rule, block_id),)
    if height > rect.h - inset:
        over = lines[int((rect.h - inset) // pitch):]
        chars = sum(len(ln.text) for ln in over)
        return Parts(decorations=frame), Fit(story.id, FitPart.NOTE, page, chars, len(over), 0,
                                             f"cut {chars} characters or make the note block taller")
    y = rect.y + (rect.h - height) / 2
    offset = -len(story.note_label)
    out = []
    for ln in lines:
        out.append(place_line(ln, rect.x + inset, y + ASCENT * st.size, geo, story=story.id, kind=LineKind.NOTE,
                              para=-1, block=block_id, style_name="note", style=st, offset=offset))
        y += pitch
    return Parts(tuple(out), frame), Fit(story.id, FitPart.NOTE, page)


def caption_lines(ts: Typesetter, ph: Photo, width: float) -> list[Line]:
    """The caption, then the credit after U+3000, kept whole (「摄」 never starts a line alone). A credit that does
    not fit after the caption's last words takes a line of its own, and the caption then ends as a paragraph
    ends, not spread to the measure: set as one paragraph, that line was justified only because the credit
    followed, 0.4–0.75 em between its characters in a one-column photo."""
    tpl = ts.template
    cap, cred = tpl.style("caption"), tpl.style("credit")
    where = f"photo {ph.id!r}, caption"
    caption = [ts.span(ph.caption, cap)] if ph.caption else []
    credit = [ts.span(name_text(ph.credit), cred, keep=True)] if ph.credit else []
    if not caption or not credit:
        return ts.lines(caption or credit, width, where, cap.align)[1] if caption or credit else []
    lines = ts.lines([*caption, ts.span("\u3000", cred), *credit], width, where, cap.align)[1]
    if len(lines) > 1 and lines[-1].text.lstrip("\u3000") == credit[0].text:
        lines = ts.lines(caption, width, where, cap.align)[1] + ts.lines(credit, width, where, cap.align)[1]
    return lines


def photo(ts: Typesetter, geo: PageGeometry, ph: Photo, b: Block, block_id: str, page: int) -> tuple[Parts, Fit]:
    """Picture cropped to fill the top of the block; caption and credit on the bottom grid lines. A photo
    without its file gets a marked placeholder in the picture's frame."""
    tpl = ts.template
    cap = tpl.style("caption")
    rect = geo.block_rect(b)
    lines = caption_lines(ts, ph, rect.w)
    n = b.lines or 1
    if len(lines) >= n:
        return NO_PARTS, Fit(ph.id, FitPart.CAPTION, page, 0, len(lines) - n + 1, 0,
                             "the caption needs more lines than the block has")
    photo_lines = n - len(lines)
    frame = geo.rect(b.column, b.line, b.span, photo_lines)
    if b.bleed:                                        # off the trim where the block meets the type area's edge
        bleed, g = tpl.output.bleed, tpl.grid
        left = -bleed if b.column == 0 else frame.x
        right = tpl.trim_w + bleed if b.column + b.span == g.columns else frame.right
        top = -bleed if b.line == 0 else frame.y
        frame = Rect(left, top, right - left, frame.bottom - top)
    pixels = pixel_size(ph.image)
    out = tuple(place_line(ln, rect.x, geo.baseline(b.line + photo_lines + k), geo, story=ph.id,
                           kind=LineKind.CAPTION, para=0, block=block_id, style_name="caption", style=cap)
                for k, ln in enumerate(lines))
    if ph.missing or pixels.missing:
        # No file: a marked placeholder fills the frame — tinted, boxed and crossed in the proof colour, labelled
        # with the id, the file and the pixels the frame needs (Chinese, then Latin if there is room). A print
        # file refuses to be made with one (build.py); a face without the label's characters gets no label.
        colour = "proof" if "proof" in tpl.palette else "rule"
        x0, y0 = max(frame.x, 0.0), max(frame.y, 0.0)                 # a bled frame is marked inside the trim
        visible = Rect(x0, y0, min(frame.right, tpl.trim_w) - x0, min(frame.bottom, tpl.trim_h) - y0)
        inner = geo.rect(b.column, b.line, b.span, photo_lines)       # the frame inside the type area
        lab = replace(tpl.style("folio"), fill=colour)
        inset, pitch = tpl.grid.body_size / 2, lab.size * 1.3
        width = inner.w - 2 * inset
        label: list[tuple[int, Line]] = []
        for para, text in enumerate(placeholder_labels(ph, pixels_needed(frame, tpl.output.warn_ppi))):
            if not all(c.isspace() or ts.fonts.glyph(lab.role, c) for c in text):
                break
            got = ts.lines([ts.span(text, lab)], width, f"photo {ph.id!r}, placeholder", "center")[1]
            if (len(label) + len(got)) * pitch > inner.h - 2 * inset or any(ln.set_width > width + 0.01
                                                                              for ln in got):
                break
            label += [(para, ln) for ln in got]
        y = inner.y + (inner.h - len(label) * pitch) / 2 + (pitch - lab.size) / 2 + ASCENT * lab.size
        marks = tuple(place_line(ln, inner.x + inset, y + k * pitch, None, story=ph.id, kind=LineKind.SLUG,
                                 para=para, block=block_id, style_name="folio", style=lab)
                      for k, (para, ln) in enumerate(label))
        return Parts(out + marks, placeholder(frame, visible, block_id, colour)), Fit(ph.id, FitPart.CAPTION, page)
    picture = Picture(ph.id, ph.image, frame, fill_crop(pixels, frame, ph.focus), pixels, b.bleed)
    return Parts(out, pictures=(picture,)), Fit(ph.id, FitPart.CAPTION, page)


class ChronicleFrames(NamedTuple):
    """Inset columns of a chronicle panel, for the flow."""
    x: float
    width: float
    first_line: int
    lines: int
    column: int


def _bar_title(ts: Typesetter, ch: Chronicle, width: float) -> tuple[TextStyle, list[Line]]:
    """The chronicle's title for its bar: at its style's size when one line holds it, else at the largest smaller
    Chinese size (down to the body size) that does — a narrow panel — else in as many lines as it takes: never
    cut to the bar (「2021年民生实事大事记」 had lost 「事记」 in a one-column panel)."""
    st = ts.template.style("chronicle_title")
    where = f"chronicle {ch.id!r}, title"
    sizes = [st.size] + sorted((s for s in set(HAO_SIZES.values())
                                if ts.template.grid.body_size <= s < st.size), reverse=True)
    for size in sizes:
        got = replace(st, size=size)
        lines = ts.lines([ts.span(ch.title, got)], width, where, "center")[1]
        if len(lines) <= 1:
            return got, lines
    return got, lines


def chronicle_panel(ts: Typesetter, geo: PageGeometry, ch: Chronicle, b: Block, block_id: str,
                    first: bool) -> tuple[Parts, list[ChronicleFrames]]:
    """Tinted panel, title bar on the first block; returns the inset columns the items flow through."""
    tpl, d = ts.template, ts.template.decor
    rect = geo.block_rect(b)
    inset = d.chronicle_inset * tpl.grid.body_size
    decor = [tint(rect, "tint", block_id)] if ch.tint else []
    out = []
    top = b.line + d.chronicle_pad_lines
    if first and ch.title and d.chronicle_bar_lines:
        bar = geo.rect(b.column, b.line, b.span, d.chronicle_bar_lines)
        decor.append(tint(bar, "bar", block_id))
        st, lines = _bar_title(ts, ch, bar.w)
        bar_lines = max(d.chronicle_bar_lines, math.ceil(len(lines) * st.size * 1.2 / tpl.grid.pitch))
        if bar_lines > d.chronicle_bar_lines:       # a title that no size fits on one line: a taller bar holds it
            bar = geo.rect(b.column, b.line, b.span, bar_lines)
            decor[-1] = tint(bar, "bar", block_id)
        first_base = bar.y + (bar.h - st.size * (1.2 * len(lines) - 0.2)) / 2 + ASCENT * st.size
        for k, ln in enumerate(lines):
            out.append(place_line(ln, bar.x, first_base + k * 1.2 * st.size, geo, story=ch.id,
                                  kind=LineKind.TITLE, para=-1, block=block_id, style_name="chronicle_title",
                                  style=st))
        top = b.line + bar_lines + d.chronicle_gap_lines
    bottom = b.line + (b.lines or 1) - d.chronicle_pad_lines
    return Parts(tuple(out), tuple(decor)), [ChronicleFrames(geo.col_x(c) + inset, tpl.grid.column_width - 2 * inset,
                                                             top, max(0, bottom - top), c)
                                             for c in range(b.column, b.column + b.span)]
