"""The one error path of every `layout` command: what a failure prints and the exit status it gives.

A user mistake (a bad manifest, a missing file, a path that cannot be written) is one `error: …` message and
exit 1 — 2 for `diff` and `preflight`, whose 1 means "differs" / "rejected" and 2 "could not compare/check".
SIGINT and SIGTERM stop the command with 130 / 143 after the atomic writers have put back what they touched.
Anything else is a bug: the traceback, a line asking to report it, exit 70 (EX_SOFTWARE).
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Callable
from types import FrameType

from .messages import user_errors

INTERNAL = 70
"""Exit status of an internal fault (sysexits' EX_SOFTWARE): never a user's mistake."""

ERROR_EXIT = {"diff": 2, "preflight": 2}
"""Commands whose exit 1 means a verdict, so a refused input exits 2 (README: The command line)."""

REPORT = ("this is a bug in layout, not a mistake in your input: please report it with the traceback above "
          "and, if you can, the files you gave it")


STOPPED = "what was being written is there whole (old or new) or not at all"


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so every `except BaseException` clean-up runs (temp files, half moves)."""


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise Terminated()


def _os_message(exc: OSError) -> str | None:
    """A file-system refusal about a path the user gave (exists, permission, folder vs file) in words."""
    if exc.filename is None or exc.strerror is None:
        return None
    name = exc.filename if exc.filename2 is None else f"{exc.filename} → {exc.filename2}"
    return f"{name}: {exc.strerror}"


def run(func: Callable[[argparse.Namespace], int], args: argparse.Namespace,
        *extra: type[BaseException]) -> int:
    """Run one command with the error path above; `extra` are more user-error classes (the CLI's InputError)."""
    command = getattr(args, "command", "") or ""
    try:
        old = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:                      # not the main thread: SIGTERM keeps its default
        old = None
    try:
        return func(args)
    except Terminated:
        print(f"error: terminated (SIGTERM); {STOPPED}", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(f"error: interrupted; {STOPPED}", file=sys.stderr)
        return 130
    except BrokenPipeError:                 # `layout … | head`: the reader has gone; so do we, as a shell's SIGPIPE
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())   # nothing left to flush at exit
        except (OSError, ValueError):
            pass
        return 141
    except MemoryError:
        print("error: out of memory: the input is larger than this machine can hold (nothing was written)",
              file=sys.stderr)
        return ERROR_EXIT.get(command, 1)
    except Exception as exc:
        if isinstance(exc, user_errors(*extra, *_loaded_errors())):
            text = f"error: {exc}"
        elif isinstance(exc, OSError) and _os_message(exc):
            text = f"error: {_os_message(exc)}"
        else:
            traceback.print_exc()
            print(f"internal error: {REPORT}", file=sys.stderr)
            return INTERNAL
        print(text, file=sys.stderr)
        return ERROR_EXIT.get(command, 1)
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)


_MORE = ("layout.output.layout_json.LayoutFormatError",
         "layout.review.diff.DiffError", "layout.review.variants.VariantError", "layout.intake.normalize.RuleError")


def _loaded_errors() -> tuple[type[BaseException], ...]:
    """User errors beyond messages.USER_ERRORS, looked up the same way (only once their module is loaded)."""
    out = []
    for qualname in _MORE:
        module, _, name = qualname.rpartition(".")
        mod = sys.modules.get(module)
        if mod is not None and hasattr(mod, name):
            out.append(getattr(mod, name))
    return tuple(out)
