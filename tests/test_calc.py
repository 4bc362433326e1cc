"""CALC, the desktop stop's spreadsheet: typed into headless, read off the pyte screen."""

from __future__ import annotations

import importlib.util
import random

import pytest

import roms
from emulator import Machine, Profile
from roms import build

UP, DOWN, RIGHT, LEFT, HOME = b"\x1b[A", b"\x1b[B", b"\x1b[C", b"\x1b[D", b"\x1b[H"
ESC = b"\x1b"
DEMO_WIDTHS = [13, 7, 7, 8, 11, 8, 9, 9]
BLANK_WIDTHS = [9] * 8


def keys(m, data) -> None:
    m.type(data)
    assert m.wait_for_input(), "CALC stopped answering"


def start(make_machine, **settings):
    m = make_machine("CALC", **settings)
    assert m.wait_for_input()
    assert m.terminal.contains("READY")
    return m


def goto(m, addr: str) -> None:
    """Home, then the arrow keys to a cell like 'C12'."""
    col, row = ord(addr[0].upper()) - ord("A"), int(addr[1:])
    keys(m, HOME + RIGHT * col + DOWN * (row - 1))
    assert m.terminal.lines()[0].startswith(f"{addr.upper()}:")


def enter(m, addr: str, text: str) -> None:
    goto(m, addr)
    keys(m, text.encode() + b"\r")


def blank(m) -> None:
    """/ Worksheet Erase Yes: an empty sheet, every column 9 wide."""
    keys(m, b"/WEY")
    assert m.terminal.lines()[0].startswith("A1:")


def shown(m, addr: str, widths=BLANK_WIDTHS) -> str:
    """What the grid shows in a cell (it must be on the screen)."""
    col, row = ord(addr[0].upper()) - ord("A"), int(addr[1:])
    for line in m.terminal.lines()[4:23]:
        if line[:4] == f"{row:>3} ":
            x = 4 + sum(widths[:col])
            return line[x:x + widths[col]].strip()
    raise AssertionError(f"row {row} is not on the screen")


def contents(m, addr: str) -> str:
    """What the control panel says the cell holds."""
    goto(m, addr)
    return m.terminal.lines()[0][len(addr) + 2:72].rstrip()


def test_demo_sheet_is_there_at_the_start(make_machine):
    m = start(make_machine)
    screen = m.terminal
    assert screen.contains("BRAMBLEFIELD HOUSE", "Care staff", "Total a week", "Left over")
    assert screen.lines()[0].startswith("D7: 2.05")
    assert shown(m, "E7", DEMO_WIDTHS) == "922.50"
    assert shown(m, "E12", DEMO_WIDTHS) == "1,866.00"
    assert shown(m, "E18", DEMO_WIDTHS) == "2,968.00"
    # The column letters stand over their columns.
    header = screen.lines()[3]
    assert header.index("A") == 4 + 6 and header.index("B") == 4 + 13 + 3
    # The cell pointer is drawn in reverse video over the whole cell.
    y, x = 4 + 6, 4 + 13 + 7 + 7
    cells = screen.styles_at(y, range(x, x + 8))
    assert all(c.reverse for c in cells)
    assert not screen.styles_at(y, [x + 8])[0].reverse


def test_what_if_one_rate_changes_every_total(make_machine):
    m = start(make_machine)
    keys(m, b"2.50\r")              # the pointer starts on D7
    assert shown(m, "D7", DEMO_WIDTHS) == "2.50"
    assert shown(m, "E7", DEMO_WIDTHS) == "1,125.00"
    assert shown(m, "E12", DEMO_WIDTHS) == "2,068.50"
    assert shown(m, "E15", DEMO_WIDTHS) == "68.95"
    assert shown(m, "E16", DEMO_WIDTHS) == "107,562.00"
    assert shown(m, "E18", DEMO_WIDTHS) == "-7,562.00"
    # The share column divides by the total BELOW it: never stale.
    assert shown(m, "F7", DEMO_WIDTHS) == "54.4"
    # One more carer: the head count total and the money follow.
    enter(m, "B7", "13")
    assert shown(m, "B12", DEMO_WIDTHS) == "24"
    assert shown(m, "E12", DEMO_WIDTHS) == "2,162.25"
    assert shown(m, "E18", DEMO_WIDTHS) == "-12,437.00"


