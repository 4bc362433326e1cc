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
from collections.abc import Sequence

from emulator.store import Post, PostStore

BOARD = "social"


@dataclasses.dataclass(frozen=True)
class Seed:
    """One post to seed, with its time (UTC) and the replies under it."""

    author: str
    text: str
    created: dt.datetime
    replies: tuple[Seed, ...] = ()
    live: tuple[Seed, ...] = ()      # replies held back for LiveFeed


def seed_if_empty(store: PostStore, board: str, stream: Sequence[Seed]) -> int:
    """Fill a board on its first use; returns the posts added (0 if it had any).

    Top-level posts go in oldest first, so the newest is at the top of the
    timeline, whatever order the stream lists them in.
    """
    if not stream or store.count(board, include_hidden=True):
        return 0
    added = 0
    for seed in sorted(stream, key=lambda s: s.created):
        post = store.add(board, seed.author, seed.text, created=seed.created)
        added += 1
        for reply in sorted(seed.replies, key=lambda s: s.created):
            store.reply(post.id, reply.author, reply.text, created=reply.created)
            added += 1
    return added


class LiveFeed:
    """Adds a live thread's next held-back reply each time it is stepped."""

    def __init__(self, store: PostStore, live: Seed, board: str = BOARD) -> None:
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
                return self.store.reply(post.id, item.author, item.text, created=item.created)
        return None
