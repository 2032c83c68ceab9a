"""The desk in a real browser: Debian's chromium, headless, driven by Playwright (which never downloads a browser
of its own here). `layout serve` runs as a subprocess on a copy of the sample; the tests save edition.yaml on
disk as an editor would and watch the page. Screenshots go to build/desk-shots/ (not committed)."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from ..conftest import REPO
from .conftest import BODY_START, SAMPLE_ID, edit

playwright = pytest.importorskip("playwright.sync_api", reason="playwright not installed: make setup")
pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "build" / "desk-shots"
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed: make chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM))
        yield b
        b.close()


@pytest.fixture
def desk(browser, served):
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served.url + "/")
    page.wait_for_function("Number(document.body.dataset.gen) >= 1", timeout=20_000)
    yield page, served
    page.close()
    assert errors == [], errors                     # no script error on any page of any test


def gen(page) -> int:
    return int(page.evaluate("document.body.dataset.gen"))


def shown_image(page) -> dict:
    return page.evaluate("""(() => { const im = document.querySelector('#page-stack img');
        return {src: im.getAttribute('src'), gen: im.dataset.gen, loaded: im.complete && im.naturalWidth > 0,
                width: im.getBoundingClientRect().width}; })()""")


def save_and_wait(page, served, old: str, new: str) -> float:
    """Save one change; seconds from the save to the browser showing the new page (the page's own clock and
    this one are the same machine's)."""
    before = gen(page)
    t0 = time.time()
    edit(served.manifest, old, new)
    page.wait_for_function(f"Number(document.body.dataset.gen) > {before}", timeout=2_000)
    return float(page.evaluate("document.body.dataset.shownAt")) - t0


def test_a_save_shows_in_the_page_within_2_s_and_in_the_revision_diff(desk):
    page, served = desk
    page.click("#tab-revs")
    page.click("#make-proof")
    page.wait_for_selector("#proof-status[data-rev]", timeout=30_000)
    rev = page.eval_on_selector("#proof-status", "el => el.dataset.rev")
    assert page.locator("#revs li").count() == 1 and page.eval_on_selector("#rev-old", "el => el.value") == rev
    assert served.root.joinpath(SAMPLE_ID, "revs", rev, "meta.json").is_file()
    page.click("#tab-page")
    first = shown_image(page)

    latency = save_and_wait(page, served, BODY_START, BODY_START.replace("百年华诞", "百年华诞之际"))
    after = shown_image(page)
    assert latency < 2.0
    assert after["loaded"] and after["gen"] == str(gen(page)) and after["src"] != first["src"]
    assert served.get(after["src"]) != served.get(first["src"])        # the image itself changed
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "page-view.png"))

    page.click("#tab-revs")
    page.select_option("#rev-old", rev)
    page.select_option("#rev-new", "live")
    page.click("#diff-go")
    page.wait_for_function(f"document.body.dataset.diff === '{rev}..live'", timeout=30_000)
    items = page.locator("#changes li.edit")
    assert items.count() == 1
    text = items.first.inner_text()
    assert "插入「之际」" in text and "第8版 第5栏" in text
    page.wait_for_function("[...document.querySelectorAll('.sheet img')].every(i => i.complete && i.naturalWidth)")
    page.click("#zoom-in")
    page.click("#zoom-in")
    items.first.click()
    assert page.locator("#sheet-new .chg.active").count() >= 1
    assert page.locator("#changes li.active").count() == 1
    view = page.evaluate("""(() => { const p = document.getElementById('pane-new');
        const r = document.querySelector('#sheet-new .chg.active rect').getBoundingClientRect();
        const v = p.getBoundingClientRect();
        return {inside: r.top >= v.top && r.bottom <= v.bottom && r.left >= v.left && r.right <= v.right,
                synced: Math.abs(p.scrollTop - document.getElementById('pane-old').scrollTop) < 2}; })()""")
    assert view == {"inside": True, "synced": True}
    time.sleep(0.5)                                     # sharper images after the zoom
    page.screenshot(path=str(SHOTS / "diff-side-by-side.png"))
    page.click("#mode-overlay")
    page.fill("#slider", "50")
    page.dispatch_event("#slider", "input")
    assert page.locator("#sheet-overlay img.top").count() == 1
    time.sleep(0.5)
    page.screenshot(path=str(SHOTS / "diff-overlay.png"))

    page.click("#tab-page")
    figures = [latency]
    words = ["之际", "之时", "前后", "之年", "当下"]
    for old, new in zip(words, words[1:], strict=False):
        figures.append(save_and_wait(page, served, "百年华诞" + old, "百年华诞" + new))
    median = statistics.median(figures)
    (SHOTS / "latency.txt").write_text(
        f"browser showing the new page after a save: median {median:.3f} s of {len(figures)} "
        f"({', '.join(f'{f:.3f}' for f in figures)})\n", encoding="utf-8")
    print(f"\ndesk: the browser showed the new page {median:.3f} s after the save (median of {len(figures)})")
    assert max(figures) < 2.0


