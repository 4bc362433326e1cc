"""Soak: random keys and clicks through kiosk mode; memory growth and faults reported.

    PYTHONPATH=. python bench/soak_kiosk.py [--minutes 60]

Drives the real KioskApp with Textual's pilot: random printable keys,
Enter, arrows, Escape, F10, clicks at random places, idle spells that let
the "still there?" countdown run out (a short idle setting), for the time
given. Prints resident memory at the start and every minute, and the number
of faults the kiosk had to recover from (the goal is none).

Before the hour starts, a first visitor tours every stop (the keys a
person would press: each stop's number, Enter, M, some typing, F10,
Escape; then Next through every stop and Previous back; then About) and
walks away, so the idle reset runs. That first tour loads each
stop's program and story and brings the allocator's arenas up to the
working set, a one-off that a museum's kiosk pays with its first visitor
of the day. Growth is then reported from the end of that tour to the end of
the hour (the goal is under 5 MB), with the least-squares slope of the
minute samples as MB per hour, and, for the record, from the very start.
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

from emulator.store import Figures  # noqa: E402
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


# The first visitor's tour uses every way of moving about: wake the kiosk;
# for each stop its number and Enter, the machine's keyboard (M), a word and
# Enter, F10 to give the keyboard back and Escape to the timeline; then from
# the first stop Next (N) through every stop and Previous (Page Up) back, which
# replaces one stop's screen and machine with the next; then About (A).
# Pilot key names; the tmux soak translates them.
def tour_keys(stops: int) -> list[str | float]:
    """The keys of one tour of ``stops`` stops; a number is a pause in seconds."""
    keys: list[str | float] = ["space", 1.0]
    for n in range(1, stops + 1):
        keys += [str(n), "enter", 2.0, "m", *"hello", "enter", 2.0, "f10", "escape", 1.0]
    keys += ["1", "enter", 2.0, "f10"]      # a stop that opens typing takes the keyboard: F10
    keys += ["n", 3.0, "f10"] * (stops - 1) + ["pageup", 3.0, "f10"] * (stops - 1)
    keys += ["escape", 1.0, "a", 2.0, "escape", 1.0]
    return keys


def tour_line(toured: float, figures: Figures, attract: bool) -> str:
    """What the first visitor's tour left: memory, and the kiosk's own count of stops opened."""
    return (f"after the tour and an idle reset: {toured:.1f} MB; {figures.sessions} session, "
            f"{sum(s.opened for s in figures.stops)} stops opened ({len(figures.stops)} different), "
            f"attract screen up: {attract}")


def report_growth(start: float, toured: float, samples: list[tuple[float, float]]) -> None:
    """Print growth over the measured time (after the tour) and from the start.

    ``samples`` are (minutes since the tour, MB), the first taken as the tour ended.
    """
    (_, first), (end_t, last) = samples[0], samples[-1]
    median = sorted(m for _, m in samples)[len(samples) // 2]
    growth = last - first
    print(f"first visitor's tour: {start:.1f} -> {toured:.1f} MB (one-off: programs, stories, arenas)")
    print(f"growth over {end_t:.0f} min after the tour: {growth:+.1f} MB "
          f"({first:.1f} -> {last:.1f} MB, median {median:.1f}, "
          f"slope {slope_per_hour(samples):+.1f} MB/hour); goal < 5 MB")
    print(f"growth from the very start: {last - start:+.1f} MB")


async def soak(minutes: float, seed: int) -> int:
    rng = random.Random(seed)
    settings = KioskSettings(idle_timeout=20, countdown=3, attract_cycle=10)
    walk_away = settings.idle_timeout + settings.countdown + 2
    with tempfile.TemporaryDirectory() as data:
        app = KioskApp(load_timeline(), settings=settings, data=Path(data))
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause(1)
            start_rss = rss_mb()
            print(f"start: {start_rss:.1f} MB resident; the first visitor tours {len(app.stops)} stops")
            for key in tour_keys(len(app.stops)):
                if isinstance(key, float):
                    await pilot.pause(key)
                else:
                    await pilot.press(key)
            await asyncio.sleep(walk_away)
            toured = rss_mb()
            samples = [(0.0, toured)]
            print(tour_line(toured, app.visits.summary(), app.attracting))
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
                    await asyncio.sleep(walk_away)     # let the idle reset happen
                actions += 1
                await asyncio.sleep(rng.uniform(0.02, 0.3))
                if time.monotonic() >= next_report:
                    samples.append(((time.monotonic() - started) / 60, rss_mb()))
                    print(f"{samples[-1][0]:5.1f} min: {samples[-1][1]:.1f} MB, "
                          f"{actions} actions, {app.recoveries} faults", flush=True)
                    next_report += 60
            end_rss = rss_mb()
            running = app.is_running
        print(f"end: {end_rss:.1f} MB resident after {actions} actions in {minutes:g} min")
        report_growth(start_rss, toured, samples + [(minutes, end_rss)])
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
