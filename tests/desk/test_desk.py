"""The desk without a browser: where marks go, page images, the rebuild state (last good page, the CLI's error
text), the HTTP routes, and `layout serve`'s own user errors."""
from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pypdfium2 as pdfium
import pytest
from PIL import Image

from layout.desk.app import Desk
from layout.desk.marks import finding_box, fit_box, page_marks
from layout.desk.render import ImageCache, nearest_scale, render_png
from layout.desk.server import make_server
from layout.desk.state import EditionDesk
from layout.desk.watch import watched_paths
from layout.model.templates import TEMPLATE_DIR
from layout.review.check import Finding

from .conftest import BODY_START, edit, free_port, needs_sample

LINE = {"story": "main", "column": 1, "grid_line": 4, "x": 181.49, "indent": 18.0, "y": 152.63, "size": 9.0,
        "set_width": 99.0, "kind": "body", "block": "p8-4"}
PAGE = {"number": 8, "trim": [0.0, 0.0, 1105.51, 1547.72], "type_area": [55.49, 90.71, 999.0, 1399.5],
        "grid": {"columns": [[55.49, 117.0], [181.49, 117.0]], "first_baseline": 98.63, "pitch": 13.5, "lines": 104,
                 "body_size": 9.0},
        "blocks": [{"id": "p8-4", "kind": "text", "ref": "main", "rect": [181.49, 90.71, 117.0, 270.0]},
                   {"id": "p8-5", "kind": "photo", "ref": "wuchang", "rect": [55.49, 400.0, 243.0, 300.0]}],
        "lines": [LINE]}


def finding(**kw) -> Finding:
    base = {"rule": 11, "severity": "error", "page": 8, "column": 2, "line": 5, "story": "main", "para": 0,
            "text": "x", "message": "m"}
    return Finding(**{**base, **kw})


def test_a_finding_is_boxed_on_its_line():
    """Column 2, grid line 5 (1-based) is the set line at column 1, grid_line 4 (0-based): from its indent,
    ascent above the baseline, as wide as it is set."""
    assert finding_box(PAGE, finding()) == (199.49, round(152.63 - 0.88 * 9, 2), 99.0, 9.0)


def test_a_finding_off_any_line_is_its_grid_cell_then_its_story():
    assert finding_box(PAGE, finding(line=7, story="other")) == (181.49, round(98.63 + 6 * 13.5 - 0.88 * 9, 2),
                                                                 117.0, 9.0)
    assert finding_box(PAGE, finding(column=0, line=0)) == (181.49, 90.71, 117.0, 270.0)


def test_a_page_rule_finding_is_its_block():
    """Rules 26–35: check puts the fault's block ids in the text; the first is what is at fault."""
    assert finding_box(PAGE, finding(rule=29, para=-1, text="p8-5, p8-4", story="wuchang")) == \
        (55.49, 400.0, 243.0, 300.0)


def test_overset_at_its_marker_and_underset_below_the_last_line():
    marker = {**LINE, "kind": "overset", "grid_line": 20, "y": 368.63, "set_width": 117.0, "indent": 0.0}
    page = {**PAGE, "lines": [LINE, marker]}
    assert fit_box(page, {"ref": "main", "overset_chars": 40}) == (181.49, round(368.63 - 7.92, 2), 117.0, 9.0)
    under = fit_box(PAGE, {"ref": "main", "underset_lines": 5})
    assert under == (181.49, round(152.63 + 2.25, 2), 117.0, round(90.71 + 270.0 - 152.63 - 2.25, 2))


def test_page_marks_lists_findings_then_fits_with_the_builds_words():
    layout = {"pages": [PAGE], "fits": [{"ref": "main", "part": "text", "page": 8, "overset_chars": 0,
                                         "overset_lines": 0, "underset_lines": 0},
                                        {"ref": "main", "part": "text", "page": 8, "overset_chars": 0,
                                         "overset_lines": 0, "underset_lines": 3}]}
    marks = page_marks(layout, [finding(), finding(page=9)], {1: "underset: text 'main' (page 8): 3 empty lines"})
    assert [(m.id, m.kind, m.severity, m.label) for m in marks] == [
        ("f0", "finding", "error", "规则11"), ("o1", "underset", "warning", "欠版")]
    assert marks[1].text == "underset: text 'main' (page 8): 3 empty lines"


def _pdf(w: float, h: float) -> bytes:
    doc = pdfium.PdfDocument.new()
    doc.new_page(w, h)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return out.getvalue()


def test_page_images_at_the_scale_asked_and_a_bounded_cache():
    pdf = _pdf(200, 100)
    png = render_png(pdf, 0, 2.0)
    assert Image.open(io.BytesIO(png)).size == (400, 200)
    assert nearest_scale(1.7) == 1.5 and nearest_scale(9) == 3.0
    cache = ImageCache(limit_bytes=len(png) * 2 + 10)
    for k in range(5):
        cache.get(("ed", "gen", k, 8, 2.0), pdf, 0, 2.0)
    assert cache.size <= len(png) * 2 + 10
    cache.drop(lambda key: True)
    assert cache.size == 0


