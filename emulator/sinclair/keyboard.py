"""The Sinclair keyboard: a matrix of 40 keys on port FEh, and typing into it.

Hardware (ZX80 and ZX81 alike): 8 half-rows of 5 keys. Reading any even
port puts the high byte of the address on the matrix; each half-row whose
address line is low answers, a pressed key pulling its data bit (D0-D4)
low. So ``IN A,(FEh)`` with A=FEh reads SHIFT Z X C V, with A=7Fh reads
SPACE . M N B, and A=00h reads all 40 keys at once.

Typing: the exhibit holds each key down for a few frames (the ROM scans the
keyboard once a frame and wants a key held while it debounces) and lets it
go for a few more. Keys come as *chords* (SHIFT and a key together).

Text (``--type``, a paste) is turned into the key presses the ROM wants,
as jsbeeb's autotype does for the BBC: the ROM takes keywords as single
keys (P in K mode is PRINT, SHIFT+3 is THEN, FUNCTION then I is CODE), so
the translator reads the ROM's own key and keyword tables and, before each
key, the cursor mode the ROM is in (K, L or F), and picks the key that
gives the next word of the text.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Callable

from emulator.sinclair.charset import NEWLINE, code_of, glyph
from emulator.sinclair.rom import Layout

# The 40 keys by half-row (address line A8..A15) and data bit (D0..D4).
MATRIX: tuple[tuple[str, ...], ...] = (
    ("SHIFT", "Z", "X", "C", "V"),
    ("A", "S", "D", "F", "G"),
    ("Q", "W", "E", "R", "T"),
    ("1", "2", "3", "4", "5"),
    ("0", "9", "8", "7", "6"),
    ("P", "O", "I", "U", "Y"),
    ("NEWLINE", "L", "K", "J", "H"),
    ("SPACE", ".", "M", "N", "B"),
)
POSITION = {key: (row, bit) for row, keys in enumerate(MATRIX) for bit, key in enumerate(keys)}
# The ROM's key tables list the 39 keys other than SHIFT in matrix order.
TABLE_ORDER = tuple(k for row in MATRIX for k in row if k != "SHIFT")

Chord = tuple[str, ...]

# Keys the host sends that have a meaning of their own on a Sinclair.
RUBOUT: Chord = ("SHIFT", "0")
# ESC [ A etc. (VT100 arrows, as the exhibit's key map sends them) to the
# Sinclair cursor keys, SHIFT with 5-8.
ARROWS = {b"\x1b[A": ("SHIFT", "7"), b"\x1b[B": ("SHIFT", "6"), b"\x1b[C": ("SHIFT", "8"),
          b"\x1b[D": ("SHIFT", "5"), b"\x1bOA": ("SHIFT", "7"), b"\x1bOB": ("SHIFT", "6"),
          b"\x1bOC": ("SHIFT", "8"), b"\x1bOD": ("SHIFT", "5")}

# The Sinclair keys a host keyboard has no key for, on Ctrl chords (the
# exhibit's key map sends Ctrl+letter as its control byte): FUNCTION and
# GRAPHICS (ZX81) with Ctrl+F and Ctrl+G, EDIT with Ctrl+E, and the
# ZX80's HOME on the Home key.
CONTROLS: dict[str, dict[bytes, Chord]] = {
    "zx81": {b"\x06": ("SHIFT", "NEWLINE"), b"\x07": ("SHIFT", "9"), b"\x05": ("SHIFT", "1")},
    "zx80": {b"\x05": ("SHIFT", "NEWLINE"), b"\x1b[1~": ("SHIFT", "9")},
}


class Mode:
    """The ROM's cursor mode: what the next key will give."""

    K = "K"     # keyword: a letter key gives a statement keyword
    L = "L"     # letters
    F = "F"     # ZX81 FUNCTION: the next key gives a function name


@dataclasses.dataclass(frozen=True)
class Entry:
    """One thing a key (or two) types, and in which modes."""

    text: str
    chords: tuple[Chord, ...]
    modes: str          # the modes it works in, e.g. "KL"
    token: bool         # a keyword: the ROM prints its own spaces around it


def _name(rom: bytes, model: str, at: int) -> tuple[str, int]:
    chars = []
    while True:
        code = rom[at]
        chars.append(glyph(model, code & 0x3F)[0])
        at += 1
        if code & 0x80 or len(chars) > 12:
            return "".join(chars), at


