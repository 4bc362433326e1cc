"""History: what a machine read from the world, kept so its past can be replayed.

A Z80 is deterministic: from the same state, fed the same inputs, it goes
through the same states to the T-state. So stepping backwards needs only
two things, both cheap: snapshots taken now and then (``Checkpoint``), and
every value the machine took from outside since the oldest of them
(``InputLog``). To go back, the machine restores an earlier snapshot and
runs forward again, taking its inputs from the log instead of from the
keyboard, the clock or the wall.

What counts as input is everything whose answer does not follow from the
machine's own state: BIOS CONST and CONIN (when a key arrives depends on
the person typing), LISTST (a paced printer is ready by the wall clock),
and every IN from the host-services ports (the time of day, posts on the
wall). A program polling CONST asks thousands of times with the same
answer, so the log stores runs: (kind, value, count).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any


class ReplayDiverged(Exception):
    """The replayed machine asked for a different input than the recorded one."""


# Kinds of input in the log.
CONST = 0       # BIOS CONST / the console status port: 0FFh or 0
CONIN = 1       # BIOS CONIN: the key
LISTST = 2      # BIOS LISTST / LIST: whether the printer took it
HOST = 3        # IN from a host-services port
KIND_NAMES = ("CONST", "CONIN", "LISTST", "HOST")


class InputLog:
    """Every input the machine took, run-length coded, with a read cursor.

    While the cursor is behind the end the machine is *replaying*: ``take``
    answers from the log. At the end it is *live*: ``take`` asks the real
    device and appends the answer. Cursors are absolute (an entry's number
    since the log began), so trimming old entries never moves them.
    """

    def __init__(self) -> None:
        self._entries: list[list[int]] = []    # [kind, value, count]
        self._base = 0                         # absolute number of _entries[0]
        self._i = 0                            # cursor: absolute entry number
        self._k = 0                            # and how many of its count are used

    @property
    def cursor(self) -> tuple[int, int]:
        return self._i, self._k

    def seek(self, cursor: tuple[int, int]) -> None:
        self._i, self._k = cursor

    @property
    def end(self) -> tuple[int, int]:
        return self._base + len(self._entries), 0

    @property
    def replaying(self) -> bool:
        return self._i < self._base + len(self._entries)

    def take(self, kind: int, live: Callable[[], int | None]) -> int | None:
        """The next input of this kind: from the log while replaying, else live.

        A live answer of None (no key yet) is not an input and is not kept.
        """
        entries = self._entries
        i = self._i - self._base
        if i < len(entries):
            entry = entries[i]
            if entry[0] != kind:
                raise ReplayDiverged(f"the replay asked for {KIND_NAMES[kind]} where "
                                     f"{KIND_NAMES[entry[0]]} was recorded")
            self._k += 1
            if self._k >= entry[2]:
                self._i += 1
                self._k = 0
            return entry[1]
        value = live()
        if value is None:
            return None
        if entries and entries[-1][0] == kind and entries[-1][1] == value:
            entries[-1][2] += 1
        else:
            entries.append([kind, value, 1])
            self._i += 1
        return value

    def truncate(self) -> None:
        """Forget everything after the cursor: the future changed."""
        i = self._i - self._base
        if self._k:
            self._entries[i][2] = self._k
            i += 1
            self._i, self._k = self._i + 1, 0
        del self._entries[i:]

    def trim(self, before: tuple[int, int]) -> None:
        """Forget the entries wholly before this cursor (nothing can go back to them)."""
        drop = before[0] - self._base
        if drop > 0:
            del self._entries[:drop]
            self._base += drop

    def __len__(self) -> int:
        return len(self._entries)


@dataclasses.dataclass
class Checkpoint:
    """A snapshot of the machine at an exact point, and where the log stood."""

    clock: int                   # T-states since power-on
    cursor: tuple[int, int]      # the input log's cursor at that point
    snapshot: Any                # the machine's own snapshot (Machine._capture)
