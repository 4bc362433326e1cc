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

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from emulator.moderation import MAX_POST, check, clean
from emulator.store import Post, PostError, Store
from exhibit.motion import still

WALL_BOARD = "wall"
PAGE = 5
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
    """The wall: the question, a page of posts, Newer/Older, and a post box."""

    DEFAULT_CSS = """
    WallView { width: 84; height: 1fr; border: round $accent; padding: 0 1; }
    WallView #wall-question { padding: 0 0 1 0; }
    WallView #wall-posts { height: 1fr; }
    WallView #wall-paging { height: 3; }
    WallView #wall-page { width: 1fr; content-align: center middle; height: 3; }
    WallView #wall-left { color: $text-muted; }
    WallView #wall-message { height: 2; }
    WallView #wall-message.-error { color: $text-error; }
    WallView #wall-message.-ok { color: $text-success; }
    """

    def __init__(self, store: Store | None, *, unavailable: str | None = None,
                 hold: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.unavailable = unavailable
        self.hold = hold                # pre-moderation: posts wait for staff
        self.page_start = 0
        self.total = 0
        self.seen_changes: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(QUESTION, style="bold"), id="wall-question")
        yield Static(id="wall-posts")
        with Horizontal(id="wall-paging"):
            yield Button("◀ Newer", id="wall-newer")
            yield Static(id="wall-page")
            yield Button("Older ▶", id="wall-older")
        yield Input(placeholder="Your name (optional)", max_length=NAME_MAX, id="wall-name")
        yield PostBox(placeholder=f"Your answer, up to {MAX_POST} characters; Enter posts it",
                      max_length=MAX_POST, id="wall-text")
        yield Static(f"{MAX_POST} characters left", id="wall-left")
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
        else:
            # Writing is what this stop is for: the keys go to the post box
            # (Esc and PgUp/PgDn still walk the exhibit).
            self.query_one("#wall-text", Input).focus()
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

    # -- reading ----------------------------------------------------------

    def refresh_posts(self) -> None:
        posts_view = self.query_one("#wall-posts", Static)
        if self.store is None:
            posts_view.update("")
            return
        try:
            self.seen_changes = self.store.changes()
            self.total = self.store.count_answers()
            self.page_start = max(0, min(self.page_start, (self.total - 1) // PAGE * PAGE))
            posts = wall_posts(self.store, offset=self.page_start)
        except (PostError, sqlite3.Error) as e:  # a kiosk keeps running
            self.say(f"The wall cannot be read just now ({e}). Please try again.")
            return
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
        last = min(self.page_start + PAGE, self.total)
        self.query_one("#wall-page", Static).update(f"{first}-{last} of {self.total}")
        self.query_one("#wall-newer", Button).disabled = self.page_start == 0
        self.query_one("#wall-older", Button).disabled = self.page_start + PAGE >= self.total

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "wall-newer":
            event.stop()
            self.page_start = max(0, self.page_start - PAGE)
            self.refresh_posts()
        elif event.button.id == "wall-older":
            event.stop()
            self.page_start += PAGE
            self.refresh_posts()

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
            self.query_one("#wall-text", Input).focus()
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
        self.page_start = 0
        self.refresh_posts()
        return True

    def say(self, message: str, *, error: bool = False) -> None:
        # A mark as well as a colour, so the meaning never rests on colour alone.
        line = self.query_one("#wall-message", Static)
        line.set_class(error, "-error")
        line.set_class(not error, "-ok")
        line.update(Text(f"{'✗' if error else '✓'} {message}", style="bold" if error else ""))
