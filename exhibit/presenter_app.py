"""PresenterApp: the exhibit as a talk, stepped through with a presentation clicker."""

from __future__ import annotations

import dataclasses
import functools
import re
import time
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.geometry import Size
from textual.widgets import Static

from emulator import Machine
from emulator.store import READ_ONLY, Store, StorePlace, open_store_or_fallback
from exhibit import presenter_state
from exhibit.machines import live_feed_for, stop_builder
from exhibit.presenter_state import PresenterState
from exhibit.settings import data_path
from exhibit.textual_fixes import BaseApp
from exhibit.widgets.bigtitle import BigTitle
from exhibit.widgets.machine_panel import MachinePanel, css_rows
from exhibit.widgets.picture import PictureView
from exhibit.widgets.terminal import TerminalView
from timeline import Stop

PART_LABELS = {"title": "Title card", "story": "Story", "program": "The machine",
               "discussion": "Discussion"}


@dataclasses.dataclass(frozen=True)
class Slide:
    stop_index: int
    part: str


# Read from the back of a room: the story's first sentences, no more.
PROJECTOR_WORDS = 60


def projector_story(story: str, limit: int = PROJECTOR_WORDS) -> str:
    """The story's opening sentences, up to ``limit`` words (at least one sentence)."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(story.split()))
    kept: list[str] = []
    for sentence in sentences:
        if kept and len(" ".join([*kept, sentence]).split()) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)


def slides_for(stops: list[Stop]) -> list[Slide]:
    """Every stop's parts in order: title card, story, its program, its prompt."""
    slides = []
    for i, stop in enumerate(stops):
        slides.append(Slide(i, "title"))
        slides.append(Slide(i, "story"))
        if stop.has_program:
            slides.append(Slide(i, "program"))
        if stop.prompts:
            slides.append(Slide(i, "discussion"))
    return slides


