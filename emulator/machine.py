"""Machine: a Z80 running CP/M 2.2, in a thread of its own, paced to a clock."""

from __future__ import annotations

import dataclasses
import enum
import queue
import sys
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import z80
from cpm80 import DiskDrive, HostDrive, Z80CPMMachine

from emulator.disk import BuiltDrive, make_drive
from emulator.history import CONIN, CONST, HOST, LISTST, Checkpoint, InputLog, ReplayDiverged
from emulator.host import PORTS, HostServices
from emulator.keyboard import Keyboard
from emulator.printer import Printer
from emulator.profile import Profile
from emulator.store import Store
from emulator.terminal import Terminal


class MachineEvent(enum.Enum):
    """Things the machine reports to whoever shows it."""

    PROGRAM_EXITED = "program exited"       # back at the CP/M prompt
    STOPPED = "stopped"                     # the thread has ended
    CRASHED = "crashed"                     # an error inside the emulation
    HALTED = "halted"                       # HALT that nothing will ever wake
    BREAK = "stopped at a breakpoint"       # a monitor's breakpoint or watchpoint caught it
    BAD_JUMP = "jumped into empty memory"   # ran code where nothing was ever loaded
    RESET = "reset"                         # put back to just after boot
    NOTICE = "notice"                       # something the user should know (a Sinclair LOAD with no file)
    # Told only to a listener (see Machine.listen), never queued: the
    # program starts or stops waiting for a key, many times a minute.
    WAITING = "waiting for a key"
    RUNNING = "running"
    PRINTED = "printed"                     # the printer's first character since boot or reset


_TOLD_ONLY = (MachineEvent.WAITING, MachineEvent.RUNNING, MachineEvent.PRINTED)


class MachineBusy(RuntimeError):
    """The CPU thread from before has not stopped yet, so no second one may start."""


@dataclasses.dataclass(frozen=True)
class Report:
    event: MachineEvent
    detail: str = ""
    pc: int | None = None


# CP/M 2.2 as cpm80 lays it out (the 62K system): the TPA runs from 0100h
# up to the CCP at D000h; the BIOS jump table is at E600h.
TPA_START = 0x0100
TPA_END = 0xD000
BIOS_BASE = 0xE600
BIOS_CONST = BIOS_BASE + 2 * 3       # the BIOS jump table's third entry
BIOS_CONOUT = BIOS_BASE + 4 * 3      # and its fifth
# cpm80's 17 BIOS vectors end at E632h and its next table starts at E640h:
# the 13 spare bytes between hold our CONOUT and CONST routines.
BIOS_CONSOLE_CODE = BIOS_BASE + 17 * 3
# The console's own I/O ports, used by the BIOS code above.
PORT_CONST = 0xF0
PORT_CONOUT = 0xF1
# The CCP runs a transient with CALL 0100h at D75Ch; a program that ends
# with RET (allowed by the CP/M 2.2 manual when it keeps the CCP's stack)
# comes back to the instruction after it.
CCP_TRANSIENT_RETURN = 0xD75F
# The core's T-state counter in its state image counts up to this and
# wraps, raising END_OF_FRAME each time (z80's ticks_per_frame): the
# runner counts the wraps, so the machine's clock is exact to the T-state.
FRAME_TICKS = 100_000
_END_OF_FRAME = 1 << 3   # z80's _END_OF_FRAME event bit


class _EmptyMemory(Exception):
    """The CPU fetched an instruction from memory nothing ever wrote."""

    def __init__(self, addr: int) -> None:
        super().__init__(f"{addr:04X}h")
        self.addr = addr


def _weakly(method: Callable[..., Any], dead: Any) -> Callable[..., Any]:
    """A callback that calls the method while its object lives, and answers ``dead`` after."""
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> Any:
        bound = ref()
        return dead if bound is None else bound(*args)

    return call


def _no_read(addr: int) -> int:
    return 0xFF


def _no_write(addr: int, value: int) -> None:
    return None


