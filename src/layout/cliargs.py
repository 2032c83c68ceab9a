"""Command-line values checked before any work: argparse types (a bad value is a usage error naming the flag,
exit 2, nothing read or written) and the checks of paths and files the commands share."""
from __future__ import annotations

import argparse
import datetime as dt
import math
import re
from pathlib import Path

from .textfile import TextFileError, read_text, refused_characters

MAX_DPI = 1200.0
"""Highest PNG resolution for proofs and variants: a broadsheet page at 1200 dpi is already 18 × 26 k pixels."""


def dpi(text: str) -> float:
    """A resolution in dpi: a finite number from 10 to MAX_DPI."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 10 <= value <= MAX_DPI):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a resolution from 10 to {MAX_DPI:g} dpi, e.g. 100")
    return value


def iso_date(text: str) -> str:
    """A real calendar date written YYYY-MM-DD (2021-13-45 is refused)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date as YYYY-MM-DD, e.g. 2021-12-31")
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: no such date (month 01–12, day within the month)") from None
    return text


MAX_COPY_CHARS = 500_000
"""Longest copy `import` takes (a story is ~10 000 characters; the manifest must stay under 1 M characters)."""

REV = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def rev_id(text: str) -> str:
    """A revision id is one folder name under revs/: letters, digits, '.', '_', '-', never a path."""
    if not REV.fullmatch(text) or ".." in text:
        raise argparse.ArgumentTypeError(f"{text!r}: a revision id is 1–64 letters, digits, '.', '_' or '-' "
                                         "(no '/' or '..': it names a folder under <root>/<edition>/revs/)")
    return text


def port(text: str) -> int:
    """A TCP port, 0–65535 (0: any free port)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a TCP port from 1 to 65535, e.g. 8765")
    return value


def positive(text: str) -> float:
    """A finite number above zero (an ink limit, a resolution)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number above 0")
    return value


def size_mm(text: str) -> tuple[float, float]:
    """WxH in mm, e.g. 390x546: two finite numbers above 0."""
    try:
        w, h = (float(v) for v in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected WIDTHxHEIGHT in mm, e.g. 390x546") from None
    if not all(math.isfinite(v) and 0 < v < 10_000 for v in (w, h)):
        raise argparse.ArgumentTypeError(f"{text!r}: width and height must be sizes in mm above 0, e.g. 390x546")
    return w, h


def existing_folder(path: str | None, flag: str) -> str | None:
    """`path` when it is a folder (or not given); else a message naming the flag."""
    if path is not None and not Path(path).is_dir():
        what = "is a file" if Path(path).exists() else "does not exist"
        raise TextFileError(f"{flag} {path}: {what}; expected a folder")
    return path


def root_folder(path: str, flag: str = "--root") -> str:
    """A root for build output: a folder or not there yet, never a file (or under one)."""
    for p in (Path(path), *Path(path).parents):
        if p.exists():
            if not p.is_dir():
                raise TextFileError(f"{flag} {path}: {p} is a file, not a folder")
            break
    return path


def read_copy(path: str | Path) -> tuple[str, str | None]:
    """A copy file's text (UTF-8; UTF-16 with a BOM and GBK/GB18030 converted) and a note when it was converted.
    An empty or blank file, a binary file: TextFileError."""
    got = read_text(path, "copy file", legacy=True)
    text = got.text.lstrip("\ufeff")
    if not text.strip():
        raise TextFileError(f"{path}: the copy is empty (only {'blank lines' if text else 'nothing'}): nothing to "
                            "import")
    if len(text) > MAX_COPY_CHARS:
        raise TextFileError(f"{path}: {len(text):,} characters is more than one story's copy (at most "
                            f"{MAX_COPY_CHARS:,}: the manifest it makes must stay within the YAML size limit); "
                            "split it into stories and import them one by one")
    bad = refused_characters(text)
    if bad:
        raise TextFileError("\n".join(f"{path}:{line}: {what}" for line, _col, what in bad))
    note = (f"note: {path} is in {got.encoding.upper()}, not UTF-8: read as {got.encoding.upper()}; the manifest "
            "is written in UTF-8") if got.converted else None
    return text, note
