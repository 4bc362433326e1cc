"""AttractScreen: what the kiosk shows when nobody is using it."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from emulator import Machine
from exhibit.demos import demo_for
from exhibit.motion import still
from exhibit.widgets.bigtitle import BigTitle
from exhibit.widgets.machine_panel import TROUBLE, Build, MachinePanel, css_cols, css_rows
from exhibit.widgets.picture import PictureView
from timeline import Stop


class AttractScreen(Screen[None]):
    """A title, a moving timeline, and a stop's program playing by itself.

    Every ``cycle`` seconds the next stop with a program takes over, in one
    MachinePanel for the life of the screen (``builder`` says how each
    stop's machine is made). Any key, click or touch posts ``Woken``; the
    app then starts a visitor's session. The demo machine never sees a
    visitor's key; when its program goes wrong, the panel starts it again
    at once, as F5 would.

    In a small window the title, the timeline and the caption give way to
    the machine (``-short``, ``-narrow``); when not even the one-line start
    prompt fits under it (``-bare``), the prompt lies over the machine's
    bottom row, since a kiosk must say how to start. The sizes are
    exhibit.tcss's.
    """

    class Woken(Message):
        """Somebody pressed a key or touched the screen."""

    TYPE_INTERVAL = 0.12      # seconds between the demo's keystrokes: a brisk typist

    def __init__(self, stops: list[Stop], builder: Callable[[Stop], Build], *,
                 cycle: float = 25.0) -> None:
        super().__init__()
        self.stops = stops
        self.builder = builder
        self.showcase = [s for s in stops if s.has_program]
        self.cycle = cycle
        self.current = 0
        self.panel: MachinePanel | None = None
        self.script = ""
        self.typed = 0
        self.tick = 0

    @property
    def machine(self) -> Machine | None:
        return self.panel.machine if self.panel is not None else None

    def compose(self) -> ComposeResult:
        with Vertical(id="attract"):
            yield BigTitle("How we talked", id="attract-title")
            yield Static("", id="attract-timeline")
            with Horizontal(id="attract-demo"):
                if self.showcase:
                    stop = self.showcase[0]
                    self.panel = MachinePanel(self.builder(stop), title=self._title(stop),
                                              chooser=False, keyboard=False, id="attract-panel")
                    yield self.panel
                # The stop's object above its caption, no wider than it.
                with Vertical(id="attract-side"):
                    yield PictureView(id="attract-picture")
                    yield Static("", id="attract-caption")
            yield Static("Press any key or touch the screen to start", id="attract-start")

    @staticmethod
    def _title(stop: Stop) -> str:
        return f"{stop.year_label} · {stop.title}"

    def on_mount(self) -> None:
        self._shown()                   # marks the demo's stop on the timeline
        if self.panel is None:
            self.move_timeline()
        if not still(self):
            # Reduced motion (the kiosk's reduced_motion): no demo typing by
            # itself and no marker walking the years; the stops still take turns.
            self.set_interval(self.TYPE_INTERVAL, self.type_next)
            self.set_interval(0.5, self.move_timeline)
        self.set_interval(self.cycle, self.next_stop)

    async def next_stop(self) -> None:
        """The next stop's program takes over the panel."""
        if self.panel is None:
            return
        self.current = (self.current + 1) % len(self.showcase)
        stop = self.showcase[self.current]
        self.panel.rebuild(self.builder(stop), title=self._title(stop))
        self._shown()

    def _shown(self) -> None:
        caption = self.query_one("#attract-caption", Static)
        if self.panel is None:
            caption.update("\n".join(f"{s.year_label}  {s.title}" for s in self.stops))
            return
        stop = self.showcase[self.current]
        self.query_one("#attract-picture", PictureView).picture = stop.picture
        self.script = demo_for(self.panel.machine.profile.programs)
        self.typed = 0
        caption.update(f"{stop.year_label}\n\n{stop.title}\n\n{stop.lane.label}")
        self.move_timeline()
        self.fit(self.size)

    def on_machine_panel_reported(self, event: MachinePanel.Reported) -> None:
        # Nobody is here to press F5: a demo that goes wrong starts again.
        if event.report.event in TROUBLE and self.panel is not None:
            self.panel.restart()
            self.typed = 0

    def fit(self, size: Size) -> None:
        """Set the layout classes for a window of this size and this machine."""
        if self.panel is None:
            cols, rows = 0, 0
        else:
            cols, rows = self.panel.machine.profile.cols, self.panel.machine.profile.rows
        box = self.query_one("#attract")
        around = css_rows(*self.query("#attract-title"), self.query_one("#attract-timeline"),
                          self.query_one("#attract-start")) + box.styles.padding.height
        short = size.height < rows + 2 + around
        self.set_class(short, "-short")
        bare = size.height < rows + 1
        self.set_class(bare, "-bare")
        caption = css_cols(self.query_one("#attract-caption"))
        self.set_class(size.width < cols + 2 + caption + box.styles.padding.width, "-narrow")
        if self.panel is not None:
            # Short, the start line is one row (exhibit.tcss) and the status line goes.
            # Bare, the start line lies over the machine's bottom row instead.
            self.panel.fit(Size(size.width,
                                size.height - (0 if bare else 1 if short else around)))

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size)

    def type_next(self) -> None:
        machine = self.machine
        if machine is None or not self.script or not machine.waiting_for_key:
            return
        if self.typed >= len(self.script):
            self.typed = 0            # the program starts again; so does the demo
        machine.type(self.script[self.typed])
        self.typed += 1

    def move_timeline(self) -> None:
        """The timeline with the stop whose program is playing marked, the mark
        pulsing so the screen is visibly alive."""
        self.tick += 1
        years = [s.year_label for s in self.stops] or ["today"]
        here = self.playing_index()
        mark = ("[ ", " ]") if self.tick % 2 else ("[[", "]]")
        cells = [f"{mark[0]}{y}{mark[1]}" if i == here else f"  {y}  "
                 for i, y in enumerate(years)]
        self.query_one("#attract-timeline", Static).update("──".join(cells))

    def playing_index(self) -> int | None:
        """Where on the timeline the stop whose program is playing is."""
        if not self.showcase:
            return None
        playing = self.showcase[self.current]
        return next((i for i, s in enumerate(self.stops) if s is playing), None)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.post_message(self.Woken())

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.post_message(self.Woken())
