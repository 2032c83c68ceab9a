"""`make bench`: wall time, pages per second and peak memory of real builds, and composition speed.

Each build runs in a fresh process (what a layout editor waits for). Cases:
  sample cold     the sample edition with the caches (font facts, prepared photos) emptied
  sample warm     the same again (caches present, text unchanged)
  sample +50 new  50 characters of the body replaced by 50 characters the edition never had
  synthetic 32    a 32-page edition made from the sample copy (one sample page per page, each page's story its
                  own text: the paragraphs rotated and three characters varied, so one edit changes one page)
  preflight 32    `layout preflight` of that edition's PDF, composited ink (Ghostscript) included
Cold start: the import time of layout.cli and the whole `layout build` of the sample (warm caches) as a
process, wall and CPU seconds, best of 5.
Against Typst (scripts/bench_typst.py, the `bench` extra): the sample page and the 32-page edition hand-built in
Typst (same copy, block rectangles, font files and photos) against `layout build`, whole processes, median of
5 alternating, CPU, wall and peak memory; and the Rebuilder's rebuild after a one-paragraph edit against
Typst's incremental recompile (typst.Compiler), median of 5 distinct edits. Ratios are layout ÷ Typst.
The proof desk (scripts/bench_desk.py): `layout serve` in chromium, a one-paragraph edit saved five times — the
desk's rebuild and the seconds from the save to the new page on screen, medians, and the server's memory.
Composition: characters per second of measure → break → set, both breakers, on the sample copy
and on mixed copy (numbers, Latin, nested quotes, 《》, ——, ……: tests/mixedcopy.py).
"""
from __future__ import annotations

import copy
import importlib
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SAMPLE = ROOT / "issues" / "2021-year-end"
WORK = ROOT / "build" / "bench"
CACHE = WORK / "cache"          # $LAYOUT_CACHE for every run: font facts (faces/) and prepared photos (images/)
NEW_CHARS = "鸿鹄燕雀鲲鹏麒麟凤凰貔貅饕餮魑魅魍魉琴瑟琵琶箜篌笙箫埙篪钟磬铙钹镲锣鼙鼓笳笛琥珀玛瑙翡翠璎珞砗磲珊瑚"

