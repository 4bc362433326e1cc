"""Soak the real binary: `python -m exhibit --kiosk` in tmux, random keys, floods, storms, resizes.

    python bench/soak_kiosk_tmux.py [--minutes 60] [--python PATH] [--seed N] [--warm-up MINUTES]
    python bench/soak_kiosk_tmux.py --self-check     # the fault counting, on made-up logs

Where bench/soak_kiosk.py drives the app through Textual's pilot in the
same process, this one starts the exhibit as a museum would, in a real
terminal (its own tmux server and session, 140x40), with the variables the
kiosk's systemd units give it (deploy/exhibit.env: jemalloc; --no-unit-env
leaves them out), and acts on it with
``tmux send-keys`` and ``tmux resize-window``. Each action is one of:

- key: one key (letters, digits, Enter, arrows, Escape, F10, Tab, Page keys,
  Ctrl+C), then a pause of 50-300 ms, as a person types;
- flood: 50-200 keys in one ``send-keys`` with no pause at all, either random
  keys or one key held down (Page Down, Page Up, an arrow, a letter);
- storm: 30-100 moves between stops, a few at a time every 20-80 ms: Page
  Down, Page Up, and jumps from stop to stop (Escape, a stop's number,
  Enter), so stops open and close many times a second;
- resize: the window to another of 80x24, 100x30, 140x40, 200x50;
- resize burst: a new size every 50 ms for 2-5 seconds, ending at 140x40;
- walk-away: nothing for long enough for the idle reset to run.

As in soak_kiosk.py, a first visitor tours every stop before the soak
starts; then every stop is opened at each size, and one flood, one storm
and one resize burst run (each size's screens and caches are a one-off,
like the tour's programs). Memory growth is reported from the end of that tour (goal:
under 5 MB) and from the start; the tour's figure and the end's are both
taken where a kiosk spends its nights, at the attract screen a little after
an idle reset (the kiosk gives memory back then and logs how much). Resident memory is read from /proc for the
exhibit's own process once a minute. Faults are the kiosk's own account of
its trouble: the records at ERROR or CRITICAL in its log (``exhibit.log`` in
the data folder, with its rotated files), any traceback and any "recovering"
record in it (goal: none). Exits are the times the exhibit's process died
or was replaced (checked every few seconds; the soak starts it again, as a
supervisor would, and carries on; goal: none). At the end the window goes
back to 140x40, the pane is captured, and a summary block is printed for
bench/README.md's table. The exit status is 0 only when every goal is met.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from soak_kiosk import choose, report_growth, rss_mb, tour_keys, tour_line  # noqa: E402

from emulator.store import Figures, PostError, open_store  # noqa: E402
from timeline import load_timeline  # noqa: E402

SESSION = "soak"
SOCKET = f"exhibit-soak-{os.getpid()}"      # a private tmux server: two soaks keep apart
KEYS = list("abcdefghijklmnopqrstuvwxyz0123456789") + [
    "Enter", "Enter", "BSpace", "Up", "Down", "Left", "Right", "Escape", "F10", "Tab",
    "PageDown", "PageUp", "C-c", "Space"]
HELD = ["PageDown", "PageUp", "Down", "Up", "Left", "Right", "Enter", "x", "Space", "BSpace"]
SIZES = [(80, 24), (100, 30), (140, 40), (200, 50)]
# Textual's key names in the tour, as tmux spells them.
TMUX_NAMES = {"space": "Space", "enter": "Enter", "escape": "Escape", "f10": "F10", "pageup": "PageUp"}
# The attract screen's own words ("Press any key or touch the screen to
# start"), short enough not to wrap at 80x24: the WRITE program says "Press
# any key to go back", and a walk-away that stopped there was taken for an
# idle reset.
ATTRACT = "Press any key or"
JUMP = 2.0                  # MB: a rise this big after one action is printed as it happens
WALK_AWAY = 26              # idle 20 s, countdown 3 s, and a little more
SETTLE_LIMIT = 90           # a kiosk still working through a flood's keys resets later
TIDY = 3                    # the kiosk tidies up a second after its reset; then it is measured
CHECK_EVERY = 5.0           # seconds between checks that the process is still the same
# How often each kind of action comes up (the rest are single keys).
CHANCES = [("walk-away", 0.004), ("resize burst", 0.005), ("flood", 0.02),
           ("storm", 0.02), ("resize", 0.02)]
KINDS = ["key", "flood", "storm", "resize", "resize burst", "walk-away"]

# logging.Formatter("%(asctime)s %(levelname)s %(message)s"), as exhibit.kiosk writes it.
RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) (?P<message>.*)")
TRACEBACK = "Traceback (most recent call last)"


@dataclass
class Faults:
    """What a kiosk's log says went wrong."""

    records: int = 0            # log records read
    errors: int = 0             # records at ERROR or CRITICAL
    warnings: int = 0
    tracebacks: int = 0         # "Traceback (most recent call last)", in a record or not
    recoveries: int = 0         # records saying the kiosk recovered (or is recovering)
    faults: list[str] = field(default_factory=list)   # each faulty record's first line

    @property
    def count(self) -> int:
        return len(self.faults)


