"""A photo file's content digest, read once per version of the file.

Three things need a photo's digest: the edition's content hash (model/manifest.py), the key of its
prepared copy (output/images.py) and layout.json's picture identity (a diff tells a replaced photo
from a moved one). Hashing the 27 MB of a 32-page edition's photos three times was a tenth of its
build; now each version of a file (path, size, mtime) is hashed once and remembered, in this process
and in $LAYOUT_CACHE/digests for the next build. A file replaced with the same size and mtime to the
nanosecond would be missed — the assumption every file cache here makes.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from .cachedir import cache_dir, keep


def digest(path: str) -> str:
    """The SHA-256 of the file's bytes, hex; "" when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return _digest(os.path.abspath(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=1024)
def _digest(path: str, size: int, mtime: int) -> str:
    note = cache_dir("digests") / hashlib.sha256(f"{path}:{size}:{mtime}".encode()).hexdigest()[:32]
    try:
        known = note.read_text(encoding="ascii")
        if len(known) == 64 and all(c in "0123456789abcdef" for c in known):
            return known
    except (OSError, ValueError):
        pass
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    except OSError:
        return ""
    got = h.hexdigest()
    keep(note, got.encode("ascii"))
    return got
