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

from emulator.disk import make_drive
from emulator.host import PORTS, HostServices
from emulator.keyboard import Keyboard
from emulator.printer import Printer
from emulator.profile import Profile
from emulator.store import PostStore
from emulator.terminal import Terminal


class MachineEvent(enum.Enum):
    """Things the machine reports to whoever shows it."""

    PROGRAM_EXITED = "program exited"       # back at the CP/M prompt
    STOPPED = "stopped"                     # the thread has ended
    CRASHED = "crashed"                     # an error inside the emulation
    HALTED = "halted"                       # HALT that nothing will ever wake
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
        super().__init__(drives=drives, console_reader=owner.keyboard_reader,
                         console_writer=owner.terminal, speed_mhz=None)
        # The core keeps its callbacks in C, where Python's garbage collector
        # cannot see them: a bound method there would tie the machine to
        # itself for ever, and every stop a visitor opened would stay in
        # memory. The callbacks hold the machine weakly instead.
        self.set_read_callback(_weakly(self._read_empty, 0xFF))
        self.set_write_callback(_weakly(self._write_empty, None))
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

    # -- empty memory ---------------------------------------------------

    def _read_empty(self, addr: int) -> int:
        # A halted CPU keeps reading the byte after its HALT: that is a
        # hang (reported as such), not a jump.
        if addr == self.pc and not self.halted:
            raise _EmptyMemory(addr)
        return int(self.memory[addr])

    def _write_empty(self, addr: int, value: int) -> None:
        # The core hands marked writes to us instead of storing them.
        memory = self.memory
        assert isinstance(memory, memoryview)
        memory[addr] = value
        self.unmark_addrs(addr, 1, self._EMPTY)

    def set_memory_block(self, addr: int, block: Any) -> None:
        # Everything the BIOS and CP/M put in memory counts as loaded.
        super().set_memory_block(addr, block)
        self.unmark_addrs(addr, len(block), self._EMPTY)

    # -- I/O ports: the host services ---------------------------------------

    def _port_in(self, addr: int) -> int:
        # IN A,(n) puts A on the top half of the address bus; the port is
        # the low byte. Ports nobody answers read as a floating bus, 0FFh.
        port = addr & 0xFF
        if port == PORT_CONST:
            # Console status as a whole byte: all ones for ready, all zeros
            # for not (CP/M 2.2 Alteration Guide, CONST).
            return 0xFF if self._owner.keyboard.ready() else 0
        if port in PORTS:
            return self._owner.host.port_in(port)
        return 0xFF

    def _port_out(self, addr: int, value: int) -> None:
        port = addr & 0xFF
        if port == PORT_CONOUT:
            self._owner.terminal.output(value)
        elif port in PORTS:
            self._owner.host.port_out(port, value)

    # -- BIOS -------------------------------------------------------------

    def on_breakpoint(self) -> None:
        if self.pc == CCP_TRANSIENT_RETURN:
            self._owner._on_program_exit()
        super().on_breakpoint()

    def on_conin(self) -> None:
        owner = self._owner
        owner._before_key()
        key = owner.keyboard.get()
        if key is None:
            self.need_key = True
            return
        owner.keys_read += 1
        self.a = key

    def on_list(self) -> None:
        # BIOS LIST: the character in C goes to the printer. A line
        # printer still busy with the last line holds the program here.
        printer = self._owner.printer
        if not printer.ready():
            self.need_printer = True
            return
        if not self._owner.printed:
            self._owner.printed = True
            self._owner._report(Report(MachineEvent.PRINTED))
        printer.output(self.c)

    def on_listst(self) -> None:
        # BIOS LISTST: 0FFh when the printer can take a character.
        self.a = 0xFF if self._owner.printer.ready() else 0

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

    def __init__(self, profile: Profile, programs: Mapping[str, bytes] | None = None, *,
                 store: PostStore | None = None,
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
        self._drives: list[DiskDrive] = [make_drive(files), *drives]
        self.cpu = _CPM(self, self._drives)
        self._booted = True
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

    @property
    def has_snapshot(self) -> bool:
        """Whether the after-boot snapshot a reset goes back to has been taken."""
        return self._ready is not None

    # -- snapshots ------------------------------------------------------

    def _capture(self) -> _Snapshot:
        cpu = self.cpu
        cpm = {k: v for k, v in vars(cpu).items()
               if k.startswith("_CPMMachineMixin__")
               and isinstance(v, (bool, int, str, type(None), DiskDrive))}
        drives = self._drives
        return _Snapshot(
            state=bytes(cpu.get_state_view()), cpm=cpm, warm_boots=cpu.warm_boots,
            disks=[None if _is_host(d) else bytes(d.image.data) for d in drives],
            heads=[(d.current_track, d.current_sector) for d in drives],
            screen=self.terminal.snapshot(), keys_read=self.keys_read)

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
        self._waiting.clear()

    def _before_key(self) -> None:
        # Called from CONIN, in the CPU thread, at an instruction boundary.
        if self._ready is None and self.keys_read >= self._boot_keys:
            self._ready = self._capture()

    # -- the CPU thread -------------------------------------------------

    def _on_program_exit(self) -> None:
        # A program returned to CP/M. The exhibit never leaves a visitor
        # at a bare A> prompt: the stop's program is typed again.
        if not self._booted:
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
        due = time.monotonic()
        while not self._stop.is_set():
            if self._paused or self.fault is not None:
                self._hold()
                due = time.monotonic()
                continue
            started = time.perf_counter()
            ticks_left[0] = slice_ticks
            try:
                while ticks_left[0]:
                    events = run_cpu(cpu)
                    if events & breakpoint_hit:
                        addr = pc_now[0]
                        cpu.on_breakpoint()
                        if cpu.need_key or cpu.need_printer:
                            break
                        # Breakpoints catch before the marked instruction runs;
                        # a handled one is stepped over unless the handler moved
                        # the program counter (as cpm80's own loop does).
                        if pc_now[0] == addr:
                            step(cpu)
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

            if cpu.need_key:
                cpu.need_key = False
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


def _is_host(drive: DiskDrive) -> bool:
    # A mounted host folder belongs to the hobbyist: a reset never rolls
    # their files back.
    return isinstance(drive, HostDrive)
