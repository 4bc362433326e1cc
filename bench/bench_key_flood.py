"""A held Page key: the real kiosk in tmux, PgDn/PgUp at key-repeat pace, memory and settling.

    python bench/bench_key_flood.py [--seconds 60] [--rate 30] [--python PATH]

A visitor leaning on PgDn sends key repeats at about 30 a second. This
starts `python -m exhibit --kiosk` in its own tmux session (140x40, a
private data folder), wakes it, opens the first stop, and then holds the
Page keys for the time given: PgDn for three seconds, PgUp for three, and
so on, so the stops keep changing under the keys rather than piling up at
one end. Resident memory of the exhibit's own process is sampled every
quarter second. After the last key the pane is read every 50 ms until the
stop it names ("stop N of M") has not changed for three seconds.

Prints: resident memory at the start, the peak during the flood, at the
end and after the settle; the stop it settled on against the stop the
keys should have left it at; and the settle time (goal: peak under
150 MB, settles within 1 s of the last key).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from soak_kiosk import rss_mb  # noqa: E402

SESSION = f"exhibit-flood-{os.getpid()}"
STOP_RE = re.compile(r"stop (\d+) of (\d+)", re.IGNORECASE)
HOLD = 3.0                    # seconds on one Page key before the other


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SESSION, *args], capture_output=True, text=True,
                          check=False).stdout


def stop_shown() -> int | None:
    found = STOP_RE.search(tmux("capture-pane", "-p", "-t", SESSION))
    return int(found.group(1)) if found else None


def flood(seconds: float, rate: float, python: str) -> int:
    if shutil.which("tmux") is None:
        print("tmux is not installed; install it (apt install tmux)")
        return 2
    with tempfile.TemporaryDirectory() as work:
        config = Path(work) / "kiosk.toml"
        config.write_text("[kiosk]\nidle_timeout = 600\n")
        data = Path(work) / "data"
        data.mkdir()
        command = f"exec {python} -m exhibit --kiosk --config {config} --data {data}"
        tmux("new-session", "-d", "-s", SESSION, "-x", "140", "-y", "40", command)
        try:
            time.sleep(3)
            pid = int(tmux("list-panes", "-t", SESSION, "-F", "#{pane_pid}").strip() or 0)
            if not pid or rss_mb(pid) is None:
                print(f"the exhibit did not start in tmux; run by hand: {command}")
                return 1
            tmux("send-keys", "-t", SESSION, "Space")           # wake the attract screen
            time.sleep(1.5)
            tmux("send-keys", "-t", SESSION, "1", "Enter")      # open the first stop
            time.sleep(3)
            count = None
            found = STOP_RE.search(tmux("capture-pane", "-p", "-t", SESSION))
            if found:
                count = int(found.group(2))
            if count is None:
                print("no stop opened; the pane shows:")
                print(tmux("capture-pane", "-p", "-t", SESSION))
                return 1
            start = rss_mb(pid) or 0.0
            print(f"start: {start:.1f} MB resident at stop 1 of {count} (pid {pid})", flush=True)
            peak = start
            expected = 1
            sent = 0
            began = time.monotonic()
            next_sample = began
            while (now := time.monotonic()) - began < seconds:
                key = "PageDown" if int((now - began) / HOLD) % 2 == 0 else "PageUp"
                tmux("send-keys", "-t", SESSION, key)
                sent += 1
                expected = min(count, expected + 1) if key == "PageDown" else max(1, expected - 1)
                if now >= next_sample:
                    rss = rss_mb(pid)
                    if rss is None:
                        print(f"the exhibit exited after {now - began:.1f} s of keys")
                        return 1
                    peak = max(peak, rss)
                    next_sample = now + 0.25
                time.sleep(max(0.0, began + sent / rate - time.monotonic()))
            last_key = time.monotonic()
            end = rss_mb(pid) or 0.0
            peak = max(peak, end)
            # Settle: the stop named on screen has not changed for 3 s.
            shown, changed = stop_shown(), last_key
            while time.monotonic() - changed < 3.0 and time.monotonic() - last_key < 60:
                time.sleep(0.05)
                now_shown = stop_shown()
                if now_shown != shown:
                    shown, changed = now_shown, time.monotonic()
            settled = rss_mb(pid) or 0.0
            print(f"{sent} keys in {last_key - began:.1f} s ({sent / (last_key - began):.1f}/s)")
            print(f"resident memory: start {start:.1f} MB, peak {peak:.1f} MB, "
                  f"at the last key {end:.1f} MB, settled {settled:.1f} MB (goal: peak under 150 MB)")
            print(f"settled on stop {shown} of {count}; the keys lead to stop {expected}"
                  f" ({'right' if shown == expected else 'WRONG'})")
            print(f"settle time: {changed - last_key:.2f} s after the last key (goal: within 1 s)")
        finally:
            tmux("kill-server")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=30, help="keys a second")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs the exhibit")
    args = parser.parse_args()
    return flood(args.seconds, args.rate, args.python)


if __name__ == "__main__":
    raise SystemExit(main())
