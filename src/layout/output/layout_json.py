"""layout.json: the placed-page model as a file, and the one reader of it.

The contract that `layout check`, tests, proofs and diffs read: per page its geometry,
grid, palette, blocks, pictures, decorations and every set line with where it came from;
and the fit report. `layout.schema.json` beside this module describes every field.
Sorted keys, compact, 0.01 pt, so the same model gives the same bytes.

`load_layout` reads it back as frozen typed objects (the classes of `pages/placed.py`): it
checks the format first, then the schema, and says what is wrong and what to do.
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from ..filedigest import digest
from ..model.model import BlockKind, Edition
from ..model.units import Rect, r2
from ..model.validate import Validator
from ..pages.pagerules import PageLimits
from ..pages.placed import (
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
from ..text.fonts import FontSet

FORMAT = "layout.json/2"
OLD_FORMATS = ("layout.json/1",)
SCHEMA_PATH = Path(__file__).with_name("layout.schema.json")
MAX_PROBLEMS = 5                 # schema problems named in a LayoutFormatError

__all__ = ["FORMAT", "SCHEMA_PATH", "LayoutFormatError", "EditionInfo", "LayoutDoc", "layout_json", "layout_doc",
           "dump_layout", "load_layout", "layout_schema"]


class LayoutFormatError(ValueError):
    """A file that is not a layout.json this version reads: a foreign or old format, or the wrong shape."""

    def __init__(self, source: str, message: str, found: str | None = None):
        self.source = source
        self.found = found                 # the format the file names (None: none)
        self.message = message
        super().__init__(f"{source}: {message}")


@dataclass(frozen=True)
class EditionInfo:
    """Which edition a layout.json is of, and the PDF written beside it."""
    id: str
    paper: str
    date: str
    title: str
    template: str
    style_version: int
    content_hash: str
    pdf: str


@dataclass(frozen=True)
class LayoutDoc:
    """A layout.json read back: the placed pages (set lines without glyph runs, pictures without
    their file path), the fit report and what the edition was built with."""
    format: str
    edition: EditionInfo
    composition: dict[str, Any]
    fonts: tuple[tuple[str, tuple[str, ...]], ...]     # (role, faces), by role
    fits: tuple[Fit, ...]
    pages: tuple[PlacedPage, ...]
    source: str = field(default="", compare=False)     # where it was read from, for messages
    limits: tuple[tuple[int, PageLimits], ...] = ()    # (page number, its template's page-rule limits)

    def page(self, number: int) -> PlacedPage:
        for p in self.pages:
            if p.number == number:
                return p
        raise KeyError(f"{self.source or 'layout.json'}: no page {number}")

    def page_limits(self, number: int) -> PageLimits:
        """What the page rules (26–35) judge page `number` by: its template's limits, the defaults for a
        file that does not record them."""
        return next((lim for n, lim in self.limits if n == number), PageLimits())

    def lines(self) -> Iterator[tuple[PlacedPage, SetLine]]:
        """Every set line of the edition with its page, in page order."""
        for p in self.pages:
            for ln in p.lines:
                yield p, ln


# -- writing ------------------------------------------------------------------------------------

def _sha(path: str) -> str:
    """Which picture this is, so a diff can tell a replaced photo from a moved one (its content digest, which
    follows the file's size and mtime, so a long-lived process — the desk — sees a photo replaced under the
    same name)."""
    return digest(path)[:16]


def layout_doc(ed: Edition, placed: PlacedEdition, fonts: FontSet, pdf_name: str) -> LayoutDoc:
    """The document a build writes: the placed model with the edition's facts, pictures with their digest."""
    info = EditionInfo(ed.id, ed.paper, ed.date, ed.title, ed.template.name, ed.style_version, ed.content_hash,
                       pdf_name)
    composition = {k: v for k, v in ed.composition.__dict__.items() if k != "costs"}
    faces = tuple((role, tuple(names)) for role, names in sorted(fonts.describe().items()))
    pages = tuple(_with_digests(p) for p in placed.pages)
    limits = tuple((spec.number, PageLimits.of(spec.template or ed.template)) for spec in ed.pages)
    return LayoutDoc(FORMAT, info, composition, faces, tuple(placed.fits), pages, limits=limits)


