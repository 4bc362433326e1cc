"""Drive the served exhibit in a real headless Chromium (Debian's ``chromium``).

The browser is Debian's, found on the path; Playwright's own driver (in its
wheel) talks to it, and never downloads one. Without Chromium the browser
tests skip with a message, unless ``EXHIBIT_REQUIRE_BROWSER=1`` (``.ci/run``
sets it), when a missing browser fails them instead.

The screen is read from xterm.js's own buffer in the page
(``exhibitPage.screenText()``, from ``exhibit/web/page.js``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}
# A page starts its own app process; on two busy cores that can take seconds.
START_MS = 60_000
WAIT_MS = 20_000


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def need_browser() -> str:
    """Chromium's path, or skip (fail when EXHIBIT_REQUIRE_BROWSER=1) saying why not."""
    problem = None
    path = chromium_path()
    if path is None:
        problem = "no Chromium installed (apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            problem = "Playwright is not installed (pip install '.[test]')"
    if problem:
        if os.environ.get("EXHIBIT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here, but {problem}")
        pytest.skip(f"browser tests skipped: {problem}")
    assert path is not None
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """``python -m exhibit serve`` running as a visitor would start it."""

    def __init__(self, args: list[str], folder: Path, serve_args: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = (folder / "serve.log").open("w")
        # Visit figures and logs, wherever a mode keeps them, stay in ``folder``.
        env = {**os.environ, "XDG_DATA_HOME": str(folder / "xdg-data"),
               "XDG_STATE_HOME": str(folder / "xdg-state")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "exhibit", *args, "serve", "--port", str(self.port), *serve_args],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited: {(folder / 'serve.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("serve did not start listening")

    def apps(self) -> list[int]:
        """The pids of the app processes serving pages now (the server's children)."""
        return children(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


@contextmanager
def served(args: list[str], folder: Path, *serve_args: str) -> Iterator[Served]:
    server = Served(args, folder, serve_args)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright."""
    path = need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def screen(page: Any) -> str:
    return str(page.evaluate("exhibitPage.screenText()"))


def wait_for_text(page: Any, *texts: str, timeout: int = WAIT_MS) -> str:
    """Wait until the exhibit's screen in the page shows every one of ``texts``; return the screen."""
    try:
        page.wait_for_function(
            "texts => window.exhibitPage && texts.every(t => exhibitPage.screenText().includes(t))",
            arg=list(texts), timeout=timeout)
    except Exception as e:
        raise AssertionError(f"the page never showed {texts!r}; it shows:\n{screen(page)}") from e
    return screen(page)


def wait_for_no_text(page: Any, text: str, timeout: int = WAIT_MS) -> str:
    try:
        page.wait_for_function("t => !exhibitPage.screenText().includes(t)", arg=text,
                               timeout=timeout)
    except Exception as e:
        raise AssertionError(f"the page still shows {text!r}:\n{screen(page)}") from e
    return screen(page)


def open_exhibit(browser: Any, url: str, *, touch: bool = False) -> Any:
    """A new page (a new session) showing the timeline."""
    context = browser.new_context(viewport=VIEWPORT, has_touch=touch)
    page = context.new_page()
    page.goto(url)
    wait_for_text(page, "Mainframe", "choose a stop", timeout=START_MS)
    return page


def cell_centre(page: Any, text: str) -> tuple[float, float]:
    """Where on the page (CSS pixels) the first ``text`` on the exhibit's screen is drawn."""
    rows = screen(page).split("\n")
    found = next(((y, row.find(text)) for y, row in enumerate(rows) if text in row), None)
    if found is None:
        raise AssertionError(f"{text!r} is not on the screen:\n{screen(page)}")
    y, x = found
    box = page.evaluate("""() => {
        const r = document.querySelector('.xterm-screen').getBoundingClientRect();
        const t = window.exhibitTerminal.terminal;
        return {left: r.left, top: r.top, width: r.width, height: r.height, cols: t.cols, rows: t.rows};
    }""")
    cw, ch = box["width"] / box["cols"], box["height"] / box["rows"]
    return box["left"] + (x + len(text) / 2) * cw, box["top"] + (y + 0.5) * ch


def snap(page: Any, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path
