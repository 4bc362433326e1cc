"""PictureView: a stop's picture (timeline.picture), drawn in half blocks at a size that fits."""

from __future__ import annotations

from fractions import Fraction
from math import ceil

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from timeline.picture import RGB, Picture

UPPER = "▀"      # the upper pixel is the ink, the lower the paper
LOWER = "▄"      # only the lower pixel has a colour

Pixels = tuple[tuple[RGB | None, ...], ...]


def scale_pixels(pixels: Pixels, width: int, height: int) -> Pixels:
    """The picture resampled to width x height pixels.

    Each new pixel is the average of the old pixels it covers (at least
    one), so thin lines fade rather than vanish when the picture shrinks;
    it shows the background when most of what it covers does. Growing by a
    whole number repeats each pixel, which keeps pixel art crisp.
    """
    old_h, old_w = len(pixels), len(pixels[0])
    if (width, height) == (old_w, old_h):
        return pixels

    def span(i: int, new: int, old: int) -> range:
        start = i * old // new
        end = max(start + 1, (i + 1) * old // new)
        return range(start, end)

    columns = [span(x, width, old_w) for x in range(width)]
    rows: list[tuple[RGB | None, ...]] = []
    for y in range(height):
        source = [pixels[sy] for sy in span(y, height, old_h)]
        row: list[RGB | None] = []
        for xs in columns:
            covered = [r[sx] for r in source for sx in xs]
            ink = [c for c in covered if c is not None]
            if len(ink) * 2 < len(covered):
                row.append(None)
            else:
                n = len(ink)
                row.append((sum(c[0] for c in ink) // n, sum(c[1] for c in ink) // n,
                            sum(c[2] for c in ink) // n))
        rows.append(tuple(row))
    return tuple(rows)


class PictureView(Widget):
    """Draws a Picture two pixels to a cell with the upper-half block.

    Size: at most the picture's own size (``width: auto; height: auto``,
    the default), shrunk, keeping its shape, to the room its container
    gives and to the widget's ``max-width`` / ``max-height`` in CSS. When
    even ``min_scale`` of its size does not fit, it takes no room at all
    (the screen can show ``picture.about`` in words instead). With
    ``grow=True`` (a presenter's title card) it grows by whole steps to fill
    the room, up to ``max_grow`` times.

    Pixels with no colour show the widget's background. ``tooltip`` is the
    picture's ``about`` text, for a mouse pointer resting on it.
    """

    DEFAULT_CSS = """
    PictureView {
        width: auto;
        height: auto;
    }
    """

    picture: reactive[Picture | None] = reactive(None, layout=True)

    def __init__(self, picture: Picture | None = None, *, grow: bool = False,
                 max_grow: int = 3, min_scale: float = 0.4, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.grow = grow
        self.max_grow = max_grow
        self.min_scale = min_scale
        self._strips: dict[int, Strip] = {}
        self._drawn: tuple[int, int, Style] | None = None     # (width, height, base) of the cache
        self._pixels: Pixels = ()
        self._offset = 0
        self.set_reactive(PictureView.picture, picture)
        self.tooltip = picture.about if picture is not None else None

    def watch_picture(self, picture: Picture | None) -> None:
        self._drawn = None
        self.tooltip = picture.about if picture is not None else None
        self.refresh(layout=True)

    @property
    def shown(self) -> bool:
        """Whether the picture is on screen (it takes no room when it cannot fit)."""
        return self.picture is not None and self.size.width > 0 and self.size.height > 0

    # -- size -------------------------------------------------------------

    def _room(self, container: Size, viewport: Size) -> tuple[int, int]:
        width, height = container.width, container.height
        for limit, attr in ((self.styles.max_width, "width"), (self.styles.max_height, "height")):
            if limit is not None:
                cells = int(limit.resolve(container, viewport))
                if attr == "width":
                    width = min(width, cells)
                else:
                    height = min(height, cells)
        return width, height

    def fit(self, width: int, lines: int) -> tuple[int, int]:
        """The picture's size in pixels (= cells across, two a line down) in width x lines cells."""
        picture = self.picture
        if picture is None or width <= 0 or lines <= 0:
            return 0, 0
        w, h = picture.width, picture.height
        scale = min(Fraction(width, w), Fraction(lines * 2, h))
        if self.grow and scale >= 1:
            scale = Fraction(min(int(scale), self.max_grow))
        else:
            scale = min(scale, Fraction(1))
        if scale < self.min_scale:
            return 0, 0
        return max(1, int(w * scale)), max(1, int(h * scale))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.fit(*self._room(container, viewport))[0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        room_w, room_h = self._room(container, viewport)
        return ceil(self.fit(min(width, room_w), room_h)[1] / 2)

    # -- drawing ----------------------------------------------------------

    def _prepare(self) -> None:
        width, lines = self.size
        base = self.rich_style
        if self._drawn == (width, lines, base):
            return
        self._drawn = (width, lines, base)
        self._strips.clear()
        picture = self.picture
        pw, ph = self.fit(width, lines)
        if picture is None or pw == 0:
            self._pixels = ()
            return
        self._pixels = scale_pixels(picture.pixels, pw, ph)
        self._offset = (width - pw) // 2

    def render_line(self, y: int) -> Strip:
        self._prepare()
        width = self.size.width
        base = self.rich_style
        strip = self._strips.get(y)
        if strip is not None:
            return strip
        pixels = self._pixels
        if not pixels or 2 * y >= len(pixels):
            return Strip.blank(width, base)
        top = pixels[2 * y]
        bottom = pixels[2 * y + 1] if 2 * y + 1 < len(pixels) else (None,) * len(top)
        segments = [Segment(" " * self._offset, base)] if self._offset else []
        cells = list(zip(top, bottom, strict=True))
        run_start = 0
        for x in range(1, len(cells) + 1):
            if x == len(cells) or cells[x] != cells[run_start]:
                segments.append(self._cell(cells[run_start], x - run_start, base))
                run_start = x
        strip = Strip(segments).extend_cell_length(width, base).crop(0, width)
        self._strips[y] = strip
        return strip

    @staticmethod
    def _cell(pair: tuple[RGB | None, RGB | None], count: int, base: Style) -> Segment:
        upper, lower = pair
        if upper is None and lower is None:
            return Segment(" " * count, base)
        if upper == lower:
            # One colour: a space on that paper leaves no gap between lines,
            # whatever the terminal's font does with block characters.
            assert upper is not None
            return Segment(" " * count, base + Style(bgcolor=RichColor.from_rgb(*upper)))
        if upper is None:
            assert lower is not None
            return Segment(LOWER * count, base + Style(color=RichColor.from_rgb(*lower)))
        style = Style(color=RichColor.from_rgb(*upper),
                      bgcolor=None if lower is None else RichColor.from_rgb(*lower))
        return Segment(UPPER * count, base + style)
