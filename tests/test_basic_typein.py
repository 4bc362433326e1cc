"""The type-in listings the zx80 and bbc stops print, typed and run as a visitor would.

The listings live in ``tests/basic/typein/``, and a test checks the stop
files print exactly these lines.
"""

from __future__ import annotations

import pytest
from basic_driver import LISTINGS, boot, enter, screen

TYPEIN = LISTINGS / "typein"


def listing(name: str) -> list[str]:
    return (TYPEIN / f"{name}.bas").read_text().splitlines()


def test_zx80_guessing_game_can_be_won_by_halving(make_machine):
    m = boot(make_machine, "ZX80")
    enter(m, [*listing("zx80"), "RUN"])
    assert m.terminal.contains("GUESS MY NUMBER, 1 TO 100")
    low, high = 1, 100
    for _ in range(8):
        guess = (low + high) // 2
        enter(m, [str(guess)])
        rows = screen(m)
        if rows[-2] == f"{guess} IS TOO LOW":
            low = guess + 1
        elif rows[-2] == f"{guess} IS TOO HIGH":
            high = guess - 1
        else:
            assert rows[-3:-1] == [f"YES, IT WAS {guess}", "0/80"]
            break
    else:
        pytest.fail("eight halvings always find a number from 1 to 100")


def test_zx80_listing_can_be_changed_and_run_again(make_machine):
    m = boot(make_machine, "ZX80")
    enter(m, [*listing("zx80"), "10 LET N=7", "RUN", "7"])
    assert screen(m)[-3:-1] == ["YES, IT WAS 7", "0/80"]
    enter(m, ["CLS", "LIST 10"])
    assert screen(m)[:2] == ["LIST 10", "10 LET N=7"]


def test_bbc_listing_greets_in_seven_colours(make_machine):
    m = boot(make_machine, "BBC")
    enter(m, [*listing("bbc"), "RUN", "ADA"])
    rows = screen(m)
    # MODE 2 first, as on a real BBC Micro, whose start-up MODE 7 ignores
    # COLOUR: it clears the screen before the question.
    assert rows[0] == "WHAT IS YOUR NAME? ADA"
    inks = []
    for c in range(1, 8):
        row = rows[c]
        assert row == " " * c + "HELLO ADA"
        inks.append(m.terminal.styles_at(c, [c])[0].fg)
    assert inks == ["red", "green", "brown", "blue", "magenta", "cyan", "white"]
    assert rows[-1] == ">"


@pytest.mark.parametrize("look", ["ZX80", "BBC"])
def test_hello_loop_runs_until_escape(make_machine, look):
    m = boot(make_machine, look)
    enter(m, [*listing("hello"), "CLS"])
    m.type("RUN\r")
    # The screen fills with HELLO and keeps scrolling until Escape.
    full = "\n".join(["HELLO"] * 20)
    assert m.wait_for_text(full)
    m.type("\x1b")
    assert m.wait_for_input()
    last = screen(m)[-2]
    assert last in (("D/10", "D/20") if look == "ZX80" else ("Escape at line 10", "Escape at line 20"))


@pytest.mark.parametrize("stop_id", ["zx80", "bbc"])
def test_the_stops_print_these_listings(stop_id):
    from timeline import load_timeline

    stop = next(s for s in load_timeline() if s.id == stop_id)
    assert stop.listing.splitlines() == listing(stop_id)


def test_the_zx80_listing_uses_only_the_zx80s_characters():
    # The ZX80's 64 characters have no lower case, no '!' and no '<>' pair
    # of its own (its BASIC compares with =, < and > only).
    text = "\n".join(listing("zx80"))
    assert "!" not in text and "<>" not in text and text == text.upper()


def test_mode_outside_0_to_7_is_out_of_range(make_machine):
    m = boot(make_machine, "BBC")
    enter(m, ["MODE 8"])
    assert m.terminal.contains("Out of range")
    enter(m, ["MODE 2"])                  # a good one clears the screen
    assert not m.terminal.contains("Out of range") and screen(m)[-1] == ">"
