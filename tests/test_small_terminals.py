"""The standard 80x24 terminal, and other small ones: every machine shows its whole screen.

An 80x24 machine in an 80x24 terminal has no room for a border, a status
line or the story beside it; the views give those up before they cut or
refuse the machine's screen, and say "does not fit" only when it does not.
"""

from __future__ import annotations

import argparse

import pytest
from pilot_helpers import until
from textual.widgets import Static

from exhibit.app import ExhibitApp
from exhibit.commands.run import build_from_args
from exhibit.kiosk import KioskApp
from exhibit.presenter_app import PresenterApp
from exhibit.run_app import RunApp
from exhibit.screens.attract import AttractScreen
from exhibit.screens.stop import StopScreen, StoryPanel
from exhibit.settings import KioskSettings, hash_pin
from exhibit.widgets.terminal import TerminalView
from timeline import load_timeline

REFUSAL = "fit here"        # from TerminalView.too_small_message


def shown(view: TerminalView) -> str:
    """Every line the widget draws, as text."""
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def said(view: TerminalView) -> str:
    """What the widget draws as one line of words (its message may wrap)."""
    return " ".join(view.render_line(y).text.strip() for y in range(view.size.height))


def whole_screen_shows(view: TerminalView) -> bool:
    """The machine's every cell is drawn, none cut, and nothing says it does not fit."""
    t = view.terminal
    visible = view.screen.find_widget(view).visible_region
    content = view.content_region.intersection(visible)
    return ((content.width, content.height) == (t.cols, t.rows)
            and REFUSAL not in said(view))


def run_args(**given: object) -> argparse.Namespace:
    base = {"program": None, "org": None, "mhz": None, "run_turbo": True, "mount": None,
            "run_stop": None, "content": None}
    return argparse.Namespace(**{**base, **given})


# -- python -m exhibit run ----------------------------------------------------


async def test_run_mode_at_80x24_shows_the_whole_memo_without_border_or_status():
    build, title, *_ = build_from_args(run_args(run_stop="memo"))
    app = RunApp(build, title=title)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(TerminalView)
        assert await until(pilot, lambda: "INTERNAL MEMORANDUM" in shown(view))
        assert await until(pilot, lambda: whole_screen_shows(view))
        assert await until(pilot, lambda: view.compact and view.region.size == (80, 24))
        assert not app.query_one("#machine-status", Static).display
        # The keys still go to the machine...
        await pilot.press(*"Mrs Patel", "enter")
        assert await until(pilot, lambda: "To:       Mrs Patel" in shown(view))
        # ...and a bigger window brings back the border and the status line.
        await pilot.resize_terminal(100, 30)
        assert await until(pilot, lambda: not view.compact and whole_screen_shows(view))
        assert view.outer_size == (82, 26)
        assert app.query_one("#machine-status", Static).display
        # A smaller one again: borderless again, still all there.
        await pilot.resize_terminal(80, 24)
        assert await until(pilot, lambda: view.compact and whole_screen_shows(view))


async def test_run_mode_f1_says_what_the_hidden_status_line_would():
    build, title, *_ = build_from_args(run_args(run_stop="memo"))
    app = RunApp(build, title=title)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        said = " ".join(str(n.message) for n in app._notifications)
        assert "turbo · " in said and "R start again" in said


async def test_a_window_too_small_even_for_the_bare_screen_still_says_so():
    build, title, *_ = build_from_args(run_args(run_stop="memo"))
    app = RunApp(build, title=title)
    async with app.run_test(size=(70, 20)) as pilot:
        view = app.query_one(TerminalView)
        assert await until(pilot, lambda: "80×24 characters" in said(view))
        assert not view.compact          # the border stays round the message


# -- a stop ---------------------------------------------------------------------


async def test_the_memo_stop_at_80x24_is_the_machine_alone_and_f2_swaps_in_the_story():
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, StopScreen)
        assert {"-alone", "-short", "-bare"} <= set(screen.classes)
        view = screen.query_one(TerminalView)
        assert view.has_focus
        assert await until(pilot, lambda: "To:" in shown(view))
        assert await until(pilot, lambda: whole_screen_shows(view))
        assert view.region.size == (80, 24)
        await pilot.press(*"Mr Shaw", "enter")
        assert await until(pilot, lambda: "To:       Mr Shaw" in shown(view))

        await pilot.press("f2")          # the machine never needs F2
        await pilot.pause()
        story = screen.query_one(StoryPanel)
        assert screen.has_class("-story")
        assert story.display and story.region.width == 80
        assert not screen.query_one("#machine-panel").display
        assert story.has_focus
        bar = screen.query_one("#stop-bar")
        assert bar.display and bar.region.height == 1
        assert "Machine" in str(screen.query_one("#story-toggle").label)
        # PgDn is still the clicker's: it walks the stops, not the story.
        await pilot.press("f2")
        await pilot.pause()
        assert not screen.has_class("-story") and view.has_focus
        assert await until(pilot, lambda: whole_screen_shows(view))
        await pilot.press(*"Ms Cole", "enter")      # the next field: From
        assert await until(pilot, lambda: "From:     Ms Cole" in shown(view))


