"""Benchmark the machine room: overhead, console speed, pacing, idle cost, reset.

    PYTHONPATH=. python bench/bench_emulator.py [--quick]

Prints the median of several runs for each of the five figures issue 3
asks for, and a sixth, the memory each booted machine holds (a storm of
stops on a kiosk builds one at each), next to its goal, and the host's
load average before and after (the machine may be shared: a busy host
slows every figure but pacing).
Not a test: nothing here fails, it measures.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import z80

import roms
from emulator import Machine, MachineEvent, Profile

ORG = 0x100


class Asm:
    """Just enough of a Z80 assembler for the benchmark programs: bytes and labels."""

    def __init__(self) -> None:
        self.code = bytearray()
        self.labels: dict[str, int] = {}
        self.fixups: list[tuple[int, str, str]] = []

    def here(self) -> int:
        return ORG + len(self.code)

    def label(self, name: str) -> None:
        self.labels[name] = self.here()

    def op(self, *data: int) -> None:
        self.code.extend(data)

    def word(self, op: int, label: str) -> None:        # op nn (absolute)
        self.code.append(op)
        self.fixups.append((len(self.code), label, "abs"))
        self.code.extend(b"\0\0")

    def jr(self, op: int, label: str) -> None:           # op e (relative)
        self.code.append(op)
        self.fixups.append((len(self.code), label, "rel"))
        self.code.append(0)

    def data(self, raw: bytes) -> None:
        self.code.extend(raw)

    def build(self) -> bytes:
        for at, label, kind in self.fixups:
            target = self.labels[label]
            if kind == "abs":
                self.code[at:at + 2] = target.to_bytes(2, "little")
            else:
                self.code[at] = (target - (ORG + at + 1)) & 0xFF
        return bytes(self.code)


def compute_program() -> bytes:
    """Adds, loads and stores over a 256-byte table forever: no I/O at all."""
    a = Asm()
    a.label("start")
    a.word(0x21, "table")          # LD HL,table
    a.op(0x06, 0x00)               # LD B,0
    a.label("loop")
    a.op(0x7E)                     # LD A,(HL)
    a.op(0x80)                     # ADD A,B
    a.op(0x77)                     # LD (HL),A
    a.op(0x23)                     # INC HL
    a.jr(0x10, "loop")             # DJNZ loop
    a.word(0xC3, "start")          # JP start
    a.label("table")
    a.data(bytes(256))
    return a.build()


def console_program(lines: int) -> bytes:
    """Prints ``lines`` lines of 78 characters through BIOS CONOUT, then returns."""
    a = Asm()
    a.op(0x2A, 0x01, 0x00)         # LD HL,(0001h)   the BIOS WBOOT entry
    a.op(0x11, 0x09, 0x00)         # LD DE,9         CONOUT = WBOOT + 9
    a.op(0x19)                     # ADD HL,DE
    a.word(0x22, "patch")          # LD (patch),HL   the CALL below goes there
    a.op(0x01, lines & 0xFF, lines >> 8)   # LD BC,lines
    a.label("outer")
    a.word(0x21, "msg")            # LD HL,msg
    a.label("inner")
    a.op(0x7E)                     # LD A,(HL)
    a.op(0xB7)                     # OR A
    a.jr(0x28, "next")             # JR Z,next
    a.op(0xE5, 0xC5, 0x4F)         # PUSH HL ; PUSH BC ; LD C,A
    a.op(0xCD)                     # CALL CONOUT (patched)
    a.label("patch")
    a.op(0x00, 0x00)
    a.op(0xC1, 0xE1, 0x23)         # POP BC ; POP HL ; INC HL
    a.jr(0x18, "inner")            # JR inner
    a.label("next")
    a.op(0x0B, 0x78, 0xB1)         # DEC BC ; LD A,B ; OR C
    a.jr(0x20, "outer")            # JR NZ,outer
    a.op(0xC9)                     # RET
    a.label("msg")
    a.data(b"The quick brown fox jumps over the lazy dog; pack my box with jugs 0123456"
           b"\r\n\0")
    return a.build()


def poll_program() -> bytes:
    """Polls BIOS CONST forever, the way a game or a 'press any key' loop waits."""
    a = Asm()
    a.op(0x2A, 0x01, 0x00)         # LD HL,(0001h)
    a.op(0x11, 0x03, 0x00)         # LD DE,3         CONST = WBOOT + 3
    a.op(0x19)                     # ADD HL,DE
    a.word(0x22, "patch")          # LD (patch),HL
    a.label("loop")
    a.op(0xCD)                     # CALL CONST (patched)
    a.label("patch")
    a.op(0x00, 0x00)
    a.op(0xB7)                     # OR A
    a.jr(0x28, "loop")             # JR Z,loop
    a.op(0xC9)                     # RET
    return a.build()


def machine(program: bytes, mhz: float | None) -> Machine:
    return Machine(Profile(mhz=mhz, programs=("B",), boot="B", restart=False), {"B": program})


def median(runs: int, measure: Callable[[], float]) -> tuple[float, list[float]]:
    values = [measure() for _ in range(runs)]
    return statistics.median(values), values


# -- 1. overhead --------------------------------------------------------------

# Both sides are measured in emulated MHz per second of this process's
# CPU time (the runner's main thread only sleeps meanwhile), so other work
# on a shared host does not tilt the ratio the way wall time would.

def bare_mhz(seconds: float) -> float:
    cpu = z80.Z80Machine()
    cpu.set_memory_block(ORG, compute_program())
    cpu.pc = ORG
    ticks = 0
    started = time.process_time()
    while time.process_time() - started < seconds:
        cpu.ticks_to_stop = 4_000_000
        while cpu.ticks_to_stop:
            cpu.run()
        ticks += 4_000_000
    return ticks / (time.process_time() - started) / 1e6


def runner_mhz(seconds: float) -> float:
    m = machine(compute_program(), None)
    m.start()
    try:
        while m.ticks == 0:                    # booted and into the program
            time.sleep(0.01)
        time.sleep(0.2)
        t0, c0 = m.ticks, time.process_time()
        time.sleep(seconds)
        return (m.ticks - t0) / (time.process_time() - c0) / 1e6
    finally:
        m.stop()


# -- 2. console ---------------------------------------------------------------

def console_cps(lines: int, cpu_seconds: list[float]) -> float:
    """Characters a second of wall time; also notes them per second of this process's CPU."""
    m = machine(console_program(lines), None)
    m.start()
    try:
        started, cpu = time.perf_counter(), time.process_time()
        report = m.wait_for_event(MachineEvent.PROGRAM_EXITED, timeout=120)
        took = time.perf_counter() - started
        assert report is not None, "the console program did not finish"
        cpu_seconds.append(m.terminal.bytes_out / (time.process_time() - cpu))
        return m.terminal.bytes_out / took
    finally:
        m.stop()


