"""The machine panel in every mode: F1 keys, F5 starts again, a crash is told and F5 recovers.

Each mode (a stop, the presenter, ``exhibit run``, the kiosk's attract
screen) places one MachinePanel. The crash is real as far as the panel can
tell: the keyboard the CPU thread reads from raises inside that thread, so
the emulation ends with a CRASHED report and the thread is gone, the case
where F5 used to redraw ``A>`` over a dead machine.
"""

from __future__ import annotations

import argparse
import gc
import threading
import weakref

import pytest
from pilot_helpers import until
from textual.widgets import Static

import roms
from emulator import Machine, MachineEvent, Profile, Report
from exhibit.app import ExhibitApp
from exhibit.commands.run import build_from_args
from exhibit.kiosk import KioskApp
from exhibit.presenter_app import PresenterApp
from exhibit.run_app import RunApp
from exhibit.screens.attract import AttractScreen
from exhibit.settings import KioskSettings, hash_pin
from exhibit.widgets.machine_panel import MachinePanel
from timeline import load_timeline

SIZE = (150, 42)


def plant_crash(machine: Machine) -> None:
    """Make the next key the program reads raise inside the CPU thread."""
    def broken() -> int:
        raise OSError("the keyboard came loose (planted by the test)")

    machine.keyboard.get = broken  # type: ignore[method-assign]


def cpu_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("z80-"))


def status(panel: MachinePanel) -> str:
    return str(panel.query_one("#machine-status", Static).render())


def keys_said(app) -> str:
    return " ".join(str(n.message) for n in app._notifications if n.title == "Keys")


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])


async def f1_f5_crash_and_recovery(app, pilot, panel: MachinePanel, *, ready: str) -> None:
    """What every mode with a keyboard must do, on the memo program."""
    machine = panel.machine
    assert await until(pilot, lambda: machine.waiting_for_key and ready in machine.terminal.text())
    assert await until(pilot, lambda: "waiting for a key" in status(panel))
    assert "turbo" in status(panel) and "MHz run" not in status(panel)

    # F1: the keys.
    await pilot.press("f1")
    await pilot.pause()
    assert "F5 start the program again" in keys_said(app)

    # F5: the program starts again, on the same (well) machine.
    await type_text(pilot, "Ann")
    assert await until(pilot, lambda: "Ann" in machine.terminal.text())
    await pilot.press("f5")
    assert await until(pilot, lambda: "Ann" not in machine.terminal.text()
                       and ready in machine.terminal.text())
    assert panel.machine is machine and machine.running

    # A crash: the thread dies, the status line says so and what to do.
    assert await until(pilot, lambda: machine.waiting_for_key)
    plant_crash(machine)
    await pilot.press("x")
    assert await until(pilot, lambda: "The machine has stopped" in status(panel))
    assert "F5" in status(panel)
    assert not machine.running and machine.state == "crashed"

    # F5 recovers: a fresh machine, its CPU thread running, echoing keys.
    await pilot.press("f5")
    fresh = panel.machine
    assert fresh is not machine and fresh.running
    assert await until(pilot, lambda: fresh.waiting_for_key and ready in fresh.terminal.text())
    await type_text(pilot, "Bob")
    assert await until(pilot, lambda: "Bob" in fresh.terminal.text())
    assert panel.view.machine is fresh
    assert "The machine has stopped" not in status(panel)
    assert cpu_threads() == 1


