"""KioskApp: the exhibit running unattended for months in a museum."""

from __future__ import annotations

import argparse
import ctypes
import functools
import gc
import logging
import logging.handlers
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.binding import Binding

from emulator.store import PostError
from exhibit.app import ExhibitApp
from exhibit.screens.admin import AdminScreen, PinScreen
from exhibit.screens.attract import AttractScreen
from exhibit.screens.still_there import StillThereScreen
from exhibit.screens.timeline import TimelineScreen
from exhibit.screens.wall import ModerateScreen
from exhibit.settings import KioskSettings, data_dir, data_path, store_place
from exhibit.textual_fixes import clear_render_caches
from exhibit.visits import VisitLog
from exhibit.widgets.machine_panel import MachinePanel
from timeline import ContentError, Stop, load_timeline

log = logging.getLogger("exhibit.kiosk")

# Staff open the admin screen with F12 pressed three times within this many
# seconds, then the PIN. A visitor pressing F12 once or twice sees nothing.
ADMIN_PRESSES = 3
ADMIN_WINDOW = 3.0


SYSTEM_LOG = "/dev/log"          # the system journal's socket (systemd, syslog)


def _log_to(handler: logging.Handler) -> None:
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    # The kiosk's own lines, the store's news (a fleet's server going and
    # coming back, a full or vanished file) and the app's word that the
    # store could not open (a corrupt file) go to the same place.
    for name in ("exhibit.kiosk", "exhibit.store", "exhibit.app", "exhibit.machines"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def resident_mb() -> float | None:
    """This process's resident memory in MB, from /proc; None where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


# jemalloc's "all arenas" index (MALLCTL_ARENAS_ALL) in its control names.
_ALL_ARENAS = 4096


@functools.cache
def _mallctl() -> Callable[..., int] | None:
    """jemalloc's control call, when jemalloc serves this process's memory
    (looked up once: a process's allocator is chosen before it starts).

    The kiosk's systemd units preload it (``deploy/exhibit.env``): after a
    visit it hands back the pages the visit's objects used, where glibc's
    heap and Python's own arenas keep any page a few long-lived objects
    still pin (bench/README.md, the hour).
    """
    try:
        mallctl = ctypes.CDLL(None).mallctl
    except (OSError, AttributeError, TypeError):
        return None
    mallctl.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                        ctypes.c_size_t]
    mallctl.restype = ctypes.c_int
    return mallctl


def allocator() -> str:
    """Which allocators serve the kiosk's memory, in words for the log."""
    c = "jemalloc" if _mallctl() is not None else "the C library's malloc"
    if sys.getallocatedblocks():
        return f"Python's own allocator over {c}"
    return f"{c} for every object"


def memory_in_use() -> str:
    """What live objects take, in words for the log: beside the resident
    figure, it tells memory kept for them from memory the allocator holds."""
    blocks = sys.getallocatedblocks()
    if blocks:
        return f"Python holds {round(blocks / 1000)} thousand blocks"
    mallctl = _mallctl()
    if mallctl is not None:
        epoch = ctypes.c_uint64(1)          # jemalloc's statistics are brought up to date first
        value, size = ctypes.c_size_t(0), ctypes.c_size_t(ctypes.sizeof(ctypes.c_size_t))
        if (mallctl(b"epoch", None, None, ctypes.byref(epoch), ctypes.sizeof(epoch)) == 0
                and mallctl(b"stats.allocated", ctypes.byref(value), ctypes.byref(size),
                            None, 0) == 0):
            return f"objects take {value.value / 2**20:.1f} MB (jemalloc)"
    return "Python's blocks are not counted (PYTHONMALLOC=malloc)"


def give_back_memory() -> bool:
    """Collect what the last visit left and hand the freed heap back to the system.

    Python frees a closed screen's objects, but the C allocator keeps the
    pages for reuse, so after a busy visit (a storm of stops, a flood of
    keys) the kiosk's resident memory stays at that visit's high-water mark.
    jemalloc (which the kiosk's units preload) returns every unused page of
    every arena at once when asked; glibc's ``malloc_trim`` returns what it
    can; elsewhere (musl, macOS) there is no such call and only the
    collection runs. True if the pages were offered back.

    Rich's and Textual's drawing caches are emptied first: they hold what
    the last visitor's screens drew (see ``clear_render_caches``).
    """
    clear_render_caches()
    gc.collect()
    mallctl = _mallctl()
    if mallctl is not None:
        return mallctl(f"arena.{_ALL_ARENAS}.purge".encode(), None, None, None, 0) == 0
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return False
    trim(0)
    return True


class _JournalHandler(logging.handlers.SysLogHandler):
    """The system journal, which never writes a traceback onto the visitor's screen.

    Logging's default for a line it cannot send is a traceback on standard
    error, which in a kiosk is the terminal the exhibit draws on. A line
    the journal will not take is counted instead.
    """

    failures = 0

    def handleError(self, record: logging.LogRecord) -> None:
        self.failures += 1


def _journal(address: str = SYSTEM_LOG) -> logging.Handler | None:
    """A handler for the system journal, if its socket is there and takes a line."""
    try:
        handler = _JournalHandler(address=address)
    except OSError:
        return None
    handler.ident = "exhibit: "
    handler.emit(logging.LogRecord("exhibit.kiosk", logging.INFO, __file__, 0,
                                   "the log goes to the system journal", None, None))
    if handler.failures:            # a socket that is there but takes nothing
        handler.close()
        return None
    return handler


def open_log(folder: Path) -> tuple[Path | None, str | None]:
    """Log to a rotating file in the data folder (1 MB, five old files kept).

    A data folder the kiosk cannot write (read-only, full, vanished) must
    not stop it: the log goes to the system journal instead (its socket;
    never the terminal, which the exhibit draws on), and the problem comes
    back in words for the admin screen. Returns the file's path, or None,
    and the problem, or None.
    """
    path = folder / "exhibit.log"
    if any(isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path
           for h in log.handlers):
        return path, None
    try:
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError as e:
        problem = (f"The data folder {folder} cannot be written ({e.strerror or e}): visit "
                   "figures and posts are not kept")
        if not any(isinstance(h, logging.handlers.SysLogHandler) for h in log.handlers):
            syslog = _journal()
            if syslog is None:
                problem += ", and there is no system journal to log to."
            else:
                _log_to(syslog)
                problem += "; the log goes to the system journal."
        log.error("%s", problem)
        return None, problem
    _log_to(handler)
    return path, None


class KioskApp(ExhibitApp):
    """Attract screen, idle reset, lock-down, admin PIN, recovery, visit figures.

    No key combination a visitor can press leaves the app: Ctrl+C, Ctrl+Q,
    Ctrl+Z, Ctrl+\\ and Q do nothing here (Ctrl+C still reaches a CP/M
    program when its machine has the keyboard), and the command palette is
    off. Only staff, with the admin chord and the PIN, can quit.
    """

    inherit_bindings = False
    MONITOR = False             # a visitor pressing F7 stays with the exhibit
    BINDINGS = [Binding("f12", "admin_chord", show=False, priority=True), ExhibitApp.CLEARER_KEY,
                *ExhibitApp.PAGE_BINDINGS]

    def __init__(self, stops: list[Stop], *, settings: KioskSettings | None = None,
                 data: Path | None = None, content: Path | None = None,
                 turbo: bool = False, recovered: bool = False,
                 store_url: str | None = None) -> None:
        self.settings = settings or KioskSettings()
        if self.settings.stops:
            stops = [s for s in stops if s.id in self.settings.stops]
        # Where the data folder is; made if need be, but a kiosk whose folder
        # cannot be made or written runs on (the admin screen says so).
        self.data = data_path(data)
        self.problems: list[str] = []
        try:
            data_dir(data)
        except OSError as e:
            self.problems.append(f"The data folder {self.data} cannot be made ({e.strerror or e}).")
        place = store_place(argparse.Namespace(data=self.data, store=store_url), self.settings)
        super().__init__(stops, turbo=turbo, data=self.data, place=place,
                         moderation=self.settings.moderation,
                         clearer_colours=self.settings.clearer_colours,
                         reduced_motion=self.settings.reduced_motion)
        self.content = content
        self.log_path, log_problem = open_log(self.data)
        if log_problem:
            self.problems.append(log_problem)
        # The figures go where the posts go: this machine's file or the fleet's server.
        self.visits = VisitLog(self.store, kiosk=self.settings.name)
        self.last_input = time.monotonic()
        self.asking = False                   # the "still there?" question is up
        self.admin_presses: list[float] = []
        self.recoveries = 0
        self.restart_requested = False
        self.recovered = recovered

    # -- states ---------------------------------------------------------

    def on_mount(self, event: events.Mount) -> None:
        # Instead of ExhibitApp's start: the timeline waits under the
        # attract screen for the first visitor.
        event.prevent_default()
        log.info("kiosk started with %d stops (memory: %s)", len(self.stops), allocator())
        self.push_screen(self.timeline)
        self.push_screen(self._attract())
        self.set_interval(1.0, self.check_idle_time)
        if self.recovered:
            self.notify("Sorry, something went wrong, so the exhibit has started again.",
                        timeout=8)

    def _attract(self) -> AttractScreen:
        return AttractScreen(self.stops, self.builder_for, cycle=self.settings.attract_cycle)

    @property
    def attracting(self) -> bool:
        return isinstance(self.screen, AttractScreen)

    def on_attract_screen_woken(self, event: AttractScreen.Woken) -> None:
        """A visitor arrived: start their session at the timeline.

        Keys pressed faster than the kiosk answers are all queued before the
        first is handled; only the first, while the attract screen is still
        on top, wakes it.
        """
        if not self.attracting:
            return
        self.visits.start_session()
        self.last_input = time.monotonic()
        self.pop_screen()

    def stop_opened(self, stop: Stop) -> None:
        self.visits.open_stop(stop.id)
        if stop.has_program:
            self.visits.program_started()

    async def reset_to_attract(self) -> None:
        """Back to a clean state: every machine stopped, input dropped, attract on."""
        self.asking = False
        # Now, not only at the end: the pops below are awaited, and the idle
        # check must not see the last visitor's idle time meanwhile and ask
        # "still there?" again, under the attract screen.
        self.last_input = time.monotonic()
        self.wanted = None                  # a stop still opening is not opened after all
        self.visits.end_session()
        self.forget_kept()                  # nothing typed by the last visitor survives
        # Popping a stop screen stops its machine; the next visitor gets a
        # freshly booted one.
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if not self.attracting:
            # A fresh timeline too: the old one pointed at the last visitor's
            # stop, and its widgets' line caches held what they drew at every
            # size the visitor tried. Kept, they were the bulk of the memory a
            # kiosk gained over its first visits (bench/README.md, the hour).
            self.timeline = TimelineScreen(self.stops)
            if len(self.screen_stack) > 1:
                await self.switch_screen(self.timeline)
            else:
                # Something closed the timeline itself: put one back, or the
                # next visitor wakes the kiosk to a blank screen.
                log.warning("the timeline was gone at the idle reset; a new one is up")
                await self.push_screen(self.timeline)
            # Every stop is closed now, so nothing holds the read-only stand-in:
            # a store that could not open gets another try, and the next
            # visitor's posts and figures are kept if it opens.
            self._try_the_store_again()
            await self.push_screen(self._attract())
        self.last_input = time.monotonic()
        # A moment later, when the closed screens' timers have gone too.
        self.set_timer(1.0, self._tidy_soon)

    def _try_the_store_again(self) -> None:
        """A store that could not open, tried again (the data folder and log with it).

        If it opens, the next visitor's posts and figures are kept, and the
        admin screen stops saying they are not.
        """
        if not self.retry_store():
            return
        self.visits = VisitLog(self.store, kiosk=self.settings.name)
        self.problems = []
        if self.log_path is None:
            self.log_path, problem = open_log(self.data)
            if problem:
                self.problems.append(problem)
            else:
                log.info("the data folder %s can be written again: the log is back here, and "
                         "visitors' posts and figures are kept", self.data)

    def _tidy_soon(self) -> None:
        """Every screen's message loop moves past its last message; then the tidy, in the app's.

        A message loop keeps the last message it handled until the next one
        comes. The app's base screen, under all the others for the kiosk's
        whole run, kept a Resize that the visitor's timeline had sent it
        while laying out, and with it that old timeline (17,000 objects,
        2-3 MB) after some idle resets and not others (bench/README.md, the
        hour). ``check_idle`` wakes a loop with Textual's Prompt.
        """
        for screen in self.screen_stack:
            screen.check_idle()
        self.call_later(self.tidy_after_visit)

    def tidy_after_visit(self) -> None:
        before = resident_mb()
        trimmed = give_back_memory()
        after = resident_mb()
        if before is not None and after is not None:
            # What live objects take (Python's count of its blocks, or
            # jemalloc's of its bytes), beside the resident figure: if it
            # stays level from visit to visit while
            # the resident figure climbs, nothing is kept that should not be
            # (the allocators hold pages that a few live blocks pin); if it
            # climbs too, something is.
            log.info("memory after the visit: %.1f MB resident, %.1f MB once %s; %s", before,
                     after, "the freed pages went back" if trimmed else "collected",
                     memory_in_use())

    # -- idle -----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.Paste)):
            self.last_input = time.monotonic()
        await super().on_event(event)

    def _busy(self) -> bool:
        """A program is visibly running something: printing, playing, computing."""
        return any(panel.busy for panel in self.screen.query(MachinePanel))

    def check_idle_time(self) -> None:
        if self.attracting or self.asking or isinstance(self.screen, (PinScreen, AdminScreen,
                                                                      ModerateScreen)):
            return
        idle = time.monotonic() - self.last_input
        limit = self.settings.idle_timeout
        if self._busy():
            # A printout or a game holds the reset off, but not for ever.
            limit = max(limit, self.settings.busy_cap)
        if idle >= limit:
            self.asking = True
            self.push_screen(StillThereScreen(self.settings.countdown), self._answered)

    async def _answered(self, still_here: bool | None) -> None:
        self.asking = False
        if still_here:
            self.last_input = time.monotonic()
        else:
            log.info("idle reset")
            await self.reset_to_attract()

    # -- lock-down and admin -----------------------------------------------

    VISITORS_CAN_QUIT = False           # no Quit in any footer either

    async def action_quit(self) -> None:
        """Visitors cannot quit: the Q keys of the screens do nothing here."""

    def action_help_quit(self) -> None:
        """Textual's own Ctrl+C answer ("Press q to quit") would be untrue here: say nothing."""

    def action_admin_chord(self) -> None:
        now = time.monotonic()
        self.admin_presses = [t for t in self.admin_presses if now - t < ADMIN_WINDOW] + [now]
        if len(self.admin_presses) >= ADMIN_PRESSES:
            self.admin_presses = []
            self.push_screen(PinScreen(self.settings.admin_pin_hash), self._pin_answered)

    def _pin_answered(self, ok: bool | None) -> None:
        if ok:
            log.info("admin screen opened")
            self.push_screen(AdminScreen(self.figures()), self._admin_choice)
        else:
            log.info("admin PIN refused")

    def figures(self) -> str:
        name = self.settings.name
        try:
            mine = self.visits.summary(name if self.place.url else None)
            fleet = self.visits.summary() if self.place.url else None
        except PostError as e:
            return f"The visit figures cannot be read just now: {e}"
        lines = [f"Sessions{' at ' + name if name and fleet else ''}: {mine.sessions}"]
        lines += [f"  {s.stop:<10} opened {s.opened:>4}  {s.seconds / 60:6.1f} min  "
                  f"programs {s.programs}" for s in mine.stops]
        if fleet is not None:
            lines.append(f"Sessions on every kiosk of the fleet: {fleet.sessions}")
        if self.visits.last_error:
            lines.append(self.visits.last_error)
        if self.store_error:
            lines.append(f"The post store could not open ({self.store_error}): the wall and the "
                         "stream are read-only, and visit figures are not kept, until it is fixed.")
        lines += self.problems
        return "\n".join(lines)

    async def _admin_choice(self, choice: str | None) -> None:
        if choice == "quit":
            log.info("quit by admin")
            self.exit()
        elif choice == "reload":
            try:
                stops = load_timeline(self.content)
            except ContentError as e:
                self.notify(f"Content not reloaded: {e.problems[0]}", severity="error")
                return
            if self.settings.stops:
                stops = [s for s in stops if s.id in self.settings.stops]
            self.stops = stops
            log.info("content reloaded: %d stops", len(stops))
            self.notify(f"Content reloaded: {len(stops)} stops.")
            await self.reset_to_attract()
        elif choice == "moderate":
            from exhibit.screens.wall import ModerateScreen

            store = self.store
            if store is None or self.store_error:
                # The read-only stand-in holds only the content: nothing to moderate.
                self.notify(f"The post store could not open ({self.store_error}): "
                            "there is nothing to moderate until it is fixed.", severity="error")
                return
            log.info("moderation opened")
            await self.push_screen(ModerateScreen(store))

    # -- recovery -------------------------------------------------------

    def handle_fault(self, error: Exception) -> bool:
        """Any fault: log it, and start a fresh exhibit at the attract screen.

        Textual stops the message loop of whatever raised, so a half-broken
        screen cannot be trusted to go on. The app closes itself with
        ``restart_requested`` set, and ``run_kiosk`` starts a new one, which
        says kindly that it is starting again. Every machine is stopped first.
        """
        self.recoveries += 1
        self.restart_requested = True
        log.error("recovering from a fault", exc_info=error)
        self.stop_machines(timeout=0.5)
        self.close_now()
        return True

    def on_unmount(self) -> None:
        self.visits.close()




# More faults than this within a minute means something is badly wrong:
# give up, exit non-zero, and let the supervisor restart the process.
RESTARTS_PER_MINUTE = 5


def run_kiosk(make_app: Callable[[bool], KioskApp]) -> int:
    """Run the kiosk, starting a fresh app after each fault it recovers from."""
    recent: list[float] = []
    recovered = False
    while True:
        app = make_app(recovered)
        app.run()
        if not app.restart_requested:
            return app.return_code or 0
        now = time.monotonic()
        recent = [t for t in recent if now - t < 60] + [now]
        if len(recent) > RESTARTS_PER_MINUTE:
            log.error("too many faults in a minute; exiting for the supervisor to restart")
            return 1
        recovered = True
