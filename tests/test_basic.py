"""Exhibit BASIC: listings run headless, checked against their expected screens.

Each ``tests/basic/NAME.bas`` is typed in, the screen cleared, and RUN; the
screen must then match ``NAME.out``. Listings named ``zx_*`` run in the ZX80
look, the rest in the BBC look.
"""

from __future__ import annotations

import pytest
from basic_driver import LISTINGS, boot, enter, run_listing, screen

CASES = sorted(p.stem for p in LISTINGS.glob("*.bas"))


@pytest.mark.parametrize("name", CASES)
def test_listing_gives_its_expected_screen(make_machine, name):
    look = "ZX80" if name.startswith("zx_") else "BBC"
    m = boot(make_machine, look)
    got = run_listing(m, (LISTINGS / f"{name}.bas").read_text())
    want = (LISTINGS / f"{name}.out").read_text().splitlines()
    assert got == want


def test_bbc_banner_and_prompt(make_machine):
    m = boot(make_machine, "BBC")
    rows = screen(m)
    assert rows[0] == "Exhibit Micro 32K"
    assert "Exhibit BASIC" in rows
    assert rows[-1] == ">"


def test_zx80_boots_to_a_blank_screen_with_its_k_cursor(make_machine):
    m = boot(make_machine, "ZX80")
    rows = screen(m)
    assert rows[-1] == "K" and not any(rows[:-1])
    y, x = m.terminal.find("K")
    assert y == 23 and x == 0
    assert m.terminal.styles_at(y, [x])[0].reverse


def test_zx80_cursor_turns_to_l_after_a_keyword(make_machine):
    m = boot(make_machine, "ZX80")
    m.type("10 ")
    assert m.wait_for_input()
    assert m.terminal.lines()[23].rstrip() == "10 K"
    m.type("PR")
    assert m.wait_for_input()
    assert m.terminal.lines()[23].rstrip() == "10 PRL"


def test_zx80_shows_the_program_above_the_line_being_typed(make_machine):
    m = boot(make_machine, "ZX80")
    enter(m, ["20 PRINT 2", '10 PRINT "ONE"'])
    rows = m.terminal.text().splitlines()
    assert rows[:2] == ['10 PRINT "ONE"', "20 PRINT 2"]
    assert not any(rows[2:23]) and rows[23] == "K"
    # A program longer than the screen: the listing starts ten lines before
    # the line just typed and stops above the bottom row.
    enter(m, [f"{n} REM LINE {n}" for n in range(30, 330, 10)])
    rows = m.terminal.text().splitlines()
    assert rows[0] == "220 REM LINE 220" and rows[10] == "320 REM LINE 320"
    assert rows[23] == "K"
    enter(m, ["15 PRINT 15"])
    rows = m.terminal.text().splitlines()
    assert rows[:3] == ['10 PRINT "ONE"', "15 PRINT 15", "20 PRINT 2"]
    assert rows[21] == "210 REM LINE 210" and not rows[22] and rows[23] == "K"


def test_lines_are_kept_in_order_replaced_and_deleted(make_machine):
    m = boot(make_machine)
    enter(m, ["30 PRINT 3", "10 PRINT 1", "20 PRINT 99", "20 PRINT 2", "40 PRINT 4", "40",
              "CLS", "LIST"])
    assert screen(m) == [">LIST", "10 PRINT 1", "20 PRINT 2", "30 PRINT 3", ">"]


def test_list_ranges(make_machine):
    m = boot(make_machine)
    enter(m, [f"{n} REM LINE {n}" for n in (10, 20, 30, 40)])
    enter(m, ["CLS", "LIST 20-30", "LIST -10", "LIST 40-", "LIST 30"])
    assert screen(m) == [">LIST 20-30", "20 REM LINE 20", "30 REM LINE 30",
                         ">LIST -10", "10 REM LINE 10",
                         ">LIST 40-", "40 REM LINE 40",
                         ">LIST 30", "30 REM LINE 30", ">"]


