"""Benchmark the Sinclair machines on your own ROMs: pacing, idle cost, speed flat out.

    EXHIBIT_ZX81_ROM=zx81.rom EXHIBIT_ZX80_ROM=zx80.rom PYTHONPATH=. python bench/bench_sinclair.py

For each ROM given: how close the paced machine keeps to 3.25 MHz over 5 s
of wall time (goal: within 2 %), the share of one core it takes while the
ROM waits for a key (the ROM polls the keyboard every frame, so this is not
zero as it is for CP/M), and how fast it runs flat out. Prints medians of
three runs. Not a test: nothing here fails, it measures.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from emulator.sinclair import SinclairMachine, load_rom

SECONDS = 5.0


def paced(rom_path: Path, model: str) -> tuple[float, float]:
    """(emulated MHz over wall time, share of a core) for a machine waiting for a key."""
    m = SinclairMachine(load_rom(rom_path, model))
    m.start()
    try:
        assert m.wait_for_input(20)
        ticks0, wall0, cpu0 = m.ticks, time.monotonic(), time.process_time()
        time.sleep(SECONDS)
        ticks1, wall1, cpu1 = m.ticks, time.monotonic(), time.process_time()
    finally:
        m.stop()
    return (ticks1 - ticks0) / (wall1 - wall0) / 1e6, (cpu1 - cpu0) / (wall1 - wall0)


def flat_out(rom_path: Path, model: str) -> float:
    """Emulated MHz flat out, with a BASIC loop running (ZX81 in SLOW mode)."""
    m = SinclairMachine(load_rom(rom_path, model), mhz=None)
    m.start()
    try:
        assert m.wait_for_input(20)
        m.type("10 GOTO 10\nRUN\n")
        while m.keyboard.ready():
            time.sleep(0.01)
        time.sleep(0.5)
        ticks0, cpu0 = m.ticks, time.process_time()
        time.sleep(SECONDS)
        ticks1, cpu1 = m.ticks, time.process_time()
    finally:
        m.stop()
    return (ticks1 - ticks0) / (cpu1 - cpu0) / 1e6


def main() -> int:
    found = False
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for model in ("zx81", "zx80"):
        path = os.environ.get(f"EXHIBIT_{model.upper()}_ROM")
        if not path:
            print(f"{model}: set EXHIBIT_{model.upper()}_ROM to your ROM image to measure it")
            continue
        found = True
        runs = [paced(Path(path), model) for _ in range(3)]
        mhz = statistics.median(r[0] for r in runs)
        share = statistics.median(r[1] for r in runs)
        fast = statistics.median(flat_out(Path(path), model) for _ in range(3))
        print(f"{model}: paced {mhz:.3f} MHz for 3.25 asked ({(mhz / 3.25 - 1) * 100:+.1f} %, "
              f"goal within 2 %); waiting for a key: {share * 100:.1f} % of a core; "
              f"flat out with a BASIC loop: {fast:.1f} emulated MHz per CPU second "
              f"({fast / 3.25:.1f}x real time)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
