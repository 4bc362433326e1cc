"""StillThereScreen: "Are you still there?" before the kiosk resets itself."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from exhibit.screens.once import DismissOnce


class StillThereScreen(DismissOnce, ModalScreen[bool]):
    """Counts down; any key, click or touch answers yes (True). At zero: False."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.left = int(seconds)

    def compose(self) -> ComposeResult:
        with Vertical(id="still-there"):
            yield Static("Are you still there?", id="still-there-title")
            yield Static(self._line(), id="still-there-count")
            yield Button("Yes, I'm still here", id="still-here", variant="primary")

    def _line(self) -> str:
        unit = "second" if self.left == 1 else "seconds"
        return f"The exhibit starts again for the next visitor in {self.left} {unit}."

    def on_mount(self) -> None:
        self.set_interval(1.0, self.count)

    def count(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.dismiss(False)
            return
        self.query_one("#still-there-count", Static).update(self._line())

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(True)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True)
