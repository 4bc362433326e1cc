"""TimelineScreen: the journey, one entry per stop, in time order."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from timeline import Stop


class TimelineScreen(Screen[None]):
    """Lists the stops; Enter (or a click) opens one."""

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, stops: list[Stop]) -> None:
        super().__init__()
        self.stops = stops

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="journey"):
            yield Static("How we talked at home and at work, 1970s to today", id="journey-title")
            yield Static("Choose a stop with the arrow keys and press Enter, or click one.",
                         id="journey-hint")
            yield OptionList(*(self._option(stop) for stop in self.stops), id="stops")
        yield Footer()

    @staticmethod
    def _option(stop: Stop) -> Option:
        machine = "" if stop.has_program else "   (machine coming soon)"
        return Option(f"{stop.year_label:>11}  {stop.lane.label:<4}  {stop.title}{machine}",
                      id=stop.id)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.open_stop(event.option.id)  # type: ignore[attr-defined]
