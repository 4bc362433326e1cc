"""``python -m exhibit serve`` without a browser: its options, its warnings,
and the textual-serve insides it relies on (``exhibit.web_upstream``)."""

from __future__ import annotations

import asyncio
import inspect
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from browser_helpers import free_port
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server

from exhibit import web_upstream
from exhibit.__main__ import build_parser
from exhibit.commands.serve import app_args
from exhibit.server import app_command, is_loopback


def args_for(*argv: str) -> list[str]:
    return app_args(build_parser().parse_args(list(argv)))


def test_the_apps_options_pass_through_before_or_after_serve(tmp_path):
    assert args_for("serve") == []
    assert args_for("--stop", "memo", "serve", "--port", "9000") == ["--stop", "memo"]
    assert args_for("serve", "--kiosk", "--config", "k.toml") == [
        "--kiosk", "--config", str(Path("k.toml").resolve())]
    assert args_for("--data", str(tmp_path), "serve", "--presenter", "--turbo") == [
        "--turbo", "--presenter", "--data", str(tmp_path)]
    # Each page's app is this Python running the exhibit, as the process itself.
    command = app_command(["--stop", "memo"])
    assert command.startswith("exec ") and command.endswith("-m exhibit --stop memo")


def test_loopback_or_not():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")


def serve(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "exhibit", "serve", *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serving_beyond_this_machine_warns_in_one_line():
    process = serve("--host", "0.0.0.0", "--port", str(free_port()))
    try:
        assert process.stdout is not None and process.stderr is not None
        warning = process.stderr.readline()
        assert warning == ("exhibit: warning: listening on 0.0.0.0: anyone on that network "
                           "can open the exhibit\n")
        assert process.stdout.readline().startswith("Serving the exhibit at http://0.0.0.0:")
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_loopback_serves_without_a_warning():
    process = serve("--port", str(free_port()))
    try:
        assert process.stdout is not None
        assert "for up to 4 pages at once" in process.stdout.readline()
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "warning" not in err


def test_bad_options_are_one_line_each():
    for argv, expected in [
        (["--stop", "nowhere"], "exhibit: no stop called 'nowhere'"),
        (["--port", "70000"], "exhibit: --port 70000 is not a port"),
        (["--max-sessions", "0"], "exhibit: --max-sessions must be at least 1"),
    ]:
        process = serve(*argv)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 2
        assert err.startswith(expected) and err.count("\n") == 1, err


def test_a_port_in_use_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = serve("--port", str(taken.getsockname()[1]))
        out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.startswith("exhibit: cannot listen on 127.0.0.1 port") and err.count("\n") == 1


# -- what we borrow from textual-serve's insides: these fail when an upgrade changes it --

def test_textual_js_still_makes_its_session_where_we_look():
    patched = web_upstream.patched_textual_js()
    assert patched.count("window.exhibitTerminal=") == 1
    assert len(patched) > len(web_upstream.textual_js())


def test_the_server_still_has_its_message_loop():
    loop = Server._process_messages
    assert inspect.iscoroutinefunction(loop)
    assert list(inspect.signature(loop).parameters) == ["self", "websocket", "app_service"]


async def test_an_app_service_still_keeps_its_process(tmp_path):
    script = tmp_path / "app.py"
    script.write_text("import sys, time\nprint('__GANGLION__', flush=True)\ntime.sleep(60)\n")

    async def ignore(data: object) -> None:
        pass

    async def close() -> None:
        pass

    service = AppService(f"exec {sys.executable} {script}", write_bytes=ignore, write_str=ignore,
                         close=close, download_manager=DownloadManager())
    await service.start(80, 24)
    process = web_upstream.app_process(service)
    assert isinstance(process, asyncio.subprocess.Process)
    assert process.returncode is None
    web_upstream.kill_app(service)
    assert await asyncio.wait_for(process.wait(), 10) != 0


def test_a_changed_textual_js_is_named(monkeypatch):
    monkeypatch.setattr(web_upstream, "textual_js", lambda: "no session here")
    with pytest.raises(web_upstream.UpstreamChanged, match="textual.js"):
        web_upstream.patched_textual_js()


def test_without_chromium_browser_tests_skip_unless_ci_requires_them(monkeypatch):
    import browser_helpers

    monkeypatch.setattr(browser_helpers, "chromium_path", lambda: None)
    monkeypatch.delenv("EXHIBIT_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium installed"):
        browser_helpers.need_browser()
    monkeypatch.setenv("EXHIBIT_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="browser tests are required here"):
        browser_helpers.need_browser()


def test_the_apps_own_checks_run_once_before_serving(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nstops = [\"memo\", \"nowhere\"]\n")
    for argv, expected in [
        (["--config", str(config)], "exhibit: --config holds kiosk settings"),
        (["--kiosk", "--config", str(config)], f"exhibit: {config}: stops names 'nowhere'"),
    ]:
        process = serve(*argv)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 2
        assert err.startswith(expected) and err.count("\n") == 1, err


async def test_another_sites_page_cannot_start_a_session():
    """A page from elsewhere, open in a visitor's browser, may not drive the exhibit."""
    import aiohttp
    from aiohttp.test_utils import TestServer

    from exhibit.server import ExhibitServer

    server = TestServer(ExhibitServer([]).make_app())
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as client:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(server.make_url("/ws"),
                                        headers={"Origin": "http://elsewhere.example"})
            assert refused.value.status == 403
            async with client.get(server.make_url("/")) as page:
                assert page.status == 200
                assert "/exhibit/page.js" in await page.text()
    finally:
        await server.close()
