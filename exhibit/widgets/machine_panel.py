"""MachinePanel: one machine, hosted the same way in every mode that shows one."""

from __future__ import annotations

import asyncio
import functools
import logging
import weakref
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.scalar import Scalar
from textual.geometry import Size
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Static

from emulator import Machine, MachineBusy, MachineEvent, Report
from emulator.sinclair import SinclairMachine
from emulator.social_seed import LiveFeed
from emulator.store import PostError, Store
from exhibit.browser import ALTERNATIVES, in_browser
from exhibit.keys import key_help
from exhibit.screens.paper import PaperScreen
from exhibit.textual_fixes import BaseApp, focus_now
from exhibit.widgets.printer import PrinterView
from exhibit.widgets.terminal import TerminalView

log = logging.getLogger(__name__)

Build = Callable[[str | None], Machine]
"""Makes a fresh, powered-off machine; given a program's name, one that boots into it."""

LiveSource = Callable[[Store], LiveFeed | None]
"""The live thread of the stop's stream on a store, if its content has one."""

# What a visitor is told when a program stops in a way it never should.
TROUBLE = {
    MachineEvent.HALTED: "The program has stopped the processor with a HALT",
    MachineEvent.BAD_JUMP: "The program jumped into empty memory",
    MachineEvent.CRASHED: "The machine has stopped",
}

# While a machine on the social board runs, the live conference thread gains
# its next question this often (wall time: it is the visitor watching).
LIVE_SECONDS = 20.0

KEYS = "F1 keys · F5 start again · F10 keyboard back"
MONITOR_KEYS = "F1 keys · F5 start again · F7 monitor · F10 keyboard back"

# The chooser's programs by key, in order (F7 is kept for the monitor).
PROGRAM_KEYS = ("f6", "f8", "f9")
PAPER_KEY = "f4"


def css_rows(*widgets: Widget) -> int:
    """The rows the widgets' own CSS gives them (height or min-height), margins included;
    auto and fr heights count as 0."""
    return sum(max(_cells(w.styles.height), _cells(w.styles.min_height)) + w.styles.margin.height
               for w in widgets)


def css_cols(*widgets: Widget) -> int:
    """The columns the widgets' CSS gives them (width or min-width), margins included."""
    return sum(max(_cells(w.styles.width), _cells(w.styles.min_width)) + w.styles.margin.width
               for w in widgets)


def _cells(scalar: Scalar | None) -> int:
    return int(scalar.value) if scalar is not None and scalar.is_cells else 0


