"""The kiosk's admin screens: the PIN prompt, then quit, reload, figures."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from exhibit.screens.once import DismissOnce
from exhibit.settings import check_pin


class PinScreen(DismissOnce, ModalScreen[bool]):
    """Asks for the admin PIN; True when it matches the stored hash."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    MAX_TRIES = 3

    def __init__(self, pin_hash: str) -> None:
        super().__init__()
        self.pin_hash = pin_hash
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield Static("Staff only: enter the admin PIN", id="pin-title")
            yield Input(password=True, max_length=12, restrict=r"[0-9]*", id="pin")
            yield Static("", id="pin-message")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.pin_hash and check_pin(event.value, self.pin_hash):
            self.dismiss(True)
            return
        self.tries += 1
        event.input.value = ""
        if not self.pin_hash:
            self.query_one("#pin-message", Static).update(
                "No admin PIN is set: add admin_pin_hash to the settings (python -m exhibit pin).")
        elif self.tries >= self.MAX_TRIES:
            self.dismiss(False)
        else:
            self.query_one("#pin-message", Static).update("That PIN is not right. Try again.")

    def action_cancel(self) -> None:
        self.dismiss(False)


class AdminScreen(DismissOnce, ModalScreen[str]):
    """What staff can do: returns "quit", "reload", "moderate" or "back"."""

    BINDINGS = [Binding("escape", "choose('back')", "Back")]

    def __init__(self, figures: str) -> None:
        super().__init__()
        self.figures = figures

    def compose(self) -> ComposeResult:
        with Vertical(id="admin-box"):
            yield Static("Exhibit administration", id="admin-title")
            yield Static(self.figures, id="admin-figures")
            with Horizontal(id="admin-buttons"):
                yield Button("Back to the exhibit", id="back", variant="primary")
                yield Button("Reload content", id="reload")
                yield Button("Moderate the wall", id="moderate")
                yield Button("Quit the exhibit", id="quit", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "back")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
