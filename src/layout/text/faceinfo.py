"""Facts about a font face, read once with fontTools and kept on disk.

Reading a Noto CJK face's CFF header and 65,535-entry charset costs ~0.1 s per face, every
build, and the family names of a 10-face TTC ~0.05 s; the answers only change when the file
does. So they are cached by path, size and mtime under $LAYOUT_CACHE/faces (default
~/.cache/layout/faces; see cachedir.py). Both the layout (`fonts.py`) and the PDF writer
(`output/type0.py`) read faces through here. The reading itself is `fontread.py`, imported only
on a cache miss: a warm build does not load fontTools at all.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..cachedir import cache_dir, keep
from .cjk import CONNECT, FULLWIDTH_CLOSE, FULLWIDTH_OPEN, MIDDOT, PAUSE, SOLIDUS

VERSION = 2
PUNCTUATION = PAUSE + FULLWIDTH_CLOSE + FULLWIDTH_OPEN + MIDDOT + SOLIDUS + CONNECT + "…⋯⸺"
"""Marks whose ink position decides their blank side (§2.1): measured with fontTools once per face."""


class FaceError(Exception):
    """A file that is not a font we can use."""


@dataclass(frozen=True)
class FaceInfo:
    psname: str
    family: str
    outline: str                  # cff | ttf
    cid_keyed: bool
    embeddable: bool
    upem: int
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic: float
    cids: dict[int, int] = field(default_factory=dict)   # gid → CID where they differ (CID-keyed CFF)
    # mark → advance, ink left, ink right, as fractions of the em
    punct: dict[str, tuple[float, float, float]] = field(default_factory=dict)


_MEMO: dict[tuple[str, int], FaceInfo] = {}
_NAMES: dict[str, list[str]] = {}


def face_info(path: str, index: int = 0) -> FaceInfo:
    abspath = os.path.abspath(path)
    key = (abspath, index)
    got = _MEMO.get(key)
    if got is None:
        got = _MEMO[key] = _cached(
            path, f"{abspath}:{index}", lambda: _fontread("read_face")(path, index), asdict,
            lambda data: FaceInfo(**{**data, "bbox": tuple(data["bbox"]),
                                     "cids": {int(k): v for k, v in data["cids"].items()},
                                     "punct": {k: tuple(v) for k, v in data["punct"].items()}}))
    return got


def face_names(path: str) -> list[str]:
    """Family names (name ID 1) of each face in a file (one entry for .ttf/.otf)."""
    abspath = os.path.abspath(path)
    got = _NAMES.get(abspath)
    if got is None:
        got = _NAMES[abspath] = _cached(path, f"names:{abspath}", lambda: _fontread("face_names")(path),
                                        lambda names: {"names": names}, lambda data: [str(n) for n in data["names"]])
    return list(got)


def _cached(path: str, what: str, read: Callable[[], Any], encode: Callable[[Any], dict],
            decode: Callable[[dict], Any]) -> Any:
    """`decode` of the cached JSON for `what` of this file (its size and mtime), else `read()`, cached."""
    st = os.stat(path)
    digest = hashlib.sha256(f"{VERSION}:{what}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:32]
    file = cache_dir("faces") / f"{digest}.json"
    try:
        return decode(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        pass
    got = read()
    keep(file, json.dumps(encode(got)).encode("utf-8"))
    return got


def _fontread(name: str) -> Callable[..., Any]:
    """A reader of fontread.py, imported on first use (a call, not an import statement: see the docstring)."""
    return getattr(importlib.import_module(".fontread", __package__), name)
