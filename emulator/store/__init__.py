"""The store: the wall and social posts and the visit figures, on one machine or a fleet.

Rooms:

- ``api``      ``Store``, the one interface every back end offers;
- ``rules``    ``Post``, the errors, and the rules every post must pass;
- ``base``     ``SqlStore``: every query, written once for both back ends;
- ``sqlite``   ``SqliteStore`` (``PostStore``): one machine's file, the default;
- ``postgres`` ``PgStore``: a museum's PostgreSQL server (psycopg 3), live signals;
- ``outbox``   ``FleetStore``: a kiosk's view of that server, with a local outbox
  that keeps posts and figures through an outage and sends each exactly once;
- ``readonly`` ``ReadOnlyStore``: in memory, when the real store cannot open:
  the content's stream readable, visitors' posts refused in words.

``open_store`` is the one way in: from the data folder (``--data``), or a
server URL (``--store`` or the kiosk setting ``store``). The apps open it
with ``open_store_or_fallback``, which hands back the stand-in (and why)
when it cannot open. The Z80 programs
reach the store only through the host services (``emulator/host.py``),
which never let a program see a hidden post or another board's posts.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
import stat
from pathlib import Path

from emulator.moderation import WordList
from emulator.store.api import Store
from emulator.store.base import SqlStore, new_uid
from emulator.store.readonly import ReadOnlyStore, content_writes
from emulator.store.rules import (
    DISK_FULL,
    READ_ONLY,
    SCHEMA_VERSION,
    Figures,
    Post,
    PostError,
    PostRefused,
    ReadOnly,
    StopFigures,
    StoreFailed,
    Unreachable,
)
from emulator.store.sqlite import PostStore, SqliteStore

__all__ = [
    "DISK_FULL", "READ_ONLY", "SCHEMA_VERSION", "Figures", "Post", "PostError", "PostRefused",
    "PostStore", "ReadOnly", "ReadOnlyStore", "SqlStore", "SqliteStore", "StopFigures", "Store",
    "StoreFailed", "Unreachable", "StorePlace", "content_writes", "data_folder", "new_uid",
    "open_store", "open_store_or_fallback", "read_password", "redact",
]

log = logging.getLogger("exhibit.store")
# Quiet unless the app gives it somewhere to go (the kiosk's exhibit.log):
# nothing the store says may reach a visitor's screen.
log.addHandler(logging.NullHandler())

SERVER_SCHEMES = ("postgresql://", "postgres://")


def redact(url: str) -> str:
    """A store URL with any password blanked, for logs and screens."""
    from emulator.store.postgres import redact as blank

    return blank(url)


def data_folder(data_dir: str | Path) -> Path:
    """The data folder, made if need be. Which folder is the app's choice
    (``exhibit.settings.data_path``: ``--data DIR`` or the user's data folder)."""
    folder = Path(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PostError(f"cannot make the data folder {folder}: {e.strerror or e}") from None
    return folder


def read_password(path: Path) -> str:
    """A server password from a file only its owner may read (the kiosk's ``password_file``)."""
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise PostError(f"{path} can be read by other users; make it private with "
                            f"'chmod 600 {path}'")
        return path.read_text(encoding="utf-8").strip()
    except OSError as e:
        raise PostError(f"cannot read the password file {path}: {e.strerror or e}") from None


def open_store(data_dir: str | Path, *, url: str | None = None,
               kiosk: str = "", password_file: Path | None = None,
               outbox: bool = True) -> Store:
    """The exhibit's store.

    With no ``url``: ``posts.db`` in the data folder. With a ``postgresql://``
    URL: the museum's server, behind this kiosk's outbox in the data folder
    (``outbox=False`` for a curator's desk, which works on the server or not
    at all). The blocked words are the shipped list plus the data folder's
    ``blocked_words.txt``. ``kiosk`` names this machine in the visit figures
    and on its posts.
    """
    folder = data_folder(data_dir)
    words = WordList.load(folder)
    if url is None:
        store = SqliteStore(folder / "posts.db", words=words, kiosk=kiosk)
        _adopt_old_visits(store, folder)
        return store
    if not url.startswith(SERVER_SCHEMES):
        raise PostError("a store URL starts with postgresql:// (for one machine's own file, "
                        "leave the store out and use --data DIR)")
    try:
        from emulator.store.outbox import FleetStore
        from emulator.store.postgres import PgStore
    except ImportError:
        raise PostError("a server store needs psycopg: pip install 'exhibit[fleet]'") from None
    password = read_password(password_file) if password_file is not None else None
    if outbox:
        return FleetStore(url, folder, words=words, kiosk=kiosk, password=password)
    return PgStore(url, words=words, kiosk=kiosk, password=password)


@dataclasses.dataclass(frozen=True)
class StorePlace:
    """Where the store is: the data folder, and a server URL when a fleet shares one.

    The app, the kiosk and every command get one of these from the command
    line and the kiosk settings, and open the store with it, so there is
    one way to find "the store".
    """

    data: Path
    url: str | None = None
    kiosk: str = ""
    password_file: Path | None = None

    def open(self, *, outbox: bool = True) -> Store:
        return open_store(self.data, url=self.url, kiosk=self.kiosk,
                          password_file=self.password_file, outbox=outbox)

    def describe(self) -> str:
        """Where, for people: the server's URL without its password, or the folder."""
        if self.url:
            return redact(self.url)
        return str(data_folder(self.data) / "posts.db")


def open_store_or_fallback(place: StorePlace, *, outbox: bool = True) -> tuple[Store, str | None]:
    """The store, or, when it cannot open, the read-only stand-in and why (for staff).

    The one way the app, the presenter and the kiosk open their store: a
    read-only or unmakeable data folder, a ``posts.db`` that is not a post
    store, or a server that fails with no outbox to fall back on leaves the
    exhibit its content (the 2011 stream, seeded into memory) instead of
    nothing. The error is logged once, here.
    """
    try:
        return place.open(outbox=outbox), None
    except PostError as e:
        reason = str(e)
    log.error("the post store could not open (%s): the wall and the stream are read-only "
              "until it is fixed", reason)
    # The curator's word lists still apply to the stream (read_list skips a file it cannot read).
    return ReadOnlyStore(reason, words=WordList.load(place.data), kiosk=place.kiosk), reason


def _adopt_old_visits(store: SqliteStore, folder: Path) -> None:
    """Bring the visit figures an older exhibit kept in ``visits.db`` into the store, once.

    Each old row gets an id made from its own number and time, so a kiosk
    killed between the copy and the rename copies nothing twice next time.
    """
    old = folder / "visits.db"
    if not old.exists():
        return
    try:
        db = sqlite3.connect(old)
        try:
            sessions = db.execute("SELECT id, started FROM sessions").fetchall()
            visits = db.execute("SELECT id, session, stop, opened, seconds, program_started "
                                "FROM stop_visits").fetchall()
        finally:
            db.close()
        for sid, started in sessions:
            store.record_session(f"visits.db:s{sid}:{started!r}", store.kiosk, started)
        for vid, sid, stop, opened, seconds, program in visits:
            store.record_visit(f"visits.db:v{vid}:{opened!r}", store.kiosk,
                               f"visits.db:s{sid}", stop, opened, seconds or 0.0, bool(program))
        os.replace(old, folder / "visits.db.adopted")
        log.info("visit figures from %s adopted into %s", old, store.where)
    except (sqlite3.Error, OSError, PostError) as e:
        log.warning("the old visit figures in %s were not adopted: %s", old, e)
