"""WRITE, the desktop stop's word processor: typed into headless, read off the pyte screen."""

from __future__ import annotations

import random
import re

import pytest

CTRL = {c: chr(ord(c) - 64) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
K, Q = CTRL["K"], CTRL["Q"]
UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
TOP, END = Q + "R", Q + "C"
WIDTH = 76          # the right margin: the R on the ruler


def start(make_machine, **settings):
    m = make_machine("WRITE", **settings)
    assert m.wait_for_input()
    return m


def keys(m, text):
    m.type(text)
    assert m.wait_for_input()


def status(m) -> str:
    return m.terminal.lines()[0]


def where(m) -> tuple[int, int]:
    """Line and column from the status line."""
    found = re.search(r"Line (\d+)\s+Col (\d+)", status(m))
    assert found, status(m)
    return int(found[1]), int(found[2])


def rows(m) -> list[str]:
    """The text rows of the screen, right blanks stripped."""
    return [row.rstrip() for row in m.terminal.lines()[2:22]]


def test_opens_with_the_letter_the_status_line_and_the_keys(make_machine):
    m = start(make_machine)
    assert status(m).startswith(" A:LETTER.TXT")
    assert where(m) == (1, 1)
    assert "INSERT" in status(m)
    assert rows(m)[0] == "HARWOOD & LANE, INSURANCE BROKERS"
    assert m.terminal.contains("Dear colleagues,", "desktop computer arrives on Monday")
    assert m.terminal.lines()[1].startswith("L-------!") and m.terminal.lines()[1].rstrip().endswith("R")
    assert m.terminal.contains("^KB ^KK mark", "^QF find", "^KS save", "^Y del line")
    # The status line is in reverse video, as WordStar's was.
    assert m.terminal.styles_at(0, [2])[0].reverse
    assert m.terminal.cursor()[:2] == (0, 2)


def test_the_letter_is_wrapped_at_the_margin_between_words(make_machine):
    m = start(make_machine)
    text = rows(m)
    assert max(len(r) for r in text) <= WIDTH
    # A paragraph of the letter flows over several rows, each ending on a
    # whole word: joined up again it is the sentence as written.
    i = next(n for n, r in enumerate(text) if r.startswith("Our first desktop"))
    para = " ".join(text[i:i + 5])
    assert "It will stand on the desk by the window in the typing room" in para
    assert "letters like this one." in para


def test_typing_into_a_line_rewraps_its_paragraph(make_machine):
    m = start(make_machine)
    text = rows(m)
    i = next(n for n, r in enumerate(text) if r.startswith("Our first desktop"))
    keys(m, DOWN * i)
    assert where(m) == (i + 1, 1)
    keys(m, "VERY " * 6)
    text = rows(m)
    assert text[i].startswith("VERY VERY VERY VERY VERY VERY Our first desktop")
    assert max(len(r) for r in text) <= WIDTH
    # Words pushed off the end of a row went down to the next one, whole.
    joined = " ".join(text[i:i + 6])
    assert "It will stand on the desk by the window" in joined
    assert where(m) == (i + 1, 31)
    # Deleting them pulls the words back up.
    keys(m, "\x7f" * 30)
    assert rows(m)[i].startswith("Our first desktop computer arrives on Monday morning.")
    assert rows(m) == text[:i] + rows(m)[i:] and rows(m)[i + 1].startswith("desk by the window")


def test_a_long_new_paragraph_wraps_as_it_is_typed(make_machine):
    m = start(make_machine)
    keys(m, END + "\r")
    words = [f"word{n}" for n in range(60)]
    keys(m, " ".join(words))
    text = [r for r in rows(m) if r.startswith("word") or " word" in r]
    assert len(text) >= 5
    assert all(len(r) <= WIDTH for r in text)
    assert " ".join(" ".join(text).split()) == " ".join(words)
    _line, col = where(m)
    assert col == len(text[-1]) + 1


def test_return_splits_a_line_and_backspace_joins_it_again(make_machine):
    m = start(make_machine)
    keys(m, DOWN * 3 + RIGHT * 7)             # "Friday |14 October 1983"
    assert where(m) == (4, 8)
    keys(m, "\r")
    assert rows(m)[3] == "Friday"
    assert rows(m)[4] == "14 October 1983"
    assert where(m) == (5, 1)
    keys(m, "\x08")
    assert rows(m)[3] == "Friday 14 October 1983"
    assert where(m) == (4, 8)


def test_delete_at_the_end_of_a_paragraph_joins_the_next(make_machine):
    m = start(make_machine)
    keys(m, Q + "D")                           # the end of line 1
    assert where(m) == (1, 34)
    keys(m, CTRL["G"] + " ")                   # ^G eats the hard return
    assert rows(m)[0] == "HARWOOD & LANE, INSURANCE BROKERS 14 Mill Street, Northgate"
    keys(m, Q + "D" + "\x1b[3~")               # Del eats the next one
    assert rows(m)[1] == "Friday 14 October 1983"


def test_ctrl_y_deletes_a_line_and_ctrl_t_a_word(make_machine):
    m = start(make_machine)
    keys(m, DOWN)
    keys(m, CTRL["Y"])
    assert rows(m)[:2] == ["HARWOOD & LANE, INSURANCE BROKERS", ""]
    keys(m, DOWN + CTRL["T"])
    assert rows(m)[2] == "14 October 1983"
    assert m.terminal.contains("LETTER.TXT*")   # changed since saved


def test_overtype_replaces_and_insert_pushes_along(make_machine):
    m = start(make_machine)
    keys(m, CTRL["V"])
    assert "OVERTYPE" in status(m)
    keys(m, "HARWOOD & SONS")
    assert rows(m)[0] == "HARWOOD & SONS, INSURANCE BROKERS"
    keys(m, Q + "D" + "!!")                     # never over the end of a line
    assert rows(m)[0] == "HARWOOD & SONS, INSURANCE BROKERS!!"
    assert rows(m)[1] == "14 Mill Street, Northgate"
    keys(m, "\x1b[2~")                          # the Insert key toggles back
    assert "INSERT" in status(m)


def test_wordstar_and_vt100_cursor_keys_agree(make_machine):
    m = start(make_machine)
    keys(m, CTRL["X"] * 3 + CTRL["D"] * 5)
    assert where(m) == (4, 6)
    keys(m, CTRL["E"])
    assert where(m) == (3, 1)                   # an empty line holds column 1
    keys(m, UP)
    assert where(m) == (2, 6)                   # up and down keep to column 6
    keys(m, LEFT)
    assert where(m) == (2, 5)
    keys(m, DOWN * 2 + LEFT)
    assert where(m) == (4, 4)
    keys(m, CTRL["F"] + CTRL["F"])              # word right
    assert where(m) == (4, 11)
    keys(m, CTRL["A"])
    assert where(m) == (4, 8)
    keys(m, Q + "S")
    assert where(m) == (4, 1)
    keys(m, CTRL["S"])                          # left from a line start: line above's end
    assert where(m) == (3, 1)


def test_paging_and_the_ends_of_the_document(make_machine):
    m = start(make_machine)
    keys(m, END)
    line, _ = where(m)
    assert line > 20
    assert m.terminal.contains("Office Manager")
    assert not m.terminal.contains("HARWOOD & LANE")
    keys(m, TOP)
    assert where(m) == (1, 1)
    assert rows(m)[0].startswith("HARWOOD")
    keys(m, CTRL["C"])
    assert where(m)[0] == 20
    keys(m, CTRL["R"])
    assert where(m)[0] == 1
    keys(m, "\x1b[6~")
    assert where(m)[0] == 20


def test_block_copy_shows_marked_text_in_reverse_and_copies_it(make_machine):
    m = start(make_machine)
    keys(m, K + "B" + DOWN * 2 + K + "K")      # the first two lines
    assert m.terminal.styles_at(2, [0, 10])[0].reverse
    assert m.terminal.styles_at(3, [0])[0].reverse
    assert not m.terminal.styles_at(5, [0])[0].reverse
    keys(m, END + "\r" + K + "C")
    text = rows(m)
    i = text.index("Office Manager")
    assert text[i + 1:] == ["", "HARWOOD & LANE, INSURANCE BROKERS"]   # the cursor's row is the last
    keys(m, DOWN * 2)
    text = rows(m)
    assert text[-3:] == ["HARWOOD & LANE, INSURANCE BROKERS", "14 Mill Street, Northgate", ""]
    y, x = m.terminal.find("HARWOOD & LANE")
    assert m.terminal.styles_at(y, [x])[0].reverse     # the copy is the block now
    keys(m, TOP)
    assert rows(m)[0] == "HARWOOD & LANE, INSURANCE BROKERS"
    assert not m.terminal.styles_at(2, [0])[0].reverse


def test_block_delete_and_move(make_machine):
    m = start(make_machine)
    keys(m, DOWN * 3 + K + "B" + DOWN * 2 + K + "K")   # "Friday ..." and the blank after
    keys(m, K + "Y")
    assert rows(m)[:4] == ["HARWOOD & LANE, INSURANCE BROKERS", "14 Mill Street, Northgate", "",
                           "To: everyone on the second floor"]
    # Move: the sender line goes above the addressee line.
    keys(m, DOWN + K + "B" + DOWN + K + "K" + UP * 2 + K + "V")
    assert rows(m)[3:5] == ["From: Margaret Holloway, Office Manager", "To: everyone on the second floor"]
    keys(m, K + "H")                                      # hide: no reverse video
    assert not m.terminal.styles_at(5, [0])[0].reverse


def test_block_commands_without_a_block_say_so(make_machine):
    m = start(make_machine)
    keys(m, K + "C")
    assert "No block" in status(m)
    keys(m, K + "B" + DOWN + K + "K" + Q + "S" + RIGHT + RIGHT)
    keys(m, UP + RIGHT + K + "C")
    assert "inside the block" in status(m)
    keys(m, "x")
    assert "inside the block" not in status(m)          # a message lasts one key


def test_find_and_find_again(make_machine):
    m = start(make_machine)
    keys(m, Q + "F")
    assert "Find" in status(m)
    keys(m, "letter\r")
    line, col = where(m)
    assert rows(m)[line - 1][col - 1:].lower().startswith("letter")
    keys(m, CTRL["L"])
    line2, col2 = where(m)
    assert (line2, col2) > (line, col)
    assert rows(m)[line2 - 1][col2 - 1:].lower().startswith("letter")
    keys(m, CTRL["L"] * 5)
    assert "Not found" in status(m)
    assert where(m)[0] >= line2


def test_find_scrolls_to_a_word_far_below(make_machine):
    m = start(make_machine)
    keys(m, Q + "F" + "DUNMORE\r")             # capitals match small letters
    line, col = where(m)
    assert line > 20
    row = rows(m)[m.terminal.cursor()[1] - 2]
    assert row[col - 1:].startswith("Dunmore")


def test_esc_and_ctrl_c_back_out_of_a_question(make_machine):
    m = start(make_machine)
    keys(m, Q + "Fzzz\x1b")
    assert "Find" not in status(m)
    assert where(m) == (1, 1)
    keys(m, K + "S" + "\x03")
    assert "Save" not in status(m)
    assert not m.terminal.contains("zzz")
    # A prompt keeps out control keys and escape sequences.
    keys(m, Q + "F" + UP + CTRL["A"] + "ab\x08c\r")
    assert "Not found" in status(m)


def test_save_quit_dir_and_load_round_trip(make_machine):
    m = start(make_machine, restart=False)
    keys(m, "Dear Mr Dunmore, thank you.\r")
    keys(m, K + "S")
    assert "LETTER.TXT" in status(m)            # the current name is offered
    keys(m, "\x08" * 10 + "note.txt\r")
    assert "Saved" in status(m)
    assert status(m).startswith(" A:NOTE.TXT ")
    keys(m, K + "Q")                             # saved: quits without asking
    m.type("DIR\r")
    assert m.wait_for_input()
    assert m.terminal.contains("NOTE     TXT", "WRITE    COM")
    m.type("TYPE NOTE.TXT\r")
    assert m.wait_for_input()
    assert m.terminal.contains("Yours sincerely,", "Margaret Holloway")
    m.type("WRITE NOTE.TXT\r")
    assert m.wait_for_input()
    assert status(m).startswith(" A:NOTE.TXT ")
    assert rows(m)[0] == "Dear Mr Dunmore, thank you."
    assert rows(m)[1] == "HARWOOD & LANE, INSURANCE BROKERS"
    assert m.terminal.contains("desk by the window")
    assert "*" not in status(m)[:14]


def test_saved_file_is_cpm_text_with_crlf_and_ctrl_z(make_machine):
    from cpm80 import FileSystem

    m = start(make_machine, restart=False)
    # Two short paragraphs, saved and read back from the disk byte for byte.
    keys(m, TOP + K + "B" + END + K + "K" + K + "Y" + "ab\rc")
    keys(m, K + "S" + "\x08" * 10 + "T.TXT\r" + K + "Q")
    drive = m.cpu._CPMMachineMixin__drives[0]   # cpm80 keeps its drives private
    data = FileSystem(drive.image).read("T.TXT")
    assert data[:5] == b"ab\r\nc"
    assert len(data) == 128 and set(data[5:]) == {0x1A}


def test_write_with_a_new_file_name_starts_empty(make_machine):
    m = start(make_machine, boot="WRITE NEWDOC.TXT")
    assert status(m).startswith(" A:NEWDOC.TXT")
    assert "New file" in status(m)
    assert all(r == "" for r in rows(m))
    keys(m, "Hello")
    assert rows(m)[0] == "Hello"


def test_bad_names_are_refused_with_a_message(make_machine):
    m = start(make_machine, boot="WRITE A*B.TXT")
    assert "Bad name" in status(m)
    assert rows(m)[0].startswith("HARWOOD")     # the letter instead
    keys(m, K + "S" + "\x08" * 12 + "TOO:BAD\r")
    assert "Bad name" in status(m)
    keys(m, "x" + K + "O")                      # a change: asked first
    assert "lose your changes" in status(m)
    keys(m, "y\r" + "\x08" * 12 + "NOSUCH.TXT\r")
    assert "No file" in status(m)
    keys(m, "\x7f")
    assert rows(m)[0].startswith("HARWOOD")     # the document is kept


def test_open_and_read_in(make_machine):
    m = start(make_machine)
    keys(m, K + "B" + DOWN + K + "K")
    keys(m, END + K + "B" + END + K + "K")      # (an empty block: nothing marked)
    keys(m, TOP + K + "S" + "\x08" * 10 + "TOP.TXT\r")
    keys(m, K + "O" + "\x08" * 12 + "TOP.TXT\r")
    assert status(m).startswith(" A:TOP.TXT")
    assert rows(m)[0].startswith("HARWOOD")
    keys(m, END + K + "R" + "TOP.TXT\r")        # read in: the letter twice
    assert m.terminal.contains("HARWOOD & LANE")
    keys(m, END)
    assert where(m)[0] > 60


def test_print_sends_the_wrapped_letter_to_the_printer(make_machine):
    m = start(make_machine)
    keys(m, K + "P")
    assert "printer" in status(m)
    paper = m.printer.lines()
    assert paper[0] == "HARWOOD & LANE, INSURANCE BROKERS"
    assert "Dear colleagues," in paper
    text = [line for line in paper if line != "\f"]
    assert max(len(line) for line in text) <= WIDTH
    assert " ".join(text).count("Our first desktop computer arrives on Monday morning.") == 1
    assert "Office Manager" in paper
    assert paper[-1] == "\f"                     # the page is ejected
    # The screen is as it was.
    assert rows(m)[0].startswith("HARWOOD")


def test_long_documents_print_on_several_pages(make_machine):
    m = start(make_machine)
    for _ in range(2):
        keys(m, TOP + K + "B" + END + K + "K" + K + "C")
    keys(m, K + "P")
    paper = m.printer.lines()
    assert paper.count("\f") >= 2
    first = paper.index("\f")
    assert first == 55


def test_full_document_says_so_and_refuses_more(make_machine):
    m = start(make_machine)
    # Double the letter until a copy no longer fits in the 16K buffer.
    for _ in range(4):
        keys(m, TOP + K + "B" + END + K + "K" + K + "C")
    assert "No room" in status(m)
    keys(m, K + "H" + END)
    for _ in range(2):
        m.type("filling up " * 350)
        assert m.wait_for_input(timeout=60)
    assert "Full (16K)" in status(m)
    before = rows(m)
    keys(m, "more")
    assert "Full (16K)" in status(m)
    assert rows(m) == before
    keys(m, "\x7f" * 10 + "ok")                # room again after deleting
    assert "Full" not in status(m)


def test_help_page_and_back(make_machine):
    m = start(make_machine)
    keys(m, b"\x0a")                           # ^J (a str would turn it into RETURN)
    assert m.terminal.contains("the keys", "^KB ^KK", "16384 characters")
    keys(m, " ")
    assert rows(m)[0].startswith("HARWOOD")
    assert where(m) == (1, 1)


def test_quit_with_changes_asks_first(make_machine):
    m = start(make_machine, restart=False)
    keys(m, "x" + K + "Q")
    assert "Quit without saving" in status(m)
    keys(m, "n\r")
    assert rows(m)[0].startswith("xHARWOOD")
    keys(m, K + "Q" + "y\r")
    assert m.terminal.contains("A>")
    assert m.cpu.warm_boots >= 2


def test_hostile_keys_do_not_break_it(make_machine):
    m = start(make_machine)
    rng = random.Random(1983)
    for _ in range(3):
        m.type(bytes(rng.randrange(128) for _ in range(1000)))
        assert m.wait_for_input(timeout=60)
    assert m.error is None and m.running
    # Back out of whatever question is open, then type at the end.
    keys(m, "\x1b\x1b\x1b" + END + "\r" + "STILL ALIVE")
    assert m.terminal.contains("STILL ALIVE")
    assert re.search(r"Line \d+\s+Col 12", status(m))


def screen_state(m):
    """The text rows with their reverse-video cells, and the cursor's line and column."""
    styled = []
    for y in range(2, 22):
        cells = m.terminal.row_chars(y)
        styled.append("".join(c.data if not c.reverse else c.data.upper() + "\u0332" for c in cells).rstrip())
    return styled, where(m)


def fresh_redraw(m):
    keys(m, b"\x0a ")                           # the help page and back: drawn from nothing
    return screen_state(m)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_screen_always_matches_a_fresh_redraw(make_machine, seed):
    """Rows are redrawn only where they changed, and scrolled with the VT100
    scrolling region: after any run of editing keys, what is on the screen
    must be exactly what a redraw from nothing shows."""
    m = start(make_machine)
    rng = random.Random(seed)
    edits = ["a", "b", " ", "  ", "word ", "\r", "\x7f", "\x08", CTRL["G"], CTRL["Y"], CTRL["T"],
             CTRL["N"], UP, DOWN, LEFT, RIGHT, CTRL["C"], CTRL["R"], Q + "S", Q + "D", CTRL["F"],
             CTRL["A"], "\t", CTRL["V"], K + "B", K + "K", K + "C", K + "Y", K + "H"]
    weights = [20, 10, 15, 3, 10, 6, 8, 4, 4, 2, 2, 2, 8, 8, 6, 6, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    for n in range(20):
        batch = rng.choices(edits, weights, k=rng.randrange(1, 12))
        if n % 2:
            keys(m, "".join(batch))             # typed ahead: one redraw for all
        else:
            for key in batch:                   # one at a time: a redraw each
                keys(m, key)
        shown = screen_state(m)
        assert shown == fresh_redraw(m), batch


def test_disk_full_says_so_and_keeps_the_copy_saved_before(make_machine):
    m = start(make_machine, restart=False)
    for _ in range(3):                          # about 10K of text: 11 blocks a copy
        keys(m, TOP + K + "B" + END + K + "K" + K + "C")
    keys(m, K + "H")
    saved = 0
    for n in range(40):
        keys(m, K + "S" + "\x08" * 12 + f"F{n:02}.TXT\r")
        if "Disk full" in status(m):
            break
        assert "Saved" in status(m), status(m)
        saved += 1
    assert "Disk full: not saved" in status(m)
    assert 10 < saved < 40
    # Saving over a file when there is no room keeps the old file whole.
    keys(m, TOP + "CHANGED " + K + "S" + "\x08" * 12 + "F00.TXT\r")
    assert "Disk full" in status(m)
    keys(m, K + "Q" + "y\r")
    m.type("DIR\r")
    assert m.wait_for_input()
    assert m.terminal.contains("F00      TXT") and not m.terminal.contains("$$$")
    m.type("WRITE F00.TXT\r")
    assert m.wait_for_input()
    assert rows(m)[0] == "HARWOOD & LANE, INSURANCE BROKERS"


def test_files_from_elsewhere_are_read_as_text(make_machine):
    """A file with bare line feeds, tabs, WordStar's high-bit soft spaces and
    soft returns, stray control bytes and more text than fits."""
    from cpm80 import FileSystem

    m = make_machine("WRITE", boot="", restart=False)
    assert m.wait_for_input()                   # at the A> prompt
    drive = m.cpu._CPMMachineMixin__drives[0]
    body = (b"first line\nsecond\tline\r\nsoft\xa0space and\x8d\x8asoft return\x07\x01 end\n"
            + b"filler text " * 2000)
    FileSystem(drive.image).write("ODD.TXT", body)
    m.type("WRITE ODD.TXT\r")
    assert m.wait_for_input()
    assert rows(m)[:3] == ["first line", "second  line", "soft space andsoft return end"]
    assert "Too long" in status(m)
    keys(m, END)
    assert "Full" not in status(m)
    keys(m, "x")
    assert "Full (16K)" in status(m)


def test_split_tab_and_delete_to_the_end_of_the_line(make_machine):
    m = start(make_machine)
    keys(m, DOWN * 3 + RIGHT * 6 + CTRL["N"])   # ^N: a return after the cursor
    assert rows(m)[3:5] == ["Friday", " 14 October 1983"]
    assert where(m) == (4, 7)
    keys(m, DOWN + Q + "S" + "\t")              # a tab: spaces to the next ! on the ruler
    assert rows(m)[4] == " " * 8 + " 14 October 1983"
    assert where(m) == (5, 9)
    keys(m, RIGHT * 3 + Q + "Y")
    assert rows(m)[4] == " " * 8 + " 14"
    assert rows(m)[5] == ""
    assert where(m) == (5, 12)
