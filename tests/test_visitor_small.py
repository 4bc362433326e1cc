"""Every stop usable at 80x24: the BBC's 25 rows follow the cursor, the wall pages,
the printout opens full screen with the whole banner, and the games start by key."""

from __future__ import annotations

import datetime as dt

import pytest
from pilot_helpers import until
from test_mainframe import block_letters

from emulator.store import PostStore
from exhibit.app import ExhibitApp
from exhibit.screens.paper import PaperScreen
from exhibit.screens.stop import StopScreen
from exhibit.widgets.printer import PrinterView
from exhibit.widgets.terminal import TerminalView
from exhibit.widgets.wall import WallView
from timeline import load_timeline

SMALL = (80, 24)


def shown_rows(view) -> list[str]:
    return ["".join(seg.text for seg in view.render_line(y)) for y in range(view.size.height)]


async def open_at(app, pilot, stop: str):
    assert await until(pilot, lambda: isinstance(app.screen, StopScreen)
                       and app.screen.stop_info.id == stop)
    await pilot.pause()
    return app.screen


async def test_the_bbc_micro_at_80x24_follows_the_cursor_and_starts_a_game_by_key(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="bbc", turbo=True, data=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_at(app, pilot, "bbc")
        view = screen.query_one(TerminalView)
        assert await until(pilot, lambda: view.machine.waiting_for_key)
        await pilot.pause(0.2)
        assert view.compact and not view._too_small
        assert view.window == (0, 24)
        for n in range(15):                         # push the prompt down to the 25th row
            await pilot.press(*f"PRINT {n}", "enter")
        assert await until(pilot, lambda: view.machine.terminal.cursor()[1] == 24)
        assert await until(pilot, lambda: view.window == (1, 24))
        assert shown_rows(view)[-1].startswith(">")           # BASIC's prompt, in view
        # The games, by their keys, with their score line and key hints both
        # in view (the cursor is hidden: a blank row is left out instead).
        for key, game in (("f8", "DOTCHASE"), ("f9", "SPADE")):
            await pilot.press(key)
            assert await until(pilot, lambda game=game: screen.panel.program == game)
            assert await until(pilot, lambda: "SCORE" in shown_rows(view)[0]
                               and "pause" in shown_rows(view)[-1]), game
            assert not view._too_small and len(shown_rows(view)) == 24


@pytest.fixture
def store(tmp_path):
    with PostStore(tmp_path / "posts.db") as st:
        yield st


async def test_the_wall_at_80x24_shows_several_posts_and_pages_on(store):
    start = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    for i in range(7):
        store.add("wall", "Visitor", f"message {i}", created=start + dt.timedelta(minutes=i),
                  answer=True)
    app = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_at(app, pilot, "wall")
        wall = screen.query_one(WallView)
        await pilot.pause(0.3)
        first = wall.page_size
        assert first >= 2
        page = str(wall.query_one("#wall-page").render())
        assert page == f"1-{first} of 7"
        assert not wall.query_one("#wall-older").disabled
        await pilot.press("down")                   # Older, from the answer box
        assert str(wall.query_one("#wall-page").render()).startswith(f"{first + 1}-")
        assert screen.keyboard_owner() == "box" and app.screen is screen
        await pilot.press("up")
        assert str(wall.query_one("#wall-page").render()) == page


async def test_the_mainframe_banner_reads_whole_on_the_paper_at_80x24(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="mainframe", turbo=True, data=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_at(app, pilot, "mainframe")
        machine = screen.query_one(TerminalView).machine
        assert await until(pilot, lambda: machine.waiting_for_key)
        await pilot.press(*"Ada Byron", "enter", *"Accounts", "enter", "1")
        assert await until(pilot, lambda: "END OF JOB" in machine.printer.text(), timeout=60)
        assert await until(pilot, lambda: bool(screen.query(PrinterView)))
        await pilot.press("f4")
        assert await until(pilot, lambda: isinstance(app.screen, PaperScreen))
        await pilot.pause(0.3)
        rows = shown_rows(app.screen.query_one(PrinterView))
        text = [r.rstrip() for r in rows]
        for word in ("ADA", "BYRON"):
            for line in block_letters(word):
                assert line in text, (word, line)
        await pilot.press("t")                       # tear it off
        assert await until(pilot, lambda: app.screen is screen)
        assert machine.printer.lines() == []
        assert not screen.query(PrinterView)
        assert isinstance(app.focused, TerminalView)
