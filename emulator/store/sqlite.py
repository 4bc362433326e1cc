"""SqliteStore (``PostStore``): the posts and visit figures of one machine, in SQLite.

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
import datetime as dt
import logging
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from emulator.moderation import WordList
from emulator.store.base import Row, SqlStore
from emulator.store.rules import DISK_FULL, SCHEMA_VERSION, PostError, StoreFailed

log = logging.getLogger("exhibit.store")

MEMORY = ":memory:"       # SQLite's name for a database that is no file

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
    pending  INTEGER NOT NULL DEFAULT 0,
    uid      TEXT,
    kiosk    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS posts_by_board ON posts (board, reply_to, id);
CREATE INDEX IF NOT EXISTS posts_by_parent ON posts (reply_to, id);
CREATE INDEX IF NOT EXISTS posts_answers ON posts (answer, id);
CREATE UNIQUE INDEX IF NOT EXISTS posts_uid ON posts (uid);
"""

_VISITS = """
CREATE TABLE IF NOT EXISTS sessions (
    id      INTEGER PRIMARY KEY,
    uid     TEXT NOT NULL UNIQUE,
    kiosk   TEXT NOT NULL DEFAULT '',
    started REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS stop_visits (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    kiosk           TEXT NOT NULL DEFAULT '',
    session_uid     TEXT NOT NULL,
    stop            TEXT NOT NULL,
    opened          REAL NOT NULL,
    seconds         REAL NOT NULL DEFAULT 0,
    program_started INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS stop_visits_by_kiosk ON stop_visits (kiosk, stop);
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
    3: (
        "ALTER TABLE posts ADD COLUMN uid TEXT",
        "ALTER TABLE posts ADD COLUMN kiosk TEXT NOT NULL DEFAULT ''",
        # Old posts get a random id too, so any post can be named by uid.
        "UPDATE posts SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL",
        "CREATE UNIQUE INDEX IF NOT EXISTS posts_uid ON posts (uid)",
        *(s for s in _VISITS.split(";") if s.strip()),
    ),
}


class SqliteStore(SqlStore):
    """The store in one SQLite file: the default, for one machine.

    Safe to share between threads (the UI and a machine's CPU thread): one
    connection, one lock around every statement.
    """

    def __init__(self, path: str | Path, *, words: WordList | None = None,
                 kiosk: str = "") -> None:
        self.path = Path(path)
        self.where = str(self.path)
        self.kiosk = kiosk
        # Every way into the store (the wall, a Z80 program's CREATE and
        # REPLY, a seeding function) passes this list, so no path skips it.
        self.words = words or WordList()
        self._writes = 0
        self._lost = False          # the file went and no new one could be made yet
        self._file: tuple[int, int] | None = None
        self._lock = threading.Lock()
        with self._lock:
            self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        """A connection to the file at ``path``, its schema made or brought up to date."""
        try:
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as e:
            raise PostError(f"cannot open the post store {self.path}: {e}") from None
        db.row_factory = sqlite3.Row
        try:
            self._open(db)
            # Which file this connection holds: a file deleted or renamed
            # under it would take every later post with it (see _still_there).
            # A store in memory (":memory:") has no file to lose.
            self._file = None if str(self.path) == MEMORY else _identity(self.path)
        except PostError:
            db.close()
            raise
        except (sqlite3.Error, OSError) as e:
            db.close()
            raise PostError(f"{self.path} is not a post store the exhibit can use ({e}); "
                            "move it aside and start again") from None
        return db

    def _still_there(self) -> None:
        """Open the store's file again if it was deleted or renamed since it was opened.

        On Unix an open connection keeps writing into a file deleted or
        renamed under it (its write-ahead log too), and SQLite says nothing:
        every post confirmed after that would be gone when the exhibit
        closes. So each statement first checks that the name still leads to
        the file it holds; if not, the old connection is closed (what it
        held stays in the renamed file) and a new file is made at the name,
        or, when the folder itself is gone, the post is refused in words.
        Called with the lock held.
        """
        if self._file is None:
            return
        try:
            if _identity(self.path) == self._file:
                return
        except OSError:
            pass
        if not self._lost:
            log.error("the post store's file %s was deleted or moved while open; "
                      "starting a new one there", self.path)
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass
        self._db.close()
        self._lost = True
        if not self.path.parent.is_dir():
            # Closed, so no statement reaches the lost file; the next try
            # opens again once the folder is back.
            self._db = _gone()
            raise StoreFailed(f"The post store's folder {self.path.parent} is gone, so the "
                              "post was not kept. Please tell a member of staff.")
        try:
            self._db = self._connect()
            self._lost = False
            log.warning("the post store started a new file at %s", self.path)
        except PostError as e:
            self._db = _gone()
            raise StoreFailed(f"The post store could not be opened again ({e}); "
                              "please try again in a moment.") from None

    def _open(self, db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise PostError(f"{self.path} was written by a newer exhibit "
                            f"(schema {version}, this one knows {SCHEMA_VERSION})")
        if version < SCHEMA_VERSION:
            # Schema and version change in one transaction: a file is
            # either the old shape or the new, never half of each.
            with _Transaction(db):
                if version == 0:
                    for statement in (_SCHEMA + _VISITS).split(";"):
                        if statement.strip():
                            db.execute(statement)
                else:
                    for step in range(version + 1, SCHEMA_VERSION + 1):
                        for statement in _MIGRATIONS[step]:
                            db.execute(statement)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def tidy(self) -> None:
        """Fold the write-ahead log into the file and empty it, between visitors.

        Every post and count is its own commit, so without this the ``-wal``
        file runs up to SQLite's automatic limit (about 4 MB) and stays there.
        """
        try:
            with self._lock:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as e:
            raise _failed(e, "tidy its file") from None

    # -- the back end's part ----------------------------------------------------

    def _read(self, sql: str, args: Sequence[Any] = ()) -> builtins.list[Row]:
        try:
            with self._lock:
                self._still_there()
                return self._db.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as e:
            raise _failed(e, "read the posts") from None

    def _write(self, sql: str, args: Sequence[Any] = ()) -> tuple[builtins.list[Row], int]:
        try:
            with self._lock:
                self._still_there()
                with _Transaction(self._db):
                    cur = self._db.execute(sql, tuple(args))
                    rows = cur.fetchall()
                self._writes += 1
                return rows, cur.rowcount
        except sqlite3.Error as e:
            # SQLITE_FULL ("database or disk is full") and its kin: the
            # transaction rolled back, so nothing half-written stays behind.
            raise _failed(e, "save the post") from None

    def _at(self, when: dt.datetime) -> Any:
        return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

    def _when(self, value: Any) -> dt.datetime:
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)

    def changes(self) -> int:
        # data_version moves when another connection (another process)
        # commits; our own commits are counted as they are made.
        with self._lock:
            other = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        return other + self._writes


def _identity(path: Path) -> tuple[int, int]:
    """The file a name leads to now (device, inode); OSError when there is none."""
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _gone() -> sqlite3.Connection:
    """A connection that holds no file, for a store whose folder went: every
    statement on it fails, and ``_still_there`` tries the name again first."""
    return sqlite3.connect(MEMORY, check_same_thread=False, isolation_level=None)


def _failed(e: sqlite3.Error, doing: str) -> StoreFailed:
    # Staff see every failure in the log; the visitor gets the words.
    log.warning("the post store could not %s: %s", doing, e)
    if "full" in str(e).lower():
        return StoreFailed(DISK_FULL)
    return StoreFailed(f"The post store could not {doing} ({e}); please try again in a moment.")


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


PostStore = SqliteStore
