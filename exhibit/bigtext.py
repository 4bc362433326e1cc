"""Block lettering drawn from characters, for titles read from the back of a room."""

from __future__ import annotations

# Our own 5-row letter shapes, each 5 cells wide (a few narrower).
# '#' is ink; anything else is paper.
GLYPHS: dict[str, tuple[str, ...]] = {
    "A": (" ### ", "#   #", "#####", "#   #", "#   #"),
    "B": ("#### ", "#   #", "#### ", "#   #", "#### "),
    "C": (" ####", "#    ", "#    ", "#    ", " ####"),
    "D": ("#### ", "#   #", "#   #", "#   #", "#### "),
    "E": ("#####", "#    ", "#### ", "#    ", "#####"),
    "F": ("#####", "#    ", "#### ", "#    ", "#    "),
    "G": (" ####", "#    ", "#  ##", "#   #", " ####"),
    "H": ("#   #", "#   #", "#####", "#   #", "#   #"),
    "I": ("###", " # ", " # ", " # ", "###"),
    "J": ("  ###", "   # ", "   # ", "#  # ", " ##  "),
    "K": ("#   #", "#  # ", "###  ", "#  # ", "#   #"),
    "L": ("#    ", "#    ", "#    ", "#    ", "#####"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
    "N": ("#   #", "##  #", "# # #", "#  ##", "#   #"),
    "O": (" ### ", "#   #", "#   #", "#   #", " ### "),
    "P": ("#### ", "#   #", "#### ", "#    ", "#    "),
    "Q": (" ### ", "#   #", "# # #", "#  # ", " ## #"),
    "R": ("#### ", "#   #", "#### ", "#  # ", "#   #"),
    "S": (" ####", "#    ", " ### ", "    #", "#### "),
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  "),
    "U": ("#   #", "#   #", "#   #", "#   #", " ### "),
    "V": ("#   #", "#   #", "#   #", " # # ", "  #  "),
    "W": ("#   #", "#   #", "# # #", "## ##", "#   #"),
    "X": ("#   #", " # # ", "  #  ", " # # ", "#   #"),
    "Y": ("#   #", " # # ", "  #  ", "  #  ", "  #  "),
    "Z": ("#####", "   # ", "  #  ", " #   ", "#####"),
    "0": (" ### ", "#  ##", "# # #", "##  #", " ### "),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("#### ", "    #", " ### ", "#    ", "#####"),
    "3": ("#### ", "    #", " ### ", "    #", "#### "),
    "4": ("#  # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "#### "),
    "6": (" ### ", "#    ", "#### ", "#   #", " ### "),
    "7": ("#####", "   # ", "  #  ", " #   ", " #   "),
    "8": (" ### ", "#   #", " ### ", "#   #", " ### "),
    "9": (" ### ", "#   #", " ####", "    #", " ### "),
    " ": ("  ", "  ", "  ", "  ", "  "),
    "-": ("    ", "    ", "####", "    ", "    "),
    ".": (" ", " ", " ", " ", "#"),
    ",": ("  ", "  ", "  ", " #", "# "),
    "'": ("#", "#", " ", " ", " "),
    "!": ("#", "#", "#", " ", "#"),
    "?": ("### ", "   #", " ## ", "    ", " #  "),
    ":": (" ", "#", " ", "#", " "),
    "/": ("    #", "   # ", "  #  ", " #   ", "#    "),
    "&": (" ##  ", "#  # ", " ## #", "#  # ", " ## #"),
}
HEIGHT = 5
INK = "█"


def _word(word: str) -> list[str]:
    rows = [""] * HEIGHT
    for i, ch in enumerate(word.upper()):
        glyph = GLYPHS.get(ch, GLYPHS["?"])
        for r in range(HEIGHT):
            rows[r] += ("" if i == 0 else " ") + glyph[r]
    return rows


def width_of(text: str) -> int:
    return len(_word(text)[0]) if text else 0


def render(text: str, width: int) -> list[str] | None:
    """The text in block letters, wrapped at words to fit ``width`` columns.

    Returns None when even one word is too wide: the caller then shows the
    title in plain bold type (the fallback for a narrow terminal).
    """
    lines: list[list[str]] = []
    current = ""
    for word in text.split():
        if width_of(word) > width:
            return None
        candidate = f"{current} {word}" if current else word
        if width_of(candidate) <= width:
            current = candidate
        else:
            lines.append(_word(current))
            current = word
    if current:
        lines.append(_word(current))
    out: list[str] = []
    for n, block in enumerate(lines):
        if n:
            out.append("")
        out.extend(row.replace("#", INK).rstrip() for row in block)
    return out
