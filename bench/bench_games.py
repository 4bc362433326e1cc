"""Host CPU while the BBC stop's games play at era speed.

    PYTHONPATH=. python bench/bench_games.py [--runs N] [--seconds S] [--demo]

Each game is booted on a paced machine (6 MHz, the clock of Acorn's Z80
second processor, 40 x 25), a game is started with SPACE and steered
with an arrow key every half second, and the process's CPU time
(time.process_time, every thread) is compared with the wall time over a
few seconds of play. The median of the runs is printed against the goal
(a game polling the keyboard at era speed: at most 10 % of one core).
With --demo the attract demo is measured too (it starts after 12 s on
the title screen, so that takes longer).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import roms
from emulator import Machine, Profile

GAMES = ("DOTCHASE", "SPADE")
GOAL = 10.0                     # per cent of one core
ARROWS = ("\x1b[C", "\x1b[A", "\x1b[D", "\x1b[B")


def machine(game: str) -> Machine:
    profile = Profile(name="bbc", mhz=6.0, cols=40, rows=25, programs=(game,), boot=game)
    m = Machine(profile, {game: roms.load_program(game)})
    m.start()
    return m


def measure(m: Machine, seconds: float, steer: bool) -> tuple[float, float]:
    """Per cent of a core, and emulated MHz, over the window."""
    cpu0, wall0, ticks0 = time.process_time(), time.perf_counter(), m.ticks
    n = 0
    while time.perf_counter() - wall0 < seconds:
        if steer:
            m.type(ARROWS[n % len(ARROWS)])
            n += 1
        time.sleep(0.5)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return 100 * cpu / wall, (m.ticks - ticks0) / wall / 1e6


def play_run(game: str, seconds: float) -> tuple[float, float]:
    m = machine(game)
    try:
        if not m.wait_for_text("Press SPACE", timeout=20):
            raise SystemExit(f"{game}: no title screen")
        m.type(" ")
        time.sleep(2.5)                  # past READY: everything moving
        return measure(m, seconds, steer=True)
    finally:
        m.stop()


def demo_run(game: str, seconds: float) -> tuple[float, float]:
    m = machine(game)
    try:
        if not m.wait_for_text("DEMO", timeout=40):
            raise SystemExit(f"{game}: the demo did not start")
        return measure(m, seconds, steer=False)
    finally:
        m.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--demo", action="store_true", help="measure the attract demo as well")
    args = parser.parse_args(argv)
    worst = 0.0
    for game in GAMES:
        if game not in roms.program_names():
            print(f"{game:9s} not built")
            continue
        kinds = [("play", play_run)] + ([("demo", demo_run)] if args.demo else [])
        for kind, run in kinds:
            results = [run(game, args.seconds) for _ in range(args.runs)]
            cpu = statistics.median(r[0] for r in results)
            mhz = statistics.median(r[1] for r in results)
            worst = max(worst, cpu)
            runs = " ".join(f"{r[0]:.1f}" for r in results)
            print(f"{game:9s} {kind}: median {cpu:5.1f} % of a core at {mhz:.2f} MHz "
                  f"(runs: {runs}; goal <= {GOAL:.0f} %)")
    print(f"worst median {worst:.1f} % -> {'OK' if worst <= GOAL else 'OVER THE GOAL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
