"""Terminal: the pyte screen a machine's console output is drawn on."""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, cast

import pyte
from cpm80 import ADM3ATerminal
from pyte import modes as mo
from pyte.screens import Margins
from wcwidth import wcwidth


class Cell(NamedTuple):
    """One character cell: pyte's ``Char`` fields, plus ``dim``.

    pyte keeps no "faint" attribute (SGR 2), which VT100-era programs use for
    the half-bright fields of forms, so our screen carries it itself. The
    field names and order up to ``blink`` are pyte's own, so code written
    against ``pyte.screens.Char`` reads a Cell unchanged.
    """

    data: str
    fg: str = "default"
    bg: str = "default"
    bold: bool = False
    italics: bool = False
    underscore: bool = False
    strikethrough: bool = False
    reverse: bool = False
    blink: bool = False
    dim: bool = False


# DEC private mode numbers, shifted as pyte shifts them (pyte.modes).
DECCKM = 1 << 5           # cursor keys send ESC O x instead of ESC [ x

# DECSCUSR (CSI Ps SP q, VT520): 0/1/2 block, 3/4 underline, 5/6 bar; odd
# numbers blink, even are steady. We keep the shape; blinking is the
# widget's choice (a steady cursor keeps snapshots and eyes calm).
CURSOR_SHAPES = {0: "default", 1: "block", 2: "block", 3: "underline", 4: "underline",
                 5: "bar", 6: "bar"}


class _Cells(dict[str, Cell]):
    """The cells for one set of attributes, by character, made once each.

    Cells are immutable, so every "A" in bold red can be the same object:
    drawing a character is a dictionary look-up, not a new tuple.
    """

    def __init__(self, attrs: Cell) -> None:
        super().__init__()
        self.attrs = attrs

    def __missing__(self, ch: str) -> Cell:
        cell = self[ch] = self.attrs._replace(data=ch)
        return cell


_CELLS: dict[Cell, _Cells] = {}
_CHR = [chr(c) for c in range(128)]
# C0 controls the parser hands to ``draw`` as text (all but BEL, BS, HT,
# LF, VT, FF, CR, SO, SI, ESC, which it acts on): a VT100 ignores them.
_IGNORED = re.compile("[\x00-\x1f\x7f-\x9f]")
# SGR parameters that carry a colour in the parameters after them.
_UNDERLINE_COLOUR = 58
_EXTENDED_COLOURS = (38, 48, _UNDERLINE_COLOUR)


