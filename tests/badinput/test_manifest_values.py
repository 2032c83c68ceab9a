"""Every value a manifest holds, swept: each leaf (and each mapping and list) of an edition with a story, a photo,
a chronicle and an automatic page set to 0, -1, a word, nothing, a list or an impossible date, and built.
Accepted or one message, never a traceback, never a hang."""
from __future__ import annotations

import copy

import pytest
import yaml

from .cases import PHOTO, _jpeg
from .conftest import run

VALUES = [0, -1, 10**9, "x", None, [], "2021-13-45"]

BASE = yaml.safe_load(PHOTO)
BASE["chronicles"] = {"c": {"title": "大事记", "items": [{"date": "5月7日", "text": "衡阳市。"}, "衡阳。"]}}
BASE["pages"][0]["blocks"].append({"chronicle": "c", "column": 7, "line": 30, "span": 2, "lines": 20,
                                   "tint": "tint"})
BASE["stories"]["s2"] = {"headline": "衡阳", "body": ["衡阳市本报记者。", {"subheading": "衡阳"}]}
BASE["pages"].append({"page": 2, "auto": {"stories": ["s2"]}})
BASE["composition"] = {"level": "gb"}


def _paths(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*path, i))
    if path:
        yield path


PATHS = list(_paths(BASE))


def test_the_base_edition_builds(world, capsys):
    world.manifest_text(yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False))
    world.write("ed/photos/p.jpg", _jpeg(world))
    code, _out, err = run(["build", str(world.ed), "-o", str(world.tmp / "b")], capsys)
    assert code == 0, err


@pytest.mark.parametrize("path", PATHS, ids=[".".join(map(str, p)) for p in PATHS])
def test_a_manifest_value(world, capsys, path):
    world.write("ed/photos/p.jpg", _jpeg(world))
    for value in VALUES:
        data = copy.deepcopy(BASE)
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        world.manifest_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        code, _out, err = run(["build", str(world.ed), "-o", str(world.tmp / "b")], capsys)
        assert "Traceback" not in err and code in (0, 1), f"{path} = {value!r}: exit {code}\n{err}"
