"""Who has the keyboard: no key typed into a box or the machine ever leaves the stop,
and a flood of Page keys settles on the right stop with one machine alive."""

from __future__ import annotations

import string
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from pilot_helpers import live_objects, until
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input

from emulator import Machine
from emulator.store import PostStore
from exhibit.app import ExhibitApp
from exhibit.kiosk import KioskApp
from exhibit.screens.attract import AttractScreen
from exhibit.screens.stop import StopScreen
from exhibit.settings import KioskSettings
from exhibit.widgets.terminal import TerminalView
from timeline import load_timeline

PRINTABLE = [c for c in string.printable if c.isprintable()]   # space to ~, every one


@pytest.fixture
def store(tmp_path):
    with PostStore(tmp_path / "posts.db") as st:
        yield st


def key(char: str) -> events.Key:
    return events.Key(_character_to_key(char), char)


async def type_everything(app, pilot) -> None:
    """Every printable key in each of the form's places, then Tab; the stop stays put."""
    screen = app.screen
    for place in ("#wall-name", "#wall-text", "#wall-post"):
        screen.query_one(place).focus()
        await pilot.pause()
        for char in PRINTABLE:
            app.post_message(key(char))
            await pilot.pause()
            assert app.is_running and app.screen is screen, f"{char!r} left the wall"
            assert screen.keyboard_owner() in ("box", "exhibit")
        await pilot.press("tab")
        assert app.screen is screen


async def wall_keys_stay(app, pilot) -> None:
    screen = app.screen
    assert isinstance(screen, StopScreen) and screen.stop_info.id == "wall"
    assert app.focused is screen.query_one("#wall-text", Input)
    await pilot.press(*"My answer", "tab", *" is quite long")
    assert app.screen is screen
    # Typed on the Post button, the words went on the end of the answer.
    assert screen.query_one("#wall-text", Input).value == "My answer is quite long"
    # Tab went round the form only: from the answer to the Post button and
    # on to the name box, never to the exhibit's buttons.
    await pilot.press("shift+tab")
    places = []
    for _ in range(4):
        await pilot.press("tab")
        places.append(app.focused.id if app.focused else None)
    assert places == ["wall-text", "wall-post", "wall-name", "wall-text"]
    await type_everything(app, pilot)
    assert len(screen.query_one("#wall-name", Input).value) == 24        # its limit
    assert screen.query_one("#wall-text", Input).value.startswith("My answer is quite long0123")


async def test_a_burst_typed_on_the_post_button_all_goes_on_the_answer(store):
    """Keys that arrive in one read (tmux's send-keys, a paste without bracketed
    paste) are all sent to the Post button before the first of them moves the
    focus to the answer; every one must still land there, in order."""
    app = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await pilot.press("tab")                        # from the answer to Post
        assert app.focused is not None and app.focused.id == "wall-post"
        for char in "Video calls with my gran":
            app.post_message(key(char))                 # all queued before any is handled
        box = app.screen.query_one("#wall-text", Input)
        assert await until(pilot, lambda: box.value == "Video calls with my gran", timeout=5), \
            box.value
        assert app.focused is box


async def test_tab_and_every_printable_key_stay_in_the_wall(store):
    app = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await pilot.pause()
        await wall_keys_stay(app, pilot)


@asynccontextmanager
async def woken_kiosk(tmp_path) -> AsyncIterator[tuple[KioskApp, object]]:
    """A kiosk (turbo machines, no idle reset in a test's time) woken from its attract screen."""
    app = KioskApp(load_timeline(), settings=KioskSettings(idle_timeout=600), data=tmp_path,
                   turbo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, AttractScreen))
        await pilot.press("x")
        await pilot.pause()
        yield app, pilot


async def test_tab_and_every_printable_key_stay_in_the_kiosk_wall(tmp_path):
    async with woken_kiosk(tmp_path) as (app, pilot):
        app.open_stop("wall")
        await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await pilot.pause()
        await wall_keys_stay(app, pilot)
        # The kiosk footer never offers Quit.
        assert "quit" not in {b.action for _, b, enabled, _ in app.screen.active_bindings.values()
                              if enabled and b.show}


async def test_after_about_and_esc_the_keyboard_is_back_in_the_box(store):
    app = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await pilot.pause()
        wall = app.screen
        await pilot.click("#about")
        assert not isinstance(app.screen, StopScreen)
        await pilot.press("escape")
        assert app.screen is wall
        assert app.focused is wall.query_one("#wall-text", Input)
        await pilot.press("q", "p")
        assert app.is_running and app.screen is wall


async def test_the_footer_lists_only_the_keys_that_work_while_the_machine_has_them(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True, data=tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, TerminalView))
        screen = app.screen

        def shown() -> set[str]:
            return {b.key for _, b, enabled, _ in screen.active_bindings.values()
                    if enabled and b.show}

        await pilot.pause()
        assert screen.keyboard_owner() == "machine"
        assert not shown() & {"escape", "a", "q", "m"}
        assert {"pageup", "pagedown", "f10"} <= shown()
        await pilot.press("f10")
        await pilot.pause()
        assert screen.keyboard_owner() == "exhibit"
        assert {"escape", "a", "q", "m"} <= shown()


