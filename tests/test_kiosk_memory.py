"""The kiosk's memory as its systemd units start it: jemalloc for every object.

``deploy/exhibit.env`` preloads jemalloc and turns Python's own allocator
off. Python's arenas and glibc's heap keep every page a few long-lived
objects still pin, so a kiosk climbed 12-15 MB over its first hour and stayed
there; jemalloc hands the pages back (bench/README.md, the hour). These
tests start Python the way the units do and check that it is so.
"""

from __future__ import annotations

import ctypes.util
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
ENV = DEPLOY / "exhibit.env"

# A visit, in small: many objects made and let go around a few that stay
# (one in 512, as a visit leaves the next timeline and a log record or two
# among the screens it closes); then the kiosk's own tidy-up.
VISIT = """
from exhibit.kiosk import allocator, give_back_memory, memory_in_use, resident_mb
base = resident_mb()
kept, visit = [], []
for i in range(400_000):
    (kept if i % 512 == 0 else visit).append({"n": i, "text": "x" * (i % 40)})
peak = resident_mb()
del visit
offered = give_back_memory()
after = resident_mb()
print(allocator())
print(memory_in_use())
print(offered, (after - base) / (peak - base))
"""


def jemalloc_installed() -> bool:
    # Found, not loaded: jemalloc cannot be loaded into a process already running.
    return ctypes.util.find_library("jemalloc") is not None


def visit(tmp_path: Path, *, as_the_units_do: bool) -> tuple[str, str, bool, float]:
    """Run VISIT in a fresh Python, with deploy/exhibit.env's variables or without."""
    script = tmp_path / "visit.py"
    script.write_text(VISIT)
    source = f"set -a; . {shlex.quote(str(ENV))}; set +a; " if as_the_units_do else ""
    done = subprocess.run(["bash", "-c", f"{source}exec {shlex.quote(sys.executable)} {script}"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    which, in_use, last = done.stdout.strip().splitlines()[-3:]
    offered, kept = last.split()
    return which, in_use, offered == "True", float(kept)


needs_jemalloc = pytest.mark.skipif(not jemalloc_installed(),
                                    reason="libjemalloc2 is not installed (apt-get install libjemalloc2)")


@needs_jemalloc
def test_as_the_units_start_it_a_visits_pages_go_back(tmp_path):
    which, in_use, offered, kept = visit(tmp_path, as_the_units_do=True)
    assert which == "jemalloc for every object"
    assert re.fullmatch(r"objects take \d+\.\d MB \(jemalloc\)", in_use), in_use
    assert offered
    assert kept < 0.4, f"{kept:.0%} of the visit's memory still resident"
    # Without the units' variables nearly all of it stays: the reason they set them.
    which, in_use, offered, plain = visit(tmp_path, as_the_units_do=False)
    assert which.startswith("Python's own allocator")
    assert re.fullmatch(r"Python holds \d+ thousand blocks", in_use), in_use
    assert kept < plain / 2, (kept, plain)


def test_every_kiosk_unit_gives_the_kiosk_the_same_variables():
    """The console and browser units read exhibit.env; the graphical one says the
    same three on its command line (so cage and foot keep their own allocator)."""
    wanted = {line.split("=", 1)[0]: line.split("=", 1)[1] for line in ENV.read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    assert wanted["LD_PRELOAD"] == "libjemalloc.so.2" and wanted["PYTHONMALLOC"] == "malloc"
    for unit in ("exhibit-kiosk.service", "exhibit-serve.service"):
        assert "EnvironmentFile=/home/exhibit/exhibit.env" in (DEPLOY / unit).read_text().splitlines()
    cage = next(line for line in (DEPLOY / "exhibit-kiosk-cage.service").read_text().splitlines()
                if line.startswith("ExecStart="))
    words = cage.split()
    start = words.index("/usr/bin/env") + 1
    inline = dict(word.split("=", 1) for word in words[start:start + len(wanted)])
    assert inline == wanted
    assert words[start + len(wanted)].endswith("/bin/python")
