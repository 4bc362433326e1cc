"""Programs on "tape": ``.o`` files for the ZX80 and ``.p`` files for the ZX81.

Both are the bytes the ROM's SAVE sends to the cassette, without the
leader and (on the ZX81) without the name:

* ``.o`` (ZX80): memory from 4000h, the whole system area first, up to
  the end of the variables (E_LINE, the word at 400Ah). ZX80 programs have
  no names.
* ``.p`` (ZX81): memory from 4009h (VERSN), system variables on, up to
  E_LINE (the word at 4014h). The name given to SAVE becomes the file's
  name, ``SAVE "MAZE"`` writing ``MAZE.p``.

The machine traps the ROM's LOAD and SAVE routines and calls ``read`` and
``write`` here; nothing plays or records audio.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path


class TapeError(ValueError):
    """A program file that cannot be loaded; the message says why."""


@dataclasses.dataclass(frozen=True)
class Format:
    model: str
    suffix: str
    start: int          # where the bytes load
    e_line: int         # the system variable whose value ends them


FORMATS = {"zx80": Format("zx80", ".o", 0x4000, 0x400A),
           "zx81": Format("zx81", ".p", 0x4009, 0x4014)}
SUFFIXES = {".o": "zx80", ".80": "zx80", ".p": "zx81", ".81": "zx81"}


def model_of(path: Path) -> str | None:
    """Which machine a program file is for, by its suffix (None if not a tape file)."""
    return SUFFIXES.get(path.suffix.lower())


def check(data: bytes, model: str, ram_top: int, *, source: str) -> bytes:
    """The program's bytes if they fit this machine, else a TapeError saying why."""
    fmt = FORMATS[model]
    if len(data) < fmt.e_line - fmt.start + 2:
        raise TapeError(f"{source} is too short ({len(data)} bytes) to be a "
                        f"{model.upper()} program")
    offset = fmt.e_line - fmt.start
    e_line = data[offset] | data[offset + 1] << 8
    if not fmt.start < e_line <= 0x8000:
        raise TapeError(f"{source} does not look like a {model.upper()} program "
                        f"(its E_LINE is {e_line:04X}h)")
    end = fmt.start + len(data)
    if end > ram_top:
        need = (end - 0x4000 + 1023) // 1024
        raise TapeError(f"{source} needs {need} KB of RAM; run with --ram 16")
    return data


def read_program(path: Path, model: str, ram_top: int) -> bytes:
    """Read a ``.o``/``.p`` file and check it suits the machine."""
    kind = model_of(path)
    if kind is not None and kind != model:
        raise TapeError(f"{path.name} is a {kind.upper()} program; run it with "
                        f"--machine {kind}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TapeError(f"there is no program file {path}") from None
    except OSError as e:
        raise TapeError(f"cannot read {path}: {e.strerror or e}") from None
    return check(data, model, ram_top, source=path.name)


def find(folder: Path, name: str, model: str) -> Path | None:
    """The file a ``LOAD "NAME"`` means in a folder: NAME.p, any case."""
    suffix = FORMATS[model].suffix
    wanted = (name + suffix).lower()
    try:
        for path in sorted(folder.iterdir()):
            if path.name.lower() == wanted and path.is_file():
                return path
    except OSError:
        return None
    return None


def safe_name(name: str) -> str:
    """A program name as a file name: letters, digits and a few marks; others become _."""
    kept = "".join(c if c.isalnum() or c in "-_." else "_" for c in name.strip())
    return kept.strip(".") or "PROGRAM"


def next_free(folder: Path, stem: str, suffix: str) -> Path:
    """``stem.o``, or ``stem-2.o`` and so on when it is taken (ZX80 SAVEs have no names)."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path
