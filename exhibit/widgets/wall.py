"""WallView: the visitors' wall, read newest first, a page at a time, and a box to post.

No Z80 here: the wall reads the post store directly. It shows the posts
the store marks as visitors' answers to its question (a flag, not a date:
the social stop's posts stay on that stop). Every post is
cleaned again before it is drawn (``emulator.moderation.clean``) and drawn
as plain ``rich.text.Text``, so no escape sequence or markup a post holds
can reach the screen.

Under pre-moderation (the kiosk setting ``moderation = "before"``) a post
is kept held: nobody sees it until staff approve it in the moderation
view, and the visitor is told so. A paste too long for the box is cut to
fit, with a note saying so (Textual's Input would drop it whole).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from emulator.moderation import MAX_POST, check, clean
from emulator.store import READ_ONLY, Post, PostError, ReadOnlyStore, Store
from exhibit.motion import still
from exhibit.textual_fixes import focus_now

WALL_BOARD = "wall"
PAGE = 5                   # posts on a page at most; fewer when fewer fit
SMALL = 24                 # rows under which the wall's boxes and buttons go borderless
REFRESH_SECONDS = 5.0      # the page is read again this often, whatever happened
# The store's change counter is asked this often (a number in memory: on a
# fleet's server, a listening connection counts its change signals), so a
# post made or hidden on another kiosk shows here within a second.
CHANGES_SECONDS = 0.5
QUESTION = "What is one way you talk to people today that nobody could in 1980?"
NAME_MAX = 24
POSTED = "Posted. Thank you! Visitors after you will read it."
HELD = ("Thank you! Your answer will appear once a member of staff has read it.")


def wall_posts(store: Store, *, offset: int = 0, limit: int = PAGE) -> list[Post]:
    """The page of visitors' posts the wall shows, newest first."""
    return store.answers(offset=offset, limit=limit)


def post_text(author: str, text: str, when: dt.datetime, where: str) -> Text:
    """One post as plain text: no markup, no escapes, whatever the store holds."""
    line = Text()
    line.append(clean(author) or "visitor", style="bold")
    line.append(f"  {when:%d %b %Y %H:%M}{where}\n", style="dim")
    line.append(clean(text))
    return line


class PostBox(Input):
    """The answer box. A paste that does not fit is cut to fit, and says so.

    Textual's Input keeps only a paste's first line and drops a paste that
    would pass ``max_length`` whole, without a word; here every line comes
    in as one paragraph and the part that fits stays, with ``Cut`` posted
    so the wall can show a note.
    """

    class Cut(Message):
        """A paste was cut to fit: ``pasted`` characters came, ``kept`` stayed."""

        def __init__(self, pasted: int, kept: int) -> None:
            super().__init__()
            self.pasted = pasted
            self.kept = kept

    def on_paste(self, event: events.Paste) -> None:
        event.prevent_default()         # instead of Input's own paste handling
        event.stop()
        text = " ".join(event.text.split())
        if not text:
            return
        start, end = sorted(self.selection)
        room = max(0, self.max_length - (len(self.value) - (end - start))) \
            if self.max_length else len(text)
        kept = text[:room]
        if kept:
            self.replace(kept, start, end)
        if len(kept) < len(text):
            self.post_message(self.Cut(len(text), len(kept)))


