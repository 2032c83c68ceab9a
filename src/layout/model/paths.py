"""Where the project's own files are: the repository, and what `make` fetched into it."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
LOCAL_FONTS = REPO / ".cache" / "fonts"
"""Where `make fonts` unpacks Debian's font packages when it cannot install them system-wide."""
ICC_DIR = REPO / ".cache" / "icc"
"""Where `make icc` puts the newsprint profile (Debian's icc-profiles)."""
