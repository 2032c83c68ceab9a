"""Text in styled spans → clusters and junction numbers for the breaker (docs/rules.md §1–§3).

Order matters (clreq): punctuation widths and pair compression are fixed *before* breaks
are chosen, because they change where a line can break. What depends on the break (the
half-width line-end mark, the trimmed opening bracket) is expressed as end/start trims.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..model.style import Composition
from .cjk import (
    ADDRESS_BREAKS,
    COMMAS,
    FULLWIDTH_CLOSE,
    FULLWIDTH_OPEN,
    STOPS,
    C,
    char_class,
)
from .fonts import FontSet
from .items import (
    CLUSTER_CLASS,
    CLUSTER_SHAPE,
    Cluster,
    Measured,
    ShrinkStep,
    Span,
)
from .junctions import compress_pairs, junctions


class MissingGlyphs(Exception):
    """Characters no font of their role covers: [(character, offset, role)]."""

    def __init__(self, missing: list[tuple[str, int, str]]):
        super().__init__(", ".join(f"{ch!r} (U+{ord(ch):04X}) at {off} in role {role}"
                                   for ch, off, role in missing))
        self.missing = missing


_MARKS_RIGHT = frozenset(FULLWIDTH_CLOSE + COMMAS + STOPS)
_MARKS_LEFT = frozenset(FULLWIDTH_OPEN)
_LEVEL = {C.OPEN: ShrinkStep.BRACKET, C.CLOSE: ShrinkStep.BRACKET, C.COMMA: ShrinkStep.COMMA, C.STOP: ShrinkStep.STOP}
_COUNTED = frozenset({C.HAN, C.LATIN, C.DIGIT, C.ITER, C.LEADER, C.OTHER, C.POSTFIX, C.PREFIX})


_LAT = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
_URL = (r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9\-_~/#=&%]"
        r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
"""A web or e-mail address in the copy: the characters an address may hold, not its sentence's last mark."""
_URL_PARTS = re.compile(rf"^[A-Za-z]+://|[{re.escape(ADDRESS_BREAKS)}][^{re.escape(ADDRESS_BREAKS)}]*"
                        rf"|[^{re.escape(ADDRESS_BREAKS)}]+")
"""An address's parts, each a cluster: a line may break after the scheme and before / ? # & @ (soft_split)."""
_COMPOUND = re.compile(r".+?(?:(?<=[A-Za-z]{3})-(?=[A-Za-z]{3})|$)")
"""A compound word's parts (high-|rise, well-|known): a line may break after its hyphen, as English does; not in
e-mail or COVID-19 (a part of fewer than three letters)."""
_TOKEN = re.compile(
    rf"(?P<url>{_URL})"
    r"|(?P<sp>[ \t\u00a0\u2002\u2003\u2009]+)"
    r"|(?P<long>——|……|⋯⋯)"                                       # 2-em units (§1.3)
    r"|(?P<num>(?:[-−+](?=[0-9]))?[￥¥$＄£￡€№]?[0-9](?:[0-9A-Za-z]|(?<=[0-9])[.,:/\-](?=[0-9]))*[%％‰℃°′″]?"  # -5℃ 5G
    r"(?:[,.;:?!](?=[ \u201d\u2019\"')]|$))*)"             # in Latin text its own comma (2016, there)
    rf"|(?P<lat>[{_LAT}](?:[0-9{_LAT}]|['\-.’](?=[0-9A-Za-z]))*(?:[,.;:?!](?![0-9A-Za-z]))*)"  # words, acronyms
    r"|(?P<stack>[？！?!]{2,})"                                    # stacked ？！
    rf"|(?P<plain>[^ \t\u00a0\u2002\u2003\u20090-9{_LAT}￥¥$＄£￡€№—…⋯？！?!\-−+]+)"  # a cluster a character
    r"|(?P<one>.)", re.S)


class _Ctx:
    """Per-call constants, so the hot loop reads locals."""
    __slots__ = ("fonts", "rules", "missing", "memo")

    def __init__(self, fonts: FontSet, rules: Composition):
        self.fonts = fonts
        self.rules = rules
        self.missing: list[tuple[str, int, str]] = []
        # single-character clusters repeat endlessly: measure each (character, role, size) once per font set and
        # keep its shape (Cluster[CLUSTER_SHAPE]), placed as (start, span) + shape: no slice a character (measuring
        # 32 pages' distinct copy 51.8 → 48.2 ms)
        self.memo = fonts.memo.setdefault(("clusters", rules.punctuation, rules.digits), {})