def _with_digests(page: PlacedPage) -> PlacedPage:
    if all(pic.sha for pic in page.pictures):
        return page
    return replace(page, pictures=tuple(pic if pic.sha else pic._replace(sha=_sha(pic.path)) for pic in page.pictures))


PageDicts = dict[int, tuple[PlacedPage, tuple[str, ...], str]]
"""id(placed page) → (that page, its pictures' digests, its layout.json entry as JSON text): a Rebuilder's memo,
or the pages a parallel build wrote out in its workers (output/parallel.py)."""


def layout_json(ed: Edition, placed: PlacedEdition, fonts: FontSet, pdf_name: str,
                memo: PageDicts | None = None) -> bytes:
    """The layout.json of a placed edition: the same model gives the same bytes. With `memo`, a page seen
    before (the same object, its photos the same files) reuses its entry."""
    doc = layout_doc(ed, placed, fonts, pdf_name)
    if memo is None:
        return dump_layout(doc)
    texts = []
    for old, page in zip(placed.pages, doc.pages, strict=True):
        shas = tuple(pic.sha for pic in page.pictures)
        got = memo.get(id(old))
        if got is None or got[0] is not old or got[1] != shas:
            got = memo[id(old)] = (old, shas, page_json(page))
        texts.append(got[2])
    return dump_layout(doc, texts)


def page_json(page: PlacedPage) -> str:
    """One page's entry as JSON text, exactly as it stands inside the whole file (sorted keys, compact)."""
    return _dumps(_page_dict(page)).decode("utf-8")


def _dumps(data: Any) -> bytes:
    """What json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) writes, UTF-8, made by
    orjson in a tenth of the time (3 MB for 32 pages: 0.05 s). orjson writes a float below 1e-4 and NaN or
    Infinity otherwise (0.00005, 1e-6, null) and refuses an integer beyond 64 bits or a key that is no text:
    where its output could hold one of those (or text that looks like it), json writes the file."""
    try:
        out = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    except TypeError:                                   # orjson.JSONEncodeError is one
        out = b"0.0000"
    if b"0.0000" in out or b"null" in out or _exponent(out):
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return out


def _exponent(out: bytes) -> bool:
    """Does a digit, e-, a digit stand anywhere (a float as orjson writes one below 1e-5)? Found by searching
    for e- (font names hold it: LayoutSquare-Regular), not by a regular expression over every digit."""
    i = out.find(b"e-")
    while i != -1:
        if out[i - 1:i].isdigit() and out[i + 2:i + 3].isdigit():
            return True
        i = out.find(b"e-", i + 2)
    return False


def dump_layout(doc: LayoutDoc, pages: list[str] | None = None) -> bytes:
    """The bytes of a layout.json: sorted keys, compact, lengths to 0.01 pt. (`pages`: the entries of
    doc.pages as page_json wrote them, spliced in where json.dumps would have written them: the same bytes.)"""
    data = {
        "format": FORMAT,
        "edition": asdict(doc.edition),
        "composition": doc.composition,
        "fonts": {role: list(names) for role, names in doc.fonts},
        "fits": [_fit_dict(f) for f in doc.fits],
        "pages": _SPLICE if pages is not None else [_page_dict(p) for p in doc.pages],
    }
    if doc.limits:
        data["limits"] = [{"page": n, **asdict(lim)} for n, lim in doc.limits]
    if pages is None:
        return _dumps(data)
    text = _dumps(data).decode("utf-8")
    marker = json.dumps(_SPLICE)             # no text can write it: a NUL is refused, a backslash doubled
    assert text.count(marker) == 1
    return text.replace(marker, "[" + ",".join(pages) + "]").encode("utf-8")


_SPLICE = "\u0000pages\u0000"


def _rect(r: Rect) -> list[float]:
    return [r2(r.x), r2(r.y), r2(r.w), r2(r.h)]


def _em(v: float) -> float:
    """Sizes and em fractions keep four places (7.875 pt is 六号)."""
    return round(v + 0.0, 4)


