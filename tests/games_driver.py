"""Driving the BBC stop's games headless, one tick at a time.

The games never wait for a key while they play. Paused, though, a game
waits in GETC, and '.' lets exactly one tick pass: a test pauses at the
first tick (the title reads SPACE, the first tick reads P) and then steps
the game, so every screen is the same on every run, whatever the host.
"""

from __future__ import annotations

import re

RIGHT, LEFT, UP, DOWN = "\x1b[C", "\x1b[D", "\x1b[A", "\x1b[B"
READY_TICKS = 16


def start_paused(m):
    """Start a game and pause it on its first tick."""
    assert m.wait_for_text("Press SPACE to play")
    m.type(" p")
    assert m.wait_for_input(), "the game did not pause"
    assert m.terminal.contains("PAUSED")


def step(m, keys="", ticks=1):
    m.type(keys + "." * ticks)
    assert m.wait_for_input(), "the game did not come back to its pause"


def score(m) -> int:
    found = re.search(r"SCORE +(\d+)", m.terminal.lines()[0])
    assert found, m.terminal.text()
    return int(found.group(1))


def lives(m) -> int:
    found = re.search(r"LIVES (\d)", m.terminal.text())
    assert found, m.terminal.text()
    return int(found.group(1))


def wait_for_demo_score(m, tries: int) -> None:
    """Let the title screen's demo play until it has scored (or ``tries`` short waits pass)."""
    for _ in range(tries):
        if m.terminal.contains("DEMO") and score(m) > 0:
            return
        m.wait_for_text("never shown", timeout=0.02)
