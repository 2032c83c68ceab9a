"""What made the writer cheaper must not change what it writes: a face's runs noted at once as run by run, the
ICC profile compressed once per file version as ReportLab compresses it."""
from __future__ import annotations

import os
import zlib

import pytest

from layout.output import pdfx
from layout.output.type0 import Type0Font


def test_a_face_noted_run_by_run_or_all_at_once_keeps_the_same_texts(square_font):
    runs = [((5, 6, 5, 7), ("甲", "乙", "丙", "")), ((7, 6, 5), ("ﬁ", "乙乙", "丁")), ((5, 6), ("戊", "己")),
            ((8,), ("",)), ((8, 5), ("庚", "辛")), ((), ())]
    one, many = Type0Font(square_font, 0, "FL1"), Type0Font(square_font, 0, "FL1")
    for gids, texts in runs:
        one.use_all(gids, texts)
    many.use_runs([g for g, _ in runs], [t for _, t in runs])
    assert list(many.used.items()) == list(one.used.items())
    with pytest.raises(ValueError, match="2 glyphs for 1 texts"):
        many.use_runs([(1,), (5, 6)], [("a",), ("甲",)])


def test_the_profile_goes_in_as_zlib_compresses_it_and_follows_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfx, "_PROFILES", {})
    icc = tmp_path / "p.icc"
    icc.write_bytes(bytes(range(256)) * 300)
    assert pdfx.compressed_profile(str(icc)) == zlib.compress(icc.read_bytes())
    monkeypatch.setattr(pdfx, "_PROFILES", {})                      # another process: from $LAYOUT_CACHE/profiles
    assert pdfx.compressed_profile(str(icc)) == zlib.compress(icc.read_bytes())
    icc.write_bytes(b"another profile" * 100)
    os.utime(icc, ns=(1, 1))
    assert pdfx.compressed_profile(str(icc)) == zlib.compress(icc.read_bytes())
