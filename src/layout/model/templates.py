"""Templates: a template's YAML (a built-in name or a file, merged over what it `extends`) → Template, checked.

Kept per process by name and folder while the chain's files are unchanged (a long-lived `layout serve` reads a
saved template again). Every mistake is a ManifestError naming file, line and key.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from ..textfile import read_text
from .model import Where
from .style import Composition, Decor, Grid, Makeup, Output, Template, TextStyle
from .units import parse_length, parse_size
from .validate import ManifestError, Problem, node_at, parse_yaml, validate

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def _template_data(name: str, base: Path, where: Where, seen: tuple = ()) -> tuple[dict, str, tuple[str, ...]]:
    """A template's data merged over what it extends, the chain's text, and the chain's files."""
    candidates = [base / name, TEMPLATE_DIR / f"{name}.yaml", TEMPLATE_DIR / name]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        known = sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml"))
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ManifestError([Problem(where.file, where.line, where.key,
                                     f"no template {name!r}{hint}; built in: {', '.join(known)}, "
                                     "or give a path to a YAML file")])
    real = str(path.resolve())
    if real in seen:
        chain = " → ".join([*seen[seen.index(real):], real])
        raise ManifestError([Problem(where.file, where.line, where.key,
                                     f"templates extend each other in a circle: {chain}; one of them must extend a "
                                     "built-in template (broadsheet, tabloid) or none")])
    if len(seen) >= 16:
        raise ManifestError([Problem(where.file, where.line, where.key, "more than 16 templates extend each other "
                                                                        "in a chain")])
    text = read_text(path, "template").text
    data, node = parse_yaml(text, str(path))
    if not isinstance(data, dict):
        raise ManifestError([Problem(str(path), 1, "", "a template is a mapping of keys (name, trim, grid, …)")])
    if isinstance(data.get("extends"), str):
        ext = node_at(node, ["extends"])
        parent, parent_text, files = _template_data(data["extends"], path.parent,
                                                    Where(str(path), ext.start_mark.line + 1 if ext else 1,
                                                          "extends"), seen + (real,))
        data = _merge(parent, data)
        text = parent_text + text
    else:
        files = ()
    validate(data, node, "template.schema.json", str(path))
    return data, text, (real, *files)


def _merge(parent: dict, child: dict) -> dict:
    out = dict(parent)
    for k, v in child.items():
        out[k] = _merge(parent[k], v) if isinstance(v, dict) and isinstance(parent.get(k), dict) else v
    return out


_TEMPLATES: dict[tuple[str, str], tuple[tuple, Template]] = {}


