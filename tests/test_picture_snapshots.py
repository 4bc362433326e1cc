"""Snapshots of each stop's picture as PictureView draws it (pytest-textual-snapshot).

Each is at full size (40x16 characters for the shipped 40x32-pixel
pictures), then the mainframe shrunk to half, to show the averaging keeps
it recognisable; and the timeline's card with the BBC Micro chosen, at 140x40
(picture beside the words) and 80x24 (no room: the words alone). Run
``pytest --snapshot-update`` after redrawing a picture
and look at the new SVG before committing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult

import exhibit
from exhibit.app import ExhibitApp
from exhibit.widgets.picture import PictureView
from timeline import load_timeline

STOPS = {stop.id: stop for stop in load_timeline()}
STYLES = Path(exhibit.__file__).parent


class PictureApp(App[None]):
    CSS = "Screen { align: center middle; }"

    def __init__(self, stop_id: str) -> None:
        super().__init__()
        self.picture = STOPS[stop_id].picture

    def compose(self) -> ComposeResult:
        yield PictureView(self.picture)


@pytest.mark.parametrize("stop_id", list(STOPS))
def test_picture(snap_compare, stop_id):
    picture = STOPS[stop_id].picture
    assert picture is not None
    assert snap_compare(PictureApp(stop_id), terminal_size=(picture.width + 4, picture.lines + 2))


def test_picture_shrunk_to_half(snap_compare):
    # A window 20 characters wide: the mainframe at half size, 20x8.
    assert snap_compare(PictureApp("mainframe"), terminal_size=(20, 10))


class TimelineApp(ExhibitApp):
    """The timeline, the first stop chosen."""

    # A subclass's relative CSS paths are read beside its own module (tests/).
    CSS_PATH: ClassVar[list[str | Path]] = [STYLES / "exhibit.tcss", STYLES / "themes.tcss"]


@pytest.mark.parametrize("size", [(140, 40), (80, 24)], ids=["140x40", "80x24"])
def test_timeline_card(snap_compare, tmp_path, size):
    # 140x40: the BBC Micro beside its summary; 80x24: no room, the words alone.
    app = TimelineApp(list(STOPS.values()), data=tmp_path)
    assert snap_compare(app, terminal_size=size, press=["right", "right", "right"])
