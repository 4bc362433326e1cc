"""TerminalView: a machine's pyte screen, drawn in Textual, taking its keys."""

from __future__ import annotations

import asyncio
import sys
from itertools import groupby
from operator import itemgetter
from typing import ClassVar, NamedTuple

from rich.color import Color as RichColor
from rich.color import ColorParseError
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.errors import NoWidget
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from emulator import Machine
from emulator.terminal import Cell
from exhibit.keys import key_bytes, paste_bytes
from exhibit.motion import still
from exhibit.textual_fixes import focus_now

# The eight ANSI colours as pyte names them (after the VT100 manual: "brown"
# for yellow), and the component class each theme gives them in CSS.
ANSI = ("black", "red", "green", "brown", "blue", "magenta", "cyan", "white")
_CLASS_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
PALETTE_CLASSES = {
    **{pyte: f"terminal--ansi-{css}" for pyte, css in zip(ANSI, _CLASS_NAMES, strict=True)},
    **{f"bright{pyte}": f"terminal--ansi-bright-{css}" for pyte, css in zip(ANSI, _CLASS_NAMES, strict=True)},
}
PALETTE_CLASSES["yellow"] = PALETTE_CLASSES["brown"]
PALETTE_CLASSES["brightyellow"] = PALETTE_CLASSES["brightbrown"]

CURSOR_CLASSES = {
    "default": "terminal--cursor",                # the machine's own cursor (per theme)
    "block": "terminal--cursor-block",            # what a program asked for (DECSCUSR)
    "underline": "terminal--cursor-underline",
    "bar": "terminal--cursor-bar",
}


_ATTRIBUTES = itemgetter(slice(1, None))      # a cell without its character
_CHARACTER = itemgetter(0)


class _Ink(NamedTuple):
    """One palette entry: the colour as text (fg) and as a cell background (bg)."""

    fg: RichColor
    bg: RichColor


class _Look(NamedTuple):
    """Everything the theme decides, read once from CSS whenever it changes."""

    fg: RichColor
    bg: RichColor
    bar: RichColor | None          # green-bar paper: the colour of every other band
    palette: dict[str, _Ink]
    blink: Style                   # blinking text, shown steady
    cursors: dict[str, Style]


def _rich(colour: Color, fallback: RichColor) -> RichColor:
    return fallback if colour.a == 0 else colour.rich_color