class _CPM(Z80CPMMachine):
    """cpm80's CP/M machine with its BIOS devices wired to ours.

    CONIN does not block inside the CPU: when no key is waiting it leaves
    the program counter on the CONIN entry and raises ``need_key``; the
    runner then sleeps on the keyboard and resumes the CPU at the same
    instruction, which calls CONIN again. So a program waiting for a key
    costs nothing, and the machine can be stopped while it waits. LIST
    does the same with ``need_printer`` while a paced printer is busy.

    Empty memory is watched with the core's address marks: every TPA byte
    starts marked, the first write to it (by the CPU, or by the BIOS
    loading a sector) clears the mark, and an instruction fetched from a
    still-marked byte is a jump into memory no program was ever loaded
    into. Data reads of marked bytes are served as normal.
    """

    _EMPTY = z80.Z80Machine.READ_MARK | z80.Z80Machine.WRITE_MARK

    def __init__(self, owner: Machine, drives: list[DiskDrive]) -> None:
        self._owner = owner
        self.need_key = False
        self.need_printer = False
        self.warm_boots = 0
        # Which bytes still carry the empty-memory marks (the core cannot
        # be asked), and the monitor's watchpoints, which share the marks.
        self._empty = bytearray(0x10000)
        self._empty[TPA_START:TPA_END] = bytes([1]) * (TPA_END - TPA_START)
        self.watch_reads: set[int] = set()
        self.watch_writes: set[int] = set()
        self.watch_hit: tuple[str, int, int] | None = None   # ("read"/"write", addr, value)
        self.bdos_disk = 0                   # the BDOS's current drive (see on_bdos_entry)
        super().__init__(drives=drives, console_reader=owner.keyboard_reader,
                         console_writer=owner.terminal, speed_mhz=None)
        # The core keeps its callbacks in C, where Python's garbage collector
        # cannot see them: a bound method there would tie the machine to
        # itself for ever, and every stop a visitor opened would stay in
        # memory. The callbacks hold the machine weakly instead.
        self.set_read_callback(_weakly(self._read_marked, 0xFF))
        self.set_write_callback(_weakly(self._write_marked, None))
        self.mark_addrs(TPA_START, TPA_END - TPA_START, self._EMPTY)
        self.set_breakpoint(CCP_TRANSIENT_RETURN)
        self.set_input_callback(_weakly(self._port_in, 0xFF))
        self.set_output_callback(_weakly(self._port_out, None))
        self._console_through_ports()

    def __del__(self) -> None:
        # The core never lets go of its last callbacks; hand it shared ones
        # so this machine's own closures are freed with it.
        try:
            self.set_read_callback(_no_read)
            self.set_write_callback(_no_write)
            self.set_input_callback(_no_read)
            self.set_output_callback(_no_write)
        except Exception:
            pass

    def _console_through_ports(self) -> None:
        # CONST and CONOUT are most BIOS calls a program makes (every
        # character out, every poll of the keyboard). As breakpoints each
        # one stops the CPU and goes round the runner's loop; as port I/O
        # each is one call from inside the CPU. So their vectors become
        # JPs, as in a real BIOS jump table (programs that hook CONOUT
        # read the JP's address), to
        #   CONOUT: PUSH AF ; LD A,C ; OUT (0F1h),A ; POP AF ; RET
        #   CONST:  IN A,(0F0h) ; RET
        for addr in (BIOS_CONST, BIOS_CONOUT):
            self.clear_breakpoint(addr)
        conout = BIOS_CONSOLE_CODE
        const = conout + 6
        self.set_memory_block(conout, bytes([0xF5, 0x79, 0xD3, PORT_CONOUT, 0xF1, 0xC9]))
        self.set_memory_block(const, bytes([0xDB, PORT_CONST, 0xC9]))
        self.set_memory_block(BIOS_CONOUT, bytes([0xC3, conout & 0xFF, conout >> 8]))
        self.set_memory_block(BIOS_CONST, bytes([0xC3, const & 0xFF, const >> 8]))

    # -- empty memory and watchpoints ----------------------------------

    def _read_marked(self, addr: int) -> int:
        value = int(self.memory[addr])
        if addr in self.watch_reads:
            self._watched("read", addr, value)
        # A halted CPU keeps reading the byte after its HALT: that is a
        # hang (reported as such), not a jump.
        if self._empty[addr] and addr == self.pc and not self.halted:
            raise _EmptyMemory(addr)
        return value

    def _write_marked(self, addr: int, value: int) -> None:
        # The core hands marked writes to us instead of storing them.
        memory = self.memory
        assert isinstance(memory, memoryview)
        memory[addr] = value
        if addr in self.watch_writes:
            self._watched("write", addr, value)
        if self._empty[addr]:
            self._empty[addr] = 0
            self.unmark_addrs(addr, 1, self._EMPTY)
            self._mark_watch(addr)

    def _watched(self, kind: str, addr: int, value: int) -> None:
        # The core stops when its T-state countdown runs out; one left
        # ends the run as this instruction ends (the access is part of it).
        if self.watch_hit is None:
            self.watch_hit = (kind, addr, value)
        self.ticks_to_stop = 1

    def _mark_watch(self, addr: int) -> None:
        marks = ((self.READ_MARK if addr in self.watch_reads else 0)
                 | (self.WRITE_MARK if addr in self.watch_writes else 0))
        if marks:
            self.mark_addrs(addr, 1, marks)

    def set_watch(self, addr: int, *, read: bool, write: bool) -> None:
        """Watch one byte for reads (instruction fetches included) and/or writes."""
        for watching, table in ((read, self.watch_reads), (write, self.watch_writes)):
            if watching:
                table.add(addr)
            else:
                table.discard(addr)
        if not self._empty[addr]:
            self.unmark_addrs(addr, 1, self._EMPTY)
        self._mark_watch(addr)

    def set_memory_block(self, addr: int, block: Any) -> None:
        # Everything the BIOS and CP/M put in memory counts as loaded.
        super().set_memory_block(addr, block)
        size = len(block)
        self._empty[addr:addr + size] = bytes(size)
        self.unmark_addrs(addr, size, self._EMPTY)
        for watched in (*self.watch_reads, *self.watch_writes):
            if addr <= watched < addr + size:
                self._mark_watch(watched)

    # -- I/O ports: the host services ---------------------------------------

    def _port_in(self, addr: int) -> int:
        # IN A,(n) puts A on the top half of the address bus; the port is
        # the low byte. Ports nobody answers read as a floating bus, 0FFh.
        port = addr & 0xFF
        owner = self._owner
        if port == PORT_CONST:
            # Console status as a whole byte: all ones for ready, all zeros
            # for not (CP/M 2.2 Alteration Guide, CONST). The most frequent
            # call a program makes: the plain case is kept short.
            if owner._plain_const:
                return 0xFF if owner.keyboard.ready() else 0
            log = owner._log
            if log is None:
                return owner._const()
            return log.take(CONST, owner._const) or 0
        log = owner._log
        if port in PORTS:
            if log is None:
                return owner.host.port_in(port)
            return log.take(HOST, lambda: owner.host.port_in(port)) or 0
        return 0xFF

    def _port_out(self, addr: int, value: int) -> None:
        port = addr & 0xFF
        if port == PORT_CONOUT:
            self._owner._console_out(value)
        elif port in PORTS and not self._owner.replaying:
            # A replay of the past must not post to the wall twice; what
            # the host answered then comes from the log.
            self._owner.host.port_out(port, value)

    # -- BIOS -------------------------------------------------------------

    def on_breakpoint(self) -> None:
        if self.pc == CCP_TRANSIENT_RETURN:
            self._owner._on_program_exit()
        super().on_breakpoint()

    # cpm80 learns which drive a file was closed, erased, made or renamed on
    # from the FCB's drive byte, and for 0 (the current drive) from 0004h,
    # the CCP's default. But the CCP's own SAVE, ERA and REN with B: select
    # B: through the BDOS and then pass drive 0, so cpm80 told drive A: and
    # a mounted folder heard of the change only at the next warm boot. The
    # BDOS's own current drive is the last one selected with function 14.
    def on_bdos_entry(self) -> None:
        c = self.c
        if c == 14:                          # select disk
            self.bdos_disk = self.e & 0x0F
        elif c == 13:                        # reset disk system: A:
            self.bdos_disk = 0
        elif c in (self.F_CLOSE, self.F_DELETE, self.F_MAKE, self.F_RENAME):
            memory = self.memory
            assert isinstance(memory, memoryview)
            fcb = self.de
            if memory[fcb] == 0 and self.bdos_disk != memory[0x0004] & 0x0F:
                memory[fcb] = self.bdos_disk + 1     # what cpm80 reads, for a moment
                super().on_bdos_entry()
                memory[fcb] = 0
                return
        super().on_bdos_entry()

    # cpm80 reads the CCP's command buffer as ASCII at two addresses inside
    # the CCP (to catch its own ``exit`` command, which we do not offer).
    # A program that loads itself over the CCP, as DDT does, runs its own
    # code there, and those bytes are not text: cpm80 then fails with
    # UnicodeDecodeError. The CCP needs nothing from these hooks.
    def on_read_ccp_command(self) -> None:
        pass

    def on_ccp_command(self) -> None:
        pass

    def on_conin(self) -> None:
        owner = self._owner
        log = owner._log
        if log is None:
            owner._before_key()
            key = owner.keyboard.get()
        else:
            if not log.replaying:
                owner._before_key()
            key = log.take(CONIN, owner.keyboard.get)
        if key is None:
            self.need_key = True
            return
        owner.keys_read += 1
        self.a = key

    def _printer_ready(self) -> bool:
        owner = self._owner
        if owner._log is None:
            return owner.printer.ready()
        return bool(owner._log.take(LISTST, lambda: int(owner.printer.ready())))

    def on_list(self) -> None:
        # BIOS LIST: the character in C goes to the printer. A line
        # printer still busy with the last line holds the program here.
        if not self._printer_ready():
            self.need_printer = True
            return
        if not self._owner.replaying:   # paper already printed stays printed
            if not self._owner.printed:
                self._owner.printed = True
                self._owner._report(Report(MachineEvent.PRINTED))
            self._owner.printer.output(self.c)

    def on_listst(self) -> None:
        # BIOS LISTST: 0FFh when the printer can take a character.
        self.a = 0xFF if self._printer_ready() else 0

    def on_punch(self) -> None:
        # No paper-tape punch on these machines: what is punched is lost.
        pass

    def on_reader(self) -> None:
        # No paper-tape reader: it reads as end of file (Ctrl+Z), which is
        # what CP/M programs take as "no more input".
        self.a = 0x1A

    def on_wboot(self) -> None:
        self.warm_boots += 1
        super().on_wboot()
        self._owner._on_program_exit()


