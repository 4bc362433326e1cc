"""The exhibit in a browser: keystroke to echo, and memory per session.

    PYTHONPATH=. python bench/bench_browser.py

Runs ``python -m exhibit serve`` (machines at their era clock) and drives
Debian's headless Chromium with Playwright, as the browser tests do.

1. Keystroke to echo: at the memo stop, each key typed into the Z80's MEMO
   program, timed in the page from the browser's keydown to the moment
   xterm.js has parsed the screen update that shows the character (so it
   covers the websocket both ways, textual-serve, the app, the Z80 and the
   repaint; not the browser's own paint). Median and p95; goal p95 <= 50 ms
   (the terminal goal, DESIGN.md).
2. Memory per session with 1, 4 and 8 pages open, each page at the memo stop
   with its machine running: resident (RSS) and proportional (PSS, shared
   pages split between processes) memory of each page's app process, and of
   the server.
"""

from __future__ import annotations

import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_helpers import (  # noqa: E402
    START_MS,
    chromium,
    open_exhibit,
    served,
    wait_for_no_text,
    wait_for_text,
)

ROUNDS = 4
PER_ROUND = 30

ECHO_PROBE = """() => {
    window.echo = {samples: [], expect: null, t0: null};
    window.addEventListener('keydown', () => { if (echo.expect) echo.t0 = performance.now(); }, true);
    exhibitTerminal.terminal.onWriteParsed(() => {
        if (echo.expect && echo.t0 !== null && exhibitPage.screenText().includes(echo.expect)) {
            echo.samples.push(performance.now() - echo.t0);
            echo.expect = null;
            echo.t0 = null;
        }
    });
}"""


def open_memo(page) -> None:
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    wait_for_text(page, "INTERNAL MEMORANDUM", "To:", timeout=START_MS)


def echo_times(browser, url: str) -> list[float]:
    page = open_exhibit(browser, url)
    open_memo(page)
    page.evaluate(ECHO_PROBE)
    letters = string.ascii_lowercase
    for _ in range(ROUNDS):
        typed = ""
        for i in range(PER_ROUND):
            typed += letters[i % 26]
            page.evaluate("e => { echo.expect = e; }", "To:       " + typed)
            page.keyboard.press(typed[-1])
            page.wait_for_function("echo.expect === null", timeout=10_000)
        page.keyboard.press("F5")               # the program starts again: an empty memo
        wait_for_no_text(page, "To:       " + typed)
        time.sleep(0.5)
    samples = page.evaluate("echo.samples")
    page.context.close()
    return [float(s) for s in samples]


def kib(pid: int, path: str, field: str) -> int:
    for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def memory(browser, server, pages: int) -> tuple[list[float], list[float], float]:
    opened = []
    for _ in range(pages):
        page = open_exhibit(browser, server.url)
        open_memo(page)
        opened.append(page)
    time.sleep(3)                               # machines booted, first frames drawn
    apps = server.apps()
    assert len(apps) == pages, (apps, pages)
    rss = [kib(pid, "status", "VmRSS") / 1024 for pid in apps]
    pss = [kib(pid, "smaps_rollup", "Pss") / 1024 for pid in apps]
    server_rss = kib(server.process.pid, "status", "VmRSS") / 1024
    for page in opened:
        page.context.close()
    deadline = time.monotonic() + 60
    while server.apps() and time.monotonic() < deadline:
        time.sleep(0.2)
    return rss, pss, server_rss


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        folder = Path(tmp)
        with served(["--data", str(folder / "data")], folder, "--max-sessions", "8") as server:
            samples = echo_times(browser, server.url)
            samples.sort()
            p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
            print(f"keystroke to echo in the browser ({len(samples)} keys, MEMO at its era clock): "
                  f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, "
                  f"max {samples[-1]:.1f} ms (goal p95 <= 50 ms)")
            print("memory per session (each page at the memo stop, its Z80 running):")
            print("  pages   RSS per app (median)   PSS per app (median)   all apps RSS   server RSS")
            for pages in (1, 4, 8):
                rss, pss, server_rss = memory(browser, server, pages)
                print(f"  {pages:5d}   {statistics.median(rss):17.1f} MB   "
                      f"{statistics.median(pss):17.1f} MB   {sum(rss):9.1f} MB   "
                      f"{server_rss:7.1f} MB")


if __name__ == "__main__":
    main()
