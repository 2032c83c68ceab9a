"""Caches live in one place, $LAYOUT_CACHE/<kind> (default ~/.cache/layout/<kind>), never under the
current folder."""
from __future__ import annotations

from pathlib import Path

from layout.build import build
from layout.cachedir import cache_dir
from layout.review.proof import make_proof
from layout.text.faceinfo import face_info

from ..layout.test_compose import MANIFEST
from ..squarefont import build_square_font


def test_cache_dir_follows_layout_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("LAYOUT_CACHE", str(tmp_path / "c"))
    assert cache_dir("images") == tmp_path / "c" / "images"
    assert cache_dir("faces") == tmp_path / "c" / "faces"


def test_cache_dir_defaults_to_home_and_is_absolute(monkeypatch, tmp_path):
    monkeypatch.delenv("LAYOUT_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir("images") == tmp_path / "home" / ".cache" / "layout" / "images"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAYOUT_CACHE", "rel")                 # a relative setting is fixed when read
    assert cache_dir("faces") == tmp_path / "rel" / "faces"


def test_build_and_proof_from_another_folder_leave_no_cache_there(edition_factory, monkeypatch, tmp_path):
    folder = edition_factory(MANIFEST, photos={"photos/p1.jpg": (1600, 1200)})
    cache = tmp_path / "cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("LAYOUT_CACHE", str(cache))
    monkeypatch.chdir(elsewhere)
    build(str(folder), str(tmp_path / "out"))
    assert list((cache / "images").glob("*.jpg")), "the prepared photo is not in $LAYOUT_CACHE/images"
    make_proof(str(folder), rev="a", dpi=30, root=str(tmp_path / "proofs"))
    assert list(elsewhere.iterdir()) == []                        # no ./build/.cache/images
    assert not (tmp_path / "proofs" / ".cache").exists()          # nor one beside the proofs
    assert {p.name for p in cache.iterdir()} <= {"images", "faces", "subsets", "pixels", "digests", "profiles"}
    assert Path.cwd() == elsewhere


def _snapshot(folder: Path) -> dict[str, int] | None:
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in [folder, *folder.rglob("*")]}


def test_the_test_session_caches_in_its_own_folder_not_the_users(tmp_path):
    """tests/conftest.py points $LAYOUT_CACHE at a per-session temporary folder."""
    users = Path.home() / ".cache" / "layout"
    before = _snapshot(users)
    font = build_square_font(str(tmp_path / "fresh.ttf"), "衡阳日报")   # a face no cache has seen
    face_info(font)
    assert list(cache_dir("faces").glob("*.json")), "font facts were not cached"
    assert _snapshot(users) == before, f"the test session wrote into {users}"
    assert users not in cache_dir("faces").parents
