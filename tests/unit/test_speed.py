"""What the whole-process build speed work (issue 12) changed must not change what a build writes or checks:
the cheaper read-back check still refuses a broken pair, lengths still round as r2 does, the collector pause of
`layout build` ends with the build."""
from __future__ import annotations

import gc
import hashlib
import io
import json
import math
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import pytest
from PIL import Image
from reportlab.pdfgen import canvas as rl_canvas

from layout import cli
from layout.atomic import OutputError
from layout.build import build, check_output
from layout.cachedir import cache_root
from layout.model.manifest import _content_hash
from layout.model.model import Block, BlockKind, Template, Where
from layout.model.style import Output
from layout.model.templates import load_template
from layout.model.units import Rect, r2
from layout.output.display import DisplayPage, TextItem
from layout.output.layout_json import _dumps, dump_layout
from layout.output.pdfx import PrintSpec
from layout.output.render_pdf import _n, _Page, collect_fonts
from layout.output.type0 import Type0Font
from layout.pages.assets import _read_size, pixel_size
from layout.pages.furniture import _ruled_lines
from layout.pages.geometry import PageGeometry, place_line
from layout.pages.placed import Cell, LineKind, PlacedEdition, SetLine
from layout.text.items import GlyphRun, Line

from ..layout.test_compose import MANIFEST
from ..layout.test_pagerules import TEMPLATES
from .test_coldstart import _loaded_after
from .test_layout_json import _doc, _model


@pytest.fixture
def built(edition_factory, tmp_path) -> tuple[bytes, bytes]:
    res = build(str(edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})), str(tmp_path / "out"))
    return res.pdf.read_bytes(), res.json.read_bytes()


def test_the_read_back_check_passes_what_a_build_writes(built):
    pdf, data = built
    check_output(Path("ed.pdf"), pdf)
    check_output(Path("layout.json"), data)
    check_output(Path("layout.json"), dump_layout(_doc(_model())))       # a hand-made model too


@pytest.mark.parametrize("cut", ["last byte", "half", "pages", "no format", "other format", "a list", "empty"])
def test_the_read_back_check_refuses_a_layout_json_that_is_not_whole(built, cut):
    data = built[1]
    broken = {"last byte": data[:-1], "half": data[:len(data) // 2], "pages": data[:data.index(b',"pages":')] + b"}",
              "no format": data.replace(b'"format":"layout.json/2",', b""),
              "other format": data.replace(b'"format":"layout.json/2"', b'"format":"layout.json/1"'),
              "a list": b"[" + data + b"]", "empty": b""}[cut]
    with pytest.raises(OutputError, match="layout.json written does not read back"):
        check_output(Path("layout.json"), broken)


def test_the_read_back_check_refuses_a_cut_pdf(built):
    with pytest.raises(OutputError, match="PDF written is incomplete"):
        check_output(Path("ed.pdf"), built[0][:-2000])


def test_every_length_of_a_line_rounds_as_r2_does():
    page = _model().pages[0]
    odd = (-0.001, 0.004999, 0.005, 1.005, 2.675, 9.0, -0.0, 123.456789, 1e-12)
    cells = tuple(Cell("字", x, w) for x, w in zip(odd, reversed(odd), strict=True))
    lines = (page.lines[2]._replace(x=-0.004, y=2.675, width=117.0049, indent=-0.0, set_width=0.125, cells=cells),
             page.lines[3]._replace(x=2.675, y=-0.004, cells=cells[::-1]))       # the same values again
    raw = dump_layout(_doc(PlacedEdition((replace(page, lines=lines),), ())))
    got = json.loads(raw)["pages"][0]["lines"]
    assert [got[0][k] for k in ("x", "y", "width", "indent", "set_width")] == [
        r2(-0.004), r2(2.675), r2(117.0049), r2(-0.0), r2(0.125)]
    assert got[0]["cells"] == [["字", r2(x), r2(w)] for x, w in zip(odd, reversed(odd), strict=True)]
    assert got[1]["cells"] == [["字", r2(x), r2(w)] for x, w in zip(reversed(odd), odd, strict=True)]
    assert got[1]["x"] == got[0]["y"] == 2.67 and got[0]["x"] == 0.0
    zero = odd.index(-0.0)                                      # -0.0 is written 0.0 (as r2 makes it)
    assert math.copysign(1, got[0]["indent"]) == math.copysign(1, got[0]["cells"][zero][1]) == 1


def test_layout_build_pauses_the_collector_for_the_build_only(edition_factory, tmp_path, monkeypatch):
    folder = str(edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)}))
    seen = []
    real = build

    def spy(*args, **kw):
        seen.append(gc.isenabled())
        return real(*args, **kw)

    monkeypatch.setattr("layout.build.build", spy)
    assert gc.isenabled()
    assert cli.main(["build", folder, "-o", str(tmp_path / "out")]) == 0
    assert seen == [False] and gc.isenabled()

    def fails(*args, **kw):
        raise RuntimeError("a bug")

    monkeypatch.setattr("layout.build.build", fails)
    with pytest.raises(RuntimeError):
        cli.cmd_build(cli.argparse.Namespace(edition=folder, output=str(tmp_path / "x"), allow_overset=False,
                                             pdfx=None, variants=0))
    assert gc.isenabled()                     # a failed build too


