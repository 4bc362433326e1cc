"""PrinterView: a machine's printer (the CP/M LIST device) as line-printer paper."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from emulator import Printer


class PrinterView(ScrollView, can_focus=True):
    """Shows what a program printed, on continuous green-bar stationery.

    White paper with pale green bands every three lines (half an inch at
    six lines to the inch), a tractor-feed margin with its sprocket holes on
    each side, and a perforation where a form feed started a new page. A
    timer watches the printer's version; new lines appear as the program
    prints them and the paper feeds up to show them, unless the visitor has
    scrolled back to read an earlier page.

    The colours are CSS component classes (see themes.tcss): ``printer--paper``,
    ``printer--bar``, ``printer--margin`` and ``printer--perforation``.
    """

    DEFAULT_CSS = """
    PrinterView {
        width: auto;
        height: 1fr;
        max-width: 100%;
        background: #fbfbf6;
        color: #202020;
        scrollbar-size-horizontal: 1;
    }
    PrinterView > .printer--paper { color: #202020; background: #fbfbf6; }
    PrinterView > .printer--bar { color: #202020; background: #dcefdc; }
    PrinterView > .printer--margin { color: #b8b8b0; background: #fbfbf6; }
    PrinterView > .printer--perforation { color: #9a9a90; background: #fbfbf6; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "printer--paper", "printer--bar", "printer--margin", "printer--perforation",
    }

    BAR_LINES = 3          # lines in a green or white band
    HOLE_EVERY = 3         # sprocket holes, half an inch apart
    MARGIN = 4             # tractor-feed strip each side: "  o "

    def __init__(self, printer: Printer, *, columns: int = 80, fps: float = 15.0,
                 name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.printer = printer
        self.columns = columns
        self.fps = fps
        self._lines: list[str] = []
        self._seen = -1
        self._cache: LRUCache[tuple[int, str, int], Strip] = LRUCache(1024)
        self._timer: Timer | None = None

    @property
    def paper_width(self) -> int:
        return self.columns + 2 * self.margin

    @property
    def margin(self) -> int:
        """The tractor-feed strips go when the paper itself would not fit beside them."""
        width = self.size.width
        return self.MARGIN if width == 0 or width >= self.columns + 2 * self.MARGIN else 0

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.columns + 2 * self.MARGIN

    def on_resize(self) -> None:
        self.virtual_size = Size(self.paper_width, len(self._lines))
        self.refresh()

    def scroll_to_last_page(self) -> None:
        """Show the start of the last page printed (a banner, a letter), not its tail."""
        self.poll()
        lines = self._lines
        end = len(lines)
        while end and lines[end - 1] in ("\f", ""):
            end -= 1
        start = end
        while start and lines[start - 1] != "\f":
            start -= 1
        self.scroll_to(y=start, animate=False)

    def on_mount(self) -> None:
        self._timer = self.set_interval(1 / self.fps, self.poll)
        self.poll()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    @property
    def lines(self) -> list[str]:
        """The lines on the paper as shown (a form feed is the line "\\f")."""
        return self._lines

    def poll(self) -> bool:
        """Take what the printer printed since the last look; True if anything."""
        version = self.printer.version
        if version == self._seen:
            return False
        self._seen = version
        follow = self.is_vertical_scroll_end or not self._lines
        self._lines = self.printer.lines()
        self.virtual_size = Size(self.paper_width, len(self._lines))
        if follow:
            # The paper feeds up: the line being printed stays in view.
            self.scroll_end(animate=False, x_axis=False)
        self.refresh()
        return True

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        line_no = scroll_y + y
        paper = self.get_component_rich_style("printer--paper")
        if line_no >= len(self._lines):
            return Strip.blank(width, paper)
        text = self._lines[line_no]
        key = (line_no, text, self.margin)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_paper_line(line_no, text)
            self._cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, paper)

    def _render_paper_line(self, line_no: int, text: str) -> Strip:
        margin = self.get_component_rich_style("printer--margin")
        hole = "o" if line_no % self.HOLE_EVERY == 1 else " "
        strips = self.margin == self.MARGIN
        left = Segment(f"  {hole} " if strips else "", margin)
        right = Segment(f" {hole}  " if strips else "", margin)
        if text == "\f":
            # A form feed: the perforation between two pages.
            rule = self.get_component_rich_style("printer--perforation")
            dashes = ("- " * self.columns)[: self.columns]
            return Strip([left, Segment(dashes, rule), right], self.paper_width)
        band = "printer--bar" if (line_no // self.BAR_LINES) % 2 == 1 else "printer--paper"
        style = self.get_component_rich_style(band)
        # The printer keeps only printable ASCII; longer lines than the
        # paper is wide are cut at the edge, as the print head stopped there.
        body = text[: self.columns].ljust(self.columns)
        return Strip([left, Segment(body, style), right], self.paper_width)
