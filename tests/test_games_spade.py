"""SPADE, the BBC stop's ladders-and-monsters game, played headless.

As with DOTCHASE, the game never waits for keys while it plays; a test
pauses it on its first tick (the title reads SPACE, the first tick reads
P) and then steps it one tick per '.', so every screen is the same on
every run, whatever the host's speed.
"""

from __future__ import annotations

import pytest
from games_driver import LEFT, READY_TICKS, RIGHT, UP, lives, score, start_paused, step, wait_for_demo_score

MAP_ROW0 = 2            # screen row (from 0) of map row 0
AIR_ROW, AIR_COL, AIR_CELLS = 23, 23, 16     # the meter, from 0


def boot(make_machine):
    return make_machine("SPADE", cols=40, rows=25)










def row(m, y: int) -> str:
    return m.terminal.lines()[MAP_ROW0 + y]


def player(m) -> tuple[int, int]:
    for y in range(21):
        for x, c in enumerate(row(m, y)):
            if c in "db":
                return y, x
    raise AssertionError("no player on the screen")


def monsters_on(m, y: int) -> list[int]:
    return [x for x, c in enumerate(row(m, y)) if c == "&"]


def dig_in_the_way(m) -> int:
    """Stand still until a monster comes onto the player's girder, then dig
    a hole through on its side; the hole's column."""
    for _ in range(400):
        if monsters_on(m, 19):
            break
        step(m)
    coming = monsters_on(m, 19)
    assert coming, "no monster came down to the player's girder"
    x = player(m)[1]
    way = LEFT if coming[0] < x else RIGHT
    hole = x - 1 if way == LEFT else x + 1
    step(m, way + "z")                   # turn (digging stops the player) and dig
    assert row(m, 20)[hole] == "-"       # half dug
    step(m, "z")                         # one stroke of the spade a tick
    assert row(m, 20)[hole] == " "       # dug through
    return hole


def wait_for_a_fall(m, hole: int) -> None:
    for _ in range(60):
        if row(m, 20)[hole] == "&":
            return
        step(m)
    raise AssertionError("no monster fell in:\n" + m.terminal.text())


def air_cells(m) -> int:
    cells = m.terminal.styles_at(AIR_ROW, range(AIR_COL, AIR_COL + AIR_CELLS))
    return sum(1 for c in cells if c.bg == "green")


def test_title_shows_the_story_and_the_keys(make_machine):
    m = boot(make_machine)
    assert m.wait_for_text("Press SPACE to play")
    assert m.terminal.contains("S P A D E", "arrows or W A S D", "Z or SPACE dig", "X fill in",
                               "P to pause", "HIGH SCORES", "air runs out")


def test_the_level_has_girders_ladders_and_monsters(make_machine):
    m = boot(make_machine)
    start_paused(m)
    assert player(m) == (19, 20)
    assert set(row(m, 20)[1:39]) == {"="}            # the bottom girder, whole
    assert row(m, 4)[6] == "H" and row(m, 5)[6] == "H"   # a ladder through a girder
    assert m.terminal.text().count("&") == 3         # level 1: three monsters
    assert air_cells(m) == AIR_CELLS


def test_walking_and_climbing(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, ticks=READY_TICKS)
    step(m, LEFT, ticks=3)
    assert player(m) == (19, 17)
    assert row(m, 19)[17] == "b"                      # facing left
    step(m, UP)                                       # no ladder here: remembered
    step(m, ticks=6)                                  # walks to the ladder at 11, climbs
    y, x = player(m)
    assert x == 11 and y < 19
    step(m, ticks=6)
    assert player(m) == (15, 11)                      # up on the next girder, stopped


def test_a_monster_falls_in_a_hole_and_filling_it_buries_it(make_machine):
    m = boot(make_machine)
    start_paused(m)
    hole = dig_in_the_way(m)
    wait_for_a_fall(m, hole)
    assert score(m) == 50                # 50 for a monster stuck
    assert m.terminal.text().count("&") == 3
    step(m, "x")                         # fill it in on top of the monster
    assert row(m, 20)[hole] == "="
    assert m.terminal.text().count("&") == 2
    assert score(m) == 150               # and 100 for burying it at level 1


