"""Every kind of value in a layout.json, swept through `check` and `diff`: each distinct key path of a built
edition's layout.json set to 0, -1, 1e308, NaN, a word, nothing or a list. A finding, a verdict or "not a
layout.json" (exit 2) — never a traceback (a NaN pitch, an empty column list, an infinite grid crashed check)."""
from __future__ import annotations

import copy
import json

import pytest

from .conftest import run

VALUES = [0, -1, 1e308, float("nan"), "x", None, []]


def _paths(data, path=(), seen=None):
    seen = set() if seen is None else seen
    shape = tuple("#" if isinstance(p, int) else p for p in path)
    if path and shape not in seen:
        seen.add(shape)
        yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*path, k), seen)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*path, i), seen)


@pytest.fixture(scope="module")
def doc(old_pair) -> dict:
    return json.loads((old_pair / "layout.json").read_text(encoding="utf-8"))


def test_layout_json_values(world, capsys, doc):
    paths = list(_paths(doc))
    assert len(paths) > 80
    for path in paths:
        for value in VALUES:
            data = copy.deepcopy(doc)
            node = data
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
            world.write("j/layout.json", json.dumps(data))
            j = str(world.tmp / "j")
            for argv in (["check", j], ["diff", str(world.out), j, "--no-visual"]):
                code, _out, err = run(argv, capsys)
                assert "Traceback" not in err and code in (0, 1, 2), f"{argv[0]} {path} = {value!r}: {code}\n{err}"