def count_faults(lines: Iterable[str]) -> Faults:
    """Count the faults in a kiosk log's lines.

    A record starts with the time and level; the lines after it (a
    traceback from ``exc_info``) belong to it. A record is a fault if it is
    at ERROR or CRITICAL, carries a traceback or says it recovered. Lines
    before the first record (something written to the file by another
    hand) count as one fault if they hold a traceback.
    """
    out = Faults()
    record: list[str] = []
    level = ""

    def close() -> None:
        if not record:
            return
        text = "\n".join(record)
        traceback = text.count(TRACEBACK)
        out.tracebacks += traceback
        recovered = bool(level) and "recover" in record[0].lower()
        out.recoveries += recovered
        if level in ("ERROR", "CRITICAL") or traceback or recovered:
            out.faults.append(record[0])

    for line in lines:
        line = line.rstrip("\n")
        match = RECORD.match(line)
        if match:
            close()
            record, level = [line], match["level"]
            out.records += 1
            out.errors += level in ("ERROR", "CRITICAL")
            out.warnings += level == "WARNING"
        elif line:
            record.append(line)
    close()
    return out


def log_lines(data: Path) -> list[str]:
    """The kiosk's log in ``data``, oldest first: the rotated files (exhibit.log.1 ...) too."""
    lines: list[str] = []
    for path in sorted(data.glob("exhibit.log*"), reverse=True):    # oldest first
        lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines


def log_faults(data: Path) -> Faults:
    """The faults in the kiosk's log in ``data``."""
    return count_faults(log_lines(data))


def idle_resets(data: Path) -> int:
    """How many times the kiosk's log says it went back to the attract screen for want of input."""
    return sum(line.count(" INFO idle reset") for line in log_lines(data))


def in_use(data: Path) -> str | None:
    """What live objects took at the kiosk's last tidy after a visit, from its log:
    Python's blocks, or jemalloc's allocated megabytes when it serves every object.

    Beside the resident figure it tells a leak (this climbs too) from pages
    the allocators keep because a few live blocks pin them (this stays level).
    """
    found = None
    for line in log_lines(data):
        if m := re.search(r"memory after the visit: .*; (Python holds (\d+) thousand blocks|"
                          r"objects take ([\d.]+) MB \(jemalloc\))", line):
            found = f"{m.group(2)} thousand blocks" if m.group(2) else f"{m.group(3)} MB"
    return found


def allocator_line(data: Path) -> str | None:
    """The allocators the kiosk says it has, in its first line."""
    for line in log_lines(data):
        if m := re.search(r"kiosk started with \d+ stops \(memory: (.*)\)", line):
            return m.group(1)
    return None


UNIT_ENV = HERE.parent / "deploy" / "exhibit.env"


def unit_environment(path: Path = UNIT_ENV) -> dict[str, str]:
    """The variables the kiosk's systemd units give it (``EnvironmentFile=``), read as systemd reads them."""
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    return env


