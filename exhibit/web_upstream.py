"""Everything ``exhibit.server`` borrows from textual-serve's insides, in one place.

textual-serve 1.1 has no public way to do three things the exhibit needs;
each is here, named, and checked by ``tests/test_web_upstream.py``, which
fails the day an upgrade changes one:

- ``Server._process_messages(websocket, app_service)``: the loop that turns
  the page's websocket messages (keys, resizes, focus) into the app's input.
- ``AppService._process``: the app's process, so a session whose app does
  not quit when its page closes can be killed, and so the benchmark can
  weigh each session.
- the ``textual.js`` bundle keeps its xterm.js terminal in a local variable;
  ``patched_textual_js()`` also hands it to the page as
  ``window.exhibitTerminal``, so the page script (and the browser tests) can
  focus it and read the screen from its buffer.
"""

from __future__ import annotations

import re
from asyncio.subprocess import Process
from importlib.resources import files

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

# textual.js (1.1.3) ends with:
#   t.forEach((e=>{const t=new w(e,{ping:r});t.fit(),s||t.connect()}))
# where ``w`` is its session class (``.terminal`` is the xterm.js Terminal,
# ``.socket`` the websocket).
_SESSION_MADE = re.compile(r"const (\w+)=new \w+\(\w+,\{ping:\w+\}\);")


class UpstreamChanged(RuntimeError):
    """textual-serve no longer looks the way this module expects."""


def textual_js() -> str:
    """textual-serve's own page bundle, as shipped in its wheel."""
    return files("textual_serve").joinpath("static/js/textual.js").read_text(encoding="utf-8")


def patched_textual_js() -> str:
    """textual.js with its session (and so its xterm.js terminal) left on ``window.exhibitTerminal``."""
    source = textual_js()
    found = _SESSION_MADE.findall(source)
    if len(found) != 1:
        raise UpstreamChanged("textual-serve's textual.js no longer makes its session where "
                              "exhibit.web_upstream looks for it; update the pattern there")
    return _SESSION_MADE.sub(lambda m: f"{m.group(0)}window.exhibitTerminal={m.group(1)};", source)


async def process_messages(server: Server, websocket: web.WebSocketResponse,
                           service: AppService) -> None:
    """Pass the page's messages to the app until the page goes away."""
    await server._process_messages(websocket, service)


def app_process(service: AppService) -> Process | None:
    """The app's process, once the session has started it."""
    return service._process


def kill_app(service: AppService) -> None:
    """End a session's app that did not quit when asked."""
    process = app_process(service)
    if process is not None and process.returncode is None:
        process.kill()
