"""layout: Chinese newspaper special editions from a YAML manifest to print-ready PDF."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import build as build_issue

__all__ = ["build_issue"]


def __getattr__(name: str) -> Any:
    """`layout.build_issue`, imported on first use: `layout check` or `layout --help` need not load the builder."""
    if name == "build_issue":
        return importlib.import_module(".build", __name__).build
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