def cpu_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("z80-") and t.is_alive())


async def test_a_300_key_page_burst_ends_on_the_right_stop_with_one_machine(tmp_path):
    app = ExhibitApp(load_timeline(), turbo=True, data=tmp_path)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("enter")          # the first stop, from the timeline
        await until(pilot, lambda: isinstance(app.screen, StopScreen))
        count = len(app.stops)
        keys = (["pagedown"] * 2 + ["pageup"]) * 60 + ["pagedown"] * 115 + ["pageup"] * 5
        assert len(keys) == 300
        where = 0
        for name in keys:           # where the keys lead, never past either end
            where = max(0, min(count - 1, where + (1 if name == "pagedown" else -1)))
        # All 300 arrive before the first is handled, as a held key's repeats do.
        for name in keys:
            app.post_message(events.Key(name, None))
        want = app.stops[where].id
        assert want not in (app.stops[0].id, app.stops[-1].id)
        # Only the very last key leads there (the ones before end at the last stop).
        assert await until(pilot, lambda: app.wanted == want and isinstance(app.screen, StopScreen)
                           and app.screen.stop_info.id == want
                           and (app._opening is None or app._opening.is_finished), timeout=60)
        await pilot.pause(0.5)
        assert app.screen.stop_info.id == want
        assert await until(pilot, lambda: cpu_threads() <= 1, timeout=10)
        assert live_objects(StopScreen) == 1
        assert live_objects(Machine) <= 1
        assert [type(s).__name__ for s in app.screen_stack][-2:] == ["TimelineScreen", "StopScreen"]
        assert sum(isinstance(s, StopScreen) for s in app.screen_stack) == 1


async def test_a_typed_program_survives_a_quick_page_away_and_back_and_only_one_is_kept(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="bbc", turbo=True, data=tmp_path)
    async with app.run_test(size=(150, 45)) as pilot:
        def at(stop_id: str) -> bool:
            return (isinstance(app.screen, StopScreen) and app.screen.stop_info.id == stop_id
                    and isinstance(app.focused, TerminalView))

        assert await until(pilot, lambda: at("bbc"))
        m = {"bbc": app.screen.machine}
        assert await until(pilot, lambda: m["bbc"].waiting_for_key)
        await pilot.press(*'10 PRINT "KEPT"', "enter")
        assert await until(pilot, lambda: m["bbc"].terminal.contains('10 PRINT "KEPT"'))
        await pilot.press("pagedown")
        assert await until(pilot, lambda: at("desktop"))
        assert app.kept is not None and app.kept[1] is m["bbc"] and not m["bbc"].running
        await pilot.press("pageup")
        assert await until(pilot, lambda: at("bbc"))
        assert app.screen.machine is m["bbc"] and app.kept is None
        await pilot.press(*"LIST", "enter")
        assert await until(pilot, lambda: m["bbc"].terminal.contains('>LIST'))
        assert await until(pilot, lambda: sum(
            'PRINT "KEPT"' in line for line in m["bbc"].terminal.lines()) == 2)
        # Typed at the desktop too: that one is kept now, and the BBC's let go.
        await pilot.press("pagedown")
        assert await until(pilot, lambda: at("desktop"))
        m["desktop"] = app.screen.machine
        assert await until(pilot, lambda: m["desktop"].waiting_for_key)
        await pilot.press(*"DIR", "enter")
        await pilot.press("pagedown")
        assert await until(pilot, lambda: at("network"))
        assert app.kept is not None and app.kept[1] is m["desktop"]
        assert await until(pilot, lambda: cpu_threads() <= 1, timeout=10)
        m.clear()                                  # (this test's own references)
        assert live_objects(Machine) <= 2         # the one running and the one kept


async def test_ctrl_c_in_the_kiosk_says_nothing_untrue_and_quits_nothing(tmp_path):
    async with woken_kiosk(tmp_path) as (app, pilot):
        await pilot.press("ctrl+c", "q", "ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert not any("quit" in n.message.lower() for n in app._notifications)
        shown = {b.action for _, b, enabled, _ in app.screen.active_bindings.values()
                 if enabled and b.show}
        assert not any("quit" in action for action in shown)


async def test_a_toast_goes_when_the_stop_changes(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True, data=tmp_path)
    async with app.run_test(size=(150, 45)) as pilot:
        assert await until(pilot, lambda: isinstance(app.focused, TerminalView))
        app.notify("A toast said at the memo", timeout=60)
        await pilot.pause()
        await pilot.press("pagedown")
        assert await until(pilot, lambda: app.screen.stop_info.id == "zx80")
        await pilot.pause()
        assert not any("memo" in n.message for n in app._notifications)
