"""SinclairMachine: a ZX80 or ZX81 on the z80 core, with the user's own ROM.

The same outside as ``emulator.Machine`` (start, stop, pause, resume,
reset, type, ``terminal``, ``events``, ``wait_for_input``...), so the
exhibit's machine panel hosts either kind unchanged.

The hardware, and what we do instead of each part of it
-------------------------------------------------------

Memory: ROM at 0000h (4 KB on the ZX80, 8 KB on the ZX81), repeated up
to 3FFFh; RAM from 4000h, 1 KB or the 16 KB pack. Writes to ROM or to
addresses with no RAM are dropped (the core's write marks), which is how
the ROM's RAM check at power-on finds the top of memory.

The picture: neither machine has video memory. The ROM "executes" the
display file at D_FILE+8000h: the hardware feeds the CPU a NOP for every
character code (while it fetches that character's dots) and lets the
NEWLINE through as a HALT; the R register, reloaded per line, raises an
interrupt at the end of each scan line, and the interrupt routine at
0038h counts the 8 scan lines of a text row and the 24 rows. Doing that
here would mean a Python call for every character of every scan line
(300,000 a second) and an interrupt per line, which the z80 package
cannot raise from R. So we **trap the display routine** instead (a
breakpoint on the ROM's ``LD R,A; LD A,DDh; EI; JP (HL)``): at that
moment the display file is what the ROM wants shown, so we hand it to the
screen model, then do what the routine and its interrupts would have done
(walk the rows, leave HL past the last NEWLINE, B and C at zero,
interrupts off, return) and charge the T-states the scan lines take,
207 each (64 us at 3.25 MHz). The ROM's own code does everything else:
frame counting, keyboard scan, the margins.

ZX81 SLOW mode: the ZX81 computes during the top and bottom margins, the
NMI generator interrupting it once a line (every 207 T-states) while the
NMI routine (0066h) counts the margin's lines in A'. The z80 package has
no NMI, so we raise it ourselves between instructions (push PC, jump to
0066h, IFF1 off). The NMIs that only count a line (A' still negative) we
fold into one step: run the program for those lines' time less what the
NMI routine would have taken, then add the lines to A'. The NMI that ends
the margin, and the one that wakes the ROM's HALT, are raised for real.
FAST mode (NMI generator off) needs nothing: the ROM draws frames only
while it waits for a key, as on the real machine.

The ZX80 has no NMI generator: its ROM draws frames only while it waits
for a key, and the screen goes blank while it computes.

Blank screens: by default the screen keeps the last picture while the ROM
computes (kinder to a visitor's eyes). ``faithful_display=True`` blanks it
when no frame has come for two frame times, as a ZX80 (or a ZX81 in FAST
mode) flickers blank on a real television.

Keyboard: reads of any even port return the key matrix (see
``keyboard.py``); bit 6 says 50 Hz (a UK machine), bit 7 is the tape
input, idle.

Tape: LOAD and SAVE are trapped where the ROM has the program's name (or,
on the ZX80, at their start), and read or write ``.p``/``.o`` files; then
the ROM finishes as after a real load (``tape.py``).
"""

from __future__ import annotations

import dataclasses
import queue
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import z80

from emulator.machine import MachineBusy, MachineEvent, Report
from emulator.profile import Profile
from emulator.sinclair import tape
from emulator.sinclair.charset import NEWLINE, text_of
from emulator.sinclair.keyboard import ARROWS, CONTROLS, RUBOUT, Chord, Mode, SinclairKeyboard, Translator
from emulator.sinclair.rom import Rom
from emulator.sinclair.screen import SinclairScreen

MHZ = 3.25
LINE = 207                  # T-states per scan line: 64 us at 3.25 MHz
FRAME = 65_000              # T-states per 50 Hz frame
NMI_COST = 50               # the NMI routine's T-states for a line it only counts
NMI_ADDR = 0x0066
RAM_START = 0x4000
# Frames the ROM must sit in its key loop before the next typed key, so it
# has finished with the last one and its cursor mode is current.
WAIT_FRAMES = 3