def test_a_broken_manifest_shows_the_error_and_keeps_the_last_page(desk):
    page, served = desk
    good, before = shown_image(page), gen(page)
    lines = served.manifest.read_text(encoding="utf-8").count("\n")
    served.manifest.write_text(served.manifest.read_text(encoding="utf-8") + "stories: [\n", encoding="utf-8")
    page.wait_for_selector("#error:not([hidden])", timeout=5_000)
    shown = page.inner_text("#error-text")
    assert shown == served.state()["error"]
    assert shown.startswith(f"error: {served.manifest}:{lines + 2}: YAML syntax:")     # the end of the file
    assert gen(page) == before and shown_image(page) == good and good["loaded"] and good["width"] > 500
    page.screenshot(path=str(SHOTS / "page-view-error.png"))
    text = served.manifest.read_text(encoding="utf-8")
    served.manifest.write_text(text[: text.rindex("stories: [")], encoding="utf-8")
    page.wait_for_function(f"Number(document.body.dataset.gen) > {before}", timeout=5_000)
    assert page.locator("#error").is_hidden()
    assert shown_image(page)["src"] == good["src"]         # the page is as it was: its image is not fetched again


def test_the_grid_on_demand(desk):
    page, served = desk
    grid = served.state()["pages"][0]["grid"]
    assert page.eval_on_selector("svg .grid", "g => getComputedStyle(g).display") == "none"
    page.check("#show-grid")
    assert page.eval_on_selector("svg .grid", "g => getComputedStyle(g).display") != "none"
    assert page.locator("svg .grid line").count() == grid["lines"]
    assert page.locator("svg .grid rect").count() == len(grid["columns"])
    first = page.eval_on_selector("svg .grid line", "l => Number(l.getAttribute('y1'))")
    assert first == grid["first_baseline"]
    page.screenshot(path=str(SHOTS / "page-view-grid.png"))


def test_a_click_on_a_check_finding_scrolls_to_its_place(desk):
    page, served = desk
    before = gen(page)
    edit(served.manifest, "      - 红色是衡阳最鲜亮的底色",
         "      - " + "这是一段为了测试超版而加长的文字。" * 12 + "\n      - 红色是衡阳最鲜亮的底色")
    page.wait_for_function(f"Number(document.body.dataset.gen) > {before}", timeout=5_000)
    finding = page.locator("#marks li", has_text="rule 28")
    assert finding.count() == 1 and "第8版 规则28" in finding.inner_text()
    marks = served.state()["marks"]
    target = next(m for m in marks if m["label"] == "规则28")
    page.click("#zoom-in")
    page.click("#zoom-in")
    page.click("#zoom-in")
    page.evaluate("document.getElementById('pages').scrollTo(0, 0)")

    def in_view() -> bool:
        return page.evaluate(f"""(() => {{ const p = document.getElementById('pages').getBoundingClientRect();
            const r = document.querySelector('.mark[data-id="{target['id']}"] rect').getBoundingClientRect();
            const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
            return cx > p.left && cx < p.right && cy > p.top && cy < p.bottom; }})()""")

    assert not in_view()
    # zoomed in, the page is re-rendered at a larger scale (sharp body text), not stretched
    page.wait_for_function("document.querySelector('#page-stack img').dataset.scale === '2'", timeout=5_000)
    width = served.state()["pages"][0]["w"] * 2                      # pdfium rounds the bitmap up
    page.wait_for_function(f"Math.abs(document.querySelector('#page-stack img').naturalWidth - {width}) <= 1",
                           timeout=5_000)
    finding.click()
    assert in_view()
    assert page.locator(f'.mark.active[data-id="{target["id"]}"]').count() == 1
    assert page.locator("#marks li.active").inner_text() == finding.inner_text()
    time.sleep(0.5)
    page.screenshot(path=str(SHOTS / "page-view-finding.png"))
