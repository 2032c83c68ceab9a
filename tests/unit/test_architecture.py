"""The layer table: a module imports only from its own folder's lower layers and earlier folders."""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "layout"
ORDER = ["model", "text", "pages", "output", "review", "intake"]
OWNERS = {"yaml": {"model"}, "fontTools": {"text"}, "uharfbuzz": {"text", "output"}, "reportlab": {"output"},
          "PIL": {"pages", "output", "review"}}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.level, node.module or "", node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield 0, alias.name, node.lineno


def test_folders_import_only_earlier_folders_and_own_libraries():
    bad = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        folder = rel.parts[0] if len(rel.parts) > 1 else None
        for level, module, line in _imports(path):
            top = module.split(".")[0]
            if level == 0 and top in OWNERS and folder is not None and folder not in OWNERS[top]:
                bad.append(f"{rel}:{line} imports {module} (owned by {sorted(OWNERS[top])})")
            if folder is None or level == 0:
                continue
            target = module.split(".")[0] if level >= 2 else folder
            if target in ORDER and ORDER.index(target) > ORDER.index(folder):
                bad.append(f"{rel}:{line} imports from later folder {target}")
    assert not bad, "\n".join(bad)


def test_no_function_local_imports():
    bad = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        bad.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not bad, bad
