"""Printer: the CP/M LIST device, kept as lines of paper the UI can show."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Printer:
    """Collects what a program sends to the LIST device (BIOS LIST, BDOS 5).

    Carriage return goes back to the start of the line, line feed moves the
    paper up a line, form feed starts a new page, tab moves to the next
    8-column stop; other control bytes are
    dropped, so nothing a program prints can act on a real terminal.

    With ``lps`` set it behaves like a line printer: it takes a line into
    its buffer at once, then is busy printing it for 1/lps seconds, and
    LISTST reads "not ready" (and LIST holds the program) until it is done.
    So a program prints at printer pace, and the UI sees each line appear
    as it is finished (``lines()``, ``version``).
    """

    # A runaway program printing forever must not eat the host's memory:
    # past this many lines the oldest paper falls off the back.
    MAX_LINES = 10_000

    def __init__(self, *, lps: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.lock = threading.Lock()
        self._lines: list[str] = []
        self._current: list[str] = []
        self._column = 0
        self.version = 0          # bumped on every change, for the UI to poll
        self.pages = 1
        self.lps = lps
        self.clock = clock
        self._busy_until = 0.0

    def ready(self) -> bool:
        """Whether the printer can take a character now (BIOS LISTST)."""
        return self.lps is None or self.clock() >= self._busy_until

    def wait_time(self) -> float:
        """Seconds until the printer is ready again (0 when it is)."""
        return 0.0 if self.lps is None else max(0.0, self._busy_until - self.clock())

    def _line_done(self) -> None:
        if self.lps is not None:
            self._busy_until = max(self.clock(), self._busy_until) + 1 / self.lps

    def output(self, c: int) -> None:
        c &= 0x7F
        with self.lock:
            if c == 0x0D:
                self._column = 0
            elif c == 0x0A:
                self._lines.append("".join(self._current).rstrip())
                self._current = []
                self._column = 0
                if len(self._lines) > self.MAX_LINES:
                    del self._lines[: len(self._lines) - self.MAX_LINES]
                self._line_done()
            elif c == 0x0C:
                if self._current:
                    self._lines.append("".join(self._current).rstrip())
                self._lines.append("\f")
                self._current = []
                self._column = 0
                self.pages += 1
                self._line_done()
            elif c == 0x09:
                # Horizontal tab: the next of the print head's stops, every
                # 8 columns (BDOS function 5 passes tabs to the printer as they are).
                self._column = (self._column // 8 + 1) * 8
            elif 0x20 <= c < 0x7F:
                # Overstrike: a carriage return without a line feed lets a
                # program print over a line again; the later character wins.
                if self._column < len(self._current):
                    self._current[self._column] = chr(c)
                else:
                    self._current.extend(" " * (self._column - len(self._current)))
                    self._current.append(chr(c))
                self._column += 1
            else:
                return
            self.version += 1

    def lines(self) -> list[str]:
        """Every finished line, then the line being printed (if any)."""
        with self.lock:
            current = ["".join(self._current)] if self._current else []
            return [*self._lines, *current]

    def finished_lines(self) -> list[str]:
        """Only the lines the paper has moved past (what a line printer has printed)."""
        with self.lock:
            return list(self._lines)

    def text(self) -> str:
        return "\n".join(self.lines())

    def clear(self) -> None:
        with self.lock:
            self._lines.clear()
            self._current = []
            self._column = 0
            self.pages = 1
            self._busy_until = 0.0
            self.version += 1
