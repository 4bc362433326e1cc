"""Extended SGR colours (38/48 with ;5;n and ;2;r;g;b): our screen reads them as plain pyte does.

Our screen splits SGR parameters to handle faint (2) and normal intensity
(22) itself; the numbers inside an extended colour are not SGRs of their
own, so a 2 or a 0 there must not turn faint or reset the attributes.
"""

from __future__ import annotations

import pyte
import pytest

from emulator.terminal import Terminal

SEQUENCES = [
    "\x1b[38;5;2mX",                 # 256-colour index 2: not "faint"
    "\x1b[48;5;0mX",                 # index 0: not a reset
    "\x1b[38;5;22mX",                # index 22: not "normal intensity"
    "\x1b[38;2;0;2;22mX",            # true colour with 0, 2 and 22 in it
    "\x1b[1;38;2;255;128;0;48;5;17mX",
    "\x1b[4;48;2;10;20;30;38;5;196mX",
    "\x1b[38;5;240;7mX",             # a colour, then reverse
    "\x1b[31m\x1b[38;5;2;1mX",
]


def pyte_cell(data: str):
    screen = pyte.Screen(10, 2)
    stream = pyte.Stream(screen)
    stream.feed(data)
    return screen.buffer[0][0]


def our_cell(data: str):
    terminal = Terminal(10, 2)
    for ch in data:
        terminal.output(ord(ch))
    terminal.flush()
    return terminal.styles_at(0, [0])[0]


@pytest.mark.parametrize("data", SEQUENCES)
def test_extended_colours_read_as_plain_pyte_reads_them(data):
    ours, theirs = our_cell(data), pyte_cell(data)
    assert ours.data == theirs.data == "X"
    assert (ours.fg, ours.bg, ours.bold, ours.underscore, ours.reverse, ours.blink) == (
        theirs.fg, theirs.bg, theirs.bold, theirs.underscore, theirs.reverse, theirs.blink)
    assert not ours.dim                    # no 2 in there was faint


def test_faint_and_normal_intensity_still_work_beside_a_colour():
    cell = our_cell("\x1b[38;5;2;2mX")
    assert cell.fg == pyte_cell("\x1b[38;5;2mX").fg and cell.dim
    assert not our_cell("\x1b[2;38;2;1;2;3;22mX").dim


def test_an_underline_colour_is_skipped_whole():
    # 58;5;n is the underline's colour, which pyte does not keep; its 5 is
    # not "blink" and its n not an SGR.
    cell = our_cell("\x1b[58;5;1;4mX")
    assert cell.underscore and not cell.blink and cell.fg == "default"
