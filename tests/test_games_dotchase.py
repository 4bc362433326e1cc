"""DOTCHASE, the BBC stop's maze chase, played headless.

The game never waits for a key while it plays, so ``wait_for_input`` is
no use there. Paused, though, it waits in GETC, and '.' lets exactly one
tick pass: a test pauses at the first tick (the title reads SPACE, the
first tick reads P) and then steps the game, so every screen below is the
same on every run, whatever the host's speed.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
from games_driver import DOWN, LEFT, READY_TICKS, RIGHT, UP, lives, score, start_paused, step, wait_for_demo_score

import roms

ARROW = {(0, 1): RIGHT, (0, -1): LEFT, (-1, 0): UP, (1, 0): DOWN}
MAZE_ROW0 = 2          # screen row (from 0) of maze row 0
START = (15, 19)       # the player's cell


def boot(make_machine):
    return make_machine("DOTCHASE", cols=40, rows=25)










def maze() -> list[str]:
    """The maze as the program's source draws it (the DB lines after MAZE:)."""
    src = (Path(roms.programs_dir()) / "dotchase.mac").read_text()
    body = src.split("\nMAZE:\n", 1)[1]
    return re.findall(r"DB\s+'([^']*)'", body.split("DSEG", 1)[0])


def path_to(goal: tuple[int, int], start: tuple[int, int] = START) -> list[tuple[int, int]]:
    """Steps (dy, dx) from start to a cell, shortest first, as a player walks."""
    grid = maze()
    prev: dict[tuple[int, int], tuple[int, int] | None] = {start: None}
    todo = deque([start])
    while todo:
        y, x = todo.popleft()
        if (y, x) == goal:
            break
        for dy, dx in ARROW:
            n = (y + dy, (x + dx) % len(grid[0]))
            if grid[n[0]][n[1]] not in "#-" and n not in prev:
                prev[n] = (y, x)
                todo.append(n)
    steps = []
    here = goal
    while (before := prev[here]) is not None:
        dx = here[1] - before[1]
        if abs(dx) > 1:                  # through the side tunnel
            dx = -1 if dx > 0 else 1
        steps.append((here[0] - before[0], dx))
        here = before
    return steps[::-1]


def figures(m, glyphs: str) -> list[tuple[int, int]]:
    """Maze cells showing any of the glyphs."""
    rows = m.terminal.lines()[MAZE_ROW0:MAZE_ROW0 + 21]
    return [(y, x) for y, row in enumerate(rows) for x, c in enumerate(row) if c in glyphs]


def cell(m, y: int, x: int) -> str:
    return m.terminal.lines()[MAZE_ROW0 + y][x]


def test_title_shows_the_keys_the_chasers_and_the_table(make_machine):
    m = boot(make_machine)
    assert m.wait_for_text("Press SPACE to play")
    assert m.terminal.contains("D O T C H A S E", "arrows or W A S D", "P to pause",
                               "RUSH", "SLY", "DOZY", "TIMID", "HIGH SCORES", "1.     0  ---")


def test_eating_a_dot_scores_ten(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, ticks=READY_TICKS)
    assert score(m) == 0
    assert m.terminal.contains("PAUSED")     # stepping: still paused after READY
    assert maze()[15][20] == "."
    step(m, RIGHT)                       # one tick: one cell, onto a dot
    assert score(m) == 10
    assert cell(m, 15, 20) in "<O"       # the player stands where the dot was
    step(m, ticks=3)                     # a wall ahead: it waits, nothing more eaten
    assert score(m) == 10
    step(m, UP, ticks=2)                 # turns up the corridor: two more dots
    assert score(m) == 30


def test_letter_keys_steer_like_the_arrows(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, ticks=READY_TICKS)
    step(m, "a")                         # A: left, onto the dot at column 18
    assert score(m) == 10
    assert cell(m, 15, 18) in ">O"


def test_the_same_keys_replay_the_same_game(make_machine):
    screens = []
    for _ in range(2):
        m = boot(make_machine)
        start_paused(m)
        step(m, RIGHT, ticks=READY_TICKS + 2)
        step(m, UP, ticks=40)
        screens.append(m.terminal.text())
        m.stop()
    assert screens[0] == screens[1]


def test_a_chaser_touching_the_player_costs_a_life(make_machine):
    m = boot(make_machine)
    start_paused(m)
    assert lives(m) == 3
    for _ in range(40):                  # standing still: a chaser comes
        step(m, ticks=10)
        if lives(m) < 3:
            break
    assert lives(m) == 2
    assert m.terminal.contains("READY!")  # the next life begins
    assert score(m) == 0


def test_a_power_pill_turns_the_chasers_blue_and_they_can_be_eaten(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, ticks=READY_TICKS)
    route = path_to((15, 37))
    for move in route:
        step(m, ARROW[move])
    assert cell(m, 15, 37) in "<>^VO"
    assert figures(m, "W"), "no chaser turned blue"
    before = score(m)
    assert before >= 50
    # Blue chasers are slow: run at the nearest one until it is caught.
    for _ in range(60):
        blue = figures(m, "W")
        if not blue or score(m) >= before + 200:
            break
        me = figures(m, "<>^VO")[0]
        route = min((path_to(b, me) for b in blue), key=len)
        step(m, ARROW[route[0]])
    assert score(m) >= before + 200, "no blue chaser was caught"
    assert figures(m, '"'), "the caught chaser's eyes are not going home"
    # The blue time ends and no chaser is blue any more.
    step(m, ticks=80)
    assert not figures(m, "W")


def test_pause_holds_the_game_and_p_plays_on(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, RIGHT, ticks=READY_TICKS + 1)
    frozen = m.terminal.text()
    assert m.wait_for_input()            # paused: waiting in GETC, no ticks pass
    assert m.terminal.text() == frozen
    m.type("p")
    assert m.wait_for_text("LIVES")
    assert not m.wait_for_input(timeout=0.5)   # playing: never waits for keys
    assert not m.terminal.contains("PAUSED")


def test_game_over_puts_the_score_in_the_table_with_initials(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, ticks=READY_TICKS)
    step(m, RIGHT)                       # 10 points, then stand and be caught
    for _ in range(200):
        if m.terminal.contains("GAME OVER"):
            break
        step(m, ticks=10)
    assert m.terminal.contains("GAME OVER")
    m.type("." * 40 + "abc\r")           # the rest of the pause, then initials
    assert m.wait_for_text("Press SPACE to play")
    assert m.terminal.contains("1.    10  ABC", "2.     0  ---")


def test_the_demo_plays_by_itself_and_a_key_starts_a_game(make_machine):
    m = boot(make_machine)
    assert m.wait_for_text("DEMO - press any key", timeout=30)
    assert m.wait_for_text("LEVEL 1   DEMO")
    wait_for_demo_score(m, 300)
    assert score(m) > 0, "the demo player ate nothing"
    m.type(" ")
    assert m.wait_for_text("READY!")
    assert not m.terminal.contains("DEMO")
    assert score(m) == 0


@pytest.mark.parametrize("key", ["\x1b", "\x03"])
def test_escape_or_ctrl_c_ends_the_game(make_machine, key):
    m = boot(make_machine)
    start_paused(m)
    m.type(key)
    assert m.wait_for_text("Press SPACE to play")


def test_a_tick_redraws_only_what_moved(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, ticks=READY_TICKS)
    step(m, LEFT)
    before = m.terminal.bytes_out
    step(m, ticks=40)                    # five figures moving, dots eaten, the score
    per_tick = (m.terminal.bytes_out - before) / 40
    assert per_tick < 120                # a whole screen would be well over 1000
