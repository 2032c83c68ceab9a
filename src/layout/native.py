"""The text layer compiled: measure, junctions, prefix, linebreak and setline built by mypyc into C extensions
(`make` runs scripts/compile_native.py), and loaded only while they match their sources.

Why: breaking and setting lines is the largest part of a build of new copy, and those loops, compiled from the same
typed source, take ~30 % less time (32 pages of all-different copy: the whole build ~11 % less CPU). The bytes
are the same either way (tests/unit/test_native.py builds with and without).

The extensions live in `.cache/native/<key>/layout/text/`, where <key> digests the interpreter and the sources
the compiler read (the five modules and what they import from the package, SOURCES): an edited source has
another key, so a stale extension is never loaded; the pure module is, until `make` compiles again. Without a
C compiler the build says so and everything runs as plain Python. LAYOUT_PURE=1 loads the pure modules always.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parents[1] / ".cache" / "native"
"""Where compiled builds are kept, one folder per key (in the checkout; `make distclean` removes it)."""
MODULES = ("junctions", "measure", "prefix", "linebreak", "setline")
"""The modules of layout.text that are compiled."""
SOURCES = ("text/junctions.py", "text/measure.py", "text/prefix.py", "text/linebreak.py", "text/setline.py",
           "text/items.py", "text/cjk.py", "text/fonts.py", "text/faceinfo.py", "model/style.py", "model/units.py",
           "cachedir.py")
"""The compiled modules and every module of the package they import, directly or not (the compiler reads their
types and constants): the key covers them all. tests/unit/test_native.py checks the list against the imports."""
GROUP = "layout.text.compiled"
"""mypyc's name for the shared library of the five (layout.text.compiled__mypyc, found beside them)."""
STAMP = "compiled.json"
"""Written last into a compiled folder: what was compiled, by which mypy and interpreter."""


def key(package: Path | None = None) -> str:
    """The digest of this interpreter and of the sources in SOURCES under `package` (default: this package)."""
    package = package or PACKAGE
    h = hashlib.sha256(f"{sys.version}\0{sys.implementation.cache_tag}\0{sys.platform}\0".encode())
    for rel in SOURCES:
        h.update(rel.encode() + b"\0")
        h.update((package / rel).read_bytes())
    return h.hexdigest()[:24]


def compiled_dir() -> Path:
    """The folder the compiled text modules for these sources are (or would be) in."""
    return ROOT / key() / "layout" / "text"


def search_path() -> list[str]:
    """What goes before layout.text's own folder on its __path__: the compiled modules for these sources, or
    nothing (LAYOUT_PURE set, nothing compiled, or compiled from other sources or for another interpreter)."""
    if os.environ.get("LAYOUT_PURE"):
        return []
    try:
        folder = compiled_dir()
    except OSError:                 # a source unreadable: the import that needs it will say so
        return []
    return [str(folder)] if (folder / STAMP).is_file() else []


def state() -> str:
    """Which text layer this process runs, in words (`make bench` prints it)."""
    where = getattr(importlib.import_module(".text.setline", __package__), "__file__", "") or ""
    if not where.endswith(".py"):
        return f"compiled (mypyc, {key()})"
    if os.environ.get("LAYOUT_PURE"):
        return "pure Python (LAYOUT_PURE is set)"
    return "pure Python (no compiled modules for these sources: `make` compiles them)"
