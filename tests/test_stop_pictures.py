"""Each stop's picture where visitors and trainers see it: the stop's story
column, the presenter's title card and the kiosk's attract screen; and the
attract screen holding still under reduced motion."""

from __future__ import annotations

import pytest
from pilot_helpers import until

from exhibit.app import ExhibitApp
from exhibit.kiosk import KioskApp
from exhibit.presenter_app import PresenterApp
from exhibit.screens.attract import AttractScreen
from exhibit.screens.stop import StopScreen
from exhibit.settings import KioskSettings
from exhibit.widgets.picture import PictureView
from timeline import load_timeline


async def test_the_picture_sits_above_the_story_beside_the_machine(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="memo", data=tmp_path, turbo=True)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await pilot.pause()
        screen = app.screen
        picture = screen.query_one("#stop-picture", PictureView)
        assert picture.picture is screen.stop_info.picture
        assert picture.shown and picture.size == (40, 16)          # full size
        assert picture.tooltip == screen.stop_info.picture.about
        title = screen.query_one("#stop-title")
        assert picture.region.bottom < title.region.y               # above the title and story
        assert picture.region.x >= screen.query_one("#story-panel").region.x
        assert picture.region.right <= screen.query_one("#machine-panel").region.x


async def test_at_80x24_f2_swaps_in_the_story_with_a_smaller_picture_over_it(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="memo", data=tmp_path, turbo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await pilot.pause()
        screen = app.screen
        picture = screen.query_one("#stop-picture", PictureView)
        assert not picture.shown                       # the machine alone: the story is away
        await pilot.press("f2")
        await pilot.pause()
        assert screen.has_class("-story")
        assert picture.shown and picture.size.height <= 8
        title = screen.query_one("#stop-title")
        story = screen.query_one("#stop-story")
        assert picture.region.bottom < title.region.y
        assert story.region.y < 24                     # the story's first lines still show


async def test_the_presenters_title_card_shows_the_picture_large_above_the_title(tmp_path):
    app = PresenterApp(load_timeline(), state_path=tmp_path / "s.json", turbo=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        picture = app.query_one("#title-picture", PictureView)
        assert picture.shown and picture.picture is app.stop.picture
        title = app.query_one("#big-title")
        assert picture.region.bottom <= title.region.y
        assert title.region.bottom <= 40
    app = PresenterApp(load_timeline(), state_path=tmp_path / "s2.json", turbo=True)
    async with app.run_test(size=(200, 80)) as pilot:
        await pilot.pause()
        picture = app.query_one("#title-picture", PictureView)
        pic = app.stop.picture
        assert picture.shown and picture.content_size.height == pic.lines * 2   # twice its size
    app = PresenterApp(load_timeline(), state_path=tmp_path / "s3.json", turbo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # No room for it well: the title keeps the card.
        assert not app.query_one("#title-picture", PictureView).shown


def kiosk(tmp_path, *, reduced: bool = False) -> KioskApp:
    return KioskApp(load_timeline(), settings=KioskSettings(reduced_motion=reduced),
                    data=tmp_path, turbo=True)


async def test_the_attract_screen_shows_the_demo_stops_picture_and_follows_it(tmp_path):
    app = kiosk(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, AttractScreen)
        await pilot.pause()
        picture = screen.query_one("#attract-picture", PictureView)
        assert picture.shown and picture.picture is screen.showcase[0].picture
        caption = screen.query_one("#attract-caption")
        assert picture.region.bottom <= caption.region.y
        assert picture.region.x >= screen.query_one("#attract-panel").region.right
        await screen.next_stop()
        await pilot.pause()
        assert picture.picture is screen.showcase[1].picture
        assert picture.picture is not screen.showcase[0].picture
        assert picture.shown


async def test_a_narrow_attract_screen_leaves_the_picture_out(tmp_path):
    app = kiosk(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, AttractScreen)
        await pilot.pause()
        assert screen.has_class("-narrow")
        assert not screen.query_one("#attract-picture", PictureView).shown


@pytest.mark.parametrize("reduced", [False, True], ids=["moving", "reduced-motion"])
async def test_reduced_motion_keeps_the_attract_screen_still(tmp_path, reduced):
    app = kiosk(tmp_path, reduced=reduced)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, AttractScreen)
        timeline = screen.query_one("#attract-timeline")
        demo = screen.machine
        assert demo is not None
        assert await until(pilot, lambda: demo.waiting_for_key)
        first = str(timeline.render())
        if not reduced:
            # The demo types by itself and the marker walks the years.
            assert await until(pilot, lambda: screen.typed > 0, timeout=5)
            assert await until(pilot, lambda: str(timeline.render()) != first, timeout=5)
        else:
            # Drawn once; nothing types and nothing moves, for longer than
            # several of the demo's keystrokes and marker steps would take.
            await pilot.pause(1.5)
            assert screen.typed == 0 and screen.tick == 1
            assert str(timeline.render()) == first
