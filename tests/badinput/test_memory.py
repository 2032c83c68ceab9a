"""The heaviest refused inputs as real `layout` processes: refused with the same message and status as in-process,
and the process's peak memory (ru_maxrss) under 500 MB."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .cases import CASES

HEAVY = ["dense_values_just_under_the_size_limit", "billion_laughs",
         "alias_fan_out_in_a_story", "huge_manifest", "deep_flow_nesting", "deep_block_nesting",
         "deep_dash_nesting", "decompression_bomb_png", "text_overset", "comma_flood", "proof_dpi_huge",
         "import_binary_file"]
LIMIT_MB = 500

PROBE = """
import resource, sys
from layout.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stderr.write(f"\\nmaxrss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
sys.exit(code)
"""


@pytest.mark.parametrize("name", HEAVY)
def test_a_heavy_refused_input_stays_under_500_mb(world, name):
    expect = CASES[name](world)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    res = subprocess.run([sys.executable, "-c", PROBE, *expect.argv], capture_output=True, text=True, env=env,
                         cwd=world.tmp, timeout=60)
    assert res.returncode == expect.code, res.stderr
    assert "Traceback" not in res.stderr
    assert all(w.lower() in res.stderr.lower() for w in expect.words), res.stderr
    peak_mb = int(res.stderr.rsplit("maxrss_kb=", 1)[1]) / 1024
    assert peak_mb < LIMIT_MB, f"{name}: peak {peak_mb:.0f} MB"
