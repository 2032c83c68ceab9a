"""Fonts by role: find the files, read metrics, answer "which glyph draws this character".

fontTools inspects a face once (outline format, CID-keyed or not, names, embedding
permission; faceinfo.py caches the answers, so a warm build never imports fontTools); HarfBuzz
answers the per-character questions (cmap, advances, ink extents, fwid/hwid alternates) because
it opens a 26 MB TTC in microseconds. The PDF writer opens the same files again by path: a font
key (path, face index) is all the display list carries.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import uharfbuzz as hb

from .faceinfo import FaceError, face_info, face_names

FONT_EXTENSIONS = (".ttf", ".otf", ".ttc", ".otc")

# Where set-up puts fonts: Debian's packages, or extracted .debs when not root (Makefile).
SYSTEM_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.local/share/fonts"))


class FontError(Exception):
    """A font problem a user can fix: missing file, unknown face, character not covered."""


class FontNotFound(FontError):
    """No file of that name in the search path: a bare name in a template chain falls back to the next."""


@dataclass(frozen=True)
class FontKey:
    path: str
    index: int = 0

    def __str__(self) -> str:
        return f"{self.path}#{self.index}" if self.index else self.path


@dataclass(frozen=True)
class GlyphInfo:
    """One character's glyph in one face. Widths as fractions of the em (multiply by the size for pt)."""
    face: int          # index into the FontSet's faces
    gid: int
    advance: float
    ink_left: float    # ink extent, em, from the glyph origin
    ink_right: float


class ShapedGlyph(NamedTuple):
    """One glyph HarfBuzz chose for a feature-shaped string."""
    gid: int
    advance: float     # fraction of the em


class FontFace:
    """One face of one file. Cheap to keep: HarfBuzz memory-maps the file."""

    def __init__(self, key: FontKey):
        self.key = key
        blob = hb.Blob.from_file_path(key.path)
        self._face = hb.Face(blob, key.index)
        self._font = hb.Font(self._face)
        self.upem = self._face.upem
        self.glyph_count = self._face.glyph_count
        try:
            info = face_info(key.path, key.index)
        except FaceError as exc:
            raise FontError(str(exc)) from None
        self.psname = info.psname
        self.family = info.family
        self.outline = info.outline                  # "cff" or "ttf"
        self.cid_keyed = info.cid_keyed
        self.embeddable = info.embeddable
        self.punct = info.punct                      # ink of the marks, measured with fontTools
        self._cmap: dict[str, int] = {}
        self._features: dict[tuple[str, str], tuple[ShapedGlyph, ...]] = {}

    def __repr__(self) -> str:
        return f"FontFace({self.psname}, {self.key})"

    def gid(self, ch: str) -> int:
        g = self._cmap.get(ch)
        if g is None:
            g = self._font.get_nominal_glyph(ord(ch)) or 0
            self._cmap[ch] = g
        return g

    def advance(self, gid: int) -> float:
        return self._font.get_glyph_h_advance(gid) / self.upem

    def ink(self, gid: int) -> tuple[float, float]:
        ext = self._font.get_glyph_extents(gid)
        if ext is None or ext.width == 0:
            return (0.0, 0.0)
        return (ext.x_bearing / self.upem, (ext.x_bearing + ext.width) / self.upem)

    def shaped(self, text: str, feature: str) -> tuple[ShapedGlyph, ...]:
        """Glyphs and advances (em) for `text` with one OpenType feature on, as zh-Hans.

        Used for `fwid` (full-width dashes and the —— ligature) and `hwid` (half-width
        digits); never for ordinary text, whose glyphs come from the cmap alone.
        """
        key = (text, feature)
        got = self._features.get(key)
        if got is None:
            buf = hb.Buffer()
            buf.add_str(text)
            buf.guess_segment_properties()
            buf.language = "zh-Hans"
            hb.shape(self._font, buf, {feature: True})
            got = tuple(ShapedGlyph(gid=i.codepoint, advance=p.x_advance / self.upem)
                        for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True))
            self._features[key] = got
        return got

    def info(self, face_index: int, ch: str) -> GlyphInfo | None:
        g = self.gid(ch)
        if not g:
            return None
        mark = self.punct.get(ch)
        if mark is not None:
            advance, ink_left, ink_right = mark
            return GlyphInfo(face=face_index, gid=g, advance=advance, ink_left=ink_left, ink_right=ink_right)
        ink_left, ink_right = self.ink(g)
        return GlyphInfo(face=face_index, gid=g, advance=self.advance(g), ink_left=ink_left, ink_right=ink_right)


_FACES: dict[FontKey, FontFace] = {}


def open_face(key: FontKey) -> FontFace:
    face = _FACES.get(key)
    if face is None:
        face = _FACES[key] = FontFace(key)
    return face


def find_file(filename: str, search_dirs: tuple[str, ...]) -> str | None:
    """First file called `filename` under the search dirs (recursively)."""
    for base in search_dirs:
        if not base or not os.path.isdir(base):
            continue
        direct = os.path.join(base, filename)
        if os.path.isfile(direct):
            return direct
        for root, _dirs, files in os.walk(base):
            if filename in files:
                return os.path.join(root, filename)
    return None