def test_keywords_are_tokenised_and_listed_in_house_style(make_machine):
    m = boot(make_machine)
    enter(m, ['10 if a=1 then print "yes";tab(3)', "20 goto10", "30 total=5:for i=1to 9 step 2:next",
              "CLS", "LIST"])
    assert screen(m) == [">LIST", '10 IF A=1 THEN PRINT "yes";TAB(3)', "20 GOTO 10",
                         "30 TOTAL=5:FOR I=1 TO 9 STEP 2:NEXT", ">"]


def test_backspace_rubs_out_while_typing(make_machine):
    m = boot(make_machine)
    enter(m, ["PRINT 12\b\b\x7f\"OK\"", "CLS", "PRINT 1+1\b2"])
    assert screen(m) == [">PRINT 1+2", "3", ">"]


def test_backspace_across_a_wrapped_line(make_machine):
    m = boot(make_machine)
    long = 'PRINT "' + "A" * 40
    m.type("CLS\r" + long + "\b" * 3 + 'B"\r')
    assert m.wait_for_input()
    assert screen(m)[-2] == "A" * 37 + "B"


def test_zx80_backspace_across_the_row_edge_moves_its_cursor_back(make_machine):
    m = boot(make_machine, "ZX80")
    # 25 characters up to the row edge and past it, then rubbed back over it.
    m.type("CLS\r" + 'PRINT "' + "A" * 36 + "\b" * 16 + 'BB"\r')
    assert m.wait_for_input()
    assert screen(m)[:2] == ['PRINT "' + "A" * 20 + 'BB"', "A" * 20 + "BB"]
    y, x = m.terminal.find("K")
    assert m.terminal.styles_at(y, [x])[0].reverse and x == 0


def test_arrow_keys_neither_type_nor_stop_anything(make_machine):
    m = boot(make_machine)
    enter(m, ["CLS", 'PRINT \x1b[A\x1b[D"AB"\x1bOP'])
    assert screen(m) == ['>PRINT "AB"', "AB", ">"]
    enter(m, ['10 K$=INKEY$: IF K$="" THEN 10', '20 PRINT "KEY ";K$', "CLS"])
    m.type("RUN\r\x1b[A\x1b[Bz")
    assert m.wait_for_input()
    assert screen(m) == [">RUN", "KEY z", ">"]


def test_long_line_is_cut_at_the_editor_limit(make_machine):
    m = boot(make_machine)
    enter(m, ["CLS", "REM " + "X" * 300])
    rows = screen(m)
    assert "".join(rows).count("X") == 116
    assert rows[-1] == ">"


def test_input_numbers_and_strings(make_machine):
    m = boot(make_machine)
    enter(m, ['10 INPUT "NAME";N$', "20 INPUT A,B", '30 PRINT "HI ";N$;" ";A+B', "CLS", "RUN"])
    enter(m, ["ADA"])
    enter(m, ["12x"])
    assert m.terminal.contains("Please type a whole number")
    enter(m, ["40", "2"])
    assert screen(m)[-2] == "HI ADA 42"


def test_save_and_load_keep_the_program(make_machine):
    m = boot(make_machine)
    enter(m, ['10 PRINT "SAVED"', '20 PRINT "TWICE"', 'SAVE "MINE"', "NEW", "LIST",
              'LOAD "MINE"', "CLS", "LIST", "RUN"])
    assert screen(m) == [">LIST", '10 PRINT "SAVED"', '20 PRINT "TWICE"', ">RUN", "SAVED", "TWICE",
                         ">"]


def test_load_refuses_a_file_that_is_not_a_program(make_machine):
    m = boot(make_machine)
    enter(m, ["10 PRINT 1", 'LOAD "NOTHERE"', 'LOAD "BASIC.COM"', 'SAVE "BAD*NAME"', "LIST"])
    assert m.terminal.contains("File not found", "Not a BASIC program", "Bad file name")
    assert screen(m)[-1] == ">"        # the refused file left no program behind
    assert screen(m)[-2] == ">LIST"


