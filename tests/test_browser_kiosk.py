"""The browser kiosk (``serve --kiosk``) in a real headless Chromium: idle
reset, the admin chord and recovery work as on a terminal kiosk.

One server for the module, with a short idle time.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from browser_helpers import (
    START_MS,
    VIEWPORT,
    served,
    snap,
    wait_for_no_text,
    wait_for_text,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("kiosk")
    config = folder / "kiosk.toml"
    config.write_text("[kiosk]\nidle_timeout = 6\ncountdown = 3\nattract_cycle = 25\n")
    with served(["--turbo", "--data", str(folder / "data")], folder,
                "--kiosk", "--config", str(config), "--max-sessions", "1") as s:
        yield s


def start_visit(page) -> None:
    """From the attract screen, a key starts a visit at the timeline."""
    page.wait_for_function("window.exhibitPage && exhibitPage.started", timeout=START_MS)
    for _ in range(30):
        page.keyboard.press("Space")
        try:
            wait_for_text(page, "choose a stop", timeout=2000)
            return
        except AssertionError:
            continue
    wait_for_text(page, "choose a stop")


def the_app(server, other_than: int | None = None) -> int:
    for _ in range(300):
        apps = [a for a in server.apps() if a != other_than]
        if apps:
            return apps[0]
        time.sleep(0.2)
    raise AssertionError("no app is serving the page")


def test_the_kiosk_page_resets_when_idle_and_keeps_the_admin_chord(browser, server, tmp_path):
    page = browser.new_context(viewport=VIEWPORT).new_page()
    try:
        page.goto(server.url)
        start_visit(page)
        wait_for_text(page, "Are you still there?", timeout=30_000)   # nobody about
        snap(page, tmp_path, "still-there")
        # Reset: the question goes, and the attract screen covers the timeline.
        wait_for_no_text(page, "Are you still there?", timeout=30_000)
        wait_for_no_text(page, "choose a stop")
        start_visit(page)
        for _ in range(3):
            page.keyboard.press("F12")    # the browser's tools key reaches the kiosk
        wait_for_text(page, "enter the admin PIN")
        snap(page, tmp_path, "admin-pin")
    finally:
        page.context.close()


def test_a_kiosk_page_starts_a_new_visit_by_itself_when_its_app_dies(browser, server, tmp_path):
    page = browser.new_context(viewport=VIEWPORT).new_page()
    try:
        page.goto(server.url)
        start_visit(page)
        first = the_app(server)
        os.kill(first, signal.SIGKILL)           # as hard a fault as there is
        # The page notices, asks the server, reloads: a new session, a new app.
        second = the_app(server, other_than=first)
        page.wait_for_function("window.exhibitPage && exhibitPage.started", timeout=START_MS)
        start_visit(page)
        assert the_app(server) == second
        snap(page, tmp_path, "recovered")
    finally:
        page.context.close()
