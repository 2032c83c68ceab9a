"""scripts/bench.py: the synthetic edition gives every page its own text, so "one edit" is one page's change."""
from __future__ import annotations

import importlib.util

import yaml

from ..conftest import REPO


def _bench(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench, "WORK", tmp_path)
    return bench


def test_synthetic_pages_have_their_own_text_and_one_edit_changes_one_page(monkeypatch, tmp_path):
    bench = _bench(monkeypatch, tmp_path)
    folder = bench.synthetic(9)
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text                 # no YAML aliases: nothing shared
    before = yaml.safe_load(text)
    bodies = [tuple(s["body"]) for s in before["stories"].values()]
    assert len(bodies) == 9 and len(set(bodies)) == 9
    assert bench.synthetic(9).joinpath("edition.yaml").read_text(encoding="utf-8") == text    # deterministic
    bench.one_edit(folder, "main1")
    after = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    assert [k for k in before["stories"] if before["stories"][k] != after["stories"][k]] == ["main1"]
    assert before["chronicles"] == after["chronicles"] and before["photos"] == after["photos"]