class Translator:
    """Text to key chords for one ROM, built from the ROM's own tables."""

    def __init__(self, model: str, rom: bytes, layout: Layout | None) -> None:
        self.model = model
        self.entries: list[Entry] = []
        self.keyword_mode = layout is not None
        shifted_quote: Chord | None = None
        if layout is None:
            self._plain_only()
            return
        names: dict[int, str] = {}
        at = layout.tokens
        for code in range(layout.first_token, 256):
            names[code], at = _name(rom, model, at)
        for code in layout.extra_tokens:
            names[code], at = _name(rom, model, at)
        for i, key in enumerate(TABLE_ORDER):
            plain = rom[layout.keys + i]
            self._add_code(names, plain, ((key,),), "L" if key.isalpha() and len(key) == 1 else "KL")
            if len(key) == 1 and key.isalpha():
                # K mode: the ROM adds C0h to the letter's code and takes it
                # as a keyword if that is one (E6h and up).
                keyword = plain + 0xC0
                if keyword >= 0xE6 and keyword in names and names[keyword] != "?":
                    self._add(names[keyword], ((key,),), "K", True)
            shifted = rom[layout.shifted + i]
            self._add_code(names, shifted, (("SHIFT", key),), "KL")
            if shifted == code_of(model, '"'):
                shifted_quote = ("SHIFT", key)
            if layout.function is not None:
                function = rom[layout.function + i]
                self._add_code(names, function, (("SHIFT", "NEWLINE"), (key,)), "L")
        self.quote = shifted_quote

    def _plain_only(self) -> None:
        # An unknown ROM: letters, digits and the keys' usual symbols only.
        for key in TABLE_ORDER:
            if len(key) == 1:
                self._add(key, ((key,),), "KL", False)
        self._add(" ", (("SPACE",),), "KL", False)
        self.quote = None

    def _add_code(self, names: dict[int, str], code: int, chords: tuple[Chord, ...],
                  modes: str) -> None:
        if code == NEWLINE:
            self._add("\n", chords, "KL", False)
        elif code < 0x40:
            self._add(glyph(self.model, code)[0], chords, modes, False)
        elif code in names and names[code] not in ("?", ""):
            name = names[code]
            self._add(name, chords, modes, any(c.isalpha() for c in name) or len(name) > 1)

    def _add(self, text: str, chords: tuple[Chord, ...], modes: str, token: bool) -> None:
        if not text:
            return
        self.entries.append(Entry(text, chords, modes, token))
        if " " in text.strip():     # GO TO, GO SUB: also typed without the space
            self.entries.append(Entry(text.replace(" ", ""), chords, modes, token))

    def next(self, text: str, pos: int, mode: str, literal: bool) -> tuple[Entry | None, int]:
        """The entry that types text from ``pos`` in this mode, and the position after it.

        ``literal`` is inside a string or a REM: every character as itself,
        but for the ZX81's quote image: ``""`` inside a string is one
        character (SHIFT+Q), a quote within the string.
        A character no key gives comes back as (None, pos + 1): skipped.
        """
        ch = text[pos]
        if literal and text.startswith('""', pos):
            for e in self.entries:
                if e.text == '""':
                    return e, pos + 2
        if literal or not self.keyword_mode:
            want = ch.upper() if ch != "\n" else ch
            for e in self.entries:
                if e.text == want and not e.token and (mode in e.modes or mode == Mode.K):
                    return e, pos + 1
            return None, pos + 1
        best: Entry | None = None
        rest = text[pos:].upper()
        before = text[pos - 1] if pos else " "
        for e in self.entries:
            if mode not in e.modes or not rest.startswith(e.text) or e.text == '""':
                continue
            if e.token and e.text[0].isalpha():
                after = rest[len(e.text):len(e.text) + 1]
                if before.isalnum() or (e.text[-1].isalpha() and after.isalpha()):
                    continue
            if best is None or len(e.text) > len(best.text):
                best = e
        if best is None:
            return None, pos + 1
        return best, pos + len(best.text)


