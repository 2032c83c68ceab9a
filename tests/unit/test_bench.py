"""scripts/bench.py: the synthetic edition gives every page its own text, so "one edit" is one page's change."""
from __future__ import annotations

import importlib.util
import json

import yaml

from ..conftest import REPO


def _bench(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench, "WORK", tmp_path)
    return bench


def test_synthetic_pages_have_their_own_text_and_one_edit_changes_one_page(monkeypatch, tmp_path):
    bench = _bench(monkeypatch, tmp_path)
    folder = bench.synthetic(9)
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text                 # no YAML aliases: nothing shared
    before = yaml.safe_load(text)
    bodies = [tuple(s["body"]) for s in before["stories"].values()]
    assert len(bodies) == 9 and len(set(bodies)) == 9
    assert bench.synthetic(9).joinpath("edition.yaml").read_text(encoding="utf-8") == text    # deterministic
    bench.one_edit(folder, "main1")
    after = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    assert [k for k in before["stories"] if before["stories"][k] != after["stories"][k]] == ["main1"]
    assert before["chronicles"] == after["chronicles"] and before["photos"] == after["photos"]


def test_the_distinct_edition_repeats_no_paragraph_and_needs_no_new_glyph(monkeypatch, tmp_path):
    bench = _bench(monkeypatch, tmp_path)
    data = yaml.safe_load((bench.synthetic(6, distinct=True) / "edition.yaml").read_text(encoding="utf-8"))
    paras = [p for s in data["stories"].values() for p in s["body"] if isinstance(p, str)]
    items = [i if isinstance(i, str) else i["text"] for c in data["chronicles"].values() for i in c["items"]]
    captions = [p["caption"] for p in data["photos"].values()]
    assert len(set(paras)) == len(paras) and len(set(items)) == len(items) and len(set(captions)) == len(captions)
    sample = set((REPO / "issues" / "2021-year-end" / "edition.yaml").read_text(encoding="utf-8"))
    assert {ch for t in paras + items + captions for ch in t} <= sample


def _vs(tmp_path):
    import sys
    spec = importlib.util.spec_from_file_location("bench_typst", REPO / "scripts" / "bench_typst.py")
    vs = importlib.util.module_from_spec(spec)
    sys.modules["bench_typst"] = vs                                   # dataclasses look their module up
    spec.loader.exec_module(vs)
    return vs


def _edition(tmp_path):
    """A two-page edition in the manifest's shape and the layout.json a build would write for it."""
    ed = tmp_path / "ed"
    (ed / "photos").mkdir(parents=True)
    manifest = {
        "edition": {"paper": "衡阳日报", "date": "2021-12-31", "title": "年终"},
        "stories": {"a": {"kicker": "我的衡阳", "headline": "赓续#精神", "note": "时至[岁末]", "byline": "■本报记者",
                          "body": ["第一段*重点*。", {"subheading": "小标题"}, "第二段_下划线_。"]}},
        "photos": {"p": {"image": "photos/p.jpg", "caption": "说明", "credit": "■摄"}},
        "chronicles": {"c": {"title": "大事记", "items": [{"date": "5月7日", "text": "报道"}, {"text": "二"}]}},
    }
    (ed / "edition.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    blocks = [("headline", "a", [51.02, 90.71, 747.0, 130.5], 6), ("note", "a", [51.02, 225.71, 747.0, 36.0], 6),
              ("photo", "p", [51.02, 266.21, 495.0, 481.5], 4), ("text", "a", [555.02, 266.21, 243.0, 481.5], 2),
              ("chronicle", "c", [807.02, 90.71, 243.0, 670.5], 2)]
    pages = [{"number": n, "section": "特别报道", "size": [1105.51, 1547.72],
              "type_area": [51.02, 90.71, 999.0, 1399.5],
              "blocks": [{"kind": k, "ref": r, "rect": rect, "span": span} for k, r, rect, span in blocks]}
             for n in (1, 2)]
    fonts = {"body": ["NotoSerifCJKsc-Regular (/fonts/noto/NotoSerifCJK-Regular.ttc#2)"],
             "kai": ["LXGWWenKai-Regular (/fonts/lxgw/LXGWWenKai-Regular.ttf)",
                     "NotoSerifCJKsc-Regular (/fonts/noto/NotoSerifCJK-Regular.ttc#2)"]}
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps({"pages": pages, "fonts": fonts}, ensure_ascii=False), encoding="utf-8")
    return ed, layout


def test_the_typst_document_has_every_page_block_and_paragraph_where_the_build_put_them(tmp_path):
    vs = _vs(tmp_path)
    ed, layout = _edition(tmp_path)
    typ, dirs = vs.write_typst(ed, layout, tmp_path / "out" / "doc.typ")
    src = typ.read_text(encoding="utf-8")
    assert dirs == ["/fonts/noto", "/fonts/lxgw"]                   # the build's font files' folders, in order
    assert src.count("#page(width: 1105.51pt, height: 1547.72pt, margin: 0pt)[") == 2
    for dx, dy in (("51.02", "90.71"), ("51.02", "225.71"), ("51.02", "266.21"), ("555.02", "266.21"),
                   ("807.02", "90.71")):
        assert src.count(f"#place(top + left, dx: {dx}pt, dy: {dy}pt)[") == 2
    for text in ("赓续\\#精神", "时至\\[岁末\\]", "第一段\\*重点\\*。", "第二段\\_下划线\\_。", "小标题", "■本报记者",
                 "5月7日", "大事记", "说明"):
        assert src.count(text) == 2, text                           # markup characters escaped, nothing lost
    assert src.count(f'#image("{(ed / "photos" / "p.jpg").resolve()}"') == 2
    assert "#columns(2, gutter: 9.0pt)" in src


def test_the_comparison_alternates_and_takes_medians(monkeypatch, tmp_path):
    vs = _vs(tmp_path)
    calls = []
    times = iter([1.0, 5.0, 3.0, 4.0, 2.0, 6.0])

    def fake(cmd, env, cwd):
        calls.append(cmd[0])
        t = next(times)
        return vs.Proc(t, t / 2, t * 10)
    monkeypatch.setattr(vs, "run_process", fake)
    a, b = vs.median_pair(["ours"], ["theirs"], {}, tmp_path, runs=3)
    assert calls == ["ours", "theirs"] * 3
    assert (a.wall, a.cpu, a.rss) == (2.0, 1.0, 20.0) and (b.wall, b.cpu, b.rss) == (5.0, 2.5, 50.0)