RUN = """
import json, resource, sys, time
t = time.perf_counter()
from layout.build import build
r = build(sys.argv[1], sys.argv[2], allow_overset=True)
print(json.dumps({"wall": time.perf_counter() - t, "pages": len(r.composed.pages),
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


PREFLIGHT = """
import json, resource, sys, time
t = time.perf_counter()
from layout.output.preflight import preflight
r = preflight(sys.argv[1])
assert r.verdict == "accepted" and "max" in r.ink, [str(f) for f in r.findings]
print(json.dumps({"wall": time.perf_counter() - t, "pages": r.pages,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
"""`layout preflight` of the 32-page edition, the composited ink (Ghostscript, 36 dpi) included."""


def run_build(edition: Path, out: Path) -> dict:
    return run_py(RUN, str(edition), str(out))


def synthetic(pages: int, distinct: bool = False) -> Path:
    """N copies of the sample page, each with its own stories, photos and chronicle. Every page's story is its
    own text (no YAML aliases): the sample's paragraphs rotated by the page number, and three characters of the
    first paragraph replaced by other characters of the copy, so a one-word edit changes one page only.
    `distinct`: every paragraph, chronicle item and caption with each Han character shifted through the copy's
    own characters by its page and place, so no two paragraphs are alike (no glyph is new): the composer's
    per-paragraph memo never hits, as in a real edition, where the rotated copy repeats paragraphs."""
    import yaml
    src = yaml.safe_load((SAMPLE / "edition.yaml").read_text(encoding="utf-8"))
    out = {"style_version": 1, "edition": src["edition"], "stories": {}, "photos": {}, "chronicles": {}, "pages": []}
    for n in range(1, pages + 1):
        ren = {}
        for kind in ("stories", "photos", "chronicles"):
            for key, val in src[kind].items():
                new = f"{key}{n}"
                ren[key] = new
                val = copy.deepcopy(val)
                if kind == "photos":
                    val["image"] = str((SAMPLE / val["image"]).resolve())
                if kind == "stories":
                    val["body"] = _page_body(val["body"], n)
                if distinct:
                    val = _shifted(val, n, key)
                out[kind][new] = val
        blocks = []
        for b in src["pages"][0]["blocks"]:
            b = dict(b)
            for k in ("headline", "note", "text", "photo", "chronicle"):
                if k in b:
                    b[k] = ren[b[k]]
            blocks.append(b)
        out["pages"].append({"page": n, "section": src["pages"][0]["section"], "blocks": blocks})
    bodies = [json.dumps(s["body"], ensure_ascii=False) for s in out["stories"].values()]
    assert len(set(bodies)) == len(bodies), "two pages share a story text"
    folder = WORK / (f"synthetic-{pages}" + ("-distinct" if distinct else ""))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "edition.yaml").write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


_POOL: list[str] = []


def _shifted(value, n: int, salt: str):
    """`value` (a story, photo or chronicle) with the Han characters of its body, items and caption shifted
    through the sample copy's Han characters by page n, the entry and the place (headlines kept)."""
    if not _POOL:
        text = (SAMPLE / "edition.yaml").read_text(encoding="utf-8")
        _POOL.extend(sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff"}))
    index = {ch: i for i, ch in enumerate(_POOL)}

    def shift(t: str, k: int) -> str:
        step = 1 + (n * 31 + k * 7 + sum(map(ord, salt))) % (len(_POOL) - 1)
        return "".join(_POOL[(index[ch] + step) % len(_POOL)] if ch in index else ch for ch in t)

    out = dict(value)
    if "body" in out:
        out["body"] = [shift(p, k) if isinstance(p, str) else p for k, p in enumerate(out["body"])]
    if "items" in out:
        out["items"] = [shift(i, k) if isinstance(i, str) else {**i, "text": shift(i["text"], k)}
                        for k, i in enumerate(out["items"])]
    if "caption" in out:
        out["caption"] = shift(out["caption"], 99)
    return out


def _page_body(body: list, n: int) -> list:
    """Page n's body: the plain paragraphs rotated by n - 1 (subheadings stay where they are), then three Han
    characters of the first paragraph swapped for others from the copy (no new glyphs), all fixed by n."""
    slots = [i for i, p in enumerate(body) if isinstance(p, str)]
    texts = [body[i] for i in slots]
    k = (n - 1) % len(texts)
    texts = texts[k:] + texts[:k]
    pool = sorted({ch for t in texts for ch in t if "\u4e00" <= ch <= "\u9fff"})
    first = list(texts[0])
    han = [i for i, ch in enumerate(first) if "\u4e00" <= ch <= "\u9fff"]
    for j in range(3):
        i = han[(n * 7 + j * 13) % len(han)]
        first[i] = pool[(pool.index(first[i]) + n + j) % len(pool)]
    texts[0] = "".join(first)
    out = list(body)
    for i, t in zip(slots, texts, strict=True):
        out[i] = t
    return out


def with_new_chars() -> Path:
    folder = WORK / "sample-new50"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(SAMPLE, folder)
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    para = ("红色是衡阳最鲜亮的底色。全市干部群众以习近平新时代中国特色社会主义思想为指导，"
            "从党的百年辉煌历程中赓续精神血脉")
    assert para in text
    han = [i for i, ch in enumerate(para) if "\u4e00" <= ch <= "\u9fff"][:50]
    chars = list(para)
    for k, i in enumerate(han):
        chars[i] = NEW_CHARS[k]
    (folder / "edition.yaml").write_text(text.replace(para, "".join(chars)), encoding="utf-8")
    return folder


DIFF = """
import json, resource, sys, time
t = time.perf_counter()
from layout.review.diff import diff
r = diff(sys.argv[1], sys.argv[2], sys.argv[3])
if len(sys.argv) > 4:
    from layout.review.diffpdf import write_diff_pdf
    write_diff_pdf(r, sys.argv[4])
print(json.dumps({"wall": time.perf_counter() - t, "pages": len(r.new.numbers()), "changes": len(r.changes),
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PROOF = """
import json, resource, sys, time
t = time.perf_counter()
from layout.review.proof import make_proof
r = make_proof(sys.argv[1], rev=sys.argv[2], root=sys.argv[3])
print(json.dumps({"wall": time.perf_counter() - t, "pages": len(r.pngs),
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_py(code: str, *args: str) -> dict:
    t = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env["LAYOUT_CACHE"] = str(CACHE)       # bytecode written and used, as an installed package does (bench_typst)
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    if res.returncode:
        raise SystemExit(res.stderr)
    data = json.loads(res.stdout.strip().splitlines()[-1])
    data["process"] = time.perf_counter() - t
    return data


STATE = 'import json; from layout import native; print(json.dumps({"state": native.state()}))'
"""Which text layer a layout process runs (compiled or plain Python: src/layout/native.py)."""

IMPORT = """
import json, time
t = time.perf_counter()
import layout.cli
print(json.dumps({"import": time.perf_counter() - t}))
"""


def cold_start(runs: int = 5) -> list[tuple[str, float]]:
    """What the command costs besides the work: importing layout.cli, and `layout build` of the sample (caches
    warm: no font read with fontTools, no photo separated) as a whole process, wall and CPU. Best of `runs`."""
    imports = [run_py(IMPORT)["import"] for _ in range(runs)]
    env = {**os.environ, "LAYOUT_CACHE": str(CACHE)}
    cmd = [sys.executable, "-m", "layout", "build", str(SAMPLE), "-o", str(WORK / "out-cli")]
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=env)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [("import layout.cli", min(imports)), ("layout build sample (warm), wall", min(walls)),
            ("layout build sample (warm), CPU", min(cpus))]


def one_edit(folder: Path, story: str = "main") -> None:
    """One word changed in one story (`main17`: page 17 of the synthetic edition, which has its own text)."""
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    old = "我市广大党员干部把党史学习教育"
    at = text.index(old, text.index(f"  {story}:\n"))
    (folder / "edition.yaml").write_text(text[:at] + "我市广大党员干部将党史学习教育" + text[at + len(old):],
                                         encoding="utf-8")


def proofs_and_diffs() -> list[tuple[str, dict]]:
    """Proof two revisions (one edit apart) of the sample and of the 32-page edition; diff them."""
    rows = []
    root = WORK / "revs"
    shutil.rmtree(root, ignore_errors=True)
    for name, src, story in (("sample", SAMPLE, "main"), ("synthetic 32", synthetic(32), "main17")):
        folder = WORK / f"diff-{name.replace(' ', '')}"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(src, folder)
        rows.append((f"proof {name} (100 dpi PNGs)", run_py(PROOF, str(folder), "a", str(root))))
        one_edit(folder, story)
        run_py(PROOF, str(folder), "b", str(root))
        revs = f"{root}/{folder.name}/revs"
        where = ", edit p17" if story == "main17" else ", one edit"
        rows.append((f"diff {name}{where}", run_py(DIFF, f"{revs}/a", f"{revs}/b", str(root))))
        rows.append((f"diff+pdf {name}{where}", run_py(DIFF, f"{revs}/a", f"{revs}/b", str(root),
                                                       str(WORK / f"diff-{folder.name}.pdf"))))
    return rows


def composition() -> list[tuple[str, str, float, int]]:
    """Characters per second of measure → break → set, on the sample copy and on mixed copy."""
    import yaml
    sys.path.insert(0, str(ROOT))
    from layout.build import load_fonts
    from layout.model.manifest import load_edition
    from layout.text.items import Span
    from layout.text.linebreak import break_lines
    from layout.text.measure import measure
    from layout.text.setline import set_lines
    from tests.mixedcopy import mixed_paragraphs
    ed = load_edition(str(SAMPLE))
    fonts = load_fonts(ed)
    rules = ed.composition
    src = yaml.safe_load((SAMPLE / "edition.yaml").read_text(encoding="utf-8"))
    chronicle = [i["text"] for i in src["chronicles"]["dashiji"]["items"]]
    corpora = {"sample copy": src["stories"]["main"]["body"] + chronicle, "mixed copy": mixed_paragraphs(60)}
    widths = [117.0 - 18.0, 117.0]
    out = []
    for name, paras in corpora.items():
        for mode in ("first", "total"):
            chars = 0
            t = time.perf_counter()
            while time.perf_counter() - t < 1.5:
                for p in paras:
                    spans = [Span(p, "body", 9.0)]
                    m = measure(spans, fonts, rules)
                    set_lines(m, break_lines(m, widths, rules.costs, mode), widths, [18.0, 0.0], spans)
                    chars += len(p)
            out.append((name, mode, chars / (time.perf_counter() - t), chars))
    return out


def placement() -> tuple[int, float]:
    """Candidate pages per second of automatic placement: the tabloid's auto page, composed for its
    fits with many height corrections (distinct block geometries), paragraphs shared as in the search."""
    from dataclasses import replace

    from layout.model.manifest import load_edition
    from layout.pages import compose as C
    from layout.pages.autoplace import place
    from layout.text.sources import load_fonts
    ed = load_edition(str(ROOT / "issues" / "2021-year-end-tabloid"))
    fonts = load_fonts(ed)
    page = next(p for p in ed.pages if p.auto)
    a, tpl = page.auto, page.template or ed.template
    mini = replace(ed, stories={k: ed.stories[k] for k in a.stories}, photos={k: ed.photos[k] for k in a.photos},
                   chronicles={k: ed.chronicles[k] for k in a.chronicles})
    cands = [replace(mini, pages=(replace(page, blocks=place(a, ed, tpl, {s: d for s in a.stories} | {c: e for c in
                                                                       a.chronicles}), auto=None),))
             for d in range(-10, 11) for e in range(-4, 5)]
    shared = C.Shared()
    t = time.perf_counter()
    for c in cands:
        C._compose(c, fonts, shared, fits_only=True)
    return len(cands), len(cands) / (time.perf_counter() - t)


def makeup() -> list[tuple[str, float]]:
    """Seconds to choose automatic pages: the whole sample (1 story, 5 photos, the chronicle) on one
    broadsheet page, the best; and the 5 best variants; the tabloid's page 3 likewise."""
    import yaml

    from layout.model.manifest import load_edition
    from layout.pages import compose as C
    from layout.text.sources import load_fonts
    folder = WORK / "auto-sample"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SAMPLE, folder)
    data = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    data["pages"] = [{"page": 8, "section": "年终特别报道", "auto": {"stories": list(data["stories"]),
                      "photos": list(data["photos"]), "chronicles": list(data["chronicles"])}}]
    (folder / "edition.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    three = WORK / "auto-three"                 # three stories (lead, second, brief), 3 photos, the chronicle
    shutil.rmtree(three, ignore_errors=True)
    shutil.copytree(SAMPLE, three)
    body = [p for p in data["stories"]["main"]["body"] if isinstance(p, str)]
    data["stories"]["second"] = {"headline": "屋场恳谈会走进千家万户", "body": body[2:6]}
    data["stories"]["brief"] = {"headline": "党史学习教育走深走实", "body": body[6:8]}
    for pid in ("wuchang", "hongxiang"):
        del data["photos"][pid]
    data["pages"][0]["auto"] = {"stories": ["main", "second", "brief"], "chronicles": list(data["chronicles"]),
                                "photos": ["xuanjiang", "wanhui", "shuikoushan"]}
    (three / "edition.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = []
    for name, path in (("sample on one page, 7 items", folder), ("three stories, 7 items", three),
                       ("tabloid page 3, 2 items", ROOT / "issues" / "2021-year-end-tabloid")):
        ed = load_edition(str(path))
        fonts = load_fonts(ed)
        page = next(p for p in ed.pages if p.auto)
        for n in (1, 5):
            t = time.perf_counter()
            C.page_variants(ed, page, fonts, n)
            out.append((f"{name}: {'the best' if n == 1 else f'{n} variants'}", time.perf_counter() - t))
    return out


def typst_rows() -> None:
    """The rows against Typst (scripts/bench_typst.py), when the `bench` extra installed it."""
    sys.path.insert(0, str(ROOT / "scripts"))
    vs = importlib.import_module("bench_typst")
    if importlib.util.find_spec("typst") is None:
        print("against Typst: not measured (pip install -e '.[bench]', as `make bench` does)")
        return
    vs.print_rows(vs.versus_typst(ROOT, WORK, CACHE, SAMPLE, synthetic(32), distinct=synthetic(32, distinct=True)))


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]} ({sys.executable}); text layer: {run_py(STATE)['state']}")
    rows = []
    shutil.rmtree(CACHE, ignore_errors=True)
    rows.append(("sample cold (empty caches)", run_build(SAMPLE, WORK / "out-sample")))
    rows.append(("sample warm (text unchanged)", run_build(SAMPLE, WORK / "out-sample")))
    rows.append(("sample +50 new characters", run_build(with_new_chars(), WORK / "out-new50")))
    syn = synthetic(32)
    rows.append(("synthetic 32 pages", run_build(syn, WORK / "out-syn32")))
    rows.append(("preflight 32 pages (+ ink)", run_py(PREFLIGHT, str(WORK / "out-syn32" / "synthetic-32.pdf"))))
    print(f"{'case':32} {'pages':>5} {'wall s':>8} {'process s':>9} {'pages/s':>8} {'peak MiB':>9}")
    for name, r in rows:
        print(f"{name:32} {r['pages']:>5} {r['wall']:>8.2f} {r['process']:>9.2f} {r['pages'] / r['process']:>8.2f} "
              f"{r['rss']:>9.0f}")
    for name, r in proofs_and_diffs():
        print(f"{name:32} {r['pages']:>5} {r['wall']:>8.2f} {r['process']:>9.2f} {r['pages'] / r['process']:>8.2f} "
              f"{r['rss']:>9.0f}")
    print()
    print(f"{'cold start (fresh process, best of 5)':40} {'s':>10}")
    for name, secs in cold_start():
        print(f"{name:40} {secs:>10.3f}")
    print()
    typst_rows()
    print()
    sys.path.insert(0, str(ROOT / "scripts"))
    importlib.import_module("bench_desk").rows()         # layout serve in chromium (scripts/bench_desk.py)
    print()
    print(f"{'composition (measure → break → set)':40} {'chars/s':>10}")
    for name, mode, rate, chars in composition():
        print(f"{name + ', ' + mode + '-fit':40} {rate:>10,.0f}   ({chars:,} characters)")
    print()
    print(f"{'automatic makeup (search, fresh process state)':48} {'s':>6}")
    for name, secs in makeup():
        print(f"{name:48} {secs:>6.2f}")
    n, rate = placement()
    print(f"{'automatic placement, candidate pages':40} {rate:>10,.0f}/s ({n} distinct candidates, tabloid page 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
