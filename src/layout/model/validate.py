"""A small JSON Schema interpreter over YAML nodes, so errors carry file and line.

The schema files (`manifest.schema.json`, `template.schema.json`) are the single source of
truth: editors get completion from them, and the same files check manifests here. Only
the keywords those files use are implemented.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..textfile import refused_characters
from .yamldata import construct, table_resolve

SCHEMA_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ManifestError(Exception):
    """One or more problems in a user's YAML. str() lists them, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@cache
def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


FAST_LOADER: type[yaml.CSafeLoader] | None = yaml.CSafeLoader if yaml.__with_libyaml__ else None
"""libyaml's loader where PyYAML was built with it (None: the pure-Python loader only; tests set it so)."""


def parse_yaml(text: str, filename: str) -> tuple[Any, yaml.Node | None]:
    """YAML text → (Python data, node tree with marks). Syntax errors become Problems.

    libyaml parses when PyYAML has it (FAST_LOADER, ~10× faster): the same data and nodes with the same lines,
    columns and character offsets (plain scalars' style is '' rather than None, block sequences' flow_style
    False rather than None; both false either way). The pure-Python loader is the reference: a text libyaml
    refuses is parsed again by it, so every message is PyYAML's own, word for word, and so is a text that
    starts with a byte-order mark (libyaml counts offsets after it, PyYAML from it)."""
    safe_to_parse(text, filename)
    if FAST_LOADER is not None and not text.startswith("\ufeff"):
        try:
            return _parse(FAST_LOADER, text, filename, quick=True)
        except ManifestError:
            raise
        except Exception:     # any refusal: the reference loader below decides, in its own words
            pass
    try:
        return _parse(yaml.SafeLoader, text, filename)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise ManifestError([Problem(filename, line, "", f"YAML syntax: {exc.problem or exc}")]) from None
    except yaml.YAMLError as exc:                 # a reader error safe_to_parse did not foresee: still a message
        raise ManifestError([Problem(filename, 0, "", f"YAML: {exc}")]) from None


MAX_YAML_CHARS = 1_000_000
"""Largest YAML text parsed (a whole edition is ~50 kB): PyYAML's nodes take up to ~200 bytes a character."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists (a manifest needs 6): deeper is a mistake or an attack on the parser."""
MAX_NODES = 200_000
"""Most values a document may expand to with its aliases (`*name`): a billion-laughs file stops here."""

_NESTING = re.compile(r"[-?:][ \t]+[-?][ \t]")


def safe_to_parse(text: str, filename: str) -> None:
    """Refuse what would crash or exhaust the parser before it runs: characters YAML cannot hold (named, with
    line and column), a text too large, nesting too deep (checked on the event stream, which has no recursion,
    only when a cheap look says it may be deep)."""
    bad = refused_characters(text)
    if bad:
        raise ManifestError([Problem(filename, line, "", what) for line, _column, what in bad])
    if len(text) > MAX_YAML_CHARS:
        raise ManifestError([Problem(filename, 0, "", f"{len(text):,} characters is too large for a manifest or "
                                                      f"template (at most {MAX_YAML_CHARS:,})")])
    indent = max((len(ln) - len(ln.lstrip(" \t")) for ln in text.split("\n")), default=0)
    if text.count("[") + text.count("{") <= MAX_DEPTH and indent <= MAX_DEPTH and not _NESTING.search(text):
        return                             # at most 2 × MAX_DEPTH levels: well within the loaders' recursion
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):     # libyaml stops at depth 1000 on its own
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else 0
                    raise ManifestError([Problem(filename, line, "", f"nested more than {MAX_DEPTH} levels deep "
                                                                     "(a manifest needs about 6): check the "
                                                                     "brackets and the indentation")])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return                             # a syntax error: the loader reports it in its own words


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many nodes the document holds once every alias is expanded (each shared node counted each time)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1                          # a node that contains itself counts once on the way round
    if isinstance(node, yaml.MappingNode):
        n = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        n = 1 + sum(_expanded_size(v, memo) for v in node.value)
    else:
        n = 1
    memo[key] = min(n, MAX_NODES + 1)
    return memo[key]


