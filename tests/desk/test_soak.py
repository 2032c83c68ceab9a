"""200 rapid saves of edition.yaml, every tenth one invalid YAML, with a client following the event stream and
fetching each new page image as the browser does: the server's memory after them is at most 1.2× what it was
after the first 10, and the page it shows at the end is exactly a clean build's of the last manifest."""
from __future__ import annotations

import json
import threading
import time
import urllib.request

from layout.build import build
from layout.desk.render import render_png

from .conftest import BODY_START, SAMPLE_ID

SAVES = 200
PAUSE_S = 0.05                     # faster than any editor saves; the builds that fall behind coalesce


def follow(served, stop: threading.Event, seen: list[int]) -> None:
    """A browser's part: on each `build` event, the state and the new page image at screen scale."""
    with urllib.request.urlopen(served.url + "/api/events", timeout=120) as stream:
        for raw in stream:
            if stop.is_set():
                return
            line = raw.decode("utf-8")
            if line.startswith("data: ") and '"gen"' in line:
                gen = json.loads(line[6:])["gen"]
                served.get(f"/api/page.png?ed={SAMPLE_ID}&gen={gen}&page=8&scale=1")
                seen.append(gen)


def settle(served, quiet_s: float = 1.0, timeout: float = 60.0) -> dict:
    """The state once no build has started for `quiet_s`."""
    end = time.monotonic() + timeout
    last = served.state()
    since = time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.1)
        st = served.state()
        if st["attempts"] != last["attempts"]:
            last, since = st, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return st
    raise AssertionError("the desk never settled")


def caught_up(seen: list[int], gen: int, timeout: float = 30.0) -> None:
    """Wait until the follower has fetched the image of generation `gen` (a cold clone renders its first page
    images late: measured before them, the baseline had been 93 MiB against a steady 150)."""
    end = time.monotonic() + timeout
    while not (seen and seen[-1] >= gen) and time.monotonic() < end:
        time.sleep(0.05)


def test_200_rapid_saves_no_leak_and_the_right_page(served, tmp_path):
    original = served.manifest.read_text(encoding="utf-8")
    stop, seen = threading.Event(), []
    threading.Thread(target=follow, args=(served, stop, seen), daemon=True).start()
    time.sleep(0.3)
    rss10 = 0
    last_good = original
    for k in range(1, SAVES + 1):
        if k % 10 == 5:
            text = last_good + "stories: [\n"                        # invalid half-way through a keystroke
        else:
            text = original.replace(BODY_START, BODY_START.replace("2021年", f"20{k % 100:02d}年"), 1)
            last_good = text
        served.manifest.write_text(text, encoding="utf-8")
        time.sleep(PAUSE_S)
        if k == 10:
            st = settle(served)
            assert st["error"] is None
            caught_up(seen, st["gen"])          # the page image fetched too: the render path is part of the baseline
            rss10 = served.rss_kib()
    st = settle(served)
    rss = served.rss_kib()
    stop.set()
    assert st["error"] is None and st["attempts"] > 20, st["attempts"]
    assert seen and seen[-1] == st["gen"]
    assert rss <= 1.2 * rss10, f"RSS {rss10} KiB after 10 saves, {rss} KiB after {SAVES}"
    clean = build(str(served.edition), str(tmp_path / "clean"), allow_overset=True, pdfx="none")
    expected = render_png(clean.pdf.read_bytes(), 0, 1.0)
    assert served.get(f"/api/page.png?ed={SAMPLE_ID}&gen={st['gen']}&page=8&scale=1") == expected
    log = served.log.read_text(encoding="utf-8")
    assert "Traceback" not in log and "YAML syntax" in log
    print(f"\ndesk soak: {SAVES} saves, {st['attempts']} builds, generation {st['gen']}, "
          f"RSS {rss10 / 1024:.0f} MiB after 10 saves, {rss / 1024:.0f} MiB after {SAVES}")
