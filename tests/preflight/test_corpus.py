"""The faulty-PDF corpus (tests/preflight/faults.py): every case gets its verdict, exactly its errors, its
warnings, and a message with its words; every error and warning says where and what to do."""
from __future__ import annotations

import pytest

from layout.output.preflight import preflight
from layout.output.preflight.catalogue import CHECKS

from ..pdf.test_preflight import assets  # noqa: F401 — the fixture (font, photos) the builders use
from .faults import CASES, Case


def test_the_corpus_is_large_and_names_known_checks():
    assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)
    assert {k for c in CASES for k in c.errors + c.warnings} <= set(CHECKS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(case: Case, tmp_path, assets):  # noqa: F811
    report = preflight(str(case.make(tmp_path, assets)), case.profile, composite=case.composite)
    shown = [str(f) for f in report.findings]
    errors = [f for f in report.findings if f.severity == "error"]
    warnings = {f.check for f in report.findings if f.severity == "warning"}
    assert report.verdict == case.verdict, shown
    assert sorted({f.check for f in errors}) == sorted(case.errors), shown
    assert set(case.warnings) <= warnings, shown
    keys = case.errors or case.warnings
    pool = [f for f in report.findings if f.check == keys[0]] if keys else report.findings
    assert pool or not case.words, shown
    assert not case.words or any(all(w in str(f) for w in case.words) for f in pool), (case.words, shown)
    for f in report.findings:
        if f.severity != "note":
            assert f.fix and f.object and f.check in CHECKS, str(f)
