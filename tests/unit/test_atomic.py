"""One write_atomic for the build, proofs, import and lint --fix: whole or nothing, old file kept on failure."""
from __future__ import annotations

import os
import stat

import pytest

import layout.atomic
import layout.build
import layout.intake.lint
from layout.atomic import write_atomic


def test_build_and_lint_use_the_same_writer():
    assert layout.build.write_atomic is layout.atomic.write_atomic
    assert layout.intake.lint.write_atomic is layout.atomic.write_atomic


def test_writes_bytes_creating_the_folder_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "a" / "b" / "out.pdf"
    write_atomic(target, b"one")
    write_atomic(str(target), "二".encode())
    assert target.read_bytes() == "二".encode()
    assert [p.name for p in target.parent.iterdir()] == ["out.pdf"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "edition.yaml"
    target.write_bytes(b"old")

    def broken(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["edition.yaml"]


def test_a_replaced_file_keeps_its_mode_a_new_one_gets_the_umasks(tmp_path):
    kept = tmp_path / "edition.yaml"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_atomic(kept, b"new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    plain = tmp_path / "plain"
    plain.write_bytes(b"")                     # what open() gives a new file here
    write_atomic(tmp_path / "new.pdf", b"x")
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