def terminal_cps(lines: int) -> float:
    """The floor: the same text fed straight to the Terminal (pyte), no Z80 at all."""
    from emulator import Terminal

    text = console_program(1)[-81:-1] * lines
    t = Terminal(80, 24)
    started = time.perf_counter()
    for c in text:
        t.output(c)
    t.flush()
    return len(text) / (time.perf_counter() - started)


# -- 3. pacing ----------------------------------------------------------------

def paced_mhz(mhz: float, seconds: float) -> float:
    m = machine(compute_program(), mhz)
    m.start()
    try:
        while m.ticks == 0:
            time.sleep(0.01)
        time.sleep(0.3)
        t0, w0 = m.ticks, time.monotonic()
        time.sleep(seconds)
        return (m.ticks - t0) / (time.monotonic() - w0) / 1e6
    finally:
        m.stop()


# -- 4. idle --------------------------------------------------------------------

def cpu_percent(m: Machine, seconds: float) -> float:
    """Share of one core the whole process used over the interval."""
    c0, w0 = time.process_time(), time.monotonic()
    time.sleep(seconds)
    return 100 * (time.process_time() - c0) / (time.monotonic() - w0)


def waiting_percent(seconds: float) -> float:
    m = Machine(Profile(mhz=4.0, programs=("MEMO",), boot="MEMO"),
                {"MEMO": roms.load_program("MEMO")})
    m.start()
    try:
        assert m.wait_for_input()
        return cpu_percent(m, seconds)
    finally:
        m.stop()


