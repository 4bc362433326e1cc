"""Sessions of the served exhibit, in a real headless Chromium: each page its
own app, the cap on sessions, and a session (its app, its machine) ending
with its page.

One server for the module, capped at two sessions.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from browser_helpers import (
    START_MS,
    VIEWPORT,
    open_exhibit,
    served,
    snap,
    wait_for_text,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("served")
    with served(["--turbo", "--data", str(folder / "data")], folder, "--max-sessions", "2") as s:
        yield s


def apps_settle(server, count: int, within: float = 30.0) -> list[int]:
    """The server's app processes, once there are ``count`` of them (or the time is up)."""
    deadline = time.monotonic() + within
    apps = server.apps()
    while len(apps) != count and time.monotonic() < deadline:
        time.sleep(0.2)
        apps = server.apps()
    return apps


def cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_pages_get_their_own_apps_up_to_the_cap_and_an_app_ends_with_its_page(
        browser, server, tmp_path):
    first = open_exhibit(browser, server.url)
    (app,) = apps_settle(server, 1)
    assert "-m exhibit --turbo --data" in cmdline(app)     # the app itself, not a shell
    second = open_exhibit(browser, server.url)
    apps = apps_settle(server, 2)
    assert app in apps and len(apps) == 2

    # A third page is asked, politely, to wait.
    waiting = browser.new_context(viewport=VIEWPORT).new_page()
    response = waiting.goto(server.url)
    assert response.status == 503
    assert "Every place at the exhibit is taken" in waiting.inner_text("body")
    snap(waiting, tmp_path, "full")
    # A page that slips past the index page still gets no third session.
    code = waiting.evaluate("""url => new Promise(done => {
        const ws = new WebSocket(url.replace('http', 'ws') + 'ws');
        ws.onclose = e => done(e.code);
    })""", server.url)
    assert code == 4001
    assert sorted(server.apps()) == sorted(apps)

    # Closing a page ends its app (and the machine inside it); its place is free.
    first.context.close()
    assert apps_settle(server, 1) == [a for a in apps if a != app]
    assert not Path(f"/proc/{app}").exists()
    waiting.goto(server.url)
    wait_for_text(waiting, "choose a stop", timeout=START_MS)
    for page in (second, waiting):
        page.context.close()
    assert apps_settle(server, 0) == []


def test_when_the_app_quits_the_page_says_so_and_starts_again(browser, server, tmp_path):
    page = open_exhibit(browser, server.url)
    try:
        page.keyboard.press("q")
        page.wait_for_selector("text=This visit has ended.", timeout=START_MS)
        snap(page, tmp_path, "ended")
        assert apps_settle(server, 0) == []
        page.click("text=Start again")
        wait_for_text(page, "choose a stop", timeout=START_MS)
    finally:
        page.context.close()
