"""Sinclair machines: the ZX80 and ZX81 on the z80 core, with the user's own ROM.

Rooms:
    rom.py       Rom: read a ROM image, name it by CRC-32, where its routines are
    charset.py   the ZX80 and ZX81 character sets as Unicode (block graphics, inverse)
    screen.py    SinclairScreen: the display file as a Terminal-like grid of cells
    keyboard.py  the 8x5 key matrix on port FEh, and text typed as keywords
    tape.py      .o and .p program files, for the LOAD and SAVE traps
    machine.py   SinclairMachine: CPU, memory, display trap, NMIs, in a paced thread

Nothing here imports Textual. No Sinclair ROM is shipped: see the README.
"""

from emulator.sinclair.machine import SinclairError, SinclairMachine
from emulator.sinclair.rom import Rom, RomError, find_rom, identify, load_rom
from emulator.sinclair.tape import TapeError

__all__ = ["Rom", "RomError", "SinclairError", "SinclairMachine", "TapeError", "find_rom",
           "identify", "load_rom"]
