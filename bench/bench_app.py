"""The app's own figures: time to the first frame, and memory after every stop.

    PYTHONPATH=. python bench/bench_app.py

1. ``python -m exhibit`` to its first painted frame: a fresh interpreter
   each run (imports included), the timeline composed and rendered by
   Textual's headless driver, then exit. Median of 5; goal <= 1.5 s.
2. Resident memory after visiting every stop in turn, each stop's machine
   booted and running at its era clock; goal <= 150 MB.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_FRAME = """
import sys
from exhibit.app import ExhibitApp
from timeline import load_timeline
app = ExhibitApp(load_timeline())
app.call_after_refresh(lambda: app.call_after_refresh(app.exit))
app.run(headless=True, size=(140, 40))
"""


def first_frame_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FIRST_FRAME], cwd=ROOT, check=True,
                   env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - started


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def visit_every_stop() -> tuple[float, float, int]:
    from exhibit.app import ExhibitApp
    from timeline import load_timeline

    stops = load_timeline()
    app = ExhibitApp(stops)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause(0.5)
        before = rss_mb()
        for stop in stops:
            app.open_stop(stop.id)
            await pilot.pause(1.5)          # booted, program on screen, era clock
        after = rss_mb()
    return before, after, len(stops)


def main() -> int:
    runs = [first_frame_seconds() for _ in range(5)]
    median = statistics.median(runs)
    print(f"1. python -m exhibit to first frame: median {median:.2f} s of 5 "
          f"({', '.join(f'{r:.2f}' for r in runs)}); goal <= 1.5 s: "
          f"{'ok' if median <= 1.5 else 'MISSED'}")
    before, after, count = asyncio.run(visit_every_stop())
    print(f"2. resident memory: {before:.0f} MB at the timeline, {after:.0f} MB after visiting "
          f"all {count} stops; goal <= 150 MB: {'ok' if after <= 150 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
