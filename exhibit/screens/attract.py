"""AttractScreen: what the kiosk shows when nobody is using it."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from emulator import Machine
from exhibit.demos import demo_for
from exhibit.machines import machine_for
from exhibit.widgets.bigtitle import BigTitle
from exhibit.widgets.terminal import TerminalView
from timeline import Stop

# Around the demo machine (exhibit.tcss): the big title, the moving
# timeline with its margins, the screen's padding, the start line with its
# margin; and the caption beside the machine.
TITLE_ROWS, TIMELINE_ROWS, PAD_ROWS, START_ROWS = 5, 3, 2, 4
CAPTION_COLS, PAD_COLS = 30, 4


class AttractScreen(Screen[None]):
    """A title, a moving timeline, and a stop's program playing by itself.

    Every ``cycle`` seconds the next stop with a program takes over. Any key,
    click or touch posts ``Woken``; the app then starts a visitor's session.
    The demo machine never sees a visitor's key.

    In a small window the title, the timeline and the caption give way to
    the machine (``-short``, ``-narrow``); when not even the one-line start
    prompt fits under it (``-bare``), the prompt lies over the machine's
    bottom row, since a kiosk must say how to start.
    """

    class Woken(Message):
        """Somebody pressed a key or touched the screen."""

    TYPE_INTERVAL = 0.12      # seconds between the demo's keystrokes: a brisk typist

    def __init__(self, stops: list[Stop], cycle: float = 25.0, turbo: bool = False) -> None:
        super().__init__()
        self.stops = stops
        self.showcase = [s for s in stops if s.has_program]
        self.cycle = cycle
        self.turbo = turbo
        self.current = 0
        self.machine: Machine | None = None
        self.script = ""
        self.typed = 0
        self.tick = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="attract"):
            yield BigTitle("How we talked", id="attract-title")
            yield Static("", id="attract-timeline")
            with Horizontal(id="attract-demo"):
                yield Static("", id="attract-caption")
            yield Static("Press any key or touch the screen to start", id="attract-start")

    async def on_mount(self) -> None:
        await self.show_stop(0)
        self.set_interval(self.TYPE_INTERVAL, self.type_next)
        self.set_interval(0.5, self.move_timeline)
        self.set_interval(self.cycle, self.next_stop)

    async def show_stop(self, index: int) -> None:
        self.stop_machine()
        box = self.query_one("#attract-demo", Horizontal)
        if not self.showcase:
            self.query_one("#attract-caption", Static).update(
                "\n".join(f"{s.year_label}  {s.title}" for s in self.stops))
            return
        self.current = index % len(self.showcase)
        stop = self.showcase[self.current]
        store = getattr(self.app, "store", None) if stop.machine.get("board") else None
        self.machine = machine_for(stop, store=store, **({"mhz": None} if self.turbo else {}))
        self.script = demo_for(self.machine.profile.programs)
        self.typed = 0
        theme = f"theme-{self.machine.profile.theme}"
        title = f"{stop.year_label} · {stop.title}"
        views = list(box.query(TerminalView))
        if views:
            # One view for the life of the screen: it takes the next machine.
            view = views[0]
            for name in [c for c in view.classes if c.startswith("theme-") and c != theme]:
                view.remove_class(name)
            view.add_class(theme)
            view.border_title = title
            view.attach(self.machine)
        else:
            view = TerminalView(self.machine, id="attract-terminal", classes=theme)
            view.border_title = title
            view.can_focus = False
            await box.mount(view, before=0)
        self.query_one("#attract-caption", Static).update(
            f"{stop.year_label}\n\n{stop.title}\n\n{stop.lane.label}")
        self.machine.start()

    def fit(self, size: Size) -> None:
        """Set the layout classes for a window of this size and this machine."""
        if self.machine is None:
            cols, rows = 0, 0
        else:
            cols, rows = self.machine.profile.cols, self.machine.profile.rows
        full = rows + 2 + TITLE_ROWS + TIMELINE_ROWS + PAD_ROWS + START_ROWS
        self.set_class(size.height < full, "-short")
        self.set_class(size.height < rows + 1, "-bare")
        self.set_class(size.width < cols + 2 + CAPTION_COLS + PAD_COLS, "-narrow")

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size)

    async def next_stop(self) -> None:
        await self.show_stop(self.current + 1)

    def type_next(self) -> None:
        machine = self.machine
        if machine is None or not self.script or not machine.waiting_for_key:
            return
        if self.typed >= len(self.script):
            self.typed = 0            # the program starts again; so does the demo
        machine.type(self.script[self.typed])
        self.typed += 1

    def move_timeline(self) -> None:
        """A marker that walks along the years, so the screen is visibly alive."""
        self.tick += 1
        years = [s.year_label for s in self.stops] or ["today"]
        here = self.tick % len(years)
        cells = [f"[ {y} ]" if i == here else f"  {y}  " for i, y in enumerate(years)]
        self.query_one("#attract-timeline", Static).update("──".join(cells))

    def stop_machine(self) -> None:
        if self.machine is not None:
            self.machine.stop()
            self.machine = None

    def on_unmount(self) -> None:
        self.stop_machine()

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.post_message(self.Woken())

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.post_message(self.Woken())
