"""SqlStore: the posts and visit figures in SQL, written once for both back ends.

Every query and every rule is here; ``SqliteStore`` and ``PgStore`` only
open a connection, run a statement (``?`` marks a value in both) and turn
their database's errors into ``StoreFailed``. So the wall, moderation, the
answer flag and pre-moderation behave the same on one kiosk's file and on
a museum's server.
"""

from __future__ import annotations

import abc
import builtins
import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Self

from emulator.moderation import WordList
from emulator.store.rules import (
    MAX_AUTHOR,
    MAX_PAGE,
    MAX_TEXT,
    Figures,
    Post,
    PostError,
    StopFigures,
    StoreFailed,
    check_page,
    check_post,
    utc_second,
)

Row = Mapping[str, Any]

# A post anyone but the moderator may see.
SHOWN = "hidden = 0 AND pending = 0"

POST_COLUMNS = "id, uid, kiosk, board, author, text, reply_to, created, hidden, answer, pending"


def new_uid() -> str:
    """A record's id over the whole fleet: random, so kiosks never need to agree on one."""
    return uuid.uuid4().hex


class SqlStore(abc.ABC):
    """Posts on boards, newest first, with replies and moderation; visit figures by kiosk.

    Subclasses provide ``_read`` and ``_write``; each method here is one
    statement (or a read and then one statement), each write its own
    transaction, so a killed process loses nothing it confirmed.
    """

    MAX_AUTHOR = MAX_AUTHOR
    MAX_TEXT = MAX_TEXT
    MAX_PAGE = MAX_PAGE

    words: WordList
    kiosk: str = ""
    where: str = ""          # where the store is, for people (never a password)

    # -- what a back end provides ----------------------------------------------

    @abc.abstractmethod
    def _read(self, sql: str, args: Sequence[Any] = ()) -> builtins.list[Row]:
        """Run one reading statement: its rows."""

    @abc.abstractmethod
    def _write(self, sql: str, args: Sequence[Any] = ()) -> tuple[builtins.list[Row], int]:
        """Run one changing statement in its own transaction: (rows it returned, rows changed)."""

    @abc.abstractmethod
    def _at(self, when: dt.datetime) -> Any:
        """A UTC time as this database keeps it."""

    @abc.abstractmethod
    def _when(self, value: Any) -> dt.datetime:
        """A kept time back as a UTC datetime."""

    @abc.abstractmethod
    def changes(self) -> int:
        """A number that changes whenever any process changed the posts (a cheap poll)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection (and, on a server, its listener)."""

    def tidy(self) -> None:  # noqa: B027 (a back end that needs no housekeeping keeps this)
        """Housekeeping between visitors (a back end that needs none does nothing)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------

    def add(self, board: str, author: str, text: str, *,
            created: dt.datetime | None = None, answer: bool = False,
            pending: bool = False, uid: str | None = None) -> Post:
        """A new top-level post on a board; ``answer`` marks a visitor's answer
        to the wall's question, ``pending`` holds it for a curator."""
        board, author, text = check_post(self.words, board, author, text, answer=answer)
        return self._insert(uid or new_uid(), self.kiosk, board, author, text, None,
                            utc_second(created), answer, pending)

    def reply(self, parent: int, author: str, text: str, *,
              created: dt.datetime | None = None, pending: bool = False,
              uid: str | None = None) -> Post:
        """A reply to a visible post, on the same board; PostError if there is none."""
        rows = self._read(f"SELECT board FROM posts WHERE id = ? AND {SHOWN}", (parent,))
        if not rows:
            raise PostError(f"there is no post {parent} to reply to")
        board, author, text = check_post(self.words, rows[0]["board"], author, text)
        return self._insert(uid or new_uid(), self.kiosk, board, author, text, parent,
                            utc_second(created), False, pending)

    def put(self, post: Post, *, reply_to_uid: str | None = None) -> Post | None:
        """Keep a post another store already checked (an outbox sending), exactly once.

        The post's ``uid`` decides: a second put of the same uid changes
        nothing and returns the post as first kept. A reply names its parent
        by uid, as the kiosk that wrote it may never have known the parent's
        id here. The rules are checked again (a server does not trust a
        kiosk's word). None when the parent is gone (deleted meanwhile).
        """
        board, author, text = check_post(self.words, post.board, post.author, post.text,
                                         answer=post.answer)
        parent: int | None = None
        if reply_to_uid is not None:
            rows = self._read("SELECT id FROM posts WHERE uid = ?", (reply_to_uid,))
            if not rows:
                return None
            parent = int(rows[0]["id"])
        return self._insert(post.uid, post.kiosk, board, author, text, parent,
                            utc_second(post.created), post.answer, post.pending, post.hidden)

    def _insert(self, uid: str, kiosk: str, board: str, author: str, text: str,
                reply_to: int | None, when: dt.datetime, answer: bool,
                pending: bool, hidden: bool = False) -> Post:
        # ON CONFLICT: a record sent twice (a kiosk killed between the
        # server's commit and its own note that it was sent) is kept once.
        rows, _ = self._write(
            "INSERT INTO posts (uid, kiosk, board, author, text, reply_to, created, answer, "
            "pending, hidden) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (uid) DO NOTHING RETURNING id",
            (uid, kiosk, board, author, text, reply_to, self._at(when), int(answer), int(pending),
             int(hidden)))
        if not rows:
            kept = self._read(f"SELECT {POST_COLUMNS}, 0 AS replies FROM posts WHERE uid = ?",
                              (uid,))
            if not kept:
                raise PostError("the post was deleted as it was sent")
            return self._post(kept[0])
        return Post(int(rows[0]["id"]), board, author, text, when, reply_to, hidden,
                    answer=answer, pending=pending, uid=uid, kiosk=kiosk)

    def hide(self, post_id: int, hidden: bool = True) -> bool:
        """Hide a post (and so its replies) from the machines; False if there is none."""
        return self._write("UPDATE posts SET hidden = ? WHERE id = ?",
                           (int(hidden), post_id))[1] > 0

    def approve(self, post_id: int) -> bool:
        """Release a post held for moderation to everyone; False if there is none."""
        return self._write("UPDATE posts SET pending = 0 WHERE id = ?", (post_id,))[1] > 0

    def delete(self, post_id: int) -> bool:
        """Delete a post and its replies for good; False if there is none."""
        return self._write("DELETE FROM posts WHERE id = ?", (post_id,))[1] > 0

    # -- reading ----------------------------------------------------------------

    _SELECT = f"""
        SELECT {', '.join('p.' + c.strip() for c in POST_COLUMNS.split(','))},
               (SELECT COUNT(*) FROM posts r WHERE r.reply_to = p.id
                AND r.hidden = 0 AND r.pending = 0) AS replies
        FROM posts p
    """

    def get(self, post_id: int, *, include_hidden: bool = False) -> Post | None:
        """One post, or None (also for a hidden one unless asked)."""
        hidden = "" if include_hidden else " AND p.hidden = 0 AND p.pending = 0"
        rows = self._read(f"{self._SELECT} WHERE p.id = ?{hidden}", (post_id,))
        return self._post(rows[0]) if rows else None

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
            args += (self._at(since.astimezone(dt.UTC)),)
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
        return self._count(f"SELECT COUNT(*) AS n FROM posts p WHERE {where}", args)

    def count(self, board: str, *, include_hidden: bool = False) -> int:
        """How many top-level posts a board has."""
        hidden = "" if include_hidden else f" AND {SHOWN}"
        return self._count("SELECT COUNT(*) AS n FROM posts WHERE board = ? "
                           f"AND reply_to IS NULL{hidden}", (board,))

    def answers(self, *, offset: int = 0, limit: int = 20) -> builtins.list[Post]:
        """A page of the visitors' wall answers anyone may see, newest first."""
        return self._page(f"{self._SELECT} WHERE p.answer = 1 AND p.hidden = 0 AND p.pending = 0"
                          " ORDER BY p.id DESC LIMIT ? OFFSET ?", (), offset, limit)

    def count_answers(self) -> int:
        """How many answers ``answers`` pages through."""
        return self._count(f"SELECT COUNT(*) AS n FROM posts WHERE answer = 1 AND {SHOWN}")

    def pending(self, *, offset: int = 0, limit: int = 20) -> builtins.list[Post]:
        """A page of posts held for a curator, oldest first (the order they came in)."""
        return self._page(f"{self._SELECT} WHERE p.pending = 1 AND p.hidden = 0"
                          " ORDER BY p.id LIMIT ? OFFSET ?", (), offset, limit)

    def boards(self) -> builtins.list[str]:
        """The boards that have posts, for a moderator's menu."""
        return [row["board"] for row in
                self._read("SELECT DISTINCT board FROM posts ORDER BY board")]

    def export(self) -> builtins.list[dict[str, Any]]:
        """Every row, hidden ones included, oldest first (for a moderator's CSV or backup)."""
        rows = self._read(f"SELECT {POST_COLUMNS} FROM posts ORDER BY id")
        return [{**dict(row), "created": self._when(row["created"]).strftime("%Y-%m-%d %H:%M:%S"),
                 "hidden": bool(row["hidden"]), "answer": bool(row["answer"]),
                 "pending": bool(row["pending"])} for row in rows]

    def _count(self, sql: str, args: Sequence[Any] = ()) -> int:
        return int(self._read(sql, args)[0]["n"])

    def _page(self, sql: str, args: tuple[Any, ...], offset: int,
              limit: int) -> builtins.list[Post]:
        check_page(offset, limit)
        return [self._post(row) for row in self._read(sql, (*args, limit, offset))]

    def _post(self, row: Row) -> Post:
        return Post(int(row["id"]), row["board"], row["author"], row["text"],
                    self._when(row["created"]), row["reply_to"], bool(row["hidden"]),
                    int(row["replies"]), bool(row["answer"]), bool(row["pending"]),
                    row["uid"] or "", row["kiosk"] or "")

    # -- visit figures ----------------------------------------------------------

    def record_session(self, uid: str, kiosk: str, started: float) -> None:
        """A visitor's session began (on a kiosk, at a Unix time); kept once per uid."""
        self._write("INSERT INTO sessions (uid, kiosk, started) VALUES (?,?,?) "
                    "ON CONFLICT (uid) DO NOTHING", (uid, kiosk, started))

    def record_visit(self, uid: str, kiosk: str, session: str, stop: str, opened: float,
                     seconds: float, program_started: bool) -> None:
        """A visit to a stop, recorded as it closes; kept once per uid."""
        self._write("INSERT INTO stop_visits (uid, kiosk, session_uid, stop, opened, seconds, "
                    "program_started) VALUES (?,?,?,?,?,?,?) ON CONFLICT (uid) DO NOTHING",
                    (uid, kiosk, session, stop, opened, seconds, int(program_started)))

    def adopt(self, other: SqlStore, *, kiosk: str = "") -> tuple[int, int, int]:
        """Copy every post (hidden ones stay hidden) and visit figure of another store
        into this one, each once however often it is run: a kiosk's own file
        joining a fleet's server. ``kiosk`` names the posts and figures that
        had no kiosk. (posts copied or already here, figures, posts the rules
        here refuse)."""
        rows = other._read(f"SELECT {POST_COLUMNS}, 0 AS replies FROM posts ORDER BY id")
        uids = {int(row["id"]): row["uid"] for row in rows}
        posts = refused = 0
        for row in rows:
            post = other._post(row)
            post = dataclasses.replace(post, kiosk=post.kiosk or kiosk)
            try:
                kept = self.put(post, reply_to_uid=uids.get(post.reply_to or 0))
            except StoreFailed:
                raise
            except PostError:           # a word this store's list blocks: left behind
                refused += 1
                continue
            if kept is not None:
                posts += 1
        figures = 0
        for s in other._read("SELECT uid, kiosk, started FROM sessions ORDER BY id"):
            self.record_session(s["uid"], s["kiosk"] or kiosk, float(s["started"]))
            figures += 1
        for v in other._read("SELECT uid, kiosk, session_uid, stop, opened, seconds, "
                             "program_started FROM stop_visits ORDER BY id"):
            self.record_visit(v["uid"], v["kiosk"] or kiosk, v["session_uid"], v["stop"],
                              float(v["opened"]), float(v["seconds"]), bool(v["program_started"]))
            figures += 1
        return posts, figures, refused

    def kiosks(self) -> builtins.list[str]:
        """Every kiosk that has recorded a visit, by name."""
        rows = self._read("SELECT kiosk FROM sessions UNION SELECT kiosk FROM stop_visits "
                          "ORDER BY kiosk")
        return [row["kiosk"] for row in rows]

    def figures(self, kiosk: str | None = None) -> Figures:
        """Sessions and per-stop figures of one kiosk, or of all of them (None)."""
        where, args = ("WHERE kiosk = ?", (kiosk,)) if kiosk is not None else ("", ())
        sessions = self._count(f"SELECT COUNT(*) AS n FROM sessions {where}", args)
        rows = self._read(
            "SELECT stop, COUNT(*) AS opened, SUM(seconds) AS seconds, "
            f"SUM(program_started) AS programs FROM stop_visits {where} "
            "GROUP BY stop ORDER BY COUNT(*) DESC, stop", args)
        return Figures(kiosk, sessions, tuple(
            StopFigures(r["stop"], int(r["opened"]), float(r["seconds"] or 0.0),
                        int(r["programs"] or 0)) for r in rows))
