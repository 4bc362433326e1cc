"""ReadOnlyStore: the stand-in when the real store cannot open, so the 2011 stream stays readable.

A data folder that is read-only, a ``posts.db`` that is not a post store,
a folder that cannot be made or a fleet's server that fails without an
outbox would otherwise leave the social stop with no board at all. This
is a real SQLite store in memory: the exhibit's content seeds it exactly
as it seeds a file (``emulator.social_seed``, inside ``from_content``), so
the social stop's program reads the 2011 threads and the live thread still
plays. What a visitor writes is refused in words (``ReadOnly``, whose
message is ``READ_ONLY``), and visit figures are dropped with one log line:
nothing is kept, and nothing pretends to be.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager

from emulator.moderation import WordList
from emulator.store.rules import READ_ONLY, Post, ReadOnly
from emulator.store.sqlite import SqliteStore

log = logging.getLogger("exhibit.store")


class ReadOnlyStore(SqliteStore):
    """An in-memory store that takes the exhibit's content and refuses visitors.

    ``reason`` says, for staff, why the real store could not open.
    Writes made inside ``from_content()`` (on that thread only: a Z80
    program's CPU thread posting meanwhile is still a visitor) go in; every
    other post or reply raises ``ReadOnly``.
    """

    def __init__(self, reason: str, *, words: WordList | None = None, kiosk: str = "") -> None:
        super().__init__(":memory:", words=words, kiosk=kiosk)
        self.reason = reason
        self.where = f"memory only (read-only: {reason})"
        self._content = threading.local()
        self._figures_said = False

    @contextlib.contextmanager
    def from_content(self) -> Iterator[None]:
        """Let the exhibit's own content (the seeded stream, the live thread) in."""
        before = getattr(self._content, "on", False)
        self._content.on = True
        try:
            yield
        finally:
            self._content.on = before

    def _visitor(self) -> None:
        if not getattr(self._content, "on", False):
            raise ReadOnly(READ_ONLY)

    def add(self, board: str, author: str, text: str, *,
            created: dt.datetime | None = None, answer: bool = False,
            pending: bool = False, uid: str | None = None) -> Post:
        self._visitor()
        return super().add(board, author, text, created=created, answer=answer,
                           pending=pending, uid=uid)

    def reply(self, parent: int, author: str, text: str, *,
              created: dt.datetime | None = None, pending: bool = False,
              uid: str | None = None) -> Post:
        self._visitor()
        return super().reply(parent, author, text, created=created, pending=pending, uid=uid)

    def record_session(self, uid: str, kiosk: str, started: float) -> None:
        self._drop_figures()

    def record_visit(self, uid: str, kiosk: str, session: str, stop: str, opened: float,
                     seconds: float, program_started: bool) -> None:
        self._drop_figures()

    def _drop_figures(self) -> None:
        if not self._figures_said:
            self._figures_said = True
            log.warning("visit figures are not being kept: the post store could not open (%s)",
                        self.reason)


def content_writes(store: object) -> AbstractContextManager[None]:
    """Where the exhibit writes its own content into a store: let it in even on the stand-in."""
    if isinstance(store, ReadOnlyStore):
        return store.from_content()
    return contextlib.nullcontext()
