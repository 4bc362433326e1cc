"""Visit figures: sessions, stops opened, time per stop, programs started (no personal data)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    started REAL NOT NULL,
    ended REAL
);
CREATE TABLE IF NOT EXISTS stop_visits (
    id INTEGER PRIMARY KEY,
    session INTEGER REFERENCES sessions(id),
    stop TEXT NOT NULL,
    opened REAL NOT NULL,
    seconds REAL NOT NULL DEFAULT 0,
    program_started INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS stop_visits_stop ON stop_visits(stop);
"""


class VisitLog:
    """Counts what visitors do, in SQLite (WAL: a killed process loses nothing committed).

    Every write is its own short transaction. A full or read-only disk never
    stops the exhibit: the error is kept in ``last_error`` and the count lost.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.last_error: str | None = None
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        with self.db:
            self.db.executescript(SCHEMA)
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"{path} was written by a newer exhibit (schema {version})")
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self.session: int | None = None
        self.visit: int | None = None
        self.visit_opened = 0.0

    def _write(self, sql: str, args: tuple[object, ...]) -> int | None:
        try:
            with self.lock, self.db:
                return self.db.execute(sql, args).lastrowid
        except sqlite3.Error as e:
            self.last_error = f"visit figures not saved: {e}"
            return None

    def start_session(self) -> None:
        self.end_session()
        self.session = self._write("INSERT INTO sessions(started) VALUES (?)", (time.time(),))

    def end_session(self) -> None:
        self.close_stop()
        if self.session is not None:
            self._write("UPDATE sessions SET ended=? WHERE id=?", (time.time(), self.session))
            self.session = None
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Fold the write-ahead log into the database and empty it, between visitors.

        Every count is its own commit, so without this the ``-wal`` file runs
        up to SQLite's automatic limit (about 4 MB) and stays there.
        """
        try:
            with self.lock:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as e:
            self.last_error = f"visit figures not tidied: {e}"

    def open_stop(self, stop_id: str) -> None:
        self.close_stop()
        if self.session is None:
            self.start_session()
        self.visit_opened = time.monotonic()
        self.visit = self._write("INSERT INTO stop_visits(session, stop, opened) VALUES (?,?,?)",
                                 (self.session, stop_id, time.time()))

    def program_started(self) -> None:
        if self.visit is not None:
            self._write("UPDATE stop_visits SET program_started=1 WHERE id=?", (self.visit,))

    def close_stop(self) -> None:
        if self.visit is not None:
            self._write("UPDATE stop_visits SET seconds=? WHERE id=?",
                        (time.monotonic() - self.visit_opened, self.visit))
            self.visit = None

    def summary(self) -> tuple[int, list[tuple[str, int, float, int]]]:
        """Sessions, then per stop: times opened, total seconds, programs started."""
        with self.lock:
            sessions = self.db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
            rows = self.db.execute(
                "SELECT stop, COUNT(*), SUM(seconds), SUM(program_started) FROM stop_visits "
                "GROUP BY stop ORDER BY COUNT(*) DESC, stop").fetchall()
        return sessions, [(r[0], r[1], r[2] or 0.0, r[3] or 0) for r in rows]

    def close(self) -> None:
        self.end_session()
        self.db.close()