# -- the PDF writer's text objects ---------------------------------------------------------------------

def _text_as_before(page: _Page, it: TextItem) -> str:
    """The writer's text object as it was made glyph by glyph before issue 12 (the oracle)."""
    font = page.fonts[(it.font_path, it.font_index)]
    parts: list[str] = []
    run: list[str] = []
    pen = it.xs[0]
    for gid, x in zip(it.gids, it.xs, strict=True):
        shift = x - pen
        if shift > 0.0005 or shift < -0.0005:
            if run:
                parts.append("<" + "".join(run) + ">")
                run = []
            parts.append(_n(-shift * 1000.0 / it.size))
        code, advance = font.glyph(gid)
        run.append(code)
        pen = x + advance * it.size / 1000.0
    if run:
        parts.append("<" + "".join(run) + ">")
    k = " ".join(_n(v) for v in it.fill)
    return (f"BT /{font.resource} {_n(it.size)} Tf {k} k 1 0 0 1 {_n(page.x(it.xs[0]))} {_n(page.y(it.y))} Tm "
            f"[{' '.join(parts)}] TJ ET")


def test_text_objects_are_what_the_glyph_by_glyph_writer_made(square_font):
    rnd = random.Random(12)
    advance = Type0Font(square_font, 0, "X").advance
    items = []
    for n in (1, 2, 5, 40):
        for _ in range(60):
            size = rnd.choice((9.0, 10.5, 7.875, 42.0))
            gids = tuple(rnd.randrange(1, 40) for _ in range(n))
            xs, x = [], rnd.uniform(0, 500)
            for gid in gids:
                xs.append(x)
                # as set (the advance), justified (a little more), kerned back, hairs either side of the limit
                x += advance(gid) * size / 1000.0 + rnd.choice((0.0, 0.0, 0.0, 0.07 * size, -0.07 * size, 0.0003,
                                                                0.0007, -0.0007, 2 * size))
            items.append(TextItem(square_font, 0, size, rnd.uniform(0, 800), gids, tuple(xs), ("字",) * n,
                                  rnd.choice(((0.0, 0.0, 0.0, 1.0), (0.1, 0.2, 0.3, 0.4), (0.0, 0.0, 0.0, 0.0)))))
    display = DisplayPage(1, 600.0, 900.0, Rect(0, 0, 600, 900), 0.0, tuple(items))
    fonts = collect_fonts([display])
    spec = PrintSpec(Output(pdfx="none"), "t", "a", "s", "2021-12-31", "ab", None)
    page = _Page(rl_canvas.Canvas(io.BytesIO()), display, fonts, "", spec)
    made = [page.text(it) for it in items]
    assert made == [_text_as_before(page, it) for it in items]
    assert sum("> " in m for m in made) > 100 and sum("> " not in m for m in made) > 30     # runs of both kinds
    with pytest.raises(ValueError):
        page.text(items[-1]._replace(xs=items[-1].xs[:-1]))


def test_a_font_keeps_the_longest_text_a_glyph_stands_for_the_first_of_equals(square_font):
    f = Type0Font(square_font, 0, "FL1")
    f.use_all((5, 6, 5, 7), ("甲", "乙", "丙", ""))
    f.use_all((7, 6, 5), ("ﬁ", "乙乙", "丁"))
    assert f.used == {5: "甲", 6: "乙乙", 7: "ﬁ"}
    f.use_all((5, 6), ("戊", "己"))                    # all known, none longer: nothing changes
    f.use(8, "")
    f.use_all((8, 5), ("庚", "辛"))                     # known, but longer than the empty text kept for 8
    f.use_all((9, 9, 6), ("子", "丑寅", "卯卯卯"))
    assert f.used == {5: "甲", 6: "卯卯卯", 7: "ﬁ", 8: "庚", 9: "丑寅"}
    with pytest.raises(ValueError):
        f.use_all((5, 6), ("甲",))


