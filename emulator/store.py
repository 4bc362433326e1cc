"""PostStore: the wall and social posts, kept in SQLite.

One store file holds every board's posts (``wall``, ``social``, ...). The
exhibit opens one under its data directory and passes it to the machines
that need it; tests open one in a temporary folder. The Z80 programs reach
it only through the host services (``emulator/host.py``), which never let
a program see a hidden post or another board's posts.

Durability: WAL journal, every change in its own transaction with
``synchronous=FULL``, so a killed process loses nothing it confirmed.
The schema carries a version (``PRAGMA user_version``), so a later
version of the exhibit can upgrade an old file instead of misreading it.

Two flags shape what is shown. ``answer`` marks a visitor's answer to the
wall's question, so the wall lists answers and nothing else (not a date
rule: a social-stop post is never an answer). ``pending`` holds a post a
kiosk took under pre-moderation until a curator approves it; a pending
post, like a hidden one, is seen by nobody but the moderator.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import Any, Self

from emulator.moderation import REFUSED, WordList

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    board    TEXT    NOT NULL,
    author   TEXT    NOT NULL,
    text     TEXT    NOT NULL,
    reply_to INTEGER REFERENCES posts(id) ON DELETE CASCADE,
    created  TEXT    NOT NULL,
    hidden   INTEGER NOT NULL DEFAULT 0,
    answer   INTEGER NOT NULL DEFAULT 0,
    pending  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS posts_by_board ON posts (board, reply_to, id);
CREATE INDEX IF NOT EXISTS posts_by_parent ON posts (reply_to, id);
CREATE INDEX IF NOT EXISTS posts_answers ON posts (answer, id);
"""

# Each step takes a file from the version before it to its own, in the one
# transaction that also sets the new version.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE posts ADD COLUMN answer INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE posts ADD COLUMN pending INTEGER NOT NULL DEFAULT 0",
        # Schema 1 told answers by board: every top-level wall post was one.
        "UPDATE posts SET answer = 1 WHERE board = 'wall' AND reply_to IS NULL",
        "CREATE INDEX IF NOT EXISTS posts_answers ON posts (answer, id)",
    ),
}

# A post anyone but the moderator may see.
_SHOWN = "hidden = 0 AND pending = 0"


class PostError(ValueError):
    """A post the store will not take; the message says why, in words for people."""


class PostRefused(PostError):
    """Moderation refused the post (a blocked word); the message is for the visitor."""


class StoreFailed(PostError):
    """The store could not save (disk full, locked, read-only); nothing was kept."""


DISK_FULL = ("The exhibit's disk is full, so the post was not kept. "
             "Please tell a member of staff; the rest of the exhibit still works.")


@dataclasses.dataclass(frozen=True)
class Post:
    """One post, or a reply when ``reply_to`` names its parent."""

    id: int
    board: str
    author: str
    text: str
    created: dt.datetime          # UTC
    reply_to: int | None = None
    hidden: bool = False
    replies: int = 0              # visible replies, counted when listed or read
    answer: bool = False          # a visitor's answer to the wall's question
    pending: bool = False         # held for a curator (pre-moderation)