def test_numbers_labels_and_arithmetic(make_machine):
    m = start(make_machine)
    blank(m)
    enter(m, "A1", "12.5")
    enter(m, "A2", "-3")
    enter(m, "A3", "+A1*A2")
    enter(m, "A4", "+(A1+A2)*2-1/4")
    enter(m, "A5", "+A1+A2*2")          # * before +
    enter(m, "A6", "-A1/0.3")
    enter(m, "A7", ".126")              # two decimals are kept
    enter(m, "B1", "Rent")
    enter(m, "B2", '"Right')
    enter(m, "B3", "^Mid")
    enter(m, "B4", "\\=")
    assert shown(m, "A1") == "12.50"
    assert shown(m, "A2") == "-3.00"
    assert shown(m, "A3") == "-37.50"
    assert shown(m, "A4") == "18.75"
    assert shown(m, "A5") == "6.50"
    assert shown(m, "A6") == "-41.67"
    assert shown(m, "A7") == "0.12"
    lines = m.terminal.lines()
    assert lines[4][13:22] == "Rent     "
    assert lines[5][13:22] == "    Right"
    assert lines[6][13:22] == "   Mid   "
    assert lines[7][13:22] == "=" * 9
    assert contents(m, "B1") == "'Rent"
    assert contents(m, "A4") == "+(A1+A2)*2-1/4"


def test_range_format_fixed_places_and_commas(make_machine):
    m = start(make_machine)
    blank(m)
    keys(m, b"/WC15\r")
    w = [15] + BLANK_WIDTHS[1:]
    enter(m, "A1", "1234567.891")
    enter(m, "A2", "-0.5")
    enter(m, "A3", "+A1")
    assert shown(m, "A1", w) == "1234567.89"
    keys(m, b"/RF")
    assert m.terminal.lines()[1].startswith("Fixed  ,  Reset")
    keys(m, b"F0\rA1..A2\r")
    assert shown(m, "A1", w) == "1234568" and shown(m, "A2", w) == "-1"
    assert contents(m, "A1") == "(F0) 1234567.891"
    keys(m, b"/RF,\rA3\r")          # commas, the two places offered
    assert shown(m, "A3", w) == "1,234,567.89"
    enter(m, "A3", "-999.999")          # the format stays with the cell
    assert shown(m, "A3", w) == "-999.99"
    keys(m, b"/RF,1\rA3\r")
    enter(m, "A3", "-1234")
    assert shown(m, "A3", w) == "-1,234.0"
    keys(m, b"/RF,7\r")
    assert "ERROR" in m.terminal.lines()[0] and m.terminal.contains("type 0, 1 or 2")
    keys(m, b"\r" + ESC + ESC)
    keys(m, b"/CA1\rB1\r")             # the format is copied with the cell
    assert contents(m, "B1") == "(F0) 1234567.891"
    assert shown(m, "B1", w) == "1234568"
    keys(m, b"/RFRA1..A3\r")
    assert shown(m, "A1", w) == "1234567.89" and shown(m, "A3", w) == "-1234.00"


def test_functions_over_ranges(make_machine):
    m = start(make_machine)
    blank(m)
    for n, v in enumerate(["4", "-2", "10", "Label", ""], start=1):
        if v:
            enter(m, f"A{n}", v)
    enter(m, "B1", "@SUM(A1..A5)")
    enter(m, "B2", "@AVG(A1..A5)")      # labels and blanks are not counted
    enter(m, "B3", "@MIN(A1.A5)")
    enter(m, "B4", "@max(a1..a5)")
    enter(m, "B5", "@COUNT(A1..A5)")
    enter(m, "B6", "@SUM(A1..A2,A3*2,100)")
    enter(m, "B7", "@AVG(C1..C9)")      # nothing to average: ERR
    assert [shown(m, f"B{n}") for n in range(1, 8)] == [
        "12.00", "4.00", "-2.00", "10.00", "3.00", "122.00", "ERR"]