# -- composing ---------------------------------------------------------------------------------------------------

def _rule_at_as_before(blocks: list[Block], left: int, right: int, line: int) -> bool:
    """Whether the gutter is ruled at a line, as column_rules asked it line by line before issue 12 (the oracle)."""
    has_left = has_right = False
    for b in blocks:
        if not b.line <= line < b.line + (b.lines or 1):
            continue
        first, last = b.column, b.column + b.span - 1
        if first <= left and last >= right:
            return False
        if first <= left <= last:
            has_left = True
        if first <= right <= last:
            has_right = True
    return has_left and has_right


def test_gutters_are_ruled_where_they_were_line_by_line():
    rnd = random.Random(6)
    ruled = 0
    for _ in range(300):
        blocks = [Block(BlockKind.TEXT, "s", rnd.randrange(0, 8), rnd.randrange(-3, 30), rnd.randrange(1, 3),
                        rnd.choice((None, 0, -2, 1, 5, 12, 40))) for _ in range(rnd.randrange(0, 14))]
        for left in range(7):
            mask = _ruled_lines(blocks, left, left + 1, 24)
            got = [bool(mask >> ln & 1) for ln in range(24)]
            assert got == [_rule_at_as_before(blocks, left, left + 1, ln) for ln in range(24)], (blocks, left)
            ruled += sum(got)
    assert ruled > 300


def test_the_command_freezes_what_it_made_before_the_process_ends(edition_factory, tmp_path, monkeypatch):
    folder = str(edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)}))
    assert gc.get_freeze_count() == 0
    assert cli.main(["build", folder, "-o", str(tmp_path / "a")]) == 0
    assert gc.get_freeze_count() == 0                    # called with arguments (tests, scripts): nothing frozen
    monkeypatch.setattr("sys.argv", ["layout", "build", folder, "-o", str(tmp_path / "b")])
    try:
        assert cli.main() == 0                           # the `layout` command itself
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_the_command_ends_at_once_having_said_everything(edition_factory, tmp_path):
    """`layout` (cli.command) leaves with os._exit after main(): its stdout and stderr still reach a pipe whole,
    its exit code is main()'s, and main() called with arguments (tests, scripts) keeps nothing for that exit."""
    folder = str(edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)}))
    run = [sys.executable, "-m", "layout", "build", folder, "-o", str(tmp_path / "a")]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}     # a pipe's stdout is buffered
    ok = subprocess.run(run, capture_output=True, text=True, env=env)
    assert ok.returncode == 0 and "\nwrote " in ok.stdout and ok.stdout.endswith(" s\n"), ok   # the last line too
    assert (tmp_path / "a" / "layout.json").is_file()
    bad = subprocess.run([*run[:4], str(tmp_path / "nowhere"), "-o", str(tmp_path / "b")], capture_output=True,
                         text=True, env=env)
    assert bad.returncode == 1 and "nowhere" in bad.stderr and not bad.stdout, bad
    assert cli.main(["build", folder, "-o", str(tmp_path / "c")]) == 0
    assert cli._KEPT == []


# -- layout.json's bytes through orjson --------------------------------------------------------------------

def _json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@pytest.mark.parametrize("value", [
    [0.0001, 0.00015, 5e-05, -3.2e-05], [1e-06, -7.5e-12], [5e-324], [math.nan], {"x": math.inf}, [-math.inf],
    [2 ** 64, -(2 ** 70)], {1: "a", 2: "b"}, ["x1e-5", "Regular-e-"], {"z": None, "a": [True, False]},
    ["null", "e-mail", "0.00001", "控制\u0000\u001f\u007f\u2028\"\\/"], [1e16, 2.5e20, -1e300, 123456789.125],
    {"甲": 1, "a": 2, "Z": 3, "ä": 4, "\U0001F600": 5, "": 6}, [[[]], {}, "", 0, -0.0, 0.1, 1.005, 100.0],
])
def test_layout_json_bytes_are_what_json_writes(value):
    assert _dumps(value) == _json_bytes(value)


