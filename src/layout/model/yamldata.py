"""Python data from a libyaml node tree, cheaper than PyYAML's constructor and the same data.

A manifest is almost all plain mappings, lists, text and small integers. PyYAML's constructor spends a few Python
calls and generators on each node (32 pages: ~7.5 ms for ~7,000 nodes); `construct` builds those kinds directly
and hands every other scalar tag (bool, null, float, YAML 1.1 ints such as 0x1F or 1:30, dates) to the loader's
own constructor for that tag. Anything else — merge keys (`<<`), `=` keys, sets, ordered maps, unknown tags,
complex keys, or any error — and the whole document is constructed by PyYAML as before, so its data and its
messages are PyYAML's own. Aliases are the caller's to exclude (a document without `*` has none).

`table_resolve` does the composer's tag resolution with the same implicit resolvers, looked up once per loader
class rather than on every scalar (~1.5 ms of composing 32 pages).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

STR, INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
MAP, SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
DELEGATED = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", INT, "tag:yaml.org,2002:float",
                       "tag:yaml.org,2002:timestamp"})
"""Scalar tags whose constructor is a function of the node alone: called as PyYAML's constructor would."""


class _NotPlain(Exception):
    """A node this module leaves to PyYAML."""


def construct(loader: Any, node: Node) -> Any:
    """The data `loader.construct_document(node)` gives (a SafeLoader's str, map and seq constructors), for a
    node tree without aliases."""
    constructors = loader.yaml_constructors

    def build(n: Node) -> Any:
        tag, kind = n.tag, type(n)
        if kind is ScalarNode:
            if tag == STR:
                return n.value
            if tag in DELEGATED:
                value = n.value
                if tag == INT and value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
                    return int(value)             # plain decimal: what construct_yaml_int computes
                return constructors[tag](loader, n)
        elif kind is MappingNode and tag == MAP:
            out = {}
            for k, v in n.value:                  # `<<`, `=` and complex keys raise: PyYAML's rules then
                out[build(k)] = build(v)
            return out
        elif kind is SequenceNode and tag == SEQ:
            return [build(v) for v in n.value]
        raise _NotPlain

    try:
        return build(node)
    except Exception:                             # _NotPlain, or an error PyYAML words itself
        return loader.construct_document(node)


def table_resolve(loader_class: Any) -> Callable[..., str] | None:
    """A `resolve` method giving the tags `loader_class.resolve` gives, its resolvers tabled by first character
    (None where the class has path resolvers, which this does not reproduce)."""
    if loader_class.yaml_path_resolvers:
        return None
    resolvers = loader_class.yaml_implicit_resolvers
    wildcard = tuple(resolvers.get(None, ()))
    table = {ch: tuple(rs) + wildcard for ch, rs in resolvers.items() if ch is not None}
    scalar, sequence, mapping = (loader_class.DEFAULT_SCALAR_TAG, loader_class.DEFAULT_SEQUENCE_TAG,
                                 loader_class.DEFAULT_MAPPING_TAG)

    def resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in table.get(value[:1], wildcard):
                    if regexp.match(value):
                        return tag
            return scalar
        return sequence if kind is SequenceNode else mapping

    return resolve
