"""layout.json/2: the placed model as bytes and back, its schema, and clear errors for what is not one."""
from __future__ import annotations

import copy
import json
import random
import tomllib
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import Path

import pytest

from layout.build import build
from layout.cli import main
from layout.model.model import BlockKind
from layout.model.units import Rect
from layout.output.layout_json import (
    FORMAT,
    SCHEMA_PATH,
    EditionInfo,
    LayoutDoc,
    LayoutFormatError,
    dump_layout,
    layout_json,
)
from layout.output.layout_read import _conforms, _Validator, layout_schema, load_layout
from layout.pages.placed import (
    Cell,
    Decoration,
    DecorKind,
    Fit,
    FitPart,
    Grid,
    LineKind,
    Picture,
    PlacedBlock,
    PlacedEdition,
    PlacedPage,
    SetLine,
)
from layout.review.check import check
from layout.review.contentdiff import diff_layouts
from layout.text.items import GlyphRun
from layout.text.sources import load_fonts

from ..layout.test_compose import MANIFEST

REPO = Path(__file__).resolve().parents[2]


def _line(kind: LineKind, text: str, y: float, **kw) -> SetLine:
    cells = tuple(Cell(ch, 9.0 * i, 9.0) for i, ch in enumerate(text))
    fields = dict(story="main", kind=kind, para=0, char_start=0, char_end=len(text), block="p3-2", column=0,
                  grid_line=0, x=55.49, y=y, width=117.0, indent=0.0, set_width=9.0 * len(text), style="body",
                  role="body", size=9.0, text=text, last=True, max_extra=0.0, cells=cells)
    fields.update(kw)
    return SetLine(**fields)


def _model(picture_path: str = "") -> PlacedEdition:
    """A hand-made page with one of everything, at the file's precision (0.01 pt, sizes to 0.0001)."""
    run = GlyphRun(0, 9.0, (1, 2), (0.0, 9.0), ("这", "一"), "text")
    page = PlacedPage(
        number=3, section="年终特别报道", width=1105.51, height=1547.72, trim=Rect(0.0, 0.0, 1105.51, 1547.72),
        type_area=Rect(55.49, 90.71, 999.0, 1399.5), bleed=0.0,
        grid=Grid(13.5, 98.63, 104, ((55.49, 117.0), (181.49, 117.0)), 9.0),
        palette=(("rule", (0.0, 0.0, 0.0, 1.0)), ("text", (0.0, 0.0, 0.0, 1.0)), ("tint", (0.0, 0.0, 0.0, 0.1))),
        blocks=(PlacedBlock("p3-1", BlockKind.HEADLINE, "main", Rect(55.49, 90.71, 243.0, 103.5), 0, 0, 2, 8),
                PlacedBlock("p3-2", BlockKind.TEXT, "main", Rect(55.49, 198.71, 117.0, 265.5), 0, 8, 1, 20),
                PlacedBlock("p3-3", BlockKind.PHOTO, "p1", Rect(181.49, 198.71, 117.0, 265.5), 1, 8, 1, 20)),
        lines=(_line(LineKind.HEADLINE, "赓续精神", 150.5, block="p3-1", column=-1, grid_line=-1, size=36.0,
                     role="headline", style="headline", runs=(run,)),
               _line(LineKind.NOTE, "编者按：时至", 210.0, char_start=-4, para=-1, size=7.875, runs=(run,)),
               _line(LineKind.BODY, "这一年，", 206.63, last=False, max_extra=0.1234, runs=(run,)),
               _line(LineKind.CAPTION, "现场。　■罗盟　摄", 458.63, story="p1", block="p3-3", column=1)),
        pictures=(Picture("p1", picture_path, Rect(181.49, 198.71, 117.0, 238.5), (0.25, 0.0, 1599.75, 1200.0),
                          (1600, 1200), False, "" if picture_path else "789d22a35cb3ef5d"),),
        decorations=(Decoration(DecorKind.TINT, Rect(55.49, 198.71, 117.0, 265.5), "tint", 0.0, "p3-2"),
                     Decoration(DecorKind.BOX, Rect(55.49, 198.71, 117.0, 265.5), "rule", 0.75, "p3-2"),
                     Decoration(DecorKind.RULE, Rect(55.49, 80.79, 999.0, 0.0), "rule", 1.0),
                     Decoration(DecorKind.MARK, Rect(60.0, 400.0, 50.0, 9.0), "text", 0.5, "p3-2"),
                     Decoration(DecorKind.ANCHOR, Rect(0.0, 0.0, 0.0, 0.0), target="page-3"),
                     Decoration(DecorKind.LINK, Rect(10.0, 10.0, 90.0, 12.0), target="page-3")))
    fits = (Fit("main", FitPart.TEXT, 3, 12, 2, 0, "cut 12 characters"), Fit("p1", FitPart.CAPTION, 3))
    return PlacedEdition((page,), fits)