def _text_timestamp(loader: Any, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_TEXT_DATES: dict[tuple[type, bool], Any] = {}


def _text_dates(loader_class: Any, quick: bool = False) -> Any:
    """The loader with dates kept as text, as the schema and YAML 1.2 editors see them (2021-13-45 is then the
    schema's to refuse, not a ValueError in PyYAML's date constructor); `quick`: resolving tags by a table of
    the same resolvers (yamldata.table_resolve)."""
    got = _TEXT_DATES.get((loader_class, quick))
    if got is not None:
        return got
    resolve = table_resolve(loader_class) if quick else None
    sub: Any = type(f"TextDates{loader_class.__name__}", (loader_class,), {"resolve": resolve} if resolve else {})
    sub.add_constructor("tag:yaml.org,2002:timestamp", _text_timestamp)
    _TEXT_DATES[(loader_class, quick)] = sub
    return sub


def _parse(loader_class: type[yaml.SafeLoader] | type[yaml.CSafeLoader], text: str,
           filename: str = "<yaml>", quick: bool = False) -> tuple[Any, yaml.Node | None]:
    """`quick` (the libyaml path): tags resolved and the data built by yamldata, the same data as PyYAML's
    (32 pages: ~7 ms less); the pure loader, the reference, keeps PyYAML's own steps."""
    loader = _text_dates(loader_class, quick)(text)
    try:
        node = loader.get_single_node()
        if node is not None and "*" in text and _expanded_size(node, {}) > MAX_NODES:
            raise ManifestError([Problem(filename, 0, "", f"its aliases (*name) expand to more than {MAX_NODES:,} "
                                                          "values (a “billion laughs” file?): write the values out, "
                                                          "or use fewer aliases")])
        if node is None:
            data = None
        elif quick and "*" not in text:       # no alias: a tree, as yamldata.construct needs
            data = construct(loader, node)
        else:
            data = loader.construct_document(node)
    finally:
        loader.dispose()
    return data, node


_TYPE_NAMES: dict[type, str] = {type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string",
                               list: "array", dict: "object"}
"""The JSON type of YAML's own Python types by a look-up: _type_name is asked for every value validated."""


def _type_name(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value))
    if name is not None:
        return name
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "date"
    return type(value).__name__


class Validator:
    def __init__(self, schema: dict, filename: str):
        self.root = schema
        self.file = filename
        self.problems: list[Problem] = []
        self._plans: dict[int, tuple[dict, dict, list | None, list | None, bool]] = {}

    def run(self, data: Any, node: yaml.Node | None) -> list[Problem]:
        self._check(self.root, data, node, "")
        return self.problems

    def _report(self, node: yaml.Node | None, path: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.problems.append(Problem(self.file, line, path, message))

    def _plan(self, schema: dict) -> tuple[dict, dict, list | None, list | None, bool]:
        """(schema, the schema with its `$ref` merged in, its anyOf/oneOf options, its type names, whether it
        has const or enum): worked out once per schema object, as ~5,000 values of 32 pages share ~50 (kept
        with the schema, so its id stays its own)."""
        got = self._plans.get(id(schema))
        if got is None:
            merged = self._merge_refs(schema)
            options = next((merged[k] for k in ("anyOf", "oneOf") if k in merged), None)
            expected = merged.get("type")
            kinds = None if expected is None else expected if isinstance(expected, list) else [expected]
            got = self._plans[id(schema)] = (schema, merged, options, kinds, "const" in merged or "enum" in merged)
        return got

    def _merge_refs(self, schema: dict) -> dict:
        while "$ref" in schema:
            doc, _, pointer = schema["$ref"].partition("#")
            target: Any = load_schema(doc) if doc else self.root
            for part in pointer.strip("/").split("/"):
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def _check(self, schema: dict, value: Any, node: yaml.Node | None, path: str) -> bool:
        _, schema, options, kinds, listed = self._plans.get(id(schema)) or self._plan(schema)
        if options is not None:
            return self._any(options, value, node, path)
        before = len(self.problems)
        if listed:
            if "const" in schema and value != schema["const"]:
                self._report(node, path, f"expected {schema['const']!r}, got {value!r}")
                return False
            if "enum" in schema and value not in schema["enum"]:
                opts = ", ".join(str(v) for v in schema["enum"])
                hint = _suggest(str(value), [str(v) for v in schema["enum"]])
                self._report(node, path, f"expected one of {opts}; got {value!r}{hint}")
                return False
        actual = _TYPE_NAMES.get(type(value)) or _type_name(value)
        if kinds is not None and actual not in kinds and not (actual == "integer" and "number" in kinds):
            self._report(node, path, f"expected {' or '.join(kinds)}, got {actual} {_short(value)}")
            return False
        if actual == "string":
            self._string(schema, value, node, path)
        elif actual == "integer" or actual == "number":
            self._number(schema, value, node, path)
        elif actual == "object":
            self._object(schema, value, node, path)
        elif actual == "array":
            self._array(schema, value, node, path)
        return len(self.problems) == before

    def _any(self, options: list, value: Any, node, path: str) -> bool:
        saved = self.problems
        best: list[Problem] | None = None
        for option in options:
            self.problems = []
            if self._check(option, value, node, path):
                self.problems = saved
                return True
            if best is None or len(self.problems) < len(best):
                best = self.problems
        self.problems = saved + (best or [])
        return False

    def _string(self, schema: dict, value: str, node, path: str) -> None:
        if len(value) < schema.get("minLength", 0):
            self._report(node, path, "must not be empty")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            form = schema.get("description", schema["pattern"])
            self._report(node, path, f"{value!r} does not have the expected form ({form})")
        elif schema.get("format") == "date":
            try:
                _dt.date.fromisoformat(value)
            except ValueError:
                self._report(node, path, f"{value!r}: no such date (month 01–12, a day the month has)")

    def _number(self, schema: dict, value: float, node, path: str) -> None:
        if "minimum" in schema and value < schema["minimum"]:
            self._report(node, path, f"must be at least {schema['minimum']}, got {value}")
        if "maximum" in schema and value > schema["maximum"]:
            self._report(node, path, f"must be at most {schema['maximum']}, got {value}")

    def _object(self, schema: dict, value: dict, node, path: str) -> None:
        children = _mapping_children(node)
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                self._report(node, path, f"missing required key {key!r}")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            knode, vnode = children.get(str(key), (node, node))
            sub = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str):
                self._report(knode, sub, f"the key {key!r} is {_type_name(key)}, not text: an id or name is text "
                                         f"(write it \"{key}\", or start it with a letter)")
                continue
            if key in props:
                self._check(props[key], item, vnode, sub)
            elif extra is False:
                allowed = sorted(props)
                hint = _suggest(str(key), allowed)
                self._report(knode, sub, f"unknown key {key!r}{hint}; expected one of: {', '.join(allowed)}")
            elif isinstance(extra, dict):
                self._check(extra, item, vnode, sub)

    def _array(self, schema: dict, value: list, node, path: str) -> None:
        if len(value) < schema.get("minItems", 0):
            self._report(node, path, f"needs at least {schema['minItems']} item(s)")
        if len(value) > schema.get("maxItems", len(value)):
            self._report(node, path, f"takes at most {schema['maxItems']} items")
        items = schema.get("items")
        if items:
            nodes = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(value)
            for i, item in enumerate(value):
                self._check(items, item, nodes[i] if i < len(nodes) else node, f"{path}[{i}]")