class WallView(Vertical):
    """The wall: the question, a page of posts, Newer/Older, and a post box.

    The form (the name box, the answer box and the Post button) keeps the
    keyboard: Tab and Shift+Tab go round those three only, so no key typed
    into it can land on the exhibit's keys. Up and Down (keys no box uses)
    turn the pages; the page holds as many posts as fit, so the wall pages
    at every size. Under ``SMALL`` rows the boxes and buttons drop their
    borders (``-small``) to leave room for the posts.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "form(1)", "Next box", show=False),
        Binding("shift+tab", "form(-1)", "Previous box", show=False),
        Binding("up", "page(-1)", "Newer posts"),
        Binding("down", "page(1)", "Older posts"),
    ]

    FORM = ("#wall-name", "#wall-text", "#wall-post")

    # The columns the wall wants beside a stop's story. A window too narrow
    # gives it the whole width (the stop's ``-alone`` style), so the stop
    # asks this, not the style in force, whether the two fit side by side.
    COLUMNS: ClassVar[int] = 84

    DEFAULT_CSS = f"""
    WallView {{ width: {COLUMNS}; height: 1fr; border: round $accent; padding: 0 1; }}
    WallView #wall-question {{ padding: 0 0 1 0; }}
    WallView #wall-posts {{ height: 1fr; }}
    WallView #wall-paging {{ height: 3; }}
    WallView #wall-page {{ width: 1fr; content-align: center middle; height: 3; }}
    WallView #wall-left {{ color: $text-muted; }}
    WallView #wall-message {{ height: 2; }}
    WallView #wall-message.-error {{ color: $text-error; }}
    WallView #wall-message.-ok {{ color: $text-success; }}
    WallView #wall-send {{ height: 3; }}
    WallView #wall-left {{ width: 1fr; content-align: left middle; height: 3; }}
    WallView.-small #wall-question {{ padding: 0; }}
    WallView.-small #wall-paging, WallView.-small #wall-page,
    WallView.-small #wall-send, WallView.-small #wall-left {{ height: 1; }}
    WallView.-small #wall-message {{ height: 1; }}
    """

    def __init__(self, store: Store | None, *, unavailable: str | None = None,
                 hold: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.unavailable = unavailable
        self.hold = hold                # pre-moderation: posts wait for staff
        self.page_start = 0
        self.page_size = PAGE                   # posts on the page shown
        self._newer: list[int] = []             # where the newer pages started
        self.total = 0
        self.seen_changes: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(QUESTION, style="bold"), id="wall-question")
        yield Static(id="wall-posts")
        with Horizontal(id="wall-paging"):
            # Pressed with a finger, or with Up and Down from the boxes.
            newer = Button("◀ Newer · ↑", id="wall-newer")
            older = Button("↓ · Older ▶", id="wall-older")
            newer.can_focus = older.can_focus = False
            yield newer
            yield Static(id="wall-page")
            yield older
        yield Input(placeholder="Your name (optional)", max_length=NAME_MAX, id="wall-name",
                    select_on_focus=False)
        yield PostBox(placeholder=f"Your answer, up to {MAX_POST} characters; Enter posts it",
                      max_length=MAX_POST, id="wall-text", select_on_focus=False)
        with Horizontal(id="wall-send"):
            yield Static(f"{MAX_POST} characters left", id="wall-left")
            yield Button("Post it", id="wall-post")
        yield Static(id="wall-message")

    def on_mount(self) -> None:
        if still(self):                 # reduced motion: steady text cursors
            for box in self.query(Input):
                box.cursor_blink = False
        if self.store is None:
            self.say(f"The wall is resting today: {self.unavailable or 'no post store'}. "
                     "Please tell a member of staff.")
            self.query_one("#wall-text", Input).disabled = True
            self.query_one("#wall-name", Input).disabled = True
            self.query_one("#wall-post", Button).disabled = True
        else:
            if isinstance(self.store, ReadOnlyStore):
                # Said before anyone types, calmly; staff see why on the admin screen.
                self.query_one("#wall-message", Static).update(READ_ONLY)
            # (Esc and PgUp/PgDn still walk the exhibit.)
            self.take_keyboard()
        self.refresh_posts()
        self.set_interval(REFRESH_SECONDS, self.refresh_posts)
        self.set_interval(CHANGES_SECONDS, self.check_changes)

    def check_changes(self) -> None:
        """Read the page again when the store says something changed."""
        if self.store is None:
            return
        try:
            changes = self.store.changes()
        except PostError:
            return
        if changes != self.seen_changes:
            self.refresh_posts()

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.height < SMALL
        if small != self.has_class("-small"):
            self.set_class(small, "-small")
            for widget in self.query("Input, Button").results(Widget):
                widget.compact = small  # type: ignore[attr-defined]
        self.call_after_refresh(self.refresh_posts)

    # -- the form ---------------------------------------------------------

    def take_keyboard(self) -> None:
        """Writing is what this stop is for: the keys go to the answer box."""
        box = self.query_one("#wall-text", Input)
        if not box.disabled:
            focus_now(box)

    def on_key(self, event: events.Key) -> None:
        # On the Post button a letter (or a space) is more writing, not a
        # press: it goes on the end of the answer. Enter posts. A printable
        # key reaches the wall only from the button (the boxes take their
        # own), so it is judged by where it was sent, not by the focus now:
        # keys that came in one burst (a fast typist, a paste without
        # bracketed paste) were all sent to the button before the first
        # moved the focus to the answer, and were lost.
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            box = self.query_one("#wall-text", Input)
            focus_now(box)
            box.action_end()
            box.insert_text_at_cursor(event.character)

    def action_form(self, step: int) -> None:
        """Tab within the form: name, answer, Post, and round again."""
        form = [w for w in (self.query_one(f) for f in self.FORM) if not w.disabled]
        if not form:
            return
        focused = self.screen.focused
        i = form.index(focused) if focused in form else -step
        focus_now(form[(i + step) % len(form)])

    def action_page(self, step: int) -> None:
        if step < 0:
            self.page_start = self._newer.pop() if self._newer else 0
        elif self.page_start + self.page_size < self.total:
            self._newer.append(self.page_start)
            self.page_start += self.page_size
        self.refresh_posts()

    def _fitting(self, posts: list[Post]) -> int:
        """How many of the posts, from the first, fit the posts' area (at least one)."""
        area = self.query_one("#wall-posts", Static)
        width, height = area.content_region.width, area.content_region.height
        if width <= 0 or height <= 0:
            return len(posts)
        used = 0
        for n, post in enumerate(posts):
            lines = len(post_text(post.author, post.text, post.created, "")
                        .wrap(self.app.console, width))
            used += lines + (1 if n else 0)
            if used > height:
                return max(1, n)
        return len(posts)

    # -- reading ----------------------------------------------------------

    def refresh_posts(self) -> None:
        # A resize asks for this after the next refresh; in a storm of stops
        # the wall can be taken down meanwhile, its parts gone before it.
        if not all(self.query(f"#wall-{part}") for part in ("posts", "page", "newer", "older")):
            return
        posts_view = self.query_one("#wall-posts", Static)
        if self.store is None:
            posts_view.update("")
            return
        try:
            self.seen_changes = self.store.changes()
            self.total = self.store.count_answers()
            if self.page_start >= self.total:
                self.page_start, self._newer = 0, []
            posts = wall_posts(self.store, offset=self.page_start)
        except (PostError, sqlite3.Error) as e:  # a kiosk keeps running
            self.say(f"The wall cannot be read just now ({e}). Please try again.")
            return
        posts = posts[: self._fitting(posts)]
        self.page_size = max(1, len(posts))
        if not posts:
            posts_view.update(Text("Nobody has posted yet. Be the first!", style="italic"))
        else:
            body = Text()
            for i, post in enumerate(posts):
                if i:
                    body.append("\n\n")
                body.append_text(post_text(post.author, post.text, post.created, ""))
            posts_view.update(body)
        first = self.page_start + 1 if self.total else 0
        last = min(self.page_start + len(posts), self.total)
        self.query_one("#wall-page", Static).update(f"{first}-{last} of {self.total}")
        self.query_one("#wall-newer", Button).disabled = self.page_start == 0
        self.query_one("#wall-older", Button).disabled = last >= self.total

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            if parameters[0] == -1:
                return self.page_start > 0
            return self.page_start + self.page_size < self.total
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "wall-newer":
            event.stop()
            self.action_page(-1)
        elif event.button.id == "wall-older":
            event.stop()
            self.action_page(1)
        elif event.button.id == "wall-post":
            event.stop()
            box = self.query_one("#wall-text", Input)
            self.post(self.query_one("#wall-name", Input).value, box.value)
            focus_now(box)

    # -- posting ----------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "wall-text":
            left = MAX_POST - len(event.value)
            self.query_one("#wall-left", Static).update(f"{left} characters left")

    def on_post_box_cut(self, event: PostBox.Cut) -> None:
        event.stop()
        self.say(f"Your paste was {event.pasted} characters; the first {event.kept} are in the "
                 f"box, as {MAX_POST} fit. Please check how it ends before you post.", error=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "wall-name":
            focus_now(self.query_one("#wall-text", Input))
            return
        self.post(self.query_one("#wall-name", Input).value, event.value)

    def post(self, author: str, text: str) -> bool:
        """Clean, check and store a visitor's post; the message line says what happened."""
        if self.store is None:
            return False
        text = clean(text)
        author = clean(author)[:NAME_MAX] or "visitor"
        problem = check(text, self.store.words)
        if problem is None and self.store.words.blocked(author):
            problem = "Your name has a word the wall does not allow. Please change it."
        if problem:
            self.say(problem, error=True)
            return False
        try:
            self.store.add(WALL_BOARD, author, text, answer=True, pending=self.hold)
        except PostError as e:       # refused, or the disk is full: say so, keep going
            self.say(str(e), error=True)
            return False
        self.query_one("#wall-text", Input).value = ""
        self.say(HELD if self.hold else POSTED)
        self.page_start, self._newer = 0, []
        self.refresh_posts()
        return True

    def say(self, message: str, *, error: bool = False) -> None:
        # A mark as well as a colour, so the meaning never rests on colour alone.
        line = self.query_one("#wall-message", Static)
        line.set_class(error, "-error")
        line.set_class(not error, "-ok")
        line.update(Text(f"{'✗' if error else '✓'} {message}", style="bold" if error else ""))