class StatusLine(Static):
    """The panel's status line, never wider than the machine's screen (it wraps instead)."""

    def __init__(self, width: int, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.limit = width

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return min(super().get_content_width(container, viewport), self.limit)


class MachinePanel(Vertical):
    """A machine with its screen, status line, printer paper and program chooser.

    Every mode that shows a machine places one panel and listens to its
    messages; none wires a machine by hand. The panel builds the machine
    (``build``), starts it when mounted and stops it when removed. The
    machine pushes its reports here from its own thread; the panel shows
    them on the status line (trouble in words, with what to do) and passes
    each on as ``Reported``.

    Keys, while the machine's screen has the keyboard: F1 shows the keys,
    F5 starts the program again (a reset to just after boot, or a freshly
    built machine when the old one crashed, exited or will not stop), F10
    hands the keyboard back (``KeyboardReleased``). Every other key goes to
    the machine. A crash never leaves a dead machine behind a live-looking
    screen: F5 always ends with a CPU thread running.

    The era's look comes from the machine's profile (``theme-*`` classes,
    themes.tcss). The panel's own sizes are in exhibit.tcss; ``needs`` says
    how many cells the machine wants with its border and status line, so
    the screen around can decide what to give up in a small window.
    """

    class _AboutMachine(Message):
        """Names a machine without keeping it alive.

        These messages bubble up to the app's own queue, where in a real
        terminal they can wait seconds behind keys queued while stops open;
        a machine (memory, disks, its power-on state for step-back) is about
        1.4 MB, and a held PgDn passed a dozen of them. Once its panel has
        let it go, ``machine`` is None.
        """

        def __init__(self, machine: Machine) -> None:
            super().__init__()
            self._machine = weakref.ref(machine)

        @property
        def machine(self) -> Machine | None:
            return self._machine()

    class Reported(_AboutMachine):
        """A report from the machine (on the UI thread): halted, crashed, reset, waiting..."""

        def __init__(self, machine: Machine, report: Report) -> None:
            super().__init__(machine)
            self.report = report

    class Restarted(_AboutMachine):
        """The panel's machine was started again (``machine`` may be a new one)."""

    class KeyboardReleased(Message):
        """The visitor gave the keyboard back to the exhibit (F10)."""

    DEFAULT_CLASSES = "machine-panel"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(PAPER_KEY, "paper", "Printout"),
        *(Binding(key, f"program({i})", f"Program {i + 1}", show=False)
          for i, key in enumerate(PROGRAM_KEYS)),
    ]

    STOP_TIMEOUT: ClassVar[float] = 2.0
    WINDOW_SLACK: ClassVar[int] = 2     # rows a screen may be short of and still show, following

    def __init__(self, build: Build, *, title: str,
                 subtitle: str = "F10: give the keyboard back",
                 away_keys: str = "M: use the machine",
                 chooser: bool = True, keyboard: bool = True,
                 more_help: Callable[[], list[str]] | None = None,
                 cursor_blink: bool = True, focus: bool = True,
                 live: LiveSource | None = None, monitor: bool = False,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._build = build
        self._live_source = live
        # F7 (and a breakpoint) opens the monitor: for hobbyists and trainers,
        # never on a kiosk, where a visitor would only be lost in it.
        self.monitor = monitor
        self._monitor_open = False
        self.title = title
        self.subtitle = subtitle
        self.away_keys = away_keys
        self.chooser = chooser
        self.keyboard = keyboard
        self.more_help = more_help
        self.cursor_blink = cursor_blink
        self.focus_on_mount = focus and keyboard
        self.machine = build(None)
        self.program: str | None = None      # the program chosen, None for the profile's boot
        self.trouble = ""                    # what went wrong, in words, until F5
        self._exited = False                 # a program returned to CP/M and is not typed again
        self._loop: asyncio.AbstractEventLoop | None = None
        self._live: Timer | None = None
        self._feed: LiveFeed | None = None

    # -- parts ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        view = TerminalView(self.machine, id="terminal", cursor_blink=self.cursor_blink,
                            classes=self._theme(self.machine))
        view.border_title = self.title
        view.border_subtitle = self.subtitle if self.keyboard else None
        view.can_focus = self.keyboard
        yield view
        yield StatusLine(self.machine.profile.cols + 2, id="machine-status")
        programs = self.machine.profile.programs
        if self.chooser and len(programs) > 1:
            with Horizontal(id="program-choice"):
                yield Static("Run:", id="program-choice-label")
                for i, name in enumerate(programs):
                    key = f"{PROGRAM_KEYS[i].upper()} " if i < len(PROGRAM_KEYS) else ""
                    yield Button(f"{key}{name}", id=f"run-{name}", classes="run-program")

    @property
    def view(self) -> TerminalView:
        return self.query_one(TerminalView)

    @staticmethod
    def _theme(machine: Machine) -> str:
        return f"theme-{machine.profile.theme}"

    def needs(self) -> Size:
        """The cells the machine wants: its screen with a border, and the status line
        and program chooser under it (their heights from exhibit.tcss)."""
        profile = self.machine.profile
        below = [*self.query("#machine-status"), *self.query("#program-choice")]
        return Size(profile.cols + 2, profile.rows + 2 + css_rows(*below))

    def fit(self, room: Size) -> bool:
        """Fit the panel to the room its screen can give it; False when even the
        machine's bare screen does not fit (the view then says so in words).

        Without room for the status line and chooser under the bordered
        screen the panel is ``-short`` (exhibit.tcss hides them; F1 tells
        what the status line would); the view itself drops its border when
        that is what does not fit (see TerminalView).
        """
        views = self.query(TerminalView)
        if not views:
            return True             # being taken down (its screen was left): nothing to fit
        view = views.first()
        needs = self.needs()
        self.set_class(room.height < needs.height, "-short")
        profile = self.machine.profile
        # A row or two short (the BBC Micro's 25 rows in a 24-row terminal):
        # the screen shows the rows that fit and follows the cursor.
        window = (room.height if room.width >= profile.cols
                  and profile.rows - self.WINDOW_SLACK <= room.height < profile.rows else None)
        if window != view.window_rows:
            view.window_rows = window
            view.styles.max_height = window
        return room.width >= profile.cols and room.height >= (window or profile.rows)

    @property
    def typed(self) -> bool:
        """The visitor has typed into this machine (so leaving it would lose something)."""
        return any(view.keys_typed for view in self.query(TerminalView))

    @property
    def busy(self) -> bool:
        """The program is visibly doing something (printing, playing, computing)."""
        m = self.machine
        return m.running and not m.waiting_for_key and m.fault is None and not m.paused

    # -- life -------------------------------------------------------------

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._power_on(self.machine)
        if self.focus_on_mount:
            focus_now(self.view)
        # Host files a mounted drive B: left out (names CP/M cannot hold), said
        # where the hobbyist looks, once, rather than on a terminal the app hides.
        if isinstance(self.machine, Machine):
            left_out = self.machine.drive_warnings()
            if left_out:
                self.notify("Drive B: leaves out " + "; ".join(left_out[:5])
                            + (f"; and {len(left_out) - 5} more" if len(left_out) > 5 else ""),
                            title="Mounted folder", timeout=12)

    def on_unmount(self) -> None:
        self.stop_machine()
        # A timer started while this panel was Textual's active message pump
        # keeps the panel (in its context) until it would have fired, even
        # when cancelled: up to 20 s. Without this link to its screen, the
        # whole closed stop would be kept with it, a storm of stops at once.
        self.more_help = None
        if isinstance(self.app, BaseApp):   # every app of the exhibit is one
            self.app.panel_closed(self)

    def stop_machine(self, timeout: float | None = None) -> bool:
        """Stop the machine (its thread ends, drive B: is written back); True once it has."""
        self.machine.listen(None)
        return self.machine.stop(self.STOP_TIMEOUT if timeout is None else timeout)

    def _power_on(self, machine: Machine) -> None:
        machine.listen(functools.partial(self._hear, machine=machine))
        self.trouble = ""
        self._exited = False
        try:
            machine.start()
        except MachineBusy as e:
            self.trouble = f"{e}. Press F5 to start it again."
        self._watch_live_feed()
        self.refresh_status()

    def _hear(self, report: Report, *, machine: Machine) -> None:
        # Mostly on the machine's thread: only hand the report to the UI's
        # loop, as a message to this panel (handled below, then up to the screen).
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.post_message, self.Reported(machine, report))

    def on_machine_panel_reported(self, message: Reported) -> None:
        machine, report = message.machine, message.report
        if machine is not self.machine:
            message.stop()                      # from a machine this panel has let go
            return
        event = report.event
        if event in TROUBLE:
            where = f" at {report.pc:04X}h" if report.pc is not None else ""
            self.trouble = f"{TROUBLE[event]}{where}. Press F5 to start it again."
        elif event is MachineEvent.RESET:
            self.trouble = ""
        elif event is MachineEvent.PROGRAM_EXITED and not machine.profile.restart:
            self._exited = True
        elif event is MachineEvent.BREAK and self._can_monitor():
            self.open_monitor()
        elif event is MachineEvent.NOTICE and report.detail:
            self.notify(report.detail, timeout=8)
        elif event is MachineEvent.PRINTED and not self.query(PrinterView):
            paper = PrinterView(machine.printer, id="paper")
            paper.border_title = "Line printer · F4 full screen"
            self.mount(paper)
            if self.keyboard:
                self.notify("The printer is printing. F4 shows your printout full screen.",
                            title="Printout", timeout=8)
        self.refresh_status()

    def refresh_status(self) -> None:
        """Show what the machine does now on the status line."""
        for status in self.query("#machine-status").results(StatusLine):
            status.limit = self.machine.profile.cols + 2
            status.update(Text(self.status_text()))
            status.set_class(bool(self.trouble), "-trouble")

    def status_text(self) -> str:
        """The pace asked for, what the machine is doing, and the keys that work now."""
        if self.trouble:
            return self.trouble
        m = self.machine
        pace = f"{m.profile.mhz:g} MHz" if m.profile.mhz else "turbo"
        if not self.keyboard:
            return f"{pace} · {m.state}"
        # No view: the panel is being taken down (a blur on the way out).
        focused = any(view.has_focus for view in self.query(TerminalView))
        keys = (MONITOR_KEYS if self._can_monitor() else KEYS) if focused else self.away_keys
        if focused and in_browser():
            # A browser tab keeps Ctrl+W, Ctrl+T and Ctrl+N for itself.
            keys += " · " + ", ".join(f"{alt.title()} for {real.title()}"
                                      for alt, real in ALTERNATIVES.items())
        return f"{pace} · {m.state} · {keys}"

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_status()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.refresh_status()

    # -- starting again ---------------------------------------------------

    def restart(self) -> None:
        """Start the program again: a reset to just after boot when the machine is
        well, otherwise (crashed, program ended, thread stuck) a freshly built one."""
        m = self.machine
        if m.running and m.error is None and not self._exited:
            try:
                m.reset()
            except MachineBusy:
                pass                            # wedged: a fresh machine below
            else:
                self.trouble = ""
                self.refresh_status()
                self.post_message(self.Restarted(m))
                return
        self._start_fresh(self.program)

    def run_program(self, name: str) -> None:
        """Start afresh with another of the machine's programs (the chooser's buttons)."""
        self.program = name
        self._start_fresh(name)

    def _start_fresh(self, program: str | None) -> None:
        try:
            machine = self._build(program)
        except Exception as e:  # noqa: BLE001 -- a vanished folder, a full disk: say so, go on
            log.warning("could not build a fresh machine: %s", e)
            self.trouble = f"The machine could not be started again: {e}. Press F5 to try again."
            self.refresh_status()
            return
        self.replace(machine)

    def replace(self, machine: Machine, *, title: str | None = None) -> None:
        """Show and run ``machine`` in place of the current one, in the same view.

        The old machine is stopped; if its thread does not end in time it
        keeps its stop flag and ends by itself (it is never started again).
        """
        old = self.machine
        self.stop_machine()
        for paper in self.query(PrinterView):
            paper.remove()
        self.machine = machine
        if title is not None:
            self.title = title
        view = self.view
        view.remove_class(self._theme(old))
        view.add_class(self._theme(machine))
        view.border_title = self.title
        view.attach(machine)
        self._power_on(machine)
        focused = self.screen.focused
        if self.keyboard and (focused is None or self in focused.ancestors):
            focus_now(view)
        self.post_message(self.Restarted(machine))

    def rebuild(self, build: Build, *, title: str, live: LiveSource | None = None) -> None:
        """Host another machine from now on (the attract screen's next demo)."""
        self._build = build
        self._live_source = live
        self.program = None
        self.replace(build(None), title=title)

    # -- the social board's live thread -------------------------------------

    def _watch_live_feed(self) -> None:
        # The stop's content says which thread is live (its held-back
        # replies); the machine's store is where they appear.
        store = self.machine.host.store
        self._feed = (self._live_source(store)
                      if self._live_source is not None and store is not None else None)
        if self._feed is not None and self._live is None:
            self._live = self.set_interval(LIVE_SECONDS, self.live_step)
        elif self._feed is None and self._live is not None:
            self._live.stop()
            self._live = None

    def live_step(self) -> None:
        """The live thread's next question, as if someone at home had just asked it."""
        if self._feed is None:
            return
        try:
            self._feed.step()
        except PostError:
            pass        # a full disk: the thread simply stays as it is

    # -- keys -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "paper":
            return self.keyboard and bool(self.query(PrinterView))
        if action == "program":
            index = int(str(parameters[0]))
            return self.keyboard and self.chooser and index < len(self.machine.profile.programs)
        return True

    def action_program(self, index: int) -> None:
        """A program from the chooser, by its key (F6, F8, F9)."""
        programs = self.machine.profile.programs
        if self.chooser and index < len(programs):
            self.run_program(programs[index])

    def action_paper(self) -> None:
        """The printout full screen: read it, scroll it, tear it off."""
        if self.query(PrinterView):
            self.app.push_screen(PaperScreen(self.machine.printer), self._paper_closed)

    def _paper_closed(self, torn: bool | None) -> None:
        if torn:
            for paper in self.query(PrinterView):
                paper.remove()
        self.action_focus_machine()

    def action_focus_machine(self) -> None:
        if self.keyboard:
            for view in self.query(TerminalView):     # none yet while it is being built
                focus_now(view)

    # -- the monitor --------------------------------------------------------

    def _can_monitor(self) -> bool:
        # The monitor reads a CP/M machine's memory, labels and history.
        return self.monitor and isinstance(self.machine, Machine)

    def open_monitor(self) -> None:
        """Hold the machine and look inside it (registers, code, memory, step, step back)."""
        if not self._can_monitor():
            if self.monitor:
                self.notify("The monitor looks inside the CP/M machines; this one is a "
                            "Sinclair.", timeout=6)
            return
        if self._monitor_open:
            return
        from exhibit.widgets.monitor import MonitorScreen

        self._monitor_open = True

        def closed(_: None) -> None:
            self._monitor_open = False
            if self.keyboard:
                focus_now(self.view)
            self.refresh_status()

        self.app.push_screen(MonitorScreen(self.machine), closed)

    def on_terminal_view_monitor_requested(self, event: TerminalView.MonitorRequested) -> None:
        event.stop()
        self.open_monitor()

    def show_help(self) -> None:
        machine = self.machine
        lines = (machine.key_help() if isinstance(machine, SinclairMachine)
                 else key_help(machine.profile))
        if self._can_monitor():
            lines.append("F7 the monitor: registers, code, memory, breakpoints, step and step back")
        programs = self.machine.profile.programs
        if self.chooser and len(programs) > 1:
            lines.append("   ".join(f"{key.upper()} {name}" for key, name
                                    in zip(PROGRAM_KEYS, programs, strict=False))
                         + "   start that program")
        if self.query(PrinterView):
            lines.append("F4 your printout full screen: scroll it, T tears it off")
        if self.more_help is not None:
            lines += self.more_help()
        lines.append(self.status_text())
        self.notify("\n".join(lines), title="Keys", timeout=12)

    def on_terminal_view_help_requested(self, event: TerminalView.HelpRequested) -> None:
        event.stop()
        self.show_help()

    def on_terminal_view_reset_requested(self, event: TerminalView.ResetRequested) -> None:
        event.stop()
        self.restart()

    def on_terminal_view_left(self, event: TerminalView.Left) -> None:
        event.stop()
        self.screen.set_focus(None)
        self.refresh_status()
        self.post_message(self.KeyboardReleased())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("run-"):
            event.stop()
            self.run_program(button[4:])
