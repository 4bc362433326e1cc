"""``python -m exhibit stats``: the visit figures as a table with a bar per stop."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from exhibit.settings import data_dir
from exhibit.visits import VisitLog

NAME = "stats"
HELP = "print the visit figures: sessions, stops opened, time per stop, programs started"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Reads the main parser's --data."""


def table(log: VisitLog, width: int = 20) -> Table:
    sessions, rows = log.summary()
    out = Table(title=f"Visits: {sessions} session{'s' if sessions != 1 else ''}")
    out.add_column("stop")
    out.add_column("opened", justify="right")
    out.add_column("minutes", justify="right")
    out.add_column("programs", justify="right")
    out.add_column("share of openings")
    most = max((r[1] for r in rows), default=0)
    for stop, opened, seconds, programs in rows:
        bar = "█" * max(1, round(width * opened / most)) if most else ""
        out.add_row(stop, str(opened), f"{seconds / 60:.1f}", str(programs), bar)
    if not rows:
        out.add_row("(no visits yet)", "", "", "", "")
    return out


def run(args: argparse.Namespace) -> int:
    log = VisitLog(data_dir(args.data) / "visits.db")
    try:
        Console().print(table(log))
    finally:
        log.db.close()
    return 0
