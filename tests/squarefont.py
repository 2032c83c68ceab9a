"""A synthetic TrueType font whose every width is exact, for tests (WeasyPrint's Ahem idea).

Ideographs are full-em squares (inset ink), closing marks a quarter square on the left of
their em, opening marks on the right, Latin letters and digits half-em bars, the space a
quarter em. Only the characters asked for are in it, so a test can also prove a character
missing.
"""
from __future__ import annotations

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from layout.text.cjk import COMMAS, FULLWIDTH_CLOSE, FULLWIDTH_OPEN, STOPS

ASCII = "".join(chr(c) for c in range(0x21, 0x7F))
PUNCT = "，。、；：？！“”‘’（）《》「」『』【】——……·■①②③④⑤⑥⑦⑧⑨⑩　％℃￥～／"


def _rect(x0: int, y0: int, x1: int, y1: int):
    pen = TTGlyphPen(None)
    pen.moveTo((x0, y0))
    pen.lineTo((x0, y1))
    pen.lineTo((x1, y1))
    pen.lineTo((x1, y0))
    pen.closePath()
    return pen.glyph()


def _empty():
    return TTGlyphPen(None).glyph()


def shape(ch: str, centred: bool = False) -> tuple[int, tuple[int, int, int, int] | None]:
    """Advance and ink rectangle of one character in the square font (marks centred: a TC-style face)."""
    if centred and (ch in FULLWIDTH_CLOSE or ch in COMMAS or ch in STOPS or ch in FULLWIDTH_OPEN):
        return 1000, (400, -120, 600, 130)
    if ch in FULLWIDTH_CLOSE or ch in COMMAS or ch in STOPS:
        return 1000, (0, -120, 250, 130)
    if ch in FULLWIDTH_OPEN:
        return 1000, (750, 630, 1000, 880)
    if ch == " ":
        return 250, None
    if ch == "\u3000":
        return 1000, None
    if ch == "—":
        return 1000, (0, 330, 1000, 430)
    if ch == "…":
        return 1000, (100, 0, 900, 100)
    if ch == "·":
        return 500, (200, 330, 300, 430)
    if ch.isascii():
        return 500, (50, 0, 450, 700)
    return 1000, (50, -70, 950, 830)


def build_square_font(path: str, chars: str, family: str = "LayoutSquare", centred: bool = False) -> str:
    chars = "".join(sorted(set(chars + ASCII + PUNCT + " \u3000")))
    names = [".notdef"] + [f"u{ord(c):04X}" for c in chars]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"u{ord(c):04X}" for c in chars})
    glyphs = {".notdef": _rect(100, 0, 900, 800)}
    metrics = {".notdef": (1000, 100)}
    for c in chars:
        adv, box = shape(c, centred)
        name = f"u{ord(c):04X}"
        glyphs[name] = _rect(*box) if box else _empty()
        metrics[name] = (adv, box[0] if box else 0)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": f"{family}-Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120, fsType=0)
    fb.setupPost()
    fb.save(path)
    return path