class _KeyboardReader:
    """cpm80's ConsoleReader protocol over our Keyboard (used by its helpers)."""

    def __init__(self, keyboard: Keyboard) -> None:
        self._keyboard = keyboard

    def input(self) -> int | None:
        return self._keyboard.get()

    def ready(self) -> bool:
        return self._keyboard.ready()


def _image_copy(drive: DiskDrive) -> bytes:
    # Drive A:'s copy is shared with the image it was built from while it is unchanged.
    return drive.copy_image() if isinstance(drive, BuiltDrive) else bytes(drive.image.data)


@dataclasses.dataclass
class _Snapshot:
    """Everything a reset puts back."""

    state: bytes                 # the core's state image: every register, all 64 KB
    cpm: dict[str, Any]          # cpm80's own BIOS state (DMA address, drive selected)
    warm_boots: int
    disks: list[bytes | None]    # each drive's image; None for a host folder
    heads: list[tuple[int, int]]
    screen: Any                  # Terminal.snapshot()
    keys_read: int
    frames: int = 0              # the clock's wraps (see FRAME_TICKS)


class Machine:
    """One stop's computer: CPU, CP/M, drive A:, screen, keyboard, printer, host.

    ``start`` runs the CPU in its own thread, in slices of emulated time
    (1/50 s each) paced against the wall clock at the profile's clock rate,
    or flat out when the profile has no clock. Our own flags are checked
    between slices, so even a program spinning without any I/O can be
    paused, reset or stopped. Reports (a program exiting, a hang, a crash)
    go to ``events``.

    Reset: a snapshot is taken the first time the booted program asks for
    a key (BIOS CONIN after the boot command has been read): the program
    is up and its first screen is drawn. ``reset`` puts that moment back,
    running or not: every register, all 64 KB, drive A:, the screen, and
    an empty keyboard and printer. Before that moment a reset goes back to
    power-on. A mounted host folder and the post store are not rolled
    back: they belong to the hobbyist and to the wall.
    """

    SLICES_PER_SECOND = 50
    # Flat out, a slice is this many T-states: short enough to notice the
    # stop flag within milliseconds, long enough to cost nothing.
    TURBO_SLICE = 200_000
    # Flat out, a program that asks for console status this many times in
    # a row with no key and no output in between is idling: it then runs
    # at IDLE_HZ, sleeping off the time that would have taken (at most
    # IDLE_WAIT at once) and waking at once for a key. A quarter of the
    # CP/M machines' 4 MHz: waiting costs a quarter of what polling costs
    # at the era's pace, and a program that times itself by counting polls
    # (SOCIAL looks for new replies every 12,000) keeps a slower rhythm
    # instead of stopping or racing. Any output ends the idling at once.
    IDLE_POLLS = 500
    IDLE_HZ = 1_000_000
    IDLE_WAIT = 0.05          # a key, a pause or a stop wakes it sooner
    # While a monitor keeps history: a checkpoint every this many T-states
    # (a quarter second at 4 MHz) and no more often than every this many
    # seconds (one costs a few milliseconds: flat out, a few % of a core);
    # at most this many kept.
    CHECKPOINT_TICKS = 1_000_000
    CHECKPOINT_SECONDS = 0.25
    CHECKPOINTS = 120

    def __init__(self, profile: Profile, programs: Mapping[str, bytes] | None = None, *,
                 store: Store | None = None,
                 drives: Sequence[DiskDrive] = ()) -> None:
        self.profile = profile
        self.terminal = Terminal(profile.cols, profile.rows, adm3a=profile.terminal == "adm3a")
        self.keyboard = Keyboard()
        self.keyboard_reader = _KeyboardReader(self.keyboard)
        self.printer = Printer(lps=profile.printer_lps)
        self.host = HostServices(store, board=profile.board, seed=profile.seed)
        self.events: queue.SimpleQueue[Report] = queue.SimpleQueue()
        self._listener: Callable[[Report], None] | None = None
        files = {f"{name}.COM": data for name, data in (programs or {}).items()}
        self._stop = threading.Event()
        self._poke = threading.Event()        # cuts a pacing sleep short
        self._waiting = threading.Event()     # set while the program waits for a key
        self._parked = threading.Event()      # set while the thread is held by pause/fault
        self._control = threading.Condition()
        self._paused = False
        self._thread: threading.Thread | None = None
        self.ticks = 0                         # T-states run since power-on
        self.run_seconds = 0.0                 # wall time spent running them
        self.error: str | None = None
        self.fault: Report | None = None       # a hang or crash holding the machine
        self.keys_read = 0
        self.printed = False                   # the printer has had a character since boot/reset
        self._boot_keys = len(profile.boot) + 1 if profile.boot else 0
        self._booted = False
        self._frames = 0                       # the clock's wraps (see FRAME_TICKS)
        self._idle_polls = 0
        self._idle = False
        self._turbo = profile.mhz is None
        # CONST needs no idle count (paced) and no log (no history): answer at once.
        self._plain_const = not self._turbo
        self._idle_clock = 0                   # where the last idle sleep ended: clock
        self._idle_time = 0.0                  # and wall time
        # The monitor's side: breakpoints, the last stop, and the history
        # that stepping back replays (None until a monitor asks for it).
        self.breakpoints: set[int] = set()
        self.stop_reason: Report | None = None
        self._log: InputLog | None = None
        self._checkpoints: list[Checkpoint] = []
        self._host_changes = 0
        self._one_shot: int | None = None      # run_to's breakpoint, gone once hit
        self._checkpoint_time = 0.0
        self._drives: list[DiskDrive] = [make_drive(files), *drives]
        self.cpu = _CPM(self, self._drives)
        self._booted = True
        self._system_breaks = _system_breakpoints(self.cpu)
        self._power_on = self._capture()
        self._ready: _Snapshot | None = None
        self._type_boot()

    def _type_boot(self) -> None:
        if self.profile.boot:
            self.keyboard.put(self.profile.boot.encode("ascii") + b"\r")

    # -- control ------------------------------------------------------

    def listen(self, listener: Callable[[Report], None] | None) -> None:
        """Push every report to ``listener`` instead of queueing it in ``events``.

        The listener is called on whichever thread makes the report (mostly
        the CPU thread), so it must only hand the report on (for instance
        ``loop.call_soon_threadsafe``). It is also told when the program
        starts and stops waiting for a key (``WAITING``, ``RUNNING``).
        ``None`` puts reports back in the queue.
        """
        self._listener = listener

    def _report(self, report: Report) -> None:
        listener = self._listener
        if listener is None:
            if report.event not in _TOLD_ONLY:
                self.events.put(report)
        else:
            listener(report)

    def start(self) -> None:
        """Power on (or on again after ``stop``): run the CPU in its own thread.

        Raises MachineBusy while the thread of an earlier ``stop`` that did
        not end in time is still alive: two CPU threads on one memory would
        corrupt it.
        """
        if self.running:
            if self._stop.is_set():
                raise MachineBusy("the machine's CPU thread has not stopped yet, so it cannot "
                                  "start again; wait a moment or build a fresh machine")
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"z80-{self.profile.name}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop the CPU thread and wait up to ``timeout`` s for it to end; True once it has.

        A thread that does not end in time is kept, not forgotten: it still
        has the stop flag and ends at its next slice, and until then
        ``start`` refuses to run a second one (``MachineBusy``). Call
        ``stop`` again to wait longer.
        """
        self._stop.set()
        self._wake_thread()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
            self._thread = None
        for drive in self._drives:
            if isinstance(drive, HostDrive):
                # A mounted folder gets every file CP/M finished writing,
                # as cpm80's own front end does when it quits.
                try:
                    drive.flush_files()
                except Exception as e:  # noqa: BLE001 -- a full or vanished folder: say so
                    self._report(Report(MachineEvent.CRASHED,
                                        f"could not write drive B: back: {e}"))
        return True

    def pause(self, timeout: float = 2.0) -> bool:
        """Hold the CPU between two instructions; True once it is held (or not running)."""
        with self._control:
            self._paused = True
        self._wake_thread()
        if not self.running:
            return True
        return self._parked.wait(timeout)

    def resume(self) -> None:
        """Let a paused CPU run on."""
        with self._control:
            self._paused = False
            self._control.notify_all()

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def state(self) -> str:
        """What the machine is doing, in a visitor's words.

        "off", "crashed", "halted", "jumped into empty memory", "paused",
        "waiting for a key" or "running".
        """
        fault = self.fault
        if fault is not None:
            return "halted" if fault.event is MachineEvent.HALTED else fault.event.value
        if not self.running:
            return "crashed" if self.error is not None else "off"
        if self._paused:
            return "paused"
        return "waiting for a key" if self._waiting.is_set() else "running"

    def reset(self) -> None:
        """Put the machine back to just after boot (see the class notes), running or not."""
        running = self.running
        user_paused = self._paused
        if running and not self.pause():
            raise MachineBusy("the machine did not stop for the reset; stop it and start again")
        snap = self._ready
        self._restore(snap or self._power_on)
        if snap is None:
            self._type_boot()
        self._report(Report(MachineEvent.RESET))
        with self._control:
            self.fault = None
            self._paused = user_paused
            self._control.notify_all()

    def _wake_thread(self) -> None:
        with self._control:
            self._control.notify_all()
        self.keyboard.wake()
        self._poke.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def type(self, keys: str | bytes) -> None:
        """Type at the keyboard: text is sent as ASCII, newlines as RETURN."""
        if isinstance(keys, str):
            keys = keys.replace("\n", "\r").encode("ascii", errors="replace")
        self._waiting.clear()
        self.keyboard.put(keys)

    def wait_for_input(self, timeout: float = 10.0) -> bool:
        """Block until the program has read every key and waits for another.

        The one synchronisation point tests need: after it, the screen shows
        everything the program did with the keys typed so far.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._waiting.wait(0.02) and not self.keyboard.ready():
                return True
            if not self.running:
                return False
        return False

    def wait_for_text(self, text: str, timeout: float = 10.0) -> bool:
        """Block until the text shows on the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.terminal.text():
                return True
            time.sleep(0.01)
        return text in self.terminal.text()

    def wait_for_event(self, *kinds: MachineEvent, timeout: float = 10.0) -> Report | None:
        """The next report of one of these kinds (others are dropped), or None."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                report = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if report.event in kinds:
                return report
        return None

    @property
    def waiting_for_key(self) -> bool:
        return self._waiting.is_set()

    @property
    def effective_mhz(self) -> float:
        """Emulated T-states per second of wall time spent running (not waiting)."""
        return self.ticks / self.run_seconds / 1e6 if self.run_seconds else 0.0

    @property
    def emulated_seconds(self) -> float:
        """Time on the machine's own clock since power-on (0 when it runs flat out)."""
        mhz = self.profile.mhz
        return self.ticks / (mhz * 1e6) if mhz else 0.0

    def drive_warnings(self) -> list[str]:
        """Host files a mounted folder left out, one line each (for the app to show).

        A warm boot mounts the folder again, so the list follows the folder.
        """
        return [f"B: leaves out {warning}" for drive in self._drives if _is_host(drive)
                for warning in getattr(drive, "warnings", [])]

    @property
    def has_snapshot(self) -> bool:
        """Whether the after-boot snapshot a reset goes back to has been taken."""
        return self._ready is not None

    # -- snapshots ------------------------------------------------------

    def _capture(self, *, host: bool = False) -> _Snapshot:
        """The machine now; ``host`` keeps mounted folders' images too (for history)."""
        cpu = self.cpu
        cpm = {k: v for k, v in vars(cpu).items()
               if k.startswith("_CPMMachineMixin__")
               and isinstance(v, (bool, int, str, type(None), DiskDrive))}
        cpm["bdos_disk"] = cpu.bdos_disk
        drives = self._drives
        return _Snapshot(
            state=bytes(cpu.get_state_view()), cpm=cpm, warm_boots=cpu.warm_boots,
            disks=[None if _is_host(d) and not host else _image_copy(d) for d in drives],
            heads=[(d.current_track, d.current_sector) for d in drives],
            screen=self.terminal.snapshot(), keys_read=self.keys_read, frames=self._frames)

    def _restore(self, snap: _Snapshot) -> None:
        cpu = self.cpu
        cpu.get_state_view()[:] = snap.state
        for key, value in snap.cpm.items():
            setattr(cpu, key, value)
        cpu.warm_boots = snap.warm_boots
        cpu.need_key = cpu.need_printer = False
        for drive, data, (track, sector) in zip(self._drives, snap.disks, snap.heads, strict=True):
            if data is not None:
                drive.image.data[:] = data
            drive.current_track, drive.current_sector = track, sector
        self.terminal.restore(snap.screen)
        self.keyboard.clear()
        self.printer.clear()
        self.printed = False
        self.host.reset()
        self.keys_read = snap.keys_read
        self._frames = snap.frames
        self._waiting.clear()
        self._forget_history()

    def _restore_point(self, snap: _Snapshot) -> None:
        """Put back a history checkpoint: the machine only, not the world around it.

        The keyboard keeps what is typed ahead, the printer its paper, the
        host its state: while the replay runs they are not asked, the log is.
        """
        cpu = self.cpu
        cpu.get_state_view()[:] = snap.state
        for key, value in snap.cpm.items():
            setattr(cpu, key, value)
        cpu.warm_boots = snap.warm_boots
        cpu.need_key = cpu.need_printer = False
        cpu.watch_hit = None
        for drive, data, (track, sector) in zip(self._drives, snap.disks, snap.heads, strict=True):
            if data is not None and len(data) == len(drive.image.data):
                drive.image.data[:] = data
            drive.current_track, drive.current_sector = track, sector
        self.terminal.restore(snap.screen)
        self.keys_read = snap.keys_read
        self._frames = snap.frames

    def _before_key(self) -> None:
        # Called from CONIN, in the CPU thread, at an instruction boundary.
        if self._ready is None and self.keys_read >= self._boot_keys:
            self._ready = self._capture()

    # -- the monitor's controls ------------------------------------------
    #
    # Breakpoints and watchpoints work while the machine runs. Everything
    # else here runs the CPU in the caller's thread and needs the machine
    # held first (``pause``, or a breakpoint that held it).

    def add_breakpoint(self, addr: int) -> None:
        """Stop before the instruction at ``addr`` runs (the monitor opens there)."""
        addr &= 0xFFFF
        self.breakpoints.add(addr)
        self.cpu.set_breakpoint(addr)

    def remove_breakpoint(self, addr: int) -> None:
        addr &= 0xFFFF
        self.breakpoints.discard(addr)
        if addr not in self._system_breaks:
            self.cpu.clear_breakpoint(addr)

    def set_watchpoint(self, addr: int, *, read: bool = False, write: bool = True) -> None:
        """Stop after an instruction that reads or writes the byte at ``addr``.

        Reads include instruction fetches. Both False removes the watchpoint.
        """
        self.cpu.set_watch(addr & 0xFFFF, read=read, write=write)

    @property
    def watchpoints(self) -> dict[int, str]:
        """Watched addresses and what is watched: "r", "w" or "rw"."""
        cpu = self.cpu
        return {a: ("r" if a in cpu.watch_reads else "") + ("w" if a in cpu.watch_writes else "")
                for a in sorted(cpu.watch_reads | cpu.watch_writes)}

    def _break(self, report: Report) -> None:
        # Called in the CPU thread: hold the machine where it stopped.
        self.cpu.watch_hit = None
        self._clear_one_shot()
        with self._control:
            self._paused = True
        self.stop_reason = report
        self._report(report)           # to the panel's listener, or the events queue

    def _watch_report(self) -> Report:
        hit = self.cpu.watch_hit
        assert hit is not None
        self.cpu.watch_hit = None
        kind, addr, value = hit
        pc = int(self.cpu.pc)
        return Report(MachineEvent.BREAK, f"watchpoint: {kind} of {value:02X}h at {addr:04X}h", pc)

    def _require_held(self) -> None:
        if self.running and not (self._paused and self._parked.is_set()):
            raise RuntimeError("pause the machine first")

    def continue_running(self) -> None:
        """Run on from a stop: past the breakpoint it sits on, then at full pace."""
        self._require_held()
        if int(self.cpu.pc) in self.breakpoints:
            self.step()
        self.stop_reason = None
        self.resume()

    def step(self) -> bool:
        """Run exactly one instruction (a BIOS call cpm80 handles counts as its RET).

        False when the CPU could not move: it waits for a key or the printer.
        """
        self._require_held()
        start = self.clock
        while self.clock == start or self.mid_instruction:
            if not self._step_once():
                return False
        self.cpu.watch_hit = None
        self.terminal.flush()
        return True

    @property
    def mid_instruction(self) -> bool:
        """Whether the CPU stopped between a DD/FD prefix and the rest of its instruction.

        The z80 core runs an index prefix as a step of its own; a slice
        that ends there leaves PC on the byte after the prefix.
        """
        return self.cpu.index_rp_kind is not z80.HL

    def settle(self) -> None:
        """Finish an instruction the CPU stopped half way through (see mid_instruction)."""
        self._require_held()
        while self.mid_instruction and self._step_once():
            pass

    def _step_once(self) -> bool:
        # One step of the core: an instruction, or an index prefix alone.
        cpu = self.cpu
        start = self.clock
        while self.clock == start:
            pc = int(cpu.pc)
            cpu.ticks_to_stop = 1
            events = z80.Z80Machine.run(cpu)
            if events & _END_OF_FRAME:
                self._frames += 1
            if events & cpu._BREAKPOINT_HIT:
                cpu.on_breakpoint()
                if cpu.need_key or cpu.need_printer:
                    cpu.need_key = cpu.need_printer = False
                    return False
                if int(cpu.pc) == pc and z80.Z80Machine.step_over_breakpoint(cpu) & _END_OF_FRAME:
                    self._frames += 1
                # A handler that moved the program counter (a warm boot)
                # ran no instruction: go round and run the one it chose.
        return True

    def run_to(self, addr: int) -> None:
        """Run on until the instruction at ``addr`` is about to run (then hold)."""
        self._require_held()
        addr &= 0xFFFF
        if addr not in self.breakpoints:
            self._one_shot = addr
            self.add_breakpoint(addr)
        self.continue_running()

    def _clear_one_shot(self) -> None:
        addr = self._one_shot
        if addr is not None:
            self._one_shot = None
            self.remove_breakpoint(addr)

    # -- history: stepping backwards -------------------------------------

    def keep_history(self) -> None:
        """Start recording inputs and checkpoints so the machine can step back."""
        if self._log is not None:
            return
        self._require_held()
        self._log = InputLog()
        self._plain_const = False
        self._checkpoint()

    @property
    def history_start(self) -> int | None:
        """The earliest clock the machine can go back to (None without history)."""
        return self._checkpoints[0].clock if self._checkpoints else None

    def _forget_history(self) -> None:
        if self._log is not None:
            self._log = InputLog()
            self._checkpoints = [Checkpoint(self.clock, self._log.cursor, self._capture(host=True))]

    def _checkpoint(self) -> None:
        assert self._log is not None
        point = Checkpoint(self.clock, self._log.cursor, self._capture(host=True))
        if self._checkpoints:
            # Share drive images that have not changed (most of the time).
            last = self._checkpoints[-1].snapshot.disks
            point.snapshot.disks = [old if old == new else new
                                    for old, new in zip(last, point.snapshot.disks, strict=True)]
        self._checkpoints.append(point)
        self._checkpoint_time = time.monotonic()
        if len(self._checkpoints) > self.CHECKPOINTS:
            del self._checkpoints[0]
            self._log.trim(self._checkpoints[0].cursor)

    def _keep_history(self) -> None:
        # Between slices, in the CPU thread. A mounted folder that took
        # changes cannot be replayed past (the host files changed): the
        # history starts again from here.
        changes = sum(getattr(d, "changes", 0) for d in self._drives)
        if changes != self._host_changes:
            self._host_changes = changes
            self._forget_history()
            return
        log = self._log
        assert log is not None
        if (not log.replaying and self.clock - self._checkpoints[-1].clock >= self.CHECKPOINT_TICKS
                and time.monotonic() - self._checkpoint_time >= self.CHECKPOINT_SECONDS):
            self._checkpoint()

    def _advance(self, target: int, *, breaks: list[int] | None = None) -> None:
        """Run forward in this thread until the clock reaches ``target`` exactly.

        With ``breaks``, note the clock of every monitor breakpoint passed on
        the way and of every watchpoint hit (for running back to the last).
        """
        cpu = self.cpu
        while self.clock < target:
            cpu.ticks_to_stop = min(target - self.clock, 1 << 30)
            events = z80.Z80Machine.run(cpu)
            if events & _END_OF_FRAME:
                self._frames += 1
            if events & cpu._BREAKPOINT_HIT:
                pc = int(cpu.pc)
                if breaks is not None and pc in self.breakpoints:
                    breaks.append(self.clock)
                cpu.on_breakpoint()
                if cpu.need_key or cpu.need_printer:
                    cpu.need_key = cpu.need_printer = False
                    raise ReplayDiverged("the replay ran out of recorded input before "
                                         f"reaching {target}")
                if int(cpu.pc) == pc and z80.Z80Machine.step_over_breakpoint(cpu) & _END_OF_FRAME:
                    self._frames += 1
            if cpu.watch_hit is not None:
                cpu.watch_hit = None
                if breaks is not None and self.clock <= target:
                    breaks.append(self.clock)
        if self.clock != target:
            raise ReplayDiverged(f"the replay passed {target} and reached {self.clock}")

    def _replay_to(self, target: int) -> None:
        """Go back to the latest checkpoint before ``target`` and run forward to it."""
        log = self._log
        assert log is not None
        point = self._point_before(target + 1)
        self._restore_point(point.snapshot)
        log.seek(point.cursor)
        try:
            self._advance(target)
        except ReplayDiverged:
            log.truncate()
            raise
        self.terminal.flush()

    def _point_before(self, clock: int) -> Checkpoint:
        points = [p for p in self._checkpoints if p.clock < clock]
        if not points:
            raise ValueError("the history does not go back that far")
        return points[-1]

    def _previous_boundary(self, clock: int) -> int:
        """The clock of the instruction boundary just before ``clock``."""
        point = self._point_before(clock)
        log = self._log
        assert log is not None
        self._restore_point(point.snapshot)
        log.seek(point.cursor)
        # Run close to it at full speed, then one instruction at a time.
        near = max(point.clock, clock - 64)
        if near > point.clock:
            self._advance_to_boundary(near)
        # The instruction boundary before: the last point short of ``clock``
        # where the CPU was not between a prefix and its instruction.
        previous = self.clock
        while self.clock < clock:
            if not self.mid_instruction:
                previous = self.clock
            if not self._step_once():
                raise ReplayDiverged("the replay waited for a key that was recorded")
        if self.clock != clock:
            raise ReplayDiverged(f"the replay passed {clock} and reached {self.clock}")
        return previous

    def _advance_to_boundary(self, near: int) -> None:
        # The first instruction boundary at or after ``near``.
        try:
            self._advance(near)
        except ReplayDiverged:
            if self.clock < near:
                raise

    def step_back(self) -> bool:
        """Go back one instruction. False when the history does not reach back."""
        self._require_held()
        if self._log is None:
            raise RuntimeError("the machine keeps no history; call keep_history first")
        now = self.clock
        start = self.history_start
        if start is None or now <= start:
            return False
        try:
            target = self._previous_boundary(now)
            self._replay_to(target)
        except ReplayDiverged:
            # The machine is somewhere in its past it cannot account for:
            # that is where the history starts now.
            self._forget_history()
            raise
        self.stop_reason = Report(MachineEvent.BREAK, f"stepped back to {int(self.cpu.pc):04X}h",
                                  int(self.cpu.pc))
        return True

    def run_back(self) -> bool:
        """Go back to the last breakpoint or watchpoint hit before now. False if none."""
        self._require_held()
        if self._log is None:
            raise RuntimeError("the machine keeps no history; call keep_history first")
        log = self._log
        now = self.clock
        for i in range(len(self._checkpoints) - 1, -1, -1):
            point = self._checkpoints[i]
            if point.clock >= now:
                continue
            end = min(now, self._checkpoints[i + 1].clock if i + 1 < len(self._checkpoints)
                      else now)
            self._restore_point(point.snapshot)
            log.seek(point.cursor)
            hits: list[int] = []
            try:
                self._advance(end, breaks=hits)
                earlier = [h for h in hits if h < now]
                if earlier:
                    self._replay_to(earlier[-1])
            except ReplayDiverged:
                self._forget_history()
                raise
            if earlier:
                pc = int(self.cpu.pc)
                self.stop_reason = Report(MachineEvent.BREAK, f"ran back to {pc:04X}h", pc)
                return True
        # Nothing earlier: come back to where we were.
        self._replay_to(now)
        return False

    # -- devices as the CPU sees them -------------------------------------

    def _const(self) -> int:
        if self.keyboard.ready():
            return 0xFF
        if self._turbo:
            # Flat out, a program asking again and again with nothing
            # else to do is idle: end the slice so the thread can sleep.
            self._idle_polls += 1
            if self._idle_polls >= self.IDLE_POLLS:
                self._idle = True
                self.cpu.ticks_to_stop = 1
        return 0

    def _console_out(self, value: int) -> None:
        self._idle_polls = 0
        self.terminal.output(value)

    @property
    def replaying(self) -> bool:
        """Whether the machine is re-running its recorded past (inputs from the log)."""
        return self._log is not None and self._log.replaying

    @property
    def clock(self) -> int:
        """T-states run since power-on, exact (a reset or step back moves it back)."""
        return self._frames * FRAME_TICKS + int(self.cpu.frame_tick)

    # -- the CPU thread -------------------------------------------------

    def _on_program_exit(self) -> None:
        # A program returned to CP/M. The exhibit never leaves a visitor
        # at a bare A> prompt: the stop's program is typed again.
        if not self._booted or self.replaying:
            return
        self._report(Report(MachineEvent.PROGRAM_EXITED))
        if self.profile.restart and self.profile.boot:
            self.keyboard.clear()
            self._type_boot()

    def _run(self) -> None:
        try:
            self._loop()
        except Exception as e:  # noqa: BLE001 -- anything the emulation raises is reported
            self.error = f"{type(e).__name__}: {e}"
            self._report(Report(MachineEvent.CRASHED, self.error, self._pc()))
        finally:
            self.terminal.flush()
            self._report(Report(MachineEvent.STOPPED))

    def _pc(self) -> int | None:
        try:
            return int(self.cpu.pc)
        except Exception:  # noqa: BLE001 -- a report must not fail for want of a PC
            return None

    def _fail(self, report: Report) -> None:
        # A hang or a crash holds the machine (costing nothing) until a
        # reset or stop; the UI shows the report and offers the reset.
        self.fault = report
        self._report(report)

    def _hold(self) -> None:
        """Park the thread while paused or faulted, until resumed, reset or stopped."""
        with self._control:
            while (self._paused or self.fault is not None) and not self._stop.is_set():
                self._parked.set()
                self._control.wait()
            self._parked.clear()

    def _loop(self) -> None:
        cpu = self.cpu
        mhz = self.profile.mhz
        slice_ticks = round(mhz * 1e6 / self.SLICES_PER_SECOND) if mhz else self.TURBO_SLICE
        slice_period = 1 / self.SLICES_PER_SECOND
        run_cpu = z80.Z80Machine.run
        step = z80.Z80Machine.step_over_breakpoint
        breakpoint_hit = cpu._BREAKPOINT_HIT
        # The loop reads the core's state image directly instead of through
        # its properties: PC is bytes 8-9 and the T-states left in the slice
        # bytes 16-19 (z80's Z80State), little-endian as the casts read them.
        assert sys.byteorder == "little", "the runner reads the Z80 state as little-endian"
        state = cpu.get_state_view()
        pc_now = state[8:10].cast("H")
        ticks_left = state[16:20].cast("I")
        user_breaks = self.breakpoints
        resume_at = -1
        due = time.monotonic()
        while not self._stop.is_set():
            if self._paused or self.fault is not None:
                self._hold()
                due = time.monotonic()
                # Resumed on a breakpoint's address (from its stop): run on
                # past it, not stop there again.
                resume_at = pc_now[0] if pc_now[0] in user_breaks else -1
                continue
            if self._log is not None:
                self._keep_history()
            started = time.perf_counter()
            ticks_left[0] = slice_ticks
            try:
                while ticks_left[0]:
                    events = run_cpu(cpu)
                    if events & _END_OF_FRAME:
                        self._frames += 1
                    if events & breakpoint_hit:
                        addr = pc_now[0]
                        if addr in user_breaks and addr != resume_at:
                            what = "ran to" if addr == self._one_shot else "breakpoint at"
                            self._break(Report(MachineEvent.BREAK, f"{what} {addr:04X}h", addr))
                            break
                        cpu.on_breakpoint()
                        if cpu.need_key or cpu.need_printer:
                            break
                        # Breakpoints catch before the marked instruction runs;
                        # a handled one is stepped over unless the handler moved
                        # the program counter (as cpm80's own loop does).
                        if pc_now[0] == addr and step(cpu) & _END_OF_FRAME:
                            self._frames += 1
                    resume_at = -1
                    if cpu.watch_hit is not None:
                        self._break(self._watch_report())
                        break
            except _EmptyMemory as e:
                self._fail(Report(MachineEvent.BAD_JUMP,
                                  f"the program jumped to {e.addr:04X}h, where nothing was "
                                  "ever loaded", e.addr))
            left = ticks_left[0]
            self.ticks += slice_ticks - left
            self.run_seconds += time.perf_counter() - started
            self.terminal.flush()

            if cpu.halted and self.fault is None:
                # Nothing on this machine raises an interrupt, so a HALT is
                # never woken: with interrupts disabled that is certain.
                why = ("interrupts disabled" if not cpu.iff1
                       else "waiting for an interrupt this machine never sends")
                pc = (cpu.pc - 1) & 0xFFFF
                self._fail(Report(MachineEvent.HALTED, f"HALT at {pc:04X}h with {why}", pc))
                continue

            if self._idle:
                self._idle = False
                self._idle_polls = 0
                now = time.monotonic()
                owed = (self.clock - self._idle_clock) / self.IDLE_HZ - (now - self._idle_time)
                if owed > 0:
                    self.keyboard.wait(min(owed, self.IDLE_WAIT))
                self._idle_clock, self._idle_time = self.clock, time.monotonic()
                due = self._idle_time
                continue

            if cpu.need_key:
                cpu.need_key = False
                self._idle_polls = 0
                if not self.keyboard.ready():
                    self._waiting.set()
                    self._report(Report(MachineEvent.WAITING))
                    self.keyboard.wait()
                    self._waiting.clear()
                    self._report(Report(MachineEvent.RUNNING))
                # Time spent waiting is not owed to the program.
                due = time.monotonic()
                continue

            if cpu.need_printer:
                cpu.need_printer = False
                # The line printer is busy with a line: sleep until it can
                # take the next character (a pause or stop cuts this short).
                self._poke.wait(min(self.printer.wait_time(), 0.05))
                self._poke.clear()
                due = time.monotonic()
                continue

            if mhz:
                due += slice_period
                now = time.monotonic()
                if now < due:
                    # Sleep off the slice, waking early for a stop or pause.
                    self._poke.wait(due - now)
                    self._poke.clear()
                elif now - due > slice_period:
                    # Fell behind (a busy host): do not try to catch up.
                    due = now


def _system_breakpoints(cpu: _CPM) -> frozenset[int]:
    """The addresses where cpm80 and our BIOS keep breakpoints of their own.

    cpm80 keeps them in a private table (its BIOS vectors, the BDOS entry,
    the CCP hooks, the commit returns); a monitor's breakpoint at one of
    these must not clear the core's mark when it is removed. This is the
    one place that reads the table; a test checks it is still there.
    """
    table = vars(cpu)["_CPMMachineMixin__breakpoints"]
    return frozenset(set(table) - {BIOS_CONST, BIOS_CONOUT} | {CCP_TRANSIENT_RETURN})


def _is_host(drive: DiskDrive) -> bool:
    # A mounted host folder belongs to the hobbyist: a reset never rolls
    # their files back.
    return isinstance(drive, HostDrive)
