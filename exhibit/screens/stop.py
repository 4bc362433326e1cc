"""StopScreen: one stop, its story beside the machine that runs its program."""

from __future__ import annotations

import queue
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Button, Static

from emulator import Machine, MachineEvent
from emulator.store import PostError
from exhibit.keys import key_help
from exhibit.machines import live_feed_for, machine_for, profile_for
from exhibit.widgets.footer import Footer
from exhibit.widgets.printer import PrinterView
from exhibit.widgets.terminal import TerminalView
from exhibit.widgets.titlebar import TitleBar
from exhibit.widgets.wall import WallView
from timeline import Stop

# What the visitor is told when a program stops in a way it never should.
TROUBLE = {
    MachineEvent.HALTED: "The program has stopped the processor with a HALT",
    MachineEvent.BAD_JUMP: "The program jumped into empty memory",
    MachineEvent.CRASHED: "The machine has stopped",
}

# What the machine panel says when the stop has no machine to show yet.
COMING = ("This stop's machine is still being built.\n\n"
          "Its story is here to read. Use Next and Previous below to visit the other stops.")
# While the social stop is open, the live conference thread gains its next
# question this often (wall time: it is the visitor watching, not the Z80).
LIVE_SECONDS = 20.0

# The layout's fixed parts, in cells (exhibit.tcss): the story panel's
# narrowest, the machine panel's side padding, and the rows the header, the
# way-on buttons and the footer take.
STORY_MIN_WIDTH = 30
PANEL_PADDING = 2
CHROME_ROWS = 5
BAR_ROWS = 1
WALL_WIDTH = 84

SCREEN_COMING = ("This stop's screen is still being built.\n\n"
                 "Its story is here to read. Use Next and Previous below to visit the other stops.")


class StoryPanel(VerticalScroll):
    """The stop's story: arrows and Home/End scroll it; PgUp/PgDn stay the
    clicker's, walking the stops, even while the story has the keyboard."""

    INHERIT_BINDINGS = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll Up", show=False),
        Binding("down", "scroll_down", "Scroll Down", show=False),
        Binding("home", "scroll_home", "Scroll Home", show=False),
        Binding("end", "scroll_end", "Scroll End", show=False),
    ]


