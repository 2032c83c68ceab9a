"""The Rebuilder (`layout serve`'s build loop): after each kind of edit, the files it writes are byte for byte
those of a clean `layout build` in a fresh process (no memo of this process can hide a stale fact), and an
edit on one page recomposes and redraws that page only."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layout import rebuild
from layout.build import font_search_dirs
from layout.output import render_pdf
from layout.rebuild import Rebuilder
from layout.text.fonts import find_file

from ..conftest import REPO, SAMPLE

pytestmark = pytest.mark.realfont


def _clean(edition: Path, out: Path, pdfx: str | None = None) -> tuple[bytes, bytes]:
    subprocess.run([sys.executable, "-m", "layout", "build", str(edition), "-o", str(out),
                    *(["--pdfx", pdfx] if pdfx else [])], check=True, capture_output=True, cwd=REPO)
    return (out / f"{edition.name}.pdf").read_bytes(), (out / "layout.json").read_bytes()


def _same_as_clean(rb: Rebuilder, edition: Path, tmp: Path, name: str) -> None:
    res = rb.build()
    pdf, data = _clean(edition, tmp / f"clean-{name}", rb.pdfx)
    assert res.pdf.read_bytes() == pdf, f"{name}: the rebuilt PDF differs from a clean build's"
    assert res.json.read_bytes() == data, f"{name}: the rebuilt layout.json differs from a clean build's"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("pdfx", [None, "none"])                   # the print file, and the desk's plain PDF
def test_every_kind_of_edit_rebuilds_the_bytes_of_a_clean_build(sample_build, tmp_path, pdfx):
    ed = tmp_path / "2021-year-end"
    shutil.copytree(SAMPLE, ed)
    kai = find_file("LXGWWenKai-Regular.ttf", font_search_dirs(SAMPLE))
    light = find_file("LXGWWenKai-Light.ttf", font_search_dirs(SAMPLE))
    (ed / "fonts").mkdir()
    shutil.copy(kai, ed / "fonts" / "kai.ttf")                       # fonts/<role>.ttf overrides the role
    shutil.copy(REPO / "src" / "layout" / "templates" / "broadsheet.yaml", ed / "house.yaml")
    _edit(ed / "edition.yaml", "template: broadsheet", "template: house.yaml")
    rb = Rebuilder(ed, tmp_path / "out", pdfx=pdfx)
    _same_as_clean(rb, ed, tmp_path, "first")
    _edit(ed / "edition.yaml", "我市广大党员干部把党史学习教育", "我市广大党员干部将党史学习教育")
    _same_as_clean(rb, ed, tmp_path, "body")
    _edit(ed / "edition.yaml", "屋场恳谈会现场。", "屋场恳谈会现场一角。")
    _same_as_clean(rb, ed, tmp_path, "caption")
    shutil.copy(ed / "photos" / "02-wanhui.jpg", ed / "photos" / "04-wuchang.jpg")   # same pixel size, new picture
    _same_as_clean(rb, ed, tmp_path, "photo")
    _edit(ed / "house.yaml", "column_rules: 0.3pt", "column_rules: 0.6pt")
    _edit(ed / "house.yaml", "body:             {font: body, size: 小五, indent: 2}",
          "body:             {font: body, size: 小五, indent: 1}")
    _same_as_clean(rb, ed, tmp_path, "template")
    if light is None:
        pytest.skip("LXGWWenKai-Light.ttf not installed: the font file change is not tried")
    shutil.copy(light, ed / "fonts" / "kai.ttf")                     # the same name, another font
    _same_as_clean(rb, ed, tmp_path, "font file")


def _synthetic(monkeypatch, tmp_path, pages: int):
    """The bench's synthetic edition (every page its own story) and its edit of one word on page 1."""
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench, "WORK", tmp_path)
    return bench.synthetic(pages), bench.one_edit


def test_an_edit_on_one_page_redraws_that_page_only(sample_build, monkeypatch, tmp_path):
    ed, one_edit = _synthetic(monkeypatch, tmp_path, 3)
    drawn: list[int] = []
    items = render_pdf._Page.items
    monkeypatch.setattr(render_pdf._Page, "items", lambda self: (drawn.append(self.page.number), items(self))[1])
    rb = Rebuilder(ed, tmp_path / "out")
    first = rb.build()
    assert drawn == [1, 2, 3]
    drawn.clear()
    one_edit(ed, "main1")                                             # a word of page 1's story
    again = rb.build()
    assert drawn == [1]                                              # pages 2 and 3: their streams as they were
    assert again.composed.pages[0] is not first.composed.pages[0]
    assert [p is q for p, q in zip(first.composed.pages[1:], again.composed.pages[1:], strict=True)] == [True, True]
    pdf, data = _clean(ed, tmp_path / "clean")
    assert again.pdf.read_bytes() == pdf and again.json.read_bytes() == data


def test_memos_stay_bounded_over_many_edits(sample_build, monkeypatch, tmp_path):
    """Each edit leaves measured paragraphs behind; past GROWTH times a clean build's worth they start afresh
    (and the pages' memos hold this build's pages only)."""
    monkeypatch.setattr(rebuild, "GROWTH", 1.1)
    ed = tmp_path / "2021-year-end"
    shutil.copytree(SAMPLE, ed)
    rb = Rebuilder(ed, tmp_path / "out")
    rb.build()
    base, shared, sizes = rb._memo_base, {id(rb._shared)}, []
    for i in range(12):
        _edit(ed / "edition.yaml", f"我市广大党员干部{i - 1 if i else ''}把", f"我市广大党员干部{i}把")
        rb.build()
        shared.add(id(rb._shared))
        sizes.append(len(rb._shared.flow) + sum(len(t._measured) for t in rb._shared.typesetters.values()))
        assert len(rb.render_memo) == len(rb.json_memo) == len(rb._painted) == 1
    assert len(shared) > 1                                           # started afresh at least once
    assert max(sizes) <= 1.1 * base + max(b - a for a, b in zip(sizes, sizes[1:], strict=False))


