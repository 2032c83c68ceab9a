"""`layout serve` started for real: a subprocess on a free loopback port, serving a copy of the sample edition,
its build and revisions under tmp_path."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import SAMPLE, real_fonts_available

SAMPLE_ID = SAMPLE.name
BODY_START = "2021年，在中国共产党迎来百年华诞"      # the first body paragraph of the sample's main story


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def needs_sample() -> None:
    if not real_fonts_available():
        pytest.skip("CJK fonts not installed: run `make fonts`")
    if not (SAMPLE / "photos").is_dir():
        pytest.skip("stand-in photos missing: run `make standins`")


@dataclass
class Served:
    proc: subprocess.Popen
    url: str
    edition: Path
    root: Path
    log: Path

    @property
    def manifest(self) -> Path:
        return self.edition / "edition.yaml"

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=30) as r:
            return r.read()

    def state(self) -> dict:
        return json.loads(self.get(f"/api/state?ed={SAMPLE_ID}"))

    def wait(self, test, timeout: float = 20.0) -> dict:
        """Poll the state until test(state) holds."""
        end = time.monotonic() + timeout
        while True:
            st = self.state()
            if test(st):
                return st
            if time.monotonic() > end:
                raise AssertionError(f"state never got there: {json.dumps(st, ensure_ascii=False)[:400]}")
            time.sleep(0.05)

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")


def edit(manifest: Path, old: str, new: str) -> None:
    """Save the manifest with one change, as an editor does (write in place)."""
    text = manifest.read_text(encoding="utf-8")
    assert old in text, old
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def served(tmp_path) -> Iterator[Served]:
    needs_sample()
    edition = tmp_path / SAMPLE_ID
    shutil.copytree(SAMPLE, edition)
    root = tmp_path / "build"
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    log = tmp_path / "serve.log"                   # a file, not a pipe: 200 failed builds' messages never block
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "layout", "serve", str(edition), "--port", str(port),
                                 "--root", str(root)], stdout=subprocess.PIPE, stderr=err, text=True, env=env,
                                cwd=tmp_path)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("layout serve: http://127.0.0.1:"), line + log.read_text()
    s = Served(proc, f"http://127.0.0.1:{port}", edition, root, log)
    try:
        s.wait(lambda st: st["gen"] >= 1)
        yield s
    finally:
        proc.send_signal(signal.SIGINT)             # Ctrl-C: stops cleanly, exit 0, no traceback
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError("layout serve did not stop on Ctrl-C") from None
    assert code == 0 and "Traceback" not in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")
