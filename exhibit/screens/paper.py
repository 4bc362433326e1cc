"""PaperScreen: a machine's printout full screen, to read, scroll and tear off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from emulator import Printer
from exhibit.textual_fixes import focus_now
from exhibit.widgets.footer import Footer
from exhibit.widgets.printer import PrinterView


class PaperScreen(Screen[bool]):
    """The printer's paper over the whole window, opened with F4 from the machine.

    It opens at the top of the last page printed (a banner of your name, a
    letter from WRITE), scrolls with the arrows, PgUp/PgDn, Home and End,
    and keeps feeding while the program prints. T tears the paper off (the
    printer starts a clean sheet); Esc goes back to the machine. Dismissed
    with True when the paper was torn off.
    """

    BINDINGS = [
        Binding("escape", "close", "Back to the machine"),
        Binding("t", "tear", "Tear it off"),
    ]

    DEFAULT_CSS = """
    PaperScreen #paper-title { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    PaperScreen #paper-full { width: 100%; height: 1fr; scrollbar-size: 0 0; }
    """

    def __init__(self, printer: Printer, *, title: str = "Line printer") -> None:
        super().__init__()
        self.printer = printer
        self.paper_title = title

    def compose(self) -> ComposeResult:
        yield Static(f"{self.paper_title}: your printout · ↑↓ PgUp PgDn scroll · "
                     "T tear off · Esc back", id="paper-title")
        yield PrinterView(self.printer, id="paper-full")
        yield Footer()

    def on_mount(self) -> None:
        paper = self.query_one(PrinterView)
        focus_now(paper)
        self.call_after_refresh(paper.scroll_to_last_page)

    def action_close(self) -> None:
        self.dismiss(False)

    def action_tear(self) -> None:
        self.printer.clear()
        self.notify("Torn off. The printer has a clean sheet for your next printout.")
        self.dismiss(True)
