"""PgStore: a museum's posts and visit figures on one PostgreSQL server (psycopg 3).

Every kiosk and the curator's desk open the same database. The queries and
rules are ``SqlStore``'s, the same as on one machine's SQLite file; this
module opens the connection, keeps the schema's version in
``exhibit_schema``, and turns the server's changes into a live signal: a
statement trigger on ``posts`` sends ``NOTIFY exhibit_posts``, and a
listening connection counts them, so a wall sees a new or hidden post
within a moment without asking the server over and over.

The password never appears in a URL we log: it comes from libpq's own
``PGPASSWORD`` or passfile, or from a file named in the settings and handed
to the connection apart from the URL (``password=``). ``redact`` blanks any
password a URL holds before it is shown.
"""

from __future__ import annotations

import builtins
import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.rows import dict_row

from emulator.moderation import WordList
from emulator.store.base import Row, SqlStore
from emulator.store.rules import SCHEMA_VERSION, PostError, StoreFailed, Unreachable

log = logging.getLogger("exhibit.store")

CHANNEL = "exhibit_posts"
CONNECT_TIMEOUT = 3          # seconds to wait for a server that is not there
STATEMENT_TIMEOUT_MS = 5000  # no statement holds a kiosk up longer than this

_SCHEMA = f"""
CREATE TABLE exhibit_schema (version INTEGER NOT NULL);
CREATE TABLE posts (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uid      TEXT     NOT NULL UNIQUE,
    kiosk    TEXT     NOT NULL DEFAULT '',
    board    TEXT     NOT NULL,
    author   TEXT     NOT NULL,
    text     TEXT     NOT NULL,
    reply_to BIGINT   REFERENCES posts(id) ON DELETE CASCADE,
    created  TIMESTAMPTZ NOT NULL,
    hidden   SMALLINT NOT NULL DEFAULT 0,
    answer   SMALLINT NOT NULL DEFAULT 0,
    pending  SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX posts_by_board ON posts (board, reply_to, id);
CREATE INDEX posts_by_parent ON posts (reply_to, id);
CREATE INDEX posts_answers ON posts (id) WHERE answer = 1 AND hidden = 0 AND pending = 0;
CREATE TABLE sessions (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uid     TEXT NOT NULL UNIQUE,
    kiosk   TEXT NOT NULL DEFAULT '',
    started DOUBLE PRECISION NOT NULL
);
CREATE TABLE stop_visits (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    kiosk           TEXT NOT NULL DEFAULT '',
    session_uid     TEXT NOT NULL,
    stop            TEXT NOT NULL,
    opened          DOUBLE PRECISION NOT NULL,
    seconds         DOUBLE PRECISION NOT NULL DEFAULT 0,
    program_started SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX stop_visits_by_kiosk ON stop_visits (kiosk, stop);
CREATE FUNCTION exhibit_posts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '');
    RETURN NULL;
END $$;
CREATE TRIGGER posts_changed AFTER INSERT OR UPDATE OR DELETE ON posts
    FOR EACH STATEMENT EXECUTE FUNCTION exhibit_posts_changed();
-- The wall's count of answers anyone may see, kept as posts change: every
-- kiosk's wall asks for it on every refresh, and counting 100,000 rows each
-- time costs tens of milliseconds. The function runs as its owner, so a
-- kiosk that may only add posts still moves the count.
CREATE TABLE wall_count (
    one     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    answers BIGINT NOT NULL
);
INSERT INTO wall_count (answers) VALUES (0);
CREATE FUNCTION exhibit_count_answers() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    delta BIGINT := 0;
BEGIN
    -- Once a statement, over its rows (transition tables): a bulk insert
    -- moves the count once, not once a row.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        delta := delta - (SELECT count(*) FROM old_rows
                          WHERE answer = 1 AND hidden = 0 AND pending = 0);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        delta := delta + (SELECT count(*) FROM new_rows
                          WHERE answer = 1 AND hidden = 0 AND pending = 0);
    END IF;
    IF delta <> 0 THEN
        UPDATE wall_count SET answers = answers + delta;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER posts_count_insert AFTER INSERT ON posts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exhibit_count_answers();
CREATE TRIGGER posts_count_update AFTER UPDATE ON posts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exhibit_count_answers();
CREATE TRIGGER posts_count_delete AFTER DELETE ON posts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exhibit_count_answers();
"""

