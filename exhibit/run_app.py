"""RunApp: one machine, full screen, for ``python -m exhibit run``."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen

from emulator import Machine
from exhibit.textual_fixes import BaseApp
from exhibit.widgets.machine_panel import Build, LiveSource, MachinePanel

# What the keys do once the machine has given the keyboard back (F10).
AWAY_KEYS = "R start again · P pause/resume · M machine · Q quit"


class RunScreen(Screen[None]):
    """The one screen of run mode: the panel, fitted to the window."""

    def __init__(self, panel: MachinePanel) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        with Container(id="run-machine"):
            yield self.panel

    def on_resize(self, event: events.Resize) -> None:
        self.panel.fit(event.size)


class RunApp(BaseApp[None]):
    """The machine panel in the middle of the screen.

    The program gets every key (Ctrl+Q and Ctrl+C too) except the panel's
    F1, F5 and F10; F10 gives the keyboard back, and then R starts the
    program again, P pauses or resumes, M returns to the machine and Q
    quits, as the status line says. In a small window the panel gives up
    its status line and border first (F1 tells what the status line says).
    """

    TITLE = "Exhibit machine"
    CSS_PATH = ["exhibit.tcss", "themes.tcss"]
    ENABLE_COMMAND_PALETTE = False
    # Textual's own Ctrl+Q is a priority key, which would take it from the
    # program (WordStar's quick menu, XON): here it is bound the ordinary way,
    # so it quits only once the machine has given the keyboard back.
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False),
        Binding("q", "quit", "Quit"),
        Binding("r", "restart", "Start again"),
        Binding("p", "pause", "Pause/resume"),
        Binding("m", "focus_machine", "Use the machine"),
    ]

    def __init__(self, build: Build, *, title: str = "Z80 · CP/M 2.2",
                 live: LiveSource | None = None) -> None:
        super().__init__()
        self.panel = MachinePanel(build, title=title, away_keys=AWAY_KEYS, live=live, monitor=True,
                                  more_help=lambda: [f"After F10: {AWAY_KEYS}"])

    @property
    def machine(self) -> Machine:
        return self.panel.machine

    def get_default_screen(self) -> Screen[None]:
        return RunScreen(self.panel)

    def action_focus_machine(self) -> None:
        self.panel.action_focus_machine()

    def action_restart(self) -> None:
        self.panel.restart()
        self.panel.action_focus_machine()

    def action_pause(self) -> None:
        machine = self.panel.machine
        if machine.paused:
            machine.resume()
        else:
            machine.pause()
        self.panel.refresh_status()
