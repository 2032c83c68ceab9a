"""The quick construction of YAML data (model/yamldata.py) gives PyYAML's data exactly — values, types, key order
— and PyYAML's messages, for the kinds it builds itself and for everything it hands back to PyYAML."""
from __future__ import annotations

from typing import Any

import pytest
import yaml

from layout.model import validate
from layout.model.validate import ManifestError, parse_yaml

from ..conftest import REPO

CASES = {
    "plain": "a: 中文\nb: [1, 2, 三]\nc: {d: e}\n",
    "yaml 1.1 scalars": "y: yes\nn: No\non: on\noff: OFF\nt: True\nh: 0x1F\no: 017\nb: 0b101\ns: 1:30\nu: 1_000\n"
                        "inf: .inf\nninf: -.Inf\nnan: .NaN\nf: 1.5e+3\ng: 6.8523015e+5\nz: 0\nneg: -12\npos: +7\n"
                        "e08: 08\nnul: ~\nnul2: null\nempty:\n",
    "dates stay text": "d: 2021-12-31\nt: 2001-12-14t21:59:43.10-05:00\nbad: 2021-13-45\n",
    "quoted look-alikes": "a: '12'\nb: \"yes\"\nc: !!str 12\nd: !!int '12'\ne: !!float '1'\nf: !!bool 'on'\n",
    "keys of every scalar kind": "1: a\n2.5: b\ntrue: c\nno: d\n~: e\n2021-01-01: f\n'x': g\n",
    "duplicate keys": "a: 1\nb: 2\na: 3\n",
    "merge keys": "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\nd: {<<: [{p: 1}, {q: 2}], r: 3}\n",
    "merge without alias": "c:\n  <<: {x: 1}\n  y: 2\n",
    "value key": "a: {=: 1, b: 2}\n",
    "anchors and aliases": "a: &x [1, {b: 2}]\nc: *x\nd: &s text\ne: *s\n",
    "sets, omap, pairs, binary": "s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\np: !!pairs [{a: 1}, {a: 2}]\n"
                                "bin: !!binary aGVsbG8=\n",
    "complex keys": "? [a, b]\n: 1\n",
    "complex hashable key": "? !!set {a}\n: 1\n",
    "unknown tag": "a: !nope 1\n",
    "unknown tag on a list": "a: !nope [1]\n",
    "bad explicit int": "a: !!int abc\n",
    "bad explicit float": "a: !!float x\n",
    "map tag on a scalar": "a: !!map x\n",
    "block scalars": "a: |\n  一\n  二\nb: >-\n  三\n  四\nc: |+\n  五\n\n",
    "nested lists": "- - - 1\n    - 2\n  - []\n- {}\n",
    "scalar document": "just text\n",
    "number document": "0x1F\n",
    "non-ascii digits": "a: ١٢\nb: !!int ١٢\n",
}


def _typed(value: Any) -> Any:
    """A value with every type spelled out (1 == 1.0 == True in Python; here they differ)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, tuple):
        return ("tuple", [_typed(v) for v in value])
    if isinstance(value, set):
        return ("set", sorted(repr(v) for v in value))
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def _outcome(text: str) -> Any:
    try:
        return _typed(parse_yaml(text, "x.yaml")[0])
    except Exception as exc:
        return (type(exc).__name__, str(exc))


def _texts() -> dict[str, str]:
    files = [*REPO.glob("issues/*/edition.yaml"), *(REPO / "src" / "layout" / "templates").glob("*.yaml")]
    return {**{str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in files}, **CASES}


@pytest.mark.parametrize("name", sorted(_texts()))
def test_quick_construction_gives_pyyamls_data_and_errors(monkeypatch, name):
    if validate.FAST_LOADER is None:
        pytest.skip("this PyYAML has no libyaml")
    text = _texts()[name]
    quick = _outcome(text)

    class Plain(yaml.CSafeLoader):    # libyaml without the quick path: PyYAML's own resolver and constructor
        pass

    unquick = validate._parse
    monkeypatch.setattr(validate, "_parse", lambda cls, t, f, quick=False: unquick(cls, t, f))
    monkeypatch.setattr(validate, "FAST_LOADER", Plain)
    assert quick == _outcome(text)
    monkeypatch.setattr(validate, "FAST_LOADER", None)
    assert quick == _outcome(text)


def test_a_yaml_error_is_still_a_manifest_error():
    with pytest.raises(ManifestError, match="x.yaml:1"):
        parse_yaml("a: !nope 1\n", "x.yaml")