class TerminalView(Widget, can_focus=True):
    """Shows one machine's screen and sends it the keys typed while focused.

    The machine thread feeds pyte; here a timer takes only the rows pyte
    marked dirty, renders each into a cached Strip and repaints just those
    rows, so many bytes between two frames cost one repaint. When nothing
    changes the timer stops and the terminal wakes us on its next change, so
    a program waiting for a key costs nothing and an echoed key shows at once.

    The look of each era is CSS (themes.tcss): the widget's colour and
    background, the eight ANSI colours and their bright forms as
    ``terminal--ansi-*`` component classes, and the cursor, blink and
    green-bar styles.

    Messages for the screen that hosts it: ``Left`` (F10), ``HelpRequested``
    (F1), ``ResetRequested`` (F5).
    """

    DEFAULT_CSS = """
    TerminalView {
        width: auto;
        height: auto;
        background: black;
        color: #c0c0c0;
    }
    /* A VT100-era colour palette, for a machine with no theme. Text in the
       dark colours is lifted to 4.5:1 on black (tests/test_contrast.py);
       cells of paper colour keep the VT100's own. */
    TerminalView > .terminal--ansi-black { color: #000000; background: #000000; }
    TerminalView > .terminal--ansi-red { color: #e83030; background: #c00000; }
    TerminalView > .terminal--ansi-green { color: #00c000; background: #00c000; }
    TerminalView > .terminal--ansi-yellow { color: #c0c000; background: #c0c000; }
    TerminalView > .terminal--ansi-blue { color: #5a72ff; background: #0000c0; }
    TerminalView > .terminal--ansi-magenta { color: #d020d0; background: #c000c0; }
    TerminalView > .terminal--ansi-cyan { color: #00c0c0; background: #00c0c0; }
    TerminalView > .terminal--ansi-white { color: #c0c0c0; background: #c0c0c0; }
    TerminalView > .terminal--ansi-bright-black { color: #8a8a8a; background: #606060; }
    TerminalView > .terminal--ansi-bright-red { color: #ff4040; background: #ff4040; }
    TerminalView > .terminal--ansi-bright-green { color: #40ff40; background: #40ff40; }
    TerminalView > .terminal--ansi-bright-yellow { color: #ffff40; background: #ffff40; }
    TerminalView > .terminal--ansi-bright-blue { color: #6a7aff; background: #4040ff; }
    TerminalView > .terminal--ansi-bright-magenta { color: #ff40ff; background: #ff40ff; }
    TerminalView > .terminal--ansi-bright-cyan { color: #40ffff; background: #40ffff; }
    TerminalView > .terminal--ansi-bright-white { color: #ffffff; background: #ffffff; }
    TerminalView > .terminal--cursor { text-style: reverse; }
    TerminalView > .terminal--cursor-block { text-style: reverse; }
    TerminalView > .terminal--cursor-underline { text-style: underline; }
    TerminalView > .terminal--cursor-bar { text-style: underline; }
    TerminalView > .terminal--blink { text-style: bold; }
    TerminalView > .terminal--bar { background: transparent; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *PALETTE_CLASSES.values(), *CURSOR_CLASSES.values(), "terminal--blink", "terminal--bar",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", priority=True),
        Binding("f5", "reset_program", "Reset program", priority=True),
        Binding("f7", "monitor", "Monitor", priority=True, show=False),
        Binding("f10", "leave", "Leave the machine", priority=True),
    ]

    # Green-bar paper: bands of three lines (half an inch at six lines to
    # the inch), every other band tinted.
    BAR_LINES = 3
    # Paste: keep at most this many keys waiting in the machine's keyboard
    # queue, topping it up every PASTE_PERIOD seconds, so a program that
    # reads a line at a time gets every key however big the paste.
    PASTE_LOW = 64
    PASTE_CHUNK = 256
    PASTE_PERIOD = 0.02
    PASTE_LIMIT = 65_536
    SWITCH_INTERVAL = 0.001     # seconds: see on_mount

    class Left(Message):
        """The visitor gave the keyboard back to the exhibit (F10)."""

    class HelpRequested(Message):
        """The visitor asked how to use this machine (F1)."""

    class ResetRequested(Message):
        """The visitor asked to start the stop's program again (F5)."""

    class MonitorRequested(Message):
        """The hobbyist asked to look inside the machine (F7)."""

    cursor_blink: reactive[bool] = reactive(True)
    """Blink the cursor while focused (tests turn it off for steady snapshots).

    With reduced motion (``exhibit.motion.still``) the cursor never blinks."""

    def __init__(self, machine: Machine, *, fps: float = 30.0, cursor_blink: bool = True,
                 name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.machine = machine
        self.terminal = machine.terminal
        self.fps = fps
        self.set_reactive(TerminalView.cursor_blink, cursor_blink)
        self._strips: list[Strip | None] = [None] * self.terminal.rows
        self._cells: list[list[Cell] | None] = [None] * self.terminal.rows
        self._cursor: tuple[int, int, bool, str] = (-1, -1, False, "default")
        self._cursor_on = True                  # blink phase
        self._seen = -1                         # terminal version drawn
        self._look: _Look | None = None
        self._styles: dict[tuple[object, bool], Style] = {}   # (attributes, bar) -> style
        self._too_small = False
        self._visible = (0, 0)                  # content cells on screen, when too small
        self._compact_for: Size | None = None   # the window size the border was left off for
        self.window_rows: int | None = None     # rows the host lets it show, when fewer fit
        self._shown = self.terminal.rows        # rows on screen (fewer: a window that follows)
        self._top = 0                           # the first row in that window
        self._fold: list[int] | None = None     # or, cursor hidden: the rows shown, blanks left out
        self._blank = [True] * self.terminal.rows
        self._styled_compact = False            # -compact as last restyled
        self._paste = bytearray()
        self._paste_timer: Timer | None = None
        self._frame_timer: Timer | None = None
        self._blink_timer: Timer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.frames = 0                         # repaints done (the benchmark reads it)
        self.keys_typed = 0                     # keys the visitor sent this machine

    def attach(self, machine: Machine) -> None:
        """Show another machine in this view (the attract screen's next demo).

        Swapping the machine keeps one widget for the life of the screen;
        mounting a fresh view for every demo left a little of each behind.
        """
        self.terminal.cancel_wake()
        self._paste.clear()
        self.machine = machine
        self.terminal = machine.terminal
        rows = self.terminal.rows
        self._strips = [None] * rows
        self._cells = [None] * rows
        self._cursor = (-1, -1, False, "default")
        self._seen = -1
        self._look = None
        self._top = 0
        self._fold = None
        self._blank = [True] * rows
        self.terminal.mark_all_dirty()
        self.refresh(layout=True)
        if self.is_mounted:
            self._wake()

    # -- size -------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.terminal.cols

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.terminal.rows

    def on_resize(self, event: events.Resize) -> None:
        self._check_size()

    def _check_size(self, _screen: object = None) -> None:
        """Show the machine's screen only if all of it can be seen.

        Its parent may be narrower than the machine (a small window): then
        the layout clips the widget rather than shrinking it, so the test is
        on the part of the content actually on screen.

        When the border is what does not fit (an 80x24 machine in an 80x24
        terminal), the widget sets ``-compact`` on itself and the themes
        draw it without one; each time the window changes size it tries the
        border again. Only when even the bare screen does not fit does it
        say so in words (with its border, as before).
        """
        # The window size this layout was made for (the screen's own size
        # can run ahead of it while a resize is under way).
        try:
            screen_size = self.screen.find_widget(self.screen).region.size
        except NoWidget:
            screen_size = self.screen.size
        if self.has_class("-compact") != self._styled_compact:
            return          # restyling is under way; the layout after it decides
        if self.has_class("-compact") and screen_size != self._compact_for:
            self._compact_for = None
            self._set_compact(False)
            return
        width, height = self.size
        outer = self.outer_size
        try:
            visible = self.screen.find_widget(self).visible_region
        except NoWidget:            # not laid out yet: judge by size alone
            pass
        else:
            content = self.content_region.intersection(visible)
            width, height = min(width, content.width), min(height, content.height)
            outer = Size(min(outer.width, visible.width), min(outer.height, visible.height))
        t = self.terminal
        # A host short of a row or two (the BBC's 25 rows in a 24-row
        # terminal) may let fewer rows show: a window that follows the cursor.
        need = t.rows if self.window_rows is None else min(t.rows, self.window_rows)
        too_small = width < t.cols or height < need
        if (too_small and not self.has_class("-compact")
                and outer.width >= t.cols and outer.height >= need
                and not self._border_fits()):
            # The room the border takes is enough for the screen itself.
            self._compact_for = screen_size
            self._set_compact(True)
            return
        shown = t.rows if too_small else min(t.rows, height)
        if shown != self._shown:
            self._shown = shown
            self._follow(force=True)
        if too_small != self._too_small or (too_small and (width, height) != self._visible):
            self._too_small = too_small
            self._visible = (width, height)
            self.refresh()

    @property
    def window(self) -> tuple[int, int]:
        """The machine's rows on screen: the first, and how many (all of them when they fit)."""
        return self._top, self._shown

    @property
    def rows_shown(self) -> list[int]:
        """The machine's rows on screen, top to bottom."""
        if self._fold is not None:
            return list(self._fold)
        return list(range(self._top, self._top + self._shown))

    def _follow(self, *, force: bool = False) -> None:
        """Keep the cursor's row inside the rows shown, moving the window as little as can be.

        A program that hides the cursor (a game drawing its whole screen)
        has no row to follow: then blank rows are left out instead, so its
        score line and its key hints both stay in view; only when too few
        rows are blank does the window show the top rows.
        """
        rows, shown = self.terminal.rows, self._shown
        top = self._top
        fold = None
        if shown >= rows:
            top = 0
        elif not self._cursor[2]:
            blanks = [y for y in range(rows) if self._blank[y]]
            drop = rows - shown
            if len(blanks) >= drop:
                gone = set(blanks[:drop])
                fold = [y for y in range(rows) if y not in gone]
        else:
            cy = self._cursor[1]
            if cy >= top + shown:
                top = cy - shown + 1
            elif 0 <= cy < top:
                top = cy
            top = max(0, min(top, rows - shown))
        if top != self._top or fold != self._fold or force:
            self._top = top
            self._fold = fold
            self.refresh()

    def _border_fits(self) -> bool:
        """Whether the parent, arranged afresh, has room for the screen and its border.

        Right after a restyle the screen's map can still hold the old
        layout (the new one is on its way); this asks the parent directly.
        """
        parent = self.parent
        if not isinstance(parent, Widget):
            return False
        room = parent.content_region.size
        placements = parent.arrange(room).placements
        try:                # the parent may itself be cut off by the window
            shown = parent.content_region.intersection(
                self.screen.find_widget(parent).visible_region)
            room = Size(min(room.width, shown.width), min(room.height, shown.height))
        except NoWidget:
            pass
        for placement in placements:
            if placement.widget is self:
                region = placement.region
                return (region.width >= self.terminal.cols + 2
                        and region.height >= self.terminal.rows + 2
                        and Region(0, 0, room.width, room.height).contains_region(region))
        return False

    def _set_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")     # restyled later: see notify_style_update

    @property
    def compact(self) -> bool:
        """Whether the border was left off so that the whole screen fits."""
        return self.has_class("-compact")

    def too_small_message(self) -> str:
        t = self.terminal
        width, height = self._visible
        return (f"This machine's screen is {t.cols}×{t.rows} characters, but only "
                f"{width}×{height} fit here. Make the window bigger or the text smaller.")

    # -- life -------------------------------------------------------------

    def on_mount(self) -> None:
        # A machine printing flat out keeps Python busy in its own thread.
        # Each time the UI thread waits for input it gives up the GIL, and
        # gets it back only when the machine thread is made to let go, every
        # "switch interval" (5 ms by default). A frame takes many such
        # waits, so a flood would slow the UI to a crawl; 1 ms keeps keys
        # and frames flowing at a small cost to the emulation.
        if sys.getswitchinterval() > self.SWITCH_INTERVAL:
            sys.setswitchinterval(self.SWITCH_INTERVAL)
        self._loop = asyncio.get_running_loop()
        self.terminal.mark_all_dirty()
        self._frame_timer = self.set_interval(1 / self.fps, self._frame)
        self._blink_timer = self.set_interval(0.53, self._blink, pause=True)
        # A stop may give its machine the keyboard before this view is mounted.
        self._update_blink()
        self.call_after_refresh(self.poll)
        # A window resized smaller clips this widget without resizing it;
        # the screen says when its layout changed.
        self.screen.screen_layout_refresh_signal.subscribe(self, self._check_size)

    def on_unmount(self) -> None:
        self.screen.screen_layout_refresh_signal.unsubscribe(self)
        self.terminal.cancel_wake()
        self._paste.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # The theme may have changed (a class added, CSS reloaded): read it
        # again at the next frame, once Textual has restyled the components.
        self._look = None
        if self.is_mounted:
            self._wake()
        compact = self.has_class("-compact")
        if compact != self._styled_compact:
            # A border alone is not a layout change to Textual: without this
            # the old size is kept and the border eats into the screen. The
            # layout runs again, and then so does _check_size.
            self._styled_compact = compact
            # Textual clears the parents' cached arrangements only when it
            # next goes idle; a layout before that would place the widget
            # at its old size with the new border. Clear them now.
            for ancestor in self.ancestors:
                if not isinstance(ancestor, Widget):
                    break
                ancestor._clear_arrangement_cache()
            self.refresh(layout=True)

    def watch_has_focus(self, has_focus: bool) -> None:
        # Not on_focus/on_blur: those run before Textual sets has_focus, so
        # the cursor would start blinking only on the second focus.
        super().watch_has_focus(has_focus)
        self._update_blink()

    def watch_cursor_blink(self) -> None:
        self._update_blink()

    def _update_blink(self) -> None:
        if self._blink_timer is None:
            return
        self._cursor_on = True
        self._refresh_row(self._cursor[1])
        if self.cursor_blink and self.has_focus and not still(self):
            self._blink_timer.reset()
            self._blink_timer.resume()
        else:
            self._blink_timer.pause()

    def _blink(self) -> None:
        if still(self):         # reduced motion was asked for since the blink began
            self._update_blink()
            return
        self._cursor_on = not self._cursor_on
        self._refresh_row(self._cursor[1])

    def on_click(self, event: events.Click) -> None:
        focus_now(self)

    # -- exhibit keys -----------------------------------------------------

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def action_help(self) -> None:
        self.post_message(self.HelpRequested())

    def action_monitor(self) -> None:
        self.post_message(self.MonitorRequested())

    def action_reset_program(self) -> None:
        # Keys still waiting to be typed belong to the program being reset.
        self._paste.clear()
        self.post_message(self.ResetRequested())

    # -- frames -----------------------------------------------------------

    def _frame(self) -> None:
        if not self.poll():
            # Nothing changed in a whole frame: sleep until the terminal
            # changes (the machine thread wakes us), instead of polling.
            assert self._frame_timer is not None
            self._frame_timer.pause()
            self.terminal.wake_on_change(self._seen, self._wake_from_machine)

    def _wake_from_machine(self) -> None:
        # Runs on the machine thread with the screen lock held: only schedule.
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if not self.is_mounted or self._frame_timer is None:
            return
        self.poll()
        self._frame_timer.resume()

    def _read_look(self) -> _Look:
        fg = _rich(self.styles.color, RichColor.from_rgb(192, 192, 192))
        bg = _rich(self.styles.background, RichColor.from_rgb(0, 0, 0))
        palette: dict[str, _Ink] = {}
        for name, component in PALETTE_CLASSES.items():
            styles = self.get_component_styles(component)
            palette[name] = _Ink(_rich(styles.color, fg), _rich(styles.background, bg))
        bar_colour = self.get_component_styles("terminal--bar").background
        bar = None if bar_colour.a == 0 else bar_colour.rich_color
        cursors = {shape: self.get_component_rich_style(component, partial=True)
                   for shape, component in CURSOR_CLASSES.items()}
        blink = self.get_component_rich_style("terminal--blink", partial=True)
        return _Look(fg, bg, bar, palette, blink, cursors)

    def current_look(self) -> _Look:
        """The theme's colours and styles as this view draws them now (read afresh from CSS)."""
        return self._read_look()

    def poll(self) -> bool:
        """Take the rows that changed since the last frame and repaint only those.

        Returns whether anything changed.
        """
        changed = False
        if self._look is None:
            look = self._read_look()
            if look != self._look:
                self._look = look
                self._styles.clear()
                self._strips = [None] * self.terminal.rows
                self.terminal.mark_all_dirty()
        version = self.terminal.version
        if version != self._seen:
            self._seen = version
            changed = True
            rows = set()
            blanks_changed = False
            for y, cells in self.terminal.take_dirty().items():
                self._cells[y] = cells
                self._strips[y] = None          # rendered when Textual asks for it
                rows.add(y)
                blank = all(c.data == " " and not c.reverse for c in cells)
                if blank != self._blank[y]:
                    self._blank[y] = blank
                    blanks_changed = True
            x, y, visible = self.terminal.cursor()
            cursor = (x, y, visible, self.terminal.cursor_shape())
            if cursor != self._cursor:
                rows.add(self._cursor[1])
                rows.add(y)
                self._cursor = cursor
                self._cursor_on = True
                if self._shown < self.terminal.rows:
                    self._follow()
            elif blanks_changed and self._shown < self.terminal.rows:
                self._follow()
            self._refresh_rows(rows)
            self.frames += 1
        return changed

    def _refresh_rows(self, rows: set[int]) -> None:
        # One region per run of neighbouring rows: a scrolling screen is
        # then one repaint for Textual, not one per row.
        if self._fold is not None:
            self.refresh()                      # rows left out move the rest: all of it
            return
        start = end = -2
        top = self._top
        for y in sorted(r for r in rows if 0 <= r < self.terminal.rows):
            if y != end + 1:
                if start >= 0:
                    self.refresh(Region(0, start - top, self.terminal.cols, end - start + 1))
                start = y
            end = y
        if start >= 0:
            self.refresh(Region(0, start - top, self.terminal.cols, end - start + 1))

    def _refresh_row(self, y: int) -> None:
        if self._fold is not None:
            self.refresh()
        elif 0 <= y < self.terminal.rows:
            self.refresh(Region(0, y - self._top, self.terminal.cols, 1))

    # -- drawing ----------------------------------------------------------

    def _colour(self, name: str, look: _Look, *, background: bool) -> RichColor:
        if name == "default":
            return look.bg if background else look.fg
        ink = look.palette.get(name)
        if ink is not None:
            return ink.bg if background else ink.fg
        try:
            return RichColor.parse(f"#{name}")      # pyte keeps 256/true colours as hex
        except ColorParseError:
            return look.bg if background else look.fg

    def _style(self, cell: Cell, bar: bool) -> Style:
        """The Rich style of a cell's attributes (not its character), made once."""
        look = self._look
        assert look is not None
        dim = getattr(cell, "dim", False)      # a plain pyte Char has none
        fg = self._colour(cell.fg, look, background=False)
        if cell.bg == "default" and bar and look.bar is not None:
            bg = look.bar
        else:
            bg = self._colour(cell.bg, look, background=True)
        if cell.reverse:
            # Swapped here, with the theme's colours, so reverse video
            # looks the same on every real terminal.
            fg, bg = bg, fg
        style = Style(color=fg, bgcolor=bg, bold=cell.bold, dim=dim, italic=cell.italics,
                      underline=cell.underscore, strike=cell.strikethrough)
        if cell.blink:
            # Blinking text is shown steady, in the theme's blink style:
            # no flicker for anyone, and still plainly marked.
            style = style + look.blink
        return style

    def _render_row(self, y: int) -> Strip:
        cells = self._cells[y]
        if cells is None:
            cells = self.terminal.row_chars(y)
            self._cells[y] = cells
        bar = (y // self.BAR_LINES) % 2 == 1
        styles = self._styles
        segments: list[Segment] = []
        # A cell's attributes are everything after its character. Runs of
        # equal attributes become one segment each, grouped in C (groupby,
        # itemgetter), with each run's style looked up once.
        for key, run in groupby(cells, _ATTRIBUTES):
            run_cells = list(run)
            text = "".join(map(_CHARACTER, run_cells))
            if len(text) != len(run_cells) or not text.isprintable():
                # Only printable characters, one per cell, reach the real terminal.
                text = "".join(c.data if len(c.data) == 1 and c.data.isprintable() else " "
                               for c in run_cells)
            style = styles.get((key, bar))
            if style is None:
                style = styles[key, bar] = self._style(run_cells[0], bar)
            segments.append(Segment(text, style))
        return Strip(segments, self.terminal.cols)

    def render_line(self, y: int) -> Strip:
        if self._look is None:
            self._look = self._read_look()
        if self._too_small:
            return self._message_line(y)
        fold = self._fold
        if fold is not None:
            y = fold[y] if 0 <= y < len(fold) else -1
        else:
            y += self._top
        if not 0 <= y < self.terminal.rows:
            return Strip.blank(self.size.width, Style(bgcolor=self._look.bg))
        strip = self._strips[y]
        if strip is None:
            strip = self._strips[y] = self._render_row(y)
        x, cy, visible, shape = self._cursor
        if (visible and cy == y and 0 <= x < self.terminal.cols and self._cursor_on
                and self.has_focus):
            style = self._look.cursors.get(shape, self._look.cursors["default"])
            cell = Strip([Segment(seg.text, (seg.style or Style()) + style)
                          for seg in strip.crop(x, x + 1)], 1)
            strip = Strip.join([strip.crop(0, x), cell, strip.crop(x + 1, self.terminal.cols)])
        return strip

    def _message_line(self, y: int) -> Strip:
        assert self._look is not None
        width = max(1, self._visible[0])
        words = self.too_small_message().split()
        lines: list[str] = []
        line = ""
        for word in words:
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        top = max(0, (self._visible[1] - len(lines)) // 2)
        text = lines[y - top] if 0 <= y - top < len(lines) else ""
        style = Style(color=self._look.fg, bgcolor=self._look.bg)
        strip = Strip([Segment(text[:width].center(width), style)], width)
        return strip.extend_cell_length(self.size.width, style)

    # -- keys ---------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        data = key_bytes(event.key, event.character, self.machine.profile,
                         application_cursor=self.terminal.cursor_keys_application())
        if data is None:
            return          # not the machine's: let the screen have it
        event.stop()
        event.prevent_default()
        self.keys_typed += 1
        if self._paste:
            # Typed during a paste: after it, in the order it was typed.
            self._paste.extend(data)
        else:
            self.machine.type(data)
        self._wake_after_key()

    def _wake_after_key(self) -> None:
        # Draw the echo the moment the machine prints it, not at the next frame.
        if self._frame_timer is not None:
            self.terminal.wake_on_change(self._seen, self._wake_from_machine)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        data, dropped = paste_bytes(event.text)
        room = self.PASTE_LIMIT - len(self._paste)
        if len(data) > room:
            self.notify(f"The paste was cut to its first {room:,} characters: this machine "
                        "reads keys one at a time.", severity="warning")
            data = data[:room]
        if dropped:
            self.notify(f"Left out {dropped} pasted character{'s' if dropped != 1 else ''} "
                        "this machine's keyboard cannot type.", severity="warning")
        self._paste.extend(data)
        self.keys_typed += len(data)
        self._feed_paste()
        if self._paste and self._paste_timer is None:
            self._paste_timer = self.set_interval(self.PASTE_PERIOD, self._feed_paste)

    def _feed_paste(self) -> None:
        """Top up the machine's keyboard from the paste, never past what it can hold."""
        if self._paste:
            waiting = len(self.machine.keyboard)
            if waiting < self.PASTE_LOW:
                chunk = bytes(self._paste[: self.PASTE_CHUNK])
                del self._paste[: len(chunk)]
                self.machine.type(chunk)
                self._wake_after_key()
        if not self._paste and self._paste_timer is not None:
            self._paste_timer.stop()
            self._paste_timer = None

    @property
    def paste_pending(self) -> int:
        """Pasted keys not yet handed to the machine."""
        return len(self._paste)
