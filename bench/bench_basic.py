"""Exhibit BASIC's loop benchmark, timed in emulated T-states.

    PYTHONPATH=. python bench/bench_basic.py

Types ``10 FOR I=1 TO 1000: NEXT I`` (the first Rugg/Feldman benchmark's
empty loop) into BASIC, runs it, and counts the Z80 T-states from RETURN
after RUN to BASIC waiting at its prompt again. The same count for an
empty program (``10 REM``) is taken off, leaving the loop's own cost.
T-states are the emulated machine's own clock, so the figure does not
depend on the host: seconds = T-states / clock. The clocks are the zx80
stop's (3.25 MHz, the ZX80's) and the bbc stop's (6 MHz, Acorn's Z80
second processor). Benchmarks print; tests never time anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import roms
from emulator import Machine, Profile

LOOP = ["10 FOR I=1 TO 1000: NEXT I"]

# What the real machines took for the same loop (benchmark 1 of the
# Rugg/Feldman tests, which Personal Computer World ran in its reviews).
# BBC Micro: 0.8 s, from the results table of the Wikipedia article
# "Rugg/Feldman benchmarks" (quoted in the Retro Computing Forum thread
# "Retro benchmarking: BASIC vs BCPL (sort of)"). ZX80: that table lists
# the integer-only ZX80 too, but no copy of its figure could be read while
# writing this, so none is given rather than one from memory.
HISTORY = {"BBC Micro (2 MHz 6502, BBC BASIC)": 0.8}
EMPTY = ["10 REM"]


def run_ticks(listing: list[str], look: str = "BBC") -> int:
    """T-states BASIC spends on RUN for the listing (flat out, then counted)."""
    cols, rows = (32, 24) if look == "ZX80" else (40, 25)
    profile = Profile(programs=("BASIC",), boot=f"BASIC {look}", mhz=None, cols=cols, rows=rows)
    machine = Machine(profile, {"BASIC": roms.load_program("BASIC")})
    machine.start()
    try:
        assert machine.wait_for_input()
        machine.type("".join(line + "\r" for line in listing) + "RUN")
        assert machine.wait_for_input()
        # The machine counts T-states slice by slice; a slice ends as the
        # program waits for a key, so at a wait the count is exact.
        before = machine.ticks
        machine.type("\r")
        assert machine.wait_for_input(60)
        return machine.ticks - before
    finally:
        machine.stop()


def main() -> None:
    loop = run_ticks(LOOP)
    empty = run_ticks(EMPTY)
    net = loop - empty
    print("Exhibit BASIC, 10 FOR I=1 TO 1000: NEXT I")
    print(f"  T-states for RUN: {loop:,} (empty program {empty:,}); the loop alone {net:,}")
    print(f"  per pass of the loop: {net / 1000:,.0f} T-states")
    for name, mhz in (("zx80 stop", 3.25), ("bbc stop", 6.0)):
        print(f"  at {mhz} MHz ({name}): {net / (mhz * 1e6):.3f} s")
    zx = run_ticks(LOOP, "ZX80") - run_ticks(EMPTY, "ZX80")
    print(f"  (the ZX80 look runs the same code: {zx:,} T-states)")
    print("The real machines, same loop (Rugg/Feldman benchmark 1):")
    for machine, seconds in HISTORY.items():
        print(f"  {machine}: {seconds} s")
    print("  Sinclair ZX80 (3.25 MHz Z80, 4K integer BASIC): no citable figure found")


if __name__ == "__main__":
    main()