def _doc(placed: PlacedEdition) -> LayoutDoc:
    info = EditionInfo("ed", "衡阳日报", "2021-12-31", "年终特别报道", "square", 1, "ab" * 32, "ed.pdf")
    return LayoutDoc(FORMAT, info, {"level": "gb", "hang": False, "digit_gap": 0.0},
                     (("body", ("LayoutSquare-Regular (square.ttf)",)),), placed.fits, placed.pages)


def _without_runs(page: PlacedPage) -> PlacedPage:
    return replace(page, lines=tuple(ln._replace(runs=()) for ln in page.lines),
                   pictures=tuple(p._replace(path="") for p in page.pictures))


# -- the round trip ---------------------------------------------------------------------------------

def test_model_to_bytes_to_model_and_the_same_bytes_again():
    placed = _model()
    raw = dump_layout(_doc(placed))
    doc = load_layout(raw)
    assert doc.pages == tuple(_without_runs(p) for p in placed.pages)       # runs are not serialised
    assert doc.fits == placed.fits and doc.edition == _doc(placed).edition
    assert dump_layout(doc) == raw
    ln = doc.pages[0].lines[2]
    assert ln.kind is LineKind.BODY and isinstance(ln.cells[0], Cell) and isinstance(doc.pages[0].trim, Rect)
    assert doc.pages[0].blocks[2].kind is BlockKind.PHOTO and doc.fits[0].part is FitPart.TEXT
    assert doc.pages[0].decorations[0].kind is DecorKind.TINT and doc.pages[0].color("tint") == (0.0, 0.0, 0.0, 0.1)
    assert doc.pages[0].lines[1].size == 7.875 and doc.pages[0].lines[2].max_extra == 0.1234


def test_the_writer_rounds_to_a_hundredth_and_fills_in_the_picture_digest(tmp_path):
    photo = tmp_path / "p1.jpg"
    photo.write_bytes(b"not really a jpeg")
    page = _model(str(photo)).pages[0]
    page = replace(page, type_area=Rect(55.4912345, 90.7149, 999.0, 1399.5),
                   lines=(page.lines[2]._replace(x=55.494999, y=206.6251),))
    raw = dump_layout(_doc(PlacedEdition((page,), ())))
    data = json.loads(raw)
    assert data["pages"][0]["type_area"][:2] == [55.49, 90.71]
    assert data["pages"][0]["lines"][0]["x"] == 55.49 and data["pages"][0]["lines"][0]["y"] == 206.63
    assert len(data["pages"][0]["images"][0]["sha"]) == 16
    assert raw == dump_layout(_doc(PlacedEdition((page,), ())))              # the same model, the same bytes
    assert b'": ' not in raw and list(data) == sorted(data)                   # compact, sorted keys


def test_a_build_round_trips(edition_factory, tmp_path):
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "out"))
    raw = res.json.read_bytes()
    doc = load_layout(res.json)
    assert doc.source == str(res.json) and doc.edition.pdf == res.pdf.name and doc.format == FORMAT
    assert dump_layout(doc) == raw
    assert layout_json(res.edition, res.composed, load_fonts(res.edition), res.pdf.name) == raw
    assert doc.fits == res.composed.fits
    for mine, theirs in zip(doc.pages, res.composed.pages, strict=True):
        assert [(ln.kind, ln.story, ln.para, ln.text) for ln in mine.lines] == \
               [(ln.kind, ln.story, ln.para, ln.text) for ln in theirs.lines]
        assert [ln.cells for ln in mine.lines] == [tuple(Cell(t, round(x, 2), round(w, 2)) for t, x, w in ln.cells)
                                                   for ln in theirs.lines]
        assert [b._replace(rect=None) for b in mine.blocks] == [b._replace(rect=None) for b in theirs.blocks]
        assert [d._replace(rect=None) for d in mine.decorations] == [d._replace(rect=None) for d in theirs.decorations]
        assert dict(mine.palette) == dict(theirs.palette)
        assert [p.ref for p in mine.pictures] == [p.ref for p in theirs.pictures] and all(p.sha for p in mine.pictures)
    assert load_layout(res.json.parent) == doc                            # a folder holding one reads the same


