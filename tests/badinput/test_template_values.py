"""Every value a template holds, swept: each leaf of broadsheet.yaml set to 0, -1, a word, nothing or a list, and
the edition built. Accepted or refused, never a traceback (a size of 0 divided by once; `x` where a length goes
raised ValueError before)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from layout.model.templates import TEMPLATE_DIR

from .conftest import run

VALUES = [0, -1, "x", None, []]
STYLES = {"body", "folio", "headline"}          # the other styles are read by the same code


def _leaves(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            if path[:1] == ("styles",) and len(path) == 1 and k not in STYLES:
                continue
            yield from _leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data[:1]):        # the first item of a list stands for the rest
            yield from _leaves(v, (*path, i))
    else:
        yield path


BROADSHEET = yaml.safe_load((Path(TEMPLATE_DIR) / "broadsheet.yaml").read_text(encoding="utf-8"))
LEAVES = [p for p in _leaves(BROADSHEET) if p[0] not in ("fonts", "name")]


def test_the_sweep_covers_the_template():
    assert len(LEAVES) > 60 and ("grid", "body_size") in LEAVES and ("styles", "body", "size") in LEAVES


@pytest.mark.parametrize("path", LEAVES, ids=[".".join(map(str, p)) for p in LEAVES])
def test_a_template_value(world, capsys, path):
    for value in VALUES:
        tpl = copy.deepcopy(BROADSHEET)
        node = tpl
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        tpl["fonts"] = {r: [world.font] for r in ("body", "headline", "heading", "kai")}
        world.write("ed/square.yaml", yaml.safe_dump({**tpl, "name": "square"}, allow_unicode=True))
        code, _out, err = run(["build", str(world.ed), "-o", str(world.tmp / "b")], capsys)
        assert "Traceback" not in err and code in (0, 1), f"{path} = {value!r}: exit {code}\n{err}"
        if code == 1:
            assert err.startswith("error: ") and err.count("\n") < 40, err
