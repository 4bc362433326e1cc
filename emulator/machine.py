"""Machine: a Z80 running CP/M 2.2, in a thread of its own, paced to a clock."""

from __future__ import annotations

import dataclasses
import enum
import queue
import threading
import time
from collections.abc import Mapping

import z80
from cpm80 import DiskDrive, Z80CPMMachine

from emulator.disk import make_drive
from emulator.keyboard import Keyboard
from emulator.printer import Printer
from emulator.profile import Profile
from emulator.terminal import Terminal


class MachineEvent(enum.Enum):
    """Things the machine reports to whoever shows it."""

    PROGRAM_EXITED = "program exited"       # back at the CP/M prompt
    STOPPED = "stopped"                     # the thread has ended
    CRASHED = "crashed"                     # an error inside the emulation


@dataclasses.dataclass(frozen=True)
class Report:
    event: MachineEvent
    detail: str = ""


class _CPM(Z80CPMMachine):  # type: ignore[misc]
    """cpm80's CP/M machine with its BIOS console wired to our devices.

    CONIN does not block inside the CPU: when no key is waiting it leaves
    the program counter on the CONIN entry and raises ``need_key``; the
    runner then sleeps on the keyboard and resumes the CPU at the same
    instruction, which calls CONIN again. So a program waiting for a key
    costs nothing, and the machine can be stopped while it waits.
    """

    def __init__(self, owner: Machine, drives: list[DiskDrive]) -> None:
        self._owner = owner
        self.need_key = False
        self.warm_boots = 0
        super().__init__(drives=drives, console_reader=owner.keyboard_reader,
                         console_writer=owner.terminal, speed_mhz=None)

    def on_conin(self) -> None:
        key = self._owner.keyboard.get()
        if key is None:
            self.need_key = True
            return
        self.a = key

    def on_const(self) -> None:
        # The BIOS reports console status as a whole byte: all ones for
        # ready, all zeros for not (CP/M 2.2 Alteration Guide, CONST).
        self.a = 0xFF if self._owner.keyboard.ready() else 0

    def on_list(self) -> None:
        # BIOS LIST: the character in C goes to the printer.
        self._owner.printer.output(self.c)

    def on_listst(self) -> None:
        # BIOS LISTST: the printer is always ready (0FFh).
        self.a = 0xFF

    def on_wboot(self) -> None:
        self.warm_boots += 1
        super().on_wboot()
        self._owner._on_warm_boot()


class _KeyboardReader:
    """cpm80's ConsoleReader protocol over our Keyboard (used by its helpers)."""

    def __init__(self, keyboard: Keyboard) -> None:
        self._keyboard = keyboard

    def input(self) -> int | None:
        return self._keyboard.get()

    def ready(self) -> bool:
        return self._keyboard.ready()


class Machine:
    """One stop's computer: CPU, CP/M, drive A:, screen and keyboard.

    ``start`` runs the CPU in its own thread, in slices of emulated time
    (1/50 s each) paced against the wall clock at the profile's clock rate,
    or flat out when the profile has no clock. Our own stop flag is checked
    between slices, so even a program spinning without any I/O can be
    stopped. Reports (a program exiting, a crash) go to ``events``.
    """

    SLICES_PER_SECOND = 50
    # Flat out, a slice is this many T-states: short enough to notice the
    # stop flag within milliseconds, long enough to cost nothing.
    TURBO_SLICE = 200_000

    def __init__(self, profile: Profile, programs: Mapping[str, bytes] | None = None) -> None:
        self.profile = profile
        self.terminal = Terminal(profile.cols, profile.rows, adm3a=profile.terminal == "adm3a")
        self.keyboard = Keyboard()
        self.keyboard_reader = _KeyboardReader(self.keyboard)
        self.printer = Printer()
        self.events: queue.SimpleQueue[Report] = queue.SimpleQueue()
        files = {f"{name}.COM": data for name, data in (programs or {}).items()}
        self._stop = threading.Event()
        self._waiting = threading.Event()     # set while the program waits for a key
        self._thread: threading.Thread | None = None
        self.ticks = 0                         # T-states run since power-on
        self.run_seconds = 0.0                 # wall time spent running them
        self.error: str | None = None
        self._booted = False
        self.cpu = _CPM(self, [make_drive(files)])
        self._booted = True
        if profile.boot:
            self.keyboard.put(profile.boot.encode("ascii") + b"\r")

    # -- control ------------------------------------------------------

    def start(self) -> None:
        """Power on: run the CPU in its own thread."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"z80-{self.profile.name}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the CPU thread and wait for it to end."""
        self._stop.set()
        self.keyboard.wake()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

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

    @property
    def waiting_for_key(self) -> bool:
        return self._waiting.is_set()

    @property
    def effective_mhz(self) -> float:
        """Emulated T-states per second of wall time spent running (not waiting)."""
        return self.ticks / self.run_seconds / 1e6 if self.run_seconds else 0.0

    # -- the CPU thread -------------------------------------------------

    def _on_warm_boot(self) -> None:
        # A program returned to CP/M. The exhibit never leaves a visitor
        # at a bare A> prompt: the stop's program is typed again.
        if not self._booted:
            return
        self.events.put(Report(MachineEvent.PROGRAM_EXITED))
        if self.profile.restart and self.profile.boot:
            self.keyboard.clear()
            self.keyboard.put(self.profile.boot.encode("ascii") + b"\r")

    def _run(self) -> None:
        try:
            self._loop()
        except Exception as e:  # anything the emulation raises is reported, not lost
            self.error = f"{type(e).__name__}: {e}"
            self.events.put(Report(MachineEvent.CRASHED, self.error))
        finally:
            self.terminal.flush()
            self.events.put(Report(MachineEvent.STOPPED))

    def _loop(self) -> None:
        cpu = self.cpu
        mhz = self.profile.mhz
        slice_ticks = round(mhz * 1e6 / self.SLICES_PER_SECOND) if mhz else self.TURBO_SLICE
        slice_period = 1 / self.SLICES_PER_SECOND
        run_cpu = z80.Z80Machine.run
        breakpoint_hit = cpu._BREAKPOINT_HIT
        due = time.monotonic()
        while not self._stop.is_set():
            started = time.perf_counter()
            cpu.ticks_to_stop = slice_ticks
            while cpu.ticks_to_stop:
                events = run_cpu(cpu)
                if events & breakpoint_hit:
                    addr = cpu.pc
                    cpu.on_breakpoint()
                    if cpu.need_key:
                        break
                    # Breakpoints catch before the marked instruction runs;
                    # a handled one is stepped over unless the handler moved
                    # the program counter (as cpm80's own loop does).
                    if cpu.pc == addr:
                        cpu.step_over_breakpoint()
            left = cpu.ticks_to_stop
            self.ticks += slice_ticks - left
            self.run_seconds += time.perf_counter() - started
            self.terminal.flush()

            if cpu.need_key:
                cpu.need_key = False
                if not self.keyboard.ready():
                    self._waiting.set()
                    self.keyboard.wait()
                    self._waiting.clear()
                # Time spent waiting is not owed to the program.
                due = time.monotonic()
                continue

            if mhz:
                due += slice_period
                now = time.monotonic()
                if now < due:
                    # Sleep off the slice, waking early for a stop request.
                    self._stop.wait(due - now)
                elif now - due > slice_period:
                    # Fell behind (a busy host): do not try to catch up.
                    due = now
