"""TimelineScreen: the journey as two lanes, Home and Work, on a time axis.

Each stop is a marker in its lane (a ``both`` stop spans the two), in
journey order from the 1970s on the left to today on the right. The
current stop is marked by shape as well as colour, for colour-blind
visitors: a filled dot, a double border, and a pointer under it on the axis.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Rule, Static

from exhibit.widgets.footer import Footer
from exhibit.widgets.picture import PictureView
from exhibit.widgets.titlebar import TitleBar
from timeline import Lane, Stop

CURRENT = "●"       # filled: the stop you are on
OTHER = "○"         # hollow: every other stop
POINTER = "▲"


def first_sentence(text: str) -> str:
    """The story's opening sentence, for the line under the timeline."""
    m = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return m.group(1) if m else text.strip()


class StopMarker(Static):
    """One stop on the timeline: its number, year and name. A click or touch opens it."""

    class Chosen(Message):
        """The visitor clicked or touched a marker."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    current: reactive[bool] = reactive(False)

    def __init__(self, stop: Stop, index: int) -> None:
        super().__init__(id=f"marker-{stop.id}", classes=f"lane-{stop.lane.value}")
        self.stop_info = stop
        self.index = index

    def render(self) -> Text:
        dot = CURRENT if self.current else OTHER
        return Text(f"{dot} {self.index + 1}\n{self.stop_info.year_label}\n"
                    f"{self.stop_info.short_label}")

    def watch_current(self, current: bool) -> None:
        self.set_class(current, "-current")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self.index))


class AxisTick(Static):
    """The time axis under one column; the pointer shows which stop is current."""

    current: reactive[bool] = reactive(False)

    def __init__(self, stop: Stop, last: bool) -> None:
        super().__init__(id=f"tick-{stop.id}")
        self.last = last

    def render(self) -> Text:
        width = max(self.size.width, 3)
        half = (width - 1) // 2
        line = "─" * half + "┴" + "─" * (width - half - 1)
        if self.last:
            line = line[:-1] + "▶"
        pointer = " " * half + (POINTER if self.current else " ")
        return Text(f"{line}\n{pointer}")

    def watch_current(self, current: bool) -> None:
        self.set_class(current, "-current")


class TimelineScreen(Screen[None]):
    """The stops on two lanes; arrows move, Enter (or a click) opens, 1-9 jump.

    Opening a stop is asked of the app with ``OpenRequested``; the app
    points the timeline at the stop the visitor is at with ``point_at``.
    """

    class OpenRequested(Message):
        """The visitor chose a stop to open."""

        def __init__(self, stop_id: str) -> None:
            super().__init__()
            self.stop_id = stop_id

    BINDINGS = [
        Binding("left", "move(-1)", "Earlier"),
        Binding("right", "move(1)", "Later"),
        Binding("up", "lane('home')", "Home lane", show=False),
        Binding("down", "lane('work')", "Work lane", show=False),
        Binding("enter", "open", "Open"),
        *(Binding(str(n), f"jump({n - 1})", f"Stop {n}", show=False) for n in range(1, 10)),
        Binding("a", "app.about", "About"),
        Binding("q", "app.quit", "Quit"),
    ]

    index: reactive[int] = reactive(0)

    def __init__(self, stops: list[Stop]) -> None:
        super().__init__()
        self.stops = stops

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="journey"):
            yield Static("How we talked at home and at work, 1970s to today", id="journey-title")
            yield Static("← → choose a stop · Enter opens it · or touch a stop", id="journey-hint")
            with Horizontal(id="lanes-row"):
                with Vertical(id="lane-names"):
                    yield Static("Home", classes="lane-name")
                    yield Static("Work", classes="lane-name")
                    yield Static("", classes="axis-name")
                with Grid(id="lanes"):
                    yield from self._cells()
            # The chosen stop: its picture (where there is room) and its summary.
            with Horizontal(id="summary-card"):
                yield PictureView(id="summary-picture", min_scale=0.5)
                yield Static(id="summary")
        yield Footer()

    def _cells(self) -> ComposeResult:
        # A Grid fills its cells row by row: the Home row, then the Work row
        # (a "both" stop spans two rows, so the Work row skips its cell),
        # then the axis.
        for i, stop in enumerate(self.stops):
            if stop.lane.includes(Lane.HOME):
                yield StopMarker(stop, i)
            else:
                yield Rule(classes="track")
        for i, stop in enumerate(self.stops):
            if stop.lane is Lane.WORK:
                yield StopMarker(stop, i)
            elif stop.lane is Lane.HOME:
                yield Rule(classes="track")
        for i, stop in enumerate(self.stops):
            yield AxisTick(stop, last=i == len(self.stops) - 1)

    def on_mount(self) -> None:
        # The number of columns is the number of stops in the content folder.
        self.query_one("#lanes", Grid).styles.grid_size_columns = max(len(self.stops), 1)
        self._show(self.index)

    def on_screen_resume(self) -> None:
        # Back from a stop (or About): what was said there stays there.
        self.app.clear_notifications()

    def on_resize(self, event: events.Resize) -> None:
        # An 80x24 terminal still shows every stop and the summary; the
        # spacing goes first (see the -small rules in exhibit.tcss).
        self.set_class(event.size.width < 110 or event.size.height < 32, "-small")

    def point_at(self, stop_id: str) -> None:
        """Point at this stop (the one the visitor is at, or last left)."""
        for i, stop in enumerate(self.stops):
            if stop.id == stop_id:
                self.index = i

    def watch_index(self, index: int) -> None:
        if self.is_mounted:
            self._show(index)

    def _show(self, index: int) -> None:
        for marker in self.query(StopMarker):
            marker.current = marker.index == index
        for i, tick in enumerate(self.query(AxisTick)):
            tick.current = i == index
        if not self.stops:
            return
        stop = self.stops[index]
        if stop.has_program:
            machine = "A real Z80 runs this stop's program: press Enter or touch the stop."
        elif stop.screen:
            machine = "Press Enter or touch the stop to open it."
        else:
            machine = "This stop's machine is still being built; its story is ready to read."
        summary = Text()
        summary.append(f"Stop {index + 1} of {len(self.stops)} · {stop.year_label} · "
                       f"{stop.lane.label}\n")
        summary.append(stop.title + "\n", style="bold")
        summary.append(first_sentence(stop.story) + "\n")
        summary.append(machine, style="italic")
        # (Before the screen is composed there is nothing to update: on_mount shows it.)
        for shown in self.query("#summary").results(Static):
            shown.update(summary)
        for picture in self.query("#summary-picture").results(PictureView):
            picture.picture = stop.picture

    def current(self) -> Stop:
        return self.stops[self.index]

    # -- actions --------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.index = max(0, min(len(self.stops) - 1, self.index + step))

    def action_lane(self, lane_name: str) -> None:
        lane = Lane(lane_name)
        if self.current().lane.includes(lane):
            return
        # The nearest stop in the other lane, the earlier one on a tie.
        candidates = [i for i, s in enumerate(self.stops) if s.lane.includes(lane)]
        if candidates:
            self.index = min(candidates, key=lambda i: (abs(i - self.index), i))

    def action_jump(self, index: int) -> None:
        if 0 <= index < len(self.stops):
            self.index = index

    def action_open(self) -> None:
        if self.stops:
            self.post_message(self.OpenRequested(self.current().id))

    def on_stop_marker_chosen(self, message: StopMarker.Chosen) -> None:
        self.index = message.index
        self.action_open()