def test_recalculation_follows_references_below_and_to_the_right(make_machine):
    m = start(make_machine)
    blank(m)
    # Each formula refers to a cell entered after it, below or to its right.
    enter(m, "A1", "+B1*2")
    enter(m, "B1", "+A2+1")
    enter(m, "A2", "+C3-@SUM(D1..D3)")
    enter(m, "C3", "100")
    enter(m, "D3", "1.5")
    assert shown(m, "A2") == "98.50"
    assert shown(m, "B1") == "99.50"
    assert shown(m, "A1") == "199.00"
    enter(m, "C3", "0")                 # one change runs up the whole chain
    assert [shown(m, a) for a in ("A2", "B1", "A1")] == ["-1.50", "-0.50", "-1.00"]


def test_a_circular_reference_shows_err_and_circ(make_machine):
    m = start(make_machine)
    blank(m)
    enter(m, "C1", "+A1+1")
    enter(m, "A1", "+B1")
    enter(m, "B1", "+A1*2")
    assert shown(m, "A1") == "ERR" and shown(m, "B1") == "ERR" and shown(m, "C1") == "ERR"
    assert "CIRC" in m.terminal.lines()[23]
    enter(m, "B1", "7")                 # broken: values come back
    assert shown(m, "A1") == "7.00" and shown(m, "C1") == "8.00"
    assert "CIRC" not in m.terminal.lines()[23]
    enter(m, "D1", "+D1")               # a cell that names itself
    assert shown(m, "D1") == "ERR"
    assert "CIRC" in m.terminal.lines()[23]


def test_division_by_zero_and_overflow_are_err_cells(make_machine):
    m = start(make_machine)
    blank(m)
    enter(m, "A1", "+5/B1")
    enter(m, "A2", "+A1+1")             # ERR spreads to what depends on it
    enter(m, "A3", "20000000*2")
    enter(m, "A4", "99999999999")
    enter(m, "A5", "21474836.47")
    enter(m, "A6", "+A5+0.01")
    enter(m, "A7", "-21474836.47")
    assert [shown(m, f"A{n}") for n in range(1, 8)] == ["ERR", "ERR", "ERR", "ERR", "*" * 8, "ERR",
                                                         "*" * 8]
    keys(m, b"/WC12\r")                 # a wider column shows the big number
    assert shown(m, "A5", [12] + BLANK_WIDTHS[1:]) == "21474836.47"
    assert shown(m, "A7", [12] + BLANK_WIDTHS[1:]) == "*" * 11
    enter(m, "B1", "4")
    assert shown(m, "A1", [12] + BLANK_WIDTHS[1:]) == "1.25"
    assert shown(m, "A2", [12] + BLANK_WIDTHS[1:]) == "2.25"


def test_a_formula_calc_cannot_read_is_an_error_to_put_right(make_machine):
    m = start(make_machine)
    blank(m)
    enter(m, "A1", "5")
    goto(m, "A1")
    keys(m, b"+A1*(2")
    keys(m, b"\r")
    screen = m.terminal
    assert "ERROR" in screen.lines()[0]
    assert screen.contains("Not a formula CALC can read")
    keys(m, b" ")                       # the key that clears the message
    assert "VALUE" in screen.lines()[0]
    assert screen.lines()[1].startswith("+A1*(2")
    keys(m, b")\r")
    assert shown(m, "A1") == "ERR"      # A1 now refers to itself
    assert "CIRC" in screen.lines()[23]
    assert contents(m, "A1") == "+A1*(2)"
    for bad in ("+Z1", "@FOO(A1)", "+A1..A3", "3+", "@SUM(A1..)", "+A51", "..5"):
        goto(m, "B2")
        keys(m, bad.encode() + b"\r")
        assert "ERROR" in screen.lines()[0], bad
        keys(m, b"\r" + ESC)
        assert "READY" in screen.lines()[0], bad
        assert contents(m, "B2") == "", bad


