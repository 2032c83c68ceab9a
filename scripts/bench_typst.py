"""The Typst side of `make bench`: the same pages hand-built in Typst, so the speed ratio holds on any machine.

`typst_source(edition_dir, layout_json)` writes a Typst document of the edition's copy: every page of the
edition at its trim size, each block (headline, editor's note, photo with caption and credit, story columns,
chronicle panel) placed at the rectangle `layout build` gave it (read from its layout.json), the page head and
its rule, the same faces from the same font files (Noto Serif/Sans CJK, LXGW WenKai: `font_dirs` of
layout.json's fonts, system fonts ignored), body at 小五 (9 pt) on the 13.5 pt pitch, justified, first-line
indent 2 字. Typst flows each story into the columns of its block and clips what does not fit there (the sample
and the synthetic editions fit, so both set the same text). The document is generated into build/bench/, never
committed."""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

BODY, PITCH = 9.0, 13.5


def _esc(text: str) -> str:
    """Typst markup text: escape what markup would read as syntax."""
    out = []
    for ch in text:
        if ch in "\\#*_`$<>@[]=-+/~\"'":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def font_dirs(layout: dict) -> list[str]:
    """The folders of the font files layout.json names (the same files Typst then reads)."""
    dirs: list[str] = []
    for faces in layout["fonts"].values():
        for face in faces:
            path = face.rsplit("(", 1)[1].rstrip(")").split("#")[0]
            d = str(Path(path).parent)
            if d not in dirs:
                dirs.append(d)
    return dirs


SERIF, SANS, SERIF_BOLD, KAI = '"Noto Serif CJK SC"', '"Noto Sans CJK SC"', '"Noto Serif CJK SC"', '"LXGW WenKai"'


def _headline(story: dict, w: float, h: float) -> str:
    kicker = f'#text(font: {SANS}, weight: "bold", size: 18pt)[{_esc(story["kicker"])}]\n\n' if story.get(
        "kicker") else ""
    return (f'#box(width: {w}pt, height: {h}pt, clip: true)[#align(center + horizon)[{kicker}'
            f'#text(font: {SERIF_BOLD}, weight: "bold", size: 42pt)[{_esc(story["headline"])}]]]')


def _note(story: dict, w: float, h: float) -> str:
    return (f'#box(width: {w}pt, height: {h}pt, stroke: 0.75pt, inset: 5pt, clip: true)['
            f'#text(font: {KAI}, size: 10.5pt)[#text(font: {SANS}, weight: "bold")[编者按：]'
            f'{_esc(story["note"])}]]')


def _photo(photo: dict, folder: Path, w: float, h: float) -> str:
    cap = _esc(photo.get("caption", "")) + "　" + _esc(photo.get("credit", ""))
    image = Path(photo["image"])
    image = image if image.is_absolute() else (folder / image).resolve()
    return (f'#box(width: {w}pt, height: {h}pt, clip: true)[#image("{image}", width: {w}pt, '
            f'height: {h - 2 * PITCH}pt, fit: "cover")\n#text(font: {KAI}, size: 9pt)[{cap}]]')


def _text(story: dict, w: float, h: float, span: int) -> str:
    paras = []
    if story.get("byline"):
        paras.append(f'#text(font: {SANS}, weight: "bold")[{_esc(story["byline"])}]')
    for p in story.get("body", []):
        if isinstance(p, dict):
            paras.append(f'#text(font: {SANS}, weight: "bold")[{_esc(p.get("subheading", ""))}]')
        else:
            paras.append(_esc(p))
    body = "\n\n".join(paras)
    return (f'#box(width: {w}pt, height: {h}pt, clip: true)[#columns({span}, gutter: {BODY}pt)['
            f'#set par(first-line-indent: (amount: 2em, all: true))\n{body}]]')


def _chronicle(ch: dict, w: float, h: float, span: int) -> str:
    items = []
    for i, it in enumerate(ch["items"]):
        date = f'#text(font: {SANS}, weight: "bold")[{_esc(it["date"])}]' if it.get("date") else ""
        items.append(f'#text(font: {SANS}, weight: "bold")[{i + 1}.] {date}{_esc(it["text"])}')
    return (f'#box(width: {w}pt, height: {h}pt, fill: luma(90%), inset: 4.5pt, clip: true)['
            f'#block(width: 100%, fill: black, inset: 6pt)[#align(center)[#text(font: {SANS}, weight: "bold", '
            f'size: 16pt, fill: white)[{_esc(ch["title"])}]]]\n#columns({span}, gutter: {BODY}pt)['
            f'#set par(hanging-indent: 1.5em)\n' + "\n\n".join(items) + "]]")


