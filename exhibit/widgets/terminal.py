"""TerminalView: a machine's pyte screen, drawn in Textual, taking its keys."""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from emulator import Machine
from exhibit.keys import key_bytes

# pyte names the eight ANSI colours after the VT100 manual ("brown" for
# yellow); Rich names them after xterm.
_PYTE_COLOURS = {
    "black": "black", "red": "red", "green": "green", "brown": "yellow", "yellow": "yellow",
    "blue": "blue", "magenta": "magenta", "cyan": "cyan", "white": "white",
    "brightblack": "bright_black", "brightred": "bright_red", "brightgreen": "bright_green",
    "brightbrown": "bright_yellow", "brightyellow": "bright_yellow", "brightblue": "bright_blue",
    "brightmagenta": "bright_magenta", "brightcyan": "bright_cyan", "brightwhite": "bright_white",
}


def _colour(name: str) -> Color | None:
    if name == "default":
        return None
    if name in _PYTE_COLOURS:
        return Color.parse(_PYTE_COLOURS[name])
    try:
        return Color.parse(f"#{name}")      # pyte keeps 256/true colours as hex
    except Exception:
        return None


class TerminalView(Widget, can_focus=True):
    """Shows one machine's screen and sends it the keys typed while focused.

    The machine thread feeds pyte; a timer here takes only the rows pyte
    marked dirty, renders each into a cached Strip and repaints just those
    rows. Many bytes between two frames cost one repaint.
    """

    BINDINGS = [
        Binding("f10", "leave", "Leave the machine", priority=True),
    ]

    class Left(Message):
        """The visitor gave the keyboard back to the exhibit (F10)."""

    FPS = 30

    def __init__(self, machine: Machine, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.machine = machine
        self.terminal = machine.terminal
        self._strips: list[Strip] = [Strip.blank(self.terminal.cols)] * self.terminal.rows
        self._cursor: tuple[int, int, bool] = (-1, -1, False)
        self._style_cache: dict[tuple[str, str, bool, bool, bool, bool], Style] = {}
        self._base = Style()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.terminal.cols

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.terminal.rows

    def on_mount(self) -> None:
        self.terminal.mark_all_dirty()
        self.set_interval(1 / self.FPS, self.poll)

    def on_click(self, event: events.Click) -> None:
        self.focus()

    def action_leave(self) -> None:
        self.post_message(self.Left())

    # -- drawing ------------------------------------------------------

    def _style(self, fg: str, bg: str, bold: bool, underline: bool, reverse: bool,
               blink: bool) -> Style:
        key = (fg, bg, bold, underline, reverse, blink)
        style = self._style_cache.get(key)
        if style is None:
            style = Style(color=_colour(fg), bgcolor=_colour(bg), bold=bold, underline=underline,
                          reverse=reverse, blink=blink)
            self._style_cache[key] = style
        return style

    def _render_row(self, chars: list) -> Strip:  # list[pyte Char]
        segments: list[Segment] = []
        run: list[str] = []
        run_key = None
        for ch in chars:
            key = (ch.fg, ch.bg, ch.bold, ch.underscore, ch.reverse, ch.blink)
            if key != run_key:
                if run:
                    segments.append(Segment("".join(run), self._style(*run_key)))  # type: ignore[misc]
                run = []
                run_key = key
            data = ch.data
            # Only printable characters reach the real terminal.
            run.append(data if data and data.isprintable() else " ")
        if run:
            segments.append(Segment("".join(run), self._style(*run_key)))  # type: ignore[misc]
        return Strip(segments, self.terminal.cols)

    def poll(self) -> None:
        """Take the rows that changed since the last frame and repaint only those."""
        dirty = self.terminal.take_dirty()
        cursor = self.terminal.cursor()
        rows = set(dirty)
        for y, chars in dirty.items():
            self._strips[y] = self._render_row(chars)
        if cursor != self._cursor:
            rows.add(self._cursor[1])
            rows.add(cursor[1])
            self._cursor = cursor
        width = self.terminal.cols
        for y in rows:
            if 0 <= y < self.terminal.rows:
                self.refresh(Region(0, y, width, 1))

    def render_line(self, y: int) -> Strip:
        if not 0 <= y < self.terminal.rows:
            return Strip.blank(self.size.width, self.rich_style)
        strip = self._strips[y]
        x, cy, visible = self._cursor
        if visible and cy == y and 0 <= x < self.terminal.cols:
            left = strip.crop(0, x)
            cell = strip.crop(x, x + 1)
            right = strip.crop(x + 1, self.terminal.cols)
            cell = cell.apply_style(Style(reverse=True))
            strip = Strip.join([left, cell, right])
        return strip.apply_style(self.rich_style)

    # -- keys -----------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        data = key_bytes(event.key, event.character, self.machine.profile)
        if data is None:
            return
        event.stop()
        event.prevent_default()
        self.machine.type(data)

    def on_paste(self, event: events.Paste) -> None:
        # Pasted text arrives as keys, line endings as RETURN; the keyboard
        # queue holds it until the program reads it.
        text = event.text.replace("\r\n", "\r").replace("\n", "\r")
        data = "".join(c for c in text if c == "\r" or " " <= c <= "~").encode("ascii")
        self.machine.type(data)
        event.stop()
