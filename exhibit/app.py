"""ExhibitApp: the timeline and its stops, in one Textual app."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.worker import Worker

from emulator import Machine
from emulator.store import PostError, Store, StorePlace, open_store_or_fallback
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
    # PgUp/PgDn walk the stops from the app itself (priority): a held key's
    # repeats are then counted in the app's own queue as they arrive, never
    # handed to a stop screen that is about to be replaced (and lost with it).
    PAGE_BINDINGS = [Binding("pageup", "page(-1)", "Previous", priority=True),
                     Binding("pagedown", "page(1)", "Next", priority=True)]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False), CLEARER_KEY, *PAGE_BINDINGS]

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
        # Stop changes coalesce: ``wanted`` is the stop last asked for; only
        # one stop opens at a time, and when it has, the app goes straight
        # on to whatever was asked for meanwhile (a held PgDn skips the rest).
        self.wanted: str | None = None
        self._opening: Worker[None] | None = None
        # The machine of the last stop the visitor typed at and left, stopped,
        # so a quick PgUp/PgDn away and back finds their program as they left
        # it. One at most: leaving another such stop replaces it.
        self.kept: tuple[str, Machine] | None = None

    @property
    def store(self) -> Store | None:
        """The post store, opened on first use.

        When it cannot open, the read-only stand-in (the content's stream in
        memory, visitors' posts refused in words), and ``store_error`` says
        why for staff.
        """
        if self._store is None:
            self._store, self.store_error = open_store_or_fallback(self.place)
        return self._store

    def retry_store(self) -> bool:
        """Try again to open a store that could not open; True if it opens now.

        A kiosk runs for months: a data folder made writable again, a disk
        with room again, a corrupt ``posts.db`` moved aside by staff should
        bring the wall back without a restart. The caller makes sure no
        screen is still using the read-only stand-in (the kiosk asks at an
        idle reset, once every stop is closed). A store handed in by the
        caller is theirs, and never replaced.
        """
        if self._store is None or self.store_error is None or not self._own_store:
            return False
        try:
            store = self.place.open()
        except PostError as e:
            log.info("the post store still cannot open (%s)", e)
            return False
        self._store.close()
        self._store, self.store_error = store, None
        log.info("the post store opened after all (%s): the wall and the stream take posts "
                 "again", self.place.describe())
        return True

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
        self.forget_kept()
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None

    def stop_by_id(self, stop_id: str) -> Stop | None:
        return next((s for s in self.stops if s.id == stop_id), None)

    def on_mount(self, event: events.Mount) -> None:
        self.push_screen(self.timeline)
        if self.start_stop:
            self.open_stop(self.start_stop)

    # Visitors may quit with Q (and the footer says so); a kiosk says no.
    VISITORS_CAN_QUIT = True

    def open_stop(self, stop_id: str) -> None:
        """Open a stop; from another stop it takes that stop's place (and stops its machine).

        Asked while another stop is still opening, it only changes which
        stop comes next: requests that arrive faster than a stop can open
        collapse to the last one, so a held key never piles up screens or
        machines, and the screen settles on the stop the keys asked for.
        """
        stop = self.stop_by_id(stop_id)
        if stop is None:
            self.notify(f"There is no stop called {stop_id!r}.", severity="error")
            return
        self.wanted = stop.id
        self.timeline.point_at(stop.id)     # so the timeline points at it on the way back
        if self._opening is None or self._opening.is_finished:
            # A worker, not a bare task: it runs as the app's own. A task made
            # here would run as the widget whose key asked for the stop, and
            # every message the opening posts (toasts cleared, focus) would
            # name that widget as its sender. In a real terminal those
            # messages wait behind the keys still queued, so a held PgDn kept
            # each stop it passed alive, with its machine, for seconds.
            self._opening = self.run_worker(self._open_wanted(), name="open a stop",
                                            group="open a stop")

    async def _open_wanted(self) -> None:
        try:
            await self._open_each_wanted()
        except Exception as error:
            # As from a handler: the kiosk recovers; elsewhere Textual's own report.
            if not self.handle_fault(error):
                raise

    async def _open_each_wanted(self) -> None:
        while self.wanted is not None and self.is_running and self.screen_stack:
            here = self.screen
            if isinstance(here, StopScreen) and here.stop_info.id == self.wanted:
                return
            if isinstance(here, ModalScreen):
                # A question came up (the kiosk's "still there?", the admin PIN)
                # while keys were still asking for stops: the stop must not
                # cover it, or it is never answered and the kiosk never resets.
                self.wanted = None
                return
            stop = self.stop_by_id(self.wanted)
            if stop is None:
                return
            await self._show_stop(stop, replace=isinstance(here, StopScreen))
            if not isinstance(self.screen, StopScreen):
                return                      # the visitor went elsewhere meanwhile

    def keep_machine(self, stop_id: str, machine: Machine) -> None:
        """Keep the machine of a stop the visitor typed at (replacing any kept before)."""
        if machine.error is None:
            self.kept = (stop_id, machine)

    def forget_kept(self) -> None:
        """The next visitor starts afresh everywhere."""
        if self.kept is not None:
            self.kept[1].stop(0.5)
        self.kept = None

    def _build_keeping(self, stop: Stop) -> Build:
        """The stop's builder, handing back its kept machine the first time, if it has one."""
        build = self.builder_for(stop)
        kept = self.kept
        if kept is None or kept[0] != stop.id:
            return build
        self.kept = None
        waiting: list[Machine] = [kept[1]]

        def build_or_kept(program: str | None) -> Machine:
            if waiting and program is None:
                return waiting.pop()
            return build(program)
        return build_or_kept

    async def _show_stop(self, stop: Stop, *, replace: bool) -> None:
        here = self.screen
        if replace and isinstance(here, StopScreen):
            here.leaving()
        build = self._build_keeping(stop) if stop.has_program else None
        wall = stop.screen == "wall"
        i = self.stops.index(stop)
        screen = StopScreen(stop, build, number=i + 1, count=len(self.stops),
                            previous=self.stops[i - 1] if i > 0 else None,
                            following=self.stops[i + 1] if i + 1 < len(self.stops) else None,
                            store=self.store if wall else None,
                            store_error=self.store_error if wall else None,
                            hold=self.moderation == "before", monitor=self.MONITOR)
        returning = self.kept is not None and self.kept[0] == stop.id
        self.clear_notifications()          # a toast belongs to the screen it was said on
        if replace:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)
        if returning and self.kept is None:
            self.notify("The machine is as you left it, with what you typed. "
                        "F5 starts it afresh.", title="Welcome back", timeout=6)
        self.stop_opened(stop)

    def stop_opened(self, stop: Stop) -> None:
        """A stop is on screen (the kiosk counts it)."""

    def stop_after(self, stop_id: str, step: int) -> Stop | None:
        """The stop ``step`` places from the one the visitor is heading for (which,
        while keys arrive faster than stops open, may not be ``stop_id`` yet)."""
        here = self.stop_by_id(self.wanted or stop_id) or self.stop_by_id(stop_id)
        if here is None:
            return None
        i = self.stops.index(here) + step
        return self.stops[i] if 0 <= i < len(self.stops) else None

    def on_timeline_screen_open_requested(self, event: TimelineScreen.OpenRequested) -> None:
        self.open_stop(event.stop_id)

    def on_stop_screen_step_requested(self, event: StopScreen.StepRequested) -> None:
        self.step_stop(event.stop_id, event.step)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit":
            return self.VISITORS_CAN_QUIT       # and so never in a kiosk's footer
        if action == "page":
            # Only at a stop, and only when there is a stop that way.
            screen = self.screen
            return (isinstance(screen, StopScreen)
                    and self.stop_after(screen.stop_info.id, int(str(parameters[0]))) is not None)
        return True

    def action_page(self, step: int) -> None:
        screen = self.screen
        if isinstance(screen, StopScreen):
            self.step_stop(screen.stop_info.id, step)

    def step_stop(self, stop_id: str, step: int) -> None:
        """The stop before or after the one asked for last; nothing past either end."""
        stop = self.stop_after(stop_id, step)
        if stop is not None:
            self.open_stop(stop.id)

    def action_clearer_colours(self) -> None:
        """F3: every colour at 4.5:1 or more, or back to the era looks as shipped."""
        on = not self.has_class(CLEARER)
        self.set_class(on, CLEARER)
        self.notify("Clearer colours on: F3 turns them off." if on else
                    "Clearer colours off: F3 turns them on.", timeout=4)

    def action_about(self) -> None:
        if not isinstance(self.screen, AboutScreen):
            self.clear_notifications()
            self.push_screen(AboutScreen(self.stops))
