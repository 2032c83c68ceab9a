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


LEAVES = {"atomic", "cachedir", "filedigest", "native", "textfile"}
"""Top-level modules any folder may use: stdlib-only utilities. build and cli sit above every folder."""
COMMANDS = {"desk"}
"""Folders that sit above every other one, like cli.py: desk/ (`layout serve`) calls build, the Rebuilder and
the CLI's messages; no folder imports them."""
PAINTING = {"reportlab", "pypdfium2", "pikepdf"}


def _target(rel: Path, level: int, module: str) -> str | None:
    """The folder (or top-level module) a relative import reaches, or None for an absolute import."""
    if level == 0:
        return None
    depth = len(rel.parts) - 1                 # folders between src/layout and the file
    if level > depth:                           # reaches src/layout: the first name is a folder or module
        return module.split(".")[0]
    return rel.parts[0] if depth else None


def test_pages_import_nothing_that_paints():
    """Pages are data: placing a candidate page must never touch the PDF writer or a rasteriser."""
    bad = []
    for path in (SRC / "pages").rglob("*.py"):
        rel = path.relative_to(SRC)
        for level, module, line in _imports(path):
            top = module.split(".")[0]
            reached = _target(rel, level, module)
            if (level == 0 and top in PAINTING) or reached in ("output", "review", "build", "cli"):
                bad.append(f"{rel}:{line} imports {module or '.'}")
    assert not bad, "\n".join(bad)


def test_folders_never_import_the_top_level_commands():
    """review/ and the rest may not reach up into build.py or cli.py (only leaf utilities)."""
    bad = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if len(rel.parts) == 1 or rel.parts[0] in COMMANDS:
            continue
        for level, module, line in _imports(path):
            reached = _target(rel, level, module)
            if level == 0 and module.split(".")[0] == "layout":
                reached = module.split(".")[1] if "." in module else "layout"
            if reached is not None and reached not in ORDER and reached not in LEAVES:
                bad.append(f"{rel}:{line} imports {module} (a top-level command module)")
    assert not bad, "\n".join(bad)


def test_folders_import_only_earlier_folders_and_own_libraries():
    bad = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        folder = rel.parts[0] if len(rel.parts) > 1 else None
        for level, module, line in _imports(path):
            top = module.split(".")[0]
            if level == 0 and top in OWNERS and folder is not None and folder not in OWNERS[top]:
                bad.append(f"{rel}:{line} imports {module} (owned by {sorted(OWNERS[top])})")
            if folder is None or folder in COMMANDS or level == 0:
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
