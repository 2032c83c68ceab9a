"""Inputs that look wrong but are accepted, each with what it must say or do: copy in GBK or UTF-16 converted
(and said), a UTF-8 BOM, a story with no text in a placed block (underset reported), a CMYK photo over the ink
limit separated to the limit (the project's own preflight accepts the file)."""
from __future__ import annotations

import json

import pytest

from .cases import COPY, PHOTO, _jpeg
from .conftest import GOOD, run


def _import(world, capsys, name: str, data: bytes) -> tuple[int, str, str]:
    folder = world.tmp / name
    folder.mkdir()
    (folder / "copy.txt").write_bytes(data)
    code, out, err = run(["import", str(folder / "copy.txt"), "-o", str(folder / "ed")], capsys)
    return code, out, (folder / "ed" / "edition.yaml").read_text(encoding="utf-8") if code == 0 else err


@pytest.mark.parametrize("encoding, said", [("gb18030", "GB18030"), ("gbk", "GB18030"), ("utf-16", "UTF-16"),
                                            ("utf-8-sig", None)])
def test_copy_in_another_encoding_is_converted_and_said(world, capsys, encoding, said):
    code, _out, utf8 = _import(world, capsys, "u", COPY.encode("utf-8"))
    assert code == 0
    code, out, other = _import(world, capsys, "o", COPY.encode(encoding))
    assert code == 0, other
    assert other == utf8                                   # the same manifest, in UTF-8
    assert "赓续精神血脉" in other
    if said:
        assert f"is in {said}, not UTF-8" in out
    else:
        assert "not UTF-8" not in out


def test_a_control_character_in_copy_is_named_with_line_and_column(world, capsys):
    code, _out, err = _import(world, capsys, "c", (COPY + "第二段\x0c文字。\n").encode())
    assert code == 1 and "copy.txt:4: character U+000C FORM FEED (page break) at column 4" in err


def test_a_utf8_bom_manifest_builds(world, capsys):
    world.write("ed/edition.yaml", "\ufeff" + GOOD)
    code, out, err = run(["build", str(world.ed), "-o", str(world.tmp / "b")], capsys)
    assert code == 0, err


def test_a_story_with_no_text_in_a_placed_block_is_reported_underset(world, capsys):
    world.manifest_text(GOOD.replace("    body:\n      - 这一年，衡阳成功纳入试点城市行列。\n", ""))
    code, out, err = run(["build", str(world.ed), "-o", str(world.tmp / "b")], capsys)
    assert code == 0, err
    assert "underset: text 'main' (page 1): 20 empty lines" in out          # 2 columns × 10 lines
    fits = json.loads((world.tmp / "b" / "layout.json").read_text(encoding="utf-8"))["fits"]
    assert [(f["ref"], f["part"], f["underset_lines"]) for f in fits if f["part"] == "text"] == [("main", "text", 20)]


def test_a_cmyk_photo_over_the_ink_limit_is_separated_to_the_limit(world, capsys):
    world.manifest_text(PHOTO)
    world.write("ed/photos/p.jpg", _jpeg(world, mode="CMYK", colour=(255, 255, 255, 255)))      # 400 % ink
    code, out, err = run(["build", str(world.ed), "-o", str(world.tmp / "b")], capsys)
    assert code == 0, err
    code, out, err = run(["preflight", str(world.tmp / "b" / "ed.pdf")], capsys)
    assert code == 0 and "0 errors" in out, out + err


def test_a_template_saved_after_a_build_is_read_again_in_the_same_process(world, capsys):
    """A long-lived process (`layout serve`) must see a saved template: the cache follows the files' stamps."""
    code, _out, err = run(["build", str(world.ed), "-o", str(world.tmp / "b")], capsys)
    assert code == 0, err
    text = (world.ed / "square.yaml").read_text(encoding="utf-8")
    world.write("ed/square.yaml", text.replace("name: square", "name: squ\x1bare"))
    code, _out, err = run(["build", str(world.ed), "-o", str(world.tmp / "b")], capsys)
    assert code == 1 and "square.yaml" in err and "U+001B ESCAPE" in err
