"""ExhibitApp: the timeline and its stops, in one Textual app."""

from __future__ import annotations

import logging
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from emulator.store import PostError, PostStore, open_store
from exhibit.machines import machine_for
from exhibit.motion import CLEARER
from exhibit.screens.about import AboutScreen
from exhibit.screens.stop import StopScreen
from exhibit.screens.timeline import TimelineScreen
from exhibit.textual_fixes import install as install_textual_fixes
from timeline import Stop

install_textual_fixes()

log = logging.getLogger(__name__)


class ExhibitApp(App[None]):
    """The communications-revolution exhibit."""

    TITLE = "How we talked: home and work, 1970s to today"
    CSS_PATH = ["exhibit.tcss", "themes.tcss"]
    # CP/M programs use Ctrl+P and Ctrl+Q themselves (WordStar's print and
    # quick-menu keys), so neither the command palette nor a priority quit
    # may take them while a machine has the keyboard.
    ENABLE_COMMAND_PALETTE = False
    # F3 belongs to the exhibit on every screen (no machine has a use for
    # it): clearer colours, on and off, for any visitor who needs them.
    CLEARER_KEY = Binding("f3", "clearer_colours", "Clearer colours", priority=True)
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False), CLEARER_KEY]

    def __init__(self, stops: list[Stop], *, start_stop: str | None = None,
                 turbo: bool = False, data: Path | None = None,
                 store: PostStore | None = None, clearer_colours: bool = False,
                 reduced_motion: bool = False) -> None:
        super().__init__()
        # Reduced motion is Textual's own animation level, which its widgets
        # respect; ours ask exhibit.motion.still(). Clearer colours is a
        # class the styles read (exhibit.tcss, themes.tcss).
        if reduced_motion:
            self.animation_level = "none"
        self.set_class(clearer_colours, CLEARER)
        self.stops = stops
        self.start_stop = start_stop
        self.turbo = turbo
        # The post store (the wall, the social stream) opens once, the first
        # time a stop needs it, in the --data folder; the app closes it on exit.
        self.data_folder = data
        self._store = store
        self._own_store = store is None
        self.store_error: str | None = None
        # The stop the visitor is at (or last left), so the timeline points at it.
        self.current_stop: str | None = None

    @property
    def store(self) -> PostStore | None:
        """The post store, opened on first use; None (and ``store_error``) if it cannot open."""
        if self._store is None and self.store_error is None:
            try:
                self._store = open_store(self.data_folder)
            except PostError as e:
                log.error("the post store is not available: %s", e)
                self.store_error = str(e)
        return self._store

    def on_unmount(self) -> None:
        # Machines first: a CPU thread must not ask a closed store.
        for screen in self.screen_stack:
            machine = getattr(screen, "machine", None)
            if machine is not None:
                machine.stop()
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None

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
            store = self.store if stop.machine.get("board") else None
            machine = machine_for(stop, store=store, **changes)
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

    def action_clearer_colours(self) -> None:
        """F3: every colour at 4.5:1 or more, or back to the era looks as shipped."""
        on = not self.has_class(CLEARER)
        self.set_class(on, CLEARER)
        self.notify("Clearer colours on: F3 turns them off." if on else
                    "Clearer colours off: F3 turns them on.", timeout=4)

    def action_about(self) -> None:
        if not isinstance(self.screen, AboutScreen):
            self.push_screen(AboutScreen(self.stops))
