"""What the whole-process build speed work (issue 12) changed must not change what a build writes or checks:
the cheaper read-back check still refuses a broken pair, lengths still round as r2 does, the collector pause of
`layout build` ends with the build."""
from __future__ import annotations

import gc
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from layout import cli
from layout.atomic import OutputError
from layout.build import build, check_output
from layout.model.units import r2
from layout.output.layout_json import dump_layout
from layout.pages.placed import Cell, PlacedEdition

from ..layout.test_compose import MANIFEST
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