# The display routine's own bytes: LD R,A ; LD A,0DDh ; EI ; JP (HL).
DISPLAY_SIGNATURE = b"\xed\x4f\x3e\xdd\xfb\xe9"
# The ZX80 loads the line count first: LD C,(IY+23h).
ZX80_LOAD_C = b"\xfd\x4e\x23"

# ZX81 system variables the machine reads (Logan and O'Hara's names).
ZX81_FLAGS = 0x4001
ZX81_MODE = 0x4006
ZX81_CDFLAG = 0x403B
D_FILE = 0x400C             # the same address on both machines
ZX80_FLAGS = 0x4001


class SinclairError(ValueError):
    """The machine cannot be built as asked; the message says why."""


@dataclasses.dataclass(frozen=True)
class NoHostServices:
    """A Sinclair has no host-services ports, so no post store: ``host.store`` is None.

    The exhibit's machine panel asks every machine for ``host.store`` (the
    social board's live thread); this is the Sinclair's answer.
    """

    store: None = None


def _weakly(method: Callable[..., Any], dead: Any) -> Callable[..., Any]:
    """A callback holding its machine weakly (the core keeps callbacks where GC cannot see)."""
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> Any:
        bound = ref()
        return dead if bound is None else bound(*args)

    return call


def _no_read(addr: int) -> int:
    return 0xFF


def _no_write(addr: int, value: int) -> None:
    return None


def find_display(rom: bytes) -> tuple[int, bool] | None:
    """Where the ROM's display routine starts, and whether it loads C itself (the ZX80's)."""
    at = rom.find(DISPLAY_SIGNATURE)
    if at < 0:
        return None
    if at >= 3 and rom[at - 3:at] == ZX80_LOAD_C:
        return at - 3, True
    return at, False


@dataclasses.dataclass
class _Snapshot:
    state: bytes
    screen: object
    nmi_on: bool
    nmi_due: int
    ticks: int


class _CPU(z80.Z80Machine):
    def __del__(self) -> None:
        try:
            self.set_read_callback(_no_read)
            self.set_write_callback(_no_write)
            self.set_input_callback(_no_read)
            self.set_output_callback(_no_write)
        except Exception:
            pass


