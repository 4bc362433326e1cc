"""The stop screen's machine controls: choosing a program, F5 reset, F1 help, the paper.

A fault told in words and F5 recovering from it: tests/test_machine_panel.py.
"""

from __future__ import annotations

from pilot_helpers import until

from exhibit.app import ExhibitApp
from exhibit.widgets.terminal import TerminalView
from timeline import load_timeline

SIZE = (150, 42)




async def test_the_bbc_stop_offers_its_games_and_runs_one():
    app = ExhibitApp(load_timeline(), start_stop="bbc", turbo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        basic = screen.machine
        assert await until(pilot, lambda: "Exhibit BASIC" in basic.terminal.text())
        await pilot.pause()                       # the stop has laid itself out (picture, fit)
        await pilot.click("#run-DOTCHASE")
        assert await until(pilot, lambda: screen.machine is not basic)
        game = screen.machine
        assert game is not basic and not basic.running
        assert game.profile.boot == "DOTCHASE"
        assert await until(pilot, lambda: "DOTCHASE" in game.terminal.text())
        assert screen.query_one(TerminalView).machine is game
        assert screen.query_one(TerminalView).has_focus
        await pilot.click("#run-BASIC")           # back to BASIC, in the BBC look
        assert screen.machine.profile.boot == "BASIC BBC"
        assert await until(pilot, lambda: "Exhibit BASIC" in screen.machine.terminal.text())


async def test_the_desktop_leaves_the_visitor_at_the_prompt():
    app = ExhibitApp(load_timeline(), start_stop="desktop", turbo=True)
    async with app.run_test(size=SIZE) as pilot:
        machine = app.screen.machine
        assert await until(pilot, lambda: machine.waiting_for_key and "A>" in machine.terminal.text())
        await pilot.pause()                       # the stop has laid itself out (picture, fit)
        await pilot.click("#run-WRITE")
        assert await until(pilot, lambda: app.screen.machine is not machine)
        write = app.screen.machine
        assert write.profile.boot == "WRITE" and not write.profile.restart
        assert await until(pilot, lambda: "INSERT" in write.terminal.text())


async def test_f5_resets_the_program_and_f1_lists_the_keys():
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True)
    async with app.run_test(size=SIZE) as pilot:
        machine = app.screen.machine
        assert await until(pilot, lambda: machine.waiting_for_key)
        await pilot.press(*"Somebody", "enter")
        assert await until(pilot, lambda: "Somebody" in machine.terminal.text())
        await pilot.press("f5")
        assert await until(pilot, lambda: "Somebody" not in machine.terminal.text()
                           and "To:" in machine.terminal.text())
        await pilot.press("f1")
        await pilot.pause()
        assert any(n.title == "Keys" for n in app._notifications)


async def test_the_mainframe_printout_appears_on_paper():
    app = ExhibitApp(load_timeline(), start_stop="mainframe", turbo=True)
    async with app.run_test(size=SIZE) as pilot:
        machine = app.screen.machine
        assert await until(pilot, lambda: machine.waiting_for_key)
        assert not app.screen.query("#paper")
        for line in ("Ada Visitor\r", "Accounts\r", "1"):
            await pilot.press(*[{"\r": "enter", " ": "space"}.get(c, c) for c in line])
            assert await until(pilot, lambda: machine.waiting_for_key, timeout=30)
        assert await until(pilot, lambda: bool(app.screen.query("#paper")), timeout=30)
        assert await until(pilot, lambda: any("BANNER" in line for line in machine.printer.lines()),
                           timeout=30)
