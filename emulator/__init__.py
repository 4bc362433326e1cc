"""The machine room: an emulated Z80 running CP/M 2.2, its screen and keyboard.

Rooms:
    profile.py   Profile: what one stop's machine is (clock, screen, drive A:)
    terminal.py  Terminal: the pyte screen the machine's console writes to
    keyboard.py  Keyboard: the thread-safe queue of keys typed at the machine
    disk.py      drive A: built in memory from the era programs
    printer.py   Printer: the LIST device, kept as lines of paper
    machine.py   Machine: the CPU and CP/M in a thread of their own, paced

Nothing here imports Textual: every machine can be driven and read headless.
"""

from emulator.keyboard import Keyboard
from emulator.machine import Machine, MachineEvent
from emulator.printer import Printer
from emulator.profile import Profile, ProfileError
from emulator.terminal import Terminal

__all__ = ["Keyboard", "Machine", "MachineEvent", "Printer", "Profile", "ProfileError", "Terminal"]
