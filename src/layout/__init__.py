"""layout: Chinese newspaper special editions from a YAML manifest to print-ready PDF."""
from .build import build as build_issue

__all__ = ["build_issue"]