class PresenterApp(BaseApp[None]):
    """Clicker keys walk through the stops and their parts; B blanks the screen.

    PgDn/PgUp always move (even while the machine has the keyboard, since no
    CP/M program of ours needs them); Right/Left/Space/Backspace move when
    the machine does not have the keyboard. Every move is written to a small
    state file that ``python -m exhibit notes`` follows on the laptop.

    The program slide is a MachinePanel, as at a stop: F1 its keys, F5
    starts the program again, F10 takes the keyboard back, and its status
    line says when the program goes wrong. In a small window (an 80x24
    machine in an 80x24 terminal) the heading, the padding and the status
    lines give way to the machine (``-tight``; sizes from presenter.tcss),
    which goes borderless if it must (see TerminalView).
    """

    TITLE = "How we talked: the talk"
    CSS_PATH = ["exhibit.tcss", "themes.tcss", "presenter.tcss"]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "next", "Next", priority=True),
        Binding("pageup", "previous", "Previous", priority=True),
        Binding("right,space", "next", "Next", show=False),
        Binding("left,backspace", "previous", "Previous", show=False),
        Binding("b,full_stop", "blank", "Blank", show=False),
        Binding("f5", "resume", "Start", show=False),
        Binding("escape,t", "overview", "Timeline", show=False),
        Binding("g", "go", "Go to stop", show=False),
        Binding("m", "use_machine", "Use the machine", show=False),
        Binding("q", "quit", "Quit", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False),
        *(Binding(str(n), f"jump({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, stops: list[Stop], *, state_path: Path | None = None,
                 turbo: bool = False, data: Path | None = None,
                 place: StorePlace | None = None) -> None:
        super().__init__()
        self.data_folder = data
        self._store: Store | None = None
        self.place = place or StorePlace(data=data_path(data))
        self.stops = stops
        self.slides = slides_for(stops)
        self.index = 0
        self.blank = False
        self.overview = False
        self.turbo = turbo
        self.state_path = state_path or presenter_state.default_path()
        self.started_at = time.time()
        self.panel: MachinePanel | None = None
        self._go_digits: str | None = None

    @property
    def store(self) -> Store | None:
        """The post store for the social stop, opened on first use (the read-only
        stand-in, with the content's stream, when it cannot open)."""
        if self._store is None:
            self._store, error = open_store_or_fallback(self.place)
            if error is not None:
                self.notify(READ_ONLY, severity="warning")
        return self._store

    # -- layout ---------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Container(id="slide")
        yield Static("", id="overview")
        yield Static("", id="blank")
        yield Static("", id="status")

    async def on_mount(self) -> None:
        await self.show()

    @property
    def slide(self) -> Slide:
        return self.slides[self.index]

    @property
    def stop(self) -> Stop:
        return self.stops[self.slide.stop_index]

    @property
    def machine(self) -> Machine | None:
        """The program slide's machine (None on other slides)."""
        return self.panel.machine if self.panel is not None else None

    async def show(self) -> None:
        """Draw the current slide and tell the notes follower."""
        self.panel = None           # removed with the slide, which stops its machine
        slide_box = self.query_one("#slide", Container)
        await slide_box.remove_children()
        stop, part = self.stop, self.slide.part
        header = f"{stop.year_label} · {stop.lane.label}"
        if part == "title":
            # The object, large, above the big title (presenter.tcss caps its
            # height); left out where it would be too small to show well.
            picture = ([PictureView(stop.picture, grow=True, max_grow=2, min_scale=0.6,
                                    id="title-picture")]
                       if stop.picture is not None else [])
            await slide_box.mount(Vertical(*picture, BigTitle(stop.title, id="big-title"),
                                           Static(header, id="title-when"), id="title-card"))
        elif part == "story":
            await slide_box.mount(Static(stop.title, classes="slide-heading"),
                                  Static(projector_story(stop.story), id="slide-story"))
        elif part == "program":
            store = self.store if stop.machine.get("board") else None
            self.panel = MachinePanel(
                stop_builder(stop, store=store, turbo=self.turbo),
                title=f"{stop.title} · Z80 · CP/M 2.2",
                subtitle="M: type into it · F10: give the keyboard back",
                away_keys="M: type into it", focus=False, id="panel", monitor=True,
                live=functools.partial(live_feed_for, stop))
            await slide_box.mount(Static(stop.title, classes="slide-heading"), self.panel)
        else:
            prompts = "\n\n".join(stop.prompts)
            await slide_box.mount(Static("Let's talk", classes="slide-heading"),
                                  Static(prompts, id="slide-prompt"))
        self.fit(self.size)
        self.query_one("#blank").display = self.blank
        self.query_one("#overview").display = self.overview
        if self.overview:
            self.query_one("#overview", Static).update(self._overview_text())
        self._show_status()
        self._write_state()

    def _show_status(self) -> None:
        # How to end the talk, always in the same corner: Q, or F10 then Q
        # while the machine has the keyboard (every other key is the program's).
        how = "F10, then Q ends the talk" if self._machine_has_keys() else "Q ends the talk"
        self.query_one("#status", Static).update(
            f"{self.slide.stop_index + 1}/{len(self.stops)}  {PART_LABELS[self.slide.part]}"
            f"  ·  {how}")

    def on_machine_panel_keyboard_released(self) -> None:
        self.call_after_refresh(self._show_status)

    def fit(self, size: Size) -> None:
        """Make the program slide "-tight" when the machine would not fit with the rest."""
        tight = False
        panel = self.panel
        if self.slide.part == "program" and panel is not None:
            needs = panel.needs()
            slide = self.query_one("#slide")
            around = (slide.styles.padding.height + css_rows(self.query_one("#status"))
                      + css_rows(*slide.query(".slide-heading")))
            tight = (size.width < needs.width + slide.styles.padding.width
                     or size.height < needs.height + around)
            panel.fit(size if tight else Size(size.width, size.height - around))
        self.screen.set_class(tight, "-tight")

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size)

    def _overview_text(self) -> str:
        lines = ["THE TIMELINE", ""]
        for n, stop in enumerate(self.stops, start=1):
            here = "▶" if n - 1 == self.slide.stop_index else " "
            lines.append(f"{here} {n}  {stop.year_label:>11}  {stop.lane.label:<4}  {stop.title}")
        lines += ["", "Press a number to go to a stop, F5 to carry on."]
        return "\n".join(lines)

    def _next_label(self) -> str:
        if self.index + 1 >= len(self.slides):
            return "the end of the talk"
        nxt = self.slides[self.index + 1]
        return f"{self.stops[nxt.stop_index].title}: {PART_LABELS[nxt.part]}"

    def _write_state(self) -> None:
        stop, slide = self.stop, self.slide
        parts = [s for s in self.slides if s.stop_index == slide.stop_index]
        state = PresenterState(
            stop_id=stop.id, stop_title=stop.title, stop_number=slide.stop_index + 1,
            stops=len(self.stops), part=PART_LABELS[slide.part],
            part_number=parts.index(slide) + 1, parts=len(parts), notes=stop.notes,
            prompts=stop.prompts, next_label=self._next_label(), started_at=self.started_at,
            updated_at=time.time(), blank=self.blank)
        try:
            presenter_state.write(self.state_path, state)
        except OSError as e:
            # The talk goes on without notes rather than stopping mid-sentence.
            self.notify(f"Presenter notes could not be saved: {e.strerror}", severity="warning")

    # -- moving ---------------------------------------------------------

    def _machine_has_keys(self) -> bool:
        return isinstance(self.focused, TerminalView)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the machine has the keyboard only the priority keys (PgUp,
        # PgDn) reach us; the rest are the program's.
        if self._machine_has_keys() and action not in ("next", "previous", "quit"):
            return False
        return True

    async def move_to(self, index: int) -> None:
        self.index = max(0, min(index, len(self.slides) - 1))
        self.overview = False
        await self.show()

    async def action_next(self) -> None:
        if self.blank:
            self.action_blank()
            return
        await self.move_to(self.index + 1)

    async def action_previous(self) -> None:
        if self.blank:
            self.action_blank()
            return
        await self.move_to(self.index - 1)

    def action_blank(self) -> None:
        self.blank = not self.blank
        self.query_one("#blank").display = self.blank
        self._write_state()

    async def action_resume(self) -> None:
        self.blank = False
        self.overview = False
        await self.show()

    async def action_overview(self) -> None:
        self.overview = not self.overview
        await self.show()

    async def action_jump(self, number: int) -> None:
        if self._go_digits is not None:
            self._go_digits += str(number)
            if len(self._go_digits) >= len(str(len(self.stops))):
                await self._finish_go()
            return
        await self.jump_to_stop(number)

    async def jump_to_stop(self, number: int) -> None:
        if not 1 <= number <= len(self.stops):
            self.notify(f"There is no stop {number}; the stops are 1 to {len(self.stops)}.")
            return
        first = next(i for i, s in enumerate(self.slides) if s.stop_index == number - 1)
        await self.move_to(first)

    def action_go(self) -> None:
        self._go_digits = ""
        self.query_one("#status", Static).update("Go to stop: type its number")

    async def _finish_go(self) -> None:
        digits, self._go_digits = self._go_digits, None
        if digits:
            await self.jump_to_stop(int(digits))

    def action_use_machine(self) -> None:
        if self.panel is not None:
            self.panel.action_focus_machine()
            self.call_after_refresh(self._show_status)

    def on_unmount(self) -> None:
        if self.panel is not None:
            self.panel.stop_machine()
        try:
            presenter_state.end(self.state_path)   # `notes` then says the talk has ended
        except OSError:
            pass
        if self._store is not None:
            self._store.close()