class _Screen(pyte.Screen):
    """pyte's VT100 screen with the few things our machines need added.

    * SGR 2 (faint) and SGR 22 (normal intensity clears bold and faint, as
      ECMA-48 says) are kept in ``Cell.dim``.
    * DECSCUSR sets ``cursor_shape``.
    * ``draw`` has a fast path for what a 7-bit machine prints: every
      character one cell wide, cells shared (see ``_Cells``); and control
      characters pyte would draw as text are ignored, as a VT100 does
      (pyte stops drawing the rest of the text at one).
    * ``index`` marks only the scrolled rows dirty, so a program scrolling
      a region under a fixed header does not repaint the header.
    * DECCOLM (80/132 columns) keeps the machine's fixed width: a VT100
      clears the screen and homes the cursor when it switches, and so do we,
      but our machine's screen is the size its profile says.
    """

    cursor_shape = "default"

    # pyte annotates its cells as Char; ours are Cells (Char's fields and
    # dim), hence the few "type: ignore" below where a Cell goes in.
    @property
    def default_char(self) -> Cell:  # type: ignore[override]
        return Cell(data=" ", reverse=mo.DECSCNM in self.mode)

    def reset(self) -> None:
        super().reset()
        # pyte's fresh cursor carries a plain Char; ours must carry a Cell so
        # every drawn character has the dim field.
        self.cursor.attrs = self.default_char  # type: ignore[assignment]
        self.cursor_shape = "default"

    def draw(self, data: str) -> None:
        data = data.translate(self.g1_charset if self.charset else self.g0_charset)
        if _IGNORED.search(data):
            data = _IGNORED.sub("", data)
        if (not data or mo.IRM in self.mode or mo.DECAWM not in self.mode
                or (not data.isascii() and any(wcwidth(c) != 1 for c in data))):
            super().draw(data)      # insert mode, no wrap or wide characters: pyte's way
            return
        attrs = cast(Cell, self.cursor.attrs)
        cells = _CELLS.get(attrs)
        if cells is None:
            if len(_CELLS) > 512:       # a program cycling through colours
                _CELLS.clear()
            cells = _CELLS[attrs] = _Cells(attrs)
        cursor = self.cursor
        columns = self.columns
        dirty = self.dirty
        start, end = 0, len(data)
        while start < end:
            if cursor.x >= columns:
                # Auto wrap (DECAWM): on to the start of the next line.
                dirty.add(cursor.y)
                self.carriage_return()
                self.linefeed()
            x = cursor.x
            chunk = data[start:start + columns - x]
            new = zip(range(x, x + len(chunk)), map(cells.__getitem__, chunk), strict=True)
            self.buffer[cursor.y].update(new)  # type: ignore[arg-type]
            cursor.x = x + len(chunk)
            start += len(chunk)
            dirty.add(cursor.y)

    def index(self) -> None:
        top, bottom = self.margins or Margins(0, self.lines - 1)
        if self.cursor.y == bottom:
            self.dirty.update(range(top, bottom + 1))
            buffer = self.buffer
            for y in range(top, bottom):
                buffer[y] = buffer[y + 1]
            buffer.pop(bottom, None)
        else:
            self.cursor_down()

    def select_graphic_rendition(self, *attrs: int, **kwargs: Any) -> None:
        if kwargs.get("private"):
            return          # CSI ? Ps m is no SGR (xterm's key modifiers): ignore it
        # pyte ignores 2 and treats 22 as "not bold"; handle both here and
        # pass everything else on, in order, so "1;2" and "22;1" come out right.
        rest: list[int] = []
        params = list(attrs or (0,))
        i = 0
        while i < len(params):
            attr = params[i]
            i += 1
            if attr in _EXTENDED_COLOURS:
                # 38/48 (and 58, underline colour) take their colour with them:
                # ;5;n picks from 256, ;2;r;g;b is true colour (ECMA-48 via
                # ITU T.416, as xterm reads it). Its numbers are no SGRs of
                # their own: a 2 there is not faint, a 0 not a reset.
                size = {5: 2, 2: 4}.get(params[i] if i < len(params) else -1, 0)
                group = params[i - 1:i + size]
                i += size
                if attr != _UNDERLINE_COLOUR:       # pyte has no underline colour
                    rest.extend(group)
                continue
            if attr in (0, 2, 22):
                if rest:
                    super().select_graphic_rendition(*rest)
                    rest = []
                if attr == 0:
                    super().select_graphic_rendition(0)
                else:
                    # 2 is faint; 22 is normal intensity, neither bold nor faint.
                    now = cast(Cell, self.cursor.attrs)
                    now = now._replace(dim=True) if attr == 2 else now._replace(dim=False,
                                                                               bold=False)
                    self.cursor.attrs = now  # type: ignore[assignment]
            else:
                rest.append(attr)
        if rest:
            super().select_graphic_rendition(*rest)

    def set_mode(self, *modes: int, **kwargs: Any) -> None:
        if kwargs.get("private") and 3 in modes:
            modes = tuple(m for m in modes if m != 3)
            self.erase_in_display(2)
            self.cursor_position()
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs: Any) -> None:
        if kwargs.get("private") and 3 in modes:
            modes = tuple(m for m in modes if m != 3)
            self.erase_in_display(2)
            self.cursor_position()
        super().reset_mode(*modes, **kwargs)

    def set_cursor_style(self, *params: int, **kwargs: Any) -> None:
        if kwargs.get("private"):
            return
        self.cursor_shape = CURSOR_SHAPES.get(params[0] if params else 0, self.cursor_shape)


