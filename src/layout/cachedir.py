"""The one place layout keeps its caches: `$LAYOUT_CACHE/<kind>`, default `~/.cache/layout/<kind>`.

Kinds: `faces` (font facts, text/faceinfo.py), `images` (photos cropped, resampled and separated
for the PDF, output/images.py), `subsets` (font programs subset to a glyph set, output/type0.py),
`pixels` (photos' pixel sizes, pages/assets.py), `digests` (photo files' content digests,
filedigest.py), `profiles` (ICC profiles compressed for the PDF, output/pdfx.py).
Everything in it is keyed by content and may be deleted at any time.
Never relative to the current folder: a build run from anywhere finds the same cache.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def cache_root() -> Path:
    return Path(os.environ.get("LAYOUT_CACHE") or Path.home() / ".cache" / "layout").expanduser().absolute()


def cache_dir(kind: str) -> Path:
    """The cache folder for one kind of thing (not created: writers make it when they first write)."""
    return cache_root() / kind


def keep(file: Path, data: bytes) -> None:
    """Write one cache entry whole (a temp file renamed into place, so a reader never sees half of it), or not at
    all: a cache that cannot be written (read-only, full) is just no cache."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".{file.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, file)
    except OSError:
        pass


def kept(file: Path, make: Callable[[], bytes]) -> bytes:
    """A bytes cache entry: read whole, or made and kept (font subsets, the compressed ICC profile)."""
    try:
        return file.read_bytes()
    except OSError:
        data = make()
        keep(file, data)
        return data
