"""The ZX80 and ZX81 character sets, as Unicode for the screen and back for typing.

Both machines have 64 characters (codes 0-63) and their inverse forms
(128-191, drawn white on black). Codes 0-10 or so are the 2x2 block
graphics, drawn here with the Unicode quadrant characters; the grey
(chequered) ones with the shade characters. Digits are 28-37 and letters
38-63 on both; the punctuation between differs, as the two ROMs' own
character bitmaps show (ZX81 at 1E00h, ZX80 at 0E00h).
"""

from __future__ import annotations

# The ZX81's first 28 characters, in code order (the bitmaps at 1E00h):
# space, the quadrant graphics, the grey chequer and its two halves, then
# the punctuation.
_ZX81_LOW = " ▘▝▀▖▌▞▛▒▄▀\"£$:?()><=+-*/;,."
# The ZX80's (bitmaps at 0E00h): the quote comes first and the graphics are
# in another order; the punctuation too.
_ZX80_LOW = " \"▌▄▘▝▖▗▞▒▄▀£$:?()-+*/=><;,."
_DIGITS_LETTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Which codes are the grey half-blocks, drawn dim so they read as grey.
GREY = {"zx81": {9, 10}, "zx80": {10, 11}}

CHARSETS: dict[str, str] = {
    "zx81": _ZX81_LOW + _DIGITS_LETTERS,
    "zx80": _ZX80_LOW + _DIGITS_LETTERS,
}
assert all(len(c) == 64 for c in CHARSETS.values())

NEWLINE = 0x76      # ends each line of the display file (and is a HALT to the Z80)


def glyph(model: str, code: int) -> tuple[str, bool, bool]:
    """The character for a display-file code, whether it is inverse, and whether grey.

    Codes outside the character set (64-127, 192-255, which the display
    hardware would run as instructions) show as "?".
    """
    if code & 0x40:
        return "?", False, False
    base = code & 0x3F
    return CHARSETS[model][base], bool(code & 0x80), base in GREY[model]


def code_of(model: str, ch: str) -> int | None:
    """The character code for a printable character (letters in either case), or None."""
    ch = ch.upper()
    if ch in _DIGITS_LETTERS:
        return 28 + _DIGITS_LETTERS.index(ch)
    low = _ZX81_LOW if model == "zx81" else _ZX80_LOW
    # Only the punctuation and space: block graphics are not typed as text.
    index = low.find(ch)
    if index == 0 or (index > 0 and not "\u2580" <= ch <= "\u259f"):
        return index
    return None


def text_of(model: str, codes: bytes) -> str:
    """Codes as plain text (a program name, a line): inverse drawn as its plain form."""
    return "".join(glyph(model, c & 0x3F)[0] for c in codes)