def test_every_character_and_every_hundredth_are_written_as_json_writes_them():
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert _dumps([text]) == _json_bytes([text])
    values = [round(k / 100, 2) for k in range(-300_000, 300_000, 7)] + [round(k / 10_000, 4)
                                                                         for k in range(-10_000, 10_000)]
    assert _dumps(values) == _json_bytes(values)
    assert _dumps(values, rounded=True) == _json_bytes(values)         # what a page entry's numbers are


@pytest.mark.parametrize("value", [[1.25, math.nan], {"x": math.inf}, [-math.inf, None], [2 ** 64], ["null", 0.0]])
def test_a_page_entry_with_nan_or_a_huge_integer_is_still_what_json_writes(value):
    """A page entry's numbers are rounded (only null is looked for): NaN and Infinity still fall back to json."""
    assert _dumps(value, rounded=True) == _json_bytes(value)


def test_a_page_written_by_json_is_spliced_in_as_json_writes_the_whole_file():
    page = _model().pages[0]
    lines = (page.lines[0]._replace(x=math.nan), *page.lines[1:])
    raw = dump_layout(_doc(PlacedEdition((page, replace(page, number=2, lines=lines)), ())))
    assert b"NaN" in raw and raw == _json_bytes(json.loads(raw))


def test_the_usual_file_is_written_by_orjson(built, monkeypatch):
    data = json.loads(built[1])
    assert _dumps(data) == built[1]

    class NoJson:
        @staticmethod
        def dumps(*args, **kw):
            raise AssertionError("json.dumps used")

    monkeypatch.setattr("layout.output.layout_json.json", NoJson)
    assert _dumps(data) == built[1]


def _template() -> Template:
    return load_template("broadsheet", TEMPLATES, Where("test", 1, "template"))


def test_a_placed_line_has_every_field_where_its_name_says():
    run = GlyphRun(0, 9.0, (1, 2), (0.0, 9.0), ("这", "一"), "text")
    number = GlyphRun(1, 9.0, (7,), (-9.0,), ("1",), "text")
    ln = Line(3, 5, 18.0, 117.0, 18.0, 17.5, True, (run,), (18.0, 27.0), (9.0, 8.5), ("这", "一"), 0.25, 40, 42,
              "这一")
    geo = PageGeometry(_template(), 3)
    style = _template().style("body")
    got = place_line(ln, 55.5, geo.baseline(7), geo, story="main", kind=LineKind.BODY, para=4, block="p3-2",
                     style_name="body", style=style, offset=10, label=(number,), column=2)
    want = SetLine(story="main", kind=LineKind.BODY, para=4, char_start=50, char_end=52, block="p3-2", column=2,
                   grid_line=7, x=55.5, y=geo.baseline(7), width=135.0, indent=18.0, set_width=17.5, style="body",
                   role=style.role, size=style.size, text="这一", last=True, max_extra=0.25,
                   cells=(Cell("这", 18.0, 9.0), Cell("一", 27.0, 8.5)), runs=(number, run))
    assert got == want and type(got) is SetLine and got._asdict() == want._asdict()
    assert type(got.cells[0]) is Cell and got.cells[1].width == 8.5


class _Ed(NamedTuple):
    photos: dict
    template: str = "broadsheet-template"


def _photo_stub(pid: str, path: Path) -> SimpleNamespace:
    return SimpleNamespace(id=pid, image=str(path))


def test_the_content_hash_feeds_every_photo_in_id_order_a_shared_file_each_time(tmp_path):
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    a.write_bytes(b"A" * 1000)
    b.write_bytes(b"B" * 10)
    photo = _photo_stub
    ed = _Ed({"z": photo("z", a), "m": photo("m", b), "c": photo("c", a), "x": photo("x", tmp_path / "gone.jpg")})
    want = hashlib.sha256(b"text")
    want.update(repr(ed.template).encode())
    da, db = hashlib.sha256(b"A" * 1000).hexdigest(), hashlib.sha256(b"B" * 10).hexdigest()
    for pid, d in (("c", da), ("m", db), ("x", ""), ("z", da)):     # in id order; x's file is not there
        want.update(f"{pid}:{d};".encode())
    assert _content_hash("text", ed) == want.hexdigest()
    first = want.hexdigest()
    b.write_bytes(b"C" * 10)                                  # a photo replaced: another hash
    os.utime(b, ns=(1, 1))
    assert _content_hash("text", ed) != first