def test_the_sample_page_image_is_its_trim(sample_build):
    trim = json.loads(sample_build.json.read_bytes())["pages"][0]["trim"]
    im = Image.open(io.BytesIO(render_png(sample_build.pdf.read_bytes(), 0, 0.5)))
    assert abs(im.width - trim[2] * 0.5) <= 1 and abs(im.height - trim[3] * 0.5) <= 1


def test_a_broken_manifest_keeps_the_last_good_page_and_says_what_the_cli_says(sample_copy, tmp_path):
    needs_sample()
    ed = EditionDesk.open(sample_copy, tmp_path / "build", "none")
    assert ed.rebuild(log=lambda _: None)
    good = ed.current
    assert good is not None and good.number == 1 and good.pdf.startswith(b"%PDF")
    manifest = sample_copy / "edition.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "stories: [\n", encoding="utf-8")
    assert not ed.rebuild(log=lambda _: None)
    cli = subprocess.run([sys.executable, "-m", "layout", "build", str(sample_copy), "-o", str(tmp_path / "cli"),
                          "--pdfx", "none"], capture_output=True, text=True)
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert ed.failure is not None and ed.failure.text == cli.stderr.strip()
    assert f"{manifest}:" in ed.failure.text and not ed.failure.internal
    assert ed.current is good                                  # the last good generation stays
    st = ed.state()
    assert st["gen"] == 1 and st["error"] == cli.stderr.strip() and st["pages"][0]["number"] == 8


@pytest.fixture
def desk(sample_copy, tmp_path):
    """The desk in this process, its server on a free port."""
    needs_sample()
    d = Desk.open([str(sample_copy)], str(tmp_path / "build"), "none", log=lambda _: None)
    server = make_server(d, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    d.start()
    d.url = f"http://127.0.0.1:{server.server_address[1]}"      # type: ignore[attr-defined]
    try:
        yield d
    finally:
        d.close()
        server.shutdown()
        server.server_close()


def _get(desk, path: str, method: str = "GET") -> tuple[int, bytes, str]:
    req = urllib.request.Request(desk.url + path, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read(), r.headers["Content-Type"]
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers["Content-Type"]


def _state(desk, ed: str, test, timeout: float = 20.0) -> dict:
    end = time.monotonic() + timeout
    while True:
        st = json.loads(_get(desk, f"/api/state?ed={ed}")[1])
        if test(st):
            return st
        assert time.monotonic() < end, st
        time.sleep(0.05)


def test_routes_state_pages_revisions_and_a_diff_against_the_live_build(desk, sample_copy):
    ed = sample_copy.name
    st = _state(desk, ed, lambda s: s["gen"] >= 1)
    assert st["error"] is None and [p["number"] for p in st["pages"]] == [8] and st["marks"] == []
    status, png, ctype = _get(desk, f"/api/page.png?ed={ed}&gen={st['gen']}&page=8&scale=1")
    assert status == 200 and ctype == "image/png"
    assert Image.open(io.BytesIO(png)).size == (round(st["pages"][0]["w"]), round(st["pages"][0]["h"]))
    status, body, _ = _get(desk, "/api/state?ed=nosuch")
    assert status == 404 and "no edition 'nosuch'" in json.loads(body)["error"]
    assert _get(desk, "/")[2].startswith("text/html") and _get(desk, "/static/desk.js")[0] == 200
    assert _get(desk, "/static/../app.py")[0] == 404
    assert json.loads(_get(desk, f"/api/revs?ed={ed}")[1]) == []
    status, body, _ = _get(desk, f"/api/revs?ed={ed}", "POST")
    rev = json.loads(body)["rev"]
    assert status == 200 and [r["rev"] for r in json.loads(_get(desk, f"/api/revs?ed={ed}")[1])] == [rev]
    edit(sample_copy / "edition.yaml", BODY_START, BODY_START.replace("百年华诞", "百年华诞之际"))
    st = _state(desk, ed, lambda s: s["gen"] >= 2)
    status, body, _ = _get(desk, f"/api/diff?ed={ed}&old={rev}&new=live")
    d = json.loads(body)
    assert status == 200 and d["old"] == rev and d["new"] == "live" and d["changed"]
    edits = [c for c in d["changes"] if c["kind"] == "edit"]
    assert [c["inserted"] for c in edits] == ["之际"]
    where = edits[0]["where_new"][0]
    assert (where["page"], where["column"]) == (8, 5) and where["line"] >= 1
    assert edits[0]["summary_zh"] == f"【改动】 {edits[0]['text']}"          # the diff's own words, as `layout diff`
    assert edits[0]["summary_zh"].startswith(f"【改动】 第8版 第5栏第{where['line']}行：")   # its 行 = the desk's
    assert "插入「之际」" in edits[0]["summary_zh"]
    status, body, _ = _get(desk, f"/api/diff?ed={ed}&old=nosuch&new=live")
    assert status == 400 and "no revision 'nosuch'" in json.loads(body)["error"]
    assert _get(desk, f"/api/rev.png?ed={ed}&rev={rev}&page=8&scale=0.5")[0] == 200


def test_serve_says_when_the_port_is_taken(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        res = subprocess.run([sys.executable, "-m", "layout", "serve", "issues/2021-year-end", "--port", str(port),
                              "--root", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip() == (f"error: port {port} on 127.0.0.1 is taken (another `layout serve`, or another "
                                  f"program); choose another with --port, e.g. --port {port + 1}")


def test_serve_says_when_an_edition_is_not_there(tmp_path):
    res = subprocess.run([sys.executable, "-m", "layout", "serve", str(tmp_path / "nope"), "--port",
                          str(free_port())], capture_output=True, text=True, timeout=60)
    assert res.returncode == 1 and res.stderr.strip() == f"error: {tmp_path / 'nope'}: no such edition folder or " \
                                                          "manifest file"


def test_images_of_generations_no_page_shows_are_dropped(desk, sample_copy):
    """Two generations' images at most (the one shown and the one a slow tab may still ask for): without this
    a day of saves would keep every page image ever rendered."""
    ed = sample_copy.name
    manifest = sample_copy / "edition.yaml"
    for k, word in enumerate(["之际", "之时", "前后", "当下"], start=1):
        st = _state(desk, ed, lambda s, k=k: s["gen"] >= k)
        assert _get(desk, f"/api/page.png?ed={ed}&gen={st['gen']}&page=8&scale=0.5")[0] == 200
        text = manifest.read_text(encoding="utf-8")
        manifest.write_text(text.replace("百年华诞", "百年华诞" + word, 1), encoding="utf-8")
    st = _state(desk, ed, lambda s: s["gen"] >= 5)
    kept = [(key[2], key[3]) for key in desk.images.keys() if key[1] == "page"]
    assert kept and len(kept) <= 2 and set(kept) <= desk.editions[ed].digests(), kept


def test_a_page_an_edit_did_not_change_keeps_its_image(desk, sample_copy):
    """A page's image is named by its digest: a save that leaves the page as it was (a comment) renders nothing
    and the browser fetches nothing; a real edit gives a new digest."""
    ed = sample_copy.name
    manifest = sample_copy / "edition.yaml"
    st = _state(desk, ed, lambda s: s["gen"] >= 1)
    digest = st["pages"][0]["digest"]
    status, png, _ = _get(desk, f"/api/page.png?ed={ed}&page=8&digest={digest}&scale=0.5")
    assert status == 200
    manifest.write_text(manifest.read_text(encoding="utf-8") + "# a note to the editor\n", encoding="utf-8")
    st = _state(desk, ed, lambda s: s["gen"] >= 2)
    assert st["pages"][0]["digest"] == digest
    assert [k for k in desk.images.keys() if k[1] == "page"] == [(ed, "page", 8, digest, 0.5)]
    edit(manifest, BODY_START, BODY_START.replace("百年华诞", "百年华诞之际"))
    st = _state(desk, ed, lambda s: s["gen"] >= 3)
    assert st["pages"][0]["digest"] != digest
    status, new, _ = _get(desk, f"/api/page.png?ed={ed}&page=8&digest={st['pages'][0]['digest']}&scale=0.5")
    assert status == 200 and new != png


def test_the_desk_watches_the_edition_its_fonts_and_the_templates(sample_copy):
    (sample_copy / "fonts").mkdir()
    paths = watched_paths(sample_copy)
    assert paths[0] == sample_copy.resolve()
    assert TEMPLATE_DIR.resolve() in paths
    assert (sample_copy / "fonts").resolve() not in paths          # inside the edition folder, watched with it
    assert not any(str(p).startswith("/usr/share/fonts") for p in paths)


def test_a_replaced_photo_rebuilds_the_page(desk, sample_copy):
    ed = sample_copy.name
    st = _state(desk, ed, lambda s: s["gen"] >= 1)
    _, before, _ = _get(desk, f"/api/page.png?ed={ed}&gen={st['gen']}&page=8&scale=0.5")
    photos = sorted((sample_copy / "photos").glob("*.jpg"))
    photos[0].write_bytes(photos[1].read_bytes())
    st = _state(desk, ed, lambda s: s["gen"] >= 2)
    _, after, _ = _get(desk, f"/api/page.png?ed={ed}&gen={st['gen']}&page=8&scale=0.5")
    assert st["error"] is None and after != before


def test_a_bug_in_the_build_is_told_apart_from_a_users_mistake(sample_copy, tmp_path):
    """A traceback goes to the server's log; the page says it is a bug, not the manifest, and stays."""
    needs_sample()
    ed = EditionDesk.open(sample_copy, tmp_path / "build", "none")
    assert ed.rebuild(log=lambda _: None)
    logged: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    ed.rebuilder.build = broken                                   # type: ignore[method-assign]
    assert not ed.rebuild(log=logged.append)
    assert ed.failure is not None and ed.failure.internal
    assert ed.failure.text == ("internal error (a bug, not your manifest; the traceback is in the server's log): "
                               "RuntimeError: boom")
    assert logged and logged[0].startswith("Traceback") and "RuntimeError: boom" in logged[0]
    assert ed.current is not None and ed.current.number == 1
