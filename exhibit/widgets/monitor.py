"""MonitorView: the hobbyist's monitor over a held machine (registers, code, memory, stepping).

The machine panel opens it (F7): it holds the machine, starts its history
so it can step back, and shows the registers and flags, the disassembly
around the program counter with our programs' labels and CP/M notes, and
a page of memory. Keys: s step, n step over a CALL, t run to the line
under the cursor, c continue (c again holds it), p step back, r run back
to the last breakpoint hit, k toggle a breakpoint on the cursor line,
w watch a byte for writes, m show memory at an address, g show code at an
address, Esc close. The engine is ``emulator.monitor``; nothing here runs
the CPU itself.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

import roms
from emulator import Machine
from emulator.history import ReplayDiverged
from emulator.monitor import AddressError, Monitor
from exhibit.textual_fixes import focus_now


def labels_for(machine: Machine) -> dict[int, str]:
    """The labels of whichever of our programs is in memory at 0100h now."""
    memory = machine.cpu.memory
    for name in machine.profile.programs:
        try:
            com = roms.load_program(name)
        except FileNotFoundError:
            continue
        size = min(len(com), 256)
        if bytes(memory[0x100:0x100 + size]) == com[:size]:
            return roms.load_symbols(name)
    return {}


class MonitorView(Widget, can_focus=True):
    """Registers, disassembly, memory and the stepping keys for one machine."""

    DEFAULT_CSS = """
    MonitorView {
        layout: vertical;
        height: 1fr;
        background: $surface;
        color: $text;
    }
    MonitorView #monitor-top { height: 1fr; }
    MonitorView #monitor-top > Static { height: 100%; }
    MonitorView #monitor-registers {
        width: 24;
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
    }
    MonitorView #monitor-code {
        width: 1fr;
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
    }
    MonitorView #monitor-memory {
        height: 10;
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
    }
    MonitorView #monitor-status { height: 1; padding: 0 1; color: $warning; }
    MonitorView #monitor-keys { height: 1; padding: 0 1; color: $text-muted; }
    MonitorView Input { display: none; }
    MonitorView Input.-asking { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "step", "Step"),
        Binding("n", "step_over", "Over"),
        Binding("t", "run_to_cursor", "To cursor"),
        Binding("c", "continue", "Continue"),
        Binding("p", "step_back", "Back"),
        Binding("r", "run_back", "Run back"),
        Binding("k", "toggle_breakpoint", "Break"),
        Binding("w", "ask('watch')", "Watch"),
        Binding("m", "ask('memory')", "Memory"),
        Binding("g", "ask('code')", "Go to"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("escape", "close", "Close"),
    ]
    KEYS_LINE = ("s Step  n Over  t To cursor  c Continue  p Back  r Run back  "
                 "k Break  w Watch  m Memory  g Go to  Esc Close")
    CODE_LINES = 18

    class Closed(Message):
        """The visitor closed the monitor (the machine is left as it is)."""

    def __init__(self, machine: Machine, *, labels: dict[int, str] | None = None,
                 name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.machine = machine
        self.monitor = Monitor(machine, labels if labels is not None else labels_for(machine))
        self.memory_at = 0x0100
        self.code_at: int | None = None       # None: follow the program counter
        self.cursor = 0                       # the cursor line in the disassembly
        self._lines: list[int] = []
        self._asking = ""
        self._message = ""
        self._seen: tuple[bool, int, int | None] = (False, 0, None)   # what was last drawn

    def compose(self) -> ComposeResult:
        with Horizontal(id="monitor-top"):
            yield Static(id="monitor-registers")
            yield Static(id="monitor-code")
        yield Static(id="monitor-memory")
        yield Static(id="monitor-status")
        yield Input(id="monitor-input")
        yield Static(self.KEYS_LINE, id="monitor-keys")

    def on_mount(self) -> None:
        self.query_one("#monitor-registers").border_title = "Registers"
        self.query_one("#monitor-code").border_title = "Code"
        machine = self.machine
        if machine.running and not machine.paused:
            machine.pause()
        if machine.pause():
            machine.keep_history()
            machine.settle()          # never show the CPU half way into an instruction
        self.set_interval(0.2, self._watch_machine)
        self.show()

    # -- drawing ------------------------------------------------------------

    def show(self) -> None:
        """Redraw everything from the machine (it must be held)."""
        machine, mon = self.machine, self.monitor
        if machine.running and not machine.paused:
            self.query_one("#monitor-status", Static).update("running… c holds it")
            return
        regs = Text()
        for i, (name, value) in enumerate(mon.registers()):
            width = 2 if name in ("I", "R") else 4
            regs.append(f"{name:<3} {value:0{width}X}", style="bold" if name == "PC" else "")
            regs.append("\n" if i % 2 else "  ")
        regs.append(f"\nFlags {mon.flags()}\n", style="bold")
        regs.append(f"T-states {machine.clock:,}\n")
        if machine.breakpoints:
            regs.append("Breaks " + " ".join(f"{a:04X}" for a in sorted(machine.breakpoints))
                        + "\n")
        for addr, kind in machine.watchpoints.items():
            regs.append(f"Watch {addr:04X} {kind}\n")
        self.query_one("#monitor-registers", Static).update(regs)

        pc = int(machine.cpu.pc)
        start = pc if self.code_at is None else self.code_at
        lines = mon.around(start, before=4, after=self.CODE_LINES - 4) if self.code_at is None \
            else mon.disassemble(start, self.CODE_LINES)
        self._lines = [line.addr for line in lines]
        if not self._lines:
            return
        if self.cursor >= len(self._lines):
            self.cursor = len(self._lines) - 1
        code = Text()
        for i, line in enumerate(lines):
            mark = ">" if line.addr == pc else " "
            stop = "*" if line.addr in machine.breakpoints else " "
            row = Text(f"{mark}{stop}{line.addr:04X} {line.data.hex(' ').upper():<12} "
                       f"{(line.label or ''):<9}{line.text}")
            if line.note:
                row.append(f"   ; {line.note}", style="italic")
            if line.addr == pc:
                row.stylize("reverse")
            if i == self.cursor:
                row.stylize("underline")
            code.append_text(row)
            code.append("\n")
        self.query_one("#monitor-code", Static).update(code)

        memory = self.query_one("#monitor-memory", Static)
        memory.border_title = f"Memory {self.memory_at:04X} ({mon.label_for(self.memory_at)})"
        memory.update("\n".join(mon.memory_rows(self.memory_at, 8)))
        reason = machine.stop_reason.detail if machine.stop_reason else "held"
        self.query_one("#monitor-status", Static).update(self._message or reason)

    def _say(self, text: str) -> None:
        self._message = text
        self.query_one("#monitor-status", Static).update(text)

    def _watch_machine(self) -> None:
        # A continue or run-to runs in the machine's own thread: redraw
        # when it stops (at a breakpoint, a watchpoint, or a fault).
        machine = self.machine
        running = machine.running and not machine.paused
        seen = (running, id(machine.stop_reason), None if running else machine.clock)
        if seen != self._seen or running:
            self._seen = seen
            self.code_at = None
            self.show()

    # -- actions ----------------------------------------------------------

    def _held(self) -> bool:
        machine = self.machine
        if machine.running and not machine.paused:
            self._say("the machine is running: c holds it first")
            return False
        # Stopped by a breakpoint: wait the moment it takes the CPU thread
        # to park before touching the CPU from here.
        if not machine.pause():
            self._say("the machine did not stop; try again")
            return False
        return True

    def action_step(self) -> None:
        if self._held():
            self._message = "" if self.machine.step() else "waiting for a key (type it, then c)"
            self.code_at = None
            self.show()

    def action_step_over(self) -> None:
        if self._held():
            self._message = ""
            self.monitor.step_over()
            self.code_at = None
            self.show()

    def action_run_to_cursor(self) -> None:
        if self._held() and self._lines:
            self._message = ""
            self.machine.run_to(self._lines[self.cursor])
            self.show()

    def action_continue(self) -> None:
        machine = self.machine
        if machine.running and not machine.paused:
            machine.pause()
            self._message = "held"
        else:
            self._message = ""
            if machine.running:
                machine.continue_running()
            else:
                self._say("the machine is switched off")
                return
        self.show()

    def action_step_back(self) -> None:
        if self._held():
            self._go_back(run=False)

    def action_run_back(self) -> None:
        if self._held():
            self._go_back(run=True)

    @work(thread=True, exclusive=True, group="monitor-back")
    def _go_back(self, run: bool) -> None:
        # Replaying from a checkpoint takes a moment: off the UI thread.
        machine = self.machine
        try:
            moved = machine.run_back() if run else machine.step_back()
            message = "" if moved else (
                "no breakpoint was hit before this point" if run
                else "the history does not go back further")
        except ReplayDiverged as e:
            message = f"the replay went another way ({e}); the history starts here"
        self.app.call_from_thread(self._after_back, message)

    def _after_back(self, message: str) -> None:
        self._message = message
        self.code_at = None
        self.show()

    def action_toggle_breakpoint(self) -> None:
        if not self._lines:
            return
        addr = self._lines[self.cursor]
        if addr in self.machine.breakpoints:
            self.machine.remove_breakpoint(addr)
        else:
            self.machine.add_breakpoint(addr)
        self.show()

    def action_cursor(self, delta: int) -> None:
        if self._lines:
            self.cursor = max(0, min(len(self._lines) - 1, self.cursor + delta))
            self.show()

    def action_ask(self, what: str) -> None:
        prompt = {"watch": "watch writes to (address or label, empty to clear all):",
                  "memory": "memory at (address or label):",
                  "code": "code at (address or label, $ for PC):"}[what]
        self._asking = what
        box = self.query_one("#monitor-input", Input)
        box.placeholder = prompt
        box.value = ""
        box.add_class("-asking")
        focus_now(box)

    @on(Input.Submitted, "#monitor-input")
    def _answered(self, event: Input.Submitted) -> None:
        event.stop()
        box = self.query_one("#monitor-input", Input)
        box.remove_class("-asking")
        focus_now(self)
        what, self._asking = self._asking, ""
        text = event.value.strip()
        if what == "watch" and not text:
            for addr in list(self.machine.watchpoints):
                self.machine.set_watchpoint(addr, read=False, write=False)
            self._message = "watchpoints cleared"
            self.show()
            return
        try:
            addr = self.monitor.address(text)
        except AddressError as e:
            self._say(str(e))
            return
        if what == "watch":
            self.machine.set_watchpoint(addr, write=True)
            self._message = f"watching writes to {addr:04X}"
        elif what == "memory":
            self.memory_at = addr
            self._message = ""
        else:
            self.code_at = None if text == "$" else addr
            self.cursor = 0
            self._message = ""
        self.show()

    def action_close(self) -> None:
        box = self.query_one("#monitor-input", Input)
        if box.has_class("-asking"):
            box.remove_class("-asking")
            self._asking = ""
            focus_now(self)
            return
        self.post_message(self.Closed())


class MonitorScreen(ModalScreen[None]):
    """The monitor as a screen of its own, for a mode that pushes it (F7)."""

    DEFAULT_CSS = """
    MonitorScreen { align: center middle; }
    MonitorScreen > Vertical { width: 100%; height: 100%; }
    """

    def __init__(self, machine: Machine, *, labels: dict[int, str] | None = None) -> None:
        super().__init__()
        self.machine = machine
        self.labels = labels

    def compose(self) -> ComposeResult:
        with Vertical():
            yield MonitorView(self.machine, labels=self.labels)

    def on_mount(self) -> None:
        focus_now(self.query_one(MonitorView))

    @on(MonitorView.Closed)
    def _view_closed(self) -> None:
        self.dismiss(None)
