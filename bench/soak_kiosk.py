"""Soak: random keys and clicks through kiosk mode; memory growth and faults reported.

    PYTHONPATH=. python bench/soak_kiosk.py [--minutes 60]

Drives the real KioskApp with Textual's pilot: random printable keys,
Enter, arrows, Escape, F10, clicks at random places, idle spells that let
the "still there?" countdown run out (a short idle setting), for the time
given. Prints resident memory at the start, every few minutes, and the end
(the growth goal is under 5 MB over an hour), and the number of faults the
kiosk had to recover from (the goal is none).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exhibit.kiosk import KioskApp  # noqa: E402
from exhibit.settings import KioskSettings  # noqa: E402
from timeline import load_timeline  # noqa: E402

KEYS = list("abcdefghijklmnopqrstuvwxyz0123456789 ") + [
    "enter", "enter", "backspace", "up", "down", "left", "right", "escape", "f10", "tab",
    "pagedown", "pageup", "ctrl+c", "m"]


def rss_mb() -> float:
    """Resident memory now, from /proc (ru_maxrss is only the peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def soak(minutes: float, seed: int) -> int:
    rng = random.Random(seed)
    settings = KioskSettings(idle_timeout=20, countdown=3, attract_cycle=10)
    with tempfile.TemporaryDirectory() as data:
        app = KioskApp(load_timeline(), settings=settings, data=Path(data))
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause(1)
            start_rss = rss_mb()
            samples = [start_rss]
            print(f"start: {start_rss:.1f} MB resident")
            started = time.monotonic()
            next_report = started + 60
            actions = 0
            while time.monotonic() - started < minutes * 60:
                roll = rng.random()
                if roll < 0.80:
                    await pilot.press(rng.choice(KEYS))
                elif roll < 0.99:
                    x, y = rng.randrange(140), rng.randrange(40)
                    try:
                        await pilot.click(offset=(x, y))
                    except Exception:
                        pass            # a click outside any widget
                else:
                    # Walk away: let the idle reset happen.
                    await asyncio.sleep(settings.idle_timeout + settings.countdown + 2)
                actions += 1
                await asyncio.sleep(rng.uniform(0.02, 0.3))
                if time.monotonic() >= next_report:
                    samples.append(rss_mb())
                    print(f"{(time.monotonic() - started) / 60:5.1f} min: {samples[-1]:.1f} MB, "
                          f"{actions} actions, {app.recoveries} faults")
                    next_report += 60
            end_rss = rss_mb()
            running = app.is_running
        print(f"end: {end_rss:.1f} MB resident after {actions} actions in {minutes:g} min")
        # Growth measured from the first minute's sample, once caches have filled.
        base = samples[1] if len(samples) > 2 else start_rss
        print(f"growth: {end_rss - base:+.1f} MB after the first minute "
              f"({end_rss - start_rss:+.1f} MB from start); goal < 5 MB over an hour")
        print(f"faults recovered: {app.recoveries}; still running at the end: {running}")
        return 0 if app.recoveries == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1980)
    args = parser.parse_args()
    return asyncio.run(soak(args.minutes, args.seed))


if __name__ == "__main__":
    raise SystemExit(main())
