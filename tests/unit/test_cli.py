"""The command line: user mistakes are one clear message and exit 1, never a traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from layout.cli import main

from .test_manifest import GOOD


def test_bad_manifest_is_a_message_not_a_traceback(tmp_path, capsys):
    (tmp_path / "edition.yaml").write_text(
        "edition:\n  paper: x\n  date: 2021-12-31\n  title: t\npages:\n  - page: 1\n"
        "    blocks:\n      - {text: mian, column: 1, line: 1, spam: 2}\n", encoding="utf-8")
    assert main(["build", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "edition.yaml:8: pages[0].blocks[0].spam: unknown key 'spam' (did you mean 'span'?)" in err
    assert "Traceback" not in err


def test_missing_folder(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope")]) == 1
    assert "no such edition folder or manifest file" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli():
    res = subprocess.run([sys.executable, "-m", "layout", "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "build" in res.stdout


def test_import_and_lint_commands(tmp_path, capsys):
    copy = Path(__file__).resolve().parents[2] / "issues" / "2021-year-end" / "copy.txt"
    out = tmp_path / "imported"
    assert main(["import", str(copy), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "rejoin" in printed and "fullwidth" in printed and (out / "import-report.txt").is_file()
    text = (out / "edition.yaml").read_text(encoding="utf-8")
    assert "headline: 赓续精神血脉，汲取奋进力量" in text and "auto:" in text
    assert main(["lint", str(out)]) == 0                      # what import wrote is already clean
    (out / "edition.yaml").write_text(text.replace("赓续精神血脉，汲取", "赓续精神血脉,汲取"), encoding="utf-8")
    assert main(["lint", str(out)]) == 1
    assert "fullwidth" in capsys.readouterr().out
    assert main(["lint", str(out), "--fix"]) == 0
    assert (out / "edition.yaml").read_text(encoding="utf-8") == text


def test_build_dot_inside_the_edition_folder_names_the_pdf_after_the_folder(edition_factory, monkeypatch, capsys):
    folder = edition_factory(GOOD, name="my-edition")
    monkeypatch.chdir(folder)
    assert main(["build", "."]) == 0
    assert (folder / "build" / "my-edition" / "my-edition.pdf").is_file()
    assert not list(folder.rglob(".pdf"))
