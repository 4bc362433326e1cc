"""FleetStore: a kiosk's view of the museum's server, with a local outbox for outages.

A kiosk in a fleet writes every new post and visit figure first to its own
SQLite outbox (``outbox.db`` in the data folder, ``synchronous=FULL``), each
record with a unique id, and only then sends it. The server keeps a record
once per id (``ON CONFLICT (uid) DO NOTHING``), and the outbox forgets it
only after the server committed it. So:

- the server out of reach at start, or gone mid-day: the kiosk carries on;
  posts and figures wait, and a sender thread delivers them when it is back;
- killed (kill -9, power) anywhere in a send: before the server's commit the
  record is still in the outbox and is sent again; after it, the second send
  is a no-op on the server. Nothing lost, nothing doubled.

While the server is away, reads answer with what this kiosk last saw (kept
in the outbox file, so it survives a restart) plus its own unsent posts,
numbered from ``LOCAL_BASE`` until the server gives them ids. Visitors are
told nothing: the wall simply shows what it has. Moderation needs the server
and says so to the curator.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from emulator.moderation import WordList
from emulator.store.base import new_uid
from emulator.store.postgres import PgStore, redact
from emulator.store.rules import (
    MAX_AUTHOR,
    MAX_PAGE,
    MAX_TEXT,
    Figures,
    Post,
    PostError,
    StopFigures,
    StoreFailed,
    Unreachable,
    check_page,
    check_post,
    utc_second,
)

log = logging.getLogger("exhibit.store")

LOCAL_BASE = 3_000_000_000   # a waiting post's id: far above any server's, and fits 4 bytes
RETRY_SECONDS = 1.0          # how often an absent server is tried again
OUTBOX_VERSION = 1

T = TypeVar("T")


class Outbox:
    """The kiosk's own SQLite file: records waiting to be sent, and what it last saw."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > OUTBOX_VERSION:
                raise PostError(f"{path} was written by a newer exhibit (outbox {version})")
            with self._db:
                self._db.execute("CREATE TABLE IF NOT EXISTS waiting (seq INTEGER PRIMARY KEY "
                                 "AUTOINCREMENT, uid TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
                                 "body TEXT NOT NULL)")
                self._db.execute("CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, "
                                 "body TEXT NOT NULL)")
                self._db.execute(f"PRAGMA user_version={OUTBOX_VERSION}")
        except sqlite3.Error as e:
            raise PostError(f"cannot open the kiosk's outbox {path}: {e}") from None

    def put(self, kind: str, uid: str, body: dict[str, Any]) -> int:
        """Keep a record until it is sent; its number in the outbox."""
        try:
            with self._lock, self._db:
                cur = self._db.execute("INSERT INTO waiting (uid, kind, body) VALUES (?,?,?)",
                                       (uid, kind, json.dumps(body)))
                assert cur.lastrowid is not None
                return cur.lastrowid
        except sqlite3.Error as e:
            raise StoreFailed(f"The kiosk could not keep that ({e}); please try again.") from None

    def waiting(self, kind: str | None = None) -> builtins.list[tuple[int, str, str, dict[str, Any]]]:
        """Every record not yet sent, oldest first: (number, uid, kind, body)."""
        sql = "SELECT seq, uid, kind, body FROM waiting"
        args: tuple[Any, ...] = ()
        if kind is not None:
            sql, args = sql + " WHERE kind = ?", (kind,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY seq", args).fetchall()
        return [(seq, uid, k, json.loads(body)) for seq, uid, k, body in rows]

    def sent(self, uid: str) -> None:
        """The server has it: forget it here."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM waiting WHERE uid = ?", (uid,))

    def remember(self, key: str, body: str) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT INTO seen (key, body) VALUES (?,?) ON CONFLICT (key) "
                             "DO UPDATE SET body = excluded.body", (key, body))

    def recall(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT body FROM seen WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def tidy(self) -> None:
        try:
            with self._lock:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as e:
            log.warning("the outbox could not be tidied: %s", e)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _post_json(post: Post) -> dict[str, Any]:
    return {**dataclasses.asdict(post), "created": post.created.isoformat()}


def _json_post(body: dict[str, Any]) -> Post:
    return Post(**{**body, "created": dt.datetime.fromisoformat(body["created"])})


class FleetStore:
    """The store interface for a kiosk in a fleet: the server when it answers, the outbox when not.

    Reads go to the server while it is reachable (and are remembered);
    writes go through the outbox. A sender thread tries an absent server
    every ``RETRY_SECONDS`` and, once it answers, empties the outbox.
    """

    MAX_AUTHOR = MAX_AUTHOR
    MAX_TEXT = MAX_TEXT
    MAX_PAGE = MAX_PAGE

    def __init__(self, url: str, folder: Path, *, words: WordList | None = None,
                 kiosk: str = "", password: str | None = None,
                 server: Callable[[], PgStore] | None = None) -> None:
        self.url = url
        self.where = redact(url)
        self.path = folder / "outbox.db"
        self.words = words or WordList()
        self.kiosk = kiosk
        self.outbox = Outbox(self.path)
        self._make_server = server or (lambda: PgStore(url, words=self.words, kiosk=kiosk,
                                                       password=password))
        self.server: PgStore | None = None
        self.online = False
        self._local_changes = 0
        self._closed = threading.Event()
        self._wake = threading.Event()
        self._send_lock = threading.Lock()
        self._said = ""                      # the last reason logged for an absent server
        self._seen: dict[str, str] = {}      # what each read last answered (also in the outbox)
        self._online_event = threading.Event()
        # The sender reaches for the server at once, so a kiosk never waits
        # on a server that is not there to show its first screen.
        self._sender = threading.Thread(target=self._send_loop, name="store-outbox", daemon=True)
        self._sender.start()

    # -- the server coming and going --------------------------------------------------

    def _reach(self) -> bool:
        """Try the server once; True when it answers."""
        try:
            if self.server is None:
                self.server = self._make_server()
            else:
                self.server._read("SELECT 1 AS one")
        except StoreFailed as e:
            self._say_once(logging.WARNING, "the fleet's server is out of reach; posts and "
                           f"figures wait in {self.path}: {e}")
            self.online = False
            return False
        except PostError as e:    # a newer schema, or a role that may not make the tables
            self._say_once(logging.ERROR, f"the fleet's server cannot be used: {e}")
            self.online = False
            return False
        self._said = ""
        if not self.online:
            log.info("the fleet's server at %s answers", self.where)
            self._local_changes += 1
        self.online = True
        self._online_event.set()
        return True

    def _say_once(self, level: int, message: str) -> None:
        """Log why the server is away once, not at every try (the log is a kiosk's for months)."""
        if message != self._said:
            log.log(level, "%s", message)
            self._said = message

    def wait_online(self, seconds: float) -> bool:
        """Wait (a command, a test) until the server answers; False if it has not in time."""
        return self._online_event.wait(seconds) and self.online

    def _away(self, e: Exception) -> None:
        self._online_event.clear()
        if self.online:
            log.warning("the fleet's server went out of reach (%s); the kiosk carries on", e)
            self._local_changes += 1
        self.online = False
        self._wake.set()

    def _send_loop(self) -> None:
        while not self._closed.is_set():
            if self.online or self._reach():
                self.flush()
            self._wake.wait(RETRY_SECONDS)
            self._wake.clear()

    def flush(self) -> int:
        """Send every waiting record the server takes; how many went."""
        gone = 0
        with self._send_lock:
            for _, uid, kind, body in self.outbox.waiting():
                if not self.online or self.server is None or self._closed.is_set():
                    break
                try:
                    self._deliver(self.server, kind, body)
                except Unreachable as e:
                    self._away(e)
                    break
                except StoreFailed as e:
                    # The server is there but failed (a missing grant, a full
                    # disk): the record stays and is tried again later.
                    log.error("the server did not take a waiting %s (%s); it stays in %s",
                              kind, e, self.path)
                    break
                except PostError as e:
                    # Refused by the rules (the kiosk checked them too, so only
                    # a changed word list gets here): it can never go.
                    log.error("the server refused a waiting %s (%s); it is set aside", kind, e)
                self.outbox.sent(uid)
                gone += 1
        if gone:
            self._local_changes += 1
        return gone

    @staticmethod
    def _deliver(server: PgStore, kind: str, body: dict[str, Any]) -> None:
        if kind == "post":
            server.put(_json_post(body["post"]), reply_to_uid=body.get("reply_to_uid"))
        elif kind == "session":
            server.record_session(body["uid"], body["kiosk"], body["started"])
        elif kind == "visit":
            server.record_visit(body["uid"], body["kiosk"], body["session"], body["stop"],
                                body["opened"], body["seconds"], body["program_started"])
        else:
            raise PostError(f"unknown record kind {kind!r}")

    def _server_call(self, call: Callable[[PgStore], T]) -> T:
        """Run a call on the server, or StoreFailed at once while it is away."""
        if not self.online or self.server is None:
            raise StoreFailed(f"the fleet's server at {self.where} is out of reach; "
                              "try again when it is back")
        try:
            return call(self.server)
        except Unreachable as e:
            self._away(e)
            raise

    def close(self) -> None:
        self._closed.set()
        self._wake.set()
        self._sender.join(timeout=5)
        if self.server is not None:
            self.server.close()
        self.outbox.close()

    def tidy(self) -> None:
        """The outbox file's write-ahead log emptied, between visitors."""
        self.outbox.tidy()

    def __enter__(self) -> FleetStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def changes(self) -> int:
        server = self.server.changes() if self.server is not None and self.online else 0
        return server + self._local_changes

    # -- writing ----------------------------------------------------------------------

    def add(self, board: str, author: str, text: str, *,
            created: dt.datetime | None = None, answer: bool = False,
            pending: bool = False, uid: str | None = None) -> Post:
        board, author, text = check_post(self.words, board, author, text, answer=answer)
        post = Post(0, board, author, text, utc_second(created), answer=answer,
                    pending=pending, uid=uid or new_uid(), kiosk=self.kiosk)
        return self._send_post(post, None)

    def reply(self, parent: int, author: str, text: str, *,
              created: dt.datetime | None = None, pending: bool = False,
              uid: str | None = None) -> Post:
        above = self.get(parent)
        if above is None:
            raise PostError(f"there is no post {parent} to reply to")
        board, author, text = check_post(self.words, above.board, author, text)
        post = Post(0, board, author, text, utc_second(created), parent, pending=pending,
                    uid=uid or new_uid(), kiosk=self.kiosk)
        return self._send_post(post, above.uid)

    def _send_post(self, post: Post, reply_to_uid: str | None) -> Post:
        seq = self.outbox.put("post", post.uid, {"post": _post_json(post),
                                                 "reply_to_uid": reply_to_uid})
        self._local_changes += 1
        if self.online and self.server is not None:
            server = self.server
            try:
                with self._send_lock:
                    kept = server.put(post, reply_to_uid=reply_to_uid)
                    self.outbox.sent(post.uid)
            except Unreachable as e:
                self._away(e)
            except PostError:
                self.outbox.sent(post.uid)
                raise
            else:
                if kept is None:
                    raise PostError("the post it answers has just been deleted")
                return kept
        return dataclasses.replace(post, id=LOCAL_BASE + seq)

    def record_session(self, uid: str, kiosk: str, started: float) -> None:
        self.outbox.put("session", uid, {"uid": uid, "kiosk": kiosk, "started": started})
        self._wake.set()

    def record_visit(self, uid: str, kiosk: str, session: str, stop: str, opened: float,
                     seconds: float, program_started: bool) -> None:
        self.outbox.put("visit", uid, {"uid": uid, "kiosk": kiosk, "session": session,
                                       "stop": stop, "opened": opened, "seconds": seconds,
                                       "program_started": program_started})
        self._wake.set()

    # Moderation acts on the server, or not at all: a curator must see it happen.

    def hide(self, post_id: int, hidden: bool = True) -> bool:
        return self._server_call(lambda s: s.hide(post_id, hidden))

    def approve(self, post_id: int) -> bool:
        return self._server_call(lambda s: s.approve(post_id))

    def delete(self, post_id: int) -> bool:
        return self._server_call(lambda s: s.delete(post_id))

    # -- reading ------------------------------------------------------------------------

    def _local_posts(self) -> builtins.list[tuple[Post, str | None]]:
        """This kiosk's unsent posts, newest first, with the uid of the post each answers."""
        out = []
        for seq, _, _, body in self.outbox.waiting("post"):
            post = dataclasses.replace(_json_post(body["post"]), id=LOCAL_BASE + seq)
            out.append((post, body.get("reply_to_uid")))
        return out[::-1]

    def _read(self, key: str, call: Callable[[PgStore], T], encode: Callable[[T], Any],
              decode: Callable[[Any], T], empty: T) -> T:
        """A read from the server, remembered; while it is away, what was last seen."""
        if self.online and self.server is not None:
            try:
                value = call(self.server)
            except Unreachable as e:
                self._away(e)
            else:
                body = json.dumps(encode(value))
                if self._seen.get(key) != body:
                    self._seen[key] = body
                    self.outbox.remember(key, body)
                return value
        body_text = self._seen.get(key) or self.outbox.recall(key)
        return empty if body_text is None else decode(json.loads(body_text))

    def _posts(self, key: str, call: Callable[[PgStore], builtins.list[Post]]) -> builtins.list[Post]:
        return self._read(key, call, lambda ps: [_post_json(p) for p in ps],
                          lambda bs: [_json_post(b) for b in bs], [])

    def _number(self, key: str, call: Callable[[PgStore], int]) -> int:
        return self._read(key, call, lambda n: n, int, 0)

    def _merged(self, local: builtins.list[Post], offset: int, limit: int,
                fetch: Callable[[int, int], builtins.list[Post]]) -> builtins.list[Post]:
        """A page over this kiosk's unsent posts first, then the server's."""
        check_page(offset, limit)
        mine = local[offset:offset + limit]
        if len(mine) == limit:
            return mine
        # A whole page from the server, as it would be read with nothing
        # waiting here, so the page remembered while online is the one
        # recalled in an outage; then cut to fit.
        theirs = fetch(max(0, offset - len(local)), limit)
        sent = {p.uid for p in theirs}
        return ([p for p in mine if p.uid not in sent] + theirs)[:limit]

    def answers(self, *, offset: int = 0, limit: int = 20) -> builtins.list[Post]:
        local = [p for p, _ in self._local_posts() if p.answer and not p.pending]
        return self._merged(local, offset, limit, lambda o, n: self._posts(
            f"answers:{o}:{n}", lambda s: s.answers(offset=o, limit=n)))

    def count_answers(self) -> int:
        local = sum(1 for p, _ in self._local_posts() if p.answer and not p.pending)
        return local + self._number("count_answers", lambda s: s.count_answers())

    def list(self, board: str, *, offset: int = 0, limit: int = 20,
             include_hidden: bool = False) -> builtins.list[Post]:
        local = [p for p, _ in self._local_posts() if p.board == board and p.reply_to is None
                 and (include_hidden or not p.pending)]
        return self._merged(local, offset, limit, lambda o, n: self._posts(
            f"list:{board}:{o}:{n}:{include_hidden}",
            lambda s: s.list(board, offset=o, limit=n, include_hidden=include_hidden)))

    def count(self, board: str, *, include_hidden: bool = False) -> int:
        local = sum(1 for p, _ in self._local_posts() if p.board == board and p.reply_to is None)
        return local + self._number(f"count:{board}:{include_hidden}",
                                    lambda s: s.count(board, include_hidden=include_hidden))

    def replies(self, post_id: int, *, offset: int = 0, limit: int = 20,
                include_hidden: bool = False) -> builtins.list[Post]:
        check_page(offset, limit)
        parent = self.get(post_id, include_hidden=True)
        local = [p for p, up in self._local_posts()[::-1]
                 if parent is not None and up == parent.uid]
        theirs = [] if post_id >= LOCAL_BASE else self._posts(
            f"replies:{post_id}:{include_hidden}",
            lambda s: s.replies(post_id, limit=MAX_PAGE, include_hidden=include_hidden))
        sent = {p.uid for p in theirs}
        # Oldest first: the server's replies, then ours still waiting.
        return (theirs + [p for p in local if p.uid not in sent])[offset:offset + limit]

    def get(self, post_id: int, *, include_hidden: bool = False) -> Post | None:
        if post_id >= LOCAL_BASE:
            return next((p for p, _ in self._local_posts() if p.id == post_id), None)
        key = f"get:{post_id}:{include_hidden}"
        found = self._posts(key, lambda s: [
            p for p in [s.get(post_id, include_hidden=include_hidden)] if p is not None])
        if not found and not self.online and key not in self._seen:
            # Away, and never asked for this one: it may be on a page we saw.
            found = [p for body in list(self._seen.values()) if f'"id": {post_id},' in body
                     for p in self._decode_posts(body) if p.id == post_id][:1]
        return found[0] if found else None

    @staticmethod
    def _decode_posts(body: str) -> builtins.list[Post]:
        data = json.loads(body)
        if not isinstance(data, list):
            return []
        return [_json_post(b) for b in data if isinstance(b, dict) and "uid" in b]

    def list_since(self, boards: builtins.list[str], since: dt.datetime | None = None, *,
                   offset: int = 0, limit: int = 20,
                   include_hidden: bool = False) -> builtins.list[Post]:
        local = [p for p, _ in self._local_posts() if p.board in boards
                 and (since is None or p.created >= since) and (include_hidden or not p.pending)]
        stamp = since.isoformat() if since else ""
        return self._merged(local, offset, limit, lambda o, n: self._posts(
            f"since:{','.join(boards)}:{stamp}:{o}:{n}:{include_hidden}",
            lambda s: s.list_since(boards, since, offset=o, limit=n,
                                   include_hidden=include_hidden)))

    def count_since(self, boards: builtins.list[str], since: dt.datetime | None = None, *,
                    include_hidden: bool = False) -> int:
        stamp = since.isoformat() if since else ""
        local = sum(1 for p, _ in self._local_posts() if p.board in boards
                    and (since is None or p.created >= since))
        return local + self._number(
            f"count_since:{','.join(boards)}:{stamp}:{include_hidden}",
            lambda s: s.count_since(boards, since, include_hidden=include_hidden))

    def pending(self, *, offset: int = 0, limit: int = 20) -> builtins.list[Post]:
        return self._posts(f"pending:{offset}:{limit}",
                           lambda s: s.pending(offset=offset, limit=limit))

    def boards(self) -> builtins.list[str]:
        local = {p.board for p, _ in self._local_posts()}
        seen: builtins.list[str] = self._read("boards", lambda s: s.boards(), lambda b: b,
                                              lambda b: list(b), [])
        return sorted(set(seen) | local)

    def export(self) -> builtins.list[dict[str, Any]]:
        return self._server_call(lambda s: s.export())

    def kiosks(self) -> builtins.list[str]:
        names: builtins.list[str] = self._read("kiosks", lambda s: s.kiosks(), lambda b: b,
                                               lambda b: list(b), [])
        return names

    def figures(self, kiosk: str | None = None) -> Figures:
        def encode(f: Figures) -> Any:
            return dataclasses.asdict(f)

        def decode(b: Any) -> Figures:
            return Figures(b["kiosk"], b["sessions"], tuple(StopFigures(**s) for s in b["stops"]))

        return self._read(f"figures:{kiosk}", lambda s: s.figures(kiosk), encode, decode,
                          Figures(kiosk, 0, ()))