def _page_dict(page: PlacedPage) -> dict[str, Any]:
    g = page.grid
    r2s, ems = _Rounded(2), _Rounded(4)     # one per page: a long-lived process keeps none
    return {
        "number": page.number,
        "section": page.section,
        "size": [r2(page.width), r2(page.height)],
        "trim": _rect(page.trim),
        "bleed": r2(page.bleed),
        "type_area": _rect(page.type_area),
        "grid": {"pitch": r2(g.pitch), "first_baseline": r2(g.first_baseline), "lines": g.lines,
                 "body_size": _em(g.body_size), "columns": [[r2(x), r2(w)] for x, w in g.columns]},
        "palette": {name: [_em(v) for v in cmyk] for name, cmyk in page.palette},
        "blocks": [{"id": b.id, "kind": b.kind.value, "ref": b.ref, "rect": _rect(b.rect), "column": b.column,
                    "line": b.line, "span": b.span, "lines": b.lines} for b in page.blocks],
        "images": [{"ref": pic.ref, "frame": _rect(pic.frame), "crop": [r2(v) for v in pic.crop],
                    "pixels": [int(v) for v in pic.pixels], "bleed": bool(pic.bleed), "sha": pic.sha or _sha(pic.path)}
                   for pic in page.pictures],
        "lines": [_line_dict(ln, r2s, ems) for ln in page.lines],
        "decorations": [{"kind": d.kind.value, "rect": _rect(d.rect), "color": d.color, "width": r2(d.width),
                         "block": d.block, "target": d.target} for d in page.decorations],
    }


class _Rounded(dict):
    """Lengths to 0.01 pt as r2 makes them (no -0.0), or sizes to 4 places as _em, each distinct value rounded
    once: a page's cells repeat few values (a column of 9 pt characters), and round() was a third of writing
    layout.json."""

    def __init__(self, places: int = 2):
        super().__init__()
        self.places = places

    def __missing__(self, v: float) -> float:
        r = self[v] = round(v + 0.0, self.places)
        return r


def _line_dict(ln: SetLine, r2s: _Rounded, ems: _Rounded) -> dict[str, Any]:
    """A set line's entry (the hottest loop of writing layout.json; _value_ is the kind's value without the
    enum's property)."""
    return {
        "story": ln.story, "kind": ln.kind._value_, "para": ln.para, "chars": [ln.char_start, ln.char_end],
        "block": ln.block, "column": ln.column, "grid_line": ln.grid_line, "x": r2s[ln.x], "y": r2s[ln.y],
        "width": r2s[ln.width], "indent": r2s[ln.indent], "set_width": r2s[ln.set_width], "style": ln.style,
        "role": ln.role, "size": ems[ln.size], "text": ln.text, "last": bool(ln.last),
        "max_extra": ems[ln.max_extra], "cells": [[t, r2s[x], r2s[w]] for t, x, w in ln.cells],
    }


def _fit_dict(f: Fit) -> dict[str, Any]:
    return {"ref": f.ref, "part": FitPart(f.part).value, "page": f.page, "overset_chars": f.overset_chars,
            "overset_lines": f.overset_lines, "underset_lines": f.underset_lines, "hint": f.hint}


# -- reading ------------------------------------------------------------------------------------

