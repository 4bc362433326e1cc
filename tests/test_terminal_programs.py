"""Real Z80 programs on the terminal: ADM-3A codes, and a flood of output
that must never stop the visitor's keys or the exhibit's navigation.

The two programs (tests/z80/flood.mac, tests/z80/adm3a.mac) are built at
test time with the ROM tools and the shared library, as the era programs are.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from pilot_helpers import until as wait_for
from textual import events

from emulator import Machine, Profile
from exhibit.app import ExhibitApp
from exhibit.screens.stop import StopScreen
from exhibit.screens.timeline import TimelineScreen
from exhibit.widgets.terminal import TerminalView
from roms import build
from timeline import load_timeline

HERE = Path(__file__).parent

pytestmark = pytest.mark.skipif(importlib.util.find_spec("um80") is None,
                                reason="needs the ROM tools")


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    work = tmp_path_factory.mktemp("z80")
    lib = build.build_library(work)
    built = {}
    for name in ("flood", "adm3a", "attrs"):
        rel = build._assemble(HERE / "z80" / f"{name}.mac", work)
        com = work / f"{name.upper()}.COM"
        build._tool("ul80", "-o", com, rel, lib, cwd=work)
        built[name.upper()] = com.read_bytes()
    return built


def test_adm3a_program_draws_through_the_translation(programs):
    m = Machine(Profile(mhz=None, terminal="adm3a", programs=("ADM3A",), boot="ADM3A",
                        restart=False), {"ADM3A": programs["ADM3A"]})
    m.start()
    try:
        assert m.wait_for_input()
        assert m.terminal.find("READY") == (7, 0)
        assert m.terminal.find("X") == (5, 10)
        assert m.terminal.find("Y") == (0, 2)
        assert m.terminal.find("Z") == (1, 0)
        assert m.terminal.find("JUNK") is None
    finally:
        m.stop()


def test_without_the_translation_the_same_bytes_do_not_draw_a_screen(programs):
    m = Machine(Profile(mhz=None, programs=("ADM3A",), boot="ADM3A", restart=False),
                {"ADM3A": programs["ADM3A"]})
    m.start()
    try:
        assert m.wait_for_input()
        assert m.terminal.find("X") != (5, 10)      # a VT100 ignores ESC =
    finally:
        m.stop()


async def test_attributes_and_line_drawing_from_a_program_reach_the_widget(programs):
    # The library's SGR routine, a real program, the BBC theme's colours.
    from test_terminal_view import TerminalApp, cell, hexes

    m = Machine(Profile(mhz=None, programs=("ATTRS",), boot="ATTRS", restart=False),
                {"ATTRS": programs["ATTRS"]})
    m.start()
    try:
        assert m.wait_for_input()
        app = TerminalApp(m, "bbc")
        async with app.run_test(size=(90, 30)) as pilot:
            view = app.query_one(TerminalView)
            assert await wait_for(pilot, lambda: "READY" in widget_text(view))
            assert view.render_line(0).text.startswith("BDUKRrGY")
            assert [view.render_line(y).text[:3] for y in (1, 2, 3)] == ["┌─┐", "│ │", "└─┘"]
            b, d, u, k, r, red, green, yellow = (cell(view, x, 0)[1] for x in range(8))
            assert b.bold and d.dim and u.underline
            assert k.bold and not k.blink                  # blink shown steady
            assert hexes(r) == ("#000000", "#ffffff")      # reverse: paper on ink
            assert hexes(red)[0] == "#ff0000"
            assert hexes(green)[1] == "#00ff00"
            assert hexes(yellow)[0] == "#ffff00"
    finally:
        m.stop()




def send_key(app: ExhibitApp, key: str, character: str | None = None) -> None:
    """Send a key the way a terminal driver does.

    (The pilot's ``press`` waits for the whole process to go idle after each
    key, which a machine printing flat out never does: it would only time
    how long the pilot waits.)
    """
    app.post_message(events.Key(key, character))


def widget_text(view: TerminalView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.terminal.rows))


async def test_a_flood_of_output_never_blocks_keys_or_navigation(programs):
    stops = load_timeline()
    machine = Machine(Profile(mhz=None, programs=("FLOOD",), boot="FLOOD", restart=False),
                      {"FLOOD": programs["FLOOD"]})
    app = ExhibitApp(stops, turbo=True)
    async with app.run_test(size=(140, 36)) as pilot:
        await app.push_screen(StopScreen(stops[0], lambda program: machine))
        view = app.screen.query_one(TerminalView)
        view.cursor_blink = False
        assert await wait_for(pilot, lambda: "FLOOD 0123" in widget_text(view))
        out, frames = machine.terminal.bytes_out, view.frames

        # Keys typed into the flood reach the program and show on the widget.
        for key in "abc":
            send_key(app, key, key)
            assert await wait_for(pilot, lambda k=key: f"KEY {k}" in widget_text(view)), key
        send_key(app, "ctrl+c")
        assert await wait_for(pilot, lambda: "KEY ^" in widget_text(view))

        # The exhibit's own keys and navigation still work while it pours.
        send_key(app, "f10")
        assert await wait_for(pilot, lambda: not view.has_focus)
        send_key(app, "m", "m")
        assert await wait_for(pilot, lambda: view.has_focus)
        send_key(app, "d", "d")
        assert await wait_for(pilot, lambda: "KEY d" in widget_text(view))
        assert machine.terminal.bytes_out > out          # it printed all along...
        assert view.frames > frames                       # ...and frames kept painting
        assert machine.running
        send_key(app, "f10")
        assert await wait_for(pilot, lambda: not view.has_focus)
        send_key(app, "escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        assert await wait_for(pilot, lambda: not machine.running)
