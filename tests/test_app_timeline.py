"""The timeline and stop screens, driven with Textual's pilot: keys, clicks and buttons."""

from __future__ import annotations

import shutil

from pilot_helpers import until
from textual.widgets import Button, Static

from exhibit.app import ExhibitApp
from exhibit.screens.about import AboutScreen
from exhibit.screens.stop import StopScreen
from exhibit.screens.timeline import CURRENT, OTHER, StopMarker, TimelineScreen
from exhibit.widgets.terminal import TerminalView
from timeline import default_dir, load_timeline

SIZE = (140, 40)


def app() -> ExhibitApp:
    return ExhibitApp(load_timeline(), turbo=True)


def current_marker(screen: TimelineScreen) -> StopMarker:
    [marker] = [m for m in screen.query(StopMarker) if m.has_class("-current")]
    return marker


def summary(screen: TimelineScreen) -> str:
    return str(screen.query_one("#summary", Static).render())


async def test_arrows_move_the_current_stop_and_it_shows_without_colour():
    a = app()
    async with a.run_test(size=SIZE) as pilot:
        screen = a.screen
        assert isinstance(screen, TimelineScreen)
        assert current_marker(screen).stop_info.id == "mainframe"
        await pilot.press("right", "right")
        marker = current_marker(screen)
        assert marker.stop_info.id == "zx80"
        # Shape, not colour: the filled dot is on this marker alone.
        assert str(marker.render()).startswith(CURRENT)
        others = [m for m in screen.query(StopMarker) if m is not marker]
        assert all(str(m.render()).startswith(OTHER) for m in others)
        assert "Stop 3 of 8 · 1980 · Home" in summary(screen)
        await pilot.press("left", "left", "left")          # stops at the first stop
        assert current_marker(screen).stop_info.id == "mainframe"


async def test_up_and_down_change_lane_to_the_nearest_stop():
    a = app()
    async with a.run_test(size=SIZE) as pilot:
        screen = a.screen
        await pilot.press("2")                              # memo, work lane
        await pilot.press("up")
        assert current_marker(screen).stop_info.id == "zx80"
        await pilot.press("right", "down")                  # bbc -> nearest work stop
        assert current_marker(screen).stop_info.id == "desktop"
        await pilot.press("8", "up", "down")                # the wall is in both lanes
        assert current_marker(screen).stop_info.id == "wall"


async def test_number_keys_jump_and_enter_opens():
    a = app()
    async with a.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        assert current_marker(a.screen).stop_info.id == "network"
        await pilot.press("9")                              # no stop 9: nothing moves
        assert current_marker(a.screen).stop_info.id == "network"
        await pilot.press("enter")
        assert isinstance(a.screen, StopScreen)
        assert a.screen.stop_info.id == "network"


async def test_a_click_on_a_marker_opens_its_stop():
    a = app()
    async with a.run_test(size=SIZE) as pilot:
        assert await pilot.click("#marker-memo")
        assert isinstance(a.screen, StopScreen)
        assert a.screen.stop_info.id == "memo"
        # The stop gives its machine the keyboard as it opens; on a busy
        # machine that Focus event can still be on its way.
        view = a.screen.query_one(TerminalView)
        assert await until(pilot, lambda: view.has_focus, timeout=5)
        machine = a.screen.machine
        await pilot.press("f10", "escape")
        assert isinstance(a.screen, TimelineScreen)
        assert not machine.running
        # Back on the timeline, the stop just left is the current one.
        assert current_marker(a.screen).stop_info.id == "memo"