class SinclairKeyboard:
    """The key matrix, and the queue of key presses waiting to be made.

    The UI thread queues chords or text (``press``, ``type_text``); the
    machine thread calls ``tick`` as emulated time passes, which presses
    and releases the keys, and ``read`` for each IN from port FEh.
    """

    HOLD = 3 * 65_000       # T-states a typed key is held: three 50 Hz frames at 3.25 MHz
    # A key from the host keyboard (which sends no key-up) is held for as
    # long as a finger would be, 160 ms: a game that looks at the keyboard
    # only every few frames (Russell Marks's ZX81 Tetris) still sees it.
    HOLD_KEY = 8 * 65_000
    # Let go for five frames: the ROM takes a key only once its debounce
    # counter (DEBOUNCE, halved each frame after a release) is back to zero.
    GAP = 5 * 65_000

    def __init__(self, translator: Translator) -> None:
        self.translator = translator
        self._lock = threading.Lock()
        self._queue: deque[Chord | str] = deque()
        self._rows = [0x1F] * 8          # per half-row: 0 bits are keys down
        self._down: Chord = ()
        self._until = 0                  # T-state count when the current press or gap ends
        self._text = ""                  # text being typed, and where we are in it
        self._pos = 0
        self._literal = False            # inside a string or REM
        self._pending: list[Chord] = []  # the second chord of FUNCTION+key
        self.skipped = 0                 # characters no key could type
        self.presses = 0

    # -- UI side --------------------------------------------------------

    def press(self, chord: Chord) -> None:
        for key in chord:
            if key not in POSITION:
                raise ValueError(f"no key called {key!r} on a Sinclair keyboard")
        with self._lock:
            self._queue.append(chord)

    def type_text(self, text: str) -> None:
        """Text to type as BASIC. Text arriving while earlier text is still being
        typed joins it (a paste comes in chunks), so a keyword split between
        two chunks is still one key."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        with self._lock:
            if not self._queue and self._pos < len(self._text):
                self._text += text
            else:
                self._queue.append(text)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
            self._text, self._pos, self._literal = "", 0, False
            self._pending = []
            self._release()
            self._until = 0

    def __len__(self) -> int:
        """Keys (and texts) still waiting to be typed."""
        with self._lock:
            return len(self._queue) + (len(self._text) - self._pos)

    def ready(self) -> bool:
        return len(self) > 0

    @property
    def idle(self) -> bool:
        """Nothing waiting, nothing held."""
        with self._lock:
            return not self._queue and self._pos >= len(self._text) and not self._down

    # -- machine side ---------------------------------------------------

    def read(self, high: int) -> int:
        """The five key bits for an IN with this high address byte (0 = pressed)."""
        bits = 0x1F
        rows = self._rows
        for row in range(8):
            if not high & (1 << row):
                bits &= rows[row]
        return bits

    def tick(self, now: int, waiting: bool, mode: Callable[[], str]) -> bool:
        """Press or release keys as emulated time ``now`` (T-states) passes.

        Text is typed only while the ROM ``waiting`` for a key in its
        editor, so the cursor mode read from it is the one the next key
        meets; single chords (the visitor's keys) go in whenever due.
        True when a key went down.
        """
        with self._lock:
            if now < self._until:
                return False
            if self._down:
                self._release()
                self._until = now + self.GAP
                return False
            typed = self._pos < len(self._text) or bool(self._pending) or (
                bool(self._queue) and isinstance(self._queue[0], str))
            chord = self._next(waiting, mode)
            if chord is None:
                return False
            self._down = chord
            for key in chord:
                row, bit = POSITION[key]
                self._rows[row] &= ~(1 << bit)
            self.presses += 1
            self._until = now + (self.HOLD if typed else self.HOLD_KEY)
            return True

    def _release(self) -> None:
        self._down = ()
        self._rows = [0x1F] * 8

    def _next(self, waiting: bool, mode: Callable[[], str]) -> Chord | None:
        if self._pos >= len(self._text):
            if not self._queue:
                return None
            item = self._queue.popleft()
            if isinstance(item, tuple):
                return item
            self._text, self._pos, self._literal = item, 0, False
            self._pending = []
        if self._pending:
            return self._pending.pop(0)
        if not waiting:
            return None
        text = self._text
        while self._pos < len(text):
            ch = text[self._pos]
            if ch == " " and not self._literal and self.translator.keyword_mode:
                self._pos += 1          # the ROM spaces BASIC itself
                continue
            entry, self._pos = self.translator.next(text, self._pos, mode(), self._literal)
            if entry is None:
                self.skipped += 1
                continue
            if entry.text == '"':
                self._literal = not self._literal
            elif entry.text == "\n":
                self._literal = False
            elif entry.text == "REM":
                self._literal = True
            chords = list(entry.chords)
            self._pending = chords[1:]
            return chords[0]
        return None