def test_a_formula_typed_the_modern_way_gets_a_hint(make_machine):
    m = start(make_machine)
    blank(m)
    enter(m, "B1", "3")
    goto(m, "A1")
    keys(m, b"=B1*2\r")
    assert "ERROR" in m.terminal.lines()[0] and m.terminal.contains("+B6*C6, not =B6*C6")
    keys(m, b"\r")
    keys(m, b"\x08" * 5 + b"+B1*2\r")
    assert shown(m, "A1") == "6.00"
    goto(m, "A2")
    keys(m, b"'=B1*2\r")               # a label that starts with = still can
    assert shown(m, "A2") == "=B1*2"


def test_the_desktop_disk_boots_to_a_prompt_and_calc_runs_from_it(make_machine):
    m = make_machine("CALC", "MEMO", boot="")
    assert m.wait_for_input()
    assert m.terminal.contains("A>") and not m.terminal.contains("READY")
    keys(m, b"DIR\r")
    assert m.terminal.contains("CALC     COM", "MEMO     COM")
    keys(m, b"calc\r")
    assert m.terminal.contains("BRAMBLEFIELD", "READY")
    keys(m, b"/QY")
    assert m.terminal.contains("A>") and not m.terminal.contains("READY")
    assert m.terminal.cursor()[2]       # the cursor CALC hid is back


def test_long_entries_are_cut_and_stray_keys_ignored(make_machine):
    m = start(make_machine)
    blank(m)
    goto(m, "A1")
    keys(m, b"x" * 80 + b"\x01\x02\x1b[5;2Q\x7f\r")
    assert contents(m, "A1") == "'" + "x" * 54
    goto(m, "A2")
    keys(m, b"123" + ESC)               # Esc forgets the entry
    assert contents(m, "A2") == ""
    keys(m, b"45\x03")                  # and so does Ctrl+C
    assert contents(m, "A2") == ""
    keys(m, b"\x08\x09\x00\x7f\x1b[Z")  # keys READY has no use for
    assert m.terminal.lines()[0].startswith("A2:") and "READY" in m.terminal.lines()[0]


def test_arrow_keys_and_wordstar_keys_move_and_the_grid_scrolls(make_machine):
    m = start(make_machine)
    keys(m, HOME)
    assert m.terminal.lines()[0].startswith("A1:")
    keys(m, b"\x04\x04\x18")            # Ctrl+D, Ctrl+D, Ctrl+X
    assert m.terminal.lines()[0].startswith("C2:")
    keys(m, b"\x13\x05")                # Ctrl+S, Ctrl+E
    assert m.terminal.lines()[0].startswith("B1:")
    keys(m, LEFT * 5 + UP * 5)          # stops at the edge
    assert m.terminal.lines()[0].startswith("A1:")
    keys(m, DOWN * 60 + RIGHT * 12)
    assert m.terminal.lines()[0].startswith("H50:")
    rows = [line[:4] for line in m.terminal.lines()[4:23]]
    assert rows[-1] == " 50 " and " 1 " not in rows[0]
    keys(m, UP * 25)                    # scrolled a row at a time, both ways
    assert m.terminal.lines()[0].startswith("H25:")
    rows = [line[:4] for line in m.terminal.lines()[4:23]]
    assert rows == [f"{n:>3} " for n in range(25, 44)]
    keys(m, b"\x05" * 10 + DOWN * 30)   # to rows the demo fills, and back
    keys(m, UP * 30)
    assert [line[:4] for line in m.terminal.lines()[4:23]] == [f"{n:>3} " for n in range(15, 34)]
    assert m.terminal.lines()[4].startswith(" 15 Per resident")
    assert m.terminal.lines()[7].startswith(" 18 Left over")
    keys(m, DOWN * 35)
    assert m.terminal.lines()[0].startswith("H50:")
    keys(m, b"\x1b[5~")                 # Page Up
    assert m.terminal.lines()[0].startswith("H31:")
    keys(m, HOME)
    assert m.terminal.lines()[4].startswith("  1 ")
    keys(m, DOWN + b"77" + DOWN)        # an arrow key ends an entry and moves
    assert m.terminal.lines()[0].startswith("A3:")
    assert contents(m, "A2") == "77"