def test_escape_breaks_a_running_program(make_machine):
    m = boot(make_machine)
    enter(m, ['10 PRINT "HELLO"', "20 GOTO 10", "CLS"])
    m.type("RUN\r")                   # it never ends: no waiting for input
    assert m.wait_for_text("HELLO")
    m.type("\x1b")
    assert m.wait_for_input()
    assert screen(m)[-2] in ("Escape at line 10", "Escape at line 20")


def test_ctrl_c_breaks_in_the_zx80_look(make_machine):
    m = boot(make_machine, "ZX80")
    enter(m, ['10 PRINT "Z";', "20 GOTO 10", "CLS"])
    m.type("RUN\r")
    assert m.wait_for_text("ZZZ")
    m.type("\x03")
    assert m.wait_for_input()
    assert screen(m)[-2] in ("D/10", "D/20")


def test_inkey_reads_a_key_without_waiting(make_machine):
    m = boot(make_machine)
    enter(m, ['10 K$=INKEY$: IF K$="" THEN 10', '20 PRINT "GOT ";K$'])
    m.type("RUN\r")
    m.type("q")
    assert m.wait_for_input()
    assert screen(m)[-2] == "GOT q"


def test_rnd_is_in_range_and_repeats_with_a_seed(make_machine):
    m = boot(make_machine)
    listing = ["10 RANDOMIZE 7", "20 FOR I=1 TO 200: R=RND(6)",
               "30 IF R<1 OR R>6 THEN PRINT \"BAD\";R", "40 NEXT I", "50 PRINT RND(1000)"]
    enter(m, [*listing, "CLS", "RUN", "RUN"])
    rows = screen(m)
    assert "BAD" not in " ".join(rows)
    assert rows[1] == rows[3]          # the same seed, the same numbers


def test_arrays_that_fill_memory_are_reported(make_machine):
    m = boot(make_machine)
    enter(m, ["10 DIM A(5000), B(5000), C(5000), D(5000), E(5000), F(5000)", "CLS", "RUN"])
    assert screen(m) == [">RUN", "No room at line 10", ">"]


def test_strings_that_fill_memory_are_reported(make_machine):
    m = boot(make_machine)
    enter(m, ["10 DIM S$(400)", '20 X$="X": FOR I=1 TO 7: X$=X$+X$: NEXT I',
              "30 FOR I=0 TO 400: S$(I)=STR$(I)+X$", "40 NEXT I", "CLS", "RUN"])
    assert screen(m) == [">RUN", "No room at line 30", ">"]
    enter(m, ["CLS", "PRINT S$(1)", "PRINT I"])
    rows = screen(m)
    assert rows[1] == "1" + "X" * 39
    assert 100 < int(rows[-2]) < 400


def test_runaway_gosub_is_reported(make_machine):
    m = boot(make_machine)
    enter(m, ["10 GOSUB 10", "CLS", "RUN"])
    assert screen(m) == [">RUN", "Too many GOSUBs or FORs at line 10", ">"]


def test_program_too_long_to_store_is_refused(make_machine):
    m = boot(make_machine)
    line = "REM " + "X" * 110
    lines = [f"{n} {line}" for n in range(1, 600)]
    enter(m, lines)
    assert m.terminal.contains("No room")
    enter(m, ["CLS", "PRINT 1+1"])
    assert screen(m)[1] == "2"


BBC_ERRORS = [
    ("10 I=1: NEXT I", "NEXT without FOR at line 10"),
    ("10 PRINT Q", "No such variable at line 10"),
    ("10 DIM A(3): A(4)=1", "Subscript out of range at line 10"),
    ("10 PRINT AT 30,0;", "Off the screen at line 10"),
    ("10 PRINT 200*200", "Number too big at line 10"),
    ("10 RETURN", "RETURN without GOSUB at line 10"),
    ("10 PRINT 1/0", "Division by zero at line 10"),
    ("10 STOP", "STOP at line 10"),
    ("10 PRINT (1", "Mistake at line 10"),
    ("10 GOTO 99", "No such line at line 10"),
    ('10 A=1+"X"', "Type mismatch at line 10"),
    ('10 LOAD "NONE"', "File not found at line 10"),
    ('10 SAVE ""', "Bad file name at line 10"),
    ("10 A$=\"X\": FOR I=1 TO 9: A$=A$+A$: NEXT", "Too long at line 10"),
    ("10 DIM A(2): DIM A(3)", "Bad DIM at line 10"),
    ("10 PRINT CHR$(300)", "Out of range at line 10"),
    ("10 A=" + "(" * 60 + "1" + ")" * 60, "Too complex at line 10"),
]