class _Stream(pyte.Stream):
    """pyte's parser, with DECSCUSR (CSI Ps SP q) wired to the screen.

    pyte drops the SP intermediate, so this also catches a bare CSI Ps q
    (DECLL, the VT100's keyboard LEDs), which has nothing to show anyway.
    """

    csi = {**pyte.Stream.csi, "q": "set_cursor_style"}  # noqa: RUF012 - pyte's own table

    def __init__(self, screen: _Screen) -> None:
        super().__init__(screen)
        # With UTF-8 on, pyte ignores ESC ( 0 and SO/SI; our machines are
        # 7-bit VT100s, so the DEC Special Graphics set must work.
        self.use_utf8 = False

    def _send_to_parser(self, data: str) -> bool | None:
        # A malformed or unexpected sequence (say CSI ? 5 m) can make a pyte
        # handler raise; a real terminal ignores what it cannot parse, and a
        # program's bytes must never stop the machine. pyte has already reset
        # its parser, which then takes plain text again.
        try:
            return super()._send_to_parser(data)
        except Exception:  # noqa: BLE001 - whatever a handler raises, the byte is dropped
            return True


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
        self.screen = _Screen(cols, rows)
        self.stream = _Stream(self.screen)
        self.screen.dirty.clear()     # every row is in _dirty already
        self._pending: list[str] = []     # one string per byte (ADM-3A: its translation)
        self._adm3a = ADM3ATerminal() if adm3a else None
        self._dirty: set[int] = set(range(rows))
        self._on_change: Callable[[], None] | None = None
        self.version = 0          # bumped whenever the screen changes
        self.bytes_out = 0        # console bytes written since power-on

    # -- machine side -------------------------------------------------

    def output(self, c: int) -> None:
        """One byte from the BIOS CONOUT (cpm80's ConsoleWriter protocol)."""
        # The hot path of a program printing flat out: one list append.
        # The VT100 and ADM-3A are 7-bit terminals: the top bit is dropped,
        # as their serial lines did.
        pending = self._pending
        if self._adm3a is None:
            pending.append(_CHR[c & 0x7F])
        else:
            pending.append(self._adm3a.translate(c & 0x7F))
        if len(pending) >= self.BATCH:
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
        self.bytes_out += len(self._pending)
        self._pending.clear()
        with self.lock:
            self.stream.feed(data)
            self._changed()

    def reset(self) -> None:
        """Blank the screen and home the cursor, as at power-on."""
        self._pending.clear()
        with self.lock:
            self.screen.reset()
            self._dirty = set(range(self.rows))
            self._changed()

    def snapshot(self) -> Any:
        """The whole screen state (cells, cursor, modes), for a later ``restore``."""
        self.flush()
        with self.lock:
            return copy.deepcopy(self.screen)

    def restore(self, state: Any) -> None:
        """Put back a screen saved by ``snapshot``; every row is repainted."""
        self._pending.clear()
        with self.lock:
            self.screen = copy.deepcopy(state)
            # A fresh parser: the saved screen was taken between two bytes,
            # never half way through an escape sequence.
            self.stream = _Stream(self.screen)
            self._dirty = set(range(self.rows))
            self._changed()

    def _changed(self) -> None:
        # Called with the lock held, after pyte has drawn.
        self._dirty |= self.screen.dirty
        self.screen.dirty.clear()
        self.version += 1
        wake, self._on_change = self._on_change, None
        if wake is not None:
            wake()

    # -- UI side ------------------------------------------------------

    def wake_on_change(self, seen_version: int, callback: Callable[[], None]) -> None:
        """Call ``callback`` once, from whichever thread changes the screen next.

        If the screen already changed since ``seen_version`` it is called at
        once. The UI arms this when it has drawn everything, so a program
        waiting for a key costs the UI nothing, and an echoed key is drawn
        the moment it arrives instead of at the next frame. The callback
        runs on the machine thread with the screen lock held: it must only
        schedule work (e.g. ``loop.call_soon_threadsafe``).
        """
        with self.lock:
            if self.version != seen_version:
                callback()
            else:
                self._on_change = callback

    def cancel_wake(self) -> None:
        with self.lock:
            self._on_change = None

    def take_dirty(self) -> dict[int, list[Cell]]:
        """The rows changed since the last call, copied, and forget them."""
        with self.lock:
            dirty, self._dirty = self._dirty, set()
            buffer = self.screen.buffer
            cols = range(self.cols)
            return {y: cast(list[Cell], [buffer[y][x] for x in cols])
                    for y in dirty if 0 <= y < self.rows}

    def mark_all_dirty(self) -> None:
        """Have every row repainted (a new look, a widget mounted again)."""
        with self.lock:
            self._dirty = set(range(self.rows))
            self._changed()

    def cursor(self) -> tuple[int, int, bool]:
        """Cursor column, row and whether it is shown."""
        with self.lock:
            c = self.screen.cursor
            return c.x, c.y, not c.hidden

    def cursor_shape(self) -> str:
        """"default", "block", "underline" or "bar", as the program last asked (DECSCUSR)."""
        return str(self.screen.cursor_shape)

    def cursor_keys_application(self) -> bool:
        """Whether the program asked for application cursor keys (DECCKM, ESC [ ? 1 h)."""
        return DECCKM in self.screen.mode

    def lines(self) -> list[str]:
        """The screen as plain text, one string per row (for tests and captures)."""
        with self.lock:
            return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines())

    def row_chars(self, y: int) -> list[Cell]:
        with self.lock:
            return cast(list[Cell], [self.screen.buffer[y][x] for x in range(self.cols)])

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

    def styles_at(self, y: int, xs: Iterable[int]) -> list[Cell]:
        with self.lock:
            return cast(list[Cell], [self.screen.buffer[y][x] for x in xs])
