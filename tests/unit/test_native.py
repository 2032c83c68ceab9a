"""The compiled text layer (layout/native.py): built where a C compiler is, loaded only for the sources it was
compiled from, and setting every line to the same bits as the plain Python it was compiled from."""
from __future__ import annotations

import ast
import importlib
import os
import shutil
import subprocess
import sys
import sysconfig
import types
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout import native
from layout.build import build
from layout.model.style import Composition
from layout.text import linebreak, measure, setline
from layout.text.items import Span

from ..conftest import SAMPLE, real_fonts_available
from ..linebreak.test_properties import PROPERTY, SIZE, paragraphs

REPO = Path(__file__).resolve().parents[2]
COMPILED = not str(setline.__file__).endswith(".py")


def _closure() -> set[str]:
    """The package's modules the compiled ones import, directly or through each other (read from the source)."""
    pkg = native.PACKAGE
    todo, seen = [f"text/{m}.py" for m in native.MODULES], set()
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        parts = Path(rel).parts[:-1]
        for node in ast.walk(ast.parse((pkg / rel).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = list(parts[:len(parts) - node.level + 1]) + (node.module.split(".") if node.module else [])
            names = [base] if (pkg.joinpath(*base).with_suffix(".py")).is_file() else \
                [base + [a.name] for a in node.names]
            todo += ["/".join(n) + ".py" for n in names if pkg.joinpath(*n).with_suffix(".py").is_file()]
    return seen


def test_the_key_covers_every_source_the_compiler_read():
    assert set(native.SOURCES) == _closure()


def test_an_edited_source_has_another_key_so_its_old_extension_is_not_loaded(tmp_path, monkeypatch):
    copy = tmp_path / "layout"
    for rel in native.SOURCES:
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(native.PACKAGE / rel, copy / rel)
    assert native.key(copy) == native.key()
    keys = set()
    for rel in native.SOURCES:
        before = (copy / rel).read_bytes()
        (copy / rel).write_bytes(before + b"\n# an edit\n")
        keys.add(native.key(copy))
        (copy / rel).write_bytes(before)
    assert len(keys) == len(native.SOURCES) and native.key() not in keys
    compiled = tmp_path / "native"
    monkeypatch.setattr(native, "ROOT", compiled)
    monkeypatch.delenv("LAYOUT_PURE", raising=False)
    folder = native.compiled_dir()
    folder.mkdir(parents=True)
    (folder / native.STAMP).write_text("{}")
    assert native.search_path() == [str(folder)]
    monkeypatch.setattr(native, "PACKAGE", copy)
    (copy / "text" / "setline.py").write_bytes((copy / "text" / "setline.py").read_bytes() + b"\n# an edit\n")
    assert native.search_path() == []                       # compiled from other sources: not used
    monkeypatch.setattr(native, "PACKAGE", native.PACKAGE)
    monkeypatch.setenv("LAYOUT_PURE", "1")
    assert native.search_path() == []


def _can_compile() -> bool:
    return bool(shutil.which(sysconfig.get_config_var("CC").split()[0] if sysconfig.get_config_var("CC") else "cc")
                and Path(sysconfig.get_paths()["include"], "Python.h").is_file())


@pytest.mark.skipif(bool(os.environ.get("LAYOUT_PURE")), reason="LAYOUT_PURE is set")
def test_make_compiled_the_text_layer_where_a_compiler_is():
    """`make` ran scripts/compile_native.py: on a machine with a C compiler and Python's headers, the modules the
    tests import are the compiled ones (a failed compile would otherwise pass unseen, only slower)."""
    if not _can_compile():
        pytest.skip("no C compiler or Python headers: the text layer runs as plain Python")
    assert COMPILED, native.state()
    for name in native.MODULES:
        mod = importlib.import_module(f"layout.text.{name}")
        assert mod.__file__.startswith(str(native.compiled_dir())), mod.__file__
    assert native.state().startswith("compiled")


def _pure_text() -> types.ModuleType:
    """layout.text's modules loaded again from their .py files, as a package of their own beside it."""
    name = "layout.puretext"
    if name not in sys.modules:
        pkg = types.ModuleType(name)
        pkg.__path__ = [str(native.PACKAGE / "text")]
        pkg.__package__ = name
        sys.modules[name] = pkg
    return sys.modules[name]


RULES = [Composition(), replace(Composition(), digit_gap=0.25, hang=True, breaker="first"),
         replace(Composition(), punctuation="kaiming", level="strict", trim_opening=False)]


@pytest.mark.skipif(not COMPILED, reason="the text layer is not compiled here")
@settings(PROPERTY, max_examples=200)
@given(text=paragraphs, rules=st.sampled_from(RULES), chars=st.integers(4, 24), indent=st.sampled_from([0, 1, 2]),
       align=st.sampled_from(["justify", "center", "spread"]))
def test_compiled_and_plain_python_set_the_same_lines(square_fonts, text, rules, chars, indent, align):
    _pure_text()
    pm, pb, ps = (importlib.import_module(f"layout.puretext.{n}") for n in ("measure", "linebreak", "setline"))
    assert pm.__file__.endswith(".py") and not str(measure.__file__).endswith(".py")
    spans = [Span(text, "body", SIZE)]
    widths, indents = [(chars - indent) * SIZE, chars * SIZE], [indent * SIZE, 0.0]
    got = []
    for m_, b_, s_ in ((measure, linebreak, setline), (pm, pb, ps)):
        m = m_.measure(spans, square_fonts, rules)
        brs = b_.break_lines(m, widths, rules.costs, rules.breaker, rules.hang)
        got.append(repr((m, brs, s_.set_lines(m, brs, widths, indents, spans, align))))
    assert got[0] == got[1], text                        # repr: every float to the last bit


@pytest.mark.skipif(not COMPILED, reason="the text layer is not compiled here")
def test_compiled_and_plain_python_build_the_same_bytes(tmp_path, monkeypatch):
    """Whole editions: the sample and four pages of all-different copy, built here (compiled) and by a process
    with LAYOUT_PURE=1: the PDF and layout.json byte for byte."""
    if not real_fonts_available() or not (SAMPLE / "photos").is_dir():
        pytest.skip("fonts or stand-in photos missing: run `make setup standins`")
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench, "WORK", tmp_path)
    for ed in (SAMPLE, bench.synthetic(4, distinct=True)):
        ours = build(str(ed), str(tmp_path / f"{ed.name}-compiled"))
        pure = tmp_path / f"{ed.name}-pure"
        env = {**os.environ, "LAYOUT_PURE": "1"}
        subprocess.run([sys.executable, "-m", "layout", "build", str(ed), "-o", str(pure)], env=env, check=True,
                       capture_output=True)
        assert (pure / ours.pdf.name).read_bytes() == ours.pdf.read_bytes(), ed.name
        assert (pure / "layout.json").read_bytes() == ours.json.read_bytes(), ed.name
