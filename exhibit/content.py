"""Load the stops for a command, or print every mistake in them as file:line."""

from __future__ import annotations

import sys
from pathlib import Path

from timeline import ContentError, Stop, load_timeline


def load_or_report(folder: Path | None) -> list[Stop] | None:
    """The stops in time order; None (after printing each problem) when there are mistakes."""
    try:
        return load_timeline(folder)
    except ContentError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print("exhibit: the content has mistakes (above); fix them and try again.",
              file=sys.stderr)
        return None