class SinclairMachine:
    """A ZX80 or ZX81: CPU, ROM, RAM, display file, key matrix, tape traps, in a thread."""

    SLICES_PER_SECOND = 50

    def __init__(self, rom: Rom, *, ram_kb: int = 1, program: Path | None = None,
                 mount: Path | None = None, type_text: str = "",
                 faithful_display: bool = False, mhz: float | None = MHZ) -> None:
        if ram_kb not in (1, 2, 16):
            raise SinclairError(f"--ram takes 1, 2 or 16 (KB), not {ram_kb}")
        self.rom = rom
        self.model = rom.model
        self.layout = rom.layout
        self.ram_kb = ram_kb
        self.ram_top = RAM_START + ram_kb * 1024
        self.mount = mount
        self.faithful_display = faithful_display
        self.profile = Profile(name=self.model, mhz=mhz, cols=32, rows=24, theme="zx80",
                               backspace="del", restart=False)
        self.terminal = SinclairScreen(self.model)
        self.keyboard = SinclairKeyboard(Translator(self.model, rom.data, rom.layout))
        self.events: queue.SimpleQueue[Report] = queue.SimpleQueue()
        self._listener: Callable[[Report], None] | None = None
        self.host = NoHostServices()
        self.notices: list[str] = [rom.warning] if rom.warning else []
        self.tape: bytes | None = None
        self.tape_name = ""
        if program is not None:
            try:
                self.tape = tape.read_program(program, self.model, self.ram_top)
            except tape.TapeError as e:
                raise SinclairError(str(e)) from None
            self.tape_name = program.stem
        display = find_display(rom.data)
        if display is None:
            raise SinclairError(f"{rom.name}: no display routine found in it, so it cannot "
                                "show a picture; is it really a ZX80/ZX81 ROM?")
        self._display_at, self._display_loads_c = display
        self._stop = threading.Event()
        self._poke = threading.Event()
        self._parked = threading.Event()
        self._control = threading.Condition()
        self._paused = False
        self._thread: threading.Thread | None = None
        self.ticks = 0
        self.run_seconds = 0.0
        self.error: str | None = None
        self.fault: Report | None = None
        self.nmi_on = False
        self._nmi_due = LINE
        self._nmi_fresh = False         # turned on during the run just done
        self._unrun = 0                 # T-states of a run cut short that were not run
        self._last_frame_tick = 0
        self._frame_pc = -1              # where the program was when the last frame was drawn
        self._waiting = False
        self._waiting_frames = 0
        self.saved: list[Path] = []
        self.loaded: list[str] = []
        self.cpu = _CPU()
        # The T-states left in the core's current run (z80's Z80State bytes 16-19).
        self._ticks_left = self.cpu.get_state_view()[16:20].cast("I")
        self._power_up()
        memory = self.cpu.memory
        assert isinstance(memory, memoryview)
        self._mem: memoryview = memory          # all 64 KB, as the core holds it
        self._power_on = self._capture()
        self._ready: _Snapshot | None = None
        self._boot_text = self._boot_keys(type_text)
        self._type_boot()

    # -- building --------------------------------------------------------

    def _power_up(self) -> None:
        cpu = self.cpu
        rom = self.rom.data
        image = bytearray(b"\xff" * 0x10000)
        for base in range(0, RAM_START, len(rom)):
            image[base:base + len(rom)] = rom
        image[RAM_START:self.ram_top] = bytes(self.ram_top - RAM_START)
        cpu.set_memory_block(0, bytes(image))
        # ROM and empty address space drop writes (the write callback ignores them).
        cpu.mark_addrs(0, RAM_START, z80.Z80Machine.WRITE_MARK)
        if self.ram_top < 0x10000:
            cpu.mark_addrs(self.ram_top, 0x10000 - self.ram_top, z80.Z80Machine.WRITE_MARK)
        cpu.set_write_callback(_no_write)
        cpu.set_input_callback(_weakly(self._port_in, 0xFF))
        cpu.set_output_callback(_weakly(self._port_out, None))
        cpu.set_breakpoint(self._display_at)
        if self.layout is not None:
            cpu.set_breakpoint(self.layout.load)
            cpu.set_breakpoint(self.layout.save)
        cpu.pc = 0
        cpu.sp = 0xFFFF

    def _boot_keys(self, type_text: str) -> str:
        text = ""
        if self.tape is not None:
            # The program given on the command line is the tape in the
            # recorder: LOAD it as a user would (a ZX80 program then RUNs).
            text = 'LOAD ""\n' if self.model == "zx81" else "LOAD\nRUN\n"
        if type_text:
            text += type_text if type_text.endswith("\n") else type_text + "\n"
        return text

    def _type_boot(self) -> None:
        if self._boot_text:
            self.keyboard.type_text(self._boot_text)

    @property
    def title(self) -> str:
        # Short enough for the border of a 32-column screen; the ROM's full
        # name is in ``rom.name``.
        return f"{self.model.upper()} · {self.ram_kb} KB RAM"

    # -- ports ---------------------------------------------------------

    def _port_in(self, addr: int) -> int:
        if addr & 1:
            return 0xFF
        # Keys on D0-D4; D5 high; D6 high for a 50 Hz (UK) machine; D7 the
        # tape input, idle high.
        return 0xE0 | self.keyboard.read(addr >> 8)

    def _port_out(self, addr: int, value: int) -> None:
        if self.model != "zx81":
            return
        # ZX81: writing to a port with A0 low (FEh) starts the NMI generator,
        # with A1 low (FDh) stops it.
        if not addr & 1:
            if not self.nmi_on:
                self.nmi_on = True
                self._nmi_fresh = True
                self._nmi_due = LINE
                self._stop_run()
        elif not addr & 2:
            if self.nmi_on:
                self.nmi_on = False
                self._stop_run()

    def _stop_run(self) -> None:
        # Have the core return after this instruction, so the runner
        # replans with the NMI generator's new state.
        left = self._ticks_left[0]
        if left > 1:
            self._unrun += left - 1
            self._ticks_left[0] = 1

    # -- control -------------------------------------------------------

    def listen(self, listener: Callable[[Report], None] | None) -> None:
        """Push every report to ``listener`` instead of queueing it (as ``Machine.listen``).

        It is told when the ROM starts and stops waiting for a key too
        (``WAITING``, ``RUNNING``); it runs on the CPU thread, so it must
        only hand the report on.
        """
        self._listener = listener

    def _report(self, report: Report) -> None:
        listener = self._listener
        if listener is None:
            if report.event not in (MachineEvent.WAITING, MachineEvent.RUNNING,
                                    MachineEvent.PRINTED):
                self.events.put(report)
        else:
            listener(report)

    def start(self) -> None:
        """Power on (or on again after ``stop``); MachineBusy while an old thread lingers."""
        if self.running:
            if self._stop.is_set():
                raise MachineBusy("the machine's CPU thread has not stopped yet, so it cannot "
                                  "start again; wait a moment or build a fresh machine")
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"{self.model}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop the CPU thread and wait up to ``timeout`` s for it to end; True once it has."""
        self._stop.set()
        self._wake_thread()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
            self._thread = None
        return True

    def pause(self, timeout: float = 2.0) -> bool:
        with self._control:
            self._paused = True
        self._wake_thread()
        if not self.running:
            return True
        return self._parked.wait(timeout)

    def resume(self) -> None:
        with self._control:
            self._paused = False
            self._control.notify_all()

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def state(self) -> str:
        """What the machine is doing, in a visitor's words (as ``Machine.state``)."""
        fault = self.fault
        if fault is not None:
            return "halted" if fault.event is MachineEvent.HALTED else fault.event.value
        if not self.running:
            return "crashed" if self.error is not None else "off"
        if self._paused:
            return "paused"
        return "waiting for a key" if self.waiting_for_key else "running"

    def reset(self) -> None:
        """Back to the moment the ROM first waited for a key (or to power-on before that)."""
        running = self.running
        user_paused = self._paused
        if running and not self.pause():
            raise MachineBusy("the machine did not stop for the reset; stop it and start again")
        snap = self._ready
        self._restore(snap or self._power_on)
        self.keyboard.clear()
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
        self._poke.set()

    # -- typing ----------------------------------------------------------

    def type(self, keys: str | bytes) -> None:
        """Type at the keyboard.

        Text (a ``str``, or several bytes at once: a paste) is typed as
        BASIC, keywords as the single keys the ROM wants (``PRINT`` is P in
        K mode), newlines as NEWLINE. A single byte or escape sequence is
        one key from the exhibit's key map: letters, digits and symbols
        (SHIFT added as the Sinclair keyboard has them), CR as NEWLINE, BS
        or DEL as RUBOUT, the VT100 arrows as SHIFT+5-8, and Ctrl chords for
        the keys a PC has not got (``CONTROLS``: Ctrl+F is FUNCTION).
        """
        if self.waiting_for_key:
            self._report(Report(MachineEvent.RUNNING))
        self._waiting = False
        self._waiting_frames = 0
        if isinstance(keys, bytes) and len(keys) > 1 and not keys.startswith(b"\x1b"):
            # Several keys at once are a paste (the exhibit's TerminalView hands
            # a paste over in chunks; a key pressed is one byte or an escape
            # sequence): typed as BASIC, keywords and all.
            keys = keys.decode("ascii", errors="replace")
        if isinstance(keys, str):
            self.keyboard.type_text(keys)
            return
        for chord in self.chords(keys):
            self.keyboard.press(chord)

    def paste(self, text: str) -> None:
        """Pasted text, typed as BASIC (the same as ``type`` with a str)."""
        self.type(text)

    def chords(self, keys: bytes) -> list[Chord]:
        """The key chords for a run of the exhibit's key bytes (unknown bytes are left out)."""
        out: list[Chord] = []
        controls = CONTROLS[self.model]
        i = 0
        while i < len(keys):
            seq = keys[i:i + 3]
            if seq in ARROWS:
                out.append(ARROWS[seq])
                i += 3
                continue
            if keys[i:i + 4] in controls or keys[i:i + 1] in controls:
                seq = keys[i:i + 4] if keys[i:i + 4] in controls else keys[i:i + 1]
                out.append(controls[seq])
                i += len(seq)
                continue
            byte = keys[i]
            i += 1
            if byte in (0x0D, 0x0A):
                out.append(("NEWLINE",))
            elif byte in (0x08, 0x7F):
                out.append(RUBOUT)
            elif byte == 0x20:
                out.append(("SPACE",))
            else:
                chord = self._chord_for(chr(byte))
                if chord is not None:
                    out.append(chord)
        return out

    def _chord_for(self, ch: str) -> Chord | None:
        up = ch.upper()
        if len(up) == 1 and (up.isalnum() or up == "."):
            return (up,)
        for entry in self.keyboard.translator.entries:
            if entry.text == ch and len(entry.chords) == 1:
                return entry.chords[0]
        return None

    def key_help(self) -> list[str]:
        """What the host keys do on this machine, one line each (for the exhibit's F1)."""
        lines = [
            f"This is a real {self.model.upper()} running {self.rom.name}: keys work as on "
            "its keyboard, so a letter at the start of a line is a keyword (P is PRINT).",
            "Enter is NEWLINE, Backspace is RUBOUT, the arrows move the cursor; "
            "symbols get SHIFT added for you.",
        ]
        if self.model == "zx81":
            lines.append("Ctrl+F is FUNCTION, Ctrl+G GRAPHICS, Ctrl+E EDIT; SPACE is BREAK.")
        else:
            lines.append("Ctrl+E is EDIT and Home is HOME; SPACE is BREAK.")
        lines.append("Pasted text is typed as BASIC: PRINT becomes the PRINT key.")
        if self.mount is not None:
            lines.append(f"SAVE and LOAD use the folder {self.mount}.")
        return lines

    def cursor_mode(self) -> str:
        """The ROM's cursor mode (K, L or F), read from its system variables."""
        mem = self.cpu.memory
        if self.model == "zx81":
            mode = mem[ZX81_MODE]
            if mode == 1:
                return Mode.F
            return Mode.L if mem[ZX81_FLAGS] & 0x04 else Mode.K
        return Mode.K if mem[ZX80_FLAGS] & 0x04 else Mode.L

    # -- waiting (tests and the UI) ---------------------------------------

    @property
    def waiting_for_key(self) -> bool:
        """Whether every key has been typed and the ROM waits in its editor for another."""
        return self._waiting_frames >= WAIT_FRAMES and self.keyboard.idle

    def wait_for_input(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.waiting_for_key:
                return True
            if not self.running:
                return False
            time.sleep(0.01)
        return False

    def wait_for_text(self, text: str, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.terminal.text():
                return True
            time.sleep(0.01)
        return text in self.terminal.text()

    def wait_for_event(self, *kinds: MachineEvent, timeout: float = 10.0) -> Report | None:
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
    def effective_mhz(self) -> float:
        return self.ticks / self.run_seconds / 1e6 if self.run_seconds else 0.0

    @property
    def emulated_seconds(self) -> float:
        return self.ticks / (MHZ * 1e6)

    @property
    def has_snapshot(self) -> bool:
        return self._ready is not None

    # -- snapshots -----------------------------------------------------

    def _capture(self) -> _Snapshot:
        return _Snapshot(bytes(self.cpu.get_state_view()), self.terminal.snapshot(),
                         self.nmi_on, self._nmi_due, self.ticks)

    def _restore(self, snap: _Snapshot) -> None:
        self.cpu.get_state_view()[:] = snap.state
        self.terminal.restore(snap.screen)
        self.nmi_on = snap.nmi_on
        self._nmi_due = snap.nmi_due
        self._last_frame_tick = self.ticks
        self._waiting = False
        self._waiting_frames = 0

    # -- the CPU thread ----------------------------------------------------

    def _run(self) -> None:
        try:
            self._loop()
        except Exception as e:  # noqa: BLE001 -- anything the emulation raises is reported
            self.error = f"{type(e).__name__}: {e}"
            self._report(Report(MachineEvent.CRASHED, self.error, self._pc()))
        finally:
            self._report(Report(MachineEvent.STOPPED))

    def _pc(self) -> int | None:
        try:
            return int(self.cpu.pc)
        except Exception:  # noqa: BLE001
            return None

    def _hold(self) -> None:
        with self._control:
            while (self._paused or self.fault is not None) and not self._stop.is_set():
                self._parked.set()
                self._control.wait()
            self._parked.clear()

    def _loop(self) -> None:
        mhz = self.profile.mhz
        slice_ticks = round((mhz or MHZ) * 1e6 / self.SLICES_PER_SECOND)
        period = 1 / self.SLICES_PER_SECOND
        due = time.monotonic()
        owed = 0        # T-states a slice ran over (a frame's display is 40,000 at once)
        while not self._stop.is_set():
            if self._paused or self.fault is not None:
                self._hold()
                due = time.monotonic()
                continue
            started = time.perf_counter()
            owed = max(0, -self._run_ticks(slice_ticks - owed))
            self.run_seconds += time.perf_counter() - started
            if mhz:
                due += period
                now = time.monotonic()
                if now < due:
                    self._poke.wait(due - now)
                    self._poke.clear()
                elif now - due > period:
                    due = now

    def _run_ticks(self, budget: int) -> int:
        """Run the CPU for ``budget`` T-states, with the traps and NMIs on the way.

        Returns what is left of the budget: below zero when a trap (a whole
        frame's display) took it past the end, which the next slice owes.
        """
        cpu = self.cpu
        run = z80.Z80Machine.run
        step = z80.Z80Machine.step_over_breakpoint
        hit = z80.Z80Machine._BREAKPOINT_HIT
        assert sys.byteorder == "little"
        state = cpu.get_state_view()
        pc_now = state[8:10].cast("H")
        self._ticks_left = ticks_left = state[16:20].cast("I")
        batchable = self.layout is not None and self.model == "zx81"
        end = self.ticks + budget       # every T-state counts: runs, traps, NMIs
        while self.ticks < end and not self._stop.is_set() and self.fault is None:
            chunk = end - self.ticks
            counted = 0
            if self.nmi_on:
                alt_a = cpu.alt_a
                # Outside the NMI routine (0066h-006Fh) the line count is in A'.
                if (batchable and 0x80 <= alt_a < 0xFF and not cpu.halted
                        and not 0x66 <= pc_now[0] < 0x70):
                    # NMIs that only count margin lines: run through them.
                    counted = 0xFF - alt_a
                    chunk = min(chunk, self._nmi_due + counted * (LINE - NMI_COST))
                else:
                    chunk = min(chunk, self._nmi_due)
            chunk = max(chunk, 1)
            ticks_left[0] = chunk
            events = run(cpu)
            left = ticks_left[0] + self._unrun
            self._unrun = 0
            ran = chunk - left
            self.ticks += ran
            if self._nmi_fresh:
                self._nmi_fresh = False     # the first line starts at the OUT
            elif self.nmi_on:
                self._count_nmis(ran, counted)
            if events & hit:
                addr = pc_now[0]
                self.ticks += self._trap(addr)
                if pc_now[0] == addr and self.fault is None:
                    step(cpu)
            self._keys()
            if not self.nmi_on and cpu.halted and not cpu.iff1 and self.fault is None:
                pc = (cpu.pc - 1) & 0xFFFF
                self._fault(Report(MachineEvent.HALTED,
                                   f"HALT at {pc:04X}h with interrupts off and no NMI", pc))
        if (self.faithful_display and self.ticks - self._last_frame_tick > 2 * FRAME
                and not self.terminal.blank):
            self.terminal.go_blank()
        return end - self.ticks

    def _count_nmis(self, ran: int, counted: int) -> None:
        """Account for the NMIs the run went through, and raise the one now due."""
        cpu = self.cpu
        if counted:
            period = LINE - NMI_COST
            if ran < self._nmi_due:
                self._nmi_due -= ran
                return
            passed = 1 + (ran - self._nmi_due) // period
            passed = min(passed, counted)
            cpu.alt_a = (cpu.alt_a + passed) & 0xFF
            self.ticks += passed * NMI_COST
            self._nmi_due = period - (ran - self._nmi_due) % period
            if passed < counted:
                return
            self._nmi_due = 0
        else:
            self._nmi_due -= ran
        if self._nmi_due <= 0 and self.nmi_on:
            self._nmi()
            self._nmi_due += LINE

    def _nmi(self) -> None:
        # The Z80's NMI: push PC, jump to 0066h, IFF1 off (IFF2 keeps the
        # old state for RETN); it wakes a HALT, whose PC is already past it.
        cpu = self.cpu
        # The core counts a DD/FD prefix as a step of its own, and may stop
        # between it and its instruction; the Z80 takes no interrupt there
        # (the ROM's BIT n,(IY+d) would run as BIT n,(HL) after the NMI).
        # So finish the instruction first.
        for _ in range(8):
            if not cpu.int_disabled:
                break
            self._ticks_left[0] = 1
            z80.Z80Machine.run(cpu)
            self.ticks += 4
        sp = (cpu.sp - 2) & 0xFFFF
        pc = cpu.pc
        self._write_word(sp, pc)
        cpu.sp = sp
        cpu.pc = NMI_ADDR
        cpu.iff2 = cpu.iff1
        cpu.iff1 = 0
        cpu.halted = 0
        self.ticks += 11

    def _write_word(self, addr: int, value: int) -> None:
        mem = self._mem
        for i, byte in enumerate((value & 0xFF, value >> 8)):
            a = (addr + i) & 0xFFFF
            if RAM_START <= a < self.ram_top:
                mem[a] = byte

    def _word(self, addr: int) -> int:
        mem = self.cpu.memory
        return int(mem[addr & 0xFFFF]) | int(mem[(addr + 1) & 0xFFFF]) << 8

    def _fault(self, report: Report) -> None:
        self.fault = report
        self._report(report)

    def _keys(self) -> None:
        # Text goes in only once the ROM has sat in its key loop for a few
        # frames since the last key (then it has finished with that key and
        # its cursor mode is the one the next key meets), and its debounce
        # count is down to zero (else it would not take the key).
        ready = self._waiting_frames >= WAIT_FRAMES
        if ready and self.layout is not None:
            ready = self._mem[self.layout.debounce] == 0
        if self.keyboard.tick(self.ticks, ready, self.cursor_mode):
            self._waiting_frames = 0

    # -- traps -------------------------------------------------------------

    def _trap(self, addr: int) -> int:
        """Handle a breakpoint; the T-states it stood for."""
        if addr == self._display_at:
            return self._display()
        layout = self.layout
        if layout is not None and addr == layout.load:
            self._load()
        elif layout is not None and addr == layout.save:
            self._save()
        return 0

    def _display(self) -> int:
        """Do what the display routine and its line interrupts do (see the module notes)."""
        cpu = self.cpu
        mem = self.cpu.memory
        rows = cpu.b or 256
        lines_left = int(mem[self.layout.display_c_from]) if (
            self._display_loads_c and self.layout is not None
            and self.layout.display_c_from is not None) else cpu.c
        if self._display_loads_c and self.layout is None:
            lines_left = int(mem[0x4023])
        start = cpu.hl & 0x7FFF
        ptr = start
        scan_lines = 0
        row_start = ptr
        while scan_lines < 400:
            end = ptr
            while mem[end] != NEWLINE and end - ptr < 40:
                end += 1
            scan_lines += 1
            lines_left = (lines_left - 1) & 0xFF
            if lines_left == 0:
                row_start = ptr
                ptr = end + 1
                rows -= 1
                if rows == 0:
                    break
                lines_left = 8
        if cpu.b > 1:
            self._frame(bytes(mem[start:ptr]))
        # As the routine leaves things: HL past the last NEWLINE (in the
        # 8000h copy), DE the last line's start, B and C zero, Z set,
        # interrupts off (taking one clears IFF1 and IFF2), back to the caller.
        cpu.hl = ptr | 0x8000
        cpu.de = row_start | 0x8000
        cpu.b = 0
        cpu.c = 0
        cpu.f = (cpu.f & 0x01) | 0x42
        cpu.iff1 = 0
        cpu.iff2 = 0
        sp = cpu.sp
        cpu.pc = self._word(sp)
        cpu.sp = (sp + 2) & 0xFFFF
        return scan_lines * LINE

    def _frame(self, dfile: bytes) -> None:
        self._last_frame_tick = self.ticks
        self.terminal.show(dfile)
        # Where the program was when this frame was drawn: the ROM's key
        # wait loop means it waits for a key.
        layout = self.layout
        waiting = True
        if layout is not None and layout.wait_loop is not None:
            sp = self.cpu.sp
            slow = self.model == "zx81" and self.cpu.memory[ZX81_CDFLAG] & 0x80
            self._frame_pc = self._word(sp + (10 if slow else 2))
            low, high = layout.wait_loop
            waiting = low <= self._frame_pc < high
        self._waiting = waiting
        was = self.waiting_for_key
        self._waiting_frames = self._waiting_frames + 1 if waiting else 0
        now = self.waiting_for_key
        if now != was:
            self._report(Report(MachineEvent.WAITING if now else MachineEvent.RUNNING))
        if self._waiting_frames >= WAIT_FRAMES and self._ready is None and self.keyboard.idle:
            # The after-boot snapshot a reset goes back to: the ROM's first
            # wait for a key once anything typed at boot (a LOAD, --type) is in.
            self._ready = self._capture()

    def _name(self) -> str | None:
        """The ZX81's LOAD/SAVE name, as the ROM's NAME routine leaves it (None: empty)."""
        cpu = self.cpu
        if cpu.c == 0xFF:
            return None
        start = cpu.de
        length = cpu.c + 1
        return text_of(self.model, bytes(cpu.memory[start:start + length]))

    def _load(self) -> None:
        fmt = tape.FORMATS[self.model]
        name = self._name() if self.model == "zx81" else None
        data: bytes | None = None
        where = ""
        try:
            if name and self.mount is not None:
                path = tape.find(self.mount, name, self.model)
                if path is not None:
                    data = tape.read_program(path, self.model, self.ram_top)
                    where = path.name
            if data is None and self.tape is not None and (not name or
                                                           name.upper() == self.tape_name.upper()):
                data, where = self.tape, self.tape_name
            if data is None and not name and self.mount is not None and self.model == "zx80":
                files = sorted(self.mount.glob("*.o"), key=lambda p: p.stat().st_mtime)
                if files:
                    data = tape.read_program(files[-1], self.model, self.ram_top)
                    where = files[-1].name
        except (tape.TapeError, OSError) as e:
            self._notice(f"LOAD: {e}")
            data = None
        if data is None:
            # As a real machine with no tape playing: the ROM waits (BREAK stops it).
            wanted = f'"{name}"' if name else "a program"
            folder = f" in {self.mount}" if self.mount else " (no --mount folder)"
            self._notice(f"LOAD: no file for {wanted}{folder}; press SPACE (BREAK) to stop")
            return
        self._mem[fmt.start:fmt.start + len(data)] = data
        self.loaded.append(where)
        self._tape_done()

    def _save(self) -> None:
        cpu = self.cpu
        fmt = tape.FORMATS[self.model]
        if self.mount is None:
            self._notice("SAVE: no folder to save into; run with --mount DIR")
            return          # the ROM "saves" to a cassette nobody recorded
        if self.model == "zx81":
            name = self._name()
            if name is None:
                return      # the ROM reports the missing name itself
            path = self.mount / (tape.safe_name(name) + fmt.suffix)
        else:
            path = tape.next_free(self.mount, "zx80", fmt.suffix)
        end = self._word(fmt.e_line)
        data = bytes(cpu.memory[fmt.start:end])
        try:
            path.write_bytes(data)
        except OSError as e:
            self._notice(f"SAVE: cannot write {path}: {e.strerror or e}")
            return
        self.saved.append(path)
        self._tape_done()

    def _tape_done(self) -> None:
        # Go on as the ROM does after the last byte: the ZX81 through
        # SLOW/FAST (0207h) back to the statement, the ZX80 to its main loop.
        layout = self.layout
        assert layout is not None
        cpu = self.cpu
        if layout.pop_before:
            cpu.sp = (cpu.sp + 2) & 0xFFFF
        cpu.pc = layout.after_tape

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        self._report(Report(MachineEvent.NOTICE, text, self._pc()))