def self_check() -> int:
    """Check count_faults on logs made up for it; 0 if every check passes."""
    quiet = ["2026-12-03 10:00:00,001 INFO kiosk started with 9 stops",
             "2026-12-03 10:00:05,120 INFO admin PIN refused",
             "2026-12-03 10:00:06,000 WARNING the fleet's server went away; posts wait in the outbox"]
    fault = ["2026-12-03 10:01:00,000 ERROR recovering from a fault",
             "Traceback (most recent call last):",
             '  File "exhibit/app.py", line 1, in on_key',
             "KeyError: 'x'"]
    critical = ["2026-12-03 10:02:00,000 CRITICAL the store is gone"]
    loose = ["Traceback (most recent call last):", '  File "x.py", line 2', "ValueError: y"]
    recovered = ["2026-12-03 10:03:00,000 INFO recovered the store after a restart"]
    cases = [
        ("a quiet log", quiet, (0, 0, 0, 0, 1)),
        ("a recovered fault with its traceback", quiet + fault, (1, 1, 1, 1, 1)),
        ("a critical record", quiet + critical + quiet, (1, 1, 0, 0, 2)),
        ("a traceback with no record before it", loose + quiet, (1, 0, 1, 0, 1)),
        ("an INFO record saying it recovered", recovered, (1, 0, 0, 1, 0)),
        ("everything", quiet + fault + critical + recovered + fault, (4, 3, 2, 3, 1)),
    ]
    failed = 0
    for name, lines, want in cases:
        got = count_faults(lines)
        have = (got.count, got.errors, got.tracebacks, got.recoveries, got.warnings)
        if have != want:
            failed += 1
        print(f"{'ok  ' if have == want else 'FAIL'} {name}: (faults, errors, tracebacks, "
              f"recoveries, warnings) = {have}{'' if have == want else f', wanted {want}'}")
    with tempfile.TemporaryDirectory() as folder:   # rotated files are read too
        Path(folder, "exhibit.log").write_text("\n".join(quiet) + "\n")
        Path(folder, "exhibit.log.1").write_text("\n".join(fault) + "\n")
        got = log_faults(Path(folder))
        ok = (got.count, got.records) == (1, 4)
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} a fault in a rotated file: {got.count} fault in "
              f"{got.records} records")
    print("self-check passed" if not failed else f"self-check: {failed} failed")
    return 1 if failed else 0


class Kiosk:
    """The exhibit in its own tmux server: keys, sizes, and its process watched."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.pid = 0
        self.exits: list[str] = []          # what was on screen as each process died
        self.last_check = 0.0

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True,
                              check=False).stdout

    def start(self) -> int:
        self.tmux("kill-server")
        self.tmux("new-session", "-d", "-s", SESSION, "-x", "140", "-y", "40", self.command)
        # A detached session has no client to size it by: resize-window sets the size.
        self.tmux("set-option", "-g", "window-size", "manual")
        self.tmux("set-option", "-t", SESSION, "remain-on-exit", "on")   # keep a dead pane's last words
        self.pid = self._pane()[0]
        return self.pid

    def _pane(self) -> tuple[int, bool]:
        fields = self.tmux("display-message", "-p", "-t", SESSION, "#{pane_pid} #{pane_dead}").split()
        if len(fields) != 2:
            return 0, True                  # the session itself has gone
        return int(fields[0]), fields[1] == "1"

    def check(self, force: bool = False) -> bool:
        """True if the process is the one started; else count an exit and start it again."""
        if not force and time.monotonic() - self.last_check < CHECK_EVERY:
            return True
        self.last_check = time.monotonic()
        pid, dead = self._pane()
        if pid == self.pid and not dead and rss_mb(pid) is not None:
            return True
        status = self.tmux("display-message", "-p", "-t", SESSION, "#{pane_dead_status}").strip()
        screen = self.capture()
        self.exits.append(f"pid {self.pid} {'exited with status ' + status if status else 'went'}"
                          f" (pane pid now {pid}, dead {dead}); its screen:\n{screen}")
        print(f"EXIT: the exhibit (pid {self.pid}) died or was replaced; "
              f"status {status or '?'}; the screen's last lines:", flush=True)
        print("\n".join(screen.rstrip().splitlines()[-12:]), flush=True)
        self.resize(140, 40)
        if self.tmux("list-sessions"):
            self.tmux("respawn-pane", "-k", "-t", SESSION, self.command)
        else:
            self.start()
        time.sleep(3)
        self.pid = self._pane()[0]
        print(f"started again as pid {self.pid}", flush=True)
        return False

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", SESSION, *keys)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", SESSION, "-x", str(width), "-y", str(height))

    def size(self) -> str:
        return self.tmux("display-message", "-p", "-t", SESSION,
                         "#{window_width}x#{window_height}").strip()

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", SESSION)

    def stop(self) -> None:
        self.tmux("kill-server")

    def walk_away(self) -> bool:
        """Touch nothing until the idle reset has brought the attract screen up and
        the kiosk has tidied up after the visit; False if it never came.

        If the attract screen is up already, a key wakes it first: the figure
        is always read just after a reset's tidy, never after minutes of
        attract demos with nothing tidying after them.
        """
        if ATTRACT in self.capture():
            self.keys("Space")
            time.sleep(1)
        time.sleep(WALK_AWAY)
        end = time.monotonic() + SETTLE_LIMIT
        while ATTRACT not in self.capture():
            if time.monotonic() > end:
                return False
            time.sleep(1)
        time.sleep(TIDY)
        return True


def kiosk_figures(data: Path) -> Figures:
    """The kiosk's visit figures, read as ``exhibit stats`` reads them: from its store."""
    store = open_store(data, outbox=False)
    try:
        return store.figures()
    finally:
        store.close()