def test_copy_adjusts_relative_references_and_keeps_absolute_ones(make_machine):
    m = start(make_machine)
    blank(m)
    for n in range(1, 5):
        enter(m, f"A{n}", str(n * 10))
    enter(m, "E1", "2")
    enter(m, "B1", "+A1*$E$1")
    goto(m, "B1")
    keys(m, b"/C\r")                    # from B1..B1 (the default)
    keys(m, b"B2..B4\r")                # to every cell of B2..B4
    assert [shown(m, f"B{n}") for n in range(1, 5)] == ["20.00", "40.00", "60.00", "80.00"]
    assert contents(m, "B4") == "+A4*$E$1"
    # A column copied across: each column gets its own sum.
    enter(m, "B5", "@SUM(B1..B4)")
    goto(m, "B5")
    keys(m, b"/C\rC5..D5\r")
    assert contents(m, "D5") == "@SUM(D1..D4)"
    assert shown(m, "C5") == "0.00"
    # A block copied to a corner; a reference pushed off the sheet is ERR.
    keys(m, b"/CA1..B2\rF1\r")
    assert contents(m, "G2") == "+F2*$E$1"
    assert shown(m, "G1") == "20.00"
    goto(m, "A1")
    keys(m, b"/CB2\rA1\r")
    assert contents(m, "A1") == "+@ERR*$E$1"
    assert shown(m, "A1") == "ERR"


def test_menu_words_escape_and_column_width(make_machine):
    m = start(make_machine)
    keys(m, b"/")
    screen = m.terminal
    assert "MENU" in screen.lines()[0]
    assert screen.lines()[1].startswith("Worksheet  Range  Copy  File  Quit")
    assert screen.lines()[2].startswith("Column-Width  Erase")
    assert all(c.reverse for c in screen.styles_at(1, range(9)))
    keys(m, RIGHT + RIGHT)              # the arrows walk the words
    assert screen.lines()[2].startswith("Copy cells")
    keys(m, b"W")
    assert screen.lines()[1].startswith("Column-Width  Erase")
    keys(m, ESC)                        # back one menu
    assert screen.lines()[1].startswith("Worksheet")
    keys(m, b"\x03")                    # and out
    assert "READY" in screen.lines()[0]
    keys(m, b"/z")                      # a letter no word starts with
    assert "MENU" in screen.lines()[0]
    keys(m, ESC)
    goto(m, "E1")
    keys(m, b"/WC")
    assert screen.lines()[1].startswith("Enter column width (3..30): 11")
    keys(m, b"99\r")
    assert "ERROR" in screen.lines()[0] and screen.contains("3 to 30")
    keys(m, b"\r")                     # back in the Worksheet menu
    assert screen.lines()[1].startswith("Column-Width  Erase")
    keys(m, b"C4\r")                   # the first key replaces the default
    header = screen.lines()[3]
    widths = DEMO_WIDTHS[:4] + [4] + DEMO_WIDTHS[5:]
    assert header.index("F") == 4 + sum(widths[:5]) + 3
    assert shown(m, "E7", widths) == "***"
    keys(m, b"/RE\x08\x08\x08\x08\x08\x08B6..C7\r")
    assert shown(m, "B6", widths) == "" and shown(m, "C7", widths) == ""
    assert shown(m, "B8", widths) == "3"
    assert shown(m, "F8", widths) == "54.2"   # fewer staff, recalculated