def resolve_source(source: str, search_dirs: tuple[str, ...], base_dir: str = ".") -> FontKey:
    """'NotoSerifCJK-Regular.ttc#Noto Serif CJK SC', 'fonts/baosong.otf', 'x.ttc#2' → FontKey."""
    file_part, _, face_part = source.partition("#")
    candidate = Path(base_dir, file_part) if not os.path.isabs(file_part) else Path(file_part)
    if candidate.is_dir():
        raise FontError(f"font {source!r}: {candidate} is a folder, not a font file (name the .otf/.ttf/.ttc in it)")
    if candidate.is_file():
        path = str(candidate)
    else:
        found = find_file(os.path.basename(file_part), search_dirs)
        if not found:
            looked = ", ".join(d for d in search_dirs if d)
            raise FontNotFound(f"font file {file_part!r} not found (looked in {looked}); "
                            "run `make fonts` to install the Debian font packages, or drop the file in fonts/")
        path = found
    index = 0
    if face_part:
        if face_part.isdigit():
            index = int(face_part)
        else:
            try:
                names = face_names(path)
            except Exception as exc:       # noqa: BLE001 — fontTools raises many types for a file that is no font
                raise FontError(f"{path}: not a font file fontTools can read ({exc})") from None
            matches = [i for i, n in enumerate(names) if n == face_part]
            if not matches:
                raise FontError(f"{path} has no face named {face_part!r}; it has: {', '.join(names)}")
            index = matches[0]
    return FontKey(path, index)


def named_by_path(source: str) -> bool:
    """A source written as a path (fonts/x.otf, /abs/x.ttf: a manifest's `fonts:`, a file in fonts/) names one
    file a user chose: it loads or the build stops. A bare file name (NotoSerifCJK-Bold.ttc, as the templates
    give them) is searched for, and a chain falls back to its next entry when it is not installed."""
    file_part = source.partition("#")[0]
    return "/" in file_part or os.sep in file_part


@dataclass
class FontSet:
    """Faces by role, each role a fallback chain. Measure asks it per character."""
    roles: dict[str, tuple[int, ...]]            # role → indices into faces
    faces: list[FontFace] = field(default_factory=list)
    _lookup: dict[str, dict[str, GlyphInfo | None]] = field(default_factory=dict, repr=False)
    memo: dict = field(default_factory=dict, repr=False)   # measure's per-font-set cache of measured clusters

    @classmethod
    def from_sources(cls, sources: dict[str, list[str]], search_dirs: tuple[str, ...],
                     base_dir: str = ".") -> FontSet:
        faces: list[FontFace] = []
        index_of: dict[FontKey, int] = {}
        roles: dict[str, tuple[int, ...]] = {}
        for role, chain in sources.items():
            picked: list[int] = []
            errors: list[str] = []
            for src in chain:
                try:
                    key = resolve_source(src, search_dirs, base_dir)
                except FontNotFound as exc:
                    if named_by_path(src):        # a file the user named: no silent fallback to the next face
                        raise FontError(f"font role {role!r}: {src.partition('#')[0]} is not there, and a font "
                                        "named by path is never replaced by another: put the file there, or "
                                        "correct its name (the manifest's or template's `fonts:`)") from None
                    errors.append(str(exc))
                    continue
                except FontError as exc:          # there, but no such face, or not a font: never skipped
                    raise FontError(f"font role {role!r}: {exc}") from None
                if key not in index_of:
                    try:
                        face = open_face(key)
                    except FontError as exc:
                        raise FontError(f"font role {role!r}: {exc}") from None
                    if not face.embeddable:
                        raise FontError(f"{key}: the font's licence forbids embedding (OS/2 fsType), "
                                        "so it cannot go into a print PDF")
                    index_of[key] = len(faces)
                    faces.append(face)
                picked.append(index_of[key])
            if not picked:
                raise FontError(f"no font for role {role!r}: " + "; ".join(errors))
            roles[role] = tuple(picked)
        return cls(roles=roles, faces=faces)

    def glyph(self, role: str, ch: str) -> GlyphInfo | None:
        """The glyph of the first face in the role's chain that has `ch`, or None."""
        table = self._lookup.get(role)
        if table is None:
            if role not in self.roles:
                raise FontError(f"unknown font role {role!r}; roles: {', '.join(sorted(self.roles))}")
            table = self._lookup[role] = {}
        if ch in table:
            return table[ch]
        got = None
        for i in self.roles[role]:
            got = self.faces[i].info(i, ch)
            if got is not None:
                break
        table[ch] = got
        return got

    def primary(self, role: str) -> FontFace:
        return self.faces[self.roles[role][0]]

    def describe(self) -> dict[str, list[str]]:
        return {role: [f"{self.faces[i].psname} ({self.faces[i].key})" for i in idx]
                for role, idx in sorted(self.roles.items())}
