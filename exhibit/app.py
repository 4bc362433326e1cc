"""ExhibitApp: the timeline and its stops, in one Textual app."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from exhibit.machines import machine_for
from exhibit.screens.about import AboutScreen
from exhibit.screens.stop import StopScreen
from exhibit.screens.timeline import TimelineScreen
from timeline import Stop


class ExhibitApp(App[None]):
    """The communications-revolution exhibit."""

    TITLE = "How we talked: home and work, 1970s to today"
    CSS_PATH = ["exhibit.tcss", "themes.tcss"]
    # CP/M programs use Ctrl+P and Ctrl+Q themselves (WordStar's print and
    # quick-menu keys), so neither the command palette nor a priority quit
    # may take them while a machine has the keyboard.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False)]

    def __init__(self, stops: list[Stop], *, start_stop: str | None = None,
                 turbo: bool = False) -> None:
        super().__init__()
        self.stops = stops
        self.start_stop = start_stop
        self.turbo = turbo
        # The stop the visitor is at (or last left), so the timeline points at it.
        self.current_stop: str | None = None

    def stop_by_id(self, stop_id: str) -> Stop | None:
        return next((s for s in self.stops if s.id == stop_id), None)

    def on_mount(self) -> None:
        self.push_screen(TimelineScreen(self.stops))
        if self.start_stop:
            self.open_stop(self.start_stop)

    def open_stop(self, stop_id: str) -> None:
        """Open a stop; from another stop it takes that stop's place (and stops its machine)."""
        stop = self.stop_by_id(stop_id)
        if stop is None:
            self.notify(f"There is no stop called {stop_id!r}.", severity="error")
            return
        machine = None
        if stop.has_program:
            changes: dict[str, object] = {"mhz": None} if self.turbo else {}
            machine = machine_for(stop, **changes)
        i = self.stops.index(stop)
        screen = StopScreen(stop, machine, number=i + 1, count=len(self.stops),
                            previous=self.stops[i - 1] if i > 0 else None,
                            following=self.stops[i + 1] if i + 1 < len(self.stops) else None)
        self.current_stop = stop.id
        if isinstance(self.screen, StopScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def step_stop(self, stop_id: str, step: int) -> None:
        """The stop before or after ``stop_id`` on the journey; nothing past either end."""
        stop = self.stop_by_id(stop_id)
        if stop is None:
            return
        i = self.stops.index(stop) + step
        if 0 <= i < len(self.stops):
            self.open_stop(self.stops[i].id)

    def action_about(self) -> None:
        if not isinstance(self.screen, AboutScreen):
            self.push_screen(AboutScreen(self.stops))
