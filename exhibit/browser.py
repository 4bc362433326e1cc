"""The exhibit in a browser page: how the app knows, and the keys a page cannot have.

``python -m exhibit serve`` (``exhibit.server``) starts one app process per
page with textual-serve, which sets ``TEXTUAL_DRIVER`` to Textual's web
driver in the app's environment; a running app also says so with
``App.is_web``. ``in_browser()`` reads either.

In a page, xterm.js (inside textual-serve's ``textual.js``) turns each key
into the bytes a terminal would send and cancels the browser's own use of
it, as long as the terminal has the keyboard; the page script
(``exhibit/web/page.js``) keeps it there. So F1-F12, Backspace, Tab, Esc,
the arrows, Alt+Left and nearly every Ctrl chord reach the exhibit.
Chromium keeps a few chords for itself whatever a page does (its "reserved"
browser commands): they close, open or switch tabs and windows.
``RESERVED`` lists them, and ``ALTERNATIVES`` gives each one the exhibit's
machines use a key that does reach the app; ``exhibit.keys`` sends the
alternative as the chord it stands for, in a browser and in a terminal
alike, so a footer may show it anywhere.
"""

from __future__ import annotations

import os
from typing import Protocol

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


class _MaybeWeb(Protocol):
    @property
    def is_web(self) -> bool: ...


def in_browser(app: _MaybeWeb | None = None) -> bool:
    """True when the exhibit is drawn in a browser page (served), not a terminal.

    With an app, its driver says; without one (before the app runs), the
    environment textual-serve gives the app's process.
    """
    if app is not None:
        return bool(app.is_web)
    return os.environ.get("TEXTUAL_DRIVER", "") == WEB_DRIVER


# Chords Chromium keeps for the browser: a page sees the key come down but
# cannot cancel what the browser does with it (Chromium's reserved commands:
# close tab/window, new tab/window, reopen tab, next/previous tab). Firefox
# keeps the same ones.
RESERVED: dict[str, str] = {
    "ctrl+w": "closes the tab",
    "ctrl+shift+w": "closes the window",
    "ctrl+t": "opens a new tab",
    "ctrl+shift+t": "reopens the last closed tab",
    "ctrl+n": "opens a new window",
    "ctrl+shift+n": "opens a private window",
    "ctrl+tab": "switches to the next tab",
    "ctrl+shift+tab": "switches to the previous tab",
    "ctrl+pagedown": "switches to the next tab",
    "ctrl+pageup": "switches to the previous tab",
    "alt+f4": "closes the window",
}

# A reserved chord a machine uses -> the key that stands for it. WRITE (the
# WordStar-style word processor) uses Ctrl+T (delete word right) and Ctrl+N
# (split the line); Ctrl+W is WordStar's scroll up, which CP/M programs
# visitors bring may use. Alt+letter reaches a page and is otherwise unused.
ALTERNATIVES: dict[str, str] = {
    "alt+w": "ctrl+w",
    "alt+t": "ctrl+t",
    "alt+n": "ctrl+n",
}


def alternative_for(chord: str) -> str | None:
    """The key a footer shows in place of a reserved ``chord`` (``"alt+t"`` for ``"ctrl+t"``)."""
    return next((alt for alt, real in ALTERNATIVES.items() if real == chord), None)
