"""What each key sends to a machine: the key map of a profile."""

from __future__ import annotations

from emulator import Profile

# VT100 cursor keys in normal (not application) mode: CSI A/B/C/D.
VT100_ARROWS = {"up": b"\x1b[A", "down": b"\x1b[B", "right": b"\x1b[C", "left": b"\x1b[D"}
# WordStar's cursor diamond, which most CP/M screen programs adopted:
# Ctrl+E up, Ctrl+X down, Ctrl+D right, Ctrl+S left.
WORDSTAR_ARROWS = {"up": b"\x05", "down": b"\x18", "right": b"\x04", "left": b"\x13"}

PLAIN = {
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "delete": b"\x7f",
}


def key_bytes(key: str, character: str | None, profile: Profile) -> bytes | None:
    """The bytes a key sends to the machine, or None when the machine has no use for it."""
    if key == "backspace" or key == "ctrl+h":
        return b"\x7f" if profile.backspace == "del" else b"\x08"
    if key in PLAIN:
        return PLAIN[key]
    arrows = WORDSTAR_ARROWS if profile.arrows == "wordstar" else VT100_ARROWS
    if key in arrows:
        return arrows[key]
    if key.startswith("ctrl+") and len(key) == 6 and key[5].isalpha():
        return bytes([ord(key[5].lower()) - 0x60])
    if character is not None and len(character) == 1 and " " <= character <= "~":
        return character.encode("ascii")
    return None