def measure(spans: Sequence[Span], fonts: FontSet, rules: Composition, em: float | None = None) -> Measured:
    """Measure a paragraph. Raises MissingGlyphs naming every uncovered character."""
    ctx = _Ctx(fonts, rules)
    clusters: list[Cluster] = []
    spaced: set[int] = set()                              # clusters that follow a space
    soft: set[int] = set()                                # clusters inside an address, after a place to break
    starts: list[int] = []                                # each span's first cluster
    base = 0
    memo = ctx.memo
    new = tuple.__new__
    for si, span in enumerate(spans):
        text = span.text
        starts.append(len(clusters))
        role, size = span.role, span.size
        known = memo.get((role, size))
        if known is None:
            known = memo[(role, size)] = {}
        space = False
        for mt in _TOKEN.finditer(text):
            kind = mt.lastgroup
            i, j = mt.span()
            if kind == "sp":
                space = True
                continue
            if space:
                spaced.add(len(clusters))
                space = False
            if kind == "plain" or kind == "one":          # single-character clusters, mostly memoised
                for k, ch in enumerate(text[i:j], base + i):
                    shape = known.get(ch)
                    if shape is None:
                        cl = _cluster(ctx, span, si, ch, k, char_class(ch))
                        if cl.face >= 0:
                            known[ch] = cl[CLUSTER_SHAPE]
                    else:
                        cl = new(Cluster, (k, si) + shape)
                    clusters.append(cl)
                continue
            piece = text[i:j]
            if kind == "url" or (kind == "lat" and "-" in piece):
                parts = _URL_PARTS if kind == "url" else _COMPOUND
                for part in parts.finditer(piece):
                    if part.start():
                        soft.add(len(clusters))
                    clusters.append(_known(ctx, known, span, si, part.group(), base + i + part.start(), C.LATIN))
                continue
            if kind == "num":                             # most are digits alone: no look for a letter
                c = C.DIGIT if piece.isdigit() or not any(t.isalpha() for t in piece) else C.LATIN
            elif kind == "lat":
                c = C.LATIN
            elif kind == "long":
                c = C.CONNECT if piece[0] == "—" else C.ELLIPSIS
            else:
                c = C.STOP
            if j - i == 1:
                c = char_class(piece)
            clusters.append(_known(ctx, known, span, si, piece, base + i, c))   # numbers and words repeat too
        base += len(text)
    if ctx.missing:
        raise MissingGlyphs(ctx.missing)
    text = "".join(s.text for s in spans)
    em = em or (spans[0].size if spans else 9.0)
    codes = bytes(map(CLUSTER_CLASS, clusters))                  # each cluster's class as a plain int
    odd = [m.span() for m in _RUNS.finditer(codes)]
    compress_pairs(clusters, odd)
    spaces = []
    for sp in spans:
        g = fonts.glyph(sp.role, " ")
        spaces.append(min(0.5, max(0.25, g.advance)) if g else 0.25)
    return junctions(clusters, codes, odd, spaced, soft, starts, spans, spaces, rules, text, em)


def _known(ctx: _Ctx, known: dict, span: Span, si: int, piece: str, start: int, c: C) -> Cluster:
    """A cluster of several characters (a number, a word, an address's part), its shape measured once."""
    shape = known.get((piece, c))
    if shape is None:
        cl = _cluster(ctx, span, si, piece, start, c)
        if cl.face >= 0 and not ctx.missing:
            known[(piece, c)] = cl[CLUSTER_SHAPE]
        return cl
    return tuple.__new__(Cluster, (start, si) + shape)


_RUNS = re.compile(rb"[^\x00]+")                          # runs of clusters that are not Han (C.HAN is 0)


def _glyph(ctx: _Ctx, role: str, ch: str, offset: int):
    g = ctx.fonts.glyph(role, ch)
    if g is None:
        ctx.missing.append((ch, offset, role))
    return g


