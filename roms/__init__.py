"""The era programs: Z80 sources in MACRO-80 syntax and their built .COM files.

Rooms:
    lib/        the shared library every program links against (console,
                screen, numbers), one module per job
    programs/   one source per program, NAME.mac, and its built NAME.COM
    build.py    assembles and links them with um80/ul80 (``python -m roms.build``)

The built files are committed, so the exhibit runs without the assembler;
a test rebuilds every program and checks the bytes still match.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def programs_dir() -> Path:
    """The folder holding the program sources and their built .COM files."""
    return Path(str(resources.files("roms") / "programs"))


def program_names() -> list[str]:
    """Every program that has a built .COM file, upper case, sorted."""
    return sorted(p.stem.upper() for p in programs_dir().glob("*.COM"))


def load_symbols(name: str) -> dict[int, str]:
    """A built program's labels by address, from its NAME.SYM (empty if it has none)."""
    path = programs_dir() / f"{name.upper()}.SYM"
    return parse_symbols(path.read_text()) if path.is_file() else {}


def parse_symbols(text: str) -> dict[int, str]:
    """A SID/ZSID symbol file (``ADDR NAME`` a line) as {address: name}; first name wins."""
    labels: dict[int, str] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                labels.setdefault(int(parts[0], 16), parts[1])
            except ValueError:
                continue
    return labels


def load_program(name: str) -> bytes:
    """The bytes of a built program, by its name (``MEMO``)."""
    path = programs_dir() / f"{name.upper()}.COM"
    if not path.is_file():
        known = ", ".join(program_names()) or "none"
        raise FileNotFoundError(f"no program called {name.upper()} (known: {known})")
    return path.read_bytes()