async def test_the_stop_screen(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True, data=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(MachinePanel)
        await f1_f5_crash_and_recovery(app, pilot, panel, ready="To:")


async def test_the_presenters_program_slide(tmp_path):
    memo = [s for s in load_timeline() if s.id == "memo"]
    app = PresenterApp(memo, state_path=tmp_path / "state.json", turbo=True, data=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown")
        assert app.slide.part == "program"
        await pilot.press("m")                   # the trainer hands it the keyboard
        panel = app.query_one(MachinePanel)
        await f1_f5_crash_and_recovery(app, pilot, panel, ready="To:")
        await pilot.press("pagedown")            # the clicker still moves on
        assert app.slide.part == "discussion"
        assert await until(pilot, lambda: cpu_threads() == 0)


def run_args(**given: object) -> argparse.Namespace:
    base = {"program": None, "org": None, "mhz": None, "run_turbo": True, "mount": None,
            "run_stop": None, "content": None, "data": None}
    return argparse.Namespace(**{**base, **given})


async def test_run_mode(tmp_path):
    build, title, *_ = build_from_args(run_args(run_stop="memo", data=tmp_path))
    app = RunApp(build, title=title)
    async with app.run_test(size=SIZE) as pilot:
        await f1_f5_crash_and_recovery(app, pilot, app.panel, ready="To:")
        # F10, then the keys the status line names: P pauses, Q quits.
        await pilot.press("f10")
        assert await until(pilot, lambda: "Q quit" in status(app.panel))
        await pilot.press("p")
        assert await until(pilot, lambda: "paused" in status(app.panel))
        await pilot.press("q")
    assert cpu_threads() == 0


async def test_run_mode_tells_a_jump_into_empty_memory_and_f5_starts_again(tmp_path):
    wild = tmp_path / "wild.bin"
    wild.write_bytes(bytes([0x0E, 0x01, 0xCD, 0x05, 0x00,      # LD C,1 ; CALL 5: wait for a key
                            0xC3, 0x00, 0x80]))                # JP 8000h: nothing there
    build, title, *_ = build_from_args(run_args(program=str(wild), org="100h"))
    app = RunApp(build, title=title)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.panel
        assert await until(pilot, lambda: "waiting for a key" in status(panel))
        await pilot.press("k")
        assert await until(pilot, lambda: "jumped into empty memory at 8000h" in status(panel))
        assert panel.machine.state == "jumped into empty memory"
        await pilot.press("f5")
        assert await until(pilot, lambda: "waiting for a key" in status(panel))
        assert panel.machine.running


async def test_ctrl_q_reaches_the_program_in_run_mode(tmp_path):
    build, title, *_ = build_from_args(run_args(program="BASIC"))
    app = RunApp(build, title=title)
    async with app.run_test(size=SIZE) as pilot:
        machine = app.machine
        assert await until(pilot, lambda: machine.waiting_for_key and ">" in machine.terminal.text())
        for line in ('10 K$=INKEY$: IF K$="" THEN 10', '20 PRINT "CODE ";ASC(K$)', "RUN"):
            await type_text(pilot, line)
            await pilot.press("enter")
        assert await until(pilot, lambda: not machine.waiting_for_key)
        await pilot.press("ctrl+q")
        assert await until(pilot, lambda: "CODE 17" in machine.terminal.text()), machine.terminal.text()
        assert app.is_running
        await pilot.press("f10", "q")            # quitting is F10 then Q
    assert not app.is_running


@pytest.fixture
def kiosk(tmp_path):
    settings = KioskSettings(idle_timeout=600, countdown=30, attract_cycle=600,
                             admin_pin_hash=hash_pin("2468", rounds=1000))
    return KioskApp(load_timeline(), settings=settings, data=tmp_path, turbo=True)


async def test_the_attract_screen_recovers_its_demo_by_itself(kiosk):
    async with kiosk.run_test(size=SIZE) as pilot:
        screen = kiosk.screen
        assert isinstance(screen, AttractScreen)
        panel = screen.query_one(MachinePanel)
        machine = panel.machine
        first_line = screen.script.split("\r")[0]
        assert await until(pilot, lambda: first_line[:3] in machine.terminal.text())
        assert await until(pilot, lambda: machine.waiting_for_key)
        plant_crash(machine)                          # the demo's own next key crashes it
        # The crash report reaches the screen, which starts the demo again.
        assert await until(pilot, lambda: panel.machine is not machine)
        assert machine.state == "crashed" and "keyboard came loose" in machine.error
        fresh = panel.machine
        assert fresh.running and not machine.running
        # The demo types into the fresh machine, which echoes it.
        assert await until(pilot, lambda: first_line[:3] in fresh.terminal.text())
        assert cpu_threads() == 1
        # Nobody may use F1 or F5 here: any key wakes the kiosk for a visitor.
        await pilot.press("f5")
        assert not isinstance(kiosk.screen, AttractScreen)


def test_a_report_waiting_in_a_queue_does_not_keep_its_machine():
    """Reports bubble to the app's queue and can wait there behind queued keys;
    a stopped machine they name (1.4 MB) is not kept alive by them."""
    machine = Machine(Profile(programs=("MEMO",), boot="MEMO"), {"MEMO": roms.load_program("MEMO")})
    machine.start()
    report = MachinePanel.Reported(machine, Report(MachineEvent.WAITING))
    restarted = MachinePanel.Restarted(machine)
    assert report.machine is machine and restarted.machine is machine
    machine.stop()
    gone = weakref.ref(machine)
    del machine
    gc.collect()
    assert gone() is None
    assert report.machine is None and restarted.machine is None
