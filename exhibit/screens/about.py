"""AboutScreen: where the exhibit's story comes from, and who made what it runs on."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from exhibit.widgets.footer import Footer
from exhibit.widgets.titlebar import TitleBar
from timeline import Stop

ARTICLE = ("Gill Phillips, \"Social media is here to stay! Learn to love it!\", "
           "Whose Shoes? blog (whoseshoes.wordpress.com), February 2011.")
THREAD = ("The exhibit follows her post's thread: every new way to communicate was "
          "distrusted at work before it became essential, and the conversation is no "
          "longer one-way. Every sentence in the exhibit is our own; the facts come from "
          "her post and from the sources named for each stop below. People in the "
          "programs' messages and posts are invented.")
MACHINE = ("The machine at every stop but the wall is a Z80 processor running CP/M 2.2, "
           "emulated with the z80 and cpm80 packages by Ivan Kosarev; at the BBC Micro stop "
           "it stands in for the BBC's own 6502. The screen is a VT100 terminal modelled "
           "by pyte, drawn with Textual and Rich. CP/M is by Digital Research. The era "
           "programs were written for this exhibit, in Z80 assembly, in the spirit of their "
           "time. Some are modelled on real ones (CALC on Lotus 1-2-3, WRITE on WordStar, "
           "DOTCHASE on Pac-Man, SPADE on Space Panic and Acornsoft's Monsters); no code, "
           "pictures or names are copied.")


def stop_sources(stop: Stop) -> Text:
    """One stop's heading and its sources, each with its address where it has one."""
    text = Text()
    text.append(f"{stop.title} ({stop.year_label})\n", style="bold")
    for source in stop.sources:
        text.append(f"  • {source.text}\n")
        if source.url:
            text.append(f"    {source.url}\n", style="underline")
    return text


class AboutScreen(Screen[None]):
    """Credits: the source article, each stop's sources, and the software underneath."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, stops: list[Stop]) -> None:
        super().__init__()
        self.stops = stops

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="about-text"):
            yield Static("About this exhibit", id="about-title")
            yield Static("The story", classes="section-title")
            yield Static(Text(ARTICLE), id="about-article")
            yield Static(Text(THREAD))
            yield Static("Sources, stop by stop", classes="section-title")
            for stop in self.stops:
                yield Static(stop_sources(stop), classes="about-stop")
            yield Static("The machine", classes="section-title")
            yield Static(Text(MACHINE))
        # Outside the scrolling text, so a finger can always find the way back.
        with Horizontal(id="about-nav"):
            yield Button("Back", id="about-back")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit":
            return bool(getattr(self.app, "VISITORS_CAN_QUIT", True))
        return True

    async def action_quit(self) -> None:
        await self.app.run_action("quit")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        # A press of Back queued after the first (a visitor mashing it) would
        # pop the stop under this screen, then the timeline: only the screen
        # on top closes, as with DismissOnce (exhibit/screens/once.py).
        if self.app.screen is not self:
            return
        self.app.clear_notifications()
        self.app.pop_screen()