def soak(minutes: float, seed: int, python: str, warm: float = 0.0, unit_env: bool = True) -> int:
    if shutil.which("tmux") is None:
        print("tmux is not installed; install it (apt install tmux) or use bench/soak_kiosk.py")
        return 2
    rng = random.Random(seed)
    stops = len(load_timeline())
    with tempfile.TemporaryDirectory() as work:
        config = Path(work) / "kiosk.toml"
        # busy_cap as idle_timeout: a printout a flood started must not hold a walk-away's reset off.
        config.write_text("[kiosk]\nidle_timeout = 20\ncountdown = 3\nattract_cycle = 10\n"
                          "busy_cap = 20\n")
        data = Path(work) / "data"
        data.mkdir()
        # As the kiosk's systemd units start it: with deploy/exhibit.env's variables.
        env = unit_environment() if unit_env else {}
        print(f"environment: {' '.join(f'{k}={v}' for k, v in env.items()) or 'as this shell has it'}"
              f"{' (deploy/exhibit.env)' if env else ''}", flush=True)
        command = (f"cd {shlex.quote(str(HERE.parent))} && PYTHONPATH=. exec env "
                   + "".join(f"{k}={shlex.quote(v)} " for k, v in env.items())
                   + f"{shlex.quote(python)} -m exhibit --kiosk --config {config} --data {data}")
        kiosk = Kiosk(command)
        try:
            return run(kiosk, rng, minutes, stops, data, command, warm)
        finally:
            kiosk.stop()


def run(kiosk: Kiosk, rng: random.Random, minutes: float, stops: int, data: Path,
        command: str, warm: float = 0.0) -> int:
    pid = kiosk.start()
    time.sleep(3)
    first = rss_mb(pid) if pid else None
    if first is None:
        print("the exhibit did not start in tmux; run the command by hand to see why:")
        print(f"  {command}")
        print(kiosk.capture())
        return 1
    print(f"start: {first:.1f} MB resident (pid {pid}, {kiosk.size()}); "
          f"the first visitor tours {stops} stops", flush=True)
    for key in tour_keys(stops):
        if isinstance(key, float):
            time.sleep(key)
        else:
            kiosk.keys(TMUX_NAMES.get(key, key))
    warm_up(kiosk, rng, stops)
    if warm:
        print(f"then {warm:g} minutes of the soak's own actions before the tour's figure",
              flush=True)
        end, scratch = time.monotonic() + warm * 60, Counter[str]()
        while time.monotonic() < end:
            act(kiosk, rng, choose(rng, CHANCES), scratch, stops)
    attract = kiosk.walk_away()
    if not kiosk.check(force=True):
        print("the exhibit exited during the first visitor's tour")
        return 1
    toured = rss_mb(kiosk.pid) or 0.0
    toured_blocks = in_use(data)
    print(f"memory: {allocator_line(data) or 'not said in the log'}", flush=True)
    try:
        print(tour_line(toured, kiosk_figures(data), attract), flush=True)
    except PostError as e:
        print(f"after the tour: {toured:.1f} MB; the visit figures cannot be read: {e}")
    samples = [(0.0, toured)]
    actions: Counter[str] = Counter()
    sent: Counter[str] = Counter()    # what the actions came to: keys, stop moves, resizes
    jumps: list[str] = []     # actions after which memory rose by JUMP MB or more
    last = toured
    started = time.monotonic()
    next_report = started + 60
    while time.monotonic() - started < minutes * 60:
        kind = choose(rng, CHANCES)
        did = act(kiosk, rng, kind, sent, stops)
        actions[kind] += 1
        if not kiosk.check():
            samples = [(0.0, rss_mb(kiosk.pid) or 0.0)]   # a new process: growth starts again
        now = rss_mb(kiosk.pid) or last
        if now - last >= JUMP:
            title = " ".join(kiosk.capture().splitlines()[:1]).strip()[:60]
            jumps.append(f"{(time.monotonic() - started) / 60:5.1f} min: {last:.1f} -> {now:.1f} MB "
                         f"after {did} (screen: {title!r})")
            print(f"memory jump: {jumps[-1]}", flush=True)
        last = now
        if time.monotonic() >= next_report:
            now = rss_mb(kiosk.pid) or 0.0
            samples.append(((time.monotonic() - started) / 60, now))
            faults = log_faults(data)
            print(f"{samples[-1][0]:5.1f} min: {now:.1f} MB, {sum(actions.values())} actions "
                  f"({sent['keys']} keys), {faults.count} faults, {len(kiosk.exits)} exits",
                  flush=True)
            next_report += 60
    ran = (time.monotonic() - started) / 60
    # The last visitor walks away too: the end is measured where the tour's
    # figure was, at the attract screen after an idle reset, not in the
    # middle of whatever the last action left running.
    kiosk.resize(140, 40)
    attract = kiosk.walk_away()
    kiosk.check(force=True)
    end = rss_mb(kiosk.pid) or 0.0
    screen = kiosk.capture()
    faults = log_faults(data)
    print(f"end: {end:.1f} MB resident after {sum(actions.values())} actions in {ran:.1f} min "
          f"and a last walk-away (attract screen up: {attract})")
    report_growth(first, toured, samples + [(ran, end)])
    growth = end - samples[0][1]
    half = [(t, m) for t, m in samples if t >= ran / 2] or samples[-1:]
    late = (end - half[0][1], ran - half[0][0])
    return summary(ran, actions, sent, faults, kiosk, first, toured, end, growth, late, jumps,
                   idle_resets(data), screen, (toured_blocks, in_use(data)))


