"""ExhibitApp: the timeline and its stops, in one Textual app."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding

from emulator.store import PostError, Store, StorePlace
from exhibit.machines import stop_builder
from exhibit.motion import CLEARER
from exhibit.screens.about import AboutScreen
from exhibit.screens.stop import StopScreen
from exhibit.screens.timeline import TimelineScreen
from exhibit.settings import data_path
from exhibit.textual_fixes import BaseApp
from exhibit.widgets.machine_panel import Build, MachinePanel
from timeline import Stop

log = logging.getLogger(__name__)


class ExhibitApp(BaseApp[None]):
    """The communications-revolution exhibit."""

    TITLE = "How we talked: home and work, 1970s to today"
    CSS_PATH = ["exhibit.tcss", "themes.tcss"]
    # CP/M programs use Ctrl+P and Ctrl+Q themselves (WordStar's print and
    # quick-menu keys), so neither the command palette nor a priority quit
    # may take them while a machine has the keyboard.
    ENABLE_COMMAND_PALETTE = False
    # F7 opens the machine monitor at a stop (a kiosk turns it off).
    MONITOR: ClassVar[bool] = True
    # F3 belongs to the exhibit on every screen (no machine has a use for
    # it): clearer colours, on and off, for any visitor who needs them.
    CLEARER_KEY = Binding("f3", "clearer_colours", "Clearer colours", priority=True)
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False), CLEARER_KEY]

    def __init__(self, stops: list[Stop], *, start_stop: str | None = None,
                 turbo: bool = False, data: Path | None = None,
                 store: Store | None = None, place: StorePlace | None = None,
                 moderation: str = "after", clearer_colours: bool = False,
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
        # time a stop needs it, in the --data folder or on the fleet's server
        # (--store); the app closes it on exit.
        self.data_folder = data
        self.place = place or StorePlace(data=data_path(data))
        self._store = store
        self._own_store = store is None
        self.store_error: str | None = None
        self.timeline = TimelineScreen(stops)
        # "before": the wall holds each visitor's post until staff approve it.
        self.moderation = moderation

    @property
    def store(self) -> Store | None:
        """The post store, opened on first use; None (and ``store_error``) if it cannot open."""
        if self._store is None and self.store_error is None:
            try:
                self._store = self.place.open()
            except PostError as e:
                log.error("the post store is not available: %s", e)
                self.store_error = str(e)
        return self._store

    def builder_for(self, stop: Stop) -> Build:
        """How every mode here makes the stop's machine: its store (when its
        profile names a board) and the app's pace."""
        store = self.store if stop.machine.get("board") else None
        return stop_builder(stop, store=store, turbo=self.turbo)

    def stop_machines(self, timeout: float | None = None) -> None:
        """Stop the machine of every screen open."""
        for screen in self.screen_stack:
            for panel in screen.query(MachinePanel):
                panel.stop_machine(timeout)

    def on_unmount(self) -> None:
        # Machines first: a CPU thread must not ask a closed store.
        self.stop_machines()
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None

    def stop_by_id(self, stop_id: str) -> Stop | None:
        return next((s for s in self.stops if s.id == stop_id), None)

    def on_mount(self) -> None:
        self.push_screen(self.timeline)
        if self.start_stop:
            self.open_stop(self.start_stop)

    def open_stop(self, stop_id: str) -> None:
        """Open a stop; from another stop it takes that stop's place (and stops its machine)."""
        stop = self.stop_by_id(stop_id)
        if stop is None:
            self.notify(f"There is no stop called {stop_id!r}.", severity="error")
            return
        build = self.builder_for(stop) if stop.has_program else None
        wall = stop.screen == "wall"
        i = self.stops.index(stop)
        screen = StopScreen(stop, build, number=i + 1, count=len(self.stops),
                            previous=self.stops[i - 1] if i > 0 else None,
                            following=self.stops[i + 1] if i + 1 < len(self.stops) else None,
                            store=self.store if wall else None,
                            store_error=self.store_error if wall else None,
                            hold=self.moderation == "before", monitor=self.MONITOR)
        self.timeline.point_at(stop.id)     # so the timeline points at it on the way back
        if isinstance(self.screen, StopScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def on_timeline_screen_open_requested(self, event: TimelineScreen.OpenRequested) -> None:
        self.open_stop(event.stop_id)

    def on_stop_screen_step_requested(self, event: StopScreen.StepRequested) -> None:
        self.step_stop(event.stop_id, event.step)

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
