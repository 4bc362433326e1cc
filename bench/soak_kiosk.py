"""Soak: random keys and clicks through kiosk mode; memory growth and faults reported.

    PYTHONPATH=. python bench/soak_kiosk.py [--minutes 60]

Drives the real KioskApp with Textual's pilot, with the same kinds of
action as bench/soak_kiosk_tmux.py: single keys (printable, Enter, arrows,
Escape, F10, Page keys), clicks at random places, floods of 50-200 keys
(random or one key held), storms of 30-100 moves between stops (Page
Down/Up, jumps by a stop's number), resizes among 80x24 to 200x50 and
bursts of them every 50 ms, and idle spells that let the "still there?"
countdown run out (a short idle setting), for the time given. Prints
resident memory at the start and every minute, the actions of each kind,
and the number of faults the kiosk had to recover from (the goal is none).

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
from collections import Counter
from pathlib import Path

from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emulator.store import Figures  # noqa: E402
from exhibit.kiosk import KioskApp  # noqa: E402
from exhibit.settings import KioskSettings  # noqa: E402
from timeline import load_timeline  # noqa: E402

KEYS = list("abcdefghijklmnopqrstuvwxyz0123456789 ") + [
    "enter", "enter", "backspace", "up", "down", "left", "right", "escape", "f10", "tab",
    "pagedown", "pageup", "ctrl+c", "m"]
HELD = ["pagedown", "pageup", "down", "up", "left", "right", "enter", "x", "space", "backspace"]
SIZES = [(80, 24), (100, 30), (140, 40), (200, 50)]
# The kinds of action, as in soak_kiosk_tmux.py, and how often each comes up
# (the rest are single keys); a click stands in for some of the keys here.
KINDS = ["key", "click", "flood", "storm", "resize", "resize burst", "walk-away"]
CHANCES = [("walk-away", 0.01), ("resize burst", 0.005), ("flood", 0.02), ("storm", 0.02),
           ("resize", 0.02), ("click", 0.15)]


def choose(rng: random.Random, chances: list[tuple[str, float]] = CHANCES) -> str:
    """The kind of the next action, by ``chances`` (the rest are single keys)."""
    roll = rng.random()
    for kind, chance in chances:
        if roll < chance:
            return kind
        roll -= chance
    return "key"


async def act(pilot: Pilot[int], rng: random.Random, kind: str, stops: int) -> None:
    """One action of ``kind`` through the pilot (a walk-away is the caller's sleep).

    The pilot hands each key over and waits for the app to take it, so a
    flood here is fast but never faster than the app reads; the tmux soak's
    floods arrive all at once.
    """
    if kind == "key":
        await pilot.press(rng.choice(KEYS))
    elif kind == "click":
        try:
            await pilot.click(offset=(rng.randrange(140), rng.randrange(40)))
        except Exception:
            pass            # a click outside any widget
    elif kind == "flood":
        n = rng.randint(50, 200)
        held = rng.random() < 0.5
        keys = [rng.choice(HELD)] * n if held else [rng.choice(KEYS) for _ in range(n)]
        await pilot.press(*keys)
    elif kind == "storm":
        moves, storm = 0, rng.randint(30, 100)
        while moves < storm:
            step = rng.choice(["pagedown", "pagedown", "pageup", "jump"])
            if step == "jump":
                await pilot.press("escape", str(rng.randint(1, min(stops, 9))), "enter")
            else:
                await pilot.press(step)
            moves += 1
            await asyncio.sleep(rng.uniform(0.0, 0.05))
    elif kind == "resize":
        await pilot.resize_terminal(*rng.choice(SIZES))
    elif kind == "resize burst":
        until = time.monotonic() + rng.uniform(2, 5)
        while time.monotonic() < until:
            await pilot.resize_terminal(*rng.choice(SIZES))
            await asyncio.sleep(0.05)
        await pilot.resize_terminal(140, 40)


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
            actions: Counter[str] = Counter()
            while time.monotonic() - started < minutes * 60:
                kind = choose(rng)
                if kind == "walk-away":
                    await asyncio.sleep(walk_away)     # let the idle reset happen
                else:
                    await act(pilot, rng, kind, len(app.stops))
                actions[kind] += 1
                await asyncio.sleep(rng.uniform(0.02, 0.3))
                if time.monotonic() >= next_report:
                    samples.append(((time.monotonic() - started) / 60, rss_mb()))
                    print(f"{samples[-1][0]:5.1f} min: {samples[-1][1]:.1f} MB, "
                          f"{sum(actions.values())} actions, {app.recoveries} faults", flush=True)
                    next_report += 60
            await pilot.resize_terminal(140, 40)
            end_rss = rss_mb()
            running = app.is_running
        print(f"end: {end_rss:.1f} MB resident after {sum(actions.values())} actions in {minutes:g} min")
        print("actions by kind: " + ", ".join(f"{kind} {actions[kind]}" for kind in KINDS))
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
