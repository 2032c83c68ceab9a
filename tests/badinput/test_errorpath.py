"""The one error path (clierrors.run): a user error is a message and 1 (2 for diff and preflight), a bug is the
traceback, a line asking to report it and 70, and the SIGTERM handler is the caller's again afterwards."""
from __future__ import annotations

import argparse
import signal

from layout import clierrors
from layout.build import ResolutionError


def _args(command: str) -> argparse.Namespace:
    return argparse.Namespace(command=command)


def test_a_bug_is_a_traceback_and_a_request_to_report_it(capsys):
    def broken(_args):
        raise RuntimeError("an index off by one")
    assert clierrors.run(broken, _args("build")) == clierrors.INTERNAL
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "RuntimeError: an index off by one" in err
    assert err.rstrip().endswith(f"internal error: {clierrors.REPORT}")


def test_a_user_error_is_one_line_and_exit_1_or_2_for_diff_and_preflight(capsys):
    def refused(_args):
        raise ResolutionError("photo 'p' is 90 ppi")
    for command, code in (("build", 1), ("proof", 1), ("lint", 1), ("diff", 2), ("preflight", 2)):
        assert clierrors.run(refused, _args(command)) == code
        assert capsys.readouterr().err == "error: photo 'p' is 90 ppi\n"


def test_a_file_system_refusal_names_the_path(capsys):
    def denied(_args):
        raise PermissionError(13, "Permission denied", "/srv/out/ed.pdf")
    assert clierrors.run(denied, _args("build")) == 1
    assert capsys.readouterr().err == "error: /srv/out/ed.pdf: Permission denied\n"


def test_an_oserror_without_a_path_is_a_bug(capsys):
    def odd(_args):
        raise OSError("something inside")
    assert clierrors.run(odd, _args("build")) == clierrors.INTERNAL


def test_sigterm_stops_the_command_with_143_and_the_handler_is_restored(capsys):
    before = signal.getsignal(signal.SIGTERM)

    def terminated(_args):
        signal.raise_signal(signal.SIGTERM)
        raise AssertionError("not reached")
    assert clierrors.run(terminated, _args("build")) == 143
    assert "terminated (SIGTERM)" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is before


def test_ctrl_c_is_130(capsys):
    def interrupted(_args):
        raise KeyboardInterrupt
    assert clierrors.run(interrupted, _args("import")) == 130


def test_out_of_memory_is_said_not_a_traceback(capsys):
    def huge(_args):
        raise MemoryError
    assert clierrors.run(huge, _args("build")) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("error: out of memory")


def test_a_closed_pipe_ends_quietly_like_sigpipe(tmp_path):
    """`layout revs | head`: the reader goes away mid-output. No traceback, no 'internal error', exit 141 as a
    shell reports a process ended by SIGPIPE."""
    import subprocess
    import sys
    code = ("import argparse, sys\nfrom layout import clierrors\n"
            "def talk(_a):\n    for i in range(100000):\n        print('第8版 line', i)\n    return 0\n"
            "sys.exit(clierrors.run(talk, argparse.Namespace(command='revs')))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()                                    # the reader goes away
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 141
    assert "Traceback" not in err and "internal error" not in err and "Exception ignored" not in err