@cache
def layout_schema() -> dict:
    """The JSON Schema (draft 2020-12) of layout.json/2."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class _Validator(Validator):
    """The manifest validator, plus the keywords layout.schema.json uses beyond it (tuples as
    prefixItems, exclusiveMinimum). Paths read as JSON paths: $.pages[0].lines[3].kind."""

    def _array(self, schema: dict, value: list, node, path: str) -> None:
        super()._array(schema, value, node, path)
        for i, (sub, item) in enumerate(zip(schema.get("prefixItems", ()), value, strict=False)):
            self._check(sub, item, node, f"{path}[{i}]")

    def _number(self, schema: dict, value: float, node, path: str) -> None:
        super()._number(schema, value, node, path)
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            self._report(node, path, f"must be more than {schema['exclusiveMinimum']}, got {value}")


_KNOWN = {"const", "enum", "type", "minimum", "maximum", "exclusiveMinimum", "minLength", "properties", "required",
          "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "anyOf", "oneOf", "description",
          "title", "$schema", "$id", "$defs", "$ref"}
_TYPE_TESTS = {"object": "isinstance({v}, dict)", "array": "isinstance({v}, list)", "string": "isinstance({v}, str)",
               "boolean": "isinstance({v}, bool)", "null": "{v} is None",
               "integer": "(isinstance({v}, int) and not isinstance({v}, bool))",
               "number": "(isinstance({v}, (int, float)) and not isinstance({v}, bool))"}


class _Compiler:
    """The schema as Python: one yes/no function per $def, the rest inlined. A layout.json of 32
    pages holds some 100,000 cells; this checks it ten times faster than walking the schema.
    Only when it says no does the validator walk the file for the messages."""

    def __init__(self, root: dict):
        self.root = root
        self.consts: dict[str, Any] = {}
        self.funcs: list[str] = []
        self.done: set[str] = set()
        self.n = 0

    def const(self, value: Any) -> str:
        name = f"K{len(self.consts)}"
        self.consts[name] = value
        return name

    def var(self) -> str:
        self.n += 1
        return f"x{self.n}"

    def function(self, name: str, schema: dict) -> None:
        if name in self.done:
            return
        self.done.add(name)
        body = self.emit(schema, "v", 1)
        self.funcs.append(f"def {name}(v):\n" + "".join(body) + "    return True\n")

    def emit(self, schema: dict, v: str, depth: int) -> list[str]:
        pad = "    " * depth
        out: list[str] = []
        unknown = set(schema) - _KNOWN
        if unknown:
            raise NotImplementedError(f"layout.schema.json uses {sorted(unknown)}, which the reader does not check")
        if "$ref" in schema:
            pointer = schema["$ref"].partition("#")[2]
            name = "d_" + pointer.strip("/").split("/")[-1]
            target: Any = self.root
            for part in pointer.strip("/").split("/"):
                target = target[part]
            self.function(name, target)
            out.append(f"{pad}if not {name}({v}): return False\n")
        for key in ("anyOf", "oneOf"):
            if key in schema:
                names: list[str] = []
                for option in schema[key]:
                    names.append(f"a{len(self.funcs)}_{len(names)}_{self.var()}")
                    self.function(names[-1], option)
                out.append(f"{pad}if not ({' or '.join(f'{n}({v})' for n in names)}): return False\n")
        if "const" in schema:
            out.append(f"{pad}if {v} != {self.const(schema['const'])}: return False\n")
        if "enum" in schema:
            out.append(f"{pad}if {v} not in {self.const(tuple(schema['enum']))}: return False\n")
        if "type" in schema:
            kinds = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
            out.append(f"{pad}if not ({' or '.join(_TYPE_TESTS[k].format(v=v) for k in kinds)}): return False\n")
        number = _TYPE_TESTS["number"].format(v=v)
        for key, op in (("minimum", "<"), ("maximum", ">"), ("exclusiveMinimum", "<=")):
            if key in schema:
                out.append(f"{pad}if {number} and {v} {op} {schema[key]!r}: return False\n")
        if "minLength" in schema:
            out.append(f"{pad}if isinstance({v}, str) and len({v}) < {schema['minLength']}: return False\n")
        if any(k in schema for k in ("properties", "required", "additionalProperties")):
            out.append(f"{pad}if isinstance({v}, dict):\n")
            inner = pad + "    "
            for key in schema.get("required", ()):
                out.append(f"{inner}if {key!r} not in {v}: return False\n")
            props = schema.get("properties", {})
            for key, sub in props.items():
                x = self.var()
                out.append(f"{inner}{x} = {v}.get({key!r}, MISSING)\n{inner}if {x} is not MISSING:\n")
                out += self.emit(sub, x, depth + 2) or [f"{inner}    pass\n"]
            extra = schema.get("additionalProperties", True)
            if extra is not True:
                k, x = self.var(), self.var()
                out.append(f"{inner}for {k}, {x} in {v}.items():\n"
                           f"{inner}    if {k} not in {self.const(frozenset(props))}:\n")
                out += [f"{inner}        return False\n"] if extra is False else \
                    (self.emit(extra, x, depth + 3) or [f"{inner}        pass\n"])
        if any(k in schema for k in ("items", "prefixItems", "minItems", "maxItems")):
            out.append(f"{pad}if isinstance({v}, list):\n")
            inner = pad + "    "
            if "minItems" in schema:
                out.append(f"{inner}if len({v}) < {schema['minItems']}: return False\n")
            if "maxItems" in schema:
                out.append(f"{inner}if len({v}) > {schema['maxItems']}: return False\n")
            prefix = schema.get("prefixItems", [])
            for i, sub in enumerate(prefix):
                x = self.var()
                out.append(f"{inner}if len({v}) > {i}:\n{inner}    {x} = {v}[{i}]\n")
                out += self.emit(sub, x, depth + 2)
            if isinstance(schema.get("items"), dict):
                x = self.var()
                out.append(f"{inner}for {x} in {v}[{len(prefix)}:] if {len(prefix)} else {v}:\n")
                out += self.emit(schema["items"], x, depth + 2) or [f"{inner}    pass\n"]
            elif schema.get("items") is False and not ("maxItems" in schema and schema["maxItems"] <= len(prefix)):
                out.append(f"{inner}if len({v}) > {len(prefix)}: return False\n")
        return out


@cache
def _conforms() -> Any:
    """Does a parsed layout.json follow layout.schema.json? Yes or no, fast."""
    c = _Compiler(layout_schema())
    c.function("conforms", layout_schema())
    scope: dict[str, Any] = {"MISSING": object(), **c.consts}
    exec("\n".join(c.funcs), scope)                      # noqa: S102 — code generated from our own schema
    return scope["conforms"]


def load_layout(source: str | os.PathLike | bytes | Mapping[str, Any]) -> LayoutDoc:
    """Read a layout.json: a path (the file, or a folder holding one), its bytes, or the parsed dict.

    Raises FileNotFoundError when there is no file, LayoutFormatError (a ValueError) when it is
    not JSON, not a layout.json, an old or newer format, or does not follow the schema."""
    name, data = _read(source)
    _check_format(name, data)
    if not _conforms()(data):
        problems = _Validator(layout_schema(), name).run(data, None)
        listed = "; ".join(f"$.{p.path}: {p.message}" if p.path else f"$: {p.message}"
                           for p in problems[:MAX_PROBLEMS]) or "$: wrong shape"
        more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
        raise LayoutFormatError(name, f"does not follow the {FORMAT} schema: {listed}{more}; rebuild it with "
                                      "`layout build`", data.get("format"))
    odd = _inconsistent(data)
    if odd:
        raise LayoutFormatError(name, f"{odd}: not what `layout build` writes; rebuild it with `layout build`",
                                data.get("format"))
    return _doc(data, name)


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is no number JSON allows")


def _inconsistent(data: Mapping[str, Any]) -> str | None:
    """What the schema cannot say about each page's grid, which check and diff compute with: finite numbers in a
    sheet's reach (a pitch and body size above 0, under 10⁶ pt) and every line's column one of the grid's. The
    first problem found, as a JSON path. (NaN and Infinity anywhere are refused when the JSON is read.)"""
    for i, page in enumerate(data["pages"]):
        grid = page["grid"]
        for key in ("pitch", "body_size", "first_baseline"):
            v = grid[key]
            if not (math.isfinite(v) and abs(v) < 1e6 and (v > 0 or key == "first_baseline")):
                return f"$.pages[{i}].grid.{key} = {v!r}"
        bad = next((k for k, ln in enumerate(page["lines"]) if ln["column"] >= len(grid["columns"])), None)
        if bad is not None:
            return f"$.pages[{i}].lines[{bad}].column: no such column in the page's grid"
    return None


def _read(source: Any) -> tuple[str, Any]:
    if isinstance(source, Mapping):
        return "layout.json", source if isinstance(source, dict) else dict(source)
    if isinstance(source, (bytes, bytearray)):
        name, raw = "layout.json", bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        path = path / "layout.json" if path.is_dir() else path
        name = str(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: no layout.json here; build the edition first "
                                    "(layout build EDITION)") from None
        except OSError as exc:
            raise LayoutFormatError(name, f"cannot be read ({exc.strerror or exc})") from None
    else:
        raise TypeError(f"load_layout reads a path, bytes or a dict, not {type(source).__name__}")
    try:
        return name, json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise LayoutFormatError(name, f"this is not a layout.json: not JSON ({exc})") from None


def _check_format(name: str, data: Any) -> None:
    if not isinstance(data, Mapping):
        kind = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false",
                type(None): "null"}.get(type(data), type(data).__name__)
        raise LayoutFormatError(name, f"this is not a layout.json: the file holds {kind}, not an object "
                                      f"with \"format\": \"{FORMAT}\"")
    found = data.get("format")
    if found == FORMAT:
        return
    if found is None:
        keys = ", ".join(sorted(map(str, data))[:8]) or "none"
        raise LayoutFormatError(name, f"this is not a layout.json: it names no format (keys: {keys}); "
                                      f"expected \"format\": \"{FORMAT}\"")
    if found in OLD_FORMATS:
        raise LayoutFormatError(name, f"format {found!r} is from an older version of layout (this one reads "
                                      f"{FORMAT}); rebuild it with `layout build` (or `layout proof`)", found)
    if isinstance(found, str) and found.startswith("layout.json/"):
        raise LayoutFormatError(name, f"format {found!r} is not one this version of layout reads ({FORMAT}); "
                                      "rebuild it with this version's `layout build`", found)
    raise LayoutFormatError(name, f"this is not a layout.json: format {found!r}, expected {FORMAT!r}",
                            found if isinstance(found, str) else None)


def _r(v: list) -> Rect:
    return Rect(v[0], v[1], v[2], v[3])


def _doc(data: Mapping[str, Any], name: str) -> LayoutDoc:
    e = data["edition"]
    info = EditionInfo(e["id"], e["paper"], e["date"], e["title"], e["template"], e["style_version"],
                       e["content_hash"], e["pdf"])
    fits = tuple(Fit(f["ref"], FitPart(f["part"]), f["page"], f["overset_chars"], f["overset_lines"],
                     f["underset_lines"], f["hint"]) for f in data["fits"])
    fonts = tuple((role, tuple(names)) for role, names in sorted(data["fonts"].items()))
    limits = tuple((lim["page"], PageLimits(lim["min_ppi"], lim["warn_ppi"], lim["max_crop"], lim["min_column_lines"],
                                            lim["wrap_gap"])) for lim in data.get("limits", ()))
    return LayoutDoc(data["format"], info, dict(data["composition"]), fonts, fits,
                     tuple(_page(p) for p in data["pages"]), name, limits)


def _page(p: Mapping[str, Any]) -> PlacedPage:
    g = p["grid"]
    return PlacedPage(
        number=p["number"], section=p["section"], width=p["size"][0], height=p["size"][1], trim=_r(p["trim"]),
        type_area=_r(p["type_area"]), bleed=p["bleed"],
        grid=Grid(g["pitch"], g["first_baseline"], g["lines"], tuple((c[0], c[1]) for c in g["columns"]),
                  g["body_size"]),
        palette=tuple((k, tuple(v)) for k, v in sorted(p["palette"].items())),
        blocks=tuple(PlacedBlock(b["id"], BlockKind(b["kind"]), b["ref"], _r(b["rect"]), b["column"], b["line"],
                                 b["span"], b["lines"]) for b in p["blocks"]),
        lines=tuple(_line(ln) for ln in p["lines"]),
        pictures=tuple(Picture(im["ref"], "", _r(im["frame"]), tuple(im["crop"]), tuple(im["pixels"]), im["bleed"],
                               im["sha"]) for im in p["images"]),
        decorations=tuple(Decoration(DecorKind(d["kind"]), _r(d["rect"]), d["color"], d["width"], d["block"],
                                     d["target"]) for d in p["decorations"]))


def _line(ln: Mapping[str, Any]) -> SetLine:
    start, end = ln["chars"]
    return SetLine(ln["story"], LineKind(ln["kind"]), ln["para"], start, end, ln["block"], ln["column"],
                   ln["grid_line"], ln["x"], ln["y"], ln["width"], ln["indent"], ln["set_width"], ln["style"],
                   ln["role"], ln["size"], ln["text"], ln["last"], ln["max_extra"],
                   tuple(Cell(c[0], c[1], c[2]) for c in ln["cells"]))