def typst_source(edition_dir: Path, layout_json: Path) -> str:
    src = yaml.safe_load((edition_dir / "edition.yaml").read_text(encoding="utf-8"))
    layout = json.loads(layout_json.read_text(encoding="utf-8"))
    ed = src["edition"]
    out = [f'#set text(font: ({SERIF}, {KAI}), size: {BODY}pt, lang: "zh", region: "cn", top-edge: "ascender", '
           'bottom-edge: "descender")',
           f'#set par(justify: true, leading: {PITCH - BODY}pt, spacing: {PITCH - BODY}pt)']
    for page in layout["pages"]:
        w, h = page["size"]
        ta = page["type_area"]
        out.append(f"#page(width: {w}pt, height: {h}pt, margin: 0pt)[")
        out.append(f'#place(top + left, dx: {ta[0]}pt, dy: {ta[1] - 24}pt)[#box(width: {ta[2]}pt)['
                   f'#text(font: {SANS}, weight: "bold", size: 18pt)[{page["number"]:02d}]　'
                   f'#text(font: {SANS}, weight: "bold")[{_esc(page["section"])}]#h(1fr)'
                   f'#text(font: {SANS}, weight: "bold")[{_esc(ed["paper"])}　{ed["date"]}]]]')
        out.append(f'#place(top + left, dx: {ta[0]}pt, dy: {ta[1] - 4}pt)[#line(length: {ta[2]}pt, '
                   'stroke: 1pt)]')
        for b in page["blocks"]:
            x, y, bw, bh = b["rect"]
            kind, ref = b["kind"], b["ref"]
            if kind == "headline":
                body = _headline(src["stories"][ref], bw, bh)
            elif kind == "note":
                body = _note(src["stories"][ref], bw, bh)
            elif kind == "photo":
                body = _photo(src["photos"][ref], edition_dir, bw, bh)
            elif kind == "text":
                body = _text(src["stories"][ref], bw, bh, b["span"])
            elif kind == "chronicle":
                body = _chronicle(src["chronicles"][ref], bw, bh, b["span"])
            else:
                continue
            out.append(f"#place(top + left, dx: {x}pt, dy: {y}pt)[{body}]")
        out.append("]")
    return "\n".join(out) + "\n"


def write_typst(edition_dir: Path, layout_json: Path, dest: Path) -> tuple[Path, list[str]]:
    """The .typ file for the edition (beside nothing it needs: photos by absolute path) and its font folders."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(typst_source(edition_dir, layout_json), encoding="utf-8")
    return dest, font_dirs(json.loads(layout_json.read_text(encoding="utf-8")))


TYPST_RUN = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], root="/", font_paths=sys.argv[3:], ignore_system_fonts=True)
"""


@dataclass
class Proc:
    """One whole process: wall seconds, CPU seconds (user + system), peak resident MiB."""
    wall: float
    cpu: float
    rss: float


def run_process(cmd: list[str], env: dict[str, str], cwd: Path) -> Proc:
    """Run to the end; CPU and peak memory of that child alone (os.wait4), not of every child so far."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{p.stderr.read().decode() if p.stderr else ''}")
    if p.stderr:
        p.stderr.close()
    return Proc(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024)


def median_pair(a: list[str], b: list[str], env: dict[str, str], cwd: Path, runs: int = 5) -> tuple[Proc, Proc]:
    """Both commands `runs` times, alternating (a, b, a, b, …): the median of each measure."""
    got: tuple[list[Proc], list[Proc]] = ([], [])
    for _ in range(runs):
        got[0].append(run_process(a, env, cwd))
        got[1].append(run_process(b, env, cwd))
    return tuple(Proc(statistics.median(p.wall for p in g), statistics.median(p.cpu for p in g),  # type: ignore
                      statistics.median(p.rss for p in g)) for g in got)


def typst_cmd(typ: Path, pdf: Path, dirs: list[str]) -> list[str]:
    return [sys.executable, "-c", TYPST_RUN, str(typ), str(pdf), *dirs]


EDIT_OLD = "我市广大党员干部把党史学习教育"
EDIT_NEW = "将对向为与"
"""The one-paragraph edit: the paragraph's 把 replaced by each of these in turn (five distinct texts, so no
rebuild finds its paragraph already measured from an earlier run)."""

REBUILD = """
import json, shutil, statistics, sys, time
from pathlib import Path
from layout.rebuild import Rebuilder
ed, out, old, news = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
rb = Rebuilder(ed, out)
rb.build()
manifest = ed / "edition.yaml"
text = manifest.read_text(encoding="utf-8")
walls, cpus = [], []
for ch in news:
    manifest.write_text(text.replace(old, old.replace("把", ch), 1), encoding="utf-8")
    t, c = time.perf_counter(), time.process_time()
    rb.build()
    walls.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
