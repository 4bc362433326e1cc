"""What every back end shares: a post, the errors, and the rules a post must pass.

The rules live here, once, so a post the SQLite file refuses is refused by
the PostgreSQL server too: text only (no control characters), 24 characters
for a name, 240 for a post and 140 for a visitor's answer on the wall, and
no word from the store's blocked list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from emulator.moderation import MAX_POST, REFUSED, WordList

# The schema every back end is at once opened by this exhibit. 3 added a
# unique id on every record (an outbox sends it exactly once), the kiosk a
# record came from, and the visit figures beside the posts.
SCHEMA_VERSION = 3

MAX_AUTHOR = 24
MAX_TEXT = 240
MAX_PAGE = 100


class PostError(ValueError):
    """A post the store will not take; the message says why, in words for people."""


class PostRefused(PostError):
    """Moderation refused the post (a blocked word); the message is for the visitor."""


class StoreFailed(PostError):
    """The store could not save or read (disk full, locked, server gone); nothing was kept."""


class Unreachable(StoreFailed):
    """The server did not answer (not there, gone away, too slow); try again later."""


class ReadOnly(StoreFailed):
    """The store could not open, so the exhibit runs on one that keeps nothing new."""


DISK_FULL = ("The exhibit's disk is full, so the post was not kept. "
             "Please tell a member of staff; the rest of the exhibit still works.")

# What a visitor is told when they post while the store is the read-only
# stand-in (``emulator.store.readonly``); staff are told why elsewhere.
READ_ONLY = "Posts are not being kept today; the stream is read-only."


@dataclasses.dataclass(frozen=True)
class Post:
    """One post, or a reply when ``reply_to`` names its parent.

    A post written while a kiosk cannot reach its server waits in the
    kiosk's outbox with a negative ``id`` until it is sent.
    """

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
    uid: str = ""                 # unique over the fleet: sent once, stored once
    kiosk: str = ""               # the kiosk it was written on ("" for one machine)


@dataclasses.dataclass(frozen=True)
class StopFigures:
    """One stop's visit figures: times opened, seconds spent, programs started."""

    stop: str
    opened: int
    seconds: float
    programs: int


@dataclasses.dataclass(frozen=True)
class Figures:
    """The visit figures of one kiosk, or of the whole fleet (``kiosk`` None)."""

    kiosk: str | None
    sessions: int
    stops: tuple[StopFigures, ...]


def check_post(words: WordList, board: str, author: str, text: str, *,
               answer: bool = False) -> tuple[str, str, str]:
    """The post as it will be kept, or PostError saying what is wrong with it."""
    board = check_board(board)
    author = check_text("author", author, MAX_AUTHOR)
    text = check_text("text", text, MAX_POST if answer else MAX_TEXT)
    if words.blocked(author) or words.blocked(text):
        raise PostRefused(REFUSED)
    return board, author, text


def check_board(board: str) -> str:
    if not (isinstance(board, str) and 0 < len(board) <= 32 and board.isascii()
            and board.replace("-", "").replace("_", "").isalnum()):
        raise PostError(f"a board is a short name of letters, digits, - and _, not {board!r}")
    return board


def check_text(what: str, value: str, limit: int) -> str:
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


def check_page(offset: int, limit: int) -> None:
    if offset < 0 or not 0 < limit <= MAX_PAGE:
        raise PostError(f"a page is 1 to {MAX_PAGE} posts from offset 0 or more")


def utc_second(when: dt.datetime | None) -> dt.datetime:
    """A post's time: UTC, to the second (what both back ends keep)."""
    return (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
