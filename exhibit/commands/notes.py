"""``python -m exhibit notes``: the presenter's notes, following the projector."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from exhibit import presenter_state
from exhibit.presenter_state import PresenterState

NAME = "notes"
HELP = "show the presenter's notes in this terminal, following a running --presenter talk"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--state", type=Path, default=None,
                        help="the state file the presenting app writes (default: its usual place)")
    parser.add_argument("--once", action="store_true",
                        help="print the notes once and exit instead of following")


def render(state: PresenterState | None, now: float | None = None) -> Panel:
    """The notes panel for one moment of the talk."""
    if state is None:
        return Panel(Text("Waiting for a talk: start one with  python -m exhibit --presenter"),
                     title="Presenter notes")
    head = Text(f"Stop {state.stop_number} of {state.stops}: {state.stop_title}", style="bold")
    part = Text(f"Showing: {state.part} ({state.part_number} of {state.parts})"
                + ("   [screen blanked]" if state.blank else ""))
    body: list[Text] = [head, part, Text("")]
    body.append(Text(state.notes or "(no notes for this stop)"))
    if state.prompts:
        body.append(Text(""))
        body.append(Text("To discuss:", style="bold"))
        body += [Text(f"  - {p}") for p in state.prompts]
    over = presenter_state.ended_at(state)
    if over is None:
        body += [Text(""), Text(f"Next: {state.next_label}", style="italic")]
        return Panel(Group(*body), title="Presenter notes",
                     subtitle=f"elapsed {presenter_state.elapsed(state, now)}")
    body += [Text(""), Text(f"The talk ended at {time.strftime('%H:%M', time.localtime(over))}. "
                            "A new one started with  python -m exhibit --presenter  shows here.",
                            style="bold")]
    return Panel(Group(*body), title="Presenter notes · the talk has ended",
                 subtitle=f"lasted {presenter_state.elapsed(state, now)}")


def run(args: argparse.Namespace) -> int:
    path = args.state or presenter_state.default_path()
    console = Console()
    if args.once:
        console.print(render(presenter_state.read(path)))
        return 0
    with Live(render(presenter_state.read(path)), console=console, screen=False,
              refresh_per_second=4) as live:
        while True:
            time.sleep(0.5)
            live.update(render(presenter_state.read(path)))
