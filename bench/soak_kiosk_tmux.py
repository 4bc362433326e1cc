"""Soak the real binary: `python -m exhibit --kiosk` in tmux, random keys, memory each minute.

    python bench/soak_kiosk_tmux.py [--minutes 60] [--python PATH]

Where bench/soak_kiosk.py drives the app through Textual's pilot in the
same process, this one starts the exhibit as a museum would, in a real
terminal (its own tmux session, 140x40), and types at it with ``tmux send-keys``:
letters, digits, Enter, arrows, Escape, F10, Tab, Page keys, Ctrl+C, now and
then a walk-away long enough for the idle reset. Resident memory is read
from /proc for the exhibit's own process. Needs tmux. As in soak_kiosk.py,
a first visitor tours every stop before the hour starts, and growth is
reported from the end of that tour (goal: under 5 MB) and from the start.
At the end the pane is captured, to show the exhibit is still there and
still answering.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from soak_kiosk import report_growth, rss_mb, tour_keys, tour_line  # noqa: E402

from exhibit.visits import VisitLog  # noqa: E402
from timeline import load_timeline  # noqa: E402

SESSION = f"exhibit-soak-{os.getpid()}"    # two soaks at once keep apart
KEYS = list("abcdefghijklmnopqrstuvwxyz0123456789") + [
    "Enter", "Enter", "BSpace", "Up", "Down", "Left", "Right", "Escape", "F10", "Tab",
    "PageDown", "PageUp", "C-c", "Space"]
# Textual's key names in the tour, as tmux spells them.
TMUX_NAMES = {"space": "Space", "enter": "Enter", "escape": "Escape", "f10": "F10", "pageup": "PageUp"}
WALK_AWAY = 26              # idle 20 s, countdown 3 s, and a little more


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def soak(minutes: float, seed: int, python: str) -> int:
    if shutil.which("tmux") is None:
        print("tmux is not installed; install it (apt install tmux) or use bench/soak_kiosk.py")
        return 2
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as work:
        config = Path(work) / "kiosk.toml"
        config.write_text("[kiosk]\nidle_timeout = 20\ncountdown = 3\nattract_cycle = 10\n")
        data = Path(work) / "data"
        data.mkdir()
        tmux("kill-session", "-t", SESSION)
        command = (f"cd {HERE.parent} && PYTHONPATH=. exec {python} -m exhibit --kiosk "
                   f"--config {config} --data {data}")
        tmux("new-session", "-d", "-s", SESSION, "-x", "140", "-y", "40", command)
        time.sleep(3)
        pid = int(tmux("list-panes", "-t", SESSION, "-F", "#{pane_pid}").strip() or 0)
        first = rss_mb(pid) if pid else None
        if first is None:
            print("the exhibit did not start in tmux; run the command by hand to see why:")
            print(f"  {command}")
            return 1
        stops = len(load_timeline())
        print(f"start: {first:.1f} MB resident (pid {pid}); the first visitor tours {stops} stops",
              flush=True)
        for key in tour_keys(stops):
            if isinstance(key, float):
                time.sleep(key)
            else:
                tmux("send-keys", "-t", SESSION, TMUX_NAMES.get(key, key))
        time.sleep(WALK_AWAY)
        toured = rss_mb(pid)
        if toured is None:
            print("the exhibit exited during the first visitor's tour")
            return 1
        attract = "Press any key" in tmux("capture-pane", "-p", "-t", SESSION)
        figures = VisitLog(data / "visits.db")        # the kiosk's own count, read beside it
        print(tour_line(toured, figures, attract), flush=True)
        figures.db.close()
        samples = [(0.0, toured)]
        started = time.monotonic()
        next_report = started + 60
        keys = 0
        try:
            while time.monotonic() - started < minutes * 60:
                if rng.random() < 0.01:
                    time.sleep(WALK_AWAY)
                else:
                    tmux("send-keys", "-t", SESSION, rng.choice(KEYS))
                    keys += 1
                    time.sleep(rng.uniform(0.05, 0.3))
                if time.monotonic() >= next_report:
                    now = rss_mb(pid)
                    if now is None:
                        print(f"the exhibit exited after {(time.monotonic() - started) / 60:.1f} min")
                        return 1
                    samples.append(((time.monotonic() - started) / 60, now))
                    print(f"{samples[-1][0]:5.1f} min: {now:.1f} MB, {keys} keys", flush=True)
                    next_report += 60
            end = rss_mb(pid)
            if end is None:
                print("the exhibit exited before the end")
                return 1
            print(f"end: {end:.1f} MB resident after {keys} keys in {minutes:g} min")
            report_growth(first, toured, samples + [(minutes, end)])
            print("the screen at the end:")
            print(tmux("capture-pane", "-p", "-t", SESSION))
        finally:
            tmux("kill-session", "-t", SESSION)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs the exhibit")
    args = parser.parse_args()
    return soak(args.minutes, args.seed, args.python)


if __name__ == "__main__":
    raise SystemExit(main())
