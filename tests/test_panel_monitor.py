"""The monitor belongs to the machine panel: F7 opens it in run mode, at a stop and
on the presenter's machine, a breakpoint opens it by itself, and a kiosk keeps it shut."""

from __future__ import annotations

import argparse

from pilot_helpers import until

from emulator import MachineEvent
from exhibit.app import ExhibitApp
from exhibit.commands.run import build_from_args
from exhibit.kiosk import KioskApp
from exhibit.run_app import RunApp
from exhibit.screens.stop import StopScreen
from exhibit.settings import KioskSettings
from exhibit.widgets.machine_panel import MachinePanel
from exhibit.widgets.monitor import MonitorScreen, MonitorView
from timeline import load_timeline

SIZE = (150, 42)


def run_args(**given: object) -> argparse.Namespace:
    base = {"program": None, "org": None, "mhz": None, "run_turbo": True, "mount": None,
            "run_stop": None, "content": None, "data": None, "tail": [], "run_break": []}
    return argparse.Namespace(**{**base, **given})


def monitor_text(app) -> str:
    return " ".join(str(s.render()) for s in app.screen.query_one(MonitorView).query("Static"))


async def test_a_breakpoint_opens_the_monitor_at_its_label_and_escape_closes_it(tmp_path):
    build, title, *_ = build_from_args(run_args(program="MEMO", run_break=["NXTFLD"]))
    app = RunApp(build, title=title)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MonitorScreen), timeout=20)
        machine = app.panel.machine
        assert machine.paused and machine.cpu.pc == 0x010A
        assert await until(pilot, lambda: "NXTFLD" in monitor_text(app))
        await pilot.press("s")                              # one step on
        assert await until(pilot, lambda: machine.cpu.pc != 0x010A)
        await pilot.press("p")                              # and back again
        assert await until(pilot, lambda: machine.cpu.pc == 0x010A)
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, MonitorScreen))


async def test_f7_opens_the_monitor_in_run_mode_and_the_status_line_names_it(tmp_path):
    build, title, *_ = build_from_args(run_args(run_stop="memo", data=tmp_path))
    app = RunApp(build, title=title)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.panel
        assert await until(pilot, lambda: panel.machine.waiting_for_key)
        assert "F7 monitor" in panel.status_text()
        await pilot.press("f7")
        assert await until(pilot, lambda: isinstance(app.screen, MonitorScreen))
        assert await until(pilot, lambda: panel.machine.paused)
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, MonitorScreen))
        await pilot.press("f1")
        assert any("F7 the monitor" in str(n.message) for n in app._notifications)


async def test_f7_at_a_stop_opens_the_monitor(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True, data=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(MachinePanel)
        assert await until(pilot, lambda: panel.machine.waiting_for_key)
        await pilot.press("f7")
        assert await until(pilot, lambda: isinstance(app.screen, MonitorScreen))
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))


async def test_a_kiosk_keeps_the_monitor_shut(tmp_path):
    app = KioskApp(load_timeline(), settings=KioskSettings(idle_timeout=600), data=tmp_path,
                   turbo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")                          # wake the attract screen
        await pilot.pause()
        await pilot.press("2", "enter")                     # the memo stop, as a visitor opens it
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        panel = app.screen.query_one(MachinePanel)
        assert await until(pilot, lambda: panel.machine.waiting_for_key)
        assert "F7" not in panel.status_text()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, StopScreen) and not panel.machine.paused
        assert panel.machine.wait_for_event(MachineEvent.BREAK, timeout=0.1) is None


async def test_in_a_browser_the_status_line_names_the_keys_a_tab_keeps(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    build, title, *_ = build_from_args(run_args(program="WRITE"))
    app = RunApp(build, title=title)
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.panel.view.has_focus)
        assert "Alt+T for Ctrl+T" in app.panel.status_text()
        monkeypatch.delenv("TEXTUAL_DRIVER")               # the same app in a terminal
        assert "Alt+T" not in app.panel.status_text()
