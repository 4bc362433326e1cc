"""The app, driven with Textual's pilot: open the memo stop and type into it."""

from __future__ import annotations

from pilot_helpers import until as wait_for

from exhibit.app import ExhibitApp
from exhibit.screens.stop import StopScreen
from exhibit.screens.timeline import TimelineScreen
from exhibit.widgets.terminal import TerminalView
from timeline import load_timeline


def widget_text(view: TerminalView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.terminal.rows))


async def test_typing_into_the_memo_stop_shows_on_the_widget():
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True)
    async with app.run_test(size=(140, 36)) as pilot:
        assert isinstance(app.screen, StopScreen)
        view = app.screen.query_one(TerminalView)
        assert view.has_focus
        assert await wait_for(pilot, lambda: "To:" in widget_text(view))
        await pilot.press(*"Mrs Patel", "enter")
        assert await wait_for(pilot, lambda: "To:       Mrs Patel" in widget_text(view))
        machine = view.machine
        assert machine.running
    # Leaving the app (and so the stop) stops the machine's thread.
    assert not machine.running


async def test_timeline_opens_a_stop_and_escape_comes_back():
    app = ExhibitApp(load_timeline(), turbo=True)
    async with app.run_test(size=(140, 36)) as pilot:
        assert isinstance(app.screen, TimelineScreen)
        # The memo (stop 2) has its machine; the mainframe's is still coming.
        await pilot.press("2", "enter")
        assert isinstance(app.screen, StopScreen)
        machine = app.screen.machine
        await pilot.press("f10")            # give the keyboard back
        assert not app.screen.query_one(TerminalView).has_focus
        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen)
        assert not machine.running


async def test_click_on_the_terminal_focuses_it():
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True)
    async with app.run_test(size=(140, 36)) as pilot:
        await pilot.press("f10")
        view = app.screen.query_one(TerminalView)
        assert not view.has_focus
        await pilot.click(TerminalView)
        assert view.has_focus


async def test_keys_the_exhibit_does_not_own_reach_the_machine():
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True)
    async with app.run_test(size=(140, 36)) as pilot:
        view = app.screen.query_one(TerminalView)
        assert await wait_for(pilot, lambda: view.machine.waiting_for_key)
        # q and Escape would leave the stop if the exhibit took them.
        await pilot.press("q", "escape", "tab", "ctrl+q")
        assert isinstance(app.screen, StopScreen)
        assert await wait_for(pilot, lambda: "To:       q" in widget_text(view))
