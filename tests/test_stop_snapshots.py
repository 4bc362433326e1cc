"""A snapshot of every stop with its picture, at 140x40 and 80x24 (pytest-textual-snapshot).

The whole screen, machine included, as a visitor sees it once the stop's
program is waiting for their first key. That screen is the same every time:
each program's opening screen is fixed text (the social stop's dates are
the stream's own, from its content), the machine runs flat out (turbo) so it
is there at once, reduced motion holds the cursor steady, and the snapshot
is taken well before the social stop's live thread adds its first post
(every 20 s). A small window's hint (a notification that goes by itself)
is cleared first. At 80x24, where a stop's machine fills the window alone, F2
swaps in the story, with the picture (half size) above it; where the
machine is small enough to leave the story beside it (the ZX80, the BBC
Micro's 40 columns), the picture is above the story as at 140x40.

Run ``pytest --snapshot-update tests/test_stop_snapshots.py`` after a
deliberate change to a stop's screen, and look at the new SVGs before
committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from pilot_helpers import until

import exhibit
from exhibit.app import ExhibitApp
from exhibit.screens.stop import StopScreen
from exhibit.widgets.picture import PictureView
from timeline import load_timeline

STYLES = Path(exhibit.__file__).parent
STOPS = [stop.id for stop in load_timeline()]


class StopApp(ExhibitApp):
    """The exhibit opened at one stop."""

    # A subclass's relative CSS paths are read beside its own module (tests/).
    CSS_PATH: ClassVar[list[str | Path]] = [STYLES / "exhibit.tcss", STYLES / "themes.tcss"]


@pytest.mark.parametrize("size", [(140, 40), (80, 24)], ids=["140x40", "80x24"])
@pytest.mark.parametrize("stop_id", STOPS)
def test_stop_with_its_picture(snap_compare, tmp_path, stop_id, size):
    app = StopApp(load_timeline(), start_stop=stop_id, data=tmp_path, turbo=True,
                  reduced_motion=True)

    async def ready(pilot) -> None:
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        screen = app.screen
        machine = screen.machine
        if machine is not None:
            assert await until(pilot, lambda: machine.waiting_for_key)
        await pilot.pause(0.5)
        # The screen fits itself to the window when told its size; on a
        # loaded machine that can come after this point, so it is asked to
        # fit now, or F2 could be pressed before it means anything.
        screen.fit(screen.size)
        await pilot.pause()
        if screen.has_class("-alone"):
            await pilot.press("f2")           # the story, with its picture, in the machine's place
            assert await until(pilot, lambda: screen.has_class("-story"))
            await pilot.pause(0.3)
        assert screen.query_one("#stop-picture", PictureView).shown
        # A small window's one-time hint goes by itself after 8 s: taken
        # away now, so a slow start cannot change the picture.
        app.clear_notifications()
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=size, run_before=ready)
