"""Which fonts an edition gets: the search path (environment, fonts/ folders, Debian's packages)."""
from __future__ import annotations

import os
from pathlib import Path

from ..model.manifest import project_font_dirs
from ..model.model import Edition
from ..model.paths import LOCAL_FONTS
from .fonts import SYSTEM_DIRS, FontSet


def font_search_dirs(base: Path) -> tuple[str, ...]:
    env = tuple(d for d in os.environ.get("LAYOUT_FONT_DIRS", "").split(os.pathsep) if d)
    return env + tuple(str(d) for d in project_font_dirs(base)) + (str(LOCAL_FONTS),) + SYSTEM_DIRS


def load_fonts(ed: Edition) -> FontSet:
    return FontSet.from_sources({k: list(v) for k, v in ed.template.fonts.items()},
                                font_search_dirs(Path(ed.base_dir)), ed.base_dir)
