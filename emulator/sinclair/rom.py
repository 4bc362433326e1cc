"""The Sinclair ROM a hobbyist brings: read it, name it by its CRC, say what it is for.

No Sinclair ROM ships with the exhibit (see the README's "Sinclair ROMs"):
the user gives one with ``--rom FILE`` or puts one in the data folder's
``roms/``. A ROM we know by its CRC-32 is named and gets the extras that
need its addresses (keyword typing, LOAD and SAVE traps); any other ROM of
the right size runs with a warning, as a real machine would run it.
"""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path


class RomError(ValueError):
    """The file is not a ROM this machine can take; the message says why."""


@dataclasses.dataclass(frozen=True)
class Layout:
    """Where one ROM keeps the things the emulator traps or reads.

    Addresses come from reading the ROM itself (the disassemblies by Logan
    and O'Hara name the ZX81's routines; the ZX80's were found the same way
    in its 4K listing).
    """

    display: int            # the routine that runs the display file (LD R,A; EI; JP (HL))
    display_c_from: int | None   # ZX80: the routine loads C (lines) from this system variable
    keys: int               # the unshifted key table: 39 codes, half-row by half-row
    shifted: int            # the shifted key table, same order
    function: int | None    # ZX81: the FUNCTION-mode table
    tokens: int             # the keyword names, last letter with bit 7 set
    first_token: int        # the code of the first name in that table
    extra_tokens: tuple[int, ...]   # ZX81: RND, INKEY$ and PI follow COPY, as codes 40h-42h
    k_flag_set_means_k: bool        # FLAGS bit 2: ZX80 sets it for K, the ZX81 for L
    wait_loop: tuple[int, int] | None   # where the editor waits for a key (ZX80: any frame)
    debounce: int           # the system variable that counts down after a key is let go
    load: int               # a trap here loads a program
    save: int               # a trap here saves one
    after_tape: int         # where LOAD and SAVE end (the ROM's own tidy-up)
    pop_before: bool        # the ZX80's LOAD and SAVE start with POP DE
    signature: tuple[tuple[int, bytes], ...]   # bytes that must be where we expect them

    def fits(self, data: bytes) -> bool:
        """Whether the ROM has our routines where this layout says (a patched ROM may not)."""
        return all(data[a:a + len(b)] == b for a, b in self.signature)


ZX80_LAYOUT = Layout(
    display=0x01AD, display_c_from=0x4023, keys=0x006C, shifted=0x0093, function=None,
    tokens=0x00BA, first_token=0xD2, extra_tokens=(), k_flag_set_means_k=True,
    wait_loop=None, debounce=0x4022, load=0x0206, save=0x01B6, after_tape=0x0283, pop_before=True,
    signature=((0x01B0, b"\xed\x4f\x3e\xdd\xfb\xe9"), (0x006C, b"\x3f\x3d\x28\x3b"),
               (0x0206, b"\xd1\x11"), (0x01B6, b"\xd1\x11"), (0x0283, b"\x2a\x0a\x40")))

# The ZX81's improved ROMs (editions 2 and 3) share these addresses.
ZX81_LAYOUT = Layout(
    display=0x02B5, display_c_from=None, keys=0x007E, shifted=0x00A5, function=0x00CC,
    tokens=0x0111, first_token=0xBF, extra_tokens=(0x40, 0x41, 0x42), k_flag_set_means_k=False,
    wait_loop=(0x04CA, 0x04D3), debounce=0x4027, load=0x0343, save=0x02F9, after_tape=0x0207, pop_before=False,
    signature=((0x02B5, b"\xed\x4f\x3e\xdd\xfb\xe9"), (0x007E, b"\x3f\x3d\x28\x3b"),
               (0x0340, b"\xcd\xa8\x03"), (0x02F6, b"\xcd\xa8\x03"), (0x0207, b"\x21\x3b\x40"),
               (0x04CA, b"\xcb\x7e\xcc\x29\x02")))