async def test_the_memo_stop_at_100x30_has_a_story_button_over_the_bordered_machine():
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert screen.has_class("-alone") and screen.has_class("-short")
        assert not screen.has_class("-bare")
        view = screen.query_one(TerminalView)
        assert await until(pilot, lambda: whole_screen_shows(view))
        assert not view.compact and view.outer_size == (82, 26)
        button = screen.query_one("#story-toggle")
        assert button.display and button.region.height == 1
        await pilot.click("#story-toggle")
        assert screen.has_class("-story")
        assert screen.query_one(StoryPanel).display
        await pilot.click("#story-toggle")
        assert not screen.has_class("-story") and view.has_focus
        assert await until(pilot, lambda: whole_screen_shows(view))


async def test_story_and_machine_side_by_side_from_120_columns():
    app = ExhibitApp(load_timeline(), start_stop="memo", turbo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert not {"-alone", "-short", "-bare"} & set(screen.classes)
        view = screen.query_one(TerminalView)
        assert await until(pilot, lambda: whole_screen_shows(view))
        assert not view.compact
        assert screen.query_one(StoryPanel).display
        assert not screen.query_one("#stop-bar").display
        await pilot.press("f2")                      # nothing to swap: the story is there
        assert not screen.has_class("-story") and view.has_focus
        # Narrowing the window leaves the machine alone, whole.
        await pilot.resize_terminal(80, 24)
        assert await until(pilot, lambda: screen.has_class("-alone") and whole_screen_shows(view))


async def test_a_small_machine_keeps_its_story_beside_it_at_80_columns():
    # The ZX80's 32x24 screen and the story fit side by side in 80 columns.
    app = ExhibitApp(load_timeline(), start_stop="zx80", turbo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert not screen.has_class("-alone")
        assert screen.query_one(StoryPanel).display
        view = screen.query_one(TerminalView)
        assert await until(pilot, lambda: whole_screen_shows(view))


async def test_a_machine_a_row_taller_than_the_window_shows_24_rows_and_much_taller_says_so():
    # The BBC Micro's 40x25 screen in 24 rows: borderless, 24 of its rows,
    # following the cursor (test_visitor_small has the rest). Three rows
    # short is too many to hide: the view says so in words.
    app = ExhibitApp(load_timeline(), start_stop="bbc", turbo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.screen.query_one(TerminalView)
        assert await until(pilot, lambda: len(view.rows_shown) == 24 and view.compact)
        assert "40×25 characters" not in said(view)
    app = ExhibitApp(load_timeline(), start_stop="bbc", turbo=True)
    async with app.run_test(size=(80, 22)) as pilot:
        view = app.screen.query_one(TerminalView)
        assert await until(pilot, lambda: "40×25 characters" in said(view))


# -- the presenter and the kiosk ----------------------------------------------------


async def test_the_presenters_program_slide_at_80x24_is_the_whole_machine(tmp_path):
    memo = [s for s in load_timeline() if s.id == "memo"]
    app = PresenterApp(memo, state_path=tmp_path / "state.json", turbo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("pagedown", "pagedown")
        assert app.slide.part == "program"
        view = app.query_one(TerminalView)
        assert await until(pilot, lambda: "INTERNAL MEMORANDUM" in shown(view))
        assert await until(pilot, lambda: whole_screen_shows(view))
        assert app.screen.has_class("-tight")
        await pilot.press("pagedown")                 # the discussion: the heading is back
        assert not app.screen.has_class("-tight")


@pytest.fixture
def kiosk(tmp_path):
    settings = KioskSettings(idle_timeout=60, countdown=30, admin_pin_hash=hash_pin("2468", rounds=1000))
    return KioskApp(load_timeline(), settings=settings, data=tmp_path, turbo=True)


async def test_the_kiosk_attract_screen_at_80x24_plays_the_whole_demo(kiosk):
    async with kiosk.run_test(size=(80, 24)) as pilot:
        screen = kiosk.screen
        assert isinstance(screen, AttractScreen)
        view = screen.query_one(TerminalView)
        assert await until(pilot, lambda: whole_screen_shows(view))
        start = screen.query_one("#attract-start")
        assert start.display and start.region.height == 1     # still says how to start
        await pilot.press("x")
        assert not isinstance(kiosk.screen, AttractScreen)
