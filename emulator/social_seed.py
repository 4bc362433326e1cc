"""Seed a board with a stream of dated posts, and let a live thread grow while watched.

The social stop's 2011 stream is content, not code: its thread files live
under ``timeline/`` where the checker reads them, and the exhibit turns them
into the plain ``Seed`` data here and hands them in. This module knows
nothing of where the posts come from or the rules they meet; it only puts
them in the store, so SOCIAL really reads the store through host services.

``seed_if_empty`` fills an empty board once. ``LiveFeed`` posts a live
thread's next queued reply each time it is stepped (the app steps it on a
timer while the social stop is open; tests step it by hand), so new
questions appear while the visitor watches and tests stay deterministic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence

from emulator.store import Post, Store, content_writes

BOARD = "social"


@dataclasses.dataclass(frozen=True)
class Seed:
    """One post to seed, with its time (UTC) and the replies under it."""

    author: str
    text: str
    created: dt.datetime
    replies: tuple[Seed, ...] = ()
    live: tuple[Seed, ...] = ()      # replies held back for LiveFeed


def seed_if_empty(store: Store, board: str, stream: Sequence[Seed]) -> int:
    """Fill a board on its first use; returns the posts added (0 if it had any).

    Top-level posts go in oldest first, so the newest is at the top of the
    timeline, whatever order the stream lists them in.
    """
    if not stream or store.count(board, include_hidden=True):
        return 0
    with content_writes(store):         # the stream is content, even on a read-only stand-in
        return _seed_all(store, board, stream)


def _seed_all(store: Store, board: str, stream: Sequence[Seed]) -> int:
    added = 0
    # Each seeded post has a fixed uid made from what it says: kiosks of a
    # fleet that seed the shared board at once (or one that seeded into its
    # outbox while the server was away) end up with one copy, as the server
    # keeps a uid once.
    for seed in sorted(stream, key=lambda s: s.created):
        post = store.add(board, seed.author, seed.text, created=seed.created,
                         uid=_uid("seed", board, seed))
        added += 1
        for reply in sorted(seed.replies, key=lambda s: s.created):
            store.reply(post.id, reply.author, reply.text, created=reply.created,
                        uid=_uid("seed", board, reply))
            added += 1
    return added


def _uid(kind: str, board: str, seed: Seed) -> str:
    said = f"{seed.author}\0{seed.text}\0{seed.created.isoformat()}".encode()
    return f"{kind}-{board}-{hashlib.sha256(said).hexdigest()[:20]}"


class LiveFeed:
    """Adds a live thread's next held-back reply each time it is stepped."""

    def __init__(self, store: Store, live: Seed, board: str = BOARD) -> None:
        self.store = store
        self.live = live
        self.board = board

    def thread(self) -> Post | None:
        """The live thread's post, if the board has it and it is not hidden."""
        offset = 0
        while True:
            page = self.store.list(self.board, offset=offset, limit=50)
            for post in page:
                if (post.author, post.text) == (self.live.author, self.live.text):
                    return post
            if len(page) < 50:
                return None
            offset += 50

    def step(self) -> Post | None:
        """Post the next held-back reply; None when the thread is gone or all are in."""
        post = self.thread()
        if post is None:
            return None
        said = {(p.author, p.text) for p in self.store.replies(
            post.id, limit=self.store.MAX_PAGE, include_hidden=True)}
        for item in self.live.live:
            if (item.author, item.text) not in said:
                # Dated as the thread file says, in the conference's own
                # afternoon: a 2011 reply, not a visitor's.
                with content_writes(self.store):
                    return self.store.reply(post.id, item.author, item.text,
                                            created=item.created,
                                            uid=_uid("live", self.board, item))
        return None
