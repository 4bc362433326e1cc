"""ModerateScreen: staff list every post and approve, hide, show again or delete one.

Opened from the kiosk's admin screen (behind the PIN) or on its own with
``python -m exhibit wall --moderate`` (``ModerateApp``). A hidden post
disappears everywhere at once: the wall reads the store on each refresh,
and the Z80 programs' host services never answer with a hidden post.
Under pre-moderation (``moderation = "before"``) a visitor's post waits,
marked "held", until staff approve it with A.
"""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from emulator.moderation import clean
from emulator.store import PostError, PostStore, Store
from exhibit.screens.once import DismissOnce
from exhibit.textual_fixes import BaseApp, focus_now
from exhibit.widgets.footer import Footer
from exhibit.widgets.titlebar import TitleBar

LIMIT = PostStore.MAX_PAGE   # the newest posts listed; all of them are in the CSV export


class ModerateScreen(DismissOnce, Screen[None]):
    """Every post, newest first, held and hidden ones marked; A approves a held post,
    H hides or shows, D D deletes."""

    BINDINGS = [
        Binding("a", "approve", "Approve held post"),
        Binding("h", "toggle_hidden", "Hide / show"),
        Binding("d", "delete", "Delete (press twice)"),
        Binding("r", "reload", "Reload"),
        Binding("escape", "close", "Close"),
    ]

    DEFAULT_CSS = """
    ModerateScreen #moderate-help { padding: 0 1; height: 2; }
    ModerateScreen DataTable { height: 1fr; }
    ModerateScreen #moderate-message { height: 1; padding: 0 1; }
    """

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.armed: int | None = None          # the post a first D asked to delete

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Moderation: every post on every board, newest first. Held posts wait "
                     "for you to approve them; hidden posts show nowhere, on the wall or in "
                     "the Z80 programs.", id="moderate-help")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("id", "board", "shown", "author", "when (UTC)", "text")
        yield table
        yield Static(id="moderate-message")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()
        focus_now(self.query_one(DataTable))

    def action_reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        try:
            posts = self.store.list_since(self.store.boards(), None, limit=LIMIT,
                                          include_hidden=True)
        except (PostError, sqlite3.Error) as e:
            self.say(f"Cannot read the posts: {e}")
            return
        for post in posts:
            # Drawn as plain Text, cleaned: a moderator's screen is a screen too.
            shown = ("hidden" if post.hidden else "held" if post.pending else "yes")
            table.add_row(Text(str(post.id)), Text(post.board),
                          Text(shown, style={"hidden": "bold #ff8096", "held": "bold yellow"}
                               .get(shown, "")),
                          Text(clean(post.author)), Text(f"{post.created:%Y-%m-%d %H:%M}"),
                          Text(clean(post.text)[:70]), key=str(post.id))
        held = sum(post.pending for post in posts)
        self.say(f"{len(posts)} posts, {held} held. A approves the selected held post; "
                 "H hides or shows it; D twice deletes it.")

    def selected(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def action_toggle_hidden(self) -> None:
        post_id = self.selected()
        if post_id is None:
            return
        try:
            post = self.store.get(post_id, include_hidden=True)
        except PostError as e:
            self.say(f"Not changed: {e}")
            return
        if post is None:
            said = f"Post {post_id} is gone."
        else:
            try:
                self.store.hide(post_id, not post.hidden)
            except (PostError, sqlite3.Error) as e:
                self.say(f"Not changed: {e}")
                return
            said = (f"Post {post_id} is now {'shown' if post.hidden else 'hidden'} "
                    "everywhere.")
        self._reload_keeping(post_id)
        self.say(said)

    def action_approve(self) -> None:
        post_id = self.selected()
        if post_id is None:
            return
        post = self.store.get(post_id, include_hidden=True)
        if post is None:
            said = f"Post {post_id} is gone."
        elif not post.pending:
            said = f"Post {post_id} is not held: it is already up."
        else:
            try:
                self.store.approve(post_id)
            except sqlite3.Error as e:
                self.say(f"Not approved: {e}")
                return
            said = f"Post {post_id} approved: it is on the wall now."
        self._reload_keeping(post_id)
        self.say(said)

    def action_delete(self) -> None:
        post_id = self.selected()
        if post_id is None:
            return
        if self.armed != post_id:
            self.armed = post_id
            self.say(f"Press D again to delete post {post_id} and its replies for good.")
            return
        self.armed = None
        try:
            gone = self.store.delete(post_id)
        except (PostError, sqlite3.Error) as e:
            self.say(f"Not deleted: {e}")
            return
        self._reload_keeping(post_id)
        self.say(f"Post {post_id} deleted." if gone else f"Post {post_id} was already gone.")

    def _reload_keeping(self, post_id: int) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.action_reload()
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def say(self, message: str) -> None:
        self.query_one("#moderate-message", Static).update(Text(message))

    def action_close(self) -> None:
        self.dismiss(None)


class ModerateApp(BaseApp[None]):
    """``python -m exhibit wall --moderate``: the moderation screen on its own."""

    TITLE = "The exhibit's posts: moderation"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("ctrl+q", "quit", "Quit", show=False)]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(ModerateScreen(self.store), lambda _: self.exit())
