"""The corpus: one bad input each, what the command must answer (exit status, key words of the message).

A case is a function of the World that prepares the bad file(s) and returns the command line and the
expectation; test_corpus.py runs each and checks that nothing under the world's folder changed."""
from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from .conftest import GOOD, World


@dataclass(frozen=True)
class Expect:
    argv: list[str]
    code: int
    words: tuple[str, ...]          # each must appear in stderr (case-insensitive)


CASES: dict[str, Callable[[World], Expect]] = {}


def case(fn: Callable[[World], Expect]) -> Callable[[World], Expect]:
    CASES[fn.__name__] = fn
    return fn


def build(w: World, *words: str, code: int = 1, extra: tuple[str, ...] = ()) -> Expect:
    return Expect(["build", str(w.ed), "-o", str(w.out), *extra], code, words)


def with_body(text: str) -> str:
    return GOOD.replace("这一年，衡阳成功纳入试点城市行列。", text)


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels (no pixel data needed to open it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


PHOTO = GOOD.replace("pages:", "photos:\n  p: {image: photos/p.jpg, caption: 衡阳市。}\npages:").replace(
    "span: 2, lines: 10}", "span: 2, lines: 10}\n      - {photo: p, column: 4, line: 7, span: 3, lines: 20}")


# -- encodings and characters ------------------------------------------------------------------------------------

@case
def manifest_gbk(w):
    w.write("ed/edition.yaml", GOOD.encode("gb18030"))
    return build(w, "GBK/GB18030", "iconv", "edition.yaml")


@case
def manifest_utf16_le_bom(w):
    w.write("ed/edition.yaml", GOOD.encode("utf-16-le").join([b"\xff\xfe", b""]))
    return build(w, "UTF-16", "iconv")


@case
def manifest_utf16_be_bom(w):
    w.write("ed/edition.yaml", b"\xfe\xff" + GOOD.encode("utf-16-be"))
    return build(w, "UTF-16", "convert")


@case
def manifest_utf16_without_bom(w):
    w.write("ed/edition.yaml", GOOD.encode("utf-16-le"))
    return build(w, "UTF-16 without a byte-order mark")


@case
def manifest_binary(w):
    w.write("ed/edition.yaml", b"PK\x03\x04\x00\x00binary\x00\x00")
    return build(w, "not a text file", "NUL")


@case
def manifest_bad_bytes(w):
    w.write("ed/edition.yaml", GOOD.encode() + b"\n# \xff\xfe\xfd\x80\n")
    return build(w, "not UTF-8", "edition.yaml:17")


def _control(ch: str, name: str):
    def make(w):
        w.manifest_text(with_body(f"这一年{ch}衡阳"))
        return build(w, "edition.yaml:10", name, "column")
    make.__name__ = f"control_U{ord(ch):04X}"
    return case(make)


for _ch, _name in (("\x00", "U+0000 NULL"), ("\x1b", "U+001B ESCAPE"), ("\x0b", "U+000B LINE TABULATION"),
                   ("\x0c", "U+000C FORM FEED"), ("\x1f", "U+001F"), ("\x81", "U+0081"), ("\x9f", "U+009F"),
                   ("\x7f", "U+007F DELETE"), ("\u2028", "U+2028 LINE SEPARATOR"),
                   ("\u2029", "U+2029 PARAGRAPH SEPARATOR")):
    _control(_ch, _name)


@case
def control_character_in_a_key(w):
    w.manifest_text(GOOD.replace("  title:", "  ti\x07tle:"))
    return build(w, "edition.yaml:4", "U+0007 BELL")


@case
def template_gbk(w):
    w.write("ed/square.yaml", w.manifest.parent.joinpath("square.yaml").read_text(encoding="utf-8")
            .replace("name: square", "name: 方正") .encode("gb18030"))
    return build(w, "square.yaml", "GBK")


@case
def template_control_character(w):
    text = (w.ed / "square.yaml").read_text(encoding="utf-8")
    w.write("ed/square.yaml", text.replace("name: square", "name: squ\x1bare"))
    return build(w, "square.yaml", "U+001B")


# -- hostile YAML ------------------------------------------------------------------------------------------------

@case
def billion_laughs(w):
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    w.manifest_text("\n".join(rows) + "\n")
    return build(w, "aliases", "billion laughs")


@case
def alias_fan_out_in_a_story(w):
    text = GOOD.replace("      - 这一年，衡阳成功纳入试点城市行列。",
                        "      - &p 这一年，衡阳成功纳入试点城市行列。\n" + "\n".join(["      - *p"] * 3))
    doubled = text + "x: &x [" + ",".join(["*p"] * 500) + "]\n" + "y: [" + ",".join(["*x"] * 500) + "]\n"
    w.manifest_text(doubled)
    return build(w, "expand to more than")


@case
def deep_flow_nesting(w):
    w.manifest_text("edition: " + "[" * 50_000 + "]" * 50_000 + "\n")
    return build(w, "nested more than 64 levels")


@case
def deep_block_nesting(w):
    w.manifest_text("".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n")
    return build(w, "nested more than 64 levels")


@case
def deep_dash_nesting(w):
    w.manifest_text("edition:\n  - " + "- " * 3000 + "x\n")
    return build(w, "nested more than 64 levels")


@case
def huge_manifest(w):
    w.manifest_text(GOOD + "# " + "长" * 1_000_000 + "\n")
    return build(w, "too large")


@case
def dense_values_just_under_the_size_limit(w):
    w.manifest_text("edition: [" + "1," * 495_000 + "1]\n")         # the most values per character: ~190 MB parsed
    return build(w, "edition", "expected object")


@case
def template_extends_itself(w):
    w.write("ed/square.yaml", (w.ed / "square.yaml").read_text(encoding="utf-8").replace(
        "extends: broadsheet", "extends: square.yaml"))
    return build(w, "circle", "square.yaml")


@case
def templates_extend_each_other(w):
    text = (w.ed / "square.yaml").read_text(encoding="utf-8")
    w.write("ed/square.yaml", text.replace("extends: broadsheet", "extends: other.yaml"))
    w.write("ed/other.yaml", "name: other\nextends: square.yaml\n")
    return build(w, "circle", "other.yaml")


@case
def manifest_is_a_list(w):
    w.manifest_text("- edition\n- pages\n")
    return build(w, "expected object")


@case
def manifest_is_empty(w):
    w.manifest_text("")
    return build(w, "empty")


@case
def manifest_syntax_error(w):
    w.manifest_text(GOOD.replace("  paper: 衡阳日报", "  paper: [衡阳日报"))
    return build(w, "YAML syntax")


@case
def duplicate_key(w):
    w.manifest_text(GOOD.replace("  title: 年终特别报道", "  title: 年终特别报道\n  title: 又一个"))
    return build(w, "appears twice")


@case
def unknown_python_tag(w):
    w.manifest_text(GOOD.replace("  paper: 衡阳日报", "  paper: !!python/object:os.system x"))
    return build(w, "YAML syntax")


# -- values ------------------------------------------------------------------------------------------------------

@case
def impossible_date(w):
    w.manifest_text(GOOD.replace("2021-12-31", "2021-13-45"))
    return build(w, "edition.yaml:3", "2021-13-45", "no such date")


@case
def thirtieth_of_february(w):
    w.manifest_text(GOOD.replace("2021-12-31", "2021-02-30"))
    return build(w, "2021-02-30", "no such date")


@case
def date_as_words(w):
    w.manifest_text(GOOD.replace("2021-12-31", "十二月"))
    return build(w, "edition.date", "YYYY-MM-DD")


@case
def integer_story_id(w):
    w.manifest_text(GOOD.replace("  main:\n", "  1:\n").replace("headline: main", "headline: 1")
                    .replace("text: main", "text: 1"))
    return build(w, "stories.1", "not text", "expected string")


@case
def integer_photo_id(w):
    w.manifest_text(PHOTO.replace("  p: {image", "  7: {image").replace("photo: p,", "photo: 7,"))
    return build(w, "photos.7", "not text")


@case
def unknown_tint_name(w):
    w.manifest_text(GOOD.replace("span: 2, lines: 10}", "span: 2, lines: 10, tint: pinkk}"))
    return build(w, "tint", "pinkk", "palette")


@case
def duplicate_page_numbers(w):
    w.manifest_text(GOOD + "  - page: 1\n    blocks: []\n")
    return build(w, "page 1", "twice")


@case
def photo_placed_twice_by_hand(w):
    w.manifest_text(PHOTO.replace("{photo: p, column: 4, line: 7, span: 3, lines: 20}",
                                  "{photo: p, column: 4, line: 7, span: 3, lines: 20}\n"
                                  "      - {photo: p, column: 4, line: 40, span: 3, lines: 20}"))
    w.write("ed/photos/p.jpg", _jpeg(w))
    return build(w, "placed twice", "photo 'p'")


@case
def story_placed_twice_by_hand(w):
    w.manifest_text(GOOD.replace("{headline: main, column: 1, line: 1, span: 8, lines: 6}",
                                 "{headline: main, column: 1, line: 1, span: 8, lines: 6}\n"
                                 "      - {headline: main, column: 1, line: 60, span: 8, lines: 6}"))
    return build(w, "placed twice", "headline")


@case
def column_zero(w):
    w.manifest_text(GOOD.replace("{text: main, column: 1,", "{text: main, column: 0,"))
    return build(w, "column", "at least 1")


@case
def span_past_the_grid(w):
    w.manifest_text(GOOD.replace("{text: main, column: 1, line: 7, span: 2",
                                 "{text: main, column: 7, line: 7, span: 4"))
    return build(w, "run past the 8 columns")


@case
def lines_as_text(w):
    w.manifest_text(GOOD.replace("span: 2, lines: 10}", "span: 2, lines: ten}"))
    return build(w, "lines", "expected")


@case
def overlapping_blocks(w):
    w.manifest_text(GOOD.replace("{text: main, column: 1, line: 7,", "{text: main, column: 1, line: 3,"))
    return build(w, "overlap", "rule 26")


@case
def focus_out_of_range(w):
    w.manifest_text(PHOTO.replace("caption: 衡阳市。}", "caption: 衡阳市。, focus: [3, -1]}"))
    w.write("ed/photos/p.jpg", _jpeg(w))
    return build(w, "focus")


@case
def style_version_from_the_future(w):
    w.manifest_text("style_version: 99\n" + GOOD)
    return build(w, "style_version")


@case
def text_overset(w):
    w.manifest_text(with_body("衡阳" * 2000))
    return build(w, "does not fit", "nothing was written", "overset")


@case
def comma_flood(w):
    w.manifest_text(with_body("，" * 300))
    return build(w, "no place where the line may break", "paragraph 1", "nothing was written")


# -- fonts -------------------------------------------------------------------------------------------------------

@case
def named_font_missing(w):
    w.manifest_text(GOOD + "fonts: {body: fonts/nope.otf}\n")
    return build(w, "nope.otf", "is not there", "never replaced", "body")


@case
def named_font_bare_name_missing(w):
    w.manifest_text(GOOD + "fonts: {headline: FZBaoSong.ttf}\n")     # a manifest names a file, folder or not
    return build(w, "FZBaoSong.ttf", "is not there", "headline")


@case
def named_font_is_a_folder(w):
    (w.ed / "fonts").mkdir()
    w.manifest_text(GOOD + "fonts: {body: fonts}\n")
    return build(w, "fonts", "folder", "body")


@case
def named_face_missing(w):
    w.manifest_text(GOOD + f"fonts: {{body: '{w.font}#NoSuchFace'}}\n")
    return build(w, "NoSuchFace", "no face named")


@case
def named_font_not_a_font(w):
    w.write("ed/fonts/fake.otf", b"this is not a font at all")
    w.manifest_text(GOOD + "fonts: {body: fonts/fake.otf}\n")
    return build(w, "fake.otf", "font")


@case
def fonts_folder_role_file_broken(w):
    w.write("ed/fonts/headline.ttf", b"\x00\x01\x00\x00broken")
    return build(w, "headline.ttf", "font")


@case
def font_for_an_unknown_role(w):
    w.manifest_text(GOOD + "fonts: {bodyy: fonts/x.otf}\n")
    return build(w, "bodyy", "body")


# -- images ------------------------------------------------------------------------------------------------------

def _jpeg(w: World, size: tuple[int, int] = (1200, 1600), mode: str = "RGB", colour=(120, 140, 160)) -> bytes:
    import io

    from PIL import Image
    buf = io.BytesIO()
    Image.new(mode, size, colour).save(buf, "JPEG")
    return buf.getvalue()


@case
def decompression_bomb_png(w):
    w.manifest_text(PHOTO.replace("photos/p.jpg", "photos/p.png"))
    w.write("ed/photos/p.png", png_header(100_000, 100_000))
    return build(w, "p.png", "pixels", "limit")


@case
def photo_not_an_image(w):
    w.manifest_text(PHOTO)
    w.write("ed/photos/p.jpg", "这不是图片")
    return build(w, "p.jpg", "not an image")


@case
def photo_truncated(w):
    w.manifest_text(PHOTO)
    w.write("ed/photos/p.jpg", _jpeg(w)[:300])
    return build(w, "p.jpg", "image")


@case
def photo_path_is_a_folder(w):
    w.manifest_text(PHOTO)
    (w.ed / "photos" / "p.jpg").mkdir(parents=True)
    return build(w, "p.jpg", "folder")


# -- paths -------------------------------------------------------------------------------------------------------

@case
def output_is_a_file(w):
    w.write("afile", "x")
    return Expect(["build", str(w.ed), "-o", str(w.tmp / "afile")], 1, ("afile", "is a file"))


@case
def output_under_a_file(w):
    w.write("afile", "x")
    return Expect(["build", str(w.ed), "-o", str(w.tmp / "afile" / "sub")], 1, ("afile", "is a file"))


@case
def pdf_name_taken_by_a_folder(w):
    (w.out / "ed.pdf").unlink()
    (w.out / "ed.pdf").mkdir()
    return build(w, "ed.pdf", "folder has its name")


@case
def json_name_taken_by_a_folder(w):
    (w.out / "layout.json").unlink()
    (w.out / "layout.json").mkdir()
    return build(w, "layout.json", "folder has its name")


@case
def edition_missing(w):
    return Expect(["build", str(w.tmp / "nope")], 1, ("nope", "no such edition folder"))


@case
def edition_folder_without_manifest(w):
    (w.tmp / "empty").mkdir()
    return Expect(["build", str(w.tmp / "empty")], 1, ("no manifest here", "edition.yaml"))


@case
def manifest_named_is_a_folder_of_folders(w):
    (w.tmp / "x" / "edition.yaml").mkdir(parents=True)
    return Expect(["build", str(w.tmp / "x")], 1, ("no manifest here",))


# -- proof, revs, variants, place ----------------------------------------------------------------------------------

def proof(w: World, *extra: str) -> list[str]:
    return ["proof", str(w.ed), "--root", str(w.root), *extra]


@case
def proof_dpi_zero(w):
    return Expect(proof(w, "--dpi", "0"), 2, ("--dpi", "resolution"))


@case
def proof_dpi_negative(w):
    return Expect(proof(w, "--dpi=-50"), 2, ("--dpi", "resolution"))


@case
def proof_dpi_nan(w):
    return Expect(proof(w, "--dpi", "nan"), 2, ("--dpi", "resolution"))


@case
def proof_dpi_huge(w):
    return Expect(proof(w, "--dpi", "100000"), 2, ("--dpi", "1200"))


@case
def proof_rev_escapes_the_root(w):
    return Expect(proof(w, "--rev", "../../../x"), 2, ("--rev", "revision id"))


@case
def proof_rev_with_a_slash(w):
    return Expect(proof(w, "--rev", "a/b"), 2, ("--rev", "no '/'"))


@case
def proof_rev_absolute(w):
    return Expect(proof(w, "--rev", str(w.tmp / "elsewhere")), 2, ("--rev",))


@case
def proof_root_is_a_file(w):
    w.write("rootfile", "x")
    return Expect(["proof", str(w.ed), "--root", str(w.tmp / "rootfile")], 1, ("--root", "is a file"))


@case
def proof_of_a_bad_manifest(w):
    w.manifest_text(GOOD.replace("2021-12-31", "2021-13-45"))
    return Expect(proof(w), 1, ("no such date",))


@case
def revs_root_is_a_file(w):
    w.write("rootfile", "x")
    return Expect(["revs", str(w.ed), "--root", str(w.tmp / "rootfile")], 1, ("--root", "is a file"))


@case
def variants_dpi_zero(w):
    return Expect(["variants", str(w.ed), "--dpi", "0"], 2, ("--dpi",))


@case
def variants_n_zero(w):
    return Expect(["variants", str(w.ed), "-n", "0"], 2, ("-n", "1 to 50"))


@case
def variants_of_a_hand_placed_edition(w):
    return Expect(["variants", str(w.ed), "-o", str(w.tmp / "v")], 2, ("no page is placed automatically",))


@case
def place_a_page_that_is_not_there(w):
    return Expect(["place", str(w.ed), "--page", "9"], 2, ("page 9",))


@case
def place_variant_zero(w):
    return Expect(["place", str(w.ed), "--page", "1", "--variant", "0"], 2, ("--variant",))


@case
def serve_port_out_of_range(w):
    return Expect(["serve", str(w.ed), "--port", "99999"], 2, ("--port", "65535"))


@case
def serve_negative_port(w):
    return Expect(["serve", str(w.ed), "--port=-1"], 2, ("--port",))


@case
def serve_root_is_a_file(w):
    w.write("rootfile", "x")
    return Expect(["serve", str(w.ed), "--root", str(w.tmp / "rootfile")], 1, ("--root", "is a file"))


@case
def serve_an_edition_that_is_not_there(w):
    return Expect(["serve", str(w.tmp / "nope")], 1, ("nope",))


# -- check -------------------------------------------------------------------------------------------------------

@case
def check_a_json_list(w):
    w.write("j/layout.json", "[1, 2, 3]")
    return Expect(["check", str(w.tmp / "j")], 2, ("layout.json",))


@case
def check_a_json_of_the_wrong_shape(w):
    w.write("j/layout.json", '{"format": "layout.json/2", "pages": 7}')
    return Expect(["check", str(w.tmp / "j")], 2, ("schema", "rebuild"))


@case
def check_not_json(w):
    w.write("j/layout.json", "not json {")
    return Expect(["check", str(w.tmp / "j")], 2, ("layout.json",))


@case
def check_binary(w):
    w.write("j/layout.json", b"\x89PNG\r\n\x1a\n\x00\x00")
    return Expect(["check", str(w.tmp / "j")], 2, ("layout.json",))


@case
def check_old_format(w):
    w.write("j/layout.json", '{"format": "layout.json/1"}')
    return Expect(["check", str(w.tmp / "j")], 2, ("layout.json/1",))


@case
def check_missing(w):
    return Expect(["check", str(w.tmp / "nothing")], 1, ("no layout.json",))


@case
def check_a_pdf_given_as_layout_json(w):
    return Expect(["check", str(w.out / "ed.pdf")], 2, ("ed.pdf",))


# -- diff and preflight: a refused input exits 2 --------------------------------------------------------------------

@case
def diff_pdf_under_a_file(w):
    w.write("afile", "x")
    return Expect(["diff", str(w.out), str(w.out), "--no-visual", "--pdf", str(w.tmp / "afile" / "d.pdf")], 2,
                  ("afile",))


@case
def diff_unknown_revisions(w):
    return Expect(["diff", "r1", "r2", "--root", str(w.root)], 2, ("'r1'", "not a revision"))


@case
def diff_root_is_a_file(w):
    w.write("rootfile", "x")
    return Expect(["diff", "r1", "r2", "--root", str(w.tmp / "rootfile")], 2, ("--root", "is a file"))


@case
def diff_a_text_file(w):
    w.write("a.txt", "hello")
    return Expect(["diff", str(w.tmp / "a.txt"), str(w.out)], 2, ("a.txt",))


@case
def preflight_trim_half(w):
    return Expect(["preflight", str(w.out / "ed.pdf"), "--trim", "390x"], 2, ("--trim", "WIDTHxHEIGHT"))


@case
def preflight_trim_zero(w):
    return Expect(["preflight", str(w.out / "ed.pdf"), "--trim", "0x0"], 2, ("--trim",))


@case
def preflight_tac_negative(w):
    return Expect(["preflight", str(w.out / "ed.pdf"), "--tac=-5"], 2, ("--tac",))


@case
def preflight_missing_file(w):
    return Expect(["preflight", str(w.tmp / "none.pdf")], 2, ("none.pdf",))


@case
def preflight_not_a_pdf(w):
    w.write("x.pdf", "这不是PDF")
    return Expect(["preflight", str(w.tmp / "x.pdf")], 2, ("x.pdf",))


@case
def preflight_truncated_pdf(w):
    w.write("t.pdf", (w.out / "ed.pdf").read_bytes()[:2000])
    return Expect(["preflight", str(w.tmp / "t.pdf")], 2, ("t.pdf",))


@case
def preflight_a_folder(w):
    return Expect(["preflight", str(w.out)], 2, ("out",))


# -- import and lint -----------------------------------------------------------------------------------------------

COPY = "赓续精神血脉\n■本报记者 胡建军\n这一年，衡阳成功纳入试点城市行列。\n"


def imp(w: World, copy: str, *extra: str) -> list[str]:
    return ["import", str(w.tmp / copy), "-o", str(w.tmp / "imported"), *extra]


@case
def import_empty_file(w):
    w.write("c.txt", "")
    return Expect(imp(w, "c.txt"), 1, ("c.txt", "empty"))


@case
def import_whitespace_only(w):
    w.write("c.txt", " \n\u3000\n\t\n")
    return Expect(imp(w, "c.txt"), 1, ("c.txt", "empty"))


@case
def import_binary_file(w):
    w.write("c.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
    return Expect(imp(w, "c.docx"), 1, ("c.docx", "not a text file"))


@case
def import_undecodable_bytes(w):
    w.write("c.txt", b"\xff\xff\xff\x80\x80abc")
    return Expect(imp(w, "c.txt"), 1, ("c.txt", "not UTF-8"))


@case
def import_copy_too_long(w):
    w.write("c.txt", COPY * 20_000)
    return Expect(imp(w, "c.txt"), 1, ("c.txt", "more than one story's copy", "split it"))


@case
def import_missing_copy(w):
    return Expect(imp(w, "none.txt"), 1, ("none.txt", "cannot read"))


@case
def import_a_folder(w):
    (w.tmp / "d").mkdir()
    return Expect(imp(w, "d"), 1, ("is a folder",))


@case
def import_unknown_template(w):
    w.write("c.txt", COPY)
    return Expect(imp(w, "c.txt", "--template", "nosuch"), 1, ("--template", "no template 'nosuch'"))


@case
def import_impossible_date(w):
    w.write("c.txt", COPY)
    return Expect(imp(w, "c.txt", "--date", "2021-13-45"), 2, ("--date", "no such date"))


@case
def import_photos_not_a_folder(w):
    w.write("c.txt", COPY)
    w.write("p.jpg", "x")
    return Expect(imp(w, "c.txt", "--photos", str(w.tmp / "p.jpg")), 1, ("--photos", "expected a folder"))


@case
def import_output_is_a_file(w):
    w.write("c.txt", COPY)
    w.write("imported", "x")
    return Expect(imp(w, "c.txt"), 1, ("imported", "is a file"))


@case
def import_into_an_edition_with_a_bad_manifest(w):
    w.write("c.txt", COPY)
    w.write("imported/edition.yaml", "edition: [\n")
    return Expect(imp(w, "c.txt"), 1, ("YAML syntax",))


@case
def import_into_a_gbk_edition(w):
    w.write("c.txt", COPY)
    w.write("imported/edition.yaml", GOOD.encode("gb18030"))
    return Expect(imp(w, "c.txt"), 1, ("GBK",))


@case
def import_empty_paper_name(w):
    w.write("c.txt", COPY)
    return Expect(imp(w, "c.txt", "--paper", ""), 1, ("edition.paper", "must not be empty"))


@case
def import_unknown_rule(w):
    w.write("c.txt", COPY)
    return Expect(imp(w, "c.txt", "--rules", "nosuchrule"), 1, ("nosuchrule",))


@case
def lint_gbk_manifest(w):
    w.write("ed/edition.yaml", GOOD.encode("gb18030"))
    return Expect(["lint", str(w.ed)], 1, ("GBK", "iconv"))


@case
def lint_fix_utf16_manifest(w):
    w.write("ed/edition.yaml", GOOD.replace("，", ",").encode("utf-16"))
    return Expect(["lint", str(w.ed), "--fix"], 1, ("UTF-16",))


@case
def lint_fix_control_character(w):
    w.manifest_text(with_body("这一年,衡阳\x1b"))
    return Expect(["lint", str(w.ed), "--fix"], 1, ("U+001B",))


@case
def lint_missing_edition(w):
    return Expect(["lint", str(w.tmp / "nope")], 1, ("nope",))


@case
def lint_unknown_rule(w):
    return Expect(["lint", str(w.ed), "--rules", "nosuchrule"], 1, ("nosuchrule",))
