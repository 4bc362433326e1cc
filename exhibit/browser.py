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
In a browser tab, Chromium keeps a few chords for itself whatever a page
does: they close, open or switch tabs and windows (``RESERVED``; Chromium's
``BrowserCommandController::IsReservedCommandOrKey``). That same function
gives the page every one of them in an app window (``chromium --app=URL``),
and all but F11 and Ctrl+Shift+Q in full screen, which is where a browser
kiosk runs (``deploy/browser-kiosk.sh`` uses ``--kiosk --app=URL``). So only
a visitor in an ordinary tab loses them. ``ALTERNATIVES`` gives each one the
exhibit's machines use a key that reaches the app everywhere;
``exhibit.keys`` sends the alternative as the chord it stands for, in a
browser and in a terminal alike.

For the footer (the machine panel's, once it shows keys): in a browser
(``in_browser(app)``), show ``alternative_for(chord)`` in place of a chord
in ``RESERVED``.
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


# Chords a Chromium tab keeps for the browser (on Linux and Windows): the
# page never sees them, so it cannot cancel them. Chromium's reserved
# commands: close tab/window, new tab/window/private window, reopen tab,
# next/previous tab, quit. Firefox keeps much the same ones.
RESERVED: dict[str, str] = {
    "ctrl+w": "closes the tab",
    "ctrl+f4": "closes the tab",
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
    "ctrl+shift+q": "quits the browser",
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
