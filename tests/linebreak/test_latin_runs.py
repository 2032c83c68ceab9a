"""Latin runs in Chinese copy (docs/rules.md §1.3): web and e-mail addresses measured as parts a line may break
between — after the scheme, before / ? # & @ — at the soft_split cost, set solid, a line of their parts alone left
short rather than letter-spaced, and `layout check` accepting those line ends and starts; words and numbers keeping
their own punctuation; a quoted English sentence in a narrow column justified on its word spaces."""
from __future__ import annotations

import copy

from layout.build import build
from layout.model.style import Composition
from layout.review.check import check
from layout.text.items import SLOT_NONE, Span
from layout.text.measure import measure

from ..layout.test_compose import MANIFEST

SIZE = 10.0
URL = "https://www.example.com/quantum-computing-2021/index.html?id=7&lang=zh"


def test_an_address_is_parts_a_line_may_break_between(square_fonts):
    rules = Composition()
    m = measure([Span(f"本报{URL}。", "body", SIZE)], square_fonts, rules)
    texts = [c.text for c in m.clusters]
    assert texts == ["本", "报", "https://", "www.example.com", "/quantum-computing-2021", "/index.html", "?id=7",
                     "&lang=zh", "。"]
    inside = range(texts.index("https://"), texts.index("&lang=zh"))
    assert [m.penalty[i] for i in inside] == [rules.costs.soft_split] * len(inside)
    assert all(m.slot[i + 1] == SLOT_NONE for i in inside)                 # no letter-spacing inside
    mail = measure([Span("本报记者editor@hynews.cn。", "body", SIZE)], square_fonts, rules)
    assert [c.text for c in mail.clusters][-3:] == ["editor", "@hynews.cn", "。"]


def test_a_word_or_number_keeps_its_own_punctuation_in_latin_text(square_fonts):
    m = measure([Span("群众：“This is a milestone.”本报", "body", SIZE)], square_fonts, Composition())
    assert "milestone." in [c.text for c in m.clusters]                      # not «milestone» and a spaced «.»
    m = measure([Span("群众：“In 2016, there were 3.5%, and”本报", "body", SIZE)], square_fonts, Composition())
    assert {"2016,", "3.5%,"} <= {c.text for c in m.clusters}                # a number's comma in Latin text
    m = measure([Span("群众0734-8888888，本报2021-12-31，8:00-18:00", "body", SIZE)], square_fonts, Composition())
    assert {"0734-8888888", "2021-12-31", "8:00-18:00"} <= {c.text for c in m.clusters}   # no break at a hyphen
    m = measure([Span("a few high-rise and well-known e-mail COVID-19", "body", SIZE)], square_fonts, Composition())
    texts = [c.text for c in m.clusters]
    assert ["high-", "rise"] == texts[2:4] and ["well-", "known"] == texts[5:7] and texts[7:] == ["e-mail", "COVID-19"]
    assert m.penalty[2] == Composition().costs.soft_split and m.penalty[5] == Composition().costs.soft_split
    m = measure([Span("群众-5℃，本报+12%", "body", SIZE)], square_fonts, Composition())
    assert {"-5℃", "+12%"} <= {c.text for c in m.clusters}                   # a sign stays with its number


def test_a_long_address_in_a_narrow_column_breaks_inside_it_and_checks_clean(edition_factory, tmp_path):
    """An address longer than the column had no place to break: the build stopped (a line past the column
    edge). Now it breaks between its parts, and `layout check` finds no error."""
    manifest = copy.deepcopy(MANIFEST)
    body = manifest["stories"]["main"]["body"]
    body.insert(1, f"党史学习教育主题群众工作开展建设社会发展本报记者{URL}，党史学习教育主题。"
                   "本报记者editor@hynews.cn，群众工作开展。")
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "out"))
    report = check(res.json)
    assert not [f for f in report.findings if f.severity == "error"], report.findings
    lines = [ln.text for page in res.composed.pages for ln in page.lines if ln.para == 1 and ln.story == "main"]
    assert "".join(lines) == body[1]
    assert any(t.startswith(("/", "?", "&", "www.")) for t in lines)        # the address broke inside


def test_a_line_of_address_parts_alone_is_left_short_not_letter_spaced(square_fonts):
    """Where an address's parts cannot share a line with the text around them, the breaker takes a line of parts
    alone, left short at a cost (Costs.short), over a line spread past the 0.5 em limit (an emergency)."""
    from layout.text.linebreak import break_lines
    from layout.text.setline import set_lines
    rules = Composition()
    spans = [Span(f"党史学习教育主题群众工作开展建设{URL}，社会发展。", "body", SIZE)]
    m = measure(spans, square_fonts, rules)
    for chars in (15, 16, 17, 18):                     # 16–18: emergencies of 2–4 em extra before lines could be
        widths = [chars * SIZE] * 2                     # short; 15 has no lawful setting at all
        lines = set_lines(m, break_lines(m, widths, rules.costs), widths, [0.0, 0.0], spans)
        assert chars == 15 or all(ln.max_extra <= 0.5 for ln in lines), (chars, [ln.text for ln in lines])
        short = [ln for ln in lines[:-1] if ln.set_width < ln.width - 0.01]
        assert not any("\u4e00" <= ch <= "\u9fff" for ln in short for ch in ln.text), chars   # Han: never
                                                                                        # (「设」 alone at 15)


def test_an_english_sentence_in_a_narrow_column_is_justified_on_its_word_spaces(edition_factory, tmp_path):
    """Lines of Latin words alone have no junction between characters to take extra space: their word spaces take
    it (past their 1/2 em stretch, as a justified English column does), so every line but the last is flush — they
    had been letter-spaced to 2.5 em or left ragged (8 rule-5 and rule-9 errors in a 4-sentence story)."""
    manifest = copy.deepcopy(MANIFEST)
    body = manifest["stories"]["main"]["body"]
    body.insert(1, "群众：“When I first came here in 2016, there were only a few high-rise buildings along the river. "
                   "Now the skyline has completely changed, and the city feels young and full of energy.”")
    folder = edition_factory(manifest, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "out"))
    report = check(res.json)
    assert not [f for f in report.findings if f.severity == "error"], report.findings
    lines = [ln for page in res.composed.pages for ln in page.lines if ln.para == 1 and ln.story == "main"]
    assert len(lines) > 5 and all(abs(ln.indent + ln.set_width - ln.width) < 0.05 for ln in lines[:-1])
    wide = {(ln.column + 1, ln.grid_line + 1) for ln in lines
            if any(b.x - (a.x + a.width) > 0.5 * ln.size + 0.05 for a, b in zip(ln.cells, ln.cells[1:], strict=False))}
    warned = {(f.column, f.line) for f in report.findings if f.rule == 9 and "word space" in f.message}
    assert wide and warned == wide          # a word space past 1/2 em is never silent: rule 9 warns of it
