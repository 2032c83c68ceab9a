"""Rewrite tests/golden/ from the current code, on purpose: `make golden` (or
`.venv/bin/python -m tests.golden.refresh [EDITION …]` from the repository root).

Each edition in issues/ is built into build/golden/<edition>/ (PDF, layout.json, page PNGs);
the golden folder it replaces is kept as build/golden/<edition>.previous/. What changed is printed
here (the content diff and the share of each page's pixels that moved). Review the refresh before
committing it:

    git diff --stat tests/golden
    layout diff build/golden/<edition>.previous build/golden/<edition>
    layout diff <old build folder> <new build folder>      # e.g. builds from before and after your change
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):                       # run as a file: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image  # noqa: E402

from layout.build import build  # noqa: E402
from tests.golden import golden  # noqa: E402


def refresh(names: list[str] | None = None, root: Path = golden.REPO / "build" / "golden") -> int:
    folders = [p for p in golden.editions() if not names or p.name in names]
    unknown = sorted(set(names or ()) - {p.name for p in folders})
    if unknown:
        print(f"no such edition under issues/: {', '.join(unknown)}", file=sys.stderr)
        return 2
    for folder in folders:
        name = folder.name
        if not (folder / "photos").is_dir():
            print(f"{name}: stand-in photos missing: run `make standins`", file=sys.stderr)
            return 1
        out, gold = root / name, golden.golden_dir(name)
        result = build(str(folder), str(out))
        previous = root / f"{name}.previous"
        if previous.exists():
            shutil.rmtree(previous)
        if gold.is_dir():
            shutil.copytree(gold, previous)
        new = json.loads(Path(result.json).read_text(encoding="utf-8"))
        golden.write_golden(name, result.json, result.pdf, out)          # the new set, beside its build
        report = []
        if (previous / "layout.json").is_file():
            old = json.loads((previous / "layout.json").read_text(encoding="utf-8"))
            diff = golden.diff_layout(old, new)
            if diff:
                report += golden.content_summary(old, new) + [f"{len(diff.lines)} field difference(s), e.g.:"]
                report += [f"  {s}" for s in diff.lines[:5]]
        for n in golden.page_numbers(new):
            png = golden.png_name(n)
            if (previous / png).is_file():
                d = golden.compare_renders(Image.open(previous / png), Image.open(out / png))
                if d.changed:
                    report.append(f"page {n}: {d.fraction:.3%} of the render changed")
            else:
                report.append(f"page {n}: new")
        written = golden.write_golden(name, result.json, result.pdf)
        print(f"{name}: wrote {len(written)} files to {gold.relative_to(golden.REPO)}"
              + (":" if report else " (no differences)"))
        for line in report:
            print(f"  {line}")
    print("review: git diff --stat tests/golden; layout diff build/golden/<edition>.previous build/golden/<edition>")
    return 0


if __name__ == "__main__":
    sys.exit(refresh(sys.argv[1:]))