def test_save_retrieve_round_trip_and_dir_after_quit(make_machine):
    m = start(make_machine, restart=False)
    blank(m)
    enter(m, "A1", "Budget")
    enter(m, "B1", "1234.56")
    enter(m, "B2", "+B1*2")
    enter(m, "C3", "@SUM(B1..B2)")
    keys(m, b"/WC15\r")
    keys(m, b"/RFF0\rB1\r")
    assert shown(m, "B1") == "1235"
    keys(m, b"/FS")
    assert m.terminal.lines()[1].startswith("Enter name of file to save: ROTA.CAL")
    keys(m, b"budget\r")
    assert "READY" in m.terminal.lines()[0]
    blank(m)
    assert shown(m, "B1") == ""
    keys(m, b"/FR\r")                   # the name last used is the default
    widths = [9, 9, 15] + [9] * 5
    assert shown(m, "B1", widths) == "1235"
    assert contents(m, "B1") == "(F0) 1234.56"
    assert shown(m, "B2", widths) == "2469.12"
    assert shown(m, "C3", widths) == "3703.68"
    assert contents(m, "A1") == "'Budget"
    keys(m, b"/FL")
    assert m.terminal.contains("Worksheets: BUDGET")
    keys(m, ESC + b"RNOSUCH\r")
    assert "ERROR" in m.terminal.lines()[0] and m.terminal.contains("No such worksheet")
    keys(m, b"\r")
    assert shown(m, "B1", widths) == "1235"       # the sheet is kept
    keys(m, b"/FSBAD*NAME\r")
    assert m.terminal.contains("Not a file name")
    keys(m, b"\r")
    keys(m, b"/FScalc.com\r")          # never over the program itself
    assert m.terminal.contains("saved as NAME.CAL")
    keys(m, b"\r")
    keys(m, b"/QN")
    assert "READY" in m.terminal.lines()[0]
    keys(m, b"/QY")
    assert m.terminal.contains("A>")
    keys(m, b"DIR\r")
    assert m.terminal.contains("BUDGET   CAL", "CALC     COM")
    keys(m, b"CALC\r")                  # the program on the disk still runs
    assert m.wait_for_input() and m.terminal.contains("BRAMBLEFIELD", "READY")
    keys(m, b"/QY")
    keys(m, b"TYPE BUDGET.CAL\r")
    assert m.terminal.contains("C=15", "B2=+B1*2", "C3=@SUM(B1..B2)", "#B1=1")


@pytest.mark.parametrize("seed", [1, 2])
def test_hostile_keys_never_crash_it(make_machine, seed):
    m = start(make_machine)
    rng = random.Random(seed)
    alphabet = bytes(range(128)) + b"/" * 20 + b"\x1b[" * 10 + b"ABCD\r" * 10
    for _ in range(6):
        m.type(bytes(rng.choice(alphabet) for _ in range(500)))
        assert m.wait_for_input(60), "CALC stopped answering"
    assert m.error is None and m.running
    # Whatever state the keys left, Esc backs out to READY.
    keys(m, ESC + ESC + ESC + ESC + b"\r" + ESC + ESC)
    assert "READY" in m.terminal.lines()[0]
    keys(m, b"/WEY")
    enter(m, "A1", "2")
    enter(m, "A2", "+A1*21")
    assert shown(m, "A2") == "42.00"


def test_copy_onto_an_overlapping_range_reads_each_source_cell_first(make_machine):
    m = start(make_machine)
    blank(m)
    for n in range(1, 4):
        enter(m, f"A{n}", str(n))
    keys(m, b"/CA1..A3\rA2\r")          # down by one, over itself
    assert [shown(m, f"A{n}") for n in range(1, 5)] == ["1.00", "1.00", "2.00", "3.00"]
    keys(m, b"/CA2..A4\rA1\r")          # and back up
    assert [shown(m, f"A{n}") for n in range(1, 5)] == ["1.00", "2.00", "3.00", "3.00"]
    enter(m, "B1", "+A1")
    keys(m, b"/CA1..B1\rB1\r")          # right by one, over itself
    assert contents(m, "C1") == "+B1" and contents(m, "B1") == "1"


def test_a_chain_through_every_cell_is_worked_out_in_order(make_machine):
    m = start(make_machine)
    blank(m)
    # Each cell is one more than the cell below it; the bottom of each
    # column is the top of the next: a chain 400 cells long, every link
    # pointing forward, worked out from one entry at A1.
    for col in "ABCDEFG":
        nxt = chr(ord(col) + 1)
        enter(m, f"{col}1", f"+{col}2+1")
        keys(m, f"/C{col}1\r{col}2..{col}49\r".encode())
        enter(m, f"{col}50", f"+{nxt}1")
    enter(m, "H1", "+H2+1")
    keys(m, b"/CH1\rH2..H49\r")
    enter(m, "H50", "1")
    keys(m, HOME)
    assert shown(m, "A1") == "393.00"
    assert "CIRC" not in m.terminal.lines()[23]
    # Close the loop: every cell depends on itself.
    enter(m, "H50", "+A1")
    keys(m, HOME)
    assert shown(m, "A1") == "ERR" and "CIRC" in m.terminal.lines()[23]
    enter(m, "H50", "2")
    keys(m, HOME)
    assert shown(m, "A1") == "394.00"


