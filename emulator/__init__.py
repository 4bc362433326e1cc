"""The machine room: an emulated Z80 running CP/M 2.2, its screen, keyboard and devices.

Rooms:
    profile.py   Profile: what one stop's machine is (base zx80/bbc/cpm, clock, screen, drive A:)
    terminal.py  Terminal: the pyte screen the machine's console writes to
    keyboard.py  Keyboard: the thread-safe queue of keys typed at the machine
    disk.py      drive A: built in memory from the era programs
    hostdrive.py MountedFolder: a host folder as drive B:, erasing and renaming through
    printer.py   Printer: the LIST device, kept as lines of paper, at a line printer's pace
    host.py      HostServices: time, random numbers and posts on Z80 I/O ports
                 (protocol: HOST_SERVICES.md)
    store.py     PostStore: the wall and social posts in SQLite, in the folder
                 the app names (the app chooses it, not this package)
    moderation.py  what a post may hold: plain text, 140 characters, no blocked words
    social_seed.py the social stop's 2011 stream, seeded into the store, and its
                 live thread
    loader.py    .COM, Intel HEX and raw binary files made into programs for drive A:
    machine.py   Machine: the CPU and CP/M in a thread of their own, paced, with
                 pause, reset to an after-boot snapshot, hang/crash reports (queued,
                 or pushed to a listener), a stop that never forgets a live thread,
                 and the monitor's controls (breakpoints, watchpoints, step, step back)
    history.py   InputLog and Checkpoint: what stepping back replays
    monitor.py   Monitor: registers, disassembly with labels, memory, CP/M notes
    sinclair/    SinclairMachine: the ZX80 and ZX81 on the user's own ROM, with the
                 same outside as Machine (its own rooms in its __init__)

Nothing here imports Textual: every machine can be driven and read headless.
"""

from emulator.host import HostServices
from emulator.keyboard import Keyboard
from emulator.loader import LoadError
from emulator.machine import Machine, MachineBusy, MachineEvent, Report
from emulator.printer import Printer
from emulator.profile import Profile, ProfileError
from emulator.store import Post, PostError, PostStore, open_store
from emulator.terminal import Terminal

__all__ = ["HostServices", "Keyboard", "LoadError", "Machine", "MachineBusy", "MachineEvent", "Post",
           "PostError", "PostStore", "Printer", "Profile", "ProfileError", "Report", "Terminal",
           "open_store"]
