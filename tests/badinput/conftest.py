"""The bad-input corpus's world: a small good edition (the square test font), an old build pair in its output
folder, a proof root, and a snapshot of every byte under the test's folder, so each case can say "nothing
changed" exactly."""
from __future__ import annotations

import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from layout.build import build
from layout.cli import main

from ..conftest import write_edition

GOOD = """\
edition:
  paper: 衡阳日报
  date: 2021-12-31
  title: 年终特别报道
  template: square.yaml
stories:
  main:
    headline: 赓续精神血脉
    body:
      - 这一年，衡阳成功纳入试点城市行列。
pages:
  - page: 1
    blocks:
      - {headline: main, column: 1, line: 1, span: 8, lines: 6}
      - {text: main, column: 1, line: 7, span: 2, lines: 10}
"""


@dataclass
class World:
    tmp: Path
    ed: Path                     # the edition folder (edition.yaml, square.yaml)
    out: Path                    # a build folder holding the old pair (ed.pdf, layout.json)
    root: Path                   # a proof root (empty)
    font: str

    @property
    def manifest(self) -> Path:
        return self.ed / "edition.yaml"

    def write(self, name: str, data: str | bytes) -> Path:
        """A file under the world (relative to tmp), text as UTF-8."""
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def manifest_text(self, text: str) -> Path:
        return self.write("ed/edition.yaml", textwrap.dedent(text))


@pytest.fixture(scope="session")
def old_pair(tmp_path_factory, square_font) -> Path:
    """The good edition built once: the "old pair" every build case must leave as it was."""
    base = tmp_path_factory.mktemp("oldpair")
    ed = write_edition(base / "ed", GOOD, square_font)
    build(str(ed), str(base / "out"))
    return base / "out"


@pytest.fixture
def world(tmp_path, square_font, old_pair, monkeypatch) -> World:
    ed = write_edition(tmp_path / "ed", GOOD, square_font)
    out = tmp_path / "out"
    shutil.copytree(old_pair, out)
    root = tmp_path / "root"
    root.mkdir()
    monkeypatch.chdir(tmp_path)
    return World(tmp_path, ed, out, root, square_font)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file (hidden ones too) and folder under `folder`: path → bytes, or "dir"."""
    got: dict[str, bytes | str] = {}
    for dirpath, dirs, files in os.walk(folder):
        for d in dirs:
            got[os.path.relpath(os.path.join(dirpath, d), folder)] = "dir"
        for f in files:
            p = os.path.join(dirpath, f)
            got[os.path.relpath(p, folder)] = Path(p).read_bytes() if not os.path.islink(p) else "link"
    return got


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """`layout ARGV` in this process: (exit status, stdout, stderr); argparse's exit becomes its status."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    got = capsys.readouterr()
    return code, got.out, got.err
