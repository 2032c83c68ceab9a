"""SIGINT and SIGTERM at each write step of a build (LAYOUT_PAUSE_AT, atomic.py): before the renames the old pair
stays, byte for byte; during them the renames finish first, so the new pair is whole; never a temp file left.
SIGKILL leaves temp files; the next build removes them."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from layout.atomic import STEPS
from layout.build import build

from .conftest import GOOD, snapshot

NEW = GOOD.replace("这一年，衡阳成功纳入试点城市行列。", "这一年，衡阳成功纳入试点城市行列。衡阳市本报记者。")


def _start(world, step: str, flag: Path) -> subprocess.Popen:
    env = {**os.environ, "LAYOUT_PAUSE_AT": step, "LAYOUT_PAUSE_FILE": str(flag),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    return subprocess.Popen([sys.executable, "-m", "layout", "build", str(world.ed), "-o", str(world.out)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(flag: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not flag.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the build never reached the step"
        time.sleep(0.02)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def new_pair(world, tmp_path_factory) -> dict[str, bytes | str]:
    """What a whole build of the edited manifest writes (built in a copy, so the world keeps its old pair)."""
    world.manifest_text(NEW)
    ref = tmp_path_factory.mktemp("ref")
    build(str(world.ed), str(ref))
    return snapshot(ref)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("step", STEPS)
def test_a_signal_at_each_write_step(world, new_pair, step, sig):
    old = snapshot(world.out)
    assert old != new_pair
    flag = world.tmp / "paused"
    proc = _start(world, step, flag)
    _wait_for(flag, proc)
    assert _temps(world.out), "paused after the temp files were written"
    proc.send_signal(sig)
    if step == "move":                   # signals are held while the pair moves: let it go on
        time.sleep(0.2)
        flag.unlink()
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == {signal.SIGINT: 130, signal.SIGTERM: 143}[sig], err
    assert "Traceback" not in err
    assert _temps(world.out) == []
    got = snapshot(world.out)
    assert got == (new_pair if step == "move" else old)


def test_sigkill_leaves_temp_files_that_the_next_build_removes(world, new_pair):
    old = snapshot(world.out)
    flag = world.tmp / "paused"
    proc = _start(world, "check", flag)
    _wait_for(flag, proc)
    proc.kill()
    proc.communicate(timeout=60)
    left = _temps(world.out)
    assert len(left) == 2 and all(n.endswith(".tmp") for n in left)
    assert {k: v for k, v in snapshot(world.out).items() if not k.startswith(".")} == old
    build(str(world.ed), str(world.out))
    assert _temps(world.out) == [] and snapshot(world.out) == new_pair


def test_a_live_writers_temp_files_are_left_alone(world, new_pair):
    """Three builds into one folder at once stay possible: only a dead process's temp files are stale."""
    mine = world.out / f".ed.pdf.{os.getpid()}.0123abcd.tmp"
    mine.write_bytes(b"half")
    build(str(world.ed), str(world.out))
    assert mine.exists()
    mine.unlink()
    assert snapshot(world.out) == new_pair


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_before_a_proof_revision_moves_in_leaves_no_revision(world, sig):
    """A proof is made in a hidden folder beside its revision and moved in whole: stopped before, nothing."""
    flag = world.tmp / "paused"
    env = {**os.environ, "LAYOUT_PAUSE_AT": "publish", "LAYOUT_PAUSE_FILE": str(flag),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "layout", "proof", str(world.ed), "--root", str(world.root),
                             "--rev", "r1", "--dpi", "20"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    _wait_for(flag, proc)
    staged = [p for p in world.root.iterdir() if p.name.startswith(".r1.")]     # made where the path exists
    assert len(staged) == 1 and (staged[0] / "meta.json").is_file() and (staged[0] / "ed.pdf").is_file()
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, 143) and "Traceback" not in err, err
    assert list(world.root.iterdir()) == []                                        # no revs/ folders either


def test_a_proof_revision_appears_whole(world, capsys):
    from .conftest import run
    code, out, err = run(["proof", str(world.ed), "--root", str(world.root), "--rev", "r1", "--dpi", "20"], capsys)
    assert code == 0, err
    revs = world.root / "ed" / "revs"
    assert [p.name for p in revs.iterdir()] == ["r1"]
    assert sorted(p.name for p in (revs / "r1").iterdir()) == ["contact.png", "ed.pdf", "layout.json", "meta.json",
                                                               "page-01.png"]


@pytest.mark.parametrize("step", STEPS)
def test_a_signal_while_import_writes_its_pair(world, step):
    """edition.yaml and import-report.txt go in together too: stopped before the move, neither is there."""
    from .cases import COPY
    world.write("c.txt", COPY)
    flag = world.tmp / "paused"
    env = {**os.environ, "LAYOUT_PAUSE_AT": step, "LAYOUT_PAUSE_FILE": str(flag),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    target = world.tmp / "imported"
    proc = subprocess.Popen([sys.executable, "-m", "layout", "import", str(world.tmp / "c.txt"), "-o", str(target)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(flag, proc)
    proc.send_signal(signal.SIGINT)
    if step == "move":
        time.sleep(0.2)
        flag.unlink()
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err, err
    if step == "move":
        assert sorted(p.name for p in target.iterdir()) == ["edition.yaml", "import-report.txt"]
    else:
        assert not target.exists()                     # the folder it made for them is gone again


def test_a_proof_that_fails_half_way_leaves_the_root_as_it_was(world, capsys, monkeypatch):
    """The PDF and layout.json are written, then the rasteriser fails: no revision, no folder, no temp file."""
    import layout.review.proof as proof
    from layout.review.raster import RasterError

    def broken(*_a, **_k):
        raise RasterError("pdfium could not open the page")
    monkeypatch.setattr(proof, "render_each", broken)
    from .conftest import run
    code, _out, err = run(["proof", str(world.ed), "--root", str(world.root), "--rev", "r1"], capsys)
    assert code == 1 and "pdfium could not open the page" in err
    assert list(world.root.iterdir()) == []
