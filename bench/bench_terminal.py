"""Benchmark the terminal widget: throughput, key echo latency, idle CPU.

    PYTHONPATH=. python bench/bench_terminal.py [--seconds N]

Prints, from one run:

* throughput: characters per second that reach pyte and the widget while
  frames keep painting, two ways: a real Z80 program printing flat out
  (tests/z80/flood.mac through CP/M's BIOS CONOUT), and a host thread
  feeding the terminal as fast as Python can (the widget's own ceiling).
  Goal >= 100,000 chars/s with frames still painting.
* keystroke to echo on the widget, median and p95, at the memo stop at
  its era clock (goal p95 <= 50 ms), and the same while the flood pours.
* CPU of the whole app (all threads) while the stop's program waits for a
  key (goal <= 2 % of a core).

The app runs headless under Textual's pilot. Keys are sent as the
terminal driver sends them (a Key event posted to the app); the pilot's
own ``press`` waits for the process to go idle after each key, which
would time the pilot rather than the widget.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from textual import events

from emulator import Machine, Profile
from exhibit.app import ExhibitApp
from exhibit.screens.stop import StopScreen
from exhibit.widgets.terminal import TerminalView
from roms import build
from timeline import load_timeline

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def build_flood() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lib = build.build_library(work)
        rel = build._assemble(ROOT / "tests" / "z80" / "flood.mac", work)
        com = work / "FLOOD.COM"
        build._tool("ul80", "-o", com, rel, lib, cwd=work)
        return com.read_bytes()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def row_text(view: TerminalView, y: int) -> str:
    return view.render_line(y).text


async def until(predicate, timeout: float = 10.0, step: float = 0.0005) -> float | None:
    """Seconds until the predicate holds, polling the event loop; None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        await asyncio.sleep(step)
    return None


def summary(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{name}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms (n={len(ms)})"


def bare_flood_rate(flood: bytes, seconds: float) -> float:
    """The flood's chars/s with no app at all: what the emulator alone manages."""
    machine = Machine(Profile(mhz=None, programs=("FLOOD",), boot="FLOOD", restart=False),
                      {"FLOOD": flood})
    machine.start()
    try:
        time.sleep(0.5)
        out0, t0 = machine.terminal.bytes_out, time.perf_counter()
        time.sleep(seconds)
        return (machine.terminal.bytes_out - out0) / (time.perf_counter() - t0)
    finally:
        machine.stop()


async def flood_run(flood: bytes, seconds: float, bare: float) -> None:
    stops = load_timeline()
    machine = Machine(Profile(mhz=None, programs=("FLOOD",), boot="FLOOD", restart=False),
                      {"FLOOD": flood})
    app = ExhibitApp(stops, turbo=True)
    async with app.run_test(size=(140, 36)) as pilot:
        await app.push_screen(StopScreen(stops[0], lambda program: machine))
        view = app.screen.query_one(TerminalView)
        await until(lambda: "FLOOD" in row_text(view, 3))
        out0, frames0, t0 = machine.terminal.bytes_out, view.frames, time.perf_counter()
        await asyncio.sleep(seconds)
        dt = time.perf_counter() - t0
        chars = (machine.terminal.bytes_out - out0) / dt
        fps = (view.frames - frames0) / dt
        print(f"flood (Z80 program, CP/M CONOUT -> pyte -> widget): {chars:,.0f} chars/s, "
              f"{fps:.1f} frames/s painted, ratio to goal {chars / 100_000:.2f}; "
              f"the same program with no app {bare:,.0f} chars/s, ratio {chars / bare:.2f}")
        # Keys while it pours: each shows on row 1 ("KEY x").
        samples = []
        for i in range(30):
            key = "abcdefghijklmnopqrstuvwxyz"[i % 26]
            app.post_message(events.Key(key, key))
            took = await until(lambda k=key: row_text(view, 0).startswith(f"KEY {k}"))
            if took is not None:
                samples.append(took)
            await asyncio.sleep(0.02)
        print("  " + summary("keystroke to echo during the flood", samples))
        await pilot.pause()
    machine.stop()


async def feeder_run(seconds: float) -> None:
    """A host thread feeds the terminal flat out: the widget's own ceiling."""
    machine = Machine(Profile(mhz=None))
    stop = threading.Event()
    line = "".join(chr(32 + (i % 95)) for i in range(79)) + "\r\n"
    data = [ord(c) for c in line] * 100

    def feed() -> None:
        terminal = machine.terminal
        while not stop.is_set():
            for c in data:
                terminal.output(c)
            terminal.flush()

    app = ExhibitApp(load_timeline(), turbo=True)
    async with app.run_test(size=(140, 36)) as pilot:
        await app.push_screen(StopScreen(load_timeline()[0], lambda program: machine))
        machine.stop()                           # no CPU: only the feeder writes
        view = app.screen.query_one(TerminalView)
        await pilot.pause()
        thread = threading.Thread(target=feed, daemon=True)
        out0, frames0, t0 = machine.terminal.bytes_out, view.frames, time.perf_counter()
        thread.start()
        await asyncio.sleep(seconds)
        dt = time.perf_counter() - t0
        stop.set()
        thread.join()
        chars = (machine.terminal.bytes_out - out0) / dt
        fps = (view.frames - frames0) / dt
        print(f"feeder (host thread -> pyte -> widget): {chars:,.0f} chars/s, "
              f"{fps:.1f} frames/s painted, ratio to goal {chars / 100_000:.2f}")


async def echo_and_idle_run(seconds: float, blink: bool) -> None:
    app = ExhibitApp(load_timeline(), start_stop="memo")      # era clock: 4 MHz
    async with app.run_test(size=(140, 36)) as pilot:
        view = app.screen.query_one(TerminalView)
        view.cursor_blink = blink
        machine = view.machine
        await until(lambda: machine.waiting_for_key and "To:" in row_text(view, 3))
        await pilot.pause(0.5)
        if blink:
            samples = []
            for i in range(60):
                y = machine.terminal.cursor()[1]
                before = row_text(view, y)
                key = "abcdefghij"[i % 10] if i % 2 == 0 else "backspace"
                app.post_message(events.Key(key, key if len(key) == 1 else "\x08"))
                took = await until(lambda y=y, before=before: row_text(view, y) != before)
                if took is not None:
                    samples.append(took)
                await until(lambda: machine.waiting_for_key)
                await asyncio.sleep(0.03)
            print(summary("keystroke to echo at the memo stop (4 MHz)", samples)
                  + ", goal p95 <= 50 ms")
        await until(lambda: machine.waiting_for_key)
        await pilot.pause(0.5)
        c0, t0 = cpu_seconds(), time.perf_counter()
        await asyncio.sleep(seconds)
        share = (cpu_seconds() - c0) / (time.perf_counter() - t0)
        print(f"app CPU while the program waits for a key (cursor blink "
              f"{'on' if blink else 'off'}): {share * 100:.2f} % of a core, goal <= 2 %")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    try:
        flood = build_flood()
    except Exception as e:  # noqa: BLE001 - no ROM tools: say so, run the rest
        print(f"flood program not built ({e}); skipping the Z80 flood", file=sys.stderr)
        flood = b""
    if flood:
        bare = bare_flood_rate(flood, args.seconds)
        asyncio.run(flood_run(flood, args.seconds, bare))
    asyncio.run(feeder_run(args.seconds))
    asyncio.run(echo_and_idle_run(args.seconds, blink=True))
    asyncio.run(echo_and_idle_run(args.seconds, blink=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
