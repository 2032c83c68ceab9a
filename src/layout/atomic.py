"""Files written whole or not at all: temp files beside the targets, checked, then renamed into place.

`write_atomic` replaces one file; `write_together` replaces a set (a build's PDF and layout.json) so that a
reader never sees a new PDF beside a stale layout.json: every file is written and checked first, then the
renames run with SIGINT/SIGTERM held back, and a failing rename puts the files already moved back. A temp file
left by a killed process (SIGKILL, a power cut) is removed by the next write into that folder.

`LAYOUT_PAUSE_AT=<step>` (tests only) stops a write at a named step until the file `LAYOUT_PAUSE_FILE` names is
gone: the signal tests send SIGINT/SIGTERM there (steps: see `STEPS`).
"""
from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

STEPS = ("write", "check", "move")
"""Where `LAYOUT_PAUSE_AT` may stop a write: after the temp files are written, after they are checked, between
the renames of a set; and "publish", before a staged folder (a proof revision) moves in."""

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")
Check = Callable[[Path, bytes], None]


class OutputError(OSError):
    """A target path that cannot take the file (a folder has its name, its folder is a file, no permission)."""


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(folder: Path) -> list[Path]:
    """Temp files (ours: `.<name>.<pid>.<hex>.tmp`) whose process is gone: removed; the list of them."""
    gone: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return gone
    for e in entries:
        m = _TEMP.match(e.name)
        if m and not _alive(int(m["pid"])):
            try:
                if e.is_dir(follow_symlinks=False):
                    _rmtree(Path(e.path))
                else:
                    os.unlink(e.path)
                gone.append(Path(e.path))
            except OSError:
                pass
    return gone


def _rmtree(folder: Path) -> None:
    for root, dirs, files in os.walk(folder, topdown=False):
        for f in files:
            os.unlink(os.path.join(root, f))
        for d in dirs:
            os.rmdir(os.path.join(root, d))
    os.rmdir(folder)


def pause(step: str) -> None:
    """Test hook: wait at `step` while $LAYOUT_PAUSE_FILE exists (written here, removed by the test)."""
    if os.environ.get("LAYOUT_PAUSE_AT") != step:
        return
    flag = Path(os.environ["LAYOUT_PAUSE_FILE"])
    flag.write_text(str(os.getpid()))
    deadline = time.monotonic() + 30
    while flag.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait (delivered on exit) while a set of renames runs, so it is never cut in half."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (OSError, ValueError):          # not the main thread, or no such call: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def check_targets(*paths: Path) -> None:
    """Before any work: each path could take a file (no folder by its name, no file where a folder must be).
    Creates nothing."""
    for path in paths:
        folder = path.parent
        for parent in (folder, *folder.parents):
            if parent.exists() and not parent.is_dir():
                what = "the output folder" if parent == folder else f"a folder of {folder}"
                raise OutputError(f"{folder}: cannot write here: {parent}, {what}, is a file (name another folder "
                                  "with -o, or move the file)")
            if parent.is_dir():
                break
        _check_target(path)


def prepare_folder(folder: Path) -> list[Path]:
    """The folder exists and is a folder (a clear OutputError otherwise); stale temp files are removed. Returns
    the folders it created, deepest first, for `unmake` when nothing ends up written there."""
    check_targets(folder / "x")
    created = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
    remove_stale(folder)
    return created


def unmake(created: list[Path]) -> None:
    """Remove the folders `prepare_folder` created, if still empty: a refused or stopped write leaves no trace."""
    for p in created:
        try:
            p.rmdir()
        except OSError:
            return


def _check_target(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        raise OutputError(f"{path}: cannot write the file: a folder has its name (move or rename the folder)")


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o7777
    except (FileNotFoundError, NotADirectoryError):
        return None


def _write_temp(path: Path, data: bytes) -> Path:
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)      # 0o666 less the umask, like open()
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        mode = _mode(path)
        if mode is not None:
            os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, so a reader sees the old
    file or the new one, never half of one, and a failure leaves the old file as it was (the temporary file is
    removed). The folder is created if needed; a replaced file keeps its permissions, a new one gets the umask's.
    No fsync: the rename is atomic, not durable across a power cut."""
    write_together({Path(path): data})


def write_together(files: Mapping[Path, bytes], check: Check | None = None) -> None:
    """Replace every file of `files` or none: all written to temp files and passed to `check(path, written
    bytes)` (which raises to refuse), then renamed with signals held; a failed rename moves back the ones done.
    All targets must be in one folder (a rename is atomic within a file system)."""
    paths = [Path(p) for p in files]
    folders = {p.parent for p in paths}
    if len(folders) != 1:
        raise ValueError("write_together: the files must share one folder")
    created = prepare_folder(folders.pop())
    for p in paths:
        _check_target(p)
    temps: dict[Path, Path] = {}
    done = False
    try:
        for p in paths:
            temps[p] = _write_temp(p, files[p])
        pause("write")
        for p in paths:
            written = temps[p].read_bytes()
            if written != files[p]:
                raise OutputError(f"{p}: the file read back differs from what was written (disk full?)")
            if check is not None:
                check(p, written)
        pause("check")
        _move(temps)
        done = True
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        if not done:
            unmake(created)


def _move(temps: dict[Path, Path]) -> None:
    """Rename each temp over its target; on a failure, the targets already replaced get their old files back."""
    with signals_held():
        backups: dict[Path, Path | None] = {}
        try:
            for k, (target, tmp) in enumerate(temps.items()):
                backup = None
                if target.is_file():
                    backup = temp_name(target)
                    os.link(target, backup)
                backups[target] = backup
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    raise OutputError(f"{target}: cannot write ({exc.strerror or exc}); nothing was replaced") from None
                if k == 0 and len(temps) > 1:
                    pause("move")
        except BaseException:
            for target, backup in backups.items():
                try:
                    if backup is not None:
                        os.replace(backup, target)
                    elif not temps[target].exists():
                        target.unlink(missing_ok=True)      # it was new: gone again
                except OSError:
                    pass
            raise
        finally:
            for backup in backups.values():
                if backup is not None:
                    backup.unlink(missing_ok=True)


def staging_folder(final: Path) -> Path:
    """A new empty hidden folder to fill before `publish_folder`: in the deepest folder of `final`'s path that
    exists already (so on its file system, and nothing else is created until the publish)."""
    check_targets(final / "x")
    anchor = next(p for p in final.parents if p.is_dir())
    remove_stale(anchor)
    staged = anchor / temp_name(final).name
    staged.mkdir()
    return staged


def publish_folder(staged: Path, final: Path) -> None:
    """Put a filled `staged` folder in place as `final`, whole, with signals held; whatever `final` held before
    (the caller decided it may go: a proof cut short by an older version) is removed after. On any failure
    `final` is as it was and `staged` is gone."""
    pause("publish")
    old: Path | None = None
    created: list[Path] = []
    try:
        created = prepare_folder(final.parent)
        with signals_held():
            if final.exists():
                old = temp_name(final)
                os.replace(final, old)
            try:
                os.rename(staged, final)
            except OSError as exc:
                if old is not None:
                    os.replace(old, final)
                    old = None
                unmake(created)
                raise OutputError(f"{final}: cannot write ({exc.strerror or exc})") from None
    finally:
        for leftover in (staged, old):
            if leftover is not None and leftover.exists():
                _rmtree(leftover)
