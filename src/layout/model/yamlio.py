"""YAML reading and writing for tools that edit manifests (intake, lint, fix).

Only `model/` may import PyYAML, so the helpers that need node marks live here: dumping a
manifest dict as readable YAML, finding the source line of a string, replacing the text of
single scalars in the raw file (lint --fix), and replacing one mapping entry by a list of
mappings written the way the file writes such lists (layout place: a page's `auto:` becomes
its `blocks:`) — in both cases comments, key order and layout elsewhere stay untouched.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..textfile import read_text
from .validate import ManifestError, Problem, key_text, node_at, parse_yaml, validate

KeyPath = tuple[str | int, ...]


def parse(text: str, filename: str = "<yaml>") -> tuple[Any, yaml.Node | None]:
    """YAML text → (data with dates as text, node tree with marks); syntax errors → ManifestError."""
    return parse_yaml(text, filename)


def load(path: str | Path) -> tuple[str, Any, yaml.Node | None]:
    """Read a YAML file: (raw text, data, nodes)."""
    text = read_text(path, "manifest").text            # line endings as they are: fix keeps them
    data, node = parse(text, str(path))
    return text, data, node


def load_manifest(path: str | Path) -> tuple[str, Any, yaml.Node | None]:
    """Read a manifest for a tool that edits it (lint, import into an edition): as `load`, and checked against
    the manifest schema first, so a malformed one is the build's own message, never a crash."""
    text, data, node = load(path)
    if data is None:
        raise ManifestError([Problem(str(path), 1, "", "the manifest is empty")])
    validate(data, node, "manifest.schema.json", str(path))
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


@dataclass(frozen=True)
class ListStyle:
    """How a file writes a block list of mappings: its dashes `offset` columns right of its key, each item a
    one-line `{…}` flow mapping (`flow_items`) or a block mapping of one key a line."""
    offset: int = 2
    flow_items: bool = True


def list_style(node: yaml.Node | None, paths: Sequence[KeyPath], default: ListStyle = ListStyle()) -> ListStyle:
    """The way the first block list of mappings at one of `paths` is written (the file's own habit, e.g. the
    `blocks:` of a hand-placed page); else `default` with the dash offset of any block list in the document."""
    for path in paths:
        entry = _entry(node, path)
        if entry is None:
            continue
        key, value = entry
        if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
            if isinstance(value.value[0], yaml.MappingNode):
                return ListStyle(value.start_mark.column - key.start_mark.column, bool(value.value[0].flow_style))
    for key, value in _entries(node):
        if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
            return ListStyle(value.start_mark.column - key.start_mark.column, default.flow_items)
    return default


