"""Pictures: the stop's object as content a curator can edit, checked, and drawn to fit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import Container

from exhibit.app import ExhibitApp
from exhibit.screens.timeline import TimelineScreen
from exhibit.widgets.picture import LOWER, UPPER, PictureView, scale_pixels
from timeline import check_folder, default_dir, load_timeline
from timeline.picture import HEIGHT_MAX, WIDTH_MAX, Picture, parse_picture

SMALL = """\
# a test picture
about: Two squares.

palette
. none
r #ff0000  red
b #0000ff  blue

pixels
rrrrbbbb
rrrrbbbb
rrrr....
rrrr....
........
........
bbbbrrrr
bbbbrrrr
"""


def small() -> Picture:
    picture, problems = parse_picture(SMALL, Path("small.pic"))
    assert problems == [] and picture is not None
    return picture


def test_every_shipped_stop_has_a_picture_that_fits():
    stops = load_timeline()
    assert len(stops) == 8
    for stop in stops:
        picture = stop.picture
        assert picture is not None, stop.id
        assert 32 <= picture.width <= WIDTH_MAX and 24 <= picture.height <= HEIGHT_MAX, stop.id
        assert len(picture.about) > 40                  # said in words too
        colours = {p for row in picture.pixels for p in row if p is not None}
        assert len(colours) >= 5, stop.id               # drawn, not a blank


def test_the_picture_format_reads_letters_and_colours():
    picture = small()
    assert (picture.width, picture.height, picture.lines) == (8, 8, 4)
    assert picture.about == "Two squares."
    assert picture.pixels[0][0] == (255, 0, 0) and picture.pixels[0][7] == (0, 0, 255)
    assert picture.pixels[2][4] is None


@pytest.mark.parametrize(("change", "line", "words"), [
    (("r #ff0000  red", "r #ff00zz  red"), 6, "is not a colour"),
    (("b #0000ff  blue", "b"), 7, "has no colour"),
    (("rrrr....\nrrrr....\n", "rrrr....\nrrrr...\n"), 13, "has 7 pixels but the first has 8"),
    (("bbbbrrrr\nbbbbrrrr", "bbbbrrrr\nbbbbrxrr"), 17, "letter 'x' is not in the palette"),
    (("about: Two squares.\n", ""), 1, "no 'about: ...' line"),
    (("palette\n", "palette\nr #00ff00 again\n"), 7, "given twice"),
])
def test_each_mistake_names_its_line(change, line, words):
    text = SMALL.replace(*change)
    assert text != SMALL
    picture, problems = parse_picture(text, Path("bad.pic"))
    assert picture is None
    assert any(p.line == line and words in p.message for p in problems), problems
    assert len(problems) == 1, problems          # one mistake, one line: nothing it causes


def test_a_picture_too_big_for_the_story_column_is_refused():
    rows = "\n".join("r" * (WIDTH_MAX + 1) for _ in range(10))
    text = f"about: big\npalette\nr #ff0000\npixels\n{rows}\n"
    picture, problems = parse_picture(text, Path("big.pic"))
    assert picture is None
    assert problems[0].line == 5 and f"make it 8 to {WIDTH_MAX}" in problems[0].message


def copy_content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(default_dir(), folder)
    return folder


def test_check_names_the_picture_file_and_line(tmp_path):
    folder = copy_content(tmp_path)
    memo = folder / "pictures" / "memo.pic"
    lines = memo.read_text().splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("pixels")) + 3
    lines[row] = lines[row][:10] + "Q" + lines[row][11:]
    memo.write_text("\n".join(lines) + "\n")
    (folder / "30-zx80.md").write_text(
        (folder / "30-zx80.md").read_text().replace('picture = "zx80.pic"', 'picture = "zx81.pic"'))
    result = subprocess.run([sys.executable, "-m", "exhibit", "check", str(folder)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"{memo}:{row + 1}: letter 'Q' is not in the palette" in result.stdout
    zx80_line = next(n for n, line in enumerate((folder / "30-zx80.md").read_text().splitlines(), 1)
                     if line.startswith("picture"))
    assert f"30-zx80.md:{zx80_line}: no picture 'zx81.pic'" in result.stdout


def test_a_content_folder_brings_its_own_pictures(tmp_path):
    folder = copy_content(tmp_path)
    (folder / "pictures" / "memo.pic").write_text(SMALL)
    stops, problems = check_folder(folder)
    assert problems == []
    memo = next(s for s in stops if s.id == "memo")
    assert memo.picture is not None and memo.picture.about == "Two squares."


def test_shrinking_averages_and_keeps_the_background():
    picture = small()
    half = scale_pixels(picture.pixels, 4, 4)
    assert half[0] == ((255, 0, 0), (255, 0, 0), (0, 0, 255), (0, 0, 255))
    assert half[1] == ((255, 0, 0), (255, 0, 0), None, None)
    assert half[2] == (None, None, None, None)
    # A 2x2 block half red, half blue becomes their average.
    mixed = ((((255, 0, 0)), (0, 0, 255)), ((255, 0, 0), (0, 0, 255)))
    assert scale_pixels(mixed, 1, 1) == (((127, 0, 127),),)
    # Growing by a whole number repeats each pixel.
    double = scale_pixels(picture.pixels, 16, 16)
    assert double[0][:8] == ((255, 0, 0),) * 8 and double[1] == double[0]


class PictureApp(App[None]):
    CSS = "#room { width: auto; height: auto; }"

    def __init__(self, picture: Picture, width: int, height: int, **options: object) -> None:
        super().__init__()
        self.picture = picture
        self.room = (width, height)
        self.options = options

    def compose(self) -> ComposeResult:
        with Container(id="room") as room:
            room.styles.width, room.styles.height = self.room
            yield PictureView(self.picture, **self.options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("room", "size"), [
    ((60, 20), (40, 16)),       # room to spare: its own size
    ((20, 20), (20, 8)),        # narrow: half size, same shape
    ((60, 8), (20, 8)),         # short: half size, same shape
    ((60, 5), (0, 0)),          # under min_scale (0.4): no room taken at all
])
async def test_the_view_fits_the_room(room, size):
    picture = load_timeline()[0].picture
    assert picture is not None
    app = PictureApp(picture, *room)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(PictureView)
        assert tuple(view.size) == size
        assert view.shown == (size != (0, 0))


async def test_grow_fills_a_big_card_by_whole_steps():
    app = PictureApp(small(), 30, 14, grow=True)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert tuple(app.query_one(PictureView).size) == (24, 12)    # three times 8x8 pixels


async def test_two_pixels_a_cell_upper_ink_lower_paper():
    app = PictureApp(small(), 20, 10)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(PictureView)
        top = list(view.render_line(0))     # rows 0 and 1: red | blue, both solid
        assert [s.text for s in top] == ["    ", "    "]
        assert top[0].style.bgcolor.triplet == (255, 0, 0)
        assert top[1].style.bgcolor.triplet == (0, 0, 255)
        line = list(view.render_line(3))    # row 6 blue|red over row 7 the same
        assert line[0].style.bgcolor.triplet == (0, 0, 255)
        mixed = PictureApp(Picture("", (((255, 0, 0), None), (None, (0, 255, 0)))), 4, 4,
                           min_scale=0.1)
    async with mixed.run_test(size=(10, 5)) as pilot:
        await pilot.pause()
        segments = list(mixed.query_one(PictureView).render_line(0))
        assert segments[0].text == UPPER and segments[0].style.color.triplet == (255, 0, 0)
        assert segments[1].text == LOWER and segments[1].style.color.triplet == (0, 255, 0)


async def test_the_timeline_card_shows_the_chosen_stops_picture(tmp_path):
    stops = load_timeline()
    app = ExhibitApp(stops, data=tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        view = app.screen.query_one("#summary-picture", PictureView)
        assert view.picture is stops[0].picture and view.shown
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert view.picture is stops[3].picture and view.shown
        assert view.size.height >= 12                # most of its 16 lines
        assert view.tooltip == stops[3].picture.about


async def test_the_timeline_card_leaves_the_picture_out_at_80x24(tmp_path):
    app = ExhibitApp(load_timeline(), data=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#summary-picture", PictureView)
        assert not view.shown                       # under half size: the words stay
        assert "Stop 1 of 8" in str(app.screen.query_one("#summary").render())
