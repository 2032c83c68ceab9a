"""Helpers written once: one YAML key-path formatter, and no function in model/ or intake/ that nothing uses."""
from __future__ import annotations

import ast
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


def test_model_and_intake_define_no_unused_functions():
    """Each function and method defined in model/ and intake/ is named somewhere besides its definition."""
    texts = [p.read_text(encoding="utf-8") for d in (SRC, ROOT / "tests", ROOT / "scripts") for p in d.rglob("*.py")]
    unused = []
    for path in sorted([*(SRC / "model").glob("*.py"), *(SRC / "intake").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("__"):
                if sum(len(re.findall(rf"\b{node.name}\b", t)) for t in texts) <= 1:
                    unused.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert not unused, "\n".join(unused)
