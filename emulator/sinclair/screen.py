"""SinclairScreen: the 32x24 picture a ZX80 or ZX81 shows, read from its display file.

The Sinclair machines have no character generator chip or video memory of
their own: the ROM keeps the screen as a "display file" in RAM (D_FILE),
one NEWLINE (76h) before the first line and one after each of the 24
lines, each line 0 to 32 character codes (a 1K machine collapses short
lines). The machine hands us the display file every time the ROM shows a
frame; we keep a grid of cells the way ``emulator.terminal.Terminal``
does, so the exhibit's TerminalView draws it unchanged: ``take_dirty``,
``version``, ``wake_on_change``, ``cursor`` and the text helpers.

The Sinclair cursor is a character in the display file (an inverse K, L,
F or G), so the terminal's own cursor is always hidden.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable

from emulator.sinclair.charset import NEWLINE, glyph
from emulator.terminal import Cell

COLS = 32
ROWS = 24

_BLANK = Cell(" ")


class SinclairScreen:
    """The display file as rows of Cells, with the Terminal's reading interface."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.cols = COLS
        self.rows = ROWS
        self.lock = threading.Lock()
        self._grid: list[list[Cell]] = [[_BLANK] * COLS for _ in range(ROWS)]
        self._dirty: set[int] = set(range(ROWS))
        self._on_change: Callable[[], None] | None = None
        self._last: bytes = b""
        self.version = 0
        self.frames = 0          # pictures the ROM has shown since power-on
        self.blank = False       # the picture is off (the ROM is busy, no frames)
        cells: dict[int, Cell] = {}
        for code in (*range(64), *range(128, 192)):
            ch, inverse, grey = glyph(model, code)
            cells[code] = Cell(ch, reverse=inverse, dim=grey)
        self._cells = cells

    # -- machine side -------------------------------------------------

    def show(self, dfile: bytes) -> None:
        """One frame of the display file (starting at its first NEWLINE) as the ROM shows it.

        Called from the machine thread at each frame; only a change costs
        anything.
        """
        self.frames += 1
        if dfile == self._last and not self.blank:
            return
        self._last = dfile
        grid = self._parse(dfile)
        with self.lock:
            self.blank = False
            for y, row in enumerate(grid):
                if row != self._grid[y]:
                    self._grid[y] = row
                    self._dirty.add(y)
            self._changed()

    def _parse(self, dfile: bytes) -> list[list[Cell]]:
        cells = self._cells
        rows: list[list[Cell]] = []
        i = 1 if dfile[:1] == bytes([NEWLINE]) else 0
        for _ in range(ROWS):
            row: list[Cell] = []
            while i < len(dfile) and dfile[i] != NEWLINE and len(row) < COLS:
                row.append(cells.get(dfile[i], Cell("?")))
                i += 1
            # A line with 32 characters and no NEWLINE would run on; the ROM
            # always ends one, so skip to it (or to the end of what we have).
            while i < len(dfile) and dfile[i] != NEWLINE:
                i += 1
            i += 1
            rows.append(row + [_BLANK] * (COLS - len(row)))
        return rows

    def go_blank(self) -> None:
        """No picture: the ZX80 while it computes, a ZX81 in FAST mode (the faithful look)."""
        with self.lock:
            if self.blank:
                return
            self.blank = True
            self._last = b""
            for y in range(ROWS):
                if any(c is not _BLANK for c in self._grid[y]):
                    self._grid[y] = [_BLANK] * COLS
                    self._dirty.add(y)
            self._changed()

    def flush(self) -> None:
        """Nothing is buffered: each frame is drawn when it comes (Terminal's interface)."""

    def reset(self) -> None:
        with self.lock:
            self._grid = [[_BLANK] * COLS for _ in range(ROWS)]
            self._last = b""
            self._dirty = set(range(ROWS))
            self._changed()

    def snapshot(self) -> object:
        with self.lock:
            return (copy.copy(self._grid), self._last, self.blank)

    def restore(self, state: object) -> None:
        assert isinstance(state, tuple)
        grid, last, blank = state
        with self.lock:
            self._grid = [list(row) for row in grid]
            self._last = last
            self.blank = blank
            self._dirty = set(range(ROWS))
            self._changed()

    def _changed(self) -> None:
        # With the lock held.
        self.version += 1
        wake, self._on_change = self._on_change, None
        if wake is not None:
            wake()

    # -- UI side: the same calls as emulator.terminal.Terminal ----------

    def wake_on_change(self, seen_version: int, callback: Callable[[], None]) -> None:
        """Call ``callback`` once when the picture next changes (at once if it already has)."""
        with self.lock:
            if self.version != seen_version:
                callback()
            else:
                self._on_change = callback

    def cancel_wake(self) -> None:
        with self.lock:
            self._on_change = None

    def take_dirty(self) -> dict[int, list[Cell]]:
        with self.lock:
            dirty, self._dirty = self._dirty, set()
            return {y: list(self._grid[y]) for y in dirty if 0 <= y < ROWS}

    def mark_all_dirty(self) -> None:
        with self.lock:
            self._dirty = set(range(ROWS))
            self._changed()

    def cursor(self) -> tuple[int, int, bool]:
        """The Sinclair cursor is an inverse letter in the picture: no terminal cursor."""
        return 0, 0, False

    def cursor_shape(self) -> str:
        return "default"

    def cursor_keys_application(self) -> bool:
        return False

    def lines(self) -> list[str]:
        with self.lock:
            return ["".join(c.data for c in row) for row in self._grid]

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines())

    def row_chars(self, y: int) -> list[Cell]:
        with self.lock:
            return list(self._grid[y])

    def find(self, needle: str) -> tuple[int, int] | None:
        for y, line in enumerate(self.lines()):
            x = line.find(needle)
            if x >= 0:
                return y, x
        return None

    def contains(self, *needles: str) -> bool:
        text = self.text()
        return all(n in text for n in needles)

    def styles_at(self, y: int, xs: Iterable[int]) -> list[Cell]:
        with self.lock:
            return [self._grid[y][x] for x in xs]
