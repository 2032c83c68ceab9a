"""Cold start (issue 12, item 3): what a command imports, the font facts a warm build reads, the YAML loader.

A command imports only what it uses (cli.py), a warm build never loads fontTools (text/faceinfo.py), and YAML is
parsed by libyaml where PyYAML has it, with the pure-Python loader's data, marks and messages (model/validate.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from layout.cli import main
from layout.intake import RULES, TEXT_RULES
from layout.model import validate
from layout.model.manifest import load_edition
from layout.text import faceinfo, fontread

from ..conftest import REPO
from ..layout.test_compose import MANIFEST

HEAVY = ("fontTools", "pikepdf", "pypdfium2", "hypothesis", "layout.intake", "layout.review.diff",
         "layout.review.proof", "layout.review.variants", "layout.output.preflight")


def _loaded_after(code: str, *args: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """Which of `heavy` a fresh interpreter has imported after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))"
    res = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_command():
    builder = ("layout.build", "layout.model", "reportlab", "PIL", "uharfbuzz", "yaml")
    assert _loaded_after("import layout.cli", heavy=HEAVY + builder) == []
    assert _loaded_after("import layout", heavy=HEAVY + builder) == []
    assert _loaded_after("import layout\nlayout.build_issue", heavy=("layout.build",)) == ["layout.build"]


def test_help_of_import_and_lint_still_names_the_rules(capsys):
    for command, names in (("import", RULES), ("lint", TEXT_RULES)):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert ", ".join(names) in out, out


def test_a_warm_build_loads_no_fonttools_and_no_other_command(edition_factory, tmp_path):
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})
    build = "import sys\nfrom layout.cli import main\nassert main(['build', sys.argv[1], '-o', sys.argv[2]]) == 0"
    _loaded_after(build, str(folder), str(tmp_path / "cold"))          # fills $LAYOUT_CACHE/faces if need be
    assert _loaded_after(build, str(folder), str(tmp_path / "warm")) == []
    for name in ("layout.json", "ed.pdf"):
        assert (tmp_path / "cold" / name).read_bytes() == (tmp_path / "warm" / name).read_bytes(), name


def test_face_names_come_from_the_cache_as_fonttools_reads_them(square_font, monkeypatch, tmp_path):
    monkeypatch.setenv("LAYOUT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(faceinfo, "_NAMES", {})
    first = faceinfo.face_names(square_font)
    assert first == fontread.face_names(square_font) and first[0]
    monkeypatch.setattr(faceinfo, "_NAMES", {})
    monkeypatch.setattr(fontread, "face_names", lambda path: pytest.fail("read again, not from the cache"))
    assert faceinfo.face_names(square_font) == first


# ---- YAML: libyaml where present, the pure loader's results ----

def _walk(node):
    yield node
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _walk(k)
            yield from _walk(v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            yield from _walk(v)


def _shape(node) -> list:
    """What the code reads of a node tree: kinds, tags, values, marks (line, column, character offset), and
    whether a scalar is a block scalar or a collection is in flow style."""
    return [(type(n).__name__, n.tag, n.value if isinstance(n, yaml.ScalarNode) else None,
             getattr(n, "style", None) or None, bool(getattr(n, "flow_style", False)),
             (n.start_mark.line, n.start_mark.column, n.start_mark.index),
             (n.end_mark.line, n.end_mark.column, n.end_mark.index)) for n in _walk(node)] if node else []


EDGES = {
    "crlf and astral characters": 'a: "𠀀x𬌗"\r\nb:\r\n  - 中文 😀 y\r\n  - |\r\n    块𠀀\r\n    二\r\nc: [1, 𬌗]\r\n',
    "byte-order mark": "\ufeffa: 中\nb: x\n",
    "anchors, complex keys, folded": "x: &A {a: 1}\ny: *A\nz: !!str 12\n? k\n: v\nlong: >\n  折 叠\n  text\n",
    "dates and numbers": "d: 2021-12-31\nn: 0o17\nm: 1_000\nf: .5\nx: 0x1F\ny: yes\nz: ~\n",
    "empty": "", "a comment only": "# only\n",
}
BROKEN = {"tab indent": "a:\n\tb: 1\n", "unclosed flow": "a: [1, 2\n", "colon in plain": "a: b: c\n",
          "two documents": "a: 1\n---\nb: 2\n", "unknown tag": "a: !nope 1\n",
          "unclosed quote": 'stories:\n  main:\n    headline: "赓续\n', "bad indent": "a:\n  b: 1\n c: 2\n"}


def _texts() -> dict[str, str]:
    files = [*REPO.glob("issues/*/edition.yaml"), *(REPO / "src" / "layout" / "templates").glob("*.yaml")]
    return {**{str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in files}, **EDGES}


def _both(monkeypatch, text: str):
    """parse_yaml with libyaml, then with the pure loader: each (data, node shape) or the error's type and text."""
    out = []
    for fast in (validate.FAST_LOADER, None):
        monkeypatch.setattr(validate, "FAST_LOADER", fast)
        try:
            data, node = validate.parse_yaml(text, "edition.yaml")
            out.append((data, _shape(node)))
        except Exception as exc:
            out.append((type(exc).__name__, str(exc)))
    return out


@pytest.fixture
def libyaml():
    if validate.FAST_LOADER is None:
        pytest.skip("this PyYAML has no libyaml")
    assert yaml.__with_libyaml__ and issubclass(validate.FAST_LOADER, yaml.CSafeLoader)


@pytest.mark.parametrize("name", sorted(_texts()))
def test_libyaml_gives_the_pure_loaders_data_and_marks(libyaml, monkeypatch, name):
    fast, pure = _both(monkeypatch, _texts()[name])
    assert fast == pure


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_syntax_error_reads_the_same_under_both_loaders(libyaml, monkeypatch, name):
    fast, pure = _both(monkeypatch, BROKEN[name])
    assert fast == pure and fast[0] == "ManifestError" and "edition.yaml:" in fast[1], fast


def test_what_pyyaml_itself_fails_on_reads_alike(libyaml, monkeypatch):
    """PyYAML's timestamp constructor raised AttributeError on `!!timestamp x` (and ValueError on 2021-13-45);
    dates are read as text now (issue 15: the schema refuses an impossible date), under both loaders alike."""
    fast, pure = _both(monkeypatch, "d: !!timestamp x\n")
    assert fast == pure and fast[0] == {"d": "x"}


def test_libyaml_does_the_parsing_when_present(libyaml, monkeypatch):
    used = []

    class Spy(yaml.CSafeLoader):
        def __init__(self, stream):
            used.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(validate, "FAST_LOADER", Spy)
    assert validate.parse_yaml("a: 中\n", "x.yaml")[0] == {"a": "中"} and used == ["a: 中\n"]


def test_the_sample_edition_loads_the_same_under_both_loaders(monkeypatch):
    sample = REPO / "issues" / "2021-year-end"
    editions = []
    for fast in (validate.FAST_LOADER, None):
        monkeypatch.setattr(validate, "FAST_LOADER", fast)
        editions.append(load_edition(str(sample)))
    assert editions[0] == editions[1]
    assert Path(editions[0].base_dir).resolve() == sample.resolve()