def warm_up(kiosk: Kiosk, rng: random.Random, stops: int) -> None:
    """After the tour, what the soak does, once: every stop at every size, a flood, a storm.

    Each size's screens and caches (the largest, 200x50, above all) are a
    one-off like the tour's programs and stories; without this pass the
    growth after the tour would count them, not a leak.
    """
    for width, height in [*SIZES, (140, 40)]:
        kiosk.resize(width, height)
        time.sleep(0.5)
        kiosk.keys("Escape", "1", "Enter")
        time.sleep(1.0)
        for _ in range(stops - 1):
            kiosk.keys("PageDown")
            time.sleep(0.7)
    scratch: Counter[str] = Counter()
    for kind in ("flood", "flood", "storm", "resize burst"):
        act(kiosk, rng, kind, scratch, stops)


def act(kiosk: Kiosk, rng: random.Random, kind: str, sent: Counter[str], stops: int) -> str:
    """Do one action of ``kind``, counting what it sent into ``sent``; ``stops`` on the timeline.

    Returns what it did, in a few words.
    """
    if kind == "key":
        key = rng.choice(KEYS)
        kiosk.keys(key)
        sent["keys"] += 1
        time.sleep(rng.uniform(0.05, 0.3))
        return f"key {key}"
    elif kind == "flood":
        n = rng.randint(50, 200)
        held = rng.random() < 0.5
        keys = [rng.choice(HELD)] * n if held else [rng.choice(KEYS) for _ in range(n)]
        kiosk.keys(*keys)
        sent["keys"] += n
        time.sleep(0.2)
        return f"flood of {n} x {keys[0]}" if held else f"flood of {n} random keys"
    elif kind == "storm":
        moves = rng.randint(30, 100)
        done = 0
        while done < moves:
            step = rng.choice(["PageDown", "PageDown", "PageUp", "jump"])
            if step == "jump":
                keys = ["Escape", str(rng.randint(1, min(stops, 9))), "Enter"]
            else:
                keys = [step] * rng.randint(1, 3)
            kiosk.keys(*keys)
            sent["keys"] += len(keys)
            moves_now = 1 if step == "jump" else len(keys)
            done += moves_now
            sent["stop moves"] += moves_now
            time.sleep(rng.uniform(0.02, 0.08))
        return f"storm of {done} stop moves"
    elif kind == "resize":
        width, height = rng.choice(SIZES)
        kiosk.resize(width, height)
        sent["resizes"] += 1
        time.sleep(rng.uniform(0.1, 0.5))
        return f"resize to {width}x{height}"
    elif kind == "resize burst":
        until, before = time.monotonic() + rng.uniform(2, 5), sent["resizes"]
        while time.monotonic() < until:
            kiosk.resize(*rng.choice(SIZES))
            sent["resizes"] += 1
            time.sleep(0.05)
        kiosk.resize(140, 40)
        sent["resizes"] += 1
        time.sleep(0.3)
        return f"resize burst of {sent['resizes'] - before}"
    elif kind == "walk-away":
        end = time.monotonic() + WALK_AWAY
        while time.monotonic() < end:
            time.sleep(1)
            kiosk.check()
    return kind