def test_check_and_diff_take_a_doc_a_dict_a_path_or_bytes(edition_factory, tmp_path):
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "out"))
    doc = load_layout(res.json)
    reports = [check(x) for x in (doc, json.loads(res.json.read_bytes()), res.json, str(res.json),
                                  res.json.read_bytes())]
    assert all(r.as_dict() == reports[0].as_dict() for r in reports) and reports[0].lines > 20
    assert diff_layouts(doc, res.json) == []


# -- what is not a layout.json/2 ------------------------------------------------------------------

@pytest.fixture(scope="module")
def good() -> dict:
    return json.loads(dump_layout(_doc(_model())))


@pytest.mark.parametrize("data, says", [
    ([1, 2], "this is not a layout.json: the file holds a list"),
    ("layout", "this is not a layout.json: the file holds a string"),
    ({"pages": []}, "this is not a layout.json: it names no format (keys: pages)"),
    ({"format": "layout.json/1", "pages": []}, "format 'layout.json/1' is from an older version of layout"),
    ({"format": "layout.json/3"}, "format 'layout.json/3' is not one this version of layout reads"),
    ({"format": "something/1"}, "this is not a layout.json: format 'something/1'"),
    ({"format": FORMAT}, "$: missing required key 'edition'"),
])
def test_wrong_shapes_and_formats_are_named(tmp_path, data, says):
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LayoutFormatError) as exc:
        load_layout(path)
    assert str(exc.value).startswith(f"{path}: ") and says in str(exc.value)
    assert isinstance(exc.value, ValueError)
    if "older" in says:
        assert exc.value.found == "layout.json/1" and "rebuild it with `layout build`" in str(exc.value)


def test_not_json_and_missing_files(tmp_path):
    bad = tmp_path / "layout.json"
    bad.write_bytes(b"{\"format\": ")
    with pytest.raises(LayoutFormatError, match="not JSON"):
        load_layout(bad)
    with pytest.raises(LayoutFormatError, match="not JSON"):
        load_layout(b"\xff\xfe")
    with pytest.raises(FileNotFoundError, match="no layout.json here"):
        load_layout(tmp_path / "nowhere" / "layout.json")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="empty/layout.json: no layout.json here"):
        load_layout(tmp_path / "empty")


def test_schema_errors_name_the_json_path(good):
    d = copy.deepcopy(good)
    d["pages"][0]["lines"][2]["kind"] = "bodytext"
    d["pages"][0]["blocks"][0]["rect"] = [1, 2, 3]
    del d["pages"][0]["palette"]
    with pytest.raises(LayoutFormatError) as exc:
        load_layout(d)
    msg = str(exc.value)
    assert "$.pages[0].lines[2].kind: expected one of body, byline" in msg and "(did you mean 'body'?)" in msg
    assert "$.pages[0].blocks[0].rect: needs at least 4 item(s)" in msg
    assert "$.pages[0]: missing required key 'palette'" in msg
    d = copy.deepcopy(good)
    for ln in d["pages"][0]["lines"]:
        ln["cells"] = "none"
    msg = str(pytest.raises(LayoutFormatError, load_layout, d).value)
    assert msg.count("expected array") == 4 and "more)" not in msg             # four lines, four problems
    d["pages"][0]["lines"] *= 2
    msg = str(pytest.raises(LayoutFormatError, load_layout, d).value)
    assert msg.count("expected array") == 5 and "(and 3 more)" in msg         # the first five, then a count


def test_the_fast_check_agrees_with_the_validator(good):
    """Schema violations of every kind, found (or not) alike by the compiled check and the validator."""
    rng = random.Random(7)
    paths: list[tuple] = []

    def walk(value, path):
        paths.append(path)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value[:3]):
                walk(v, path + (i,))
    walk(good, ())
    replacements = [None, True, -1, 0.5, 7, "", "x", [], [1], {}, {"a": 1}, [["a", 1, 2]]]
    agreed = failures = 0
    for path in paths[1:]:
        for new in rng.sample(replacements, 4) + ["drop"]:
            d = copy.deepcopy(good)
            parent = d
            for k in path[:-1]:
                parent = parent[k]
            if new == "drop":
                del parent[path[-1]]
            else:
                parent[path[-1]] = new
            fast = _conforms()(d)
            slow = not _Validator(layout_schema(), "x").run(d, None)
            assert fast == slow, (path, new)
            agreed += 1
            failures += not fast
    assert agreed > 500 and failures > agreed // 2
    assert _conforms()(good)