class PostStore:
    """Posts on boards, newest first, with replies and moderation.

    Safe to share between threads (the UI and a machine's CPU thread): one
    connection, one lock around every statement.
    """

    # A post fits a 1980s screen line or two and a 2011 tweet-and-a-half;
    # the host-services protocol carries each with a one-byte length.
    MAX_AUTHOR = 24
    MAX_TEXT = 240
    MAX_PAGE = 100

    def __init__(self, path: str | Path, *, words: WordList | None = None) -> None:
        self.path = Path(path)
        # Every way into the store (the wall, a Z80 program's CREATE and
        # REPLY, a seeding function) passes this list, so no path skips it.
        self.words = words or WordList()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False,
                                       isolation_level=None)
        except sqlite3.Error as e:
            raise PostError(f"cannot open the post store {self.path}: {e}") from None
        self._lock = threading.Lock()
        self._db.row_factory = sqlite3.Row
        try:
            self._open()
        except PostError:
            self._db.close()
            raise
        except sqlite3.Error as e:
            self._db.close()
            raise PostError(f"{self.path} is not a post store the exhibit can use ({e}); "
                            "move it aside and start again") from None

    def _open(self) -> None:
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise PostError(f"{self.path} was written by a newer exhibit "
                                f"(schema {version}, this one knows {SCHEMA_VERSION})")
            if version < SCHEMA_VERSION:
                # Schema and version change in one transaction: a file is
                # either the old shape or the new, never half of each.
                with self._transaction():
                    if version == 0:
                        for statement in _SCHEMA.split(";"):
                            if statement.strip():
                                self._db.execute(statement)
                    else:
                        for step in range(version + 1, SCHEMA_VERSION + 1):
                            for statement in _MIGRATIONS[step]:
                                self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # -- housekeeping ---------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self) -> Any:
        return _Transaction(self._db)

    # -- writing ----------------------------------------------------------

    def add(self, board: str, author: str, text: str, *,
            created: dt.datetime | None = None, answer: bool = False,
            pending: bool = False) -> Post:
        """A new top-level post on a board; ``answer`` marks a visitor's answer
        to the wall's question, ``pending`` holds it for a curator."""
        return self._insert(board, author, text, None, created, answer=answer, pending=pending)

    def reply(self, parent: int, author: str, text: str, *,
              created: dt.datetime | None = None, pending: bool = False) -> Post:
        """A reply to a visible post, on the same board; PostError if there is none."""
        with self._lock:
            row = self._db.execute(f"SELECT board FROM posts WHERE id=? AND {_SHOWN}",
                                   (parent,)).fetchone()
        if row is None:
            raise PostError(f"there is no post {parent} to reply to")
        return self._insert(row["board"], author, text, parent, created, pending=pending)

    def hide(self, post_id: int, hidden: bool = True) -> bool:
        """Hide a post (and so its replies) from the machines; False if there is none."""
        with self._lock, self._transaction():
            cur = self._db.execute("UPDATE posts SET hidden=? WHERE id=?",
                                   (int(hidden), post_id))
            return cur.rowcount > 0

    def approve(self, post_id: int) -> bool:
        """Release a post held for moderation to everyone; False if there is none."""
        with self._lock, self._transaction():
            cur = self._db.execute("UPDATE posts SET pending=0 WHERE id=?", (post_id,))
            return cur.rowcount > 0

    def delete(self, post_id: int) -> bool:
        """Delete a post and its replies for good; False if there is none."""
        with self._lock, self._transaction():
            cur = self._db.execute("DELETE FROM posts WHERE id=?", (post_id,))
            return cur.rowcount > 0

    def _insert(self, board: str, author: str, text: str, reply_to: int | None,
                created: dt.datetime | None, *, answer: bool = False,
                pending: bool = False) -> Post:
        board = _check_board(board)
        author = _check_text("author", author, self.MAX_AUTHOR)
        text = _check_text("text", text, self.MAX_TEXT)
        if self.words.blocked(author) or self.words.blocked(text):
            raise PostRefused(REFUSED)
        when = (created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        when = when.replace(microsecond=0)
        try:
            with self._lock, self._transaction():
                cur = self._db.execute(
                    "INSERT INTO posts (board, author, text, reply_to, created, answer, pending) "
                    "VALUES (?,?,?,?,?,?,?)",
                    (board, author, text, reply_to, when.strftime("%Y-%m-%d %H:%M:%S"),
                     int(answer), int(pending)))
                post_id = cur.lastrowid
        except sqlite3.OperationalError as e:
            # SQLITE_FULL ("database or disk is full") and its kin: the
            # transaction rolled back, so nothing half-written stays behind.
            if "full" in str(e).lower():
                raise StoreFailed(DISK_FULL) from None
            raise StoreFailed(f"The post store could not save the post ({e}); "
                              "please try again in a moment.") from None
        assert post_id is not None
        return Post(post_id, board, author, text, when, reply_to,
                    answer=answer, pending=pending)

    # -- reading ----------------------------------------------------------

    _SELECT = """
        SELECT p.*, (SELECT COUNT(*) FROM posts r WHERE r.reply_to = p.id
                     AND r.hidden = 0 AND r.pending = 0) AS replies
        FROM posts p
    """

    def get(self, post_id: int, *, include_hidden: bool = False) -> Post | None:
        """One post, or None (also for a hidden one unless asked)."""
        hidden = "" if include_hidden else " AND p.hidden = 0 AND p.pending = 0"
        with self._lock:
            row = self._db.execute(f"{self._SELECT} WHERE p.id = ?{hidden}",
                                   (post_id,)).fetchone()
        return _post(row) if row else None

    def list(self, board: str, *, offset: int = 0, limit: int = 20,
             include_hidden: bool = False) -> builtins.list[Post]:
        """A page of a board's top-level posts, newest first."""
        hidden = "" if include_hidden else " AND p.hidden = 0 AND p.pending = 0"
        return self._page(f"{self._SELECT} WHERE p.board = ? AND p.reply_to IS NULL{hidden}"
                          " ORDER BY p.id DESC LIMIT ? OFFSET ?", (board,), offset, limit)

    def replies(self, post_id: int, *, offset: int = 0, limit: int = 20,
                include_hidden: bool = False) -> builtins.list[Post]:
        """A page of the replies to a post, oldest first (a conversation reads down)."""
        hidden = "" if include_hidden else " AND p.hidden = 0 AND p.pending = 0"
        return self._page(f"{self._SELECT} WHERE p.reply_to = ?{hidden}"
                          " ORDER BY p.id LIMIT ? OFFSET ?", (post_id,), offset, limit)

    def _since_where(self, boards: builtins.list[str], since: dt.datetime | None,
                     include_hidden: bool) -> tuple[str, tuple[Any, ...]]:
        marks = ",".join("?" * len(boards)) or "NULL"
        where = f"p.board IN ({marks})"
        args: tuple[Any, ...] = tuple(boards)
        if since is not None:
            where += " AND p.created >= ?"
            args += (since.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),)
        if not include_hidden:
            # A reply under a hidden post is hidden with it, as the machines see it.
            where += (" AND p.hidden = 0 AND p.pending = 0 AND (p.reply_to IS NULL OR EXISTS "
                      "(SELECT 1 FROM posts q WHERE q.id = p.reply_to AND q.hidden = 0))")
        return where, args

    def list_since(self, boards: builtins.list[str], since: dt.datetime | None = None, *,
                   offset: int = 0, limit: int = 20,
                   include_hidden: bool = False) -> builtins.list[Post]:
        """A page of every post and reply on these boards written at or after
        ``since`` (all of them when None), newest first: the visitors' wall and
        the moderator's list."""
        where, args = self._since_where(boards, since, include_hidden)
        return self._page(f"{self._SELECT} WHERE {where} ORDER BY p.id DESC LIMIT ? OFFSET ?",
                          args, offset, limit)

    def count_since(self, boards: builtins.list[str], since: dt.datetime | None = None, *,
                    include_hidden: bool = False) -> int:
        """How many posts ``list_since`` pages through."""
        where, args = self._since_where(boards, since, include_hidden)
        with self._lock:
            return int(self._db.execute(f"SELECT COUNT(*) FROM posts p WHERE {where}",
                                        args).fetchone()[0])

    def count(self, board: str, *, include_hidden: bool = False) -> int:
        """How many top-level posts a board has."""
        hidden = "" if include_hidden else f" AND {_SHOWN}"
        with self._lock:
            return int(self._db.execute(
                f"SELECT COUNT(*) FROM posts WHERE board = ? AND reply_to IS NULL{hidden}",
                (board,)).fetchone()[0])

    def answers(self, *, offset: int = 0, limit: int = 20) -> builtins.list[Post]:
        """A page of the visitors' wall answers anyone may see, newest first."""
        return self._page(f"{self._SELECT} WHERE p.answer = 1 AND p.hidden = 0 AND p.pending = 0"
                          " ORDER BY p.id DESC LIMIT ? OFFSET ?", (), offset, limit)

    def count_answers(self) -> int:
        """How many answers ``answers`` pages through."""
        with self._lock:
            return int(self._db.execute(
                f"SELECT COUNT(*) FROM posts WHERE answer = 1 AND {_SHOWN}").fetchone()[0])

    def pending(self, *, offset: int = 0, limit: int = 20) -> builtins.list[Post]:
        """A page of posts held for a curator, oldest first (the order they came in)."""
        return self._page(f"{self._SELECT} WHERE p.pending = 1 AND p.hidden = 0"
                          " ORDER BY p.id LIMIT ? OFFSET ?", (), offset, limit)

    def boards(self) -> builtins.list[str]:
        """The boards that have posts, for a moderator's menu."""
        with self._lock:
            rows = self._db.execute("SELECT DISTINCT board FROM posts ORDER BY board").fetchall()
        return [row[0] for row in rows]

    def export(self) -> builtins.list[dict[str, Any]]:
        """Every row, hidden ones included, oldest first (for a moderator's CSV or backup)."""
        with self._lock:
            rows = self._db.execute("SELECT id, board, author, text, reply_to, created, hidden, "
                                    "answer, pending FROM posts ORDER BY id").fetchall()
        return [{**dict(row), "hidden": bool(row["hidden"]), "answer": bool(row["answer"]),
                 "pending": bool(row["pending"])} for row in rows]

    def _page(self, sql: str, args: tuple[Any, ...], offset: int,
              limit: int) -> builtins.list[Post]:
        if offset < 0 or not 0 < limit <= self.MAX_PAGE:
            raise PostError(f"a page is 1 to {self.MAX_PAGE} posts from offset 0 or more")
        with self._lock:
            rows = self._db.execute(sql, (*args, limit, offset)).fetchall()
        return [_post(row) for row in rows]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when the block raises."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is not None:
            self._rollback()
            return
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error:
            # A COMMIT that fails (a full disk) leaves the transaction open;
            # roll it back so the connection can take the next one.
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")


