"""Text files as users really have them: UTF-8 (with or without a BOM), and what Chinese Windows tools write —
UTF-16 with a BOM, GBK/GB18030 — recognised and either read or refused with the encoding named and the way to
convert; binary files and characters YAML cannot hold named with their line and column.

Every manifest, template and copy file is read through `read_text`, so `build`, `import`, `lint` and `lint --fix`
all answer the same way.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20_000_000
"""Largest text file read (a whole edition's manifest is ~50 kB; a copy file a few hundred kB)."""


class TextFileError(Exception):
    """A text file that cannot be read as text: its encoding, a binary file, a character YAML refuses."""


@dataclass(frozen=True)
class Decoded:
    text: str              # with a UTF-8 BOM as U+FEFF when the file has one (lint --fix writes it back)
    encoding: str          # "utf-8", "utf-8-sig", "utf-16", "gb18030"

    @property
    def converted(self) -> bool:
        return self.encoding not in ("utf-8", "utf-8-sig")


def _convert_hint(path: Path, encoding: str) -> str:
    return (f"convert it to UTF-8, e.g. `iconv -f {encoding.upper()} -t UTF-8 {path.name} > {path.stem}.utf8"
            f"{path.suffix}` (then rename it), or save it as “UTF-8” in your editor")


def decode(data: bytes, path: Path, legacy: bool) -> Decoded:
    """Bytes → text. UTF-8 is always read; UTF-16 (BOM) and GBK/GB18030 are read when `legacy`, else refused with
    the encoding named and how to convert. A file with NUL bytes and no UTF-16 BOM is binary: refused."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    sample = data[:65536]
    if encoding != "utf-16" and sample.count(b"\x00") > max(1, len(sample) // 100):     # one stray NUL is named
        if _utf16_without_bom(sample):
            raise TextFileError(f"{path}: looks like UTF-16 without a byte-order mark: save it as UTF-8 (or as "
                                "UTF-16 with a BOM)")
        raise TextFileError(f"{path}: not a text file (it holds NUL bytes: a binary file such as a .doc, .docx, "
                            ".pdf or an image?); give the copy as plain text (.txt, UTF-8)")
    try:
        text = data.decode("utf-8" if encoding == "utf-8-sig" else encoding)     # a UTF-8 BOM stays: YAML reads it
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise TextFileError(f"{path}: starts with a {encoding.upper()} byte-order mark but is not valid "
                                f"{encoding.upper()} (byte {exc.start}); save it again as UTF-8") from None
        gb = _as_gb18030(data)
        if gb is None:
            line = data.count(b"\n", 0, exc.start) + 1
            raise TextFileError(f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start}) "
                                "nor GBK/GB18030: save the file as UTF-8") from None
        if not legacy:
            raise TextFileError(f"{path}: this file is in GBK/GB18030 (a Chinese Windows encoding), not UTF-8: "
                                f"{_convert_hint(path, 'GB18030')}") from None
        return Decoded(gb, "gb18030")
    if encoding == "utf-16":
        if not legacy:
            raise TextFileError(f"{path}: this file is in UTF-16 (it starts with a UTF-16 byte-order mark), not "
                                f"UTF-8: {_convert_hint(path, 'UTF-16')}")
        text = text.lstrip("\ufeff")
    return Decoded(text, encoding)


def _utf16_without_bom(sample: bytes) -> bool:
    """Bytes that read as UTF-16 (either byte order) giving almost only printable text."""
    for codec in ("utf-16-le", "utf-16-be"):
        text = sample[:len(sample) // 2 * 2].decode(codec, errors="replace")
        if text and sum(c.isprintable() or c in "\r\n\t" for c in text) >= 0.95 * len(text):
            return True
    return False


def _as_gb18030(data: bytes) -> str | None:
    """The text if the bytes read as GB18030 and look like Chinese (most non-ASCII characters are Han or CJK
    punctuation), else None: random bytes also decode as GB18030 and must not pass for text."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) > 0x7F]
    cjk = sum(1 for c in wide if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return text if wide and cjk >= 0.8 * len(wide) else None


def read_text(path: str | Path, what: str = "file", legacy: bool = False) -> Decoded:
    """Read a text file (see `decode`). A folder, a missing file, an unreadable or oversized one: TextFileError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise TextFileError(f"{path}: is a folder, not a {what}")
        if size > MAX_BYTES:
            raise TextFileError(f"{path}: {size / 1e6:.0f} MB is too large for a {what} (at most "
                                f"{MAX_BYTES // 1_000_000} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise TextFileError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    return decode(data, path, legacy)


_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""What YAML cannot hold in a document (control characters, C1 controls, lone surrogates, non-characters), and
U+2028/U+2029, which YAML 1.1 counts as line breaks, so every line number after them would be wrong."""

_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION (vertical tab)",
          0x0C: "FORM FEED (page break)", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def char_name(ch: str) -> str:
    """U+001B ESCAPE, U+2028 LINE SEPARATOR, U+0081 (a C1 control character) …"""
    cp = ord(ch)
    name = _NAMES.get(cp) or unicodedata.name(ch, "")
    if not name:
        name = "a C1 control character" if 0x80 <= cp <= 0x9F else "a control character"
    return f"U+{cp:04X} {name}"


def refused_characters(text: str, limit: int = 5) -> list[tuple[int, int, str]]:
    """Each character YAML refuses as (line, column, what and what to do): 1-based, lines counted at newlines as
    editors count them; at most `limit` (the last entry then says how many more)."""
    out: list[tuple[int, int, str]] = []
    found = list(_REFUSED.finditer(text))
    for m in found[:limit]:
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        ch = m.group()
        what = ("YAML counts it as a line break; replace it with a newline or delete it" if ch in "\u2028\u2029"
                else "YAML does not allow it in a file; delete it (most editors do not show it) or, if it stands "
                     "for a line break, use a newline")
        out.append((line, column, f"character {char_name(ch)} at column {column}: {what}"))
    if len(found) > limit:
        line, column, _ = out[-1]
        out.append((line, column, f"… and {len(found) - limit} more such characters after this one"))
    return out
