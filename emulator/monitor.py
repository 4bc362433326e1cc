"""Monitor: look inside a held machine: registers, disassembly with labels, memory, notes.

The machine does the running (``Machine.step``, ``run_to``,
``continue_running``, ``step_back``, ``run_back``, breakpoints and
watchpoints); the monitor reads what it holds and words it as a hobbyist's
debugger would, in the spirit of DDT and SID: registers and flags, the
disassembly around the program counter (the ``z80`` package's own
disassembler) with our programs' labels, memory as hex and text, and a
note when the next instruction is a call into CP/M (the BDOS function by
its number in C, the BIOS entry by its place in the jump table).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import z80

from emulator.machine import BIOS_BASE, Machine

# BDOS functions by their number in C (CP/M 2.2 Interface Guide, section 3).
BDOS_FUNCTIONS = (
    "system reset", "console input", "console output", "reader input", "punch output",
    "list output", "direct console I/O", "get I/O byte", "set I/O byte", "print string",
    "read console buffer", "get console status", "return version number", "reset disk system",
    "select disk", "open file", "close file", "search for first", "search for next",
    "delete file", "read sequential", "write sequential", "make file", "rename file",
    "return login vector", "return current disk", "set DMA address", "get alloc vector",
    "write protect disk", "get R/O vector", "set file attributes", "get disk parameters",
    "set/get user code", "read random", "write random", "compute file size",
    "set random record", "reset drive", "", "", "write random with zero fill",
)
# The BIOS jump table's entries, in order (CP/M 2.2 Alteration Guide, section 6).
BIOS_ENTRIES = ("BOOT", "WBOOT", "CONST", "CONIN", "CONOUT", "LIST", "PUNCH", "READER",
                "HOME", "SELDSK", "SETTRK", "SETSEC", "SETDMA", "READ", "WRITE", "LISTST",
                "SECTRAN")
BDOS_ENTRY = 0x0005
CCP_BASE = 0xD000
BDOS_BASE = 0xD800
# Names for the system's own addresses, under the program's labels.
SYSTEM_LABELS: dict[int, str] = {
    0x0000: "WARMBOOT", BDOS_ENTRY: "BDOS", 0x005C: "FCB", 0x006C: "FCB2", 0x0080: "TBUFF",
    CCP_BASE: "CCP", BDOS_BASE: "BDOSBASE",
    **{BIOS_BASE + 3 * i: name for i, name in enumerate(BIOS_ENTRIES)},
}
_REPEATS = {"ldir", "lddr", "cpir", "cpdr", "inir", "indr", "otir", "otdr"}


@dataclasses.dataclass(frozen=True)
class Line:
    """One disassembled instruction."""

    addr: int
    data: bytes
    text: str             # "call PRINT", "ld a, 0x41"
    label: str | None     # the label at this address, if any
    note: str = ""        # what CP/M does here, when that is known


class AddressError(ValueError):
    """An address the monitor could not read; the message says how to write one."""


def parse_address(text: str, labels: dict[str, int]) -> int:
    """An address as CP/M tools write it (hexadecimal, ``1A2B`` or ``1A2Bh``),
    ``0x1A2B``, or a label (upper-case names in ``labels``)."""
    t = text.strip()
    if not t:
        raise AddressError("type an address: hexadecimal like 0100 or 1A2Bh, or a label")
    if t.upper() in labels:
        return labels[t.upper()]
    digits = t[:-1] if t[-1] in "hH" else t[2:] if t.lower().startswith("0x") else t
    try:
        value = int(digits, 16)
    except ValueError:
        raise AddressError(f"{t!r} is not an address or a label; write hexadecimal "
                           "like 0100 or 1A2Bh, or a label") from None
    if not 0 <= value <= 0xFFFF:
        raise AddressError(f"{t} is past the end of memory (FFFF)")
    return value


class Monitor:
    """The debugger's view of one machine (which must be held to be read)."""

    def __init__(self, machine: Machine, labels: Mapping[int, str] | None = None) -> None:
        self.machine = machine
        self.labels: dict[int, str] = {**SYSTEM_LABELS, **(labels or {})}
        self._by_name = {name.upper(): addr for addr, name in self.labels.items()}
        self._builder = z80.Z80InstrBuilder()

    # -- reading the machine --------------------------------------------

    def registers(self) -> list[tuple[str, int]]:
        cpu = self.machine.cpu
        return [("AF", cpu.af), ("BC", cpu.bc), ("DE", cpu.de), ("HL", cpu.hl),
                ("IX", cpu.ix), ("IY", cpu.iy), ("SP", cpu.sp), ("PC", cpu.pc),
                ("AF'", cpu.alt_af), ("BC'", cpu.alt_bc), ("DE'", cpu.alt_de),
                ("HL'", cpu.alt_hl), ("I", cpu.i), ("R", cpu.r)]

    def flags(self) -> str:
        """F as its eight bits, a letter for each one set: ``SZ-H-PNC``."""
        f = self.machine.cpu.f
        return "".join(name if f & (0x80 >> i) else "-" for i, name in enumerate("SZ5H3PNC"))

    def read(self, addr: int, size: int) -> bytes:
        memory = self.machine.cpu.memory
        return bytes(memory[(addr + i) & 0xFFFF] for i in range(size))

    def memory_rows(self, addr: int, rows: int, width: int = 16) -> list[str]:
        """Memory as DDT's D command shows it: address, hex bytes, then text."""
        lines = []
        for row in range(rows):
            at = (addr + row * width) & 0xFFFF
            data = self.read(at, width)
            hexes = " ".join(f"{b:02X}" for b in data)
            text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in data)
            lines.append(f"{at:04X}  {hexes}  {text}")
        return lines

    def instruction(self, addr: int) -> Line:
        data = self.read(addr, 4)
        try:
            instr, size = self._builder.build_instr(addr, data)
            text = self._with_labels(instr, str(instr))
        except z80.Error:
            instr, size, text = None, 1, f"db 0x{data[0]:02x}"
        return Line(addr, data[:size], text, self.labels.get(addr), self._note(addr, instr))

    def disassemble(self, addr: int, count: int) -> list[Line]:
        lines = []
        for _ in range(count):
            line = self.instruction(addr)
            lines.append(line)
            addr = (addr + len(line.data)) & 0xFFFF
        return lines

    def around(self, addr: int, before: int = 4, after: int = 12) -> list[Line]:
        """Disassembly with ``addr`` on the ``before``-th line when possible.

        Code cannot be decoded backwards for certain; the lines before are
        from the furthest start (up to 4 bytes an instruction) whose
        instructions land exactly on ``addr``.
        """
        for back in range(before * 4, 0, -1):
            start = (addr - back) & 0xFFFF
            lines: list[Line] = []
            at = start
            while len(lines) < before * 2 and (at - start) & 0xFFFF < back:
                line = self.instruction(at)
                lines.append(line)
                at = (at + len(line.data)) & 0xFFFF
            if at == addr and lines:
                return lines[-before:] + self.disassemble(addr, after)
        return self.disassemble(addr, after)

    def _with_labels(self, instr: z80.Instr, text: str) -> str:
        # Like the z80 disassembler's own output: jump and call targets,
        # memory operands and 16-bit immediates at labelled addresses are
        # shown by name. Ports are not addresses.
        if isinstance(instr, (z80.IN, z80.OUT)):
            return text
        if isinstance(instr, z80.JumpInstr) and not isinstance(instr, (z80.RetInstr, z80.RST)):
            target = instr.target
            if isinstance(target, z80.Const) and target.value in self.labels:
                return text.replace(f"{target.value:#x}", self.labels[target.value])
        for op in instr.ops:
            if isinstance(op, z80.At) and isinstance(op.ops[0], z80.Const):
                value = op.ops[0].value
                if value in self.labels:
                    text = text.replace(f"({value:#x})", f"({self.labels[value]})")
            elif isinstance(op, z80.Const) and op.value >= 0x100 and op.value in self.labels:
                text = text.replace(f"{op.value:#x}", self.labels[op.value])
        return text

    # -- CP/M notes ---------------------------------------------------

    def _note(self, addr: int, instr: z80.Instr | None) -> str:
        pc = int(self.machine.cpu.pc)
        if addr == BDOS_ENTRY:
            return self._bdos_note() if addr == pc else "BDOS entry"
        if BIOS_BASE <= addr < BIOS_BASE + 3 * len(BIOS_ENTRIES) and (addr - BIOS_BASE) % 3 == 0:
            return f"BIOS {BIOS_ENTRIES[(addr - BIOS_BASE) // 3]}"
        if isinstance(instr, (z80.CALL, z80.JP)) and isinstance(instr.target, z80.Const):
            target = instr.target.value
            if target == BDOS_ENTRY:
                return self._bdos_note() if addr == pc else "BDOS call"
            if BIOS_BASE <= target < BIOS_BASE + 3 * len(BIOS_ENTRIES):
                return f"BIOS {BIOS_ENTRIES[(target - BIOS_BASE) // 3]}"
            if target == 0:
                return "warm boot: back to CP/M"
        return ""

    def _bdos_note(self) -> str:
        # The function is in C; DE holds its argument.
        cpu = self.machine.cpu
        c = cpu.c
        name = BDOS_FUNCTIONS[c] if c < len(BDOS_FUNCTIONS) and BDOS_FUNCTIONS[c] else "?"
        note = f"BDOS {c}: {name}"
        if c == 9:
            text = self.read(cpu.de, 40).split(b"$")[0]
            note += f' "{_printable(text)}"'
        elif c in (15, 16, 17, 19, 20, 21, 22, 23, 33, 34, 35):
            fcb = self.read(cpu.de, 12)
            drive = "" if fcb[0] == 0 else f"{chr(ord('A') + fcb[0] - 1)}:"
            name8 = _printable(bytes(b & 0x7F for b in fcb[1:9])).rstrip()
            ext = _printable(bytes(b & 0x7F for b in fcb[9:12])).rstrip()
            note += f" {drive}{name8}.{ext}" if ext else f" {drive}{name8}"
        return note

    def note_here(self) -> str:
        """The CP/M note for the instruction about to run, if any."""
        return self.instruction(int(self.machine.cpu.pc)).note

    # -- addresses --------------------------------------------------------

    def address(self, text: str) -> int:
        """An address as CP/M tools write it (hexadecimal, ``1A2B`` or ``1A2Bh``),
        ``0x1A2B``, a label (``LOOP``), or ``$`` for the program counter."""
        if text.strip() == "$":
            return int(self.machine.cpu.pc)
        return parse_address(text, self._by_name)

    def label_for(self, addr: int) -> str:
        """The nearest label at or below ``addr`` as ``NAME`` or ``NAME+n`` (or hex)."""
        best = max((a for a in self.labels if a <= addr and addr - a < 0x100), default=None)
        if best is None:
            return f"{addr:04X}"
        return self.labels[best] if best == addr else f"{self.labels[best]}+{addr - best:X}"

    # -- stepping that needs to know instructions ------------------------

    def step_over(self) -> bool:
        """Run a CALL, RST or repeating block instruction as one step.

        Returns True when the machine was set running to the instruction
        after it (a ``BREAK`` report follows), False when it was a plain step.
        """
        machine = self.machine
        pc = int(machine.cpu.pc)
        line = self.instruction(pc)
        name = line.text.split(maxsplit=1)[0] if line.text else ""
        if name in ("call", "rst") or name in _REPEATS:
            machine.run_to((pc + len(line.data)) & 0xFFFF)
            return True
        machine.step()
        return False


def _printable(data: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in data)
