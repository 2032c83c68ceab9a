"""YAML reading and writing for tools that edit manifests (intake, lint, fix).

Only `model/` may import PyYAML, so the helpers that need node marks live here: dumping a
manifest dict as readable YAML, finding the source line of a string, and replacing the text
of single scalars in the raw file so that comments, key order and layout stay untouched.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .validate import ManifestError, key_text, node_at, parse_yaml

KeyPath = tuple[str | int, ...]


def parse(text: str, filename: str = "<yaml>") -> tuple[Any, yaml.Node | None]:
    """YAML text → (data with dates as text, node tree with marks); syntax errors → ManifestError."""
    return parse_yaml(text, filename)


def load(path: str | Path) -> tuple[str, Any, yaml.Node | None]:
    """Read a YAML file: (raw text, data, nodes)."""
    with open(path, encoding="utf-8", newline="") as f:       # line endings as they are: fix keeps them
        text = f.read()
    data, node = parse(text, str(path))
    return text, data, node


def dump(data: Any, header: str = "") -> str:
    """A manifest as block YAML: keys in the dict's order, Chinese as is, long lines never folded."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)
    return header + body


def scalar_line(node: yaml.Node | None, path: KeyPath) -> int:
    """1-based line where the string at `path` starts (the first content line of a block scalar)."""
    n = node_at(node, list(path))
    if n is None:
        return 0
    line = n.start_mark.line + 1
    return line + 1 if isinstance(n, yaml.ScalarNode) and n.style in ("|", ">") else line


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def replace_scalars(text: str, edits: Mapping[KeyPath, str], filename: str = "<yaml>") -> str:
    """Give the strings at `edits`' paths new values, rewriting only those scalars' source text.

    Each scalar keeps its style where the new value allows it (plain, quoted, block); one that
    would not read back equal (a plain `a: b` in a mapping, a `,` in a flow mapping) is written
    double-quoted instead. Raises ValueError if the document would change anywhere else.
    """
    data, node = parse(text, filename)
    scalars = {}
    for path in edits:
        n = node_at(node, list(path))
        if not isinstance(n, yaml.ScalarNode) or n is node or not isinstance(_get(data, path), str):
            raise ValueError(f"{filename}: no string at {key_text(path)}")
        scalars[path] = n
    chosen = []
    for path, value in edits.items():
        edit = _scalar_edit(text, scalars[path], value, force_quote=False)
        if not _reads_back(_splice(text, [edit]), path, value, filename):
            edit = _scalar_edit(text, scalars[path], value, force_quote=True)
        chosen.append(edit)
    out = _splice(text, chosen)
    got = _parse_or_none(out, filename)
    if got is None or got != _with_values(data, edits):
        keys = ", ".join(key_text(p) for p in edits)
        raise ValueError(f"{filename}: could not rewrite {keys} without changing other data")
    return out


def _splice(text: str, edits: list[_Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.text + text[e.end:]
    return text


def _parse_or_none(text: str, filename: str) -> Any:
    try:
        return parse(text, filename)[0]
    except ManifestError:
        return None


def _reads_back(text: str, path: KeyPath, value: str, filename: str) -> bool:
    data = _parse_or_none(text, filename)
    return data is not None and _get(data, path) == value


def _scalar_edit(text: str, n: yaml.ScalarNode, value: str, force_quote: bool) -> _Edit:
    start, end = n.start_mark.index, n.end_mark.index
    if n.style in ("|", ">"):
        body_start, body_end, indent = _block_body(text, start, end)
        if not force_quote:
            rows = value.rstrip("\n").split("\n")
            nl = "\r\n" if "\r\n" in text[start:end] else "\n"
            sep = nl if n.style == "|" else nl + nl          # folded: a blank source line is one newline
            return _Edit(body_start, body_end, sep.join(" " * indent + r if r else "" for r in rows))
        end = body_end                                   # keep the trailing line breaks
    if force_quote or n.style == '"' or "\n" in value:
        return _Edit(start, end, json.dumps(value, ensure_ascii=False))
    if n.style == "'":
        return _Edit(start, end, "'" + value.replace("'", "''") + "'")
    return _Edit(start, end, value)                      # plain: verified by re-parsing


def _block_body(text: str, start: int, end: int) -> tuple[int, int, int]:
    """Where a block scalar's content lines start and end (header and trailing blank lines excluded)."""
    body_start = text.index("\n", start) + 1
    lines = text[body_start:end].split("\n")
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if not filled:
        return body_start, body_start, 2
    first = lines[filled[0]]
    indent = len(first) - len(first.lstrip(" "))
    body_end = body_start + sum(len(ln) + 1 for ln in lines[:filled[-1]]) + len(lines[filled[-1]].rstrip("\r"))
    return body_start, body_end, indent


def _with_values(data: Any, edits: Mapping[KeyPath, str]) -> Any:
    copy = deepcopy(data)
    for path, value in edits.items():
        parent = copy
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
    return copy


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
