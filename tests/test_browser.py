"""The exhibit in a real headless Chromium, served by ``python -m exhibit serve``.

One server for the module; each test opens its own page, which is its own
session with its own app process. A screenshot of each test's page is saved
under the test's tmp path. Without Chromium these skip (see browser_helpers).
"""

from __future__ import annotations

import pytest
from browser_helpers import (
    cell_centre,
    open_exhibit,
    served,
    snap,
    wait_for_no_text,
    wait_for_text,
)

from emulator.store import PostStore

MEMO = "INTERNAL MEMORANDUM"


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("served")
    with served(["--turbo", "--data", str(folder / "data")], folder) as s:
        s.data = folder / "data"
        yield s


@pytest.fixture
def page(browser, server):
    page = open_exhibit(browser, server.url)
    yield page
    page.context.close()


def open_memo(page) -> None:
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    wait_for_text(page, MEMO, "To:")


def test_the_page_shows_the_timeline(page, tmp_path):
    text = wait_for_text(page, "Home", "Work", "Mainframe", "Memo", "ZX80", "BBC Micro",
                         "Desktop", "Network", "Social", "The wall")
    assert "Stop 1 of 8" in text
    # The exhibit, not the browser, has the keyboard from the start.
    assert page.evaluate("document.activeElement.classList.contains('xterm-helper-textarea')")
    snap(page, tmp_path, "timeline")


def test_keys_open_the_memo_stop_and_typed_text_appears_on_the_memo(page, tmp_path):
    open_memo(page)
    page.keyboard.type("Mrs Patel")
    text = wait_for_text(page, "To:       Mrs Patel")
    assert "The memo and its carbon copies" in text
    page.keyboard.press("Enter")
    page.keyboard.type("Ann Other")
    wait_for_text(page, "From:     Ann Other")
    page.keyboard.press("Backspace")      # the browser would go back; the memo rubs out
    wait_for_text(page, "From:     Ann Othe ")
    snap(page, tmp_path, "memo")


def test_a_tap_on_a_timeline_marker_opens_that_stop(browser, server, tmp_path):
    page = open_exhibit(browser, server.url, touch=True)
    try:
        x, y = cell_centre(page, "BBC Micro")
        page.touchscreen.tap(x, y)
        wait_for_text(page, "stop 4 of 8", "F10: give the keyboard back")
        snap(page, tmp_path, "tapped-bbc")
    finally:
        page.context.close()


def test_f5_at_a_stop_restarts_the_program_and_does_not_reload_the_page(page, tmp_path):
    open_memo(page)
    page.keyboard.type("Mr Reload")
    wait_for_text(page, "To:       Mr Reload")
    page.evaluate("window.exhibitMarker = 'still this page'")
    page.keyboard.press("F5")
    text = wait_for_no_text(page, "Mr Reload")
    assert MEMO in text
    assert page.evaluate("window.exhibitMarker") == "still this page"
    assert page.evaluate("exhibitPage.socket.readyState") == 1      # the same session
    # The program started again and takes keys at its first question.
    page.keyboard.type("Mrs Again")
    wait_for_text(page, "To:       Mrs Again")
    snap(page, tmp_path, "memo-after-f5")


def test_the_browser_keeps_none_of_the_keys_the_exhibit_uses(page, tmp_path):
    """Each key comes down with the browser's own use of it cancelled, and the
    page stays (no reload, back, print or tools), even when something other
    than the terminal had the keyboard."""
    open_memo(page)
    page.evaluate("""() => {
        window.exhibitMarker = 'still this page';
        window.keptByBrowser = [];
        window.addEventListener('keydown', e => {
            const modifier = ['Alt', 'Control', 'Shift', 'Meta'].includes(e.key);
            if (!e.defaultPrevented && !modifier) keptByBrowser.push(e.key);
        });
    }""")
    for n in range(1, 13):
        page.keyboard.press(f"F{n}")
        if n == 7:
            # F7 opens the monitor over the memo; Esc closes it once it is
            # there (sent sooner, on a loaded machine, it reached the memo
            # and the monitor stayed).
            wait_for_text(page, "Registers")
            page.keyboard.press("Escape")
            wait_for_text(page, MEMO)
    for key in ["Backspace", "Tab", "Alt+ArrowLeft", "Alt+ArrowRight", "Control+r", "Control+p",
                "Control+s", "Control+f", "Control+l", "Control+d", "Control+h", "Control+u",
                "Control+k", "Control+v", "Alt+t", "Alt+n", "Alt+w"]:
        page.keyboard.press(key)
    # Now with the keyboard taken away from the terminal.
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("F5")
    page.keyboard.press("Backspace")
    assert page.evaluate("keptByBrowser") == []
    assert page.evaluate("window.exhibitMarker") == "still this page"
    assert page.evaluate("document.activeElement.classList.contains('xterm-helper-textarea')")
    wait_for_text(page, MEMO)
    snap(page, tmp_path, "after-keys")


def test_tapping_the_machine_gives_it_the_keyboard_and_a_button_works(browser, server, tmp_path):
    page = open_exhibit(browser, server.url, touch=True)
    try:
        open_memo(page)
        page.keyboard.press("F10")                     # the keyboard back to the exhibit
        wait_for_text(page, "keyboard is back")
        x, y = cell_centre(page, "NORTHGATE MILLS")
        page.touchscreen.tap(x, y)                     # the machine takes it again
        page.keyboard.type("Ms Tapped")
        wait_for_text(page, "To:       Ms Tapped")
        snap(page, tmp_path, "tapped-machine")
        x, y = cell_centre(page, "Timeline ")
        page.touchscreen.tap(x, y)
        wait_for_text(page, "choose a stop", "Stop 2 of 8")
    finally:
        page.context.close()


def test_a_confirmed_post_survives_a_reload_and_a_closed_tab(browser, server, tmp_path):
    """Posts are committed to SQLite when the visitor confirms them, so the
    page going away straight after loses nothing."""
    def post(page, text: str, name: str = "") -> None:
        page.keyboard.press("8")
        page.keyboard.press("Enter")
        wait_for_text(page, "What is one way you talk")
        if name:                          # a tap on each of the wall's boxes
            page.touchscreen.tap(*cell_centre(page, "Your name (optional)"))
            page.keyboard.type(name)
            page.touchscreen.tap(*cell_centre(page, "Your answer, up to 140"))
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        wait_for_text(page, "Posted. Thank you")

    page = open_exhibit(browser, server.url, touch=True)
    post(page, "Reloaded straight after posting", name="Tapper")
    snap(page, tmp_path, "posted")
    page.reload()
    wait_for_text(page, "choose a stop", timeout=60_000)       # a new session
    post(page, "Closed the tab straight after posting")
    page.context.close()
    with PostStore(server.data / "posts.db") as store:
        posts = {p.text: p.author for p in store.list("wall")}
    assert posts["Reloaded straight after posting"] == "Tapper"
    assert posts["Closed the tab straight after posting"] == "visitor"
