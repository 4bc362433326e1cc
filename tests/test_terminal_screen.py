"""The terminal model (pyte): what a program's bytes do to the screen."""

from __future__ import annotations

import random

from emulator.terminal import Terminal

ESC = "\x1b"
CSI = ESC + "["


def screen(text: str, cols: int = 40, rows: int = 12, **kw: bool) -> Terminal:
    t = Terminal(cols, rows, **kw)
    t.write(text)
    return t


def test_attributes_bold_dim_underline_blink_reverse_and_resets():
    t = screen(f"{CSI}1mB{CSI}2mD{CSI}22mN{CSI}4mU{CSI}24m{CSI}5mK{CSI}25m{CSI}7mR{CSI}0mP")
    b, d, n, u, k, r, p = t.styles_at(0, range(7))
    assert (b.data, b.bold, b.dim) == ("B", True, False)
    assert (d.bold, d.dim) == (True, True)
    assert (n.bold, n.dim) == (False, False)            # SGR 22: normal intensity
    assert u.underscore and not k.underscore
    assert k.blink and not r.blink
    assert r.reverse
    assert not any((p.bold, p.dim, p.underscore, p.blink, p.reverse))


def test_sgr_2_inside_a_list_keeps_its_place():
    t = screen(f"{CSI}2;31mA{CSI}0;1;2;4mB{CSI}22;1mC")
    a, b, c = t.styles_at(0, range(3))
    assert a.dim and a.fg == "red"
    assert b.bold and b.dim and b.underscore
    assert c.bold and not c.dim          # 22 clears both, then 1 sets bold again


def test_eight_colours_bright_and_backgrounds():
    t = screen("".join(f"{CSI}{30 + i};{40 + (7 - i)}m{i}" for i in range(8))
               + f"{CSI}91;101mX{CSI}39;49mY")
    cells = t.styles_at(0, range(10))
    assert [c.fg for c in cells[:8]] == ["black", "red", "green", "brown", "blue", "magenta",
                                         "cyan", "white"]
    assert cells[0].bg == "white" and cells[7].bg == "black"
    assert (cells[8].fg, cells[8].bg) == ("brightred", "brightred")
    assert (cells[9].fg, cells[9].bg) == ("default", "default")


def test_dec_line_drawing_g0_and_g1():
    t = screen(f"{ESC}(0lqqk{ESC}(B ok\r\n{ESC})0\x0emqj\x0f!")
    assert t.lines()[0].startswith("┌──┐ ok")
    assert t.lines()[1].startswith("└─┘!")


def test_cursor_visibility_and_shape():
    t = screen("hi")
    assert t.cursor() == (2, 0, True)
    assert t.cursor_shape() == "default"
    t.write(f"{CSI}?25l{CSI}4 q")
    assert t.cursor() == (2, 0, False)
    assert t.cursor_shape() == "underline"
    t.write(f"{CSI}?25h{CSI}6 q")
    assert t.cursor()[2] and t.cursor_shape() == "bar"
    t.write(f"{CSI}2 q")
    assert t.cursor_shape() == "block"
    t.reset()
    assert t.cursor_shape() == "default"


def test_scroll_region_insert_delete_line_and_erase():
    t = screen("".join(f"{CSI}{y + 1};1HL{y}" for y in range(6)), rows=6)
    t.write(f"{CSI}2;4r{CSI}4;1H\n")            # scroll rows 2-4 only
    assert [line.rstrip() for line in t.lines()] == ["L0", "L2", "L3", "", "L4", "L5"]
    t.write(f"{CSI}r{CSI}1;1H{CSI}L")          # insert a line at the top
    assert t.lines()[0].strip() == "" and t.lines()[1].startswith("L0")
    t.write(f"{CSI}M")                          # and delete it again
    assert t.lines()[0].startswith("L0")
    t.write(f"{CSI}1;2H{CSI}K")                 # erase to end of line
    assert t.lines()[0].rstrip() == "L"
    t.write(f"{CSI}2;1H{CSI}J")                 # erase to end of screen
    assert t.text().strip() == "L"


