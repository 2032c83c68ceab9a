"""docs/preflight.md and the code name the same checks and profiles."""
from __future__ import annotations

import re
from pathlib import Path

from layout.output.preflight import PROFILES
from layout.output.preflight.catalogue import CHECKS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "preflight.md").read_text(encoding="utf-8")


def test_every_check_is_documented_and_every_documented_check_exists():
    rows = re.findall(r"^\| `([a-z_0-9]+\.[a-z_0-9]+)` \| (\d\d) \|", DOC, re.M)
    assert sorted(k for k, _ in rows) == sorted(CHECKS)
    assert all(CHECKS[k][0] == int(rule) for k, rule in rows)


def test_every_profile_is_documented():
    for key in PROFILES:
        assert f"| `{key}` |" in DOC