def test_a_stuck_monster_climbs_out_and_mends_the_hole(make_machine):
    m = boot(make_machine)
    start_paused(m)
    hole = dig_in_the_way(m)
    wait_for_a_fall(m, hole)
    # A hole on the other side too, so nothing else reaches the player.
    x = player(m)[1]
    step(m, (RIGHT if hole < x else LEFT) + "z")
    step(m, "z")
    for _ in range(80):                  # leave it: it climbs out
        step(m)
        if row(m, 20)[hole] != "&":
            break
    assert row(m, 20)[hole] == "="       # out, and the girder is whole
    assert row(m, 19)[hole] == "&"
    assert score(m) == 50                # stuck once, never buried
    assert lives(m) == 3


def test_a_monster_touching_the_player_costs_a_life(make_machine):
    m = boot(make_machine)
    start_paused(m)
    assert lives(m) == 3
    for _ in range(40):
        step(m, ticks=10)
        if lives(m) < 3:
            break
    assert lives(m) == 2
    assert m.terminal.contains("READY!")
    assert player(m) == (19, 20)          # back at the start


def test_the_air_runs_down(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, ticks=READY_TICKS)
    assert air_cells(m) == AIR_CELLS
    step(m, ticks=6 * 8)                  # a unit of air every 6 ticks, 8 units a cell
    assert air_cells(m) == AIR_CELLS - 1
    step(m, ticks=6 * 8)                  # (before the first monster arrives)
    assert air_cells(m) == AIR_CELLS - 2


def test_the_same_keys_replay_the_same_game(make_machine):
    screens = []
    for _ in range(2):
        m = boot(make_machine)
        start_paused(m)
        step(m, LEFT, ticks=30)
        step(m, "z", ticks=60)
        screens.append(m.terminal.text())
        m.stop()
    assert screens[0] == screens[1]


def test_game_over_puts_the_score_in_the_table(make_machine):
    m = boot(make_machine)
    start_paused(m)
    wait_for_a_fall(m, dig_in_the_way(m))
    assert score(m) == 50
    for _ in range(200):                  # then stand and be caught
        if m.terminal.contains("GAME OVER"):
            break
        step(m, ticks=10)
    assert m.terminal.contains("GAME OVER")
    final = score(m)
    assert final >= 50
    m.type("." * 40 + "zed\r")
    assert m.wait_for_text("Press SPACE to play")
    assert m.terminal.contains(f"1. {final:5d}  ZED", "2.     0  ---")


def test_the_demo_plays_by_itself_and_a_key_starts_a_game(make_machine):
    m = boot(make_machine)
    assert m.wait_for_text("DEMO - press any key", timeout=30)
    wait_for_demo_score(m, 500)
    assert score(m) > 0, "the demo player trapped nothing"
    m.type("x")
    assert m.wait_for_text("READY!")
    assert not m.terminal.contains("DEMO")
    assert score(m) == 0


@pytest.mark.parametrize("key", ["\x1b", "\x03"])
def test_escape_or_ctrl_c_ends_the_game(make_machine, key):
    m = boot(make_machine)
    start_paused(m)
    m.type(key)
    assert m.wait_for_text("Press SPACE to play")



def test_the_demo_buries_every_monster_and_the_next_level_is_faster(make_machine):
    m = boot(make_machine)
    assert m.wait_for_text("DEMO - press any key", timeout=30)
    assert m.wait_for_text("LEVEL 2", timeout=90), m.terminal.text()
    assert score(m) >= 3 * 150                      # three stuck and buried, and the bonus


def test_a_tick_redraws_only_what_moved(make_machine):
    m = boot(make_machine)
    start_paused(m)
    step(m, ticks=READY_TICKS)
    step(m, LEFT)
    before = m.terminal.bytes_out
    step(m, ticks=40)                    # the player and three monsters moving
    per_tick = (m.terminal.bytes_out - before) / 40
    assert per_tick < 120                # a whole screen would be well over 1000
