"""RunApp: one machine, full screen, for ``python -m exhibit run``."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import Static

from emulator import Machine, MachineEvent
from exhibit.keys import key_help
from exhibit.widgets.terminal import TerminalView


class RunApp(App[None]):
    """The machine's screen in the middle, a status line under it.

    Every key goes to the machine while it has the keyboard; F10 gives the
    keyboard back, and then R resets, P pauses or resumes, M returns to the
    machine and Q quits.

    In a window too short for the border and the status line (an 80x24
    machine in an 80x24 terminal) the status line goes and the machine's
    screen loses its border, so all of it shows; F1 tells what the status
    line would have.
    """

    TITLE = "Exhibit machine"
    CSS_PATH = ["exhibit.tcss", "themes.tcss"]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("r", "reset", "Reset"),
        Binding("p", "pause", "Pause/resume"),
        Binding("m", "focus_machine", "Use the machine"),
    ]

    def __init__(self, machine: Machine, *, title: str = "Z80 · CP/M 2.2") -> None:
        super().__init__()
        self.machine = machine
        self.machine_title = title
        self.notice = ""
        # The screen is "-short" (exhibit.tcss hides the status line) when
        # the machine's rows, its border and the status line do not all fit.
        self.VERTICAL_BREAKPOINTS = [(0, "-short"), (machine.profile.rows + 3, "-tall")]

    def compose(self) -> ComposeResult:
        view = TerminalView(self.machine, id="terminal")
        view.add_class(f"theme-{self.machine.profile.theme}")
        view.border_title = self.machine_title
        view.border_subtitle = "F10: give the keyboard back"
        with Container(id="run-machine"):
            yield view
        yield Static("", id="run-status")

    def on_mount(self) -> None:
        self.machine.start()
        self.query_one(TerminalView).focus()
        self.set_interval(0.25, self.show_status)

    def on_unmount(self) -> None:
        self.machine.stop()

    def show_status(self) -> None:
        # The timer can fire while the screen is still being put together.
        for status in self.query("#run-status").results(Static):
            status.update(self.status_text())

    def status_text(self) -> str:
        """How fast the machine runs, what it is doing and which keys do what."""
        m = self.machine
        while not m.events.empty():
            report = m.events.get()
            if report.event in (MachineEvent.HALTED, MachineEvent.BAD_JUMP,
                                MachineEvent.CRASHED):
                self.notice = f"{report.event.value}: {report.detail} (F10 then R resets)"
                self.notify(self.notice, severity="error", timeout=8)
            elif report.event is MachineEvent.RESET:
                self.notice = ""
        asked = f"{m.profile.mhz:g} MHz" if m.profile.mhz else "flat out"
        state = "paused" if m.paused else ("waiting for a key" if m.waiting_for_key else "running")
        focused = any(view.has_focus for view in self.query(TerminalView))
        keys = "F10 gives the keyboard back" if focused else "R reset · P pause · M machine · Q quit"
        return f"{asked} asked · {m.effective_mhz:.2f} MHz run · {state} · {keys}"

    def on_terminal_view_help_requested(self, event: TerminalView.HelpRequested) -> None:
        # The status line may be hidden in a small window: F1 says it all.
        lines = [*key_help(self.machine.profile),
                 "After F10: R reset · P pause or resume · M back to the machine · Q quit",
                 self.status_text()]
        if self.notice:
            lines.append(self.notice)
        self.notify("\n".join(lines), title="Keys", timeout=12)

    def on_terminal_view_left(self, event: TerminalView.Left) -> None:
        self.set_focus(None)
        self.show_status()

    def action_focus_machine(self) -> None:
        self.query_one(TerminalView).focus()

    def action_reset(self) -> None:
        self.machine.reset()
        self.query_one(TerminalView).focus()

    def action_pause(self) -> None:
        if self.machine.paused:
            self.machine.resume()
        else:
            self.machine.pause()
        self.show_status()
