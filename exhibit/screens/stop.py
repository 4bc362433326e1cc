"""StopScreen: one stop, its story beside the machine that runs its program."""

from __future__ import annotations

import functools
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from emulator import Machine
from emulator.store import Store
from exhibit.machines import live_feed_for
from exhibit.textual_fixes import focus_now
from exhibit.widgets.footer import Footer
from exhibit.widgets.machine_panel import Build, MachinePanel, css_cols, css_rows
from exhibit.widgets.picture import PictureView
from exhibit.widgets.terminal import TerminalView
from exhibit.widgets.titlebar import TitleBar
from exhibit.widgets.wall import WallView
from timeline import Stop

# What the machine panel says when the stop has no machine to show yet.
COMING = ("This stop's machine is still being built.\n\n"
          "Its story is here to read. Use Next and Previous below to visit the other stops.")

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

    The machine is a MachinePanel: it starts when the screen opens and stops
    when it closes, and owns F1, F5 and F10. While the machine has the
    keyboard every other key goes to it, except PgUp/PgDn (what a
    presenter's clicker sends), which walk the stops; M hands the keyboard
    back to the machine.

    A window too narrow for the story beside the machine (``-alone``) shows
    the machine alone, with a one-line bar whose Story button (or F2, a key
    no machine needs) swaps in the story and back (``-story``). A window
    too short for the header, the buttons and the footer as well
    (``-short``) keeps only that bar, and one too short for the bar
    (``-bare``) only the machine. The sizes come from exhibit.tcss and the
    panel's ``needs``; exhibit.tcss says what each class hides.

    Moving to another stop or to the About screen is asked of the app with
    ``StepRequested`` and ``app.about``; the wall's store is given when the
    screen is made.
    """

    class StepRequested(Message):
        """The visitor asked for the stop ``step`` places before or after this one."""

        def __init__(self, stop_id: str, step: int) -> None:
            super().__init__()
            self.stop_id = stop_id
            self.step = step

    BINDINGS = [
        Binding("escape", "back", "Timeline"),
        Binding("m", "focus_machine", "Use the machine"),
        # (PgUp/PgDn are the app's, so that a held key is never lost: see ExhibitApp.)
        Binding("p", "step(-1)", "Previous", show=False),
        Binding("n", "step(1)", "Next", show=False),
        Binding("a", "about", "About"),
        Binding("q", "quit", "Quit"),
        Binding("f2", "toggle_story", "Story", priority=True),
    ]

    # Focus goes to the machine, when there is one, and nowhere else: a
    # focused button would take Enter from a visitor who meant something else.
    AUTO_FOCUS = ""

    def __init__(self, stop: Stop, build: Build | None, *, number: int = 1, count: int = 1,
                 previous: Stop | None = None, following: Stop | None = None,
                 store: Store | None = None, store_error: str | None = None,
                 hold: bool = False, monitor: bool = False) -> None:
        super().__init__()
        self.stop_info = stop
        self.number = number
        self.count = count
        self.previous = previous
        self.following = following
        self.store = store
        self.store_error = store_error
        self.hold = hold                  # the wall holds posts for staff (pre-moderation)
        self.panel: MachinePanel | None = None
        if build is not None:
            self.panel = MachinePanel(build, title=f"{stop.title} · Z80 · CP/M 2.2",
                                      more_help=self._more_help, id="panel", monitor=monitor,
                                      live=functools.partial(live_feed_for, stop))

    @property
    def machine(self) -> Machine | None:
        """The machine the panel runs now (a fresh one after a crash and F5)."""
        return self.panel.machine if self.panel is not None else None

    def compose(self) -> ComposeResult:
        stop = self.stop_info
        yield TitleBar()
        with Horizontal(id="stop-bar"):
            story_toggle = Button("Story · F2", id="story-toggle", compact=True)
            story_toggle.can_focus = False
            yield story_toggle
            yield Static(Text(f"{stop.title} · stop {self.number} of {self.count} · "
                              "PgUp/PgDn other stops · F1 keys"), id="stop-bar-text")
        with Horizontal(id="stop-body"):
            with StoryPanel(id="story-panel"):
                # The object itself, above its story (exhibit.tcss sizes it;
                # it takes no room where it cannot fit).
                if stop.picture is not None:
                    yield PictureView(stop.picture, id="stop-picture")
                yield Static(Text(stop.title), id="stop-title")
                yield Static(Text(f"{stop.year_label} · {stop.lane.label} · "
                                  f"stop {self.number} of {self.count}"), id="stop-when")
                yield Static(Text(stop.story), id="stop-story")
                # "Try this" is about the machine; with no machine it would
                # send the visitor looking for something that is not there.
                if stop.try_this and (self.panel is not None or stop.screen == "wall"):
                    yield Static("Try this", classes="section-title")
                    yield Static(Text(stop.try_this), id="stop-try")
                if stop.listing and self.panel is not None:
                    yield Static("Type this in", classes="section-title")
                    yield Static(Text(stop.listing), id="stop-listing")
                if stop.prompts:
                    yield Static("Talk about it", classes="section-title")
                    yield Static(Text("\n".join(f"• {p}" for p in stop.prompts)),
                                 id="stop-prompts")
            with Vertical(id="machine-panel"):
                if self.panel is not None:
                    yield self.panel
                elif stop.screen == "wall":
                    yield WallView(self.store, unavailable=self.store_error, hold=self.hold,
                                   id="wall")
                else:
                    yield Static(SCREEN_COMING if stop.screen else COMING, id="no-machine")
        with Horizontal(id="stop-nav"):
            # A finger or a mouse presses these; the keys are in the footer.
            # Never focused, so a key meant for a box or the machine can
            # never land on one (and Enter never presses one by surprise).
            for button in (Button(self._way("◀ ", self.previous, ""), id="previous",
                                  disabled=self.previous is None),
                           Button("Timeline", id="timeline"),
                           Button("About", id="about"),
                           Button(self._way("", self.following, " ▶"), id="next",
                                  disabled=self.following is None)):
                button.can_focus = False
                yield button
        yield Footer()

    def _way(self, before: str, stop: Stop | None, after: str) -> str:
        if stop is None:
            return "Start" if before else "The end"
        return f"{before}{stop.short_label}{after}"

    # -- fitting a small window ----------------------------------------------

    def _needs(self) -> Size:
        """The cells the machine side wants: width, then height (0: no demand)."""
        if self.panel is not None:
            return self.panel.needs()
        walls = self.query(WallView)
        return Size(sum(wall.COLUMNS + wall.styles.margin.width for wall in walls), 0)

    def fit(self, size: Size) -> None:
        """Set the layout classes for a window of this size."""
        sides, stories = self.query("#machine-panel"), self.query(StoryPanel)
        if not sides or not stories:
            # A resize can reach a screen whose widgets are being taken
            # down (the visitor left it, a storm of stops): nothing to fit.
            return
        needs = self._needs()
        side, story = sides.first(), stories.first()
        chrome = css_rows(*self.query(TitleBar), *self.query("#stop-nav"), *self.query(Footer))
        alone = needs.width > 0 and size.width < needs.width + side.styles.padding.width + css_cols(story)
        short = needs.height > 0 and size.height < needs.height + chrome
        bar = css_rows(*self.query("#stop-bar"))
        rows = self.panel.machine.profile.rows if self.panel is not None else 0
        bare = short and size.height < rows + bar
        was_bare = self.has_class("-bare")
        if alone != self.has_class("-alone"):
            self.refresh_bindings()         # F2 is in the footer only when it swaps
        self.set_class(alone, "-alone")
        self.set_class(short, "-short")
        self.set_class(bare, "-bare")
        if self.panel is not None:
            room = size.height - (0 if bare else bar if short else chrome)
            self.panel.fit(Size(size.width, room))
        if not alone and self.has_class("-story"):
            self._show_story(False)
        if bare and alone and not was_bare:
            # No room even for the bar: say once how to reach the story.
            self.notify("F2 shows this stop's story and F1 its keys; F10 gives the "
                        "keyboard back.", title="A small window", timeout=8)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size)

    def _more_help(self) -> list[str]:
        lines = []
        if self.has_class("-alone"):
            lines.append("F2 the stop's story, and F2 again for the machine")
        if self.has_class("-short"):
            lines.append("PgUp/PgDn the stops before and after this one")
        return lines

    def action_toggle_story(self) -> None:
        """Swap the machine for the story and back, when they cannot sit side by side."""
        if self.has_class("-alone"):
            self._show_story(not self.has_class("-story"))

    def _show_story(self, story: bool) -> None:
        self.set_class(story, "-story")
        self.query_one("#story-toggle", Button).label = "Machine · F2" if story else "Story · F2"
        if story:
            focus_now(self.query_one(StoryPanel))
        elif self.panel is not None:
            self.panel.action_focus_machine()
        else:
            self.set_focus(None)

    # -- who has the keyboard ------------------------------------------------------

    def keyboard_owner(self) -> str:
        """Who the next printable key goes to: "machine", "box" or "exhibit"."""
        focused = self.focused
        if isinstance(focused, TerminalView):
            return "machine"
        if isinstance(focused, Input):
            return "box"
        return "exhibit"

    def owner_text(self) -> str:
        owner = self.keyboard_owner()
        if owner == "machine":
            return "Keyboard: the machine · F10 gives it back"
        if owner == "box":
            return "Keyboard: the text box · Esc timeline"
        if self.panel is not None:
            return "Keyboard: the exhibit · M the machine"
        return "Keyboard: the exhibit"

    def _show_owner(self) -> None:
        for title in self.query(TitleBar):
            title.note = self.owner_text()
        for bar in self.query("#stop-bar-text").results(Static):
            bar.update(Text(f"{self.owner_text()} · {self.stop_info.title} · "
                            f"stop {self.number} of {self.count} · PgUp/PgDn other stops"))
        self.refresh_bindings()             # the footer lists only the keys that work now

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_owner()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._show_owner)

    def on_mount(self) -> None:
        self._show_owner()
        # The wall's width is known only once it is mounted: fit again then.
        self.call_after_refresh(lambda: self.fit(self.size))

    def on_screen_resume(self) -> None:
        # Back from About (or a printout): the keyboard goes back to where
        # this stop's keys belong, not to nothing.
        if self.focused is None:
            self._give_keyboard_back()
        self._show_owner()

    def _give_keyboard_back(self) -> None:
        if self.has_class("-story"):
            focus_now(self.query_one(StoryPanel))
        elif self.panel is not None:
            self.panel.action_focus_machine()
        else:
            for wall in self.query(WallView):
                wall.take_keyboard()

    # -- life -------------------------------------------------------------------

    def leaving(self) -> None:
        """The visitor is leaving this stop: what they typed here is kept for a
        quick PgUp/PgDn away and back (the app keeps one such machine, stopped)."""
        panel = self.panel
        keep = getattr(self.app, "keep_machine", None)
        if panel is not None and keep is not None and panel.typed:
            keep(self.stop_info.id, panel.machine)

    def on_machine_panel_keyboard_released(self, event: MachinePanel.KeyboardReleased) -> None:
        self.notify("The keyboard is back with the exhibit. Press M to use the machine again.")

    def on_machine_panel_restarted(self, event: MachinePanel.Restarted) -> None:
        self.fit(self.size)                 # another program may want another size

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "previous":
            self.action_step(-1)
        elif event.button.id == "next":
            self.action_step(1)
        elif event.button.id == "timeline":
            self.action_back()
        elif event.button.id == "story-toggle":
            self.action_toggle_story()
        elif event.button.id == "about":
            await self.action_about()

    # Keys a text box or the machine takes for itself: while either has the
    # keyboard these never reach the screen, so the footer leaves them off.
    PRINTABLE_ACTIONS = frozenset({"focus_machine", "app.about", "about", "app.quit", "quit"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys for things this stop does not have, and keys that do not
        # work just now, are left off the footer.
        owner = self.keyboard_owner()
        if owner != "exhibit" and action in self.PRINTABLE_ACTIONS:
            return False
        if owner == "machine" and action == "back":
            return False                        # Esc is the program's
        if action in ("quit", "app.quit"):
            return bool(getattr(self.app, "VISITORS_CAN_QUIT", True))
        if action == "focus_machine":
            return self.panel is not None
        if action == "toggle_story":
            return self.has_class("-alone")     # side by side, the story is there
        if action == "step":
            stop_after = getattr(self.app, "stop_after", None)
            if stop_after is not None:
                # The stop the keys are heading for, which a flood of them
                # may have moved past this one.
                return stop_after(self.stop_info.id, parameters[0]) is not None
            return (self.following if parameters[0] == 1 else self.previous) is not None
        return True

    def action_focus_machine(self) -> None:
        if self.has_class("-story"):
            self._show_story(False)
        elif self.panel is not None:
            self.panel.action_focus_machine()

    def action_step(self, step: int) -> None:
        self.post_message(self.StepRequested(self.stop_info.id, step))

    async def action_about(self) -> None:
        await self.app.run_action("about")

    async def action_quit(self) -> None:
        await self.app.run_action("quit")

    def action_back(self) -> None:
        if self.app.screen is not self:
            return      # a press queued for a stop already left: it would pop the timeline
        self.leaving()
        # The timeline clears this stop's toasts as it comes back; cleared
        # from here, the request would name this screen and keep it alive
        # behind any keys still queued (a storm of Escape, 3, Enter).
        self.app.pop_screen()
