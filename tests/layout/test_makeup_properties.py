"""Automatic makeup over generated content sets (square font, both templates): random numbers of
stories and paragraphs, photos of any size from 1200 × 800 up, with or without a chronicle. Every
automatic page keeps the hard rules, loses no character, keeps photos within their pixels, and
scores no worse than the simple baseline recipe."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.model.manifest import load_edition
from layout.pages import compose as C
from layout.pages.assets import effective_ppi
from layout.pages.makeup import legal
from layout.pages.pagerules import OVERSET, PageLimits, page_faults
from layout.pages.placed import FitPart, LineKind
from layout.text.sources import load_fonts

from ..conftest import HAN, write_edition

TEXT = HAN.replace("超出", "")


@st.composite
def contents(draw) -> tuple[dict, dict, str]:
    def words(lo: int, hi: int) -> str:
        n = draw(st.integers(lo, hi))
        start = draw(st.integers(0, len(TEXT) - 1))
        return "".join(TEXT[(start + 7 * k) % len(TEXT)] for k in range(n)) + "。"

    stories = {}
    for i in range(draw(st.integers(1, 3))):
        s = {"headline": words(4, 11)[:-1], "body": [words(10, 160) for _ in range(draw(st.integers(1, 7)))]}
        if i == 0 and draw(st.booleans()):
            s["kicker"] = words(4, 10)[:-1]
        if i == 0 and draw(st.booleans()):
            s["note"] = words(20, 80)
        if draw(st.booleans()):
            s["byline"] = "■本报记者 " + words(2, 3)[:-1]
        stories[f"s{i}"] = s
    photos, files = {}, {}
    for k in range(draw(st.integers(0, 4))):
        w, h = draw(st.integers(1200, 4000)), draw(st.integers(800, 3000))
        files[f"photos/p{k}.jpg"] = (w, h)
        photos[f"p{k}"] = {"image": f"photos/p{k}.jpg", "caption": words(4, 30), "credit": "■罗盟 摄"}
    chronicles = {}
    if draw(st.booleans()):
        chronicles["c"] = {"title": "大事记", "items": [{"date": "4月1日", "text": words(10, 80)}
                                                      for _ in range(draw(st.integers(2, 10)))]}
    manifest = {
        "edition": {"paper": "衡阳日报", "date": "2021-12-31", "title": "年终特别报道", "template": "square.yaml"},
        "stories": stories, "photos": photos, "chronicles": chronicles,
        "pages": [{"page": 3, "auto": {"stories": list(stories), "photos": list(photos),
                                       "chronicles": list(chronicles)}}],
    }
    return manifest, files, draw(st.sampled_from(["broadsheet", "tabloid"]))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(contents())
def test_every_automatic_page_keeps_the_rules(square_font, content):
    manifest, files, base = content
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_edition(Path(tmp) / "ed", manifest, square_font, {"extends": base}, files)
        ed = load_edition(str(folder))
        fonts = load_fonts(ed)
        page = ed.pages[0]
        tpl = page.template or ed.template
        variants = C.page_variants(ed, page, fonts, n=1)
        baseline = C.page_variants(ed, page, fonts, budget=1)[0]
        best = variants[0]
        assert best.score <= baseline.score
        assert legal(best.blocks, tpl), best.blocks
        placed = C.compose(ed, fonts)
        doc = placed.pages[0]
        assert {b.ref for b in doc.blocks if b.kind == "photo"} == set(ed.photos)     # every photo placed
        for pic in doc.pictures:                                                    # within its pixels
            assert effective_ppi(pic.crop, pic.frame) >= tpl.output.min_ppi, pic.ref
        errors = [f for f in page_faults(doc, placed.fits, PageLimits.of(tpl))
                  if f.severity == "error" and f.rule != OVERSET]               # the one validator: no hard fault
        assert not errors, [str(f) for f in errors]
        fits = {(f.ref, f.part): f for f in placed.fits}
        for sid, story in ed.stories.items():                                       # nothing lost
            body = "".join(ln.text for ln in doc.lines if ln.story == sid and ln.kind in (LineKind.BODY,
                                                                                        LineKind.SUBHEADING))
            whole = "".join(p.text for p in story.paragraphs)
            over = fits[(sid, FitPart.TEXT)].overset_chars
            assert len(body) + over == len(whole) and whole.startswith(body), sid