def _mapping_children(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value}


def duplicate_keys(node: yaml.Node | None, filename: str, path: str = "") -> list[Problem]:
    """PyYAML keeps the last of two equal keys silently; a manifest must not."""
    out: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            key = str(k.value)
            sub = f"{path}.{key}" if path else key
            if key in seen:
                out.append(Problem(filename, k.start_mark.line + 1, sub,
                                   f"key {key!r} appears twice (first on line {seen[key]})"))
            else:
                seen[key] = k.start_mark.line + 1
            out.extend(duplicate_keys(v, filename, sub))
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out.extend(duplicate_keys(v, filename, f"{path}[{i}]"))
    return out


def node_at(node: yaml.Node | None, path: list) -> yaml.Node | None:
    """The node for a key path (strings and ints), for errors found after validation."""
    return NodeIndex(node).at(path)


class NodeIndex:
    """`node_at` for many paths into one node tree: each mapping's keys are indexed once, when first walked
    through. The manifest loader asks where every story, photo, chronicle, page and block is; walking from the
    root each time re-indexed the whole `stories:` mapping per story (32 pages: ~3 ms of a 38 ms load)."""

    def __init__(self, root: yaml.Node | None):
        self.root = root
        self._children: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def at(self, path: Sequence[str | int]) -> yaml.Node | None:
        node = self.root
        for part in path:
            if isinstance(part, int) and isinstance(node, yaml.SequenceNode) and part < len(node.value):
                node = node.value[part]
            elif isinstance(node, yaml.MappingNode):
                children = self._children.get(id(node))
                if children is None:
                    children = self._children[id(node)] = _mapping_children(node)
                node = children.get(str(part), (None, None))[1]
            else:
                return node
        return node


def key_text(path: Sequence[str | int]) -> str:
    """A key path as messages name it: ("pages", 0, "blocks", 1, "span") → pages[0].blocks[1].span"""
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validate(data: Any, node: yaml.Node | None, schema_name: str, filename: str) -> None:
    problems = duplicate_keys(node, filename)
    problems += Validator(load_schema(schema_name), filename).run(data, node)
    if problems:
        raise ManifestError(problems)
