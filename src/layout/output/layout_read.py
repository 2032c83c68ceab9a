"""layout.json read back: the one reader of the file (`load_layout`), as frozen typed objects (the classes of
`pages/placed.py`). It checks the format first, then the schema (layout.schema.json, compiled once into a checker),
then the document's own consistency, and says what is wrong and what to do. The writer and the document's model are
in layout_json.py.
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..model.model import BlockKind
from ..model.units import Rect
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
    PlacedPage,
    SetLine,
)
from .layout_json import FORMAT, MAX_PROBLEMS, OLD_FORMATS, SCHEMA_PATH, EditionInfo, LayoutDoc, LayoutFormatError

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
