"""`make bench`'s proof-desk rows: `layout serve` on a copy of the sample, Debian's chromium (Playwright) showing
it; five saves of edition.yaml, each one paragraph edited by a few characters. For each: seconds from the save
to the new page image shown in the browser, and the desk's rebuild (the Rebuilder's build, as the state reports
it); medians, and the server's memory after them. Run alone: `.venv/bin/python scripts/bench_desk.py`."""
from __future__ import annotations

import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2021-year-end"
WORK = ROOT / "build" / "bench" / "desk"
CHROMIUM = Path("/usr/bin/chromium")
PARAGRAPH = "2021年，在中国共产党迎来百年华诞"
EDITS = ["之际", "之时", "前后", "之年", "当下"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure() -> dict | None:
    """None when Playwright or chromium is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    shutil.rmtree(WORK, ignore_errors=True)
    edition = WORK / SAMPLE.name
    shutil.copytree(SAMPLE, edition)
    manifest = edition / "edition.yaml"
    port = _port()
    with (WORK / "serve.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "layout", "serve", str(edition), "--port", str(port),
                                 "--root", str(WORK / "build")], stdout=subprocess.PIPE, stderr=log, text=True)
    assert proc.stdout is not None
    proc.stdout.readline()
    url = f"http://127.0.0.1:{port}"
    shown, rebuilt = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM))
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url + "/")
            page.wait_for_function("Number(document.body.dataset.gen) >= 1", timeout=30_000)
            before = "百年华诞"
            for word in EDITS:
                gen = int(page.evaluate("document.body.dataset.gen"))
                text = manifest.read_text(encoding="utf-8")
                t0 = time.time()
                manifest.write_text(text.replace(before, "百年华诞" + word, 1), encoding="utf-8")
                page.wait_for_function(f"Number(document.body.dataset.gen) > {gen}", timeout=10_000)
                shown.append(float(page.evaluate("document.body.dataset.shownAt")) - t0)
                with urllib.request.urlopen(f"{url}/api/state?ed={SAMPLE.name}") as r:
                    rebuilt.append(json.loads(r.read())["timings"]["total"])
                before = "百年华诞" + word
                time.sleep(0.3)
            browser.close()
        rss = _rss_mib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return {"shown": statistics.median(shown), "rebuild": statistics.median(rebuilt), "rss": rss, "n": len(shown)}


def rows() -> None:
    r = measure()
    if r is None:
        print("layout serve in the browser: not measured (needs playwright and /usr/bin/chromium: make chromium)")
        return
    print(f"{'layout serve (sample, one-paragraph edit, median of ' + str(r['n']) + ')':56} {'s':>6}")
    print(f"{'  rebuild in the desk (Rebuilder: compose + PDF)':56} {r['rebuild']:>6.3f}")
    print(f"{'  save → new page shown in chromium':56} {r['shown']:>6.3f}")
    print(f"{'  server memory after (MiB)':56} {r['rss']:>6.0f}")


if __name__ == "__main__":
    rows()