@pytest.mark.parametrize(("line", "report"), BBC_ERRORS)
def test_every_error_is_reported_in_the_bbc_style(make_machine, line, report):
    m = boot(make_machine)
    enter(m, [line, "CLS", "RUN"])
    assert screen(m) == [">RUN", report, ">"]


@pytest.mark.parametrize(("line", "code"), [
    ("10 NEXT", "1/10"), ("10 PRINT Q", "2/10"), ("10 PRINT 1/0", "8/10"),
    ("10 STOP", "9/10"), ("10 GOTO 99", "B/10"), ("10 PRINT (1", "A/10"),
])
def test_errors_are_code_and_line_in_the_zx80_style(make_machine, line, code):
    m = boot(make_machine, "ZX80")
    enter(m, [line, "RUN"])
    assert screen(m)[-2] == code


def test_zx80_reports_0_when_a_program_ends(make_machine):
    m = boot(make_machine, "ZX80")
    enter(m, ['10 PRINT "DONE"', "20 END", "RUN"])
    assert screen(m)[:2] == ["DONE", "0/20"]


def test_errors_in_direct_commands_and_bad_line_numbers(make_machine):
    m = boot(make_machine)
    enter(m, ["CLS", "PRINT Q", "40000 PRINT", "0 PRINT", "GOTO 5", "PRINT 99999"])
    assert screen(m) == [">PRINT Q", "No such variable", ">40000 PRINT", "Bad line number",
                         ">0 PRINT", "Bad line number", ">GOTO 5", "No such line",
                         ">PRINT 99999", "Number too big", ">"]


def test_colour_sets_the_ink(make_machine):
    m = boot(make_machine)
    enter(m, ["CLS", 'COLOUR 1: PRINT "RED"', "COLOUR 7"])
    assert screen(m)[1] == "RED"
    assert m.terminal.styles_at(1, [0])[0].fg == "red"
    assert m.terminal.styles_at(0, [0])[0].fg == "default"


FUZZ_WORDS = ["PRINT", "LET", "IF", "THEN", "GOTO", "GOSUB", "RETURN", "FOR", "TO", "STEP", "NEXT",
              "REM", "END", "STOP", "DIM", "INPUT", "RANDOMIZE", "CLS", "LIST", "COLOUR", "AT", "TAB(",
              "AND", "OR", "NOT", "MOD", "RND(", "ABS(", "LEN(", "CHR$(", "ASC(", "STR$(", "VAL(",
              "INKEY$", "A", "B$", "C(", "X1", "NAME$", "(", ")", "+", "-", "*", "/", "=", "<", ">",
              ",", ";", ":", '"HI"', '"', "0", "1", "10", "32767", "99999", "$", "?", "#", "."]


@pytest.mark.parametrize("look", ["BBC", "ZX80"])
def test_random_lines_never_break_the_interpreter(make_machine, look):
    """Hundreds of nonsense lines, stored and run, each ended with Escape:
    every one gets a report or runs, and BASIC still works after."""
    import random

    rng = random.Random(1981)
    m = boot(make_machine, look)
    for _ in range(200):
        line = " ".join(rng.choice(FUZZ_WORDS) for _ in range(rng.randint(1, 10)))
        if rng.random() < 0.5:
            line = f"{rng.randint(1, 60) * 10} {line}"
        if rng.random() < 0.1:
            line = "RUN"
        m.type(line + "\r\x1b")
        assert m.wait_for_input(), f"BASIC stopped answering after {line!r}"
        assert m.error is None
    enter(m, ["NEW", "CLS", "PRINT 6*7"])
    assert "42" in m.terminal.text().splitlines()