def test_a_fixed_size_screen_ignores_132_column_mode():
    t = screen("text")
    t.write(f"{CSI}?3h")
    # A VT100 clears and homes on DECCOLM; the machine's width stays.
    assert t.screen.columns == 40 and all(len(line) == 40 for line in t.lines())
    assert t.text().strip() == "" and t.cursor()[:2] == (0, 0)


def test_application_cursor_key_mode():
    t = screen("")
    assert not t.cursor_keys_application()
    t.write(f"{CSI}?1h")
    assert t.cursor_keys_application()
    t.write(f"{CSI}?1l")
    assert not t.cursor_keys_application()


def test_adm3a_codes_are_translated():
    t = screen(f"JUNK\x1a{ESC}={chr(32 + 5)}{chr(32 + 10)}X\x1e\x0c\x0cY\x1e\n\n\x0bZ",
               cols=80, rows=24, adm3a=True)
    assert t.find("JUNK") is None                 # ^Z cleared the screen
    assert t.find("X") == (5, 10)                 # ESC = row col, biased by a space
    assert t.find("Y") == (0, 2)                  # ^^ home, ^L right
    assert t.find("Z") == (1, 0)                  # ^J down, ^K up


def test_bad_and_random_bytes_never_raise_and_keep_the_size():
    t = screen(f"{CSI}?5mA{CSI}99999;99999HB{CSI}?1049h{ESC}#8")
    assert len(t.lines()) == 12
    rnd = random.Random(4)
    alphabet = ESC + "[;?0123456789 qmHJKrLMABCDhlPs()0B\x0e\x0f\x08\r\nab#8%G@\x7f\x00\x07"
    for _ in range(50):
        t = Terminal(32, 24)
        for ch in "".join(rnd.choice(alphabet) for _ in range(2000)):
            t.output(ord(ch))
        t.flush()
        assert len(t.lines()) == 24 and all(len(line) == 32 for line in t.lines())


def test_only_changed_rows_are_dirty_and_a_wake_fires_once():
    t = screen("")
    t.take_dirty()
    woken: list[int] = []
    t.wake_on_change(t.version, lambda: woken.append(1))
    t.write(f"{CSI}5;1Hhello")
    assert set(t.take_dirty()) == {4}
    t.write("more")
    assert woken == [1]                            # one-shot
    seen = t.version
    t.wake_on_change(seen - 1, lambda: woken.append(2))   # already changed: at once
    assert woken == [1, 2]


def test_snapshot_and_restore_keep_attributes_and_line_drawing():
    t = screen(f"{ESC}(0{CSI}2mq")
    saved = t.snapshot()
    t.write(f"{CSI}2J{ESC}(Bq")
    t.restore(saved)
    t.write("q")
    assert t.lines()[0].startswith("──")
    assert t.styles_at(0, [1])[0].dim


def test_fast_drawing_matches_pytes_own():
    # Our screen draws printable text its own faster way; cell for cell it
    # must match what pyte's Screen draws from the same bytes.
    rnd = random.Random(7)
    pieces = ["hello ", "x" * 50, "\r\n", "\n", f"{CSI}1m", f"{CSI}0m", f"{CSI}31;44m",
              f"{CSI}7m", f"{CSI}5;70H", f"{CSI}3;8r", f"{CSI}r", "\x1b(0lqk\x1b(B", "\t",
              "\x08", f"{CSI}?7l", f"{CSI}?7h", f"{CSI}4h", f"{CSI}4l", "END"]
    import pyte
    for _ in range(30):
        data = "".join(rnd.choice(pieces) for _ in range(300))
        ours = Terminal(80, 12)
        ours.write(data)
        theirs = pyte.Screen(80, 12)
        stream = pyte.Stream(theirs)
        stream.use_utf8 = False
        stream.feed(data)
        assert ours.lines() == theirs.display
        for y in range(12):
            assert [tuple(c)[:9] for c in ours.row_chars(y)] == [
                tuple(theirs.buffer[y][x]) for x in range(80)]
        assert ours.cursor()[:2] == (theirs.cursor.x, theirs.cursor.y)


def test_stray_control_characters_are_ignored_not_drawn():
    t = screen("AB\x01\x02CD\x1aE")
    assert t.lines()[0].startswith("ABCDE")