@dataclasses.dataclass(frozen=True)
class Known:
    model: str
    name: str
    layout: Layout | None


# CRC-32s of the ROM images as MAME and Clock Signal catalogue them.
KNOWN: dict[int, Known] = {
    0x4C7FC597: Known("zx80", "ZX80 4K BASIC", ZX80_LAYOUT),
    0xFCBBD617: Known("zx81", "ZX81 BASIC, first edition", None),
    0x4B1DD6EB: Known("zx81", "ZX81 BASIC, improved (edition 2)", ZX81_LAYOUT),
    0x522C37B8: Known("zx81", "ZX81 BASIC, improved (edition 3)", ZX81_LAYOUT),
}

SIZES = {"zx80": 4096, "zx81": 8192}


@dataclasses.dataclass(frozen=True)
class Rom:
    """A ROM image, what it is, and a warning when we do not know it."""

    model: str
    data: bytes
    crc: int
    name: str
    layout: Layout | None
    warning: str = ""

    @property
    def known(self) -> bool:
        return self.crc in KNOWN


def identify(data: bytes, model: str, *, source: str = "the ROM") -> Rom:
    """Check the image suits the model and name it; unknown images get a warning."""
    if model not in SIZES:
        raise RomError(f"no Sinclair machine called {model!r} (say zx80 or zx81)")
    size = SIZES[model]
    crc = zlib.crc32(data) & 0xFFFFFFFF
    known = KNOWN.get(crc)
    if known is not None and known.model != model:
        other = known.model.upper()
        raise RomError(f"{source} is the {known.name} ROM, for the {other}: "
                       f"run it with --machine {known.model}")
    if len(data) != size:
        raise RomError(f"{source} is {len(data):,} bytes; the {model.upper()} ROM is "
                       f"{size:,} bytes ({size // 1024} KB)")
    if known is not None:
        warning = ""
        layout = known.layout if known.layout is not None and known.layout.fits(data) else None
        if layout is None:
            warning = (f"{known.name}: it runs, but keyword typing and the LOAD/SAVE "
                       "folder need a ROM whose routines we have mapped (an improved ZX81 "
                       "ROM or the ZX80's)")
        return Rom(model, bytes(data), crc, known.name, layout, warning)
    return Rom(model, bytes(data), crc, f"unknown {model.upper()} ROM (CRC {crc:08X})", None,
               f"{source} (CRC {crc:08X}) is not a {model.upper()} ROM we know: it runs, "
               "but keyword typing and the LOAD/SAVE folder are off")


def model_of(path: Path) -> str | None:
    """The machine a ROM file is for, when we know it by its CRC (else None)."""
    try:
        known = KNOWN.get(zlib.crc32(path.read_bytes()) & 0xFFFFFFFF)
    except OSError:
        return None
    return known.model if known is not None else None


def load_rom(path: Path, model: str) -> Rom:
    """Read and identify a ROM file; a missing or unreadable file is a RomError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RomError(f"there is no ROM file {path}") from None
    except IsADirectoryError:
        raise RomError(f"{path} is a folder; --rom takes the ROM image file") from None
    except OSError as e:
        raise RomError(f"cannot read the ROM {path}: {e.strerror or e}") from None
    return identify(data, model, source=str(path))


def find_rom(folder: Path, model: str) -> Rom | None:
    """The first ROM for the model in a folder (``roms/`` in the data folder), or None.

    ``zx81.rom`` is tried first, then every file in name order, so a
    curator may keep the images under their own names.
    """
    if not folder.is_dir():
        return None
    named = folder / f"{model}.rom"
    candidates = [named] if named.is_file() else []
    candidates += sorted(p for p in folder.iterdir() if p.is_file() and p != named)
    for path in candidates:
        try:
            rom = load_rom(path, model)
        except RomError:
            continue
        if rom.known:
            return rom
    return None