def _cluster(ctx: _Ctx, span: Span, si: int, text: str, start: int, c: C) -> Cluster:
    size, role = span.size, span.role
    half = 0.5 * size
    if c == C.IDSPACE:
        g = ctx.fonts.glyph(role, text)
        face, gids = (g.face, (g.gid,)) if g else (-1, ())
        return Cluster(text=text, start=start, cls=c, width=size, face=face, gids=gids,
                       offsets=(0.0,) if gids else (), pieces=(text,) if gids else (), size=size, span=si)
    if len(text) == 1:
        g = _glyph(ctx, role, text, start)
        if g is None:
            return Cluster(text=text, start=start, cls=c, width=size, face=-1, gids=(), offsets=(), pieces=(),
                           size=size, span=si, chars=1)
        adv = g.advance * size
        if text in _MARKS_RIGHT or text in _MARKS_LEFT:
            return _mark(ctx, span, si, text, start, c, g)
        if c == C.MIDDOT or c == C.SOLIDUS or text in "–‐~":
            return _centred(text, start, c, g, half, size, si)
        if c == C.CONNECT:                         # — ～ : 1 em, centred; — takes its fwid form
            if text == "—":
                alt = ctx.fonts.faces[g.face].shaped(text, "fwid")
                if len(alt) == 1 and alt[0].advance > 0.9:
                    gid, a = alt[0]
                    return Cluster(text=text, start=start, cls=c, width=size, face=g.face, gids=(gid,),
                                   offsets=((1 - a) * size / 2,), pieces=(text,), size=size, span=si)
            return _centred(text, start, c, g, size, size, si)
        if c == C.DIGIT and ctx.rules.digits == "half":
            return _digits(ctx, span, si, text, start, c, g)
        counted = 1 if c in _COUNTED else 0
        return Cluster(text=text, start=start, cls=c, width=adv, face=g.face, gids=(g.gid,), offsets=(0.0,),
                       pieces=(text,), size=size, span=si, chars=counted)
    if c == C.CONNECT or c == C.ELLIPSIS:
        return _long(ctx, span, si, text, start, c)
    if c == C.STOP:                                # stacked ？！: a pair in 1 em, three in 2 em
        total = max(1, len(text) - 1) * size
        step = total / len(text)
        glyphs = [_glyph(ctx, role, ch, start + k) for k, ch in enumerate(text)]
        ok = [g for g in glyphs if g]
        return Cluster(text=text, start=start, cls=c, width=total, face=ok[0].face if ok else -1,
                       gids=tuple(g.gid for g in ok), offsets=tuple(k * step for k in range(len(ok))),
                       pieces=tuple(text[:len(ok)]), size=size, span=si)
    if c == C.DIGIT and ctx.rules.digits == "half":
        return _digits(ctx, span, si, text, start, c, None)
    return _run(ctx, span, si, text, start, c)


def _mark(ctx: _Ctx, span: Span, si: int, text: str, start: int, c: C, g) -> Cluster:
    """A full-width mark in a 1-em frame. The font decides which half is blank (§2.1)."""
    size = span.size
    adv = g.advance
    right_blank: bool | None = text in _MARKS_RIGHT     # None: centred, no adjustable half
    if adv >= 0.95:                                   # full-width glyph: check its ink
        x = 0.0
        if right_blank and g.ink_right > 0.55:
            right_blank = None                        # centred (TC/HK style): no adjustable half
        elif not right_blank and g.ink_left < 0.45:
            right_blank = None
    else:                                             # proportional glyph: frame it ourselves
        x = 0.0 if right_blank else (1.0 - adv) * size
    kaiming = ctx.rules.punctuation == "kaiming" and text not in "。！？"
    level = _LEVEL.get(c, ShrinkStep.NONE)
    if right_blank is None:
        return Cluster(text=text, start=start, cls=c, width=size, face=g.face, gids=(g.gid,), offsets=(x,),
                       pieces=(text,), size=size, span=si)
    blank = 0.0 if kaiming else 0.5 * size
    width = size - (0.5 * size if kaiming else 0.0)
    if right_blank:
        return Cluster(text=text, start=start, cls=c, width=width, face=g.face, gids=(g.gid,), offsets=(x,),
                       pieces=(text,), size=size, span=si, blank_right=blank, level=level)
    x -= 0.5 * size if kaiming else 0.0
    return Cluster(text=text, start=start, cls=c, width=width, face=g.face, gids=(g.gid,), offsets=(x,),
                   pieces=(text,), size=size, span=si, blank_left=blank, level=level)


