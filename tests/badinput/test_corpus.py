"""Issue 15: every bad input is one clear message and the documented exit status, never a traceback, and the
world is byte-identical afterwards (the old build pair kept, nothing half-written, no temp file)."""
from __future__ import annotations

import pytest

from layout.clierrors import INTERNAL

from .cases import CASES
from .conftest import run, snapshot


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 80


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name, world, capsys):
    expect = CASES[name](world)
    before = snapshot(world.tmp)
    code, out, err = run(expect.argv, capsys)
    assert "Traceback" not in err and code != INTERNAL, err
    assert code == expect.code, (code, out, err)
    missing = [w for w in expect.words if w.lower() not in err.lower()]
    assert not missing, f"{missing} not in: {err}"
    after = snapshot(world.tmp)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, changed