def polling_percent(seconds: float) -> float:
    m = machine(poll_program(), 4.0)
    m.start()
    try:
        while m.ticks < 400_000:
            time.sleep(0.01)
        return cpu_percent(m, seconds)
    finally:
        m.stop()


def turbo_polling_percent(seconds: float) -> float:
    """CONST polled flat out with no key coming: the machine should sleep until a key."""
    m = machine(poll_program(), None)
    m.start()
    try:
        time.sleep(0.5)
        return cpu_percent(m, seconds)
    finally:
        m.stop()


def bbc_turbo_percent(seconds: float) -> float:
    """Our BASIC at the bbc stop's > prompt, as ``exhibit run --stop bbc --turbo`` runs it."""
    from exhibit.commands.run import machine_from_args

    m, _ = machine_from_args(argparse.Namespace(
        program=None, tail=[], org=None, mhz=None, run_turbo=True, mount=None,
        run_stop="bbc", content=None, run_break=None))
    m.start()
    try:
        assert m.wait_for_text(">")
        time.sleep(0.5)
        return cpu_percent(m, seconds)
    finally:
        m.stop()


# -- 5. reset -------------------------------------------------------------------

def reset_ms(times: int) -> list[float]:
    m = Machine(Profile(mhz=4.0, programs=("MEMO",), boot="MEMO"),
                {"MEMO": roms.load_program("MEMO")})
    m.start()
    took = []
    try:
        assert m.wait_for_input()
        for n in range(times):
            m.type(f"Visitor {n}\rSomeone\r")
            assert m.wait_for_input()
            started = time.perf_counter()
            m.reset()
            took.append((time.perf_counter() - started) * 1000)
            assert m.wait_for_input()
            assert not m.terminal.contains("Visitor")
    finally:
        m.stop()
    return took


# -- 6. memory ------------------------------------------------------------------

def machine_mb(count: int) -> float:
    """Resident memory each booted MEMO machine adds, ``count`` of them alive at once
    (a storm of stops builds one at each): its CPU, disk, screen and snapshots.

    Measured in a fresh process: in this one, the pages the earlier figures
    freed would be reused and hide the machines.
    """
    child = subprocess.run([sys.executable, __file__, "--machine-memory", str(count)],
                           capture_output=True, text=True, check=True)
    return float(child.stdout)


