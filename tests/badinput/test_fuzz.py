"""A seeded mutator over manifests, templates and copy files, through `build`, `lint` and `import`: never a
traceback, never a hang over 10 s, never a partial output (a refused input leaves the old pair; an accepted one
writes a whole new pair), never a temp file left.

CI runs a fixed seed and a small count; `make fuzz` a long run (LAYOUT_FUZZ_COUNT, LAYOUT_FUZZ_SEED: a failure
prints the seed and the mutant's index, and the same pair reproduces it)."""
from __future__ import annotations

import json
import os
import random
import signal
from collections.abc import Callable

import pytest

from layout.clierrors import INTERNAL

from .cases import COPY
from .conftest import GOOD, run, snapshot

COUNT = int(os.environ.get("LAYOUT_FUZZ_COUNT", "100"))
SEED = int(os.environ.get("LAYOUT_FUZZ_SEED", "15"))
HANG = 10.0

NASTY = ["\x00", "\x1b", "\x0b", "\x0c", "\x85", "\x9f", "\u2028", "\ufeff", "\t", "\r", "\n", ":", ": ", "- ", "[",
         "]", "{", "}", "&a ", "*a", "!!", "|", ">", "#", "'", '"', "%", "@", "`", "? ", ",", "，", "。", "“", "」",
         "衡", "𠀀", "A" * 50, "-1", "0", "99999", "1e308", ".nan", "null", "~", "true", "2021-13-45", "../" * 3]
NUMBERS = ["-1", "0", "1", "99999", "1e308", "-0.0", ".inf", ".nan", "null", "[]", "{}", "'7'", "2.5"]


def mutate(text: str, rng: random.Random) -> str | bytes:
    """One to three edits of the text: insert a nasty token, delete or duplicate a span, replace a number,
    shift a line's indentation, swap two lines, truncate; now and then the whole thing in another encoding."""
    for _ in range(rng.randint(1, 3)):
        n = len(text)
        i, j = sorted(rng.randrange(n + 1) for _ in range(2))
        op = rng.randrange(7)
        if op == 0:
            text = text[:i] + rng.choice(NASTY) + text[i:]
        elif op == 1:
            text = text[:i] + text[min(j, i + 40):]
        elif op == 2:
            text = text[:j] + text[i:min(j, i + 200)] * rng.randint(2, 50) + text[j:]
        elif op == 3:
            digits = [k for k, c in enumerate(text) if c.isdigit()]
            if digits:
                k = rng.choice(digits)
                text = text[:k] + rng.choice(NUMBERS) + text[k + 1:]
        elif op == 4:
            lines = text.split("\n")
            k = rng.randrange(len(lines))
            lines[k] = " " * rng.choice([1, 2, 3, 8]) + lines[k] if rng.random() < 0.5 else lines[k].lstrip()
            text = "\n".join(lines)
        elif op == 5:
            lines = text.split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        else:
            text = text[:i]
    roll = rng.random()
    if roll < 0.05:
        return text.encode("gb18030", errors="replace")
    if roll < 0.08:
        return text.encode("utf-16")
    return text


class Hang(BaseException):
    """More than HANG seconds on one input."""


def _alarm(_sig, _frame):
    raise Hang()


def _check(world, capsys, argv: list[str], watch, label: str, wrote: Callable[[], None] | None = None) -> None:
    before = snapshot(watch)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG)
    try:
        code, out, err = run(argv, capsys)
    except Hang:
        pytest.fail(f"{label}: no answer in {HANG:g} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert "Traceback" not in err and code != INTERNAL, f"{label}:\n{err}"
    assert code in (0, 1, 2), f"{label}: exit {code}\n{err}"
    after = snapshot(watch)
    assert not [k for k in after if os.path.basename(k).startswith(".") and k.endswith(".tmp")], label
    if code != 0 or wrote is None:
        if code != 0:
            assert after == before, f"{label}: refused (exit {code}) but the output changed\n{err}"
    else:
        wrote()


def _pair_whole(world) -> None:
    pdf = world.out / "ed.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-") and b"%%EOF" in pdf.read_bytes()[-1024:]
    assert json.loads((world.out / "layout.json").read_text(encoding="utf-8"))["format"].startswith("layout.json/")


def _mutants(base: str, salt: int):
    rng = random.Random(SEED * 1000 + salt)
    for k in range(COUNT):
        yield k, mutate(base, rng)


def test_fuzz_manifests_through_build_and_lint(world, capsys):
    for k, mutant in _mutants(GOOD, 1):
        world.write("ed/edition.yaml", mutant)
        label = f"manifest mutant {k} (seed {SEED}): {mutant[:300]!r}"
        _check(world, capsys, ["build", str(world.ed), "-o", str(world.out)], world.out, label,
               lambda: _pair_whole(world))
        _check(world, capsys, ["lint", str(world.ed)], world.tmp, label)


def test_fuzz_lint_fix(world, capsys):
    base = GOOD.replace("，", ",").replace("。", ".")
    for k, mutant in _mutants(base, 2):
        world.write("ed/edition.yaml", mutant)
        label = f"lint --fix mutant {k} (seed {SEED}): {mutant[:300]!r}"
        _check(world, capsys, ["lint", str(world.ed), "--fix"], world.ed, label, lambda: None)


def test_fuzz_templates_through_build(world, capsys):
    base = (world.ed / "square.yaml").read_text(encoding="utf-8")
    for k, mutant in _mutants(base, 3):
        world.write("ed/square.yaml", mutant)
        label = f"template mutant {k} (seed {SEED}): {mutant[:300]!r}"
        _check(world, capsys, ["build", str(world.ed), "-o", str(world.out)], world.out, label,
               lambda: _pair_whole(world))


def test_fuzz_copy_through_import(world, capsys):
    base = COPY * 3 + "（图）衡阳市。\n■本报记者 摄\n大事记\n1. 5月7日 衡阳市本报记者。\n"
    for k, mutant in _mutants(base, 4):
        world.write("copy.txt", mutant)
        label = f"copy mutant {k} (seed {SEED}): {mutant[:300]!r}"
        target = world.tmp / f"imp{k}"
        _check(world, capsys, ["import", str(world.tmp / "copy.txt"), "-o", str(target)], world.tmp, label,
               lambda: None)
        if target.exists():
            _check(world, capsys, ["lint", str(target)], world.tmp, label)
