"""ExhibitServer: the exhibit served to browser pages, one app process per page.

Built on textual-serve's ``Server`` (its insides are used only through
``exhibit.web_upstream``). On top of it:

- a cap on sessions: a page that would go over it gets a polite "every place
  is taken" page that tries again by itself;
- a session ends, with its app and machine, when its page closes; an app
  that does not quit when asked is killed;
- the exhibit's own page (``exhibit/web/page.html`` and ``page.js``): fonts
  served from here rather than the internet, keys kept for the exhibit,
  touch without zoom or menus, a kiosk page that reconnects by itself.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import logging
import shlex
import sys
from collections.abc import Sequence
from importlib.resources import files
from string import Template
from urllib.parse import urlsplit

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from exhibit import web_upstream
from exhibit.app import ExhibitApp

log = logging.getLogger("exhibit.server")

FULL = 4001             # websocket close code: every session is taken (page.js knows it)
RETRY_SECONDS = 15      # how often the "full" page tries again
QUIT_SECONDS = 5.0      # how long an app has to quit when its page closes


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(app_args: Sequence[str]) -> str:
    """The shell command textual-serve runs for each page: this Python, the exhibit, its options.

    ``exec`` makes the app the session's process itself (not a shell's child),
    so ending the session ends the app.
    """
    return "exec " + shlex.join([sys.executable, "-m", "exhibit", *app_args])


def _page(name: str) -> Template:
    return Template(files("exhibit").joinpath("web", name).read_text(encoding="utf-8"))


class ExhibitServer(Server):
    """Serve the exhibit to up to ``max_sessions`` pages at once."""

    def __init__(self, app_args: Sequence[str], *, host: str = "127.0.0.1", port: int = 8000,
                 max_sessions: int = 4, kiosk: bool = False) -> None:
        super().__init__(app_command(app_args), host=host, port=port, title=ExhibitApp.TITLE)
        self.max_sessions = max_sessions
        self.kiosk = kiosk      # a kiosk page starts a new visit by itself, and has no menus
        self.sessions: set[AppService] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.page = _page("page.html")
        self.full_page = _page("full.html")
        self.page_js = files("exhibit").joinpath("web", "page.js").read_text(encoding="utf-8")
        self.textual_js = web_upstream.patched_textual_js()

    # -- the web application ---------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application()
        app.add_routes([
            web.get("/", self.index_page, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/exhibit/page.js", self.handle_page_js),
            web.get("/exhibit/textual.js", self.handle_textual_js),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    def run(self) -> None:
        """Serve until Ctrl+C or SIGTERM; every open session is ended on the way out."""
        logging.basicConfig(level=logging.WARNING, format="exhibit serve: %(message)s")
        web.run_app(self.make_app(), host=self.host, port=self.port, print=None,
                    shutdown_timeout=QUIT_SECONDS, access_log=None)

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.max_sessions

    # -- pages ------------------------------------------------------------

    async def index_page(self, request: web.Request) -> web.Response:
        """The exhibit's page, or a polite "please wait" when every session is taken."""
        title = html.escape(self.title)
        if self.full:
            body = self.full_page.substitute(title=title, retry=RETRY_SECONDS,
                                             sessions=len(self.sessions))
            return web.Response(text=body, content_type="text/html", status=503,
                                headers={"Retry-After": str(RETRY_SECONDS),
                                         "Cache-Control": "no-store"})
        try:
            font_size = max(8, min(64, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        body = self.page.substitute(title=title, font_size=font_size,
                                    kiosk="yes" if self.kiosk else "no")
        return web.Response(text=body, content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def handle_page_js(self, request: web.Request) -> web.Response:
        return web.Response(text=self.page_js, content_type="application/javascript")

    async def handle_textual_js(self, request: web.Request) -> web.Response:
        return web.Response(text=self.textual_js, content_type="application/javascript")

    # -- sessions ---------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One page's session: start its app, pass keys and resizes to it, end it with the page."""
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            # Another site's page in a visitor's browser may not start sessions.
            raise web.HTTPForbidden(text="the exhibit's sessions are for its own page")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if self.full:
            # Two pages may both have been shown the exhibit for the last place.
            await websocket.close(code=FULL, message=b"every session is taken")
            return websocket

        def size(name: str, default: int) -> int:
            try:
                return max(10, min(1000, int(request.query.get(name, default))))
            except ValueError:
                return default

        async def close() -> None:
            await websocket.close()

        service = AppService(self.command, write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str, close=close,
                             download_manager=self.download_manager, debug=self.debug)
        self.sessions.add(service)
        self.sockets.add(websocket)
        log.info("session started (%d open)", len(self.sessions))
        watch: asyncio.Task[None] | None = None
        try:
            await service.start(size("width", 80), size("height", 24))
            watch = asyncio.create_task(self.close_when_app_ends(service, websocket))
            await web_upstream.process_messages(self, websocket, service)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("a session failed")
        finally:
            if watch is not None:
                watch.cancel()
            await self.end_session(service)
            self.sockets.discard(websocket)
            if not websocket.closed:
                await websocket.close()
        return websocket

    async def close_when_app_ends(self, service: AppService,
                                  websocket: web.WebSocketResponse) -> None:
        """An app that dies (not one that quits: that closes its page itself) ends its page's session.

        textual-serve would leave the page open on a dead app; closing it lets
        the page say so, and a kiosk page start a new visit.
        """
        process = web_upstream.app_process(service)
        if process is None:
            return
        code = await process.wait()
        if not websocket.closed:
            log.warning("an app ended by itself (exit status %s); closing its page's session", code)
            await websocket.close(code=WSCloseCode.INTERNAL_ERROR, message=b"the exhibit stopped")

    async def end_session(self, service: AppService) -> None:
        """Ask the app to quit; kill it if it has not within ``QUIT_SECONDS``."""
        try:
            await asyncio.wait_for(asyncio.shield(service.stop()), QUIT_SECONDS)
        except (TimeoutError, asyncio.CancelledError):
            log.warning("an app did not quit when its page closed; ending it")
            web_upstream.kill_app(service)
        except Exception:
            log.exception("ending a session failed")
            web_upstream.kill_app(service)
        finally:
            self.sessions.discard(service)
        log.info("session ended (%d open)", len(self.sessions))

    async def on_shutdown(self, app: web.Application) -> None:
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"the exhibit is stopping")