def _machine_mb_here(count: int) -> float:
    from exhibit.kiosk import resident_mb  # the kiosk's own reading of /proc

    def memo() -> Machine:
        m = Machine(Profile(mhz=None, programs=("MEMO",), boot="MEMO"),
                    {"MEMO": roms.load_program("MEMO")})
        m.start()
        assert m.wait_for_input()
        return m

    first = memo()          # the program's image and the code paths, once
    machines = [first]
    try:
        gc.collect()
        before = resident_mb()
        machines += [memo() for _ in range(count)]
        gc.collect()
        after = resident_mb()
        if before is None or after is None:
            raise OSError("this system has no /proc to read resident memory from")
        return (after - before) / count
    finally:
        for m in machines:
            m.stop()


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter runs")
    parser.add_argument("--machine-memory", type=int, help=argparse.SUPPRESS)  # figure 6's child
    args = parser.parse_args(argv)
    if args.machine_memory:
        print(f"{_machine_mb_here(args.machine_memory):.4f}")
        return 0
    runs = 3 if args.quick else 5
    span = 1.0 if args.quick else 2.0
    print(f"bench_emulator: {load()} (before)")

    # Bare and runner runs alternate, so a change in the host's load hits
    # both sides of a pair alike; the ratio is the median of the pairs'.
    bares, ourss = [], []
    for _ in range(runs):
        bares.append(bare_mhz(span))
        ourss.append(runner_mhz(span))
    bare, ours = statistics.median(bares), statistics.median(ourss)
    ratio = statistics.median(o / b for o, b in zip(ourss, bares, strict=True))
    print(f"1. compute-bound, per CPU-second: runner {ours:,.1f} MHz vs bare z80 core "
          f"{bare:,.1f} MHz: "
          f"ratio {ratio:.3f} (goal >= 0.90) {'ok' if ratio >= 0.90 else 'MISSED'}")
    print(f"   runs: runner {', '.join(f'{v:.0f}' for v in ourss)}; "
          f"bare {', '.join(f'{v:.0f}' for v in bares)}")

    lines = 2500 if args.quick else 5000
    per_cpu: list[float] = []
    cps, cpss = median(runs, lambda: console_cps(lines, per_cpu))
    floor, _ = median(runs, lambda: terminal_cps(lines))
    print(f"2. console into pyte, flat out: {cps:,.0f} characters/s "
          f"(goal >= 100,000) {'ok' if cps >= 100_000 else 'MISSED'}")
    print(f"   runs: {', '.join(f'{v:,.0f}' for v in cpss)}; per CPU-second of the process "
          f"(load-proof): {statistics.median(per_cpu):,.0f}; the Terminal (pyte) alone, "
          f"no Z80: {floor:,.0f}")

    pace_span = 2.0 if args.quick else 5.0
    pace, paces = median(3, lambda: paced_mhz(4.0, pace_span))
    error = abs(pace - 4.0) / 4.0 * 100
    print(f"3. asked 4.0 MHz over {pace_span:g} s: achieved {pace:.4f} MHz, {error:.2f} % off "
          f"(goal within 2 %) {'ok' if error <= 2 else 'MISSED'}")
    print(f"   runs: {', '.join(f'{v:.4f}' for v in paces)}")

    wait, waits = median(3, lambda: waiting_percent(span + 1))
    poll, polls = median(3, lambda: polling_percent(span + 1))
    print(f"4. CPU while waiting for a key: {wait:.2f} % of a core (goal <= 1 %) "
          f"{'ok' if wait <= 1 else 'MISSED'}")
    print(f"   CPU while polling CONST at 4 MHz: {poll:.2f} % of a core (goal <= 10 %) "
          f"{'ok' if poll <= 10 else 'MISSED'}")
    print(f"   runs: waiting {', '.join(f'{v:.2f}' for v in waits)}; "
          f"polling {', '.join(f'{v:.2f}' for v in polls)}")
    tpoll, tpolls = median(3, lambda: turbo_polling_percent(span + 1))
    bbc, bbcs = median(3, lambda: bbc_turbo_percent(span + 1))
    print(f"   CPU while polling CONST flat out (--turbo), no key coming: {tpoll:.2f} % of a "
          f"core (goal <= 5 %) {'ok' if tpoll <= 5 else 'MISSED'}")
    print(f"   CPU at BBC BASIC's > prompt, run --stop bbc --turbo: {bbc:.2f} % of a core "
          f"(goal <= 5 %) {'ok' if bbc <= 5 else 'MISSED'}")
    print(f"   runs: turbo polling {', '.join(f'{v:.2f}' for v in tpolls)}; "
          f"bbc {', '.join(f'{v:.2f}' for v in bbcs)}")

    resets = reset_ms(11 if args.quick else 21)
    med = statistics.median(resets)
    print(f"5. reset of a running MEMO: median {med:.2f} ms, worst {max(resets):.2f} ms "
          f"of {len(resets)} (goal <= 50 ms) {'ok' if med <= 50 else 'MISSED'}")
    per, pers = median(3, lambda: machine_mb(20))
    print(f"6. memory: {per:.2f} MB resident for each booted MEMO machine, 20 alive at once "
          f"(goal <= 1 MB) {'ok' if per <= 1 else 'MISSED'}")
    print(f"   runs: {', '.join(f'{v:.2f}' for v in pers)}")
    print(f"bench_emulator: {load()} (after)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
