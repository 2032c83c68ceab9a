"""The painter's one decision, paint order: tints, pictures, strokes and marks, text, links — each
layer in the order compose placed it."""
from __future__ import annotations

from layout.model.units import Rect
from layout.output.display import AnchorItem, BoxItem, ImageItem, LinkItem, RuleItem, TextItem
from layout.output.paint import paint_page
from layout.pages.placed import (
    Cell,
    Decoration,
    DecorKind,
    FontRef,
    Grid,
    LineKind,
    Picture,
    PlacedPage,
    SetLine,
)
from layout.text.items import GlyphRun

R = Rect(10, 10, 50, 50)
PALETTE = (("text", (0.0, 0.0, 0.0, 1.0)), ("tint", (0.0, 0.0, 0.0, 0.1)), ("rule", (0.0, 0.0, 0.0, 1.0)))


def _page() -> PlacedPage:
    run = GlyphRun(face=0, size=9.0, gids=(1, 2), xs=(0.0, 9.0), pieces=("中", "文"), fill="text")
    line = SetLine("s", LineKind.BODY, 0, 0, 2, "b", 0, 0, 20.0, 30.0, 18.0, 0.0, 18.0, "body", "body", 9.0, "中文",
                   True, 0.0, (Cell("中", 0.0, 9.0), Cell("文", 9.0, 9.0)), (run,))
    decor = (Decoration(DecorKind.LINK, R, target="p"), Decoration(DecorKind.RULE, R, "rule", 0.5),
             Decoration(DecorKind.TINT, R, "tint"), Decoration(DecorKind.BOX, R, "rule", 0.75),
             Decoration(DecorKind.ANCHOR, R, target="a"), Decoration(DecorKind.MARK, R, "rule", 1.0))
    return PlacedPage(number=1, section="", width=100, height=100, trim=Rect(0, 0, 100, 100), type_area=R,
                      bleed=0.0, grid=Grid(13.5, 20.0, 4, ((10.0, 50.0),), 9.0), palette=PALETTE, blocks=(),
                      lines=(line,), pictures=(Picture("ph", "x.jpg", R, (0, 0, 10, 10), (10, 10)),),
                      decorations=decor)


def test_paint_order_is_tints_pictures_strokes_text_links():
    items = paint_page(_page(), (FontRef("f.ttf", 0),)).items
    kinds = [type(it).__name__ for it in items]
    assert kinds == ["BoxItem", "ImageItem", "RuleItem", "BoxItem", "BoxItem", "TextItem", "LinkItem", "AnchorItem"]
    tint, _, rule, box, mark, text, link, anchor = items
    assert isinstance(tint, BoxItem) and tint.fill == (0.0, 0.0, 0.0, 0.1) and tint.stroke is None
    assert isinstance(rule, RuleItem) and (rule.x0, rule.y1, rule.width) == (10, 60, 0.5)
    assert isinstance(box, BoxItem) and box.fill is None and box.width == 0.75 and mark.width == 1.0
    assert isinstance(text, TextItem) and text.xs == (20.0, 29.0) and text.y == 30.0 and text.font_path == "f.ttf"
    assert isinstance(link, LinkItem) and link.target == "p" and isinstance(anchor, AnchorItem)
    assert isinstance(items[1], ImageItem) and items[1].ref == "ph"