print(json.dumps({"wall": statistics.median(walls), "cpu": statistics.median(cpus)}))
"""

TYPST_REBUILD = """
import json, statistics, sys, time
from pathlib import Path
import typst
typ, old, news, dirs = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
compiler = typst.Compiler(str(typ), root="/", font_paths=dirs, ignore_system_fonts=True)
first = compiler.compile()
text = typ.read_text(encoding="utf-8")
walls, cpus, pdfs = [], [], {first}
for ch in news:
    typ.write_text(text.replace(old, old.replace("把", ch), 1), encoding="utf-8")
    t, c = time.perf_counter(), time.process_time()
    pdfs.add(compiler.compile())
    walls.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
assert len(pdfs) == len(news) + 1, "Typst did not see the edit"
print(json.dumps({"wall": statistics.median(walls), "cpu": statistics.median(cpus)}))
"""


def edition_copy(src: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return dest


def child_env(cache: Path, work: Path) -> dict[str, str]:
    """Both sides' processes: the bench's layout cache, and Python bytecode written and used (__pycache__, git
    ignores it) even where PYTHONDONTWRITEBYTECODE is set, as an installed package has it: else every layout
    process compiles its 170 modules from source (~0.07 s) and Typst's compiled extension does not.
    (PYTHONPYCACHEPREFIX would keep it out of the tree but costs ~0.03 s of path work per process.)"""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    return {**env, "LAYOUT_CACHE": str(cache)}


def _json_child(code: str, args: list[str], env: dict[str, str], cwd: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=cwd)
    if res.returncode:
        raise SystemExit(res.stderr)
    return json.loads(res.stdout.strip().splitlines()[-1])


def versus_typst(root: Path, work: Path, cache: Path, sample: Path, big: Path, runs: int = 5,
                 distinct: Path | None = None) -> list[tuple]:
    """The rows against Typst: (name, ours, Typst's) with Proc or dicts of wall/cpu seconds. `distinct`: a long
    edition whose paragraphs are all different (bench.synthetic(32, distinct=True)), a whole-process row too."""
    env = child_env(cache, work)
    rows: list[tuple] = []
    typs = {}
    whole = [("sample page", sample), (f"{_pages(big)}-page edition", big)]
    if distinct is not None:
        whole.append((f"{_pages(distinct)} pages, every paragraph different", distinct))
    for name, ed in whole:
        out = work / f"vs-{ed.name}"
        ours = [sys.executable, "-m", "layout", "build", str(ed), "-o", str(out)]
        run_process(ours, env, root)                                  # warm: caches and bytecode written
        typ, dirs = write_typst(ed, out / "layout.json", work / "typst" / f"{ed.name}.typ")
        theirs = typst_cmd(typ, work / "typst" / f"{ed.name}.pdf", dirs)
        run_process(theirs, env, root)
        typs[name] = (typ, dirs)
        rows.append((f"{name}, whole process", *median_pair(ours, theirs, env, root, runs)))
    for name, ed in (("sample page", sample), (f"{_pages(big)}-page edition", big)):
        copy = edition_copy(ed, work / f"rebuild-{ed.name}")
        ours_r = _json_child(REBUILD, [str(copy), str(work / f"rebuild-out-{ed.name}"), EDIT_OLD, EDIT_NEW], env,
                             root)
        typ, dirs = typs[name]
        typ_copy = typ.with_name(f"edit-{typ.name}")
        shutil.copy(typ, typ_copy)
        theirs_r = _json_child(TYPST_REBUILD, [str(typ_copy), EDIT_OLD, EDIT_NEW, *dirs], env, root)
        rows.append((f"{name}, rebuild after a one-paragraph edit", ours_r, theirs_r))
    return rows


def _pages(edition: Path) -> int:
    return len(yaml.safe_load((edition / "edition.yaml").read_text(encoding="utf-8"))["pages"])


def print_rows(rows: list[tuple], runs: int = 5) -> None:
    head = f"against Typst (median of {runs}, alternating)"
    print(f"{head:52} {'layout':>22} {'Typst':>22} {'ratio (CPU, wall)':>18}")
    print(f"{'':52} {'CPU s  wall s  MiB':>22} {'CPU s  wall s  MiB':>22}")
    for name, ours, theirs in rows:
        a, b = (_as_proc(x) for x in (ours, theirs))
        mem = lambda p: f"{p.rss:>5.0f}" if p.rss else "    -"        # noqa: E731
        print(f"{name:52} {a.cpu:>6.3f} {a.wall:>6.3f} {mem(a)}   {b.cpu:>6.3f} {b.wall:>6.3f} {mem(b)}   "
              f"{a.cpu / b.cpu:>6.2f}× {a.wall / b.wall:>6.2f}×")


def _as_proc(x: Proc | dict) -> Proc:
    return x if isinstance(x, Proc) else Proc(x["wall"], x["cpu"], 0.0)
