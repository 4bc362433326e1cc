"""StopScreen: one stop, its story beside the machine that runs its program."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from emulator import Machine
from exhibit.widgets.terminal import TerminalView
from timeline import Stop


class StopScreen(Screen[None]):
    """The story on the left, the stop's machine on the right.

    The machine starts when the screen opens and stops when it closes.
    While the terminal has focus every key goes to the machine; F10 gives
    the keyboard back to the exhibit.
    """

    BINDINGS = [
        Binding("escape", "back", "Timeline"),
        Binding("m", "focus_machine", "Use the machine"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, stop: Stop, machine: Machine | None) -> None:
        super().__init__()
        self.stop_info = stop
        self.machine = machine

    def compose(self) -> ComposeResult:
        stop = self.stop_info
        yield Header()
        with Horizontal(id="stop-body"):
            with VerticalScroll(id="story-panel"):
                yield Static(stop.title, id="stop-title")
                yield Static(f"{stop.year_label} · {stop.lane.label}", id="stop-when")
                yield Static(stop.story, id="stop-story")
                if stop.try_this:
                    yield Static("Try this", classes="section-title")
                    yield Static(stop.try_this, id="stop-try")
            with Vertical(id="machine-panel"):
                if self.machine is not None:
                    view = TerminalView(self.machine, id="terminal")
                    view.add_class(f"theme-{self.machine.profile.theme}")
                    view.border_title = f"{stop.title} · Z80 · CP/M 2.2"
                    view.border_subtitle = "F10: give the keyboard back"
                    yield view
                else:
                    yield Static("The machine for this stop is coming soon.", id="no-machine")
        yield Footer()

    def on_mount(self) -> None:
        if self.machine is not None:
            self.machine.start()
            self.query_one(TerminalView).focus()

    def on_unmount(self) -> None:
        if self.machine is not None:
            self.machine.stop()

    def on_terminal_view_left(self, event: TerminalView.Left) -> None:
        self.set_focus(None)
        self.notify("The keyboard is back with the exhibit. Press M to use the machine again.")

    def action_focus_machine(self) -> None:
        if self.machine is not None:
            self.query_one(TerminalView).focus()

    def action_back(self) -> None:
        self.app.pop_screen()
