"""Driving Exhibit BASIC headless: boot a look, type a listing, read the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from emulator import Machine

LISTINGS = Path(__file__).parent / "basic"

# The two looks, as the zx80 and bbc stops' profiles set them up.
LOOKS = {
    "BBC": {"boot": "BASIC BBC", "cols": 40, "rows": 25},
    "ZX80": {"boot": "BASIC ZX80", "cols": 32, "rows": 24},
}


def boot(make_machine: Callable[..., Machine], look: str = "BBC") -> Machine:
    """A machine running BASIC in the given look, waiting at its prompt."""
    machine = make_machine("BASIC", **LOOKS[look])
    assert machine.wait_for_input(), "BASIC did not reach its prompt"
    return machine


def enter(machine: Machine, lines: Iterable[str]) -> None:
    """Type each line and RETURN, then wait until BASIC wants more.

    Keys go in batches well under the keyboard's 4096-key queue, which
    drops what does not fit, as a real type-ahead buffer would.
    """
    batch = ""
    for line in lines:
        if len(batch) + len(line) > 2000:
            machine.type(batch)
            assert machine.wait_for_input(), "BASIC did not come back for more keys"
            batch = ""
        batch += line + "\r"
    machine.type(batch)
    assert machine.wait_for_input(), "BASIC did not come back for more keys"


def screen(machine: Machine) -> list[str]:
    """The screen's rows, trailing spaces and blank rows at the end dropped."""
    rows = [row.rstrip() for row in machine.terminal.lines()]
    while rows and not rows[-1]:
        rows.pop()
    return rows


def run_listing(machine: Machine, listing: str) -> list[str]:
    """Type a listing, clear the screen, RUN it, and return the screen."""
    lines = [line for line in listing.splitlines() if line.strip()]
    enter(machine, [*lines, "CLS", "RUN"])
    return screen(machine)
