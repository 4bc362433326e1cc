"""Soak: random keys and clicks through kiosk mode; memory growth and faults reported.

    PYTHONPATH=. python bench/soak_kiosk.py [--minutes 60]

Drives the real KioskApp with Textual's pilot: random printable keys,
Enter, arrows, Escape, F10, clicks at random places, idle spells that let
the "still there?" countdown run out (a short idle setting), for the time
given. Prints resident memory at the start and every minute, and the number
of faults the kiosk had to recover from (the goal is none).

Growth is reported two ways. From the start, which includes the warm-up: the
first visit to each stop loads its program, its story and its fonts' glyph
caches, and the allocator's arenas grow to the working set; that is a one-off
of about 40 MB. And after the warm-up (``--warmup`` minutes, default 10):
the end minus the first sample after it, and the least-squares slope of the
samples after it, as MB per hour. The goal is under 5 MB an hour after the
warm-up; a leak shows as a slope that stays up however long the run.
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


def rss_mb(pid: int | str = "self") -> float | None:
    """Resident memory of a process now, from /proc; None if it has gone.

    For this process off Linux, the peak from getrusage (ru_maxrss) stands in.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        if pid != "self":
            return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (minute, MB) samples, in MB per hour."""
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_m = sum(m for _, m in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    if var == 0:
        return 0.0
    return 60 * sum((t - mean_t) * (m - mean_m) for t, m in samples) / var


def report_growth(samples: list[tuple[float, float]], warmup: float) -> None:
    """Print growth from the start and after the warm-up, against the 5 MB/hour goal."""
    (_, first), (end_t, last) = samples[0], samples[-1]
    print(f"growth from start: {last - first:+.1f} MB in {end_t:.0f} min (includes the warm-up)")
    settled = [(t, m) for t, m in samples if t >= warmup]
    if len(settled) < 3:
        print(f"growth after the warm-up: run longer than {warmup:g} min to measure it")
        return
    span = settled[-1][0] - settled[0][0]
    median = sorted(m for _, m in settled)[len(settled) // 2]
    print(f"growth after the {warmup:g}-minute warm-up: {settled[-1][1] - settled[0][1]:+.1f} MB "
          f"in {span:.0f} min ({settled[0][1]:.1f} -> {settled[-1][1]:.1f} MB, median {median:.1f}); "
          f"slope {slope_per_hour(settled):+.1f} MB/hour; goal < 5 MB/hour")


async def soak(minutes: float, seed: int, warmup: float) -> int:
    rng = random.Random(seed)
    settings = KioskSettings(idle_timeout=20, countdown=3, attract_cycle=10)
    with tempfile.TemporaryDirectory() as data:
        app = KioskApp(load_timeline(), settings=settings, data=Path(data))
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause(1)
            start_rss = rss_mb()
            samples = [(0.0, start_rss)]
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
                    samples.append(((time.monotonic() - started) / 60, rss_mb()))
                    print(f"{samples[-1][0]:5.1f} min: {samples[-1][1]:.1f} MB, "
                          f"{actions} actions, {app.recoveries} faults")
                    next_report += 60
            end_rss = rss_mb()
            running = app.is_running
        print(f"end: {end_rss:.1f} MB resident after {actions} actions in {minutes:g} min")
        report_growth(samples + [(minutes, end_rss)], warmup)
        print(f"faults recovered: {app.recoveries}; still running at the end: {running}")
        return 0 if app.recoveries == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1980)
    parser.add_argument("--warmup", type=float, default=10, help="minutes before growth is counted")
    args = parser.parse_args()
    return asyncio.run(soak(args.minutes, args.seed, args.warmup))


if __name__ == "__main__":
    raise SystemExit(main())
