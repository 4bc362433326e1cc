"""Pictures of each stop's object: a small text format a curator can edit, and its checks.

A picture file (``timeline/pictures/memo.pic``) is pixel art written as
letters, one letter a pixel, with a palette saying what colour each letter
is::

    # The typed memo and its carbons (a line starting with # is a comment)
    about: A typed memo on top, two carbon copies fanned out behind it.

    palette
    . none      the background shows through
    k #1a1a1a   typewriter ink
    w #f4f1e6   paper

    pixels
    ....wwwwwwww....
    ....wkkkkkkw....

``about`` says in words what the picture shows: it is what a screen reader,
a handout or a screen too small for the picture shows instead. Each palette
line is a letter (any printable character but space and ``#``), a colour
(``#rrggbb``, or ``none`` for the background showing through) and, if you
like, a note. Every pixel row has the same number of letters. The screen
draws two pixel rows in each line of text (the upper-half block, ``▀``, with
the upper pixel as its ink and the lower as its paper), so a picture of
40x32 pixels fills 40x16 characters; the pixels come out about square.

A stop names its picture with ``picture = "memo.pic"``; the file lives in a
``pictures`` folder beside the stop files. ``read_picture`` returns every
mistake as a Problem with the file and line.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from timeline.problem import Problem, read_content

# The biggest picture that fits the story column beside an 80-column
# machine on a 140-column screen, and the smallest worth drawing.
WIDTH_MAX = 48           # pixels (= characters)
HEIGHT_MAX = 40          # pixels (= 20 lines of text)
WIDTH_MIN = 8
HEIGHT_MIN = 8
ABOUT_CHARS_MAX = 300
FOLDER = "pictures"      # beside the stop files

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
NONE = "none"

RGB = tuple[int, int, int]


@dataclasses.dataclass(frozen=True)
class Picture:
    """Pixel art: rows of pixels, each an (r, g, b) colour or None (the background)."""

    about: str
    pixels: tuple[tuple[RGB | None, ...], ...]
    path: Path | None = None

    @property
    def width(self) -> int:
        """Pixels across, which is also characters across."""
        return len(self.pixels[0]) if self.pixels else 0

    @property
    def height(self) -> int:
        """Pixel rows; the screen draws two to a line of text."""
        return len(self.pixels)

    @property
    def lines(self) -> int:
        """Lines of text the picture takes at full size."""
        return (self.height + 1) // 2


def _rgb(text: str) -> RGB:
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def parse_picture(text: str, path: Path) -> tuple[Picture | None, list[Problem]]:
    """Read a picture from its text; the Picture is None when there are mistakes."""
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    about = ""
    palette: dict[str, RGB | None] = {}
    rows: list[tuple[int, str]] = []
    part = ""                       # "", "palette" or "pixels"
    palette_line = pixels_line = 0
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if part != "pixels" and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if part == "pixels":
            if not line.strip():
                continue            # blank lines after the last row
            if line.lstrip().startswith("#") and not rows:
                continue
            rows.append((n, line.strip()))
            continue
        word = line.strip().lower()
        if word in ("palette", "palette:"):
            part, palette_line = "palette", n
        elif word in ("pixels", "pixels:"):
            part, pixels_line = "pixels", n
        elif line.lower().startswith("about:") and part == "":
            about = line.partition(":")[2].strip()
            if len(about) > ABOUT_CHARS_MAX:
                problem(n, f"'about' has {len(about)} characters; keep it to {ABOUT_CHARS_MAX}")
        elif part == "palette":
            fields = line.split(None, 2)
            letter = fields[0]
            if len(letter) != 1 or letter == "#" or not letter.isprintable():
                problem(n, f"a palette line starts with one letter for the pixels, not "
                           f"{letter!r}; then a colour like #1a1a1a or none")
                continue
            if len(fields) < 2:
                problem(n, f"palette letter {letter!r} has no colour; write #rrggbb "
                           "(like #1a1a1a) or none")
                palette.setdefault(letter, None)    # one mistake, not one per pixel row
                continue
            colour = fields[1].lower()
            if letter in palette:
                problem(n, f"palette letter {letter!r} is given twice; keep one")
            elif colour == NONE:
                palette[letter] = None
            elif HEX.match(colour):
                palette[letter] = _rgb(colour)
            else:
                problem(n, f"{fields[1]!r} is not a colour; write #rrggbb (like #1a1a1a) "
                           "or none")
                palette[letter] = None              # one mistake, not one per pixel row
        else:
            problem(n, "expected 'about: ...', then a 'palette' line with its colours, then a "
                       "'pixels' line with the picture")
    if not about:
        problem(1, "the picture has no 'about: ...' line saying in words what it shows")
    if not palette_line:
        problem(1, "the picture has no 'palette' section saying what colour each letter is")
    if not pixels_line:
        problem(1, "the picture has no 'pixels' section")
        return None, problems
    if not rows:
        problem(pixels_line, "the 'pixels' section is empty")
        return None, problems

    width = len(rows[0][1])
    grid: list[tuple[RGB | None, ...]] = []
    unknown: set[str] = set()
    for n, row in rows:
        if len(row) != width:
            problem(n, f"this row has {len(row)} pixels but the first has {width}; "
                       "every row must be as wide")
            continue
        pixels: list[RGB | None] = []
        for ch in row:
            if ch not in palette:
                if ch not in unknown:
                    unknown.add(ch)
                    problem(n, f"letter {ch!r} is not in the palette; add it there "
                               "or use another")
                pixels.append(None)
            else:
                pixels.append(palette[ch])
        grid.append(tuple(pixels))
    height = len(rows)
    if not WIDTH_MIN <= width <= WIDTH_MAX:
        problem(rows[0][0], f"the picture is {width} pixels wide; make it {WIDTH_MIN} to "
                            f"{WIDTH_MAX} so it fits the story column")
    if not HEIGHT_MIN <= height <= HEIGHT_MAX:
        problem(rows[min(height, HEIGHT_MAX) - 1][0],
                f"the picture has {height} rows of pixels; make it {HEIGHT_MIN} to "
                f"{HEIGHT_MAX} (two rows make one line of text)")
    if problems:
        return None, problems
    return Picture(about, tuple(grid), path), []


def read_picture(path: Path) -> tuple[Picture | None, list[Problem]]:
    """Read a picture file; the Picture is None when it has mistakes (all of them listed)."""
    # Read as every content file is: its 'about' text reaches the screen.
    text, problems = read_content(path)
    if text is None:
        return None, problems
    picture, found = parse_picture(text, path)
    if problems:
        return None, sorted(problems + found, key=lambda p: p.line)
    return picture, found


def picture_path(stop_path: Path, name: str) -> Path:
    """Where a stop's ``picture = "NAME"`` lives: the pictures folder beside the stop files."""
    return stop_path.parent / FOLDER / name


def check_picture(stop_path: Path, name: str, line: int) -> tuple[Picture | None, list[Problem]]:
    """The picture a stop names, or the problems with it (the stop's own line when it is missing)."""
    if "/" in name or "\\" in name or name.startswith(".") or not name:
        return None, [Problem(stop_path, line, f"picture must be a file name in the "
                                               f"'{FOLDER}' folder, like \"memo.pic\"")]
    path = picture_path(stop_path, name)
    try:
        found = path.is_file()
    except OSError as e:        # a name too long for the disk, say
        return None, [Problem(stop_path, line, f"picture {name[:40]!r}: {e.strerror}; "
                                               "use a short file name like \"memo.pic\"")]
    if not found:
        return None, [Problem(stop_path, line, f"no picture {name!r} in {path.parent}; "
                                               "add it or remove the picture setting")]
    return read_picture(path)