# -- the schema ----------------------------------------------------------------------------------

def test_schema_kinds_are_the_enums_and_every_field_is_described():
    schema = layout_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format"]["const"] == FORMAT
    defs = schema["$defs"]
    assert defs["line"]["properties"]["kind"]["enum"] == [k.value for k in LineKind]
    assert defs["block"]["properties"]["kind"]["enum"] == [k.value for k in BlockKind]
    assert defs["fit"]["properties"]["part"]["enum"] == [k.value for k in FitPart]
    assert defs["decoration"]["properties"]["kind"]["enum"] == [k.value for k in DecorKind]
    undescribed = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                target = defs[sub["$ref"].rsplit("/", 1)[1]] if "$ref" in sub else sub
                if not (sub.get("description") or target.get("description")):
                    undescribed.append(f"{path}.{key}")
            for key, sub in node.items():
                walk(sub, f"{path}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{path}[{i}]")
    walk(schema, "$")
    assert not undescribed


def test_schema_covers_the_model():
    """Every field of the model is in the file (under its file name), and nothing else is."""
    defs = layout_schema()["$defs"]
    renamed = {"width": "size", "height": "size", "pictures": "images"}
    page = {renamed.get(f, f) for f in PlacedPage.__dataclass_fields__}
    assert page == set(defs["page"]["properties"]) == set(defs["page"]["required"])
    line = {"chars" if f in ("char_start", "char_end") else f for f in SetLine._fields if f != "runs"}
    assert line == set(defs["line"]["properties"]) == set(defs["line"]["required"])
    assert set(PlacedBlock._fields) == set(defs["block"]["properties"])
    assert set(Fit._fields) == set(defs["fit"]["properties"])
    assert set(Decoration._fields) == set(defs["decoration"]["properties"])
    assert set(Picture._fields) - {"path"} == set(defs["image"]["properties"])
    assert set(Grid.__dataclass_fields__) == set(defs["grid"]["properties"])
    assert set(EditionInfo.__dataclass_fields__) == set(defs["edition"]["properties"])


def test_schema_ships_with_the_package():
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"]["layout"]
    rel = SCHEMA_PATH.relative_to(REPO / "src" / "layout").as_posix()
    assert SCHEMA_PATH.is_file() and any(fnmatch(rel, g) for g in globs)


# -- the command line -----------------------------------------------------------------------------

@pytest.mark.parametrize("content, says", [
    ("[1, 2, 3]", "the file holds a list"),
    ('{"format": "layout.json/2", "edition": {}}', "missing required key"),
    ('{"edition": {"id": "x"}}', "it names no format"),
    ('{"format": "layout.json/1", "pages": []}', "rebuild it with `layout build`"),
    ("{not json", "not JSON"),
])
def test_layout_check_on_a_wrong_file_is_a_message_and_exit_2(tmp_path, capsys, content, says):
    path = tmp_path / "layout.json"
    path.write_text(content, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert main(["check", str(tmp_path)]) == 2                                # the folder holding it
    out = capsys.readouterr()
    assert out.err.startswith(f"error: {path}: ") and says in out.err and "Traceback" not in out.err + out.out


def test_layout_check_without_a_file_is_exit_1(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 1
    assert "no layout.json here" in capsys.readouterr().err


def test_layout_diff_of_an_old_layout_json_says_rebuild(edition_factory, tmp_path, capsys):
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})
    res = build(str(folder), str(tmp_path / "new"))
    old = tmp_path / "old"
    old.mkdir()
    data = json.loads(res.json.read_bytes())
    data["format"] = "layout.json/1"
    (old / "layout.json").write_text(json.dumps(data), encoding="utf-8")
    (old / res.pdf.name).write_bytes(res.pdf.read_bytes())
    assert main(["diff", str(old), str(res.json.parent), "--no-visual"]) == 2
    err = capsys.readouterr().err
    assert "format 'layout.json/1' is from an older version" in err and "compare the PDFs" in err
    assert "Traceback" not in err