def _post(row: sqlite3.Row) -> Post:
    created = dt.datetime.strptime(row["created"], "%Y-%m-%d %H:%M:%S")
    return Post(row["id"], row["board"], row["author"], row["text"],
                created.replace(tzinfo=dt.UTC), row["reply_to"], bool(row["hidden"]),
                row["replies"], bool(row["answer"]), bool(row["pending"]))


def _check_board(board: str) -> str:
    if not (isinstance(board, str) and 0 < len(board) <= 32 and board.isascii()
            and board.replace("-", "").replace("_", "").isalnum()):
        raise PostError(f"a board is a short name of letters, digits, - and _, not {board!r}")
    return board


def _check_text(what: str, value: str, limit: int) -> str:
    # Control characters are refused, not cleaned: text from anyone must
    # never carry an escape sequence to a screen, and a post that changed
    # silently would surprise its writer.
    if not isinstance(value, str):
        raise PostError(f"the {what} must be text")
    value = value.strip()
    if not value:
        raise PostError(f"the {what} is empty")
    if len(value) > limit:
        raise PostError(f"the {what} is {len(value)} characters; at most {limit} fit")
    if any(not ch.isprintable() for ch in value):
        raise PostError(f"the {what} holds a control character")
    return value


def open_store(data_dir: str | Path) -> PostStore:
    """The exhibit's post store, ``posts.db`` in the data folder (the app chooses
    it: ``exhibit.settings.data_path``), made if need be. Its blocked words are
    the shipped list plus the folder's ``blocked_words.txt``."""
    folder = Path(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PostError(f"cannot make the data folder {folder}: {e.strerror or e}") from None
    return PostStore(folder / "posts.db", words=WordList.load(folder))
