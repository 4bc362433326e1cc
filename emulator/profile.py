"""Profile: what one stop's machine is, as plain data loaded with the stop."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


class ProfileError(ValueError):
    """A profile field has a value the machine cannot use; the message says which."""


# The looks the exhibit knows how to draw a machine's screen in (the
# widget's ``theme-NAME`` classes): the ZX80's black on white, the BBC
# Micro's white on black, green and amber phosphor, typed paper, and the
# line printer's green-bar paper.
THEMES = ("zx80", "bbc", "green", "amber", "paper", "printer")


@dataclasses.dataclass(frozen=True)
class Profile:
    """The machine of one stop.

    ``mhz`` is the emulated clock (None runs flat out). ``programs`` are the
    era programs put on drive A:, and ``boot`` is the command typed at the
    CP/M prompt once the machine is up (and again whenever the program exits,
    when ``restart`` is set, so a kiosk never shows a bare prompt).

    ``printer_lps`` paces the LIST device like a line printer, that many
    lines a second of emulated time (None prints at once). ``board`` names
    the posts the host services give this machine's programs (the wall,
    the social stream), and ``seed`` fixes the host's random numbers (None
    draws a fresh seed at power-on).

    ``rom`` ("zx80" or "zx81") asks for the real Sinclair machine: when the
    data folder's ``roms/`` holds a ROM for it (the user's own; none is
    shipped) the stop runs that, and otherwise the stop's own program.
    """

    name: str = "cpm"
    mhz: float | None = 4.0
    cols: int = 80
    rows: int = 24
    terminal: str = "vt100"          # or "adm3a": translate ADM-3A codes to VT100
    theme: str = "green"             # an era look the exhibit knows how to draw
    backspace: str = "bs"            # what the Backspace key sends: "bs" or "del"
    arrows: str = "vt100"            # or "wordstar": Ctrl+E/S/D/X
    programs: tuple[str, ...] = ()
    boot: str = ""
    restart: bool = True
    printer_lps: float | None = None
    board: str = "wall"
    seed: int | None = None
    rom: str = ""                    # "zx80"/"zx81": the real machine when its ROM is in the data folder

    ROMS = ("", "zx80", "zx81")

    TERMINALS = ("vt100", "adm3a")
    BACKSPACES = ("bs", "del")
    ARROWS = ("vt100", "wordstar")
    THEMES = THEMES

    def __post_init__(self) -> None:
        if self.mhz is not None and not 0.1 <= self.mhz <= 1000:
            raise ProfileError(f"mhz must be between 0.1 and 1000, not {self.mhz}")
        if not 16 <= self.cols <= 132:
            raise ProfileError(f"cols must be between 16 and 132, not {self.cols}")
        if not 8 <= self.rows <= 60:
            raise ProfileError(f"rows must be between 8 and 60, not {self.rows}")
        for field, allowed in (("terminal", self.TERMINALS), ("backspace", self.BACKSPACES),
                               ("arrows", self.ARROWS), ("theme", self.THEMES)):
            value = getattr(self, field)
            if value not in allowed:
                raise ProfileError(f"{field} must be one of {', '.join(allowed)}, not {value!r}")
        if self.rom not in self.ROMS:
            raise ProfileError(f"rom must be \"zx80\" or \"zx81\" (a Sinclair ROM from the "
                               f"data folder's roms/), not {self.rom!r}")
        if len(self.boot) > 120:
            raise ProfileError("boot command is longer than CP/M's 127-character command line")
        if self.printer_lps is not None and not 0.1 <= self.printer_lps <= 1000:
            raise ProfileError(f"printer_lps must be between 0.1 and 1000, not {self.printer_lps}")
        if not (self.board and len(self.board) <= 32 and self.board.isascii()
                and self.board.replace("-", "").replace("_", "").isalnum()):
            raise ProfileError(f"board must be a short name of letters, digits, - and _, "
                               f"not {self.board!r}")

    @classmethod
    def base(cls, base: str, *, name: str | None = None) -> Profile:
        """One of the named base machines (``zx80``, ``bbc``, ``cpm``)."""
        if base not in BASES:
            raise ProfileError(f"base must be one of {', '.join(BASES)}, not {base!r}")
        return cls(name=name or base, **BASES[base])

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, name: str = "cpm") -> Profile:
        """A profile from a stop file's ``[machine]`` table; unknown keys are errors.

        ``base = "zx80"`` (or ``"bbc"``, ``"cpm"``) starts from that machine;
        every other key overrides one of its settings.
        """
        fields = {f.name: f for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {"name": name}
        if "base" in data:
            base = data["base"]
            if not isinstance(base, str) or base not in BASES:
                raise ProfileError(f"base must be one of {', '.join(BASES)}, not {base!r}")
            kwargs.update(BASES[base])
        for key, value in data.items():
            if key == "base":
                continue
            if key not in fields or key == "name":
                known = ", ".join(sorted(["base", *(k for k in fields if k != "name")]))
                raise ProfileError(f"unknown machine setting {key!r} (known: {known})")
            kwargs[key] = _coerce(key, value, fields[key].default)
        return cls(**kwargs)

    def with_changes(self, **changes: Any) -> Profile:
        """A copy with some settings changed (``--mhz``, ``--turbo``)."""
        return dataclasses.replace(self, **changes)


# The base machines of the stops. The ZX80 ran its Z80 at 3.25 MHz and
# drew 32 columns by 24 lines; the BBC stop is Acorn's 6 MHz Z80 second
# processor behind the Micro's 40 by 25 text screen (MODE 7 size); the
# CP/M desks are the common 4 MHz Z80 with an 80 by 24 terminal.
BASES: dict[str, dict[str, Any]] = {
    "zx80": {"mhz": 3.25, "cols": 32, "rows": 24, "theme": "zx80"},
    "bbc": {"mhz": 6.0, "cols": 40, "rows": 25, "theme": "bbc"},
    "cpm": {"mhz": 4.0, "cols": 80, "rows": 24, "theme": "green"},
}


def _number(key: str, value: Any, *, turbo: bool) -> float | None:
    if turbo and value in ("turbo", None):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        extra = " or \"turbo\"" if turbo else ""
        raise ProfileError(f"{key} must be a number{extra}, not {value!r}")
    return float(value)


def _coerce(key: str, value: Any, default: Any) -> Any:
    if key == "mhz":
        return _number(key, value, turbo=True)
    if key == "printer_lps":
        return _number(key, value, turbo=False)
    if key == "seed":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProfileError(f"seed must be a whole number, not {value!r}")
        return value
    if key == "programs":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProfileError("programs must be a list of program names, like [\"MEMO\"]")
        return tuple(v.upper() for v in value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ProfileError(f"{key} must be true or false, not {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProfileError(f"{key} must be a whole number, not {value!r}")
        return value
    if not isinstance(value, str):
        raise ProfileError(f"{key} must be text, not {value!r}")
    return value
