"""Profile: what one stop's machine is, as plain data loaded with the stop."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


class ProfileError(ValueError):
    """A profile field has a value the machine cannot use; the message says which."""


@dataclasses.dataclass(frozen=True)
class Profile:
    """The machine of one stop.

    ``mhz`` is the emulated clock (None runs flat out). ``programs`` are the
    era programs put on drive A:, and ``boot`` is the command typed at the
    CP/M prompt once the machine is up (and again whenever the program exits,
    when ``restart`` is set, so a kiosk never shows a bare prompt).
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

    TERMINALS = ("vt100", "adm3a")
    BACKSPACES = ("bs", "del")
    ARROWS = ("vt100", "wordstar")

    def __post_init__(self) -> None:
        if self.mhz is not None and not 0.1 <= self.mhz <= 1000:
            raise ProfileError(f"mhz must be between 0.1 and 1000, not {self.mhz}")
        if not 16 <= self.cols <= 132:
            raise ProfileError(f"cols must be between 16 and 132, not {self.cols}")
        if not 8 <= self.rows <= 60:
            raise ProfileError(f"rows must be between 8 and 60, not {self.rows}")
        for field, allowed in (("terminal", self.TERMINALS), ("backspace", self.BACKSPACES),
                               ("arrows", self.ARROWS)):
            value = getattr(self, field)
            if value not in allowed:
                raise ProfileError(f"{field} must be one of {', '.join(allowed)}, not {value!r}")
        if len(self.boot) > 120:
            raise ProfileError("boot command is longer than CP/M's 127-character command line")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, name: str = "cpm") -> Profile:
        """A profile from a stop file's ``[machine]`` table; unknown keys are errors."""
        fields = {f.name: f for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {"name": name}
        for key, value in data.items():
            if key not in fields:
                known = ", ".join(sorted(k for k in fields if k != "name"))
                raise ProfileError(f"unknown machine setting {key!r} (known: {known})")
            kwargs[key] = _coerce(key, value, fields[key].default)
        return cls(**kwargs)

    def with_changes(self, **changes: Any) -> Profile:
        """A copy with some settings changed (``--mhz``, ``--turbo``)."""
        return dataclasses.replace(self, **changes)


def _coerce(key: str, value: Any, default: Any) -> Any:
    if key == "mhz":
        if value in ("turbo", None):
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ProfileError(f"mhz must be a number of MHz or \"turbo\", not {value!r}")
        return float(value)
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
