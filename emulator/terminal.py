"""Terminal: the pyte screen a machine's console output is drawn on."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable
from typing import Any

import pyte
from cpm80 import ADM3ATerminal
from pyte.screens import Char


class Terminal:
    """A VT100 screen (pyte) fed by the machine thread and read by the UI.

    The machine thread collects console bytes with ``output`` and hands them
    to pyte in batches with ``flush``: pyte draws a run of plain text far
    faster than the same text one character at a time. Rows that changed are
    remembered until the UI takes them with ``take_dirty``, so the widget
    repaints only what changed, however many bytes arrived between frames.

    Everything a program prints goes through pyte, which keeps only printable
    characters in its cells: no byte from a program reaches the real terminal.
    """

    # Past this many buffered bytes the batch is drawn at once, so a flood
    # of output shows up even within one long slice of emulated time.
    BATCH = 8192

    def __init__(self, cols: int = 80, rows: int = 24, *, adm3a: bool = False) -> None:
        self.cols = cols
        self.rows = rows
        self.lock = threading.Lock()
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self._pending: list[str] = []
        self._pending_len = 0
        self._adm3a = ADM3ATerminal() if adm3a else None
        self._dirty: set[int] = set(range(rows))
        self.version = 0          # bumped whenever the screen changes
        self.bytes_out = 0        # console bytes written since power-on

    # -- machine side -------------------------------------------------

    def output(self, c: int) -> None:
        """One byte from the BIOS CONOUT (cpm80's ConsoleWriter protocol)."""
        # The VT100 and ADM-3A are 7-bit terminals: the top bit is dropped,
        # as their serial lines did.
        c &= 0x7F
        text = self._adm3a.translate(c) if self._adm3a is not None else chr(c)
        if text:
            self._pending.append(text)
            self._pending_len += 1
            if self._pending_len >= self.BATCH:
                self.flush()

    def write(self, text: str) -> None:
        """Draw text as if the program had printed it (messages from the host)."""
        for ch in text:
            self.output(ord(ch))
        self.flush()

    def flush(self) -> None:
        """Draw everything buffered since the last flush."""
        if not self._pending:
            return
        data = "".join(self._pending)
        self.bytes_out += self._pending_len
        self._pending.clear()
        self._pending_len = 0
        with self.lock:
            self.stream.feed(data)
            self._dirty |= self.screen.dirty
            self.screen.dirty.clear()
            self.version += 1

    def reset(self) -> None:
        """Blank the screen and home the cursor, as at power-on."""
        self._pending.clear()
        self._pending_len = 0
        with self.lock:
            self.screen.reset()
            self._dirty = set(range(self.rows))
            self.screen.dirty.clear()
            self.version += 1

    def snapshot(self) -> Any:
        """The whole screen state (cells, cursor, modes), for a later ``restore``."""
        self.flush()
        with self.lock:
            return copy.deepcopy(self.screen)

    def restore(self, state: Any) -> None:
        """Put back a screen saved by ``snapshot``; every row is repainted."""
        self._pending.clear()
        self._pending_len = 0
        with self.lock:
            self.screen = copy.deepcopy(state)
            # A fresh parser: the saved screen was taken between two bytes,
            # never half way through an escape sequence.
            self.stream = pyte.Stream(self.screen)
            self.screen.dirty.clear()
            self._dirty = set(range(self.rows))
            self.version += 1

    # -- UI side ------------------------------------------------------

    def take_dirty(self) -> dict[int, list[Char]]:
        """The rows changed since the last call, copied, and forget them."""
        with self.lock:
            dirty, self._dirty = self._dirty, set()
            buffer = self.screen.buffer
            return {y: [buffer[y][x] for x in range(self.cols)] for y in dirty if y < self.rows}

    def mark_all_dirty(self) -> None:
        with self.lock:
            self._dirty = set(range(self.rows))

    def cursor(self) -> tuple[int, int, bool]:
        """Cursor column, row and whether it is shown."""
        with self.lock:
            c = self.screen.cursor
            return c.x, c.y, not c.hidden

    def lines(self) -> list[str]:
        """The screen as plain text, one string per row (for tests and captures)."""
        with self.lock:
            return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines())

    def row_chars(self, y: int) -> list[Char]:
        with self.lock:
            return [self.screen.buffer[y][x] for x in range(self.cols)]

    def find(self, needle: str) -> tuple[int, int] | None:
        """Row and column of the first place the text shows, or None."""
        for y, line in enumerate(self.lines()):
            x = line.find(needle)
            if x >= 0:
                return y, x
        return None

    def contains(self, *needles: str) -> bool:
        text = self.text()
        return all(n in text for n in needles)

    def styles_at(self, y: int, xs: Iterable[int]) -> list[Char]:
        with self.lock:
            return [self.screen.buffer[y][x] for x in xs]