async def test_a_stop_whose_machine_is_coming_says_so_and_fakes_nothing(tmp_path):
    # The ZX80 stop as it was before its BASIC was built: no program yet.
    text = (default_dir() / "30-zx80.md").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines()
                     if not line.startswith(("program =", "programs =", "boot =", "base =")))
    (tmp_path / "30-zx80.md").write_text(text.replace("[machine]\n", ""), encoding="utf-8")
    shutil.copytree(default_dir() / "pictures", tmp_path / "pictures")   # its picture stays
    a = ExhibitApp(load_timeline(tmp_path), start_stop="zx80", turbo=True)
    async with a.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = a.screen
        assert isinstance(screen, StopScreen) and screen.machine is None
        assert not screen.query(TerminalView)
        assert "machine is still being built" in str(screen.query_one("#no-machine").render())
        assert "In 1980 a computer came home" in str(screen.query_one("#stop-story").render())
        # "Try this" is about a machine; with none it is not shown.
        assert not screen.query("#stop-try")
        assert screen.query("#stop-prompts")


async def test_next_and_previous_by_keys_and_buttons_stop_each_machine():
    a = ExhibitApp(load_timeline(), start_stop="mainframe", turbo=True)
    async with a.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert a.screen.query_one("#previous", Button).disabled     # nothing before stop 1
        await pilot.press("pagedown")
        assert a.screen.stop_info.id == "memo"
        memo_machine = a.screen.machine
        assert memo_machine.running
        # The machine has the keyboard, but a clicker's PgDn still walks on.
        assert a.screen.query_one(TerminalView).has_focus
        await pilot.press("pagedown")
        assert a.screen.stop_info.id == "zx80"
        assert not memo_machine.running
        await pilot.click("#previous")
        assert a.screen.stop_info.id == "memo"
        await pilot.press("f10")
        await pilot.click("#next")
        assert a.screen.stop_info.id == "zx80"
        await pilot.press("f10")                 # the ZX80 has the keyboard now
        await pilot.press("n")
        assert a.screen.stop_info.id == "bbc"
        # The stack holds one stop at a time: Escape goes straight to the
        # timeline (once the BBC's machine has given the keyboard back).
        await pilot.press("f10", "escape")
        assert isinstance(a.screen, TimelineScreen)
        assert current_marker(a.screen).stop_info.id == "bbc"


async def test_the_last_stop_has_no_next(tmp_path):
    a = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, data=tmp_path)
    async with a.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert a.screen.query_one("#next", Button).disabled
        assert a.screen.query("#wall")          # the wall stands where the machine would
        await pilot.press("pagedown")
        assert a.screen.stop_info.id == "wall"


async def test_about_lists_the_article_and_every_stops_sources():
    a = app()
    async with a.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(a.screen, AboutScreen)
        text = "\n".join(str(w.render()) for w in a.screen.query(Static))
        assert "Gill Phillips" in text
        assert "Whose Shoes? blog (whoseshoes.wordpress.com), February 2011" in text
        for stop in a.stops:
            assert stop.title in text
        assert "https://www.rfc-editor.org/rfc/rfc733" in text
        await pilot.press("escape")
        assert isinstance(a.screen, TimelineScreen)


async def test_about_from_a_stop_and_back_by_button():
    a = ExhibitApp(load_timeline(), start_stop="network", turbo=True)
    async with a.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#about")
        assert isinstance(a.screen, AboutScreen)
        await pilot.click("#about-back")
        assert isinstance(a.screen, StopScreen) and a.screen.stop_info.id == "network"


async def test_stop_text_is_shown_as_written_not_as_markup(tmp_path):
    (tmp_path / "1-a.md").write_text(
        '+++\nid = "a"\ntitle = "Brackets [bold]x[/bold]"\nlabel = "A"\nyear = 1990\n'
        'lane = "work"\n+++\n\n## Story\n\nA [link] and [red]text[/red].\n\n## Sources\n\n- B\n')
    a = ExhibitApp(load_timeline(tmp_path, programs=[]), start_stop="a")
    async with a.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(a.screen.query_one("#stop-title").render()) == "Brackets [bold]x[/bold]"
        assert "[red]text[/red]" in str(a.screen.query_one("#stop-story").render())