class StopScreen(Screen[None]):
    """The story on the left, the stop's machine on the right, the way on below.

    The machine starts when the screen opens and stops when it closes.
    While the terminal has focus every key goes to the machine, except
    PgUp/PgDn (what a presenter's clicker sends), which walk the stops;
    F10 gives the keyboard back to the exhibit, M hands it to the machine.

    A window too narrow for the story beside the machine (``-alone``) shows
    the machine alone, with a one-line bar whose Story button (or F2, a key
    no machine needs) swaps in the story and back (``-story``). A window
    too short for the header, the buttons and the footer as well
    (``-short``) keeps only that bar, and one too short for the bar
    (``-bare``) only the machine. The classes are set here from the window
    and the machine's size; exhibit.tcss says what each hides.
    """

    BINDINGS = [
        Binding("escape", "back", "Timeline"),
        Binding("m", "focus_machine", "Use the machine"),
        Binding("pageup", "step(-1)", "Previous"),
        Binding("pagedown", "step(1)", "Next"),
        Binding("p", "step(-1)", "Previous", show=False),
        Binding("n", "step(1)", "Next", show=False),
        Binding("a", "app.about", "About"),
        Binding("q", "app.quit", "Quit"),
        Binding("f2", "toggle_story", "Story", priority=True),
    ]

    # Focus goes to the machine, when there is one, and nowhere else: a
    # focused button would take Enter from a visitor who meant something else.
    AUTO_FOCUS = ""

    def __init__(self, stop: Stop, machine: Machine | None, *, number: int = 1, count: int = 1,
                 previous: Stop | None = None, following: Stop | None = None) -> None:
        super().__init__()
        self.stop_info = stop
        self.machine = machine
        self.number = number
        self.count = count
        self.previous = previous
        self.following = following

    def compose(self) -> ComposeResult:
        stop = self.stop_info
        yield TitleBar()
        with Horizontal(id="stop-bar"):
            yield Button("Story · F2", id="story-toggle", compact=True)
            yield Static(Text(f"{stop.title} · stop {self.number} of {self.count} · "
                              "PgUp/PgDn other stops · F1 keys"), id="stop-bar-text")
        with Horizontal(id="stop-body"):
            with StoryPanel(id="story-panel"):
                yield Static(Text(stop.title), id="stop-title")
                yield Static(Text(f"{stop.year_label} · {stop.lane.label} · "
                                  f"stop {self.number} of {self.count}"), id="stop-when")
                yield Static(Text(stop.story), id="stop-story")
                # "Try this" is about the machine; with no machine it would
                # send the visitor looking for something that is not there.
                if stop.try_this and (self.machine is not None or stop.screen == "wall"):
                    yield Static("Try this", classes="section-title")
                    yield Static(Text(stop.try_this), id="stop-try")
                if stop.listing and self.machine is not None:
                    yield Static("Type this in", classes="section-title")
                    yield Static(Text(stop.listing), id="stop-listing")
                if stop.prompts:
                    yield Static("Talk about it", classes="section-title")
                    yield Static(Text("\n".join(f"• {p}" for p in stop.prompts)),
                                 id="stop-prompts")
            with Vertical(id="machine-panel"):
                if self.machine is not None:
                    view = TerminalView(self.machine, id="terminal")
                    view.add_class(f"theme-{self.machine.profile.theme}")
                    view.border_title = f"{stop.title} · Z80 · CP/M 2.2"
                    view.border_subtitle = "F10: give the keyboard back"
                    yield view
                    yield Static("", id="machine-status")
                    choices = self._choices()
                    if len(choices) > 1:
                        with Horizontal(id="program-choice"):
                            yield Static("Run:", id="program-choice-label")
                            for name in choices:
                                yield Button(name, id=f"run-{name}", classes="run-program")
                elif stop.screen == "wall":
                    yield WallView(getattr(self.app, "store", None),
                                   unavailable=getattr(self.app, "store_error", None),
                                   id="wall")
                else:
                    yield Static(SCREEN_COMING if stop.screen else COMING, id="no-machine")
        with Horizontal(id="stop-nav"):
            yield Button(self._way("◀ ", self.previous, ""), id="previous",
                         disabled=self.previous is None)
            yield Button("Timeline", id="timeline")
            yield Button("About", id="about")
            yield Button(self._way("", self.following, " ▶"), id="next",
                         disabled=self.following is None)
        yield Footer()

    def _way(self, before: str, stop: Stop | None, after: str) -> str:
        if stop is None:
            return "Start" if before else "The end"
        return f"{before}{stop.short_label}{after}"

    def _choices(self) -> tuple[str, ...]:
        return self.machine.profile.programs if self.machine is not None else ()

    # -- fitting a small window ----------------------------------------------

    def _needs(self) -> tuple[int, int]:
        """The cells the machine side wants with its border: width, then height."""
        if self.machine is not None:
            profile = self.machine.profile
            extra = 1 + (3 if len(self._choices()) > 1 else 0)   # status line, chooser
            return profile.cols + 2, profile.rows + 2 + extra
        if self.stop_info.screen == "wall":
            return WALL_WIDTH, 0
        return 0, 0

    def fit(self, size: Size) -> None:
        """Set the layout classes for a window of this size."""
        width, height = self._needs()
        alone = width > 0 and size.width < width + PANEL_PADDING + STORY_MIN_WIDTH
        short = height > 0 and size.height < height + CHROME_ROWS
        rows = self.machine.profile.rows if self.machine is not None else 0
        bare = short and size.height < rows + BAR_ROWS
        was_bare = self.has_class("-bare")
        if alone != self.has_class("-alone"):
            self.refresh_bindings()         # F2 is in the footer only when it swaps
        self.set_class(alone, "-alone")
        self.set_class(short, "-short")
        self.set_class(bare, "-bare")
        if not alone and self.has_class("-story"):
            self._show_story(False)
        if bare and alone and not was_bare:
            # No room even for the bar: say once how to reach the story.
            self.notify("F2 shows this stop's story and F1 its keys; F10 gives the "
                        "keyboard back.", title="A small window", timeout=8)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size)

    def action_toggle_story(self) -> None:
        """Swap the machine for the story and back, when they cannot sit side by side."""
        if self.has_class("-alone"):
            self._show_story(not self.has_class("-story"))

    def _show_story(self, story: bool) -> None:
        self.set_class(story, "-story")
        self.query_one("#story-toggle", Button).label = "Machine · F2" if story else "Story · F2"
        if story:
            self.query_one(StoryPanel).focus()
        elif self.machine is not None:
            self.query_one(TerminalView).focus()
        else:
            self.set_focus(None)

    # -- life -------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.machine is not None:
            self.machine.start()
            self.query_one(TerminalView).focus()
            self.set_interval(0.25, self.watch_machine)
            self.live = live_feed_for(self.stop_info, self.machine.host.store)
            if self.live is not None:
                self.set_interval(LIVE_SECONDS, self.live_step)

    def live_step(self) -> None:
        """The live thread's next question, as if someone at home had just asked it."""
        if self.live is None:
            return
        try:
            self.live.step()
        except PostError:
            pass        # a full disk: the thread simply stays as it is

    def watch_machine(self) -> None:
        """Show the paper once the program prints; say so when it goes wrong."""
        if self.machine is None:
            return
        if self.machine.printer.lines() and not self.query(PrinterView):
            paper = PrinterView(self.machine.printer, id="paper")
            paper.border_title = "Line printer"
            self.query_one("#machine-panel", Vertical).mount(paper)
        while True:
            try:
                report = self.machine.events.get_nowait()
            except queue.Empty:
                return
            status = self.query_one("#machine-status", Static)
            if report.event in TROUBLE:
                where = f" at {report.pc:04X}h" if report.pc is not None else ""
                status.update(f"{TROUBLE[report.event]}{where}. Press F5 to start it again.")
                if self.has_class("-short"):
                    # The status line may have no room under the machine.
                    self.notify(f"{TROUBLE[report.event]}{where}. Press F5 to start it again.",
                                severity="error", timeout=10)
            elif report.event is MachineEvent.RESET:
                status.update("")

    def on_terminal_view_help_requested(self, event: TerminalView.HelpRequested) -> None:
        if self.machine is not None:
            lines = key_help(self.machine.profile)
            if self.has_class("-alone"):
                lines.append("F2 the stop's story, and F2 again for the machine")
            if self.has_class("-short"):
                lines.append("PgUp/PgDn the stops before and after this one")
            self.notify("\n".join(lines), title="Keys", timeout=12)

    def on_terminal_view_reset_requested(self, event: TerminalView.ResetRequested) -> None:
        if self.machine is not None:
            self.machine.reset()
            self.query_one("#machine-status", Static).update("")

    async def run_program(self, name: str) -> None:
        """Start the machine afresh with another of the stop's programs."""
        if self.machine is None:
            return
        profile = profile_for(self.stop_info)          # as the stop file has it
        boot = profile.boot
        if boot.split()[:1] != [name]:
            boot = name
        # A stop that leaves the visitor at A> goes back there when the
        # program ends; one that boots into its program starts it again.
        restart = profile.restart and bool(profile.boot)
        old = self.machine
        old.stop()
        for paper in self.query(PrinterView):
            await paper.remove()
        self.machine = machine_for(self.stop_info, store=old.host.store, boot=boot,
                                   restart=restart,
                                   **({"mhz": None} if old.profile.mhz is None else {}))
        view = self.query_one(TerminalView)
        new_view = TerminalView(self.machine, id="terminal")
        new_view.set_classes(view.classes)
        new_view.border_title = view.border_title
        new_view.border_subtitle = view.border_subtitle
        await view.remove()
        await self.query_one("#machine-panel", Vertical).mount(new_view, before=0)
        self.machine.start()
        new_view.focus()

    def on_unmount(self) -> None:
        if self.machine is not None:
            self.machine.stop()

    def on_terminal_view_left(self, event: TerminalView.Left) -> None:
        self.set_focus(None)
        self.notify("The keyboard is back with the exhibit. Press M to use the machine again.")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("run-"):
            await self.run_program(event.button.id[4:])
        elif event.button.id == "previous":
            self.action_step(-1)
        elif event.button.id == "next":
            self.action_step(1)
        elif event.button.id == "timeline":
            self.action_back()
        elif event.button.id == "story-toggle":
            self.action_toggle_story()
        elif event.button.id == "about":
            self.app.action_about()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys for things this stop does not have are left off the footer.
        if action == "focus_machine":
            return self.machine is not None
        if action == "toggle_story":
            return self.has_class("-alone")     # side by side, the story is there
        if action == "step":
            return (self.following if parameters[0] == 1 else self.previous) is not None
        return True

    def action_focus_machine(self) -> None:
        if self.has_class("-story"):
            self._show_story(False)
        elif self.machine is not None:
            self.query_one(TerminalView).focus()

    def action_step(self, step: int) -> None:
        self.app.step_stop(self.stop_info.id, step)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.pop_screen()