def test_a_chain_too_deep_to_follow_is_err_not_a_crash(make_machine):
    m = start(make_machine)
    blank(m)

    def link(ref: str) -> str:          # deep nesting makes each link costly
        return "1+" + "(" * 10 + ref + ")" * 10

    # X runs forward from A1 down A..D to D50; Y runs back from H50 up
    # H..E to E1. Worked out from A1 on, X is too deep; from H50 back, Y
    # is; so X gets its value and Y shows ERR.
    for col in "ABCD":
        enter(m, f"{col}1", link(f"{col}2"))
        keys(m, f"/C{col}1\r{col}2..{col}49\r".encode())
        enter(m, f"{col}50", link(chr(ord(col) + 1) + "1") if col != "D" else "1")
    for col in "HGFE":
        enter(m, f"{col}50", link(f"{col}49"))
        keys(m, f"/C{col}50\r{col}2..{col}49\r".encode())
        enter(m, f"{col}1", link(chr(ord(col) - 1) + "50") if col != "E" else "1")
    assert m.error is None and m.running
    goto(m, "H50")
    assert shown(m, "H50") == "ERR"
    keys(m, HOME)
    assert shown(m, "A1") == "200.00"
    enter(m, "G25", "5")                # cut Y short: values again
    goto(m, "H50")
    assert shown(m, "H50") == "80.00"


def test_a_long_chain_pointing_forward_with_functions_is_followed(make_machine):
    m = start(make_machine)
    blank(m)
    for col in "ABCDEFG":
        enter(m, f"{col}1", f"@SUM({col}2..{col}2,@MIN({col}2,1))")
        keys(m, f"/C{col}1\r{col}2..{col}49\r".encode())
        enter(m, f"{col}50", f"+{chr(ord(col) + 1)}1")
    enter(m, "H1", "@SUM(H2..H2,@MIN(H2,1))")
    keys(m, b"/CH1\rH2..H49\r")
    enter(m, "H50", "1")
    keys(m, HOME)
    assert shown(m, "A1") == "393.00"


@pytest.mark.skipif(importlib.util.find_spec("um80") is None, reason="needs the ROM tools")
def test_the_program_ends_below_the_cells(tmp_path):
    # calcdef.inc puts the cell records at 4000h, above the program.
    com = build.build(tmp_path, ["CALC"])[0]
    assert 0x100 + com.stat().st_size <= 0x4000


def test_a_damaged_worksheet_file_loads_what_it_can():
    rng = random.Random(7)
    junk = (b"A=12\r\nB5=5\r\nZ9=1\r\nA99=3\r\nA1=+(\r\n#B5=9\r\n#B5=1\r\nC=2\r\n"
            + b"C2=" + b"9" * 300 + b"\r\n"
            + bytes(rng.randrange(256) for _ in range(3000)) + b"\r\nD4=@SUM(B5..B5)\r\n")
    m = Machine(Profile(mhz=None, programs=("CALC", "JUNK"), boot="CALC", restart=False),
                {"CALC": roms.load_program("CALC"), "JUNK": junk})
    m.start()
    try:
        assert m.wait_for_input()
        keys(m, b"/FRJUNK.COM\r")
        assert "READY" in m.terminal.lines()[0]
        assert m.terminal.lines()[3].index("B") == 4 + 12 + 4
        assert contents(m, "B5") == "(F0) 5"
        assert contents(m, "A1") == "+("
        assert shown(m, "A1", [12] + BLANK_WIDTHS[1:]) == "ERR"
        assert shown(m, "C2", [12] + BLANK_WIDTHS[1:]) in ("ERR", "********")
        assert len(contents(m, "C2")) == 55
        keys(m, b"/WEY")
        enter(m, "A1", "6*7")
        assert shown(m, "A1") == "42.00"
    finally:
        m.stop()