def summary(minutes: float, actions: Counter[str], sent: Counter[str], faults: Faults,
            kiosk: Kiosk, first: float, toured: float, end: float, growth: float,
            late: tuple[float, float], jumps: list[str], resets: int, screen: str,
            blocks: tuple[str | None, str | None]) -> int:
    total = sum(actions.values())
    kinds = (f"key {actions['key']}, flood {actions['flood']}, storm {actions['storm']} "
             f"({sent['stop moves']} stop moves), resize {actions['resize']}, "
             f"resize burst {actions['resize burst']} ({sent['resizes']} resizes in all), "
             f"walk-away {actions['walk-away']}")
    met = faults.count == 0 and not kiosk.exits and growth < 5
    print()
    print("=== soak summary (bench/soak_kiosk_tmux.py) ===")
    print(f"minutes               {minutes:.1f}")
    print(f"actions by kind       {kinds}")
    print(f"total actions         {total} ({sent['keys']} keys sent)")
    print(f"faults (kiosk log)    {faults.count} (ERROR/CRITICAL {faults.errors}, tracebacks "
          f"{faults.tracebacks}, recoveries {faults.recoveries}; {faults.warnings} warnings, "
          f"{faults.records} records); goal 0")
    print(f"exits                 {len(kiosk.exits)}; goal 0")
    print(f"RSS                   start {first:.1f} MB, after the first tour {toured:.1f} MB, "
          f"end {end:.1f} MB")
    print(f"growth after tour     {growth:+.1f} MB; goal < 5 MB"
          + ("" if not kiosk.exits else " (since the last restart)"))
    print(f"growth, second half   {late[0]:+.1f} MB over the last {late[1]:.0f} min "
          "(near 0 if what grew was a one-off)")
    print(f"growth from start     {end - first:+.1f} MB")
    if None not in blocks:
        start_blocks, end_blocks = blocks
        print(f"objects in use        {start_blocks} after the tour, {end_blocks} at the end (the "
              "kiosk's log, at each reset's tidy: level while RSS climbs means pages kept, "
              "not a leak)")
    print(f"memory jumps          {len(jumps)} actions after which RSS rose {JUMP:g} MB or more")
    print(f"idle resets (log)     {resets}, for {actions['walk-away']} walk-aways (and the tour's)")
    print(f"all goals met         {'yes' if met else 'NO'}")
    print("table row: | minutes | actions (key/flood/storm/resize/burst/walk-away) | faults | "
          "exits | RSS start / after tour / end | growth after tour |")
    print(f"| {minutes:.0f} | {total} ({actions['key']}/{actions['flood']}/{actions['storm']}/"
          f"{actions['resize']}/{actions['resize burst']}/{actions['walk-away']}) | "
          f"{faults.count} | {len(kiosk.exits)} | {first:.1f} / {toured:.1f} / {end:.1f} MB | "
          f"{growth:+.1f} MB |")
    for line in jumps[:10]:
        print(f"jump: {line}")
    for line in faults.faults[:10]:
        print(f"fault: {line}")
    for exit in kiosk.exits[:3]:
        print(f"exit: {exit}")
    print("the screen at the end (140x40):")
    print(screen)
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs the exhibit")
    parser.add_argument("--warm-up", type=float, default=0, metavar="MINUTES",
                        help="after the tour's warm-up, this many minutes of the soak's own "
                             "actions before the tour's figure is read (default 0)")
    parser.add_argument("--no-unit-env", action="store_true",
                        help="start the kiosk without deploy/exhibit.env's variables (jemalloc), "
                             "on Python's allocator and glibc's")
    parser.add_argument("--self-check", action="store_true",
                        help="check the fault counting on made-up logs, and stop")
    args = parser.parse_args()
    if args.self_check:
        return self_check()
    return soak(args.minutes, args.seed, args.python, args.warm_up, not args.no_unit_env)


if __name__ == "__main__":
    raise SystemExit(main())