# Schema 3 is the first a server ever had (the version that brought the
# fleet); a later version adds its step here, applied in one transaction
# with the new version number, as the SQLite file's are.
_MIGRATIONS: dict[int, tuple[str, ...]] = {}

_PASSWORD_IN_URL = re.compile(r"(://[^:/@?#]*:)[^@/?#]*(@)")
_PASSWORD_PARAM = re.compile(r"(password\s*=\s*)('[^']*'|[^&\s]+)", re.IGNORECASE)


def redact(url: str) -> str:
    """The URL with any password blanked: what logs, errors and screens may show."""
    url = _PASSWORD_IN_URL.sub(r"\1***\2", url)
    return _PASSWORD_PARAM.sub(r"\1***", url)


def is_server_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class PgStore(SqlStore):
    """The store on a PostgreSQL server: every kiosk of a museum shares it.

    One connection for statements, behind a lock (the UI and a machine's
    CPU thread share it); a second one only listens, when ``changes`` is
    first asked. A connection that broke is opened again on the next call.
    """

    def __init__(self, url: str, *, words: WordList | None = None, kiosk: str = "",
                 password: str | None = None, migrate: bool = True) -> None:
        self.url = url
        self.where = redact(url)
        self.kiosk = kiosk
        self.words = words or WordList()
        self._password = password
        self._lock = threading.Lock()
        self._db: psycopg.Connection[Row] | None = None
        self._signals = 0
        self._listener: threading.Thread | None = None
        self._closed = threading.Event()
        with self._lock:
            self._connection()
            self._open(migrate)

    # -- connecting ---------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Row]:
        extra: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT,
                                 "application_name": f"exhibit {self.kiosk}".strip(),
                                 # A server that vanished without a word is noticed.
                                 "keepalives_idle": 10, "keepalives_interval": 5,
                                 "keepalives_count": 2}
        if self._password is not None:
            extra["password"] = self._password
        try:
            db: psycopg.Connection[Row] = psycopg.connect(
                self.url, autocommit=True, row_factory=dict_row, **extra)
        except psycopg.Error as e:
            raise Unreachable(f"cannot reach the post store at {self.where}: "
                              f"{_first_line(e)}") from None
        db.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
        return db

    def _connection(self) -> psycopg.Connection[Row]:
        if self._db is None or self._db.closed or self._db.broken:
            if self._db is not None:
                self._db.close()
            self._db = None
            self._db = self._connect()
        return self._db

    def _open(self, migrate: bool) -> None:
        db = self._connection()
        try:
            found = db.execute("SELECT to_regclass('exhibit_schema') AS t").fetchone()
            version = 0
            if found and found["t"] is not None:
                row = db.execute("SELECT max(version) AS v FROM exhibit_schema").fetchone()
                version = int(row["v"]) if row and row["v"] is not None else 0
            if version > SCHEMA_VERSION:
                raise PostError(f"the post store at {self.where} was made by a newer exhibit "
                                f"(schema {version}, this one knows {SCHEMA_VERSION})")
            if version == SCHEMA_VERSION:
                return
            if not migrate:
                raise PostError(f"the post store at {self.where} is at schema {version}; "
                                f"open it once as its owner to bring it to {SCHEMA_VERSION}")
            # The whole schema, or each step, and the version: one transaction.
            # Two kiosks starting at once: the lock makes the second wait, then
            # see the version the first wrote.
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(2011140)")
                found = db.execute("SELECT to_regclass('exhibit_schema') AS t").fetchone()
                if found and found["t"] is not None:
                    row = db.execute("SELECT max(version) AS v FROM exhibit_schema").fetchone()
                    version = int(row["v"]) if row and row["v"] is not None else 0
                if version == 0:
                    db.execute(_SCHEMA.encode())
                else:
                    for step in range(version + 1, SCHEMA_VERSION + 1):
                        for statement in _MIGRATIONS[step]:
                            db.execute(statement.encode())
                db.execute("DELETE FROM exhibit_schema")
                db.execute("INSERT INTO exhibit_schema (version) VALUES (%s)", (SCHEMA_VERSION,))
        except psycopg.errors.InsufficientPrivilege:
            raise PostError(f"the post store at {self.where} has no tables yet, and this "
                            "role may not make them: open it once as its owner "
                            "(see deploy/fleet.md)") from None
        except psycopg.Error as e:
            raise StoreFailed(f"the post store at {self.where} failed: {_first_line(e)}") from None

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
        if self._listener is not None:
            self._listener.join(timeout=3)

    # -- the back end's part -----------------------------------------------------

    def _run(self, sql: str, args: Sequence[Any]) -> tuple[builtins.list[Row], int]:
        query = sql.replace("?", "%s").encode()
        with self._lock:
            try:
                cur = self._connection().execute(query, tuple(args))
            except StoreFailed:
                raise
            except (psycopg.OperationalError, psycopg.InterfaceError) as e:
                # The server went away (or restarted): the next call connects again.
                if self._db is not None:
                    self._db.close()
                raise Unreachable(f"the post store at {self.where} is out of reach: "
                                  f"{_first_line(e)}") from None
            except psycopg.errors.InsufficientPrivilege as e:
                raise StoreFailed(f"this kiosk's role may not do that: {_first_line(e)}") from None
            except psycopg.Error as e:
                raise StoreFailed(f"the post store failed: {_first_line(e)}") from None
            rows = cur.fetchall() if cur.description else []
            return rows, cur.rowcount

    def _read(self, sql: str, args: Sequence[Any] = ()) -> builtins.list[Row]:
        return self._run(sql, args)[0]

    def _write(self, sql: str, args: Sequence[Any] = ()) -> tuple[builtins.list[Row], int]:
        # autocommit: one statement is one transaction, committed on return.
        return self._run(sql, args)

    def _at(self, when: dt.datetime) -> Any:
        return when.astimezone(dt.UTC)

    def _when(self, value: Any) -> dt.datetime:
        assert isinstance(value, dt.datetime)
        return value.astimezone(dt.UTC)

    def count_answers(self) -> int:
        """How many answers ``answers`` pages through (kept by a trigger as posts change)."""
        return self._count("SELECT answers AS n FROM wall_count")

    # -- live -------------------------------------------------------------------------

    def changes(self) -> int:
        """Counts the server's change signals; starts listening on first call."""
        if self._listener is None:
            self._listener = threading.Thread(target=self._listen, name="store-listen",
                                              daemon=True)
            self._listener.start()
        return self._signals

    def _listen(self) -> None:
        while not self._closed.is_set():
            try:
                with self._connect() as db:
                    db.execute(f"LISTEN {CHANNEL}")
                    # Anything may have changed while we were not listening.
                    self._signals += 1
                    while not self._closed.is_set():
                        for _ in db.notifies(timeout=0.5):
                            self._signals += 1
            except (StoreFailed, psycopg.Error) as e:
                log.info("the post store's live signal paused: %s", _first_line(e))
                self._closed.wait(2.0)


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return redact(text[0]) if text else type(e).__name__


def wait_for(url: str, seconds: float = 10.0) -> None:
    """Wait until a server answers (for scripts and tests); StoreFailed if it never does."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
            return
        except psycopg.Error as e:
            if time.monotonic() > deadline:
                raise Unreachable(f"no post store at {redact(url)}: {_first_line(e)}") from None
            time.sleep(0.2)
