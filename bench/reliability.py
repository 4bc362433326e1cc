"""The reliability figures: every fuzz target and injected fault, its cases, its failures.

    python bench/reliability.py [--scale N] [--python PATH]

Runs the fuzz and fault tests (``tests/test_fuzz*.py``, ``tests/test_faults.py``,
``tests/test_store_fallback.py``, ``tests/test_kiosk_log.py``) in a pytest of
their own and prints one row per test: how many cases it tried
(Hypothesis's own count of the examples it ran, or the number of
parametrised cases), how many failed (a crash, a hang past Hypothesis's
limit, a lost post: every one of these tests fails on any of them), and
how long it took. ``--scale N`` multiplies every Hypothesis target's
example count by N (``EXHIBIT_FUZZ_SCALE``, read by ``tests/fuzzing.py``):
the test run uses 1, so it stays quick; the table in ``bench/README.md``
comes from a longer run.

The fault tests each check that no post a visitor was told was saved is
missing afterwards; a lost post fails the test, so "posts lost" is the
number of failing fault cases (goal 0).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ("tests/test_fuzz.py", "tests/test_fuzz_content.py", "tests/test_faults.py",
         "tests/test_store_fallback.py", "tests/test_kiosk_log.py")
# Hypothesis's statistics, one block per test:
#   tests/test_fuzz.py::test_name:
#     - 300 passing, 0 failing, and 29 invalid test cases
STAT_HEAD = re.compile(r"^(tests/\S+?)::(\w+)(?:\[[^\]]*\])?:\s*$")
STAT_LINE = re.compile(r"-\s+(\d+) passing, (\d+) failing, and (\d+) invalid")


def run(scale: int, python: str) -> tuple[str, Path]:
    files = [f for f in FILES if (ROOT / f).exists()]
    xml = Path(tempfile.mkdtemp()) / "reliability.xml"
    env = dict(os.environ, EXHIBIT_FUZZ_SCALE=str(scale))
    # One process (-n 0 undoes the suite's two workers): Hypothesis prints its
    # statistics, which this reads, only where the tests ran.
    proc = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
                           "--hypothesis-show-statistics", f"--junitxml={xml}", *files],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return proc.stdout + proc.stderr, xml


def examples(output: str) -> dict[str, tuple[int, int]]:
    """Per test function: (examples run, examples failing), from Hypothesis's statistics."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    current = None
    for line in output.splitlines():
        head = STAT_HEAD.match(line.strip())
        if head:
            current = f"{Path(head.group(1)).stem}::{head.group(2)}"
            continue
        stat = STAT_LINE.search(line)
        if stat and current:
            found[current][0] += int(stat.group(1)) + int(stat.group(2))
            found[current][1] += int(stat.group(2))
            current = None
    return {k: (v[0], v[1]) for k, v in found.items()}


def cases(xml: Path) -> dict[str, list[float]]:
    """Per test function: [cases, failures, seconds], from the JUnit report."""
    rows: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for case in ET.parse(xml).getroot().iter("testcase"):
        name = case.get("name", "").split("[")[0]
        module = case.get("classname", "").split(".")[-1]
        row = rows[f"{module}::{name}"]
        if case.find("skipped") is not None:
            continue
        row[0] += 1
        row[1] += int(case.find("failure") is not None or case.find("error") is not None)
        row[2] += float(case.get("time", 0))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    if args.scale < 1:
        parser.error("--scale is a whole number of 1 or more")
    output, xml = run(args.scale, args.python)
    if not xml.exists():
        print(output)
        print("pytest did not run; the output above says why")
        return 2
    stats = examples(output)
    rows = cases(xml)
    total = [0, 0]
    print(f"{'target (test)':84} {'cases':>7} {'failed':>6} {'seconds':>8}")
    for name in sorted(rows):
        count, failed, seconds = rows[name]
        tried, failing = stats.get(name, (int(count), int(failed)))
        failed = max(int(failed), failing)
        total[0] += tried
        total[1] += failed
        print(f"{name:84} {tried:>7} {failed:>6} {seconds:>8.1f}")
    print(f"{'all':84} {total[0]:>7} {total[1]:>6}")
    print(f"(scale {args.scale}: Hypothesis targets ran {args.scale}x the test run's examples)")
    return 1 if total[1] else 0


if __name__ == "__main__":
    raise SystemExit(main())
