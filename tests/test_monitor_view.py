"""The monitor's screen, driven by Textual's pilot in a tiny app of its own."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from emulator import Machine, Profile
from emulator.machine import MachineEvent
from exhibit.widgets.monitor import MonitorView
from roms import build, parse_symbols

HERE = Path(__file__).parent
pytestmark = pytest.mark.skipif(importlib.util.find_spec("um80") is None,
                                reason="needs the ROM tools")


@pytest.fixture(scope="module")
def mtest(tmp_path_factory) -> tuple[bytes, dict[int, str]]:
    work = tmp_path_factory.mktemp("mtest")
    lib = build.build_library(work)
    rel = build._assemble(HERE / "z80" / "mtest.mac", work)
    com, sym = work / "MTEST.COM", work / "MTEST.sym"
    build._tool("ul80", "-S", sym, "-o", com, rel, lib, cwd=work)
    return com.read_bytes(), parse_symbols(build._program_labels(sym.read_text(),
                                                                 com.stat().st_size))


class Bench(App[None]):
    def __init__(self, machine: Machine, labels: dict[int, str]) -> None:
        super().__init__()
        self.machine, self.labels = machine, labels
        self.closed = False

    def compose(self) -> ComposeResult:
        yield MonitorView(self.machine, labels=self.labels)

    def on_mount(self) -> None:
        self.query_one(MonitorView).focus()

    def on_monitor_view_closed(self) -> None:
        self.closed = True


def text(app: App[None], selector: str) -> str:
    return str(app.query_one(selector).render())


async def settle(pilot, app, until, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not until() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert until()


async def test_the_monitor_shows_code_with_labels_steps_and_steps_back(mtest):
    com, labels = mtest
    m = Machine(Profile(mhz=None, programs=("MTEST",), boot="MTEST", restart=False),
                {"MTEST": com})
    bump = next(a for a, n in labels.items() if n == "BUMP")
    m.add_breakpoint(bump)
    m.start()
    try:
        m.type("A")
        assert m.wait_for_event(MachineEvent.BREAK) is not None
        app = Bench(m, labels)
        async with app.run_test(size=(110, 36)) as pilot:
            await pilot.pause()
            code = text(app, "#monitor-code")
            assert f">*{bump:04X}" in code and "BUMP" in code and "ld hl, (COUNT)" in code
            assert "breakpoint at" in text(app, "#monitor-status")
            assert f"PC  {bump:04X}" in text(app, "#monitor-registers")

            await pilot.press("s")                 # LD HL,(COUNT)
            await pilot.pause()
            assert f"PC  {bump + 3:04X}" in text(app, "#monitor-registers")

            await pilot.press("p")                 # and back again
            await settle(pilot, app, lambda: m.cpu.pc == bump)
            assert f"PC  {bump:04X}" in text(app, "#monitor-registers")

            await pilot.press("m")                 # memory at a label
            await pilot.press(*"COUNT", "enter")
            await pilot.pause()
            assert "(COUNT)" in str(app.query_one("#monitor-memory").border_title)

            await pilot.press("m")                 # a bad address is one line
            await pilot.press(*"zz!", "enter")
            await pilot.pause()
            assert "not an address or a label" in text(app, "#monitor-status")

            await pilot.press("c")                 # run on: waits for the next key
            await settle(pilot, app, lambda: m.waiting_for_key)
            m.type("B")                             # and stops at BUMP again
            await settle(pilot, app, lambda: m.paused and m.cpu.pc == bump)
            await settle(pilot, app, lambda: "breakpoint at" in text(app, "#monitor-status"))
            assert "Back" in text(app, "#monitor-keys")

            await pilot.press("escape")
            await pilot.pause()
            assert app.closed
    finally:
        m.stop()
