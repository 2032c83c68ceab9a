"""Helpers written once: one YAML key-path formatter."""
from __future__ import annotations

import re
from pathlib import Path

from layout.model.validate import key_text

SRC = Path(__file__).resolve().parents[2] / "src" / "layout"
ROOT = SRC.parents[1]


def test_key_paths_are_formatted_by_one_function():
    assert key_text(("pages", 0, "blocks", 1, "span")) == "pages[0].blocks[1].span"
    assert key_text(["stories", "main", "body", 2]) == "stories.main.body[2]"
    copies = [f"{path.relative_to(SRC)}:{n}" for path in sorted(SRC.rglob("*.py"))
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r'f"\[\{\w+\}\]"', line)]                       # f"[{p}]": an index in a key path
    assert len(copies) == 1 and copies[0].startswith("model/validate.py:"), copies