def replace_entry(text: str, path: KeyPath, key: str, new_key: str, items: Sequence[Mapping[str, Any]],
                  style: ListStyle = ListStyle(), filename: str = "<yaml>", note: str = "") -> str:
    """Replace the entry `key: …` of the mapping at `path` by `new_key:` holding `items` (flat mappings of
    strings, numbers and booleans), written in `style`, where the old entry stood.

    Every byte outside the old entry stays as it was. Comments inside the old entry are kept, as comment lines
    under the new key; `note` becomes a comment on the new key's line. In a flow mapping (`{page: 3, auto: …}`)
    the list is written in flow style. Raises ValueError if there is no such entry, or if the result would not
    read back as exactly the old data with that one entry replaced.
    """
    data, node = parse(text, filename)
    mapping, old = node_at(node, list(path)), _get(data, path)
    entry = _entry(node, (*path, key))
    if not isinstance(mapping, yaml.MappingNode) or not isinstance(old, dict) or entry is None:
        raise ValueError(f"{filename}: no {key!r} in the mapping at {key_text(path) or 'the top'}")
    if new_key in old:
        raise ValueError(f"{filename}: {key_text((*path, new_key))} is there already")
    k, v = entry
    start, end = k.start_mark.index, _node_end(text, v)
    nl = "\r\n" if "\r\n" in text else "\n"
    if mapping.flow_style:
        if _comments(text, start, end, (k, v)):
            raise ValueError(f"{filename}: {key_text((*path, key))} has comments inside a flow mapping")
        new = f"{new_key}: [" + ", ".join(flow(item) for item in items) + "]"
    else:
        stop = text.find("\n", end)
        rest = text[end:len(text) if stop < 0 else stop].rstrip("\r")
        if not rest.strip() or rest.lstrip().startswith("#"):
            end += len(rest)                              # a comment ending the entry's last line is kept too
        dash = " " * (k.start_mark.column + style.offset)
        rows = [f"{new_key}:" + (f"  # {' '.join(note.split())}" if note else "")]
        rows += [dash + c for c in _comments(text, start, end, (k, v))]
        for item in items:
            if style.flow_items:
                rows.append(f"{dash}- {flow(item)}")
            else:
                pairs = [f"{_scalar_text(name)}: {_scalar_text(value)}" for name, value in item.items()]
                rows += [f"{dash}- {pairs[0]}"] + [f"{dash}  {p}" for p in pairs[1:]]
        new = nl.join(rows)
    out = text[:start] + new + text[end:]
    expected = deepcopy(data)
    parent = _get(expected, path)
    replaced = {(new_key if name == key else name): ([dict(i) for i in items] if name == key else value)
                for name, value in parent.items()}
    parent.clear()
    parent.update(replaced)
    got = _parse_or_none(out, filename)
    if got != expected or list(_get(got, path)) != list(replaced):
        raise ValueError(f"{filename}: could not replace {key_text((*path, key))} without changing other data")
    return out


def _entry(node: yaml.Node | None, path: KeyPath) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value nodes of the mapping entry at `path`."""
    parent = node_at(node, list(path[:-1])) if path[:-1] else node
    if not path or not isinstance(parent, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in parent.value if isinstance(k, yaml.ScalarNode) and k.value == path[-1]), None)


def _entries(node: yaml.Node | None) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """Every mapping entry of a block mapping in the document, in reading order."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if not node.flow_style:
                yield k, v
            yield from _entries(v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            yield from _entries(v)


def _nodes(*roots: yaml.Node) -> Iterator[yaml.Node]:
    for n in roots:
        yield n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                yield from _nodes(k, v)
        elif isinstance(n, yaml.SequenceNode):
            yield from _nodes(*n.value)


def _node_end(text: str, n: yaml.Node) -> int:
    """Where a node's own text ends (a block collection's end mark reaches on to the next key, over comments)."""
    if isinstance(n, yaml.ScalarNode):
        return _block_body(text, n.start_mark.index, n.end_mark.index)[1] if n.style in ("|", ">") else n.end_mark.index
    assert isinstance(n, yaml.CollectionNode)
    if n.flow_style or not n.value:
        return n.end_mark.index
    last = n.value[-1]
    return _node_end(text, last[1] if isinstance(last, tuple) else last)


def _comments(text: str, start: int, end: int, roots: tuple[yaml.Node, ...]) -> list[str]:
    """The comments between `start` and `end`, outside the scalars under `roots` (a `#` in a string is text)."""
    inside = [(n.start_mark.index, _node_end(text, n)) for n in _nodes(*roots) if isinstance(n, yaml.ScalarNode)]
    out = []
    i = text.find("#", start, end)
    while i >= 0:
        stop = text.find("\n", i, end)
        stop = end if stop < 0 else stop
        if (i == 0 or text[i - 1] in " \t\n") and not any(a <= i < b for a, b in inside):
            out.append(text[i:stop].rstrip("\r"))
            i = stop
        i = text.find("#", i + 1, end)
    return out


def _scalar_text(value: Any) -> str:
    """A string, number or boolean as YAML text that reads back as the same value: plain where it can be."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    try:
        plain = yaml.safe_load("[" + text + "]") == [text]      # in a flow list: the strictest place
    except yaml.YAMLError:
        plain = False
    return text if plain and text.strip() == text else json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    """A value as one line of flow YAML that reads back equal: `{stories: [review], photos: [wuchang]}`."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_scalar_text(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return _scalar_text(value)