def test_parallel_pages_write_the_bytes_of_a_serial_build(sample_build, monkeypatch, tmp_path):
    """Pages drawn by two worker processes (output/parallel.py) give the serial build's PDF and layout.json."""
    from layout.build import build
    from layout.output import parallel
    ed, _ = _synthetic(monkeypatch, tmp_path, 5)
    monkeypatch.setenv("LAYOUT_JOBS", "1")
    serial = build(str(ed), str(tmp_path / "serial"))
    monkeypatch.setenv("LAYOUT_JOBS", "2")
    monkeypatch.setattr(parallel, "THRESHOLD", 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)   # whatever other tests left running
    assert parallel.jobs(5) == 2
    drawn: list[int] = []
    items = render_pdf._Page.items
    monkeypatch.setattr(render_pdf._Page, "items", lambda self: (drawn.append(self.page.number), items(self))[1])
    par = build(str(ed), str(tmp_path / "parallel"))
    assert drawn == []                                               # every page came from a worker
    assert par.pdf.read_bytes() == serial.pdf.read_bytes()
    assert par.json.read_bytes() == serial.json.read_bytes()
    assert parallel.jobs(1) == 1 and parallel.jobs(parallel.THRESHOLD - 1) == 1      # short editions stay serial


def test_parallel_only_when_asked(monkeypatch):
    """Serial by default (two workers no longer pay: output/parallel.py); LAYOUT_JOBS's workers whatever the
    load, from THRESHOLD pages, never beside other threads."""
    from layout.output import parallel
    monkeypatch.delenv("LAYOUT_JOBS", raising=False)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (0.1, 0.1, 0.1))
    assert parallel.jobs(parallel.THRESHOLD) == 1 and parallel.jobs(1000) == 1
    monkeypatch.setenv("LAYOUT_JOBS", "3")
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (5.5, 1.0, 1.0))
    assert parallel.jobs(parallel.THRESHOLD) == 3 and parallel.jobs(parallel.THRESHOLD - 1) == 1
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert parallel.jobs(1000) == 1
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setenv("LAYOUT_JOBS", "1")
    assert parallel.jobs(1000) == 1


def test_font_subsets_come_from_the_cache_the_second_time(sample_build, monkeypatch, tmp_path):
    """A build writes each face's compressed subset under $LAYOUT_CACHE/subsets; the next build (this process's
    memory emptied, as a new process has it) reads them and asks HarfBuzz for none, with the same bytes."""
    from layout.build import build
    from layout.output import type0
    monkeypatch.setenv("LAYOUT_CACHE", str(tmp_path / "cache"))
    type0._SUBSETS.clear()
    first = build(str(SAMPLE), str(tmp_path / "a"))
    stored = sorted((tmp_path / "cache" / "subsets").glob("*.z"))
    assert len(stored) == 4                                          # body, heading, headline and kai faces
    type0._SUBSETS.clear()

    def no_harfbuzz(self):
        raise AssertionError(f"{self.path} subset again")
    monkeypatch.setattr(type0.Type0Font, "_subset", no_harfbuzz)
    again = build(str(SAMPLE), str(tmp_path / "b"))
    assert again.pdf.read_bytes() == first.pdf.read_bytes()


def test_no_fork_beside_other_threads(monkeypatch):
    import threading

    from layout.output import parallel
    monkeypatch.setenv("LAYOUT_JOBS", "2")
    before = threading.active_count()
    assert parallel.jobs(parallel.THRESHOLD) == (2 if before == 1 else 1)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert parallel.jobs(parallel.THRESHOLD) == 1
    finally:
        stop.set()
        worker.join()


def test_after_a_failed_build_the_next_good_one_is_clean(sample_build, tmp_path):
    """A character no font has (CoverageError) and a YAML mistake (ManifestError) fail their builds; once
    mended, the rebuild gives a clean build's bytes (no problem of the failed build is reported again)."""
    from layout.model.validate import ManifestError
    from layout.pages.typeset import CoverageError
    ed = tmp_path / "2021-year-end"
    shutil.copytree(SAMPLE, ed)
    rb = Rebuilder(ed, tmp_path / "out")
    rb.build()
    manifest = ed / "edition.yaml"
    good = manifest.read_text(encoding="utf-8")
    manifest.write_text(good.replace("我市广大党员干部把", "我市广大党员干部\ue000把", 1), encoding="utf-8")
    with pytest.raises(CoverageError):
        rb.build()
    manifest.write_text(good.replace("我市广大党员干部把", "我市广大党员干部将", 1), encoding="utf-8")
    _same_as_clean(rb, ed, tmp_path, "after a coverage error")
    manifest.write_text(good.replace("stories:", "stories: [", 1), encoding="utf-8")
    with pytest.raises(ManifestError):
        rb.build()
    manifest.write_text(good, encoding="utf-8")
    _same_as_clean(rb, ed, tmp_path, "after a YAML mistake")