def _centred(text: str, start: int, c: C, g, box: float, size: float, si: int) -> Cluster:
    """Centre the ink in a box of its own width (· / – are half an em, — ～ one em)."""
    ink_mid = (g.ink_left + g.ink_right) / 2 * size if g.ink_right > g.ink_left else g.advance * size / 2
    return Cluster(text=text, start=start, cls=c, width=box, face=g.face, gids=(g.gid,),
                   offsets=(box / 2 - ink_mid,), pieces=(text,), size=size, span=si)


def _long(ctx: _Ctx, span: Span, si: int, text: str, start: int, c: C) -> Cluster:
    """—— and …… take 2 em, centred, never stretched (§2.2); the fwid form joins the dashes."""
    size = span.size
    g0 = _glyph(ctx, span.role, text[0], start)
    if g0 is None:
        return Cluster(text=text, start=start, cls=c, width=2 * size, face=-1, gids=(), offsets=(), pieces=(),
                       size=size, span=si)
    face = ctx.fonts.faces[g0.face]
    alt = face.shaped(text, "fwid")
    if sum(a for _, a in alt) > 1.9 and all(gid for gid, _ in alt):
        xs, x, pieces = [], 0.0, []
        for k, (_, a) in enumerate(alt):
            xs.append(x)
            x += a * size
            pieces.append(text if len(alt) == 1 else text[k])
        return Cluster(text=text, start=start, cls=c, width=2 * size, face=g0.face, gids=tuple(g for g, _ in alt),
                       offsets=tuple(xs), pieces=tuple(pieces), size=size, span=si)
    mid = (g0.ink_left + g0.ink_right) / 2 * size
    return Cluster(text=text, start=start, cls=c, width=2 * size, face=g0.face, gids=(g0.gid, g0.gid),
                   offsets=(size / 2 - mid, 1.5 * size - mid), pieces=(text[0], text[1]), size=size, span=si)


def _digits(ctx: _Ctx, span: Span, si: int, text: str, start: int, c: C, g) -> Cluster:
    """Numbers with half-width (hwid) digits where the font has them: 2021 fills two cells."""
    size = span.size
    gids, xs, pieces = [], [], []
    x = 0.0
    face = -1
    for k, ch in enumerate(text):
        gi = g if (g is not None and k == 0) else _glyph(ctx, span.role, ch, start + k)
        if gi is None:
            continue
        face = gi.face
        gid, adv = gi.gid, gi.advance
        if "0" <= ch <= "9":
            alt = ctx.fonts.faces[gi.face].shaped(ch, "hwid")
            if len(alt) == 1 and abs(alt[0].advance - 0.5) < 0.01:
                gid, adv = alt[0]
        gids.append(gid)
        xs.append(x)
        pieces.append(ch)
        x += adv * size
    return Cluster(text=text, start=start, cls=c, width=x, face=face, gids=tuple(gids), offsets=tuple(xs),
                   pieces=tuple(pieces), size=size, span=si, chars=sum(1 for ch in text if ch.isalnum()))


def _run(ctx: _Ctx, span: Span, si: int, text: str, start: int, c: C) -> Cluster:
    """A Latin word or other multi-character unit at the font's own advances."""
    size = span.size
    gids, xs, pieces = [], [], []
    x = 0.0
    face = -1
    for k, ch in enumerate(text):
        gi = _glyph(ctx, span.role, ch, start + k)
        if gi is None:
            continue
        face = gi.face if face < 0 else face
        gids.append(gi.gid)
        xs.append(x)
        pieces.append(ch)
        x += gi.advance * size
    return Cluster(text=text, start=start, cls=c, width=x, face=face, gids=tuple(gids), offsets=tuple(xs),
                   pieces=tuple(pieces), size=size, span=si, chars=sum(1 for ch in text if ch.isalnum()))
