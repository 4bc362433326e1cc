"""HostServices: the device on Z80 I/O ports through which programs ask the host.

The protocol is in ``emulator/HOST_SERVICES.md``. In short: a program
writes a command to port 0E0h, its argument bytes to port 0E1h, any byte
to port 0E2h to run it, then reads the status from port 0E0h and the
answer, byte by byte, from port 0E1h. Arguments and answers have fixed
upper bounds, a program can reach only the posts of its machine's board,
and whatever a program sends, the worst it gets is an error status: no
exception ever leaves this device into the CPU thread.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import random
import sqlite3
from collections.abc import Callable

from emulator.store import Post, PostError, PostRefused, PostStore, ReadOnly, Store, StoreFailed

log = logging.getLogger(__name__)

PORT_COMMAND = 0xE0       # write: start a request; read: status of the last one
PORT_DATA = 0xE1          # write: one argument byte; read: next answer byte
PORT_EXEC = 0xE2          # write: run the request; read: answer bytes left (low byte)
PORT_LEFT_HIGH = 0xE3     # read: answer bytes left (high byte)
PORTS = (PORT_COMMAND, PORT_DATA, PORT_EXEC, PORT_LEFT_HIGH)

PROTOCOL_VERSION = 1
MAX_ARGS = 255            # argument bytes a request may carry
MAX_ANSWER = 4096         # answer bytes a request may produce
MAX_PAGE = 8              # posts in one LIST or REPLIES answer


class Command(enum.IntEnum):
    HELLO = 0x00      # -> version, max args, max page
    TIME = 0x01       # -> year(2), month, day, hour, minute, second, weekday
    RANDOM = 0x02     # -> a 16-bit random number
    SEED = 0x03       # seed(2) -> (nothing): the same numbers follow every time
    LIST = 0x10       # offset(2), count(1) -> n, n posts (newest first)
    READ = 0x11       # id(4) -> a post
    CREATE = 0x12     # author(str), text(str) -> id(4)
    REPLY = 0x13      # parent id(4), author(str), text(str) -> id(4)
    REPLIES = 0x14    # parent id(4), offset(2), count(1) -> n, n posts (oldest first)


class Status(enum.IntEnum):
    OK = 0
    UNKNOWN_COMMAND = 1    # no such command
    BAD_REQUEST = 2        # wrong argument length or content (control characters, empty)
    TOO_LONG = 3           # more than MAX_ARGS argument bytes, or a string over its limit
    NOT_FOUND = 4          # no such post (or hidden by a moderator)
    NO_STORE = 5           # this machine has no post store
    HOST_ERROR = 6         # the store failed (disk full, locked): try again later
    NO_REQUEST = 7         # run (port 0E2h) without a command first
    REFUSED = 8            # moderation refused the post (a blocked word)
    READ_ONLY = 9          # the store could not open: posts are not kept today


class _BadRequest(Exception):
    def __init__(self, status: Status) -> None:
        self.status = status


class HostServices:
    """The host-services device of one machine.

    ``board`` is the only board its programs see; ``store`` may be None
    (a machine with no posts), and then post commands answer NO_STORE.
    """

    def __init__(self, store: Store | None = None, *, board: str = "wall",
                 seed: int | None = None,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.store = store
        self.board = board
        self._seed = seed
        self._random = random.Random(seed)
        self._clock = clock or (lambda: dt.datetime.now().astimezone())
        self.requests = 0
        self.reset()

    def reset(self) -> None:
        """Forget any request half made (and, with a fixed seed, restart its numbers)."""
        self._command: int | None = None
        self._args = bytearray()
        self._overflow = False
        self._answer = b""
        self._read = 0
        self.status = Status.OK
        if self._seed is not None:
            self._random.seed(self._seed)

    # -- the ports (called from the CPU thread) ---------------------------

    def port_in(self, port: int) -> int:
        if port == PORT_COMMAND:
            return int(self.status)
        if port == PORT_DATA:
            if self._read < len(self._answer):
                self._read += 1
                return self._answer[self._read - 1]
            return 0
        left = len(self._answer) - self._read
        if port == PORT_EXEC:
            return left & 0xFF
        if port == PORT_LEFT_HIGH:
            return (left >> 8) & 0xFF
        return 0xFF

    def port_out(self, port: int, value: int) -> None:
        if port == PORT_COMMAND:
            self._command = value
            self._args.clear()
            self._overflow = False
            self._answer = b""
            self._read = 0
        elif port == PORT_DATA:
            if len(self._args) < MAX_ARGS:
                self._args.append(value)
            else:
                self._overflow = True
        elif port == PORT_EXEC:
            self._execute()

    def _execute(self) -> None:
        self.requests += 1
        command, args = self._command, bytes(self._args)
        self._command = None
        self._args.clear()
        self._answer = b""
        self._read = 0
        if command is None:
            self.status = Status.NO_REQUEST
            return
        if self._overflow:
            self.status = Status.TOO_LONG
            return
        try:
            self._answer = self._run(command, args)[:MAX_ANSWER]
            self.status = Status.OK
        except _BadRequest as e:
            self.status = e.status
        except PostRefused:
            self.status = Status.REFUSED
        except ReadOnly:
            self.status = Status.READ_ONLY
        except StoreFailed as e:
            log.warning("host services: the post store failed: %s", e)
            self.status = Status.HOST_ERROR
        except PostError:
            self.status = Status.BAD_REQUEST
        except sqlite3.Error as e:
            log.warning("host services: the post store failed: %s", e)
            self.status = Status.HOST_ERROR
        except Exception:  # a request must never crash the CPU thread
            log.exception("host services: request %02Xh failed", command)
            self.status = Status.HOST_ERROR

    # -- the commands -----------------------------------------------------

    def _run(self, command: int, args: bytes) -> bytes:
        reader = _Args(args)
        if command == Command.HELLO:
            reader.end()
            return bytes([PROTOCOL_VERSION, MAX_ARGS, MAX_PAGE])
        if command == Command.TIME:
            reader.end()
            now = self._clock()
            return (now.year.to_bytes(2, "little")
                    + bytes([now.month, now.day, now.hour, now.minute, now.second,
                             now.weekday()]))
        if command == Command.RANDOM:
            reader.end()
            return self._random.getrandbits(16).to_bytes(2, "little")
        if command == Command.SEED:
            seed = reader.word()
            reader.end()
            self._random.seed(seed)
            return b""
        if command in (Command.LIST, Command.READ, Command.CREATE, Command.REPLY,
                       Command.REPLIES):
            return self._posts(command, reader)
        raise _BadRequest(Status.UNKNOWN_COMMAND)

    def _posts(self, command: int, reader: _Args) -> bytes:
        store = self.store
        if store is None:
            raise _BadRequest(Status.NO_STORE)
        if command == Command.LIST:
            offset, count = reader.word(), reader.byte()
            reader.end()
            posts = store.list(self.board, offset=offset, limit=_count(count))
            return bytes([len(posts)]) + b"".join(map(_encode, posts))
        if command == Command.READ:
            post_id = reader.long()
            reader.end()
            return _encode(self._visible(post_id))
        if command == Command.CREATE:
            author, text = reader.string(store.MAX_AUTHOR), reader.string(store.MAX_TEXT)
            reader.end()
            return store.add(self.board, author, text).id.to_bytes(4, "little")
        if command == Command.REPLY:
            parent = self._visible(reader.long())
            author, text = reader.string(store.MAX_AUTHOR), reader.string(store.MAX_TEXT)
            reader.end()
            return store.reply(parent.id, author, text).id.to_bytes(4, "little")
        # REPLIES
        parent = self._visible(reader.long())
        offset, count = reader.word(), reader.byte()
        reader.end()
        posts = store.replies(parent.id, offset=offset, limit=_count(count))
        return bytes([len(posts)]) + b"".join(map(_encode, posts))

    def _visible(self, post_id: int) -> Post:
        # Only this board's visible posts exist, as far as a program knows;
        # a reply under a hidden post is hidden with it.
        assert self.store is not None
        post = self.store.get(post_id)
        if post is None or post.board != self.board:
            raise _BadRequest(Status.NOT_FOUND)
        if post.reply_to is not None and self.store.get(post.reply_to) is None:
            raise _BadRequest(Status.NOT_FOUND)
        return post


class _Args:
    """Reads a request's argument bytes; a short or long request is BAD_REQUEST."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    def _take(self, n: int) -> bytes:
        if self._at + n > len(self._data):
            raise _BadRequest(Status.BAD_REQUEST)
        chunk = self._data[self._at:self._at + n]
        self._at += n
        return chunk

    def byte(self) -> int:
        return self._take(1)[0]

    def word(self) -> int:
        return int.from_bytes(self._take(2), "little")

    def long(self) -> int:
        return int.from_bytes(self._take(4), "little")

    def string(self, limit: int) -> str:
        length = self.byte()
        if length > limit:
            raise _BadRequest(Status.TOO_LONG)
        raw = self._take(length)
        if any(not 0x20 <= b < 0x7F for b in raw):
            raise _BadRequest(Status.BAD_REQUEST)
        return raw.decode("ascii")

    def end(self) -> None:
        if self._at != len(self._data):
            raise _BadRequest(Status.BAD_REQUEST)


def _count(count: int) -> int:
    if not 1 <= count <= MAX_PAGE:
        raise _BadRequest(Status.BAD_REQUEST)
    return count


def _ascii(text: str, limit: int) -> bytes:
    # Posts written at the exhibit's own keyboard may hold letters the
    # 7-bit machines never had: they travel as '?', and nothing else but
    # printable ASCII ever reaches a program.
    data = text.encode("ascii", errors="replace")[:limit]
    return bytes(b if 0x20 <= b < 0x7F else 0x3F for b in data)


def _encode(post: Post) -> bytes:
    """A post on the wire: id(4) reply_to(4) replies(1) author(str) text(str) created(6)."""
    author = _ascii(post.author, PostStore.MAX_AUTHOR)
    text = _ascii(post.text, PostStore.MAX_TEXT)
    c = post.created
    return (post.id.to_bytes(4, "little") + (post.reply_to or 0).to_bytes(4, "little")
            + bytes([min(post.replies, 255), len(author)]) + author + bytes([len(text)]) + text
            + (c.year.to_bytes(2, "little") + bytes([c.month, c.day, c.hour, c.minute])))
