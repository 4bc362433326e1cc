"""``python -m exhibit stats``: the visit figures, for the whole fleet and for each kiosk.

The figures come from the store (``--data``, or the server ``--store`` or
the kiosk settings ``--config`` name): with one kiosk, one table; with a
fleet, a table of the kiosks and then one table per kiosk.
"""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.table import Table

from emulator.store import Figures, PostError
from exhibit.settings import SettingsError, command_place

NAME = "stats"
HELP = "print the visit figures: sessions, stops opened, time per stop, programs started"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Reads the main parser's --data, --store and --config."""


def table(figures: Figures, width: int = 20) -> Table:
    sessions = figures.sessions
    where = f" at {figures.kiosk}" if figures.kiosk else ""
    out = Table(title=f"Visits{where}: {sessions} session{'s' if sessions != 1 else ''}")
    out.add_column("stop")
    out.add_column("opened", justify="right")
    out.add_column("minutes", justify="right")
    out.add_column("programs", justify="right")
    out.add_column("share of openings")
    most = max((s.opened for s in figures.stops), default=0)
    for s in figures.stops:
        bar = "█" * max(1, round(width * s.opened / most)) if most else ""
        out.add_row(s.stop, str(s.opened), f"{s.seconds / 60:.1f}", str(s.programs), bar)
    if not figures.stops:
        out.add_row("(no visits yet)", "", "", "", "")
    return out


def fleet_table(fleet: Figures, kiosks: list[Figures]) -> Table:
    """One row a kiosk: its sessions, stops opened and minutes, and the fleet's total."""
    out = Table(title=f"The fleet: {len(kiosks)} kiosk{'s' if len(kiosks) != 1 else ''}")
    out.add_column("kiosk")
    out.add_column("sessions", justify="right")
    out.add_column("stops opened", justify="right")
    out.add_column("minutes", justify="right")
    out.add_column("programs", justify="right")
    for f in [*kiosks, fleet]:
        out.add_row(f.kiosk if f.kiosk is not None else "all kiosks",
                    str(f.sessions), str(sum(s.opened for s in f.stops)),
                    f"{sum(s.seconds for s in f.stops) / 60:.1f}",
                    str(sum(s.programs for s in f.stops)),
                    style="bold" if f.kiosk is None else "")
    return out


def run(args: argparse.Namespace) -> int:
    try:
        place = command_place(args)
        store = place.open(outbox=False)
    except (SettingsError, PostError) as e:
        print(f"exhibit stats: {e}", file=sys.stderr)
        return 1
    try:
        console = Console()
        names = store.kiosks()
        if len(names) > 1:
            fleet = store.figures()
            kiosks = [store.figures(name) for name in names]
            console.print(fleet_table(fleet, [f if f.kiosk else Figures("(unnamed)", f.sessions,
                                                                       f.stops) for f in kiosks]))
            console.print(table(fleet))
            for figures in kiosks:
                console.print(table(figures if figures.kiosk else
                                    Figures("(unnamed)", figures.sessions, figures.stops)))
        else:
            console.print(table(store.figures(names[0] if names else None)))
    except PostError as e:
        print(f"exhibit stats: {e}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