def _stamp(files: tuple[str, ...]) -> tuple:
    """Each file of a template's chain with its modification time and size: a cached template is used only while
    this is unchanged (a long-lived process — `layout serve` — sees a saved template; a broken one is refused)."""
    out = []
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            return ()
        out.append((f, st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_template(name: str, base: Path, where: Where) -> Template:
    key = (name, str(base))
    cached = _TEMPLATES.get(key)
    if cached is not None and cached[0] and _stamp(tuple(f for f, _, _ in cached[0])) == cached[0]:
        return cached[1]
    data, _, files = _template_data(name, base, where)
    try:
        tpl = _build_template(data)
    except ValueError as exc:
        raise ManifestError([Problem(files[0], 0, "", f"template {data['name']!r}: {exc}")]) from None
    problems = _template_problems(tpl, where)
    if problems:
        raise ManifestError(problems)
    _TEMPLATES[key] = (_stamp(files), tpl)
    return tpl


def _build_template(data: dict) -> Template:
    """Schema-checked template data → Template; a length or size that does not parse is a ValueError naming
    its key (load_template makes it a ManifestError)."""
    def size(v: Any, key: str) -> float:
        got = _parse(parse_size, v, key)
        if not got > 0:
            raise ValueError(f"{key}: a type size must be above 0, got {v!r}")
        return got

    def length(v: Any, key: str) -> float:
        return _parse(parse_length, v, key)

    g = data["grid"]
    grid = Grid(columns=g["columns"], column_chars=g["column_chars"], gutter_chars=g["gutter_chars"],
                body_size=size(g["body_size"], "grid.body_size"), line_gap=length(g["line_gap"], "grid.line_gap"),
                lines=g["lines"])
    trim_w, trim_h = (length(v, "trim") for v in data["trim"])
    inner = length(data["margin_inner"], "margin_inner") if "margin_inner" in data else (trim_w - grid.width) / 2
    styles = {}
    for sname, st in data["styles"].items():
        styles[sname] = TextStyle(role=st["font"], size=size(st["size"], f"styles.{sname}.size"),
                                  leading=length(st.get("leading", 0), f"styles.{sname}.leading"),
                                  align=st.get("align", "justify"), indent=st.get("indent", 0.0),
                                  hang=st.get("hang", 0.0), fill=st.get("fill", "text"))
    head = data.get("head", {})
    return Template(name=data["name"], trim_w=trim_w, trim_h=trim_h,
                    margin_top=length(data["margin_top"], "margin_top"), margin_inner=inner, grid=grid,
                    head_rule=length(head.get("rule", "3.5mm"), "head.rule"),
                    head_size=size(head.get("size", "小五"), "head.size"),
                    bleed=length(data.get("bleed", 0), "bleed"),
                    column_rules=length(data.get("column_rules", 0), "column_rules"),
                    styles=styles, fonts={k: tuple(v) for k, v in data["fonts"].items()},
                    palette={k: _cmyk(v) for k, v in data.get("palette", {}).items()},
                    composition=composition_over(Composition(), data.get("composition", {})),
                    mirror=data.get("mirror", True),
                    headline_sizes=tuple(size(s, "headline_sizes") for s in data.get("headline_sizes", [42])),
                    decor=_decor(data.get("decor", {})), makeup=Makeup(**data.get("makeup", {})),
                    output=_output(data.get("output", {})))


def _parse(fn: Any, value: Any, key: str) -> float:
    try:
        return fn(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{key}: {exc}") from None


def _cmyk(v: list[float]) -> tuple[float, float, float, float]:
    c, m, y, k = (float(x) for x in v)            # the schema asks for four
    return c, m, y, k


def _output(data: dict) -> Output:
    out: dict[str, Any] = {}
    for f in fields(Output):
        if f.name in data:
            v = data[f.name]
            out[f.name] = parse_length(v) if f.name in ("bleed", "marks_offset", "marks_length", "marks_width") else v
    if "pdfx" in out:
        out["pdfx"] = str(out["pdfx"])
    return Output(**out)


def _decor(data: dict) -> Decor:
    """Template `decor:` over the defaults; lengths may carry units."""
    out: dict[str, Any] = {}
    for f in fields(Decor):
        if f.name in data:
            v = data[f.name]
            out[f.name] = parse_length(v) if isinstance(v, str) else v
    return Decor(**out)


REQUIRED_STYLES = ("body", "subheading", "byline", "headline", "kicker", "subhead", "note", "note_label", "caption",
                   "credit", "chronicle_title", "chronicle_number", "chronicle_date", "chronicle_text", "folio",
                   "folio_number", "jump")


def _template_problems(tpl: Template, where: Where) -> list[Problem]:
    out = []
    for s in REQUIRED_STYLES:
        if s not in tpl.styles:
            out.append(Problem(where.file, where.line, where.key, f"template {tpl.name!r} lacks the text style {s!r}"))
    for name, st in tpl.styles.items():
        if st.role not in tpl.fonts:
            out.append(Problem(where.file, where.line, where.key,
                               f"template {tpl.name!r}: style {name!r} uses font role {st.role!r}, "
                               "which is not defined"))
        if st.fill not in tpl.palette:
            out.append(Problem(where.file, where.line, where.key,
                               f"template {tpl.name!r}: style {name!r} uses colour {st.fill!r}, not in the palette"))
    if tpl.grid.width > tpl.trim_w or tpl.margin_top + tpl.grid.height > tpl.trim_h:
        out.append(Problem(where.file, where.line, where.key,
                           f"template {tpl.name!r}: the type area does not fit the trim"))
    return out


def composition_over(base: Composition, overrides: dict) -> Composition:
    """The composition settings a template or manifest overrides (unknown keys are the schema's business)."""
    known = {f.name for f in fields(Composition)}
    return replace(base, **{k: v for k, v in overrides.items() if k in known})
