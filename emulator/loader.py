"""Programs from files: a CP/M .COM, an Intel HEX file, or raw bytes at an address.

Each becomes a .COM for drive A:, so CP/M's own CCP loads and runs it at
0100h. A program meant for another address is placed there by padding
the .COM from 0100h up to its origin, with a JP to its entry point in the
first three bytes of the padding. Every mistake raises LoadError with one
line saying what is wrong and what to do.
"""

from __future__ import annotations

import re
from pathlib import Path

from emulator.machine import TPA_END, TPA_START

TPA_SIZE = TPA_END - TPA_START          # 52,992 bytes, 0100h-CFFFh
# Characters CP/M 2.2 allows in a file name that the CCP can also type.
_NAME_CHARS = re.compile(r"[^A-Z0-9#$%&()\-_@!]")


class LoadError(ValueError):
    """A program file the machine cannot run; the message says why, in one line."""


def cpm_name(stem: str) -> str:
    """A CP/M command name (1-8 characters) made from a host file name."""
    name = _NAME_CHARS.sub("", stem.upper())[:8]
    return name or "PROGRAM"


def parse_org(text: str) -> int:
    """An address in hexadecimal, as CP/M's own tools read one: ``8000``, ``8000h``,
    ``0x8000`` or ``$8000``."""
    t = text.strip().lower()
    digits = t[:-1] if t.endswith("h") else t.removeprefix("0x").removeprefix("$")
    try:
        value = int(digits, 16)
    except ValueError:
        raise LoadError(f"--org {text!r} is not an address; write it in hexadecimal as CP/M "
                        "tools do, like 0100, 8000h or 0x8000") from None
    if not TPA_START <= value < TPA_END:
        raise LoadError(f"--org {value:04X}h is outside the TPA, where CP/M runs programs "
                        f"({TPA_START:04X}h-{TPA_END - 1:04X}h)")
    return value


def com_image(data: bytes, org: int = TPA_START, start: int | None = None,
              source: str = "the program") -> bytes:
    """The .COM that puts ``data`` at ``org`` and runs it from ``start``."""
    start = org if start is None else start
    if not data:
        raise LoadError(f"{source} is empty: there is no program in it")
    end = org + len(data)
    if org < TPA_START or end > TPA_END:
        raise LoadError(f"{source} runs from {org:04X}h to {end - 1:04X}h, but a CP/M program "
                        f"must fit the TPA, {TPA_START:04X}h-{TPA_END - 1:04X}h "
                        f"({TPA_SIZE:,} bytes)")
    if not org <= start < end:
        raise LoadError(f"{source} starts at {start:04X}h, outside its own bytes "
                        f"({org:04X}h-{end - 1:04X}h)")
    if org == TPA_START and start == TPA_START:
        return bytes(data)
    if org < TPA_START + 3:
        # The JP to the entry point needs the first three bytes of the TPA.
        raise LoadError(f"{source} loads at {org:04X}h but starts at {start:04X}h: below "
                        "0103h a program must start at its first byte")
    jump = bytes([0xC3, start & 0xFF, start >> 8])          # JP start
    return jump + bytes(org - TPA_START - 3) + bytes(data)


def parse_hex(text: str, source: str = "the file") -> tuple[bytes, int, int | None]:
    """Intel HEX records into (bytes, origin, entry point or None).

    Gaps between records are filled with zeros. Every record is checked:
    the colon, hex digits, its length, its checksum and its type.
    """
    memory: dict[int, int] = {}
    upper = 0            # from an extended address record (types 02 and 04)
    start: int | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        where = f"{source}:{number}"
        if not line.startswith(":"):
            raise LoadError(f"{where}: an Intel HEX record starts with ':', this one with "
                            f"{line[:1]!r}")
        try:
            record = bytes.fromhex(line[1:])
        except ValueError:
            raise LoadError(f"{where}: the record holds something that is not hex digits") \
                from None
        if len(record) < 5 or len(record) != record[0] + 5:
            raise LoadError(f"{where}: the record's length does not match its byte count")
        if sum(record) & 0xFF:
            want = (-sum(record[:-1])) & 0xFF
            raise LoadError(f"{where}: bad checksum {record[-1]:02X}h (it should be "
                            f"{want:02X}h)")
        count, addr, kind, payload = record[0], int.from_bytes(record[1:3], "big"), record[3], \
            record[4:-1]
        if kind == 0x00:
            base = upper + addr
            if base + count > 0x10000:
                raise LoadError(f"{where}: data at {base:X}h is past the Z80's 64K")
            for i, b in enumerate(payload):
                memory[base + i] = b
        elif kind == 0x01:
            break
        elif kind in (0x02, 0x04) and count == 2:
            value = int.from_bytes(payload, "big")
            upper = value << 4 if kind == 0x02 else value << 16
        elif kind in (0x03, 0x05) and count == 4:
            value = int.from_bytes(payload, "big")
            start = ((value >> 16) << 4) + (value & 0xFFFF) if kind == 0x03 else value
        else:
            raise LoadError(f"{where}: record type {kind:02X} is not one Intel HEX defines "
                            "for 8-bit programs (00-05)")
    if not memory:
        raise LoadError(f"{source} has no data records: there is no program in it")
    org, end = min(memory), max(memory) + 1
    data = bytes(memory.get(a, 0) for a in range(org, end))
    return data, org, start


def load_file(path: Path, org: int | None = None) -> tuple[str, bytes]:
    """A program file as (CP/M name, .COM bytes) for drive A:.

    ``.hex`` is Intel HEX; ``.bin`` (or any other name) is raw bytes and
    needs ``org``; ``.com`` is a CP/M program, run at 0100h.
    """
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise LoadError(f"{path} is a folder; give a .COM, .hex or .bin file") from None
    except OSError as e:
        raise LoadError(f"cannot read {path}: {e.strerror or e}") from None
    name = cpm_name(path.stem)
    if suffix == ".com":
        if org is not None and org != TPA_START:
            raise LoadError(f"{path} is a CP/M .COM file, which always runs at 0100h; "
                            "--org is for .bin files")
        if len(raw) > TPA_SIZE:
            raise LoadError(f"{path} is {len(raw):,} bytes, too big for the {TPA_SIZE:,}-byte "
                            f"TPA ({TPA_START:04X}h-{TPA_END - 1:04X}h)")
        return name, com_image(raw, source=str(path))
    if suffix in (".hex", ".ihx", ".ihex"):
        if org is not None:
            raise LoadError(f"{path} is Intel HEX, which carries its own addresses; "
                            "--org is for .bin files")
        try:
            text = raw.decode("ascii")
        except UnicodeDecodeError:
            raise LoadError(f"{path} is not an Intel HEX text file (it holds non-ASCII "
                            "bytes)") from None
        data, hex_org, start = parse_hex(text, str(path))
        return name, com_image(data, hex_org, start, str(path))
    if org is None:
        raise LoadError(f"{path} is raw bytes: say where they run with --org ADDR "
                        "(e.g. --org 100h)")
    return name, com_image(raw, org, source=str(path))
