"""What each key sends to a machine: the key map of a profile, and pasted text."""

from __future__ import annotations

import unicodedata

from emulator import Profile

# VT100 cursor keys (VT100 User Guide, "Cursor Control Keys"): ESC [ x in
# cursor mode, ESC O x once the program sets application mode (DECCKM).
VT100_ARROWS = {"up": b"\x1b[A", "down": b"\x1b[B", "right": b"\x1b[C", "left": b"\x1b[D"}
VT100_APP_ARROWS = {"up": b"\x1bOA", "down": b"\x1bOB", "right": b"\x1bOC", "left": b"\x1bOD"}
# WordStar's cursor diamond, which most CP/M screen programs adopted:
# Ctrl+E up, Ctrl+X down, Ctrl+D right, Ctrl+S left; Ctrl+A and Ctrl+F move
# a word left and right.
WORDSTAR_ARROWS = {"up": b"\x05", "down": b"\x18", "right": b"\x04", "left": b"\x13",
                   "ctrl+left": b"\x01", "ctrl+right": b"\x06"}

PLAIN = {
    "enter": b"\r",          # RETURN sends CR, as every CP/M console did
    "ctrl+m": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "delete": b"\x7f",       # the VT100's DELETE key sends DEL
    "ctrl+j": b"\n",         # LINE FEED
    "ctrl+@": b"\x00",
    "ctrl+space": b"\x00",
    "ctrl+backslash": b"\x1c",
    "ctrl+right_square_bracket": b"\x1d",
    "ctrl+circumflex_accent": b"\x1e",
    "ctrl+underscore": b"\x1f",
}

def key_bytes(key: str, character: str | None, profile: Profile, *,
              application_cursor: bool = False) -> bytes | None:
    """The bytes a key sends to the machine, or None when the machine has no use for it.

    ``application_cursor`` is the terminal's DECCKM mode: a VT100 sends
    different arrow codes once a program asks for them.
    Keys with no meaning on the machine (function keys, Page Up/Down)
    give None, so the exhibit around it can still use them. Home and End
    send the VT220 editing-keypad codes (CSI 1 ~, CSI 4 ~), which CALC
    reads; on a WordStar profile they send WordStar's own ^QS and ^QD.
    """
    if key in ("backspace", "ctrl+h"):
        # BACKSPACE is BS (Ctrl+H) on most CP/M terminals; some, like the
        # ADM-3A's RUB key programs, want DEL instead: the profile says.
        return b"\x7f" if profile.backspace == "del" else b"\x08"
    if key in PLAIN:
        return PLAIN[key]
    if key in ("home", "end"):
        if profile.arrows == "wordstar":
            return b"\x11S" if key == "home" else b"\x11D"
        return b"\x1b[1~" if key == "home" else b"\x1b[4~"
    if profile.arrows == "wordstar":
        if key in WORDSTAR_ARROWS:
            return WORDSTAR_ARROWS[key]
    elif key in VT100_ARROWS:
        return (VT100_APP_ARROWS if application_cursor else VT100_ARROWS)[key]
    if key.startswith("ctrl+") and len(key) == 6 and "a" <= key[5] <= "z":
        return bytes([ord(key[5]) - 0x60])
    if character is not None and len(character) == 1:
        if " " <= character <= "~":
            return character.encode("ascii")
        folded = to_ascii(character)
        if len(folded) == 1:
            return folded.encode("ascii")
    return None


def to_ascii(text: str) -> str:
    """Text as a 7-bit machine can take it: accents dropped, the rest left out.

    "café" becomes "cafe"; characters with no ASCII letter inside them
    (emoji, CJK, curly quotes have ones below) are left out.
    """
    text = text.translate(_TYPOGRAPHY)
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if " " <= ch <= "~":
            out.append(ch)
    return "".join(out)


# Word processors put typographers' punctuation on the clipboard; a 1980s
# keyboard had only the plain ones.
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2026": "...", "\u00a0": " ", "\u00a3": "#",
})


def paste_bytes(text: str) -> tuple[bytes, int]:
    """Pasted text as keys: line endings as RETURN (CR), tabs kept, other
    controls and characters a 7-bit machine cannot type left out.

    Returns the bytes and how many characters were left out.
    """
    text = text.replace("\r\n", "\r").replace("\n", "\r")
    out: list[str] = []
    dropped = 0
    for ch in text:
        if ch in "\r\t" or " " <= ch <= "~":
            out.append(ch)
            continue
        folded = to_ascii(ch)
        if folded:
            out.append(folded)
        else:
            dropped += 1
    return "".join(out).encode("ascii"), dropped


def key_help(profile: Profile) -> list[str]:
    """What the keys do on this machine, one line each, for a help screen (F1)."""
    arrows = ("the arrow keys send WordStar's Ctrl+E, Ctrl+X, Ctrl+S and Ctrl+D"
              if profile.arrows == "wordstar" else "the arrow keys work as on a VT100 terminal")
    backspace = "DEL" if profile.backspace == "del" else "Ctrl+H"
    return [
        f"Type as on the machine: RETURN ends a line, BACKSPACE sends {backspace}, and {arrows}.",
        "Ctrl+C belongs to the program: CP/M programs use it to start again.",
        "Pasted text is typed in for you, line by line, at the pace the program reads it.",
        "F1 this help   F5 start the program again   F10 give the keyboard back to the exhibit",
    ]
