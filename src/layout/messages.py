"""The words a user reads when a build fails on their input: one text for `layout build` on the terminal and
`layout serve` in the browser, so the desk shows exactly what the CLI prints (file, line, key, suggestion).

Standard library only, and no import of the modules it names: an exception of one of these classes exists only
once its module is imported, so the classes are looked up in sys.modules (`layout --help` stays fast)."""
from __future__ import annotations

import sys

USER_ERRORS = ("layout.model.validate.ManifestError", "layout.text.fonts.FontError",
               "layout.pages.typeset.CoverageError", "layout.pages.assets.AssetError", "layout.build.ResolutionError",
               "layout.output.colour.ColourError", "layout.output.images.ImageError",
               "layout.review.raster.RasterError", "layout.output.preflight.PreflightError",
               "layout.textfile.TextFileError", "layout.atomic.OutputError")
"""Mistakes a user can fix: printed as `error: …`, exit 1."""


def user_errors(*extra: type[BaseException]) -> tuple[type[BaseException], ...]:
    """The user-error classes loaded so far (those of USER_ERRORS whose module is imported), plus `extra`."""
    found: list[type[BaseException]] = list(extra)
    for qualname in USER_ERRORS:
        module, _, name = qualname.rpartition(".")
        if module in sys.modules:
            found.append(getattr(sys.modules[module], name))
    return tuple(found)


def build_error_text(exc: BaseException) -> str | None:
    """What `layout build` prints on stderr for this failure (lines joined by newlines), None when it is no
    user mistake (a bug: the caller shows a traceback)."""
    build = sys.modules.get("layout.build")
    if build is not None and isinstance(exc, build.OversetError):
        lines = [f"error: text does not fit; nothing was written ({len(exc.fits)} overset):"]
        return "\n".join(lines + ["  " + build.describe_fit(f) for f in exc.fits])
    if (build is not None and isinstance(exc, build.MissingPhotoError)) or isinstance(exc, user_errors()):
        return f"error: {exc}"
    return None
