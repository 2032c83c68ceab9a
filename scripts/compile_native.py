"""Compile the text layer with mypyc into .cache/native/<key>/ (layout/native.py says why and how it is loaded).

Run by `make` at set-up; does nothing when the compiled modules for the current sources exist. Where there is no
C compiler or no Python headers it says so and exits 0: layout then runs as plain Python (the same output, slower).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from layout import native  # noqa: E402

MYPY_INI = """[mypy]
check_untyped_defs = True
[mypy-reportlab.*,fontTools.*,uharfbuzz.*,pypdfium2.*]
ignore_missing_imports = True
"""
"""The compiler type-checks what the five import as `make lint` does (pyproject.toml's [tool.mypy], whose `files`
and unused-section warnings are about the whole repository)."""
SETUP = """from setuptools import setup
from mypyc.build import mypycify
setup(name="layout-native", ext_modules=mypycify({paths!r}, opt_level="3", group_name={group!r}))
"""


def compile_into(root: Path) -> str:
    """Compile the current sources into root/<key>/ (unless there) and drop older keys; what happened, in words."""
    key = native.key()
    dest = root / key
    if (dest / "layout" / "text" / native.STAMP).is_file():
        return f"native: the compiled text layer is up to date ({key})"
    with tempfile.TemporaryDirectory(prefix="layout-native-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(REPO / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.egg-info"))
        (src / "mypy.ini").write_text(MYPY_INI, encoding="utf-8")
        paths = [f"layout/text/{m}.py" for m in native.MODULES]
        (src / "setup_native.py").write_text(SETUP.format(paths=paths, group=native.GROUP), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "LAYOUT_PURE"}
        res = subprocess.run([sys.executable, "setup_native.py", "build_ext", "--build-lib", str(Path(tmp) / "lib"),
                              "--build-temp", str(Path(tmp) / "temp")], cwd=src, env=env, capture_output=True,
                             text=True)
        built = sorted((Path(tmp) / "lib" / "layout" / "text").glob("*.so"))
        if res.returncode or len(built) != len(native.MODULES) + 1:
            tail = "\n  ".join((res.stderr or res.stdout).strip().splitlines()[-6:])
            return ("native: compiling the text layer failed; layout runs as plain Python (the same output, "
                    f"~10 % slower). The compiler said:\n  {tail}")
        import mypy.version
        stage = root / f".{key}.{os.getpid()}"
        shutil.rmtree(stage, ignore_errors=True)
        (stage / "layout" / "text").mkdir(parents=True)
        for so in built:
            shutil.copy2(so, stage / "layout" / "text" / so.name)
        stamp = {"modules": list(native.MODULES), "sources": list(native.SOURCES), "mypy": mypy.version.__version__,
                 "python": sys.version}
        (stage / "layout" / "text" / native.STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(stage, dest)
    for old in root.iterdir():               # this interpreter's builds of sources that are no more
        try:
            made_by = json.loads((old / "layout" / "text" / native.STAMP).read_text(encoding="utf-8"))["python"]
        except (OSError, ValueError, KeyError):
            made_by = sys.version            # unfinished or unreadable: not worth keeping either
        if old.name != key and made_by == sys.version:
            shutil.rmtree(old, ignore_errors=True)
    return f"native: compiled the text layer with mypyc ({key})"


def main() -> int:
    if os.environ.get("LAYOUT_PURE"):
        print("native: LAYOUT_PURE is set; the text layer is not compiled")
        return 0
    native.ROOT.mkdir(parents=True, exist_ok=True)
    print(compile_into(native.ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
