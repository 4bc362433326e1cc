"""RunApp: one machine, full screen, for ``python -m exhibit run``."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.widgets import Static

from emulator import Machine, MachineEvent
from exhibit.widgets.terminal import TerminalView


class RunApp(App[None]):
    """The machine's screen in the middle, a status line under it.

    Every key goes to the machine while it has the keyboard; F10 gives the
    keyboard back, and then R resets, P pauses or resumes, M returns to the
    machine and Q quits.
    """

    TITLE = "Exhibit machine"
    CSS_PATH = ["exhibit.tcss", "themes.tcss"]
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { align: center middle; }
    #run-status { width: 100%; height: 1; color: $text-muted; content-align: center middle; }
    """
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

    def compose(self) -> ComposeResult:
        view = TerminalView(self.machine, id="terminal")
        view.add_class(f"theme-{self.machine.profile.theme}")
        view.border_title = self.machine_title
        view.border_subtitle = "F10: give the keyboard back"
        with Middle():
            with Center():
                yield view
            yield Static("", id="run-status")

    def on_mount(self) -> None:
        self.machine.start()
        self.query_one(TerminalView).focus()
        self.set_interval(0.25, self.show_status)

    def on_unmount(self) -> None:
        self.machine.stop()

    def show_status(self) -> None:
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
        keys = "F10 gives the keyboard back" if self.query_one(TerminalView).has_focus \
            else "R reset · P pause · M machine · Q quit"
        self.query_one("#run-status", Static).update(
            f"{asked} asked · {m.effective_mhz:.2f} MHz run · {state} · {keys}")

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