def test_a_photo_file_is_hashed_once_per_version(tmp_path, monkeypatch):
    """filedigest: the digest of a file is read from $LAYOUT_CACHE/digests by the next process (here: with the
    in-process memory cleared), and a file with a new size or mtime is hashed afresh."""
    from layout import filedigest
    f = tmp_path / "p.jpg"
    f.write_bytes(b"photo" * 100)
    assert filedigest.digest(str(f)) == hashlib.sha256(b"photo" * 100).hexdigest()
    filedigest._digest.cache_clear()
    reads = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **k: reads.append(p) or real_open(p, *a, **k))
    assert filedigest.digest(str(f)) == hashlib.sha256(b"photo" * 100).hexdigest()
    assert str(f) not in reads                                 # from the cache, not the file
    f.write_bytes(b"other" * 100)
    assert filedigest.digest(str(f)) == hashlib.sha256(b"other" * 100).hexdigest()
    assert filedigest.digest(str(tmp_path / "gone.jpg")) == ""


def test_a_build_of_pages_placed_by_hand_never_loads_the_placement_search(edition_factory, tmp_path):
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})
    build = "import sys\nfrom layout.cli import main\nassert main(['build', sys.argv[1], '-o', sys.argv[2]]) == 0"
    search = ("layout.pages.makeup", "layout.pages.autoplace", "layout.pages.modules")
    assert _loaded_after(build, str(folder), str(tmp_path / "out"), heavy=search) == []
    auto = "import sys\nfrom layout.pages import compose\ncompose._makeup()"
    assert _loaded_after(auto, heavy=search) == sorted(search)


# -- photos' pixel sizes kept between builds ------------------------------------------------------------

def test_a_warm_build_opens_no_photo_with_pillow(edition_factory, tmp_path, monkeypatch):
    monkeypatch.setenv("LAYOUT_CACHE", str(tmp_path / "cache"))
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})
    build = "import sys\nfrom layout.cli import main\nassert main(['build', sys.argv[1], '-o', sys.argv[2]]) == 0"
    plugins = ("PIL.JpegImagePlugin", "PIL.PngImagePlugin")
    assert _loaded_after(build, str(folder), str(tmp_path / "cold"), heavy=plugins) == list(plugins)
    assert _loaded_after(build, str(folder), str(tmp_path / "warm"), heavy=plugins) == []
    for name in ("layout.json", "ed.pdf"):
        assert (tmp_path / "cold" / name).read_bytes() == (tmp_path / "warm" / name).read_bytes(), name


def test_pixel_sizes_follow_the_file_and_a_bad_cache_entry_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYOUT_CACHE", str(tmp_path / "cache"))
    photo = tmp_path / "p.png"
    Image.new("RGB", (30, 20)).save(photo)
    assert pixel_size(str(photo)) == (30, 20)
    entries = list((cache_root() / "pixels").glob("*.json"))
    assert [json.loads(e.read_text()) for e in entries] == [[30, 20]]
    Image.new("RGB", (41, 17)).save(photo)                         # replaced: another size, another entry
    assert pixel_size(str(photo)) == (41, 17)
    for bad in ("[41", "[0, 17]", "[41.0, 17]", "[90000, 90000]", "{}"):
        _read_size.cache_clear()
        for e in (cache_root() / "pixels").glob("*.json"):
            e.write_text(bad)
        assert pixel_size(str(photo)) == (41, 17)
    _read_size.cache_clear()
    for e in (cache_root() / "pixels").glob("*.json"):
        e.write_text("[4, 3]")
    assert pixel_size(str(photo)) == (4, 3)                         # the cache is believed: it is read first


def test_the_command_freezes_the_build_before_the_collector_is_on_again(edition_factory, tmp_path, monkeypatch):
    """`layout build` as a command: what the build made is frozen before the collector is switched back on,
    so its first pass does not walk every set line (~20 ms of 32 pages); called with arguments, nothing is."""
    folder = str(edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)}))
    frozen_at_enable = []
    real_enable = cli.gc.enable

    def enable():
        frozen_at_enable.append(gc.get_freeze_count())
        real_enable()
    monkeypatch.setattr(cli.gc, "enable", enable)
    assert cli.main(["build", folder, "-o", str(tmp_path / "a")]) == 0
    assert frozen_at_enable == [0]
    monkeypatch.setattr("sys.argv", ["layout", "build", folder, "-o", str(tmp_path / "b")])
    try:
        assert cli.main() == 0
        assert len(frozen_at_enable) == 2 and frozen_at_enable[1] > 10_000
    finally:
        gc.unfreeze()
        cli._ONE_SHOT = False
